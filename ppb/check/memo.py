"""What earlier checks found of each action and each meeting file, kept by digest in .ppb/.

Reading is most of what `ppb check` costs: parsing every action and meeting
and validating each with the models. What that gives depends on nothing but
the text read, the board's prefix and ppb's code, so it is kept by the digest
of that text (`.ppb/check.cache`, keyed by the code's digest through
`store.cache`): a second check reads only what changed. Kept per action: its
row and the id and status as written, and only for an action that read with
no problem at all (one with a problem is read again each time, so what it says
is never out of date). Kept per meeting file: the facts the rules look at, and
the problems reading it gave. Every rule still runs every time, over these
facts: whatever depends on more than one action or file (duplicate ids,
references, handles, what is carried) is never kept.

An action is known by the digest of its lines together with the blank lines
and comments after it, which the reader parses with it (`register.item_end`),
so that it reads alike in any run of actions. The entry is untrusted like the
register's cache: keyed with the board's key, and shaped as ppb writes it, or
ignored (then everything is read again).
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from ppb.store import cache
from ppb.store.files import blake2b

NAME = "check.cache"  # the actions, written as soon as they are read (memory stays flat)
MEETINGS = "check-meetings.cache"
MOST = 1 << 30  # bytes; bounded further by the board's own size (`most`)

_MEETING_FACTS = 7
_ROW_ENTRY: dict[str, Any] = {
    "digest": "", "prefix": "", "board": {}, "people": {}, "digests": None, "outside": None,
    "format": "",
}  # fmt: skip


class Memo:
    """The kept entries as read (empty if none or unusable), and what this check found."""

    def __init__(self, actions: dict[str, Any] | None, meetings: dict[str, Any] | None) -> None:
        actions, meetings = actions or {}, meetings or {}
        self.prefix: str | None = actions.get("prefix")
        self.blocks: dict[bytes, bytes] = actions.get("blocks") or {}  # each (row, id, status)
        self.meetings: dict[str, tuple[Any, ...]] = meetings.get("meetings") or {}
        self.new_blocks: dict[bytes, bytes] = {}
        self.new_meetings: dict[str, tuple[Any, ...]] = {}
        self.new_prefix: str | None = None

    def known(self, digests: list[bytes], prefix: str) -> dict[int, tuple[Any, ...]]:
        """(row, id, status) of each action memo knows, by its index; none at all if one of
        them is not what ppb writes."""
        import marshal

        blocks = self.blocks if self.prefix == prefix else {}
        if not blocks:
            return {}
        hits = [(i, blocks[d]) for i, d in enumerate(digests) if d in blocks]
        try:
            found = {i: marshal.loads(kept) for i, kept in hits}
        except (EOFError, ValueError, TypeError):
            found = {}
        if not _blocks(list(found.values())):
            self.blocks = {}
            return {}
        return found

    def keep(self, digest: bytes, row: Any, ident: str, status: str | None) -> None:
        """Keep an action that read with no problem (each one marshalled alone: a
        hundred thousand rows marshalled as one would double what check holds)."""
        import marshal

        self.new_blocks[digest] = marshal.dumps((plain_row(row), ident, status))

    def keep_known(self, digest: bytes) -> None:
        self.new_blocks[digest] = self.blocks[digest]

    def save_actions(self, state_dir: str) -> None:
        """Keep what was found of the actions (if anything changed), and let it all go."""
        if self.new_prefix != self.prefix or self.new_blocks.keys() != self.blocks.keys():
            entry = {"prefix": self.new_prefix, "blocks": self.new_blocks}
            cache.write(state_dir, entry, NAME)
        self.blocks, self.new_blocks = {}, {}

    def save_meetings(self, state_dir: str) -> None:
        if self.new_meetings.keys() != self.meetings.keys():
            cache.write(state_dir, {"meetings": self.new_meetings}, MEETINGS)


def load(state_dir: str, most: int) -> Memo:
    most = min(most, MOST)
    return Memo(
        cache.read(state_dir, most, NAME, valid_actions),
        cache.read(state_dir, most, MEETINGS, valid_meetings),
    )


def block_digest(text: str, start: int, end: int) -> bytes:
    return blake2b(text[start:end].encode("utf-8"), digest_size=16).digest()


def meeting_key(prefix: str | None, file_digest: str) -> str:
    return f"{prefix!r}:{file_digest}"


def plain_row(row: Any) -> tuple[Any, ...]:
    """A row as marshal keeps it: plain tuples, not named ones."""
    from ppb.record import HISTORY

    return (*row[:HISTORY], tuple(map(tuple, row[HISTORY])), *row[HISTORY + 1 :])


# The shape of an entry


def valid_actions(entry: dict[str, Any]) -> bool:
    """Whether an entry is what `save_actions` writes, every value of the type ppb wrote."""
    if set(entry) != {"format", "prefix", "blocks"}:
        return False
    blocks = entry["blocks"]
    if type(entry["prefix"]) not in (str, type(None)) or type(blocks) is not dict:
        return False
    return _types(blocks, {bytes}) and _types(blocks.values(), {bytes})  # and see `Memo.known`


def valid_meetings(entry: dict[str, Any]) -> bool:
    """Whether an entry is what `save_meetings` writes."""
    if set(entry) != {"format", "meetings"} or type(entry["meetings"]) is not dict:
        return False
    return _meetings(entry["meetings"])


def _blocks(kept: list[Any]) -> bool:
    """Whether each is (row, id, status) as `Memo.keep` keeps them."""
    if not _types(kept, {tuple}) or set(map(len, kept)) - {3}:
        return False
    if not _types((k[1] for k in kept), {str}):
        return False
    if not _types((k[2] for k in kept), {str, type(None)}):
        return False
    return cache.valid({**_ROW_ENTRY, "rows": [k[0] for k in kept]})


def _meetings(meetings: dict[Any, Any]) -> bool:
    if not _types(meetings, {str}) or not _types(meetings.values(), {tuple}):
        return False
    kept = list(meetings.values())
    if set(map(len, kept)) - {2}:
        return False
    facts = [k[0] for k in kept if k[0] is not None]
    if not _types(facts, {tuple}) or set(map(len, facts)) - {_MEETING_FACTS}:
        return False
    problems = list(chain.from_iterable(k[1] for k in kept if type(k[1]) is tuple))
    if not _types((k[1] for k in kept), {tuple}) or not all(map(_problem, problems)):
        return False
    return all(map(_facts, facts))


def _problem(problem: Any) -> bool:
    return (
        type(problem) is tuple
        and len(problem) == 5
        and type(problem[0]) is int
        and type(problem[1]) is int
        and type(problem[2]) is str
        and type(problem[3]) is str
        and problem[4] in ("error", "warning")
    )


def _facts(facts: tuple[Any, ...]) -> bool:
    """(date, final, attendance, departures, references, titles, arising): see
    `check.meeting_facts`."""
    date, final, attendance, departures, references, titles, arising = facts
    if type(date) is not str or type(final) is not bool:
        return False
    if not all(type(x) is tuple for x in (attendance, departures, references, titles, arising)):
        return False
    for group, position, handle in _rows(attendance, 3):
        if type(group) is not str or type(position) is not int or type(handle) is not str:
            return False
    for who, after in _rows(departures, 2):
        if type(who) is not str or type(after) not in (str, type(None)):
            return False
    for path, where, action in _rows(references, 3):
        if type(path) is not tuple or not _types(path, {str, int}):
            return False
        if type(where) is not str or type(action) is not str:
            return False
    return _types(titles, {str}) and _types(arising, {str, type(None)})


def _rows(rows: tuple[Any, ...], width: int) -> Any:
    """The rows, if each is a tuple of `width` (else rows that fail the caller's checks)."""
    if all(type(r) is tuple and len(r) == width for r in rows):
        return rows
    return [(None,) * width]


def _types(values: Any, kinds: set[type]) -> bool:
    return set(map(type, values)) <= kinds
