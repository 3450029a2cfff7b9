"""A register as read: its board and people, and one plain row per action.

Rows are tuples of strings, so that they load from the cache in milliseconds
and filter without building anything per action; `record()` gives an action
in the JSON shape commands print. Nothing here needs Pydantic: a read served
from the cache never imports it. Owners are kept in rows as the file spells
them and matched through the people's handles, aliases and names when used.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ppb import normalise
from ppb.files import Source

if TYPE_CHECKING:
    from ppb.models import Action

# id, summary, owners, raised, status, history, item, due, see, restricted;
# a history entry is (date, meeting, status, note).
Row = tuple[Any, ...]
FIELDS = (
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
ID, SUMMARY, OWNERS, RAISED, STATUS, HISTORY, ITEM, DUE, SEE, RESTRICTED = range(len(FIELDS))
HISTORY_FIELDS = ("date", "meeting", "status", "note")


def to_row(action: Action) -> Row:
    history = tuple((e.date.isoformat(), e.meeting, e.status, e.note) for e in action.history)
    return (
        action.id, action.summary, tuple(action.owners), action.raised, action.status, history,
        action.item, action.due, tuple(action.see), action.restricted,
    )  # fmt: skip


def with_changes(row: Row, **changes: Any) -> Row:
    """A row with some fields replaced: with_changes(row, status="completed")."""
    values = list(row)
    for name, value in changes.items():
        values[FIELDS.index(name)] = value
    return tuple(values)


class Snapshot:
    def __init__(
        self,
        source: Source,
        board: dict[str, Any],  # name, prefix, organisation, organisation_cy, notice, notice_cy
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

    def replace(self, **changes: Any) -> Snapshot:
        """A copy with some of board, people, rows changed (the intended result of an edit)."""
        values = {"board": self.board, "people": self.people, "rows": self.rows, **changes}
        return Snapshot(
            self.source,
            values["board"],
            values["people"],
            values["rows"],
            self.digests,
            self.outside,
        )

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

    def record(self, index: int) -> dict[str, Any]:
        """An action as commands print it (the JSON contract)."""
        row = self.rows[index]
        return {
            "id": row[ID],
            "summary": row[SUMMARY],
            "owners": self.owners(row),
            "status": row[STATUS],
            "raised": row[RAISED],
            "due": row[DUE],
            "item": row[ITEM],
            "see": list(row[SEE]),
            "restricted": row[RESTRICTED],
            "history": [dict(zip(HISTORY_FIELDS, entry, strict=True)) for entry in row[HISTORY]],
        }

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
