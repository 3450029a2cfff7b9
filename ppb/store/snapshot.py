"""A register as read: its board and people, and one row per action (see `record`).

Nothing here needs Pydantic: a read served from the cache never imports it.
Owners are kept in rows as the file spells them and matched through the
people's handles, aliases and names when used.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ppb import normalise, record
from ppb.record import ID, OWNERS, Action, Row
from ppb.store.files import Source

if TYPE_CHECKING:
    from array import array


class Board:
    """What a register's board and people say, however its actions are held: the prefix,
    and owners matched through the people's handles, aliases and names."""

    board: dict[str, Any]  # the file's board: name, prefix, organisation, notice …
    people: dict[str, dict[str, Any]]  # handle -> name, role, aliases
    held: record.Held  # the meetings held, which the store fills in

    @property
    def prefix(self) -> str:
        return str(self.board["prefix"])

    @cached_property
    def handles(self) -> normalise.Handles:
        return normalise.Handles(self.people)

    def owners(self, row: Row) -> list[str]:
        """The row's owners as registered handles (unknown ones as written)."""
        find = self.handles.find
        return [find(o) or o for o in row[OWNERS]]

    def record_of(self, row: Row) -> dict[str, Any]:
        """An action as commands print it (the JSON contract)."""
        return record.to_json(row, self.owners(row), self.held)


class Snapshot(Board):
    def __init__(
        self,
        source: Source,
        board: dict[str, Any],  # the file's board: name, prefix, organisation, notice …
        people: dict[str, dict[str, Any]],  # handle -> name, role, aliases
        rows: list[Row],
        digests: list[bytes] | None = None,  # of each action's lines; None if not line-editable
        outside: str | None = None,  # digest of the text around the actions
    ) -> None:
        self.source = source
        self.board = board
        self.people = people
        self.rows = rows
        self.digests = digests
        self.outside = outside
        self.held = record.Held([], "")  # the meetings held, which Store.load fills in
        # Where each action's lines are (the character offsets of each start and end, in
        # turn) and their items' indent, when the file was just read a part at a time: what
        # the store's index is made from.
        self.layout: tuple[array[int], int] | None = None

    def replace(self, **changes: Any) -> Snapshot:
        """A copy with some of board, people, rows changed (the intended result of an edit)."""
        values = {"board": self.board, "people": self.people, "rows": self.rows, **changes}
        copy = Snapshot(
            self.source, values["board"], values["people"], values["rows"], self.digests,
            self.outside,
        )  # fmt: skip
        copy.held = self.held
        return copy

    def row(self, index: int) -> Row:
        return self.rows[index]

    def action(self, index: int) -> Action:
        return record.action(self.rows[index])

    def actions(self) -> Iterator[Action]:
        """Every action with its fields named, in file order."""
        return map(record.action, self.rows)

    def record(self, index: int) -> dict[str, Any]:
        """The action at `index` as commands print it (the JSON contract)."""
        return self.record_of(self.rows[index])

    def records(self, indexes: Sequence[int]) -> Records:
        """The actions at these indexes as records, each made only when it is read."""
        return Records(self, indexes)

    def uses(self, canonical_id: str) -> int:
        """How many actions have this id."""
        return sum(1 for row in self.rows if row[ID] == canonical_id)

    def index_of(self, canonical_id: str) -> int | None:
        for index, row in enumerate(self.rows):
            if row[ID] == canonical_id:
                return index
        return None

    def numbers(self) -> Iterator[int]:
        for row in self.rows:
            yield normalise.action_number(row[ID])

    def owner_spellings(self, handles: Sequence[str]) -> set[str]:
        """Every casefolded spelling that names one of these handles."""
        wanted = set(handles)
        spellings = {h.casefold() for h in wanted}
        spellings.update(key for key, handle in self.handles.items() if handle in wanted)
        return spellings

    def entry(self) -> dict[str, Any]:
        """What the cache keeps of this snapshot."""
        return {
            "digest": self.source.digest,
            "prefix": self.prefix,
            "board": self.board,
            "people": self.people,
            "rows": self.rows,
            "digests": self.digests,
            "outside": self.outside,
        }

    @classmethod
    def from_entry(cls, source: Source, entry: dict[str, Any]) -> Snapshot:
        board, people, rows = entry["board"], entry["people"], entry["rows"]
        return cls(source, board, people, rows, entry["digests"], entry.get("outside"))


class Records(Sequence[dict[str, Any]]):
    """Records of some of a snapshot's actions, made one at a time as they are read: a
    command printing 100,000 actions never holds 100,000 dicts."""

    def __init__(self, snapshot: Snapshot, indexes: Sequence[int]) -> None:
        self.snapshot, self.indexes = snapshot, indexes

    def __len__(self) -> int:
        return len(self.indexes)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return [self.snapshot.record(i) for i in self.indexes[at]]
        return self.snapshot.record(self.indexes[at])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self.snapshot.record, self.indexes)
