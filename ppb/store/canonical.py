"""Reading an action straight from its lines, where they are laid out as ppb writes them.

A first read of a large register (a fresh clone, a checkout) spent four fifths of its
time building data from YAML events and validating it with the models. Yet nearly every
action is in the layout ppb itself writes (`yaml_edit`, `splice`, `ppb fmt`): one key a
line, in the order `add` or `import` writes them; values on one line, plain or quoted;
lists of words in flow style; ids, dates, meeting ids and statuses already canonical.
`Lines.row` reads such an action with two regular expressions straight into its row.

It accepts only what it can show YAML and the models read the same way, and gives None
for anything else: another key order or indent, a comment, a blank line, a value written
over two lines or with an escape, a tab, a spelling the models would make canonical (an
id `PPB060`, a status `Done`), an unknown key, a date that is no day. The caller reads
those the slow way, so every problem is reported as before, at the same line and column.
tests/test_canonical.py holds the two ways equal on what ppb writes and on mutations of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from sys import intern
from typing import Any, Final, Literal

from ppb import normalise
from ppb.history import AFTER_MEETINGS, meeting_key
from ppb.record import Row

# A value on one line, checked by `_value` (quicker in Python than in a pattern).
_LINE = r"[^\n]+"
# Characters no list item read here holds: controls and tabs, what YAML takes for a line
# break (NEL, LS, PS), lone surrogates, the byte order mark and non-characters.
_CTRL = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
# Single quotes: any character but a quote or a break, '' for a quote. Double quotes:
# no escapes at all (a backslash goes the slow way).
_SQ = rf"'[^'{_CTRL}]*(?:''[^'{_CTRL}]*)*'"
_DQ = rf'"[^"\\{_CTRL}]*"'
# An item of a flow list: words separated by single spaces (`\s` is Python's whitespace,
# what str.split() splits on), with none of the characters that end or start something
# inside brackets: `,[]{}`, and `:`, `?`, `#` for safety; or quoted.
_NF = rf"[^\s{_CTRL}:?,\[\]{{}}#]"
_ITEM = rf"(?:[^\s{_CTRL}\-?:,\[\]{{}}#&*!|>'\"%@`]{_NF}*(?: {_NF}+)*|{_SQ}|{_DQ})"
_ITEMS = rf"(?:{_ITEM}(?:, {_ITEM})*)?"
_MEETING = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-(?:[2-9]|[1-9][0-9]{1,2}))?"  # -1 is refused
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_STATUS = "|".join(normalise.STATUSES)
_NULLS = frozenset(["~", "null", "Null", "NULL"])  # as plain values: nothing (yaml_read)
_TRUE = {"true": True, "false": False}
# YAML's indicators, which cannot start a plain value (`-`, `?` and `:` can if a character
# of the value follows them); and a space ends none here.
_INDICATORS = frozenset(" -?:,[]{}#&*!|>'\"%@`")
_MAY_START = frozenset("-?:")
_ENDS = frozenset(" :")  # a plain value ends in neither
_REFUSED: Final = False  # what `_value` gives for a value it cannot vouch for


def _number() -> str:
    """An action number as `normalise.action_id` writes it: no leading zero, nine digits."""
    return "(?:0|[1-9][0-9]{0,8})"


def _id(prefix: str) -> str:
    letters = normalise.dated(prefix)
    if letters is not None:  # 7/2023/P: a four-digit year that int() keeps as it is
        return rf"{_number()}/[1-9][0-9]{{3}}/{re.escape(letters)}"
    return rf"{re.escape(prefix)} {_number()}"


@lru_cache(maxsize=8)
def lines(prefix: str, indent: int) -> Lines:
    """The reader of actions of a board with this prefix, their dashes `indent` spaces in."""
    return Lines(prefix, indent)


class Lines:
    """Reads actions laid out as ppb writes them: the action's keys two spaces in from its
    dash, a history entry's dash two further in and its keys two more."""

    __slots__ = ("head", "entry", "days", "owners")

    def __init__(self, prefix: str, indent: int) -> None:
        i, k, e, f = (" " * (indent + n) for n in (0, 2, 4, 6))
        ident = _id(prefix)
        ids = rf"(?:{ident}(?:, {ident})*)?"
        # The order `actions.add` writes (see before status) and `import` writes (see and
        # source after it); history last, where `update` appends it.
        self.head = re.compile(
            rf"{i}- id: ({ident})\n"
            rf"{k}summary: ({_LINE})\n"
            rf"(?:{k}owners:(?: \[({_ITEMS})\])?\n)?"
            rf"(?:{k}raised:(?: ({_MEETING}))?\n)?"
            rf"(?:{k}raised_on:(?: ({_DATE}))?\n)?"
            rf"(?:{k}item:(?: ({_LINE}))?\n)?"
            rf"(?:{k}due:(?: ({_MEETING}))?\n)?"
            rf"(?:{k}see: \[({ids})\]\n)?"
            rf"(?:{k}restricted:(?: (true|false))?\n)?"
            rf"(?:{k}reason:(?: ({_LINE}))?\n)?"
            rf"{k}status: ({_STATUS})\n"
            rf"(?(8)|(?:{k}see: \[({ids})\]\n)?)"  # see once, before status or after it
            rf"(?:{k}source:(?: ({_LINE}))?\n)?"
            rf"(?:{k}history:(?:( \[\])\n|\n((?:{e}[^\n]*\n)*)))?"
        ).fullmatch
        self.entry = re.compile(
            rf"{e}- date: ({_DATE})\n"
            rf"(?:{f}meeting:(?: ({_MEETING}))?\n)?"
            rf"{f}status: ({_STATUS})\n"
            rf"(?:{f}note:(?: ({_LINE}))?\n)?"
            rf"(?:{f}owners:(?: \[({_ITEMS})\])?\n)?"
            rf"(?:{f}source:(?: ({_LINE}))?\n)?"
        ).match
        self.days: dict[str, str] = {}  # each date and meeting id seen on a real day, once
        # Each list of owners seen, as read (a register has a few hundred different ones):
        # an action's, and an entry's (which the models leave as written), by its text.
        self.owners: dict[tuple[bool, str], tuple[str, ...] | None] = {}

    def row(self, text: str, start: int, end: int, most_entries: int) -> Row | None:
        """The row of the action in text[start:end] (whole lines), or None if it is not in
        the layout read here (then YAML and the models read it)."""
        match = self.head(text, start, end)
        if match is None:
            return None
        (ident, summary, owners, raised, raised_on, item, due, see, restricted, reason, status,
         see_after, source, flow, entries) = match.groups()  # fmt: skip
        summary = summary if _plain(summary) else _summary(summary)
        handles = self._owners(owners, True) if owners else ()
        if summary is None or handles is None:
            return None
        days, day = self.days, self._day
        if raised is not None and (raised := days.get(raised) or day(raised)) is None:
            return None
        if raised_on is not None and (raised_on := days.get(raised_on) or day(raised_on)) is None:
            return None
        if due is not None and (due := days.get(due) or day(due)) is None:
            return None
        history: Any = ()
        if entries:  # (none under `history: []`: the pattern has them in the other branch)
            history = self._entries(text, match.start(15), match.end(15), most_entries)
            if history is None:
                return None
            status = history[0][2] if len(history) == 1 else _now(history)
        if item is not None or reason is not None or source is not None:
            item, reason, source = _optional(item, True), _optional(reason), _optional(source)
            if item is _REFUSED or reason is _REFUSED or source is _REFUSED:
                return None
        see = see or see_after
        return (
            ident, summary, handles, intern(status), raised, raised_on, due, item,
            tuple(see.split(", ")) if see else (), _TRUE[restricted] if restricted else None,
            reason, history, source,
        )  # fmt: skip

    def _entries(self, text: str, start: int, end: int, most: int) -> tuple[Any, ...] | None:
        """The history entries in text[start:end], each in ppb's layout, or None."""
        entry, days, day_of = self.entry, self.days, self._day
        entries: list[Row] = []
        while start < end:
            match = entry(text, start, end)
            if match is None or len(entries) >= most:
                return None
            start = match.end()
            day, meeting, status, note, owners, source = match.groups()
            if (day := days.get(day) or day_of(day)) is None:
                return None
            if meeting is not None and (meeting := days.get(meeting) or day_of(meeting)) is None:
                return None
            if owners and (owners := self._owners(owners, False)) is None:
                return None
            owners = owners or None  # `owners: []` as none given
            if note is not None and not _plain(note) and (note := _optional(note)) is _REFUSED:
                return None
            if source is not None and (source := _optional(source)) is _REFUSED:
                return None
            entries.append((day, meeting, intern(status), note, owners, source))
        return tuple(entries)

    def _owners(self, text: str, action: bool) -> tuple[str, ...] | None:
        """The owners in a flow list's text, as the models read an action's (`action`) or
        an entry's; None if they cannot be read here."""
        found = self.owners.get((action, text), _REFUSED)
        if found is _REFUSED:
            if len(self.owners) >= 100_000:
                self.owners.clear()
            found = self.owners[action, text] = _owners(text) if action else _entry_owners(text)
        return found  # type: ignore[return-value]

    def _day(self, text: str) -> str | None:
        """A date or meeting id that matched its pattern, held once, if it is on a real day
        (`normalise.date` refuses 2014-02-30); None if not. Remembered: a register holds
        few different days (but never more than a bounded number)."""
        day = text[:10]
        try:
            dt.date(int(day[:4]), int(day[5:7]), int(day[8:10]))
        except ValueError:
            return None
        if len(self.days) >= 100_000:
            self.days.clear()
        self.days[text] = once = intern(text)
        return once


