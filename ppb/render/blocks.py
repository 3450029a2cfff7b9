"""The minutes as a document of typed blocks: what each layout (md, html, docx) lays out.

Each block is one thing the minutes say, in reading order; `Document` is the
title, the language and the blocks, every word already in that language (the
labels too), so a layout has no words of its own. Text shown in English in a
document of another language, for want of a translation, is `Untranslated`:
a layout marks it (with its `mark`) and tags it as English. `Bilingual` is one
document in two languages, block for block, the first (Welsh) first.
`minutes.build` makes them; `minutes_md` and `minutes_html` lay them out, with
one function per kind of block.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Untranslated(str):
    """English shown where the document's language has no (current) translation of it."""

    mark: str  # what the layout shows after it: "[Saesneg]"
    lang = "en"

    def __new__(cls, text: str, mark: str) -> Untranslated:
        value = super().__new__(cls, text)
        value.mark = mark
        return value


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
    caption: str = "Attendance"  # for a screen reader


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
    label: str = "Action"


@dataclass(frozen=True)
class SummaryTable:
    caption: str
    headers: tuple[str, str, str]
    rows: tuple[tuple[str, str, str], ...]
    empty: str = "None."  # said when there are no rows


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
    lang: str = "en"
    # (key, English, state) of every translatable text the document says, in order:
    # what a translator is sent, and what the command counts (see `translatable`).
    texts: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Bilingual:
    """One document in two languages, block for block (built by the same code): first first."""

    first: Document
    second: Document

    def pairs(self) -> list[tuple[Block, Block]]:
        return list(zip(self.first.blocks, self.second.blocks, strict=True))
