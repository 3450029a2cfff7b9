"""What of a board is translated, where each text sits, and whether its translation is current.

Every minuted text has a place, named by a key that is also its msgctxt in PO
files: `board name`, `people T/ACC role`, `PPB 60 summary`, `PPB 56 progress 1`
(the note of its first history entry) in the register, and, in a meeting,
`2014-03-13 venue`, `… opening 1`, `… matters arising 2`, `… item 2.1 title`,
`… item 2.1 text 3` (items numbered as an agenda numbers them, entries from 1),
`… other business 1`. A translation records the English it translated, so a
text whose English has changed since is stale: its Welsh is never shown for
the new English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ppb.models import Item, Meeting
    from ppb.record import Action

REGISTER = "actions"  # translations/<lang>/actions.po holds the register's texts
SECTIONS = {"opening": "opening", "matters arising": "matters_arising",
            "other business": "other_business"}  # fmt: skip

CURRENT, MISSING, STALE = "current", "missing", "stale"


def board_name() -> str:
    return "board name"


def role(handle: str) -> str:
    return f"people {handle} role"


def summary(action_id: str) -> str:
    return f"{action_id} summary"


def progress(action_id: str, position: int) -> str:
    """The note of an action's history entry at `position` (0-based), numbered from 1."""
    return f"{action_id} progress {position + 1}"


def venue(meeting_id: str) -> str:
    return f"{meeting_id} venue"


def meeting_board(meeting_id: str) -> str:
    return f"{meeting_id} board"


def entry(meeting_id: str, section: str, position: int) -> str:
    """An entry of opening, matters arising or other business (`section` as in SECTIONS)."""
    return f"{meeting_id} {section} {position + 1}"


def item_title(meeting_id: str, number: tuple[int, ...]) -> str:
    return f"{meeting_id} item {_number(number)} title"


def item_text(meeting_id: str, number: tuple[int, ...], position: int) -> str:
    return f"{meeting_id} item {_number(number)} text {position + 1}"


def _number(number: tuple[int, ...]) -> str:
    return ".".join(str(n + 1) for n in number)


@dataclass(frozen=True)
class Where:
    """A key taken apart: which file it belongs to, and what in it."""

    meeting: str | None  # None: the register
    kind: str  # board, role, summary, progress; venue, board, opening …, title, text
    ref: str = ""  # the handle or action id
    number: tuple[int, ...] = ()  # 0-based: the item's path, or the entry's position
    position: int = 0  # 0-based: an item's text entry, or a history entry

    @property
    def file(self) -> str:
        """Where its translation is kept: "actions", or the meeting's id."""
        return self.meeting or REGISTER


_MEETING = re.compile(r"(\d{4}-\d{2}-\d{2}(?:-\d+)?) (.+)")
_ITEM = re.compile(r"item (\d+(?:\.\d+)*) (?:title|text (\d+))")
_SECTION = re.compile(r"(opening|matters arising|other business) (\d+)")
_PERSON = re.compile(r"people (.+) role")
_PROGRESS = re.compile(r"(.+) progress (\d+)")


def parse(key: str) -> Where | None:
    """The place a key names, or None for a key that names no place ppb knows."""
    meeting = _MEETING.fullmatch(key)
    if meeting:
        return _meeting_place(meeting.group(1), meeting.group(2))
    if key == "board name":
        return Where(None, "board")
    if found := _PERSON.fullmatch(key):
        return Where(None, "role", found.group(1))
    if found := _PROGRESS.fullmatch(key):
        return Where(None, "progress", found.group(1), position=_index(found.group(2)))
    if key.endswith(" summary") and len(key) > len(" summary"):
        return Where(None, "summary", key.removesuffix(" summary"))
    return None


def _meeting_place(meeting_id: str, rest: str) -> Where | None:
    if rest in ("venue", "board"):
        return Where(meeting_id, rest)
    if found := _SECTION.fullmatch(rest):
        return Where(meeting_id, found.group(1), number=(_index(found.group(2)),))
    if found := _ITEM.fullmatch(rest):
        number = tuple(_index(n) for n in found.group(1).split("."))
        if found.group(2) is None:
            return Where(meeting_id, "title", number=number)
        return Where(meeting_id, "text", number=number, position=_index(found.group(2)))
    return None


