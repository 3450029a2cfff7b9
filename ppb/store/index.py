"""What a write needs of a register, kept so that a write never reads every action.

`add`, `update` and `close` change one action or add one. Done through a full
read, a write of a register of 100,000 actions loaded every row from the
cache, split the text into its actions twice (to edit it, and to read the
result back) and kept the whole cache again after: three times Taskwarrior's
time and twice its memory. The index, `.ppb/index.cache`, is kept beside the
register's cache and trusted the same way (`cache`: this board's key, this
code's digest, the shape ppb wrote); it holds what such a write needs instead:
the board and people, every id, and where each action's lines are in the
file's bytes, with their digest.

A write (`Indexed`, under the board's lock) reads the file's bytes and uses the
index only if it was made from exactly these bytes. It reads the one action it
changes from its own lines, edits those lines alone, and reads back what it
wrote as a read would: the new lines must be one whole item at the items'
indent, so that the file splits into the same actions as before with this one
changed, and must read as exactly the intended action; every other byte is as
it was, so every other action reads as it did. Then the file is replaced in
one step, written from the bytes read and the new lines, never joined in
memory.

The index keeps the rows its writes made since the register's cache was last
written (`base`), and the next read takes those into the cached rows instead
of reading the file again (`patched`); when there are many, that read writes
the register's cache afresh. A register the index cannot describe (one read
whole, CRLF or mixed line ends, a BOM, no actions yet) is written the full way.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from operator import le
from typing import TYPE_CHECKING, Any

from ppb import normalise, record
from ppb.errors import FileError, PpbError
from ppb.record import ID, Action, Row
from ppb.store import cache, files, lines, sections
from ppb.store.files import ITEM_DIGEST, Bytes, item_digest
from ppb.store.snapshot import Board, Snapshot

if TYPE_CHECKING:
    from ppb.store.files import Source

NAME = "index.cache"
REBASE = 256  # rows written since the register's cache, beyond which a read keeps it afresh


def entry_of(snapshot: Snapshot) -> dict[str, Any] | None:
    """The index of a register just read (or written) the full way, its rows all in the
    register's cache; None if a write cannot edit it by bytes."""
    source, layout = snapshot.source, snapshot.layout
    if layout is None or snapshot.digests is None or not snapshot.rows:
        return None
    if source.ends != "\n" or source.bom or source.mixed is not None:
        return None  # bytes and text differ by more than their encoding
    offsets, indent = layout
    text = source.text
    if not text.endswith("\n"):
        return None  # a new action would need a line end first
    if not text.isascii():  # a character's bytes: count them once, from one offset to the next
        chars, offsets, at, done = offsets, array("q"), 0, 0
        for offset in chars:
            at += len(text[done:offset].encode("utf-8"))
            offsets.append(at)
            done = offset
    return {
        "digest": source.digest,
        "base": source.digest,
        "prefix": snapshot.prefix,
        "board": snapshot.board,
        "people": snapshot.people,
        "outside": snapshot.outside,
        "ids": [row[ID] for row in snapshot.rows],
        "spans": offsets.tobytes(),
        "digests": b"".join(snapshot.digests),
        "indent": indent,
        "changed": {},
    }


def keep(state_dir: str, snapshot: Snapshot) -> None:
    """Keep the index of a register whose rows were all just kept in the register's cache."""
    entry = entry_of(snapshot)
    if entry is not None:
        cache.write(state_dir, entry, NAME)


def _read(state_dir: str, size: int) -> dict[str, Any] | None:
    # ids and offsets are a fraction of the register; the rows written since, a few
    return cache.read(state_dir, size + (1 << 20), NAME, valid)


_TEXT = frozenset({str})
_KINDS: dict[str, frozenset[type]] = {
    "digest": _TEXT, "base": _TEXT, "prefix": _TEXT, "board": frozenset({dict}),
    "people": frozenset({dict}), "outside": frozenset({str, type(None)}),
    "ids": frozenset({list}), "spans": frozenset({bytes}), "digests": frozenset({bytes}),
    "indent": frozenset({int}), "changed": frozenset({dict}), "format": _TEXT,
}  # fmt: skip


