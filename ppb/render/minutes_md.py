"""The minutes as Markdown: one function per kind of block.

A bilingual document is its two documents in turn, Welsh first, after the
blocks they share (the bilingual notice and letterhead), with a rule between.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ppb.render import blocks as m
from ppb.text import printable


def render(document: m.Document | m.Bilingual) -> str:
    if isinstance(document, m.Bilingual):
        shared = _shared(document)
        first, second = document.first.blocks[shared:], document.second.blocks[shared:]
        return _blocks([*document.first.blocks[:shared], *first]) + "\n---\n\n" + _blocks(second)
    return _blocks(document.blocks)


def _shared(document: m.Bilingual) -> int:
    """How many of the first blocks are the same in both languages (the notice, the letterhead)."""
    count = 0
    for first, second in document.pairs():
        if type(first) not in (m.Notice, m.Organisation) or first != second:
            break
        count += 1
    return count


def _blocks(blocks: list[m.Block]) -> str:
    parts = [_LAYOUT[type(block)](block) for block in blocks]
    return "\n\n".join(part for part in parts if part) + "\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written."""
    text = printable(text)
    for char in "\\`*_[]<>":
        text = text.replace(char, "\\" + char)
    if (text and text[:1] in "#+-=>|") or (text.split(".", 1)[0].isdigit() and ". " in text[:12]):
        text = "\\" + text
    return text


def _text(text: str) -> str:
    """Text that Markdown shows as written, marked where it is English for want of a translation."""
    if isinstance(
        text, m.Untranslated
    ):  # brackets alone make no link: "[Saesneg]" reads as written
        mark = _md(text.mark).replace("\\[", "[").replace("\\]", "]")
        return f"{_md(text)} *{mark}*"
    return _md(text)


def _notice(block: m.Notice) -> str:
    return f"*{_md(block.text)}*"


def _organisation(block: m.Organisation) -> str:
    return "  \n\n".join(f"**{_md(line)}**" for line in block.lines)  # a paragraph each


def _title(block: m.Title) -> str:
    return f"# {_md(block.text)}"


def _fields(block: m.Fields) -> str:
    return "  \n".join(f"{label}: {_text(value)}" for label, value in block.pairs)


def _attendance(block: m.Attendance) -> str:
    return "  \n".join(
        f"**{_md(label)}:** {'; '.join(_text(n) for n in names)}" for label, names in block.groups
    )


def _heading(block: m.Heading) -> str:
    return f"{'#' * block.level} {_text(block.text)}"


def _paragraph(block: m.Paragraph | m.DecisionLine) -> str:
    return _text(block.text)


def _action(block: m.ActionLine) -> str:
    return f"**{_md(block.label)}:** {_text(block.text)} ({_md(block.id)})"


def _table(block: m.SummaryTable) -> str:
    lines = [
        f"### {_md(block.caption)}",
        "",
        "| " + " | ".join(h.replace("|", "\\|") for h in block.headers) + " |",
        "|" + "---|" * len(block.headers),
    ]
    lines += [
        "| " + " | ".join(_text(c).replace("|", "\\|") for c in row) + " |" for row in block.rows
    ]
    if not block.rows:
        lines.append(f"| — | {_md(block.empty)} | |")
    return "\n".join(lines)


_LAYOUT: dict[type, Callable[[Any], str]] = {
    m.Notice: _notice,
    m.Organisation: _organisation,
    m.Title: _title,
    m.Fields: _fields,
    m.Attendance: _attendance,
    m.Heading: _heading,
    m.Paragraph: _paragraph,
    m.DecisionLine: _paragraph,
    m.ActionLine: _action,
    m.SummaryTable: _table,
}
