"""Where each part of a register file lies, line by line.

Writes edit one part of a file (one action, or the `people` section) and splice
it back, so that every other line stays byte for byte. This module finds the
parts from the text alone; the store checks that what it found agrees with
the parsed data before it trusts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOP_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"\-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s|$)""")
_ITEM = re.compile(r"( *)-(?: |$)")


@dataclass(frozen=True)
class Span:
    """Lines [start, end) of the file (0-based)."""

    start: int
    end: int


@dataclass
class Layout:
    lines: list[str]
    sections: dict[str, Span] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    blocks: list[Span] = field(default_factory=list)
    item_indent: int | None = None
    problems: list[str] = field(default_factory=list)

    def section_body_end(self, key: str) -> int:
        """The line after the last line of a section's content (trailing gap excluded)."""
        span = self.sections[key]
        end = span.end
        while end > span.start + 1 and _is_gap(self.lines[end - 1], 0):
            end -= 1
        return end


def split(text: str) -> Layout:
    """Sections by top-level key, and the line spans of each item under `actions`."""
    lines = text.splitlines(keepends=True)
    layout = Layout(lines)
    current: str | None = None
    for number, line in enumerate(lines):
        if not line.strip() or line[0] in " \t#":
            continue
        if _ITEM.match(line) and current is not None:
            continue  # a list item written at column 0 under its key
        if line.startswith(("---", "...")):
            layout.problems.append(f"line {number + 1}: a document marker")
            continue
        match = _TOP_KEY.match(line)
        if not match:
            layout.problems.append(f"line {number + 1}: not a top-level key")
            continue
        key = match.group(0).rstrip().rstrip(":").strip().strip("'\"")
        if current is not None:
            layout.sections[current] = Span(layout.sections[current].start, number)
        if key in layout.sections:
            layout.problems.append(f"line {number + 1}: {key} appears twice")
        layout.sections[key] = Span(number, len(lines))
        layout.order.append(key)
        current = key
    if "actions" in layout.sections:
        _split_items(layout, layout.sections["actions"])
    return layout


def _split_items(layout: Layout, span: Span) -> None:
    lines = layout.lines
    starts: list[int] = []
    for number in range(span.start + 1, span.end):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if layout.item_indent is None:
            if not match:
                layout.problems.append(f"line {number + 1}: actions is not a list of items")
                return
            layout.item_indent = indent
        if match and indent == layout.item_indent:
            starts.append(number)
        elif indent <= layout.item_indent:
            layout.problems.append(f"line {number + 1}: indented less than the action above")
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else span.end
        while end > start + 1 and _is_gap(lines[end - 1], layout.item_indent or 0):
            end -= 1
        layout.blocks.append(Span(start, end))


def _is_gap(line: str, indent: int) -> bool:
    """Blank lines, and comments at or left of the items' indent, sit between items."""
    stripped = line.strip()
    if not stripped:
        return True
    return stripped.startswith("#") and len(line) - len(line.lstrip()) <= indent