def valid(entry: dict[str, Any]) -> bool:
    """Whether an index has every key, each of the type ppb wrote, and agrees with itself:
    an id, two offsets and a digest for each action, in order; rows written since the
    register's cache only of actions it has, each a row the register's cache would hold."""
    if set(entry) != set(_KINDS) or any(type(entry[k]) not in t for k, t in _KINDS.items()):
        return False
    ids, changed = entry["ids"], entry["changed"]
    count = len(ids)
    if not ids or set(map(type, ids)) != _TEXT or entry["indent"] < 0:
        return False
    offset = array("q").itemsize  # a start and an end for each action
    if len(entry["spans"]) != 2 * offset * count or len(entry["digests"]) != ITEM_DIGEST * count:
        return False
    offsets = array("q", entry["spans"])
    if offsets[0] < 0 or not all(map(le, offsets, offsets[1:])):
        return False  # each action after the one before, none overlapping
    if set(map(type, changed)) - {int} or any(not 0 <= i < count for i in changed):
        return False
    if any(type(r) is not tuple or not r or r[0] != ids[i] for i, r in changed.items()):
        return False
    return cache.valid_head(entry["board"], entry["people"]) and cache.valid_rows(
        list(changed.values())
    )


def patched(state_dir: str, base: dict[str, Any] | None, source: Source) -> Snapshot | None:
    """The register read from the register's cache (`base`) and the rows written since, if
    the index describes exactly this file and was made on that cache; else None."""
    if base is None:
        return None
    entry = _read(state_dir, source.size)
    if entry is None or entry["digest"] != source.digest or entry["base"] != base["digest"]:
        return None
    if base["digests"] is None or entry["outside"] != base["outside"]:
        return None
    count, known = len(entry["ids"]), len(base["rows"])
    changed = entry["changed"]
    if count < known or any(i not in changed for i in range(known, count)):
        return None
    rows: list[Any] = base["rows"] + [None] * (count - known)
    digests: list[bytes] = base["digests"] + [b""] * (count - known)
    blob = entry["digests"]
    for index, row in changed.items():
        rows[index] = row
        digests[index] = blob[index * ITEM_DIGEST : (index + 1) * ITEM_DIGEST]
    snapshot = Snapshot(source, base["board"], base["people"], rows, digests, base["outside"])
    if len(changed) > REBASE:  # keep the register's cache afresh, and the index on it
        cache.write(state_dir, snapshot.entry())
        cache.write(state_dir, {**entry, "base": source.digest, "changed": {}}, NAME)
    return snapshot


