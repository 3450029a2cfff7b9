"""A register as read: its board and people, and one plain row per action.

Rows are tuples of strings, so that they load from the cache in milliseconds
and filter without building a model per action; `action()` builds the model
for the few that are shown. Owners are kept in rows as the file spells them
and matched through the people's handles, aliases and names when used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ppb import normalise
from ppb.files import Source
from ppb.models import Action, Board, HistoryEntry, Person

# id, summary, owners, raised, status, history, item, due, see, restricted;
# a history entry is (date, meeting, status, note).
Row = tuple[Any, ...]
ID, SUMMARY, OWNERS, RAISED, STATUS, HISTORY, ITEM, DUE, SEE, RESTRICTED = range(10)


def to_row(action: Action) -> Row:
    history = tuple((e.date.isoformat(), e.meeting, e.status, e.note) for e in action.history)
    return (
        action.id, action.summary, tuple(action.owners), action.raised, action.status, history,
        action.item, action.due, tuple(action.see), action.restricted,
    )  # fmt: skip


def with_changes(row: Row, **changes: Any) -> Row:
    """A row with some fields replaced: with_changes(row, status="completed")."""
    names = (
        "id",
        "summary",
        "owners",
        "raised",
        "status",
        "history",
        "item",
        "due",
        "see",
        "restricted",
    )
    values = list(row)
    for name, value in changes.items():
        values[names.index(name)] = value
    return tuple(values)


@dataclass
class Snapshot:
    source: Source
    board: Board
    people: dict[str, Person]
    rows: list[Row]
    digests: list[bytes] | None = None  # of each action's lines; None if not line-editable
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def handles(self) -> normalise.Handles:
        return normalise.Handles({k: v.model_dump() for k, v in self.people.items()})

    def owners(self, row: Row) -> list[str]:
        """The row's owners as registered handles (unknown ones as written)."""
        find = self.handles.find
        return [find(o) or o for o in row[OWNERS]]

    def action(self, index: int) -> Action:
        row = self.rows[index]
        history = [
            HistoryEntry.model_construct(date=dt.date.fromisoformat(d), meeting=m, status=s, note=n)
            for d, m, s, n in row[HISTORY]
        ]
        return Action.model_construct(
            id=row[ID], summary=row[SUMMARY], owners=self.owners(row), raised=row[RAISED],
            status=row[STATUS], history=history, item=row[ITEM], due=row[DUE], see=list(row[SEE]),
            restricted=row[RESTRICTED],
        )  # fmt: skip

    @property
    def actions(self) -> list[Action]:
        return [self.action(i) for i in range(len(self.rows))]

    def index_of(self, canonical_id: str) -> int | None:
        for index, row in enumerate(self.rows):
            if row[ID] == canonical_id:
                return index
        return None

    def find(self, canonical_id: str) -> Action | None:
        index = self.index_of(canonical_id)
        return None if index is None else self.action(index)

    def numbers(self) -> Iterator[int]:
        for row in self.rows:
            yield normalise.action_number(row[ID])

    def owner_spellings(self, handles: Sequence[str]) -> set[str]:
        """Every casefolded spelling that names one of these handles."""
        wanted = set(handles)
        index = self.handles
        spellings = {h.casefold() for h in wanted}
        for key, handle in index.items():
            if handle in wanted:
                spellings.add(key)
        return spellings

    def entry(self) -> dict[str, Any]:
        """What the cache keeps of this snapshot."""
        return {
            "digest": self.source.digest,
            "prefix": self.board.prefix,
            "board": self.board.model_dump(),
            "people": {k: v.model_dump() for k, v in self.people.items()},
            "rows": self.rows,
            "digests": self.digests,
        }

    @classmethod
    def from_entry(cls, source: Source, entry: dict[str, Any]) -> Snapshot:
        board = Board.model_construct(**entry["board"])
        people = {k: Person.model_construct(**v) for k, v in entry["people"].items()}
        return cls(source, board, people, entry["rows"], entry["digests"])