def _index(text: str) -> int:
    return max(int(text) - 1, -1)  # "0" is no place: -1 finds nothing


_ORDER = {"board": 0, "venue": 1, "opening": 2, "matters arising": 3, "title": 4, "text": 4,
          "other business": 5, "role": 1, "summary": 2, "progress": 2}  # fmt: skip


def sort_key(key: str) -> tuple[Any, ...]:
    """Keys in the order their texts are read: a file's translations are kept in it."""
    where = parse(key)
    if where is None:
        return (1, key)
    if where.kind in ("summary", "progress"):
        digits = re.findall(r"\d+", where.ref)
        number = int(digits[-1]) if digits else 0
        return (0, _ORDER[where.kind], number, where.ref, where.kind == "progress", where.position)
    text = (where.kind == "text", where.position)
    return (0, _ORDER[where.kind], where.ref, where.number, *text)


# The English at a place


def meeting_text(meeting: Meeting, where: Where) -> tuple[str | None, tuple[Any, ...]]:
    """The English at a place in a meeting (None if there is none), and its path in the file."""
    if where.kind in ("venue", "board"):
        return getattr(meeting, where.kind), (where.kind,)
    if where.kind in SECTIONS:
        key = SECTIONS[where.kind]
        entries, position = getattr(meeting, key), where.number[0]
        if not 0 <= position < len(entries):
            return None, (key,)
        text, inner = entry_text(entries[position])
        return text, (key, position, *inner)
    item, path = item_at(meeting.items, where.number)
    if item is None:
        return None, path
    if where.kind == "title":
        return item.title, (*path, "title")
    if not 0 <= where.position < len(item.text):
        return None, (*path, "text")
    text, inner = entry_text(item.text[where.position])
    return text, (*path, "text", where.position, *inner)


def entry_text(value: Any) -> tuple[str | None, tuple[Any, ...]]:
    """The minuted text of an entry (plain text, an action's wording, a decision)."""
    if isinstance(value, str):
        return value, ()
    if hasattr(value, "decision"):
        return value.decision, ("decision",)
    return getattr(value, "text", None), ("text",)


def item_at(items: list[Item], number: tuple[int, ...]) -> tuple[Item | None, tuple[Any, ...]]:
    """The item numbered `number` (0-based, as in `Where`), and its path in the file."""
    path: tuple[Any, ...] = ()
    found: Item | None = None
    for position in number:
        if not 0 <= position < len(items):
            return None, path
        found = items[position]
        path = (*path, "items", position) if path else ("items", position)
        items = found.items
    return found, path


def register_text(
    where: Where, board: Mapping[str, Any], people: Mapping[str, Any], actions: Mapping[str, Action]
) -> str | None:
    """The English at a place in the register, or None if there is none."""
    if where.kind == "board":
        return board.get("name")
    if where.kind == "role":
        person = people.get(where.ref)
        return person.get("role") if person else None
    action = actions.get(where.ref)
    if action is None:
        return None
    if where.kind == "summary":
        return action.summary
    if 0 <= where.position < len(action.history):
        return action.history[where.position].note
    return None


# Translations kept


@dataclass(frozen=True)
class Translation:
    """One kept translation: the English it translated, and the Welsh."""

    key: str
    english: str
    text: str  # the translation
    line: int = 0  # where its entry starts in its file
    fuzzy: bool = False  # marked for review: not shown


class Translations:
    """The translations of one language kept for a board's files, looked up by place."""

    def __init__(self, kept: Mapping[str, Translation] | None = None) -> None:
        self.kept = dict(kept or {})

    def state(self, key: str, english: str) -> str:
        """CURRENT, MISSING (none, or none reviewed) or STALE (made for other English)."""
        found = self.kept.get(key)
        if found is None or not found.text or found.fuzzy:
            return MISSING
        return CURRENT if found.english == english else STALE

    def text(self, key: str, english: str) -> str | None:
        """The translation of `english` at `key`, if there is a current one."""
        return self.kept[key].text if self.state(key, english) == CURRENT else None