class Indexed(Board):
    """A register as a write sees it through the index: its board and people, every id,
    and any one action, read from its own lines when asked for."""

    def __init__(self, file: Bytes, entry: dict[str, Any]) -> None:
        self.file = file
        self.entry = entry
        self.board: dict[str, Any] = entry["board"]
        self.people: dict[str, dict[str, Any]] = entry["people"]
        self.ids: list[str] = entry["ids"]
        self.spans = array("q", entry["spans"])
        self.indent: int = entry["indent"]
        self.held = record.Held([], "")  # the meetings held, which the store fills in
        self._rows: dict[int, Row] = {}

    @classmethod
    def of(cls, state_dir: str, file: Bytes) -> Indexed | None:
        """The register through its index, if the index was made from exactly these bytes."""
        entry = _read(state_dir, file.size)
        if entry is None or entry["digest"] != file.digest:
            return None
        indexed = cls(file, entry)
        if indexed.spans[-1] > file.size or not file.raw.endswith(b"\n"):
            return None  # not of these bytes after all
        return indexed

    def uses(self, canonical_id: str) -> int:
        """How many actions have this id."""
        return self.ids.count(canonical_id)

    def index_of(self, canonical_id: str) -> int | None:
        try:
            return self.ids.index(canonical_id)
        except ValueError:
            return None

    def numbers(self) -> Any:
        return map(normalise.action_number, self.ids)

    def row(self, index: int) -> Row:
        """The action at `index`, read from its own lines."""
        if index not in self._rows:
            from ppb.store.register import read_item

            text, line = self._text(index)
            self._rows[index] = read_item(text, self.file.shown, self.prefix, self.indent, line)
        return self._rows[index]

    def action(self, index: int) -> Action:
        return record.action(self.row(index))

    def _span(self, index: int) -> tuple[int, int]:
        return self.spans[2 * index], self.spans[2 * index + 1]

    def _text(self, index: int) -> tuple[str, int]:
        """An action's lines, and how many lines of the file come before them."""
        start, end = self._span(index)
        raw = self.file.raw
        return raw[start:end].decode("utf-8"), raw.count(b"\n", 0, start)

    # writing

    def edit(self, state_dir: str, index: int, change: Callable[[Any], None], intended: Row) -> Row:
        """Change the action at `index` by `change(item)`, if it then reads as `intended`."""
        from ppb.store import splice, yaml_edit

        text, line = self._text(index)
        where = f"{self.file.shown}:{line + 1}: {self.ids[index]}"
        new = yaml_edit.edit(text, splice.on_item(change), where)
        start, end = self._span(index)
        return self._write(state_dir, index, start, end, "", new, intended)

    def append(self, state_dir: str, data: dict[str, Any], intended: Row) -> Row:
        """Add a new action after the last one, laid out like its neighbours."""
        from ppb.store import splice

        count = len(self.ids)
        spans = [sections.Span(*self._span(i)) for i in range(max(0, count - 20), count)]
        neighbour = splice.typical(spans)
        raw = self.file.raw
        between = raw[spans[-2].end : spans[-1].start].decode("utf-8") if count > 1 else ""
        text = raw[neighbour.start : neighbour.end].decode("utf-8")
        gap, item = splice.after_last(text, between, data, self.indent)
        end = spans[-1].end
        return self._write(state_dir, count, end, end, gap, item, intended)

    def _write(self, state_dir: str, index: int, start: int, end: int, gap: str, item: str,
               intended: Row) -> Row:  # fmt: skip
        """Write `gap` and `item` (action `index`) in place of bytes [start, end), if the
        item reads back as exactly `intended` and leaves every other action as it was."""
        from ppb.store import new_text

        shown = self.file.shown
        line = self.file.raw.count(b"\n", 0, start) + gap.count("\n")
        with new_text(shown):
            lines.refuse_unicode_breaks(item, shown)
            if "\x00" in item or "\r" in gap + item or gap.strip():
                raise FileError(shown, 1, 1, "a character no register holds", "encoding")
            from ppb.store.register import read_item

            whole = sections.one_item(item, self.indent)  # splits as one action, all of it
            row = read_item(item, shown, self.prefix, self.indent, line) if whole else None
        if row != intended:
            raise PpbError(
                f"{shown}: the edit would change more than intended; nothing was written "
                "(please report this, with the file)"
            )
        inserted, raw = (gap + item).encode("utf-8"), memoryview(self.file.raw)
        files.within_limit(shown, self.file.size - (end - start) + len(inserted))
        parts = (raw[:start], inserted, raw[end:])
        try:
            digest = files.digest(parts)
            files.replace(self.file, parts)
        finally:
            del raw, parts  # a view would keep the file's bytes from being let go
        gap_size = len(gap.encode("utf-8"))
        here = array("q", [start + gap_size, start + len(inserted)])
        shift = len(inserted) - (end - start)
        self._kept(state_dir, index, here, shift, item_digest(inserted[gap_size:]), digest, row)
        return row

    def _kept(self, state_dir: str, index: int, here: array[int], shift: int, item: bytes,
              digest: str, row: Row) -> None:  # fmt: skip
        """Keep the index of the file as written: action `index` at `here` (its offsets),
        with its digest and row, and the actions after it moved by `shift` bytes."""
        entry, spans = self.entry, self.spans
        after = spans[2 * index + 2 :]
        if shift:
            after = array("q", [at + shift for at in after])
        digests = entry["digests"]
        digests = digests[: index * ITEM_DIGEST] + item + digests[(index + 1) * ITEM_DIGEST :]
        ids = self.ids if index < len(self.ids) else [*self.ids, row[ID]]
        new = {
            **entry,
            "digest": digest,
            "ids": ids,
            "spans": (spans[: 2 * index] + here + after).tobytes(),
            "digests": digests,
            "changed": {**entry["changed"], index: row},
        }
        cache.write(state_dir, new, NAME)
