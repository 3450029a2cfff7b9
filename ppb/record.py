"""One shape of an action, as every part of ppb sees it: named fields, in one order.

The register is read into rows: plain tuples in the order of `FIELDS`, so that
the cache loads a hundred thousand of them in milliseconds and filters run over
them without building an object per action. `Action` and `Progress` name the
same fields; `action()` gives a row its names where code reads more than a field
or two. The JSON contract that commands print (`to_json`) has the same fields in
the same order, and CSV the same columns.
"""

from __future__ import annotations

from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ppb import models


class Progress(NamedTuple):
    """One entry of an action's history: progress given on a day, at a meeting or not."""

    date: str  # YYYY-MM-DD
    meeting: str | None
    status: str
    note: str | None


class Action(NamedTuple):
    id: str
    summary: str
    owners: tuple[str, ...]  # as the file spells them; Snapshot.owners resolves them
    status: str
    raised: str | None  # the meeting it was raised at
    due: str | None  # a date or a meeting id
    item: str | None  # the agenda item it came from
    see: tuple[str, ...]
    restricted: bool
    history: tuple[Progress, ...]


FIELDS = Action._fields
PROGRESS_FIELDS = Progress._fields
# Positions in a row, for the loops that run over every action of a large register.
ID, SUMMARY, OWNERS, STATUS, RAISED, DUE, ITEM, SEE, RESTRICTED, HISTORY = range(len(FIELDS))

Row = tuple[Any, ...]  # an Action as stored: the same fields, history as plain tuples


def action(row: Row) -> Action:
    """A row with its fields named, history entries included."""
    if isinstance(row, Action):
        return row
    return Action._make((*row[:HISTORY], tuple(map(Progress._make, row[HISTORY]))))


def from_model(model: models.Action) -> Row:
    """The row of a validated action.

    Words that recur across a register (owners, meetings, dates, statuses, items)
    are interned: held once however many actions use them, in memory and in the
    cache (marshal writes a repeated object once)."""
    history = tuple(
        (_once(e.date.isoformat()), _once(e.meeting), _once(e.status), e.note)
        for e in model.history
    )
    return (
        model.id, model.summary, tuple(map(_once, model.owners)), _once(model.status),
        _once(model.raised), _once(model.due), _once(model.item), tuple(model.see),
        model.restricted, history,
    )  # fmt: skip


def _once(text: str | None) -> str | None:
    return None if text is None else intern(text)


def with_changes(row: Row, **changes: Any) -> Row:
    """A row with some fields replaced: with_changes(row, status="completed")."""
    values = list(row)
    for name, value in changes.items():
        values[FIELDS.index(name)] = value
    return tuple(values)


def to_json(row: Row, owners: list[str]) -> dict[str, Any]:
    """An action as commands print it (the JSON contract); `owners` as registered handles."""
    out = dict(zip(FIELDS, row, strict=True))
    out["owners"] = owners
    out["see"] = list(row[SEE])
    out["history"] = [dict(zip(PROGRESS_FIELDS, entry, strict=True)) for entry in row[HISTORY]]
    return out