def _value(text: str) -> str | Literal[False] | None:
    """The string YAML reads for a value on one line: plain, in single quotes or in double
    quotes without escapes; None for nothing (a plain ~ or null); _REFUSED for anything
    this module cannot vouch for.

    A plain value has no indicator first, no `: ` and no ending `:` (a mapping), no ` #`
    (a comment) and no trailing space; and only printable characters, which excludes
    every character YAML takes for a break and all whitespace but the space (Python's
    str.strip() and YAML's plain scalars agree on what is trimmed: nothing)."""
    first = text[0]
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            return _REFUSED
        return inner.replace("''", "'") if inner.isprintable() else _REFUSED
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            return _REFUSED
        return inner if inner.isprintable() else _REFUSED
    if first in _INDICATORS and (first not in _MAY_START or text[1:2] in ("", " ", ":")):
        return _REFUSED
    if ": " in text or " #" in text or text[-1] in (" ", ":") or not text.isprintable():
        return _REFUSED
    return None if text in _NULLS else text


def _plain(text: str) -> bool:
    """Whether a value is plain, read as it stands: no indicator first, no `: ` and no
    ending `:` (a mapping), no ` #` (a comment), no trailing space, nothing, nor any
    character but printable ones (which excludes every character YAML takes for a break,
    and every whitespace but the space: Python's str.strip() and YAML's plain scalars then
    agree there is nothing to trim). The commonest case, so checked first on its own."""
    return not (
        text[0] in _INDICATORS or ": " in text or " #" in text or text[-1] in _ENDS
        or text in _NULLS or not text.isprintable()
    )  # fmt: skip


