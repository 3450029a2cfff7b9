"""Line ends: which kind a file has (LF, CRLF, CR alone), and what is mixed, and where.

As YAML does, ppb reads a lone CR as a line end, so a classic Mac file reads
like any other. A file that mixes kinds reads the same too, but is not written
back (which line had which end is not kept): `ppb fmt` makes them one kind.
Unicode's own line breaks (NEL, U+2028, U+2029), which PyYAML counts as lines
and nothing else does, are refused where they stand.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ppb.errors import FileError

MIXED = "mixed"  # the line ends of a file that has more than one kind
_ENDS = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


def line_ends(text: str) -> tuple[str, str, Mixed | None]:
    """The text with LF line ends; the ends it had (MIXED if several); what is mixed."""
    if "\r" not in text:  # the common case, found at memory speed: no counting
        return text, "\n", None
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    counts = {end: n for end, n in (("\n", lf), ("\r\n", crlf), ("\r", cr)) if n}
    mixed = _mixed(text, counts) if len(counts) > 1 else None
    if crlf:
        text = text.replace("\r\n", "\n")
    if cr:
        text = text.replace("\r", "\n")
    if mixed is not None:
        return text, MIXED, mixed
    return text, next(iter(counts), "\n"), None


class Mixed(NamedTuple):
    """What a file's mixed line ends are, and where the first that is not of its main kind is."""

    line: int
    col: int
    counts: str  # CRLF on 1 line, LF on 243
    first: str  # CRLF
    main: str  # LF
    end: str  # the main kind: "\n"

    def fix(self) -> str:
        return f"`ppb fmt` makes them all {self.main}"


_FIRST = {"\n": r"(?<!\r)\n", "\r\n": r"\r\n", "\r": r"\r(?!\n)"}


def _mixed(text: str, counts: dict[str, int]) -> Mixed:
    main = max(counts, key=lambda end: counts[end])
    others = sorted((e for e in counts if e != main), key=lambda e: -counts[e])
    said = [f"{_ENDS[e]} on {counts[e]:,} line{'s' * (counts[e] != 1)}" for e in others]
    said.append(f"{_ENDS[main]} on {counts[main]:,}")
    at, end = min((m.start(), e) for e in others if (m := re.search(_FIRST[e], text)))
    before = text[:at]
    crlf = before.count("\r\n")
    line = crlf + (before.count("\r") - crlf) + (before.count("\n") - crlf) + 1
    col = at - max(before.rfind("\n"), before.rfind("\r"))
    return Mixed(line, col, ", ".join(said), _ENDS[end], _ENDS[main], main)


def refuse_unicode_breaks(text: str, shown: str) -> None:
    """FileError at the first NEL, U+2028 or U+2029: PyYAML starts a new line there."""
    found = [at for at in (text.find(c) for c in "\x85\u2028\u2029") if at >= 0]
    if not found:
        return
    at = min(found)
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    message = (f"a Unicode line break (U+{ord(text[at]):04X}), which YAML reads as a new line; "
               "write a line break or a space instead")  # fmt: skip
    raise FileError(shown, line, col, message, "encoding")
