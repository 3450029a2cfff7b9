"""The minutes as Markdown: one function per kind of block."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ppb.render import blocks as m
from ppb.text import printable


def render(document: m.Document) -> str:
    parts = [_LAYOUT[type(block)](block) for block in document.blocks]
    return "\n\n".join(part for part in parts if part) + "\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written."""
    text = printable(text)
    for char in "\\`*_[]<>":
        text = text.replace(char, "\\" + char)
    if (text and text[:1] in "#+-=>|") or (text.split(".", 1)[0].isdigit() and ". " in text[:12]):
        text = "\\" + text
    return text


def _notice(block: m.Notice) -> str:
    return f"*{_md(block.text)}*"


def _organisation(block: m.Organisation) -> str:
    return "  \n\n".join(f"**{_md(line)}**" for line in block.lines)  # a paragraph each


def _title(block: m.Title) -> str:
    return f"# {_md(block.text)}"


def _fields(block: m.Fields) -> str:
    return "  \n".join(f"{label}: {_md(value)}" for label, value in block.pairs)


def _attendance(block: m.Attendance) -> str:
    return "  \n".join(f"**{label}:** {_md('; '.join(names))}" for label, names in block.groups)


def _heading(block: m.Heading) -> str:
    return f"{'#' * block.level} {_md(block.text)}"


def _paragraph(block: m.Paragraph | m.DecisionLine) -> str:
    return _md(block.text)


def _action(block: m.ActionLine) -> str:
    return f"**Action:** {_md(block.text)} ({block.id})"


def _table(block: m.SummaryTable) -> str:
    lines = [
        f"### {block.caption}",
        "",
        "| " + " | ".join(h.replace("|", "\\|") for h in block.headers) + " |",
        "|" + "---|" * len(block.headers),
    ]
    lines += [
        "| " + " | ".join(_md(c).replace("|", "\\|") for c in row) + " |" for row in block.rows
    ]
    if not block.rows:
        lines.append("| — | none | |")
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
