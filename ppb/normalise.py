"""Hand-written spellings of ids, statuses, handles, dates and meeting ids, made canonical."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping

STATUSES = ("open", "in progress", "completed", "withdrawn")
OPEN_STATUSES = ("open", "in progress")

# ASCII digits only ([0-9], not \d, which takes any script's digits), and never so many
# that int() would refuse them (Python stops at 4,300): an action number has at most
# nine digits, a meeting's suffix at most three.
_ID = r"\s*(?:([A-Za-z]+)[\s_\-.]*)?0*([0-9]{1,9})\s*"
_PREFIX = r"[A-Za-z]{1,12}"
_MEETING = r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:-([1-9][0-9]{0,2}))?"
_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_SHOWN = 40  # characters of a bad value that a message quotes


class SpellingError(ValueError):
    """A value that cannot be read as what it should be; the message says why."""


def shown(text: object) -> str:
    """A value as a message quotes it: repr, cut short if it is long."""
    text = str(text)
    if len(text) > _SHOWN:
        return repr(text[:_SHOWN]) + f" … ({len(text):,} characters)"
    return repr(text)


# A board whose numbers restart each year writes its scheme as N/YYYY/ and its letters:
# `prefix: N/YYYY/P` numbers actions 7/2023/P (the seventh of 2023), 1/2024/P, …
_DATED = r"N/YYYY/([A-Za-z]{1,12})"
_DATED_ID = r"\s*0*(\d+)\s*/\s*(\d{4}|\d{2})\s*/\s*([A-Za-z]{1,12})\s*"
YEAR = 100_000  # action_number of 7/2023/P: 2023 * YEAR + 7, so ids sort by year, then number


def prefix(text: str) -> str:
    """An action-number prefix such as PPB (letters, kept upper-case), or a yearly scheme
    such as N/YYYY/P."""
    text = text.strip()
    dated = re.fullmatch(_DATED, text, re.I)
    if dated:
        return f"N/YYYY/{dated[1].upper()}"
    if not re.fullmatch(_PREFIX, text):
        raise SpellingError(
            f"prefix {shown(text)} must be 1 to 12 letters, such as PPB (or N/YYYY/P for 7/2023/P)"
        )
    return text.upper()


def dated(board_prefix: str) -> str | None:
    """The letters of a yearly scheme (P for N/YYYY/P), None for PREFIX N."""
    return board_prefix[7:] if board_prefix.startswith("N/YYYY/") else None


def id_pattern(board_prefix: str) -> str:
    """A regular expression for an id of this board as minutes write it in running text."""
    letters = dated(board_prefix)
    if letters:
        return rf"\d+\s*/\s*(?:\d{{4}}|\d{{2}})\s*/\s*{letters}\b"
    return rf"\b{board_prefix}\s*-?\s*\d+\b"


def next_id(board_prefix: str, numbers: Iterable[int], year: int) -> str:
    """The id after the highest so far: PPB 71; in a yearly scheme, the next of `year`."""
    letters = dated(board_prefix)
    if letters is None:
        return f"{board_prefix} {max(numbers, default=0) + 1}"
    last = max((n % YEAR for n in numbers if n // YEAR == year), default=0)
    return f"{last + 1}/{year}/{letters}"


def id_of(board_prefix: str, number: int) -> str:
    """The id with this action_number."""
    letters = dated(board_prefix)
    if letters is None:
        return f"{board_prefix} {number}"
    return f"{number % YEAR}/{number // YEAR}/{letters}"


def _dated_id(text: str, letters: str) -> str:
    match = re.fullmatch(_DATED_ID, str(text))
    if not match:
        raise SpellingError(f"{text!r} is not an action id such as '7/2023/{letters}'")
    number, year, given = match.groups()
    if given.upper() != letters.upper():
        raise SpellingError(f"{text!r} is not an action of this board (ids here end /{letters})")
    full = int(year) + (2000 if len(year) == 2 else 0)
    return f"{int(number)}/{full}/{letters}"


def action_id(text: str, board_prefix: str) -> str:
    """`PPB60`, `ppb-60`, `60` and ` PPB 060 ` all become `PPB 60`; `7/23/p`, 7/2023/P."""
    letters = dated(board_prefix)
    if letters is not None:
        return _dated_id(text, letters)
    match = re.fullmatch(_ID, str(text))
    if not match:
        raise SpellingError(f"{shown(text)} is not an action id such as '{board_prefix} 60'")
    given, number = match.groups()
    if given and given.upper() != board_prefix.upper():
        raise SpellingError(
            f"{shown(text)} is not an action of this board (ids here start {board_prefix})"
        )
    return f"{board_prefix} {int(number)}"


def action_number(canonical_id: str) -> int:
    """The number of a canonical id: `PPB 60` → 60; `7/2023/P` → 2023 * YEAR + 7."""
    if "/" in canonical_id:
        number, year, _ = canonical_id.split("/")
        return int(year) * YEAR + int(number)
    return int(canonical_id.rsplit(" ", 1)[1])


def status(text: str) -> str:
    """`In progress`, `in-progress`, `IN_PROGRESS` all become `in progress`."""
    words = " ".join(re.split(r"[\s_\-]+", str(text).strip().lower()))
    if words in STATUSES:
        return STATUSES[STATUSES.index(words)]  # the one string: a register holds it once
    if words in EVERYDAY:
        return EVERYDAY[words]
    hint = _close(words, STATUSES)
    also = f" (did you mean {hint[0]!r}?)" if hint else ""
    raise SpellingError(f"unknown status {shown(text)}{also}; use one of: {', '.join(STATUSES)}")


# The everyday words people write for a status, in forms and by hand.
EVERYDAY = {"done": "completed", "closed": "completed", "complete": "completed",
            "ongoing": "in progress"}  # fmt: skip
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip


def date(text: str) -> _dt.date:
    """An ISO date, YYYY-MM-DD, and nothing looser (a British date gets the ISO form
    suggested)."""
    match = re.fullmatch(_DATE, str(text).strip())
    if not match:
        meant = iso_for(str(text))
        also = f" (did you mean {meant}?)" if meant else ""
        raise SpellingError(f"{shown(text)} is not a date in the form YYYY-MM-DD{also}")
    try:
        return _dt.date(*map(int, match.groups()))
    except ValueError as exc:
        raise SpellingError(f"{text!r} is not a real date ({exc})") from None


def iso_for(text: str) -> str | None:
    """The ISO form of 10/04/2014, 10.04.14 or 10th April 2014 (day first), if it is one."""
    text = text.strip().lower()
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
    named = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})", text)
    try:
        if numeric:
            day, month, year = map(int, numeric.groups())
            return _dt.date(year + 2000 * (year < 100), month, day).isoformat()
        if named:
            month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(named[2][:3]))
            return _dt.date(int(named[3]), month, int(named[1])).isoformat()
    except (ValueError, StopIteration):
        return None
    return None


def meeting_id(text: str) -> str:
    """A meeting id is its date, YYYY-MM-DD, with -2, -3 … for a second meeting that day."""
    text = str(text).strip()
    match = re.fullmatch(_MEETING, text)
    if not match:
        raise SpellingError(
            f"{shown(text)} is not a meeting id such as 2014-03-13 (or 2014-03-13-2)"
        )
    date(text[:10])
    suffix = match.group(4)
    if suffix is not None and int(suffix) < 2:
        raise SpellingError(f"{text!r}: a second meeting on one day is numbered from -2")
    return text


def meeting_date(canonical_meeting_id: str) -> _dt.date:
    """The day a meeting was held, from its id."""
    return date(canonical_meeting_id[:10])


class Handles:
    """Matches a handle as people write it: any case, by alias or by full name."""

    def __init__(self, people: Mapping[str, Mapping[str, object]]) -> None:
        self.canonical: list[str] = list(people)
        self._index: dict[str, str] = {}
        for handle, person in people.items():
            names = [handle]
            if isinstance(person, Mapping):
                names += _strings(person.get("aliases"))
                name = person.get("name")
                if isinstance(name, str) and name.strip():
                    names.append(name)
                holders = person.get("holders")  # earlier holders of the post
                for holder in holders if isinstance(holders, list) else ():
                    if isinstance(holder, Mapping) and isinstance(holder.get("name"), str):
                        names.append(str(holder["name"]))
            for name in names:
                self._index.setdefault(_key(name), handle)
        for handle in people:  # a handle always wins over another person's alias or name
            self._index[_key(handle)] = handle

    def items(self) -> Iterator[tuple[str, str]]:
        """(casefolded spelling, handle) for every way of naming someone."""
        return iter(self._index.items())

    def find(self, text: str) -> str | None:
        """The registered handle that `text` names, or None."""
        return self._index.get(_key(text))

    def resolve(self, text: str) -> str:
        """The registered handle that `text` names; SpellingError if nobody is."""
        found = self.find(text)
        if found is None:
            hint = _close(text, self.canonical)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise SpellingError(
                f"unknown handle {shown(text)}{also}; see `ppb people`, or add it with `ppb people add`"
            )
        return found


def _close(word: str, choices: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, list(choices), n=1)


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [v for v in value if isinstance(v, str)]
    return []


# Patterns are compiled on first use (re caches them): compiling them all at import
# would cost every command a couple of milliseconds.

# Plain scalars that a YAML 1.1 reader (PyYAML, older tools) would not read as a string.
# ppb writes such strings quoted, so that `NO` stays the handle NO everywhere.
_YAML11_NOT_STRING = r"""(?x)
    (?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)
    |(?:~|null|Null|NULL|)
    |[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
    |<<|=|[!&*]
    """


def needs_quotes(text: str) -> bool:
    """True when a YAML 1.1 reader would take this plain scalar for a bool, number, date or null."""
    return bool(re.fullmatch(_YAML11_NOT_STRING, text))
