"""The minutes as a document of typed blocks: what each layout (md, html, docx) lays out.

Each block is one thing the minutes say, in reading order; `Document` is the
title and the blocks. `minutes.build` makes one; `minutes_md` and
`minutes_html` lay one out, with one function per kind of block.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Notice:
    text: str
    lang: str  # "cy" or "en"


@dataclass(frozen=True)
class Organisation:
    lines: tuple[str, ...]  # Welsh first, where there is Welsh


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Fields:
    pairs: tuple[tuple[str, str], ...]  # Meeting, Venue, Date, Time


@dataclass(frozen=True)
class Attendance:
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (Members, (names …)) …


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class DecisionLine:
    text: str


@dataclass(frozen=True)
class ActionLine:
    id: str
    text: str


@dataclass(frozen=True)
class SummaryTable:
    caption: str
    headers: tuple[str, str, str]
    rows: tuple[tuple[str, str, str], ...]


Block = (
    Notice
    | Organisation
    | Title
    | Fields
    | Attendance
    | Heading
    | Paragraph
    | DecisionLine
    | ActionLine
    | SummaryTable
)


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