def _summary(value: str) -> str | None:
    """The summary as the models read it: stripped, never empty (None: not read here)."""
    text = _value(value)
    return (text.strip() or None) if text else None


def _optional(value: str | None, once: bool = False) -> str | Literal[False] | None:
    """An optional text as the models read it: stripped, and None if there is none."""
    if value is None:
        return None
    text = _value(value)
    if text is None or text is False:  # nothing, or refused
        return text
    text = text.strip()
    if not text:
        return None
    return intern(text) if once else text


def _owners(value: str | None) -> tuple[str, ...] | None:
    """An action's owners as the models read them: each spaced as one word from the next
    (None: not read here)."""
    if not value:
        return ()
    if "'" not in value and '"' not in value:
        handles = value.split(", ")  # plain items hold no comma, and no space to collapse
        return tuple(map(intern, handles)) if _NULLS.isdisjoint(handles) else None
    quoted = _items(value)
    return None if quoted is None else tuple(intern(" ".join(h.split())) for h in quoted)


def _entry_owners(value: str) -> tuple[str, ...] | None:
    """An entry's owners as written (the models leave them be); None: not read here."""
    handles = _items(value)
    return None if handles is None else tuple(map(intern, handles))


def _items(value: str | None) -> Sequence[str] | None:
    """The strings of a flow list matched by _ITEMS; None if one is nothing (a plain ~)."""
    if not value:
        return ()
    if "'" not in value and '"' not in value:
        items = value.split(", ")  # plain items hold no comma
        return None if not _NULLS.isdisjoint(items) else items
    strings, at = [], 0
    while at < len(value):
        match = re.compile(_ITEM).match(value, at)  # compiled once, on first use (re's cache)
        assert match is not None  # the whole list matched _ITEMS: item, comma, space, item
        item = match.group()
        if item[0] == "'":
            strings.append(item[1:-1].replace("''", "'"))
        elif item[0] == '"':
            strings.append(item[1:-1])
        elif item in _NULLS:
            return None
        else:
            strings.append(item)
        at = match.end() + 2
    return strings


