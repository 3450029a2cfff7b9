"""Where each part of a file lies, by character offset: its top-level sections and list items.

Writes edit one part of a file (one action, or the `people` section) and splice
it back, so that every other byte stays as it was; reads parse each action on
its own, so that a cache can keep the ones that did not change. This module
finds the parts from the text alone, with regular expressions over the whole
text (a Python loop over a million lines would cost half a second). Anything
it cannot place is a problem, and the caller falls back to reading the file
whole.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TOP = re.compile(r"\n(?=[^\s#])(.*)")  # patterns start at "\n": re scans for it fast
_TOP_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"\-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s|$)""")
_ITEM = re.compile(r"( *)-(?: |$)")
_FIRST_CONTENT = re.compile(r"^( *)(?=[^\s#])(.?)(.?)", re.MULTILINE)


class Span(NamedTuple):
    """Characters [start, end) of the text; both at line starts."""

    start: int
    end: int


class Sections:
    def __init__(self, text: str) -> None:
        self.text = text
        self.sections: dict[str, Span] = {}
        self.blocks: list[Span] = []
        self.item_indent: int | None = None
        self.problems: list[str] = []
        self._mark = (0, 0)  # (offset, line) of the last line_of, so that walking forward is linear

    def line_of(self, offset: int) -> int:
        """0-based line number of a character offset."""
        start, line = self._mark if offset >= self._mark[0] else (0, 0)
        line += self.text.count("\n", start, offset)
        self._mark = (offset, line)
        return line

    def skeleton(self) -> str:
        """The text with the items blanked out: what is around them, at the same line numbers."""
        if not self.blocks:
            return self.text
        first, last = self.blocks[0].start, self.blocks[-1].end
        return self.text[:first] + "\n" * self.text.count("\n", first, last) + self.text[last:]

    def items_text(self, first: int, last: int) -> tuple[str, int]:
        """Items first..last (inclusive) alone, and how many lines come before them."""
        start, end = self.blocks[first].start, self.blocks[last].end
        return self.text[start:end], self.line_of(start)

    def section_body_end(self, key: str) -> int:
        """Where a section's content ends (its trailing blank lines and comments excluded)."""
        span = self.sections[key]
        return _trim_gap(self.text, span.start, span.end, 0)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def split(text: str, items: str = "actions") -> Sections:
    """Sections by top-level key, and the span of each item of the list under `items`."""
    found = Sections(text)
    starts: list[tuple[str, int]] = []
    for match in _TOP.finditer("\n" + text):
        line = match.group(1)
        offset = match.start()  # of the line, in `text`
        if _ITEM.match(line) and starts:
            continue  # a list item written at column 0 under its key
        where = f"line {found.line_of(offset) + 1}"
        if line.startswith(("---", "...", "%")):
            found.problems.append(f"{where}: a document marker or directive")
            continue
        key_match = _TOP_KEY.match(line)
        if not key_match:
            found.problems.append(f"{where}: not a top-level key")
            continue
        key = key_match.group(0).rstrip().rstrip(":").strip().strip("'\"")
        if any(key == k for k, _ in starts):
            found.problems.append(f"{where}: {key} appears twice")
        starts.append((key, offset))
    for index, (key, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        found.sections[key] = Span(start, end)
    if items in found.sections:
        _split_items(found, found.sections[items], items)
    return found


def _split_items(found: Sections, span: Span, key: str) -> None:
    text = found.text
    body = _line_end(text, span.start)
    first = _FIRST_CONTENT.search(text, body, span.end)
    if first is None or first.start() >= span.end:
        return
    indent = len(first.group(1))
    if first.group(2) != "-" or first.group(3) not in (" ", "\n", ""):
        found.problems.append(
            f"line {found.line_of(first.start()) + 1}: {key} is not a list of items"
        )
        return
    found.item_indent = indent
    # Every line at or left of the items' indent must start an item (or be a comment).
    shallow = re.compile(rf"\n( {{0,{indent}}})(?=[^\s#])(.?)(.?)")
    starts = []
    for match in shallow.finditer(text, body - 1, span.end):
        at_indent = len(match.group(1)) == indent
        if at_indent and match.group(2) == "-" and match.group(3) in (" ", "\n", ""):
            starts.append(match.start() + 1)
        else:
            line = found.line_of(match.start() + 1) + 1
            found.problems.append(f"line {line}: indented less than the item above")
            return
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else span.end
        found.blocks.append(Span(start, _trim_gap(text, start, end, indent)))


def _trim_gap(text: str, start: int, end: int, indent: int) -> int:
    """Where text[start:end] ends without its trailing blank lines and comments at or
    left of `indent` (those sit between items). The first line is always kept."""
    while True:
        line_start = text.rfind("\n", start, end - 1) + 1
        if line_start <= start:
            return end
        line = text[line_start:end]
        stripped = line.strip()
        if stripped and not (stripped[0] == "#" and len(line) - len(line.lstrip()) <= indent):
            return end
        end = line_start


def one_item(text: str, indent: int) -> bool:
    """Whether `split` would find `text`, placed among the items of a list at `indent`, as
    exactly one item, all of it: it starts an item at that indent, no later line but a
    comment is at or left of the indent (which would start an item, or end the list), and
    its last line is neither blank nor such a comment (which would go to the gap after it)."""
    if not text.endswith("\n") or "\r" in text:
        return False
    first = re.match(rf" {{{indent}}}-(?: |\n)", text)
    if first is None:
        return False
    shallow = re.compile(rf"\n {{0,{indent}}}(?=[^\s#])")
    if shallow.search(text, 0, len(text) - 1) is not None:
        return False
    return _trim_gap(text, 0, len(text), indent) == len(text)
