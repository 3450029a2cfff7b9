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

from ppb import history

if TYPE_CHECKING:
    from ppb import models


class Progress(NamedTuple):
    """One entry of an action's history: progress given on a day, at a meeting or not."""

    date: str  # YYYY-MM-DD
    meeting: str | None
    status: str
    note: str | None
    owners: tuple[str, ...] | None  # who owns it from this entry on, when it was reassigned
    source: str | None = None  # where it was read from by `ppb import`: "minutes.txt:12"


class Action(NamedTuple):
    id: str
    summary: str
    owners: tuple[str, ...]  # as the file spells them; Snapshot.owners resolves them
    status: str  # as its history says now (`history.current`); as written if it has none
    raised: str | None  # the meeting it was raised at
    raised_on: str | None  # or the day it was raised, between meetings
    due: str | None  # a date or a meeting id
    item: str | None  # the agenda item it came from
    see: tuple[str, ...]
    restricted: bool | None  # None: as the agenda item it was raised in (see `restricted`)
    reason: str | None  # what public output says instead
    history: tuple[Progress, ...]
    source: str | None = None  # where `ppb import` read it: a file and line or paragraph


FIELDS = Action._fields
PROGRESS_FIELDS = Progress._fields
# Positions in a row, for the loops that run over every action of a large register.
(
    ID,
    SUMMARY,
    OWNERS,
    STATUS,
    RAISED,
    RAISED_ON,
    DUE,
    ITEM,
    SEE,
    RESTRICTED,
    REASON,
    HISTORY,
    SOURCE,
) = range(len(FIELDS))

NOTE = PROGRESS_FIELDS.index("note")

Row = tuple[Any, ...]  # an Action as stored: the same fields, history as plain tuples


def action(row: Row) -> Action:
    """A row with its fields named, history entries included."""
    if isinstance(row, Action):
        return row
    # Called, not _make: a row or entry written before `source` existed has one field fewer.
    entries = tuple(Progress(*e) for e in row[HISTORY])
    return Action(*row[:HISTORY], entries, *row[HISTORY + 1 :])  # type: ignore[call-arg]


def from_model(model: models.Action) -> Row:
    """The row of a validated action; its status is what its history says now.

    Words that recur across a register (owners, meetings, dates, statuses, items)
    are interned: held once however many actions use them, in memory and in the
    cache (marshal writes a repeated object once)."""
    entries = tuple(
        (_once(e.date.isoformat()), _once(e.meeting), _once(e.status), e.note,
         tuple(map(_once, e.owners)) if e.owners else None, e.source)
        for e in model.history
    )  # fmt: skip
    latest = history.current(tuple(map(Progress._make, entries)))
    raised_on = _once(model.raised_on.isoformat()) if model.raised_on else None
    return (
        model.id, model.summary, tuple(map(_once, model.owners)),
        _once(latest.status if latest else model.status), _once(model.raised), raised_on,
        _once(model.due), _once(model.item), tuple(model.see), model.restricted,
        model.reason, entries, model.source,
    )  # fmt: skip


def _once(text: str | None) -> str | None:
    return None if text is None else intern(text)


def with_changes(row: Row, **changes: Any) -> Row:
    """A row with some fields replaced: with_changes(row, status="completed")."""
    values = list(row)
    for name, value in changes.items():
        values[FIELDS.index(name)] = value
    return tuple(values)


# Worked out, after the named fields: meetings carried to, and whether it is overdue.
COMPUTED = ("carried", "overdue")
JSON_FIELDS = FIELDS + COMPUTED


class Held(NamedTuple):
    """What ageing is measured against: the meetings held by today (`history.held_keys`)."""

    meetings: list[tuple[str, int]]
    today: str  # YYYY-MM-DD


def to_json(row: Row, owners: list[str], held: Held) -> dict[str, Any]:
    """An action as commands print it (the JSON contract); `owners` as registered handles."""
    out = dict(zip(FIELDS, row, strict=True))
    out["owners"] = owners
    out["see"] = list(row[SEE])
    out["restricted"] = bool(row[RESTRICTED])
    out["history"] = [_entry_json(entry) for entry in row[HISTORY]]
    named = action(row)
    out["carried"] = history.carried_to(named, held.meetings)
    out["overdue"] = history.overdue(named, held.meetings, held.today)
    return out


def _entry_json(entry: tuple[Any, ...]) -> dict[str, Any]:
    """An entry as JSON: `owners` only where the entry reassigned the action."""
    out = dict(zip(PROGRESS_FIELDS, entry, strict=False))
    if out["owners"] is None:
        del out["owners"]
    else:
        out["owners"] = list(out["owners"])
    if out.get("source") is None:
        out.pop("source", None)
    return out