def _now(history: tuple[Any, ...]) -> str:
    """The status of the entry that stands latest (`history.current`, for the status alone)."""
    best: Any = None
    status = ""
    for day, meeting, entry_status, *_ in history:
        at = meeting_key(meeting) if meeting else (day, AFTER_MEETINGS)
        if best is None or at >= best:
            best, status = at, entry_status
    return status


_BOARD = ("name", "prefix", "email", "organisation", "organisation_cy", "notice", "notice_cy")
_PERSON = ("name", "role", "aliases", "email")


def head(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The board and people as the models dump them (`models.Register`), where each value
    is a plain text or list of texts and no key is one the models would refuse or give
    more to (languages, show_carried, holders); else None."""
    board, people = data.get("board"), data.get("people")
    if not data.keys() <= {"board", "people", "actions"} or not isinstance(board, dict):
        return None
    if not board.keys() <= set(_BOARD) or not isinstance(board.get("name"), str):
        return None
    prefix = board.get("prefix")
    try:
        prefix = normalise.prefix(prefix) if isinstance(prefix, str) else None
    except normalise.SpellingError:
        return None
    if prefix is None or not _texts(board, _BOARD[2:]):
        return None
    dumped = {"name": board["name"], "prefix": prefix}
    dumped.update((key, _model_text(board.get(key))) for key in _BOARD[2:])
    dumped.update(languages=[], show_carried=False)
    if people is None or (isinstance(people, str) and not people.strip()):
        return dumped, {}
    if not isinstance(people, dict):
        return None
    persons = {}
    for handle, person in people.items():
        dumped_person = _person(person)
        if not isinstance(handle, str) or dumped_person is None:
            return None
        persons[handle] = dumped_person
    return dumped, persons


def _person(person: Any) -> dict[str, Any] | None:
    if person is None or (isinstance(person, str) and not person.strip()):
        person = {}
    if not isinstance(person, dict) or not person.keys() <= set(_PERSON):
        return None
    aliases = person.get("aliases")
    if aliases is None or (isinstance(aliases, str) and not aliases.strip()):
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return None
    if not _texts(person, ("name", "role", "email")):
        return None
    return {"name": _model_text(person.get("name")), "role": _model_text(person.get("role")),
            "aliases": list(aliases), "email": _model_text(person.get("email")), "holders": []}  # fmt: skip


def _texts(mapping: dict[str, Any], keys: Sequence[str]) -> bool:
    return all(isinstance(mapping.get(key), (str, type(None))) for key in keys)


def _model_text(value: str | None) -> str | None:
    """An optional text as the models read it (`models._text`)."""
    return (value.strip() or None) if value is not None else None


def read(found: Any, indexes: list[int], rows: list[Any], prefix: str,
         most_entries: int) -> list[int]:  # fmt: skip
    """Fill rows[i] for each of `indexes` whose action (`found.blocks[i]`, a `sections`
    split) is laid out as ppb writes it; the indexes left to parse."""
    if not prefix or found.item_indent is None:
        return indexes
    row = lines(prefix, found.item_indent).row
    text, blocks = found.text, found.blocks
    left = []
    for index in indexes:
        span = blocks[index]
        got = row(text, span.start, span.end, most_entries)
        if got is None:
            left.append(index)
        else:
            rows[index] = got
    return left
