"""An owner's update request as a Word form (python-docx), and the form read back.

The form is a table of the owner's actions open at a meeting, with empty "New status"
and "Update" columns for the owner to fill in, in the house styles of the Word
minutes (`minutes_docx`). A marker in the document's properties and in a hidden
paragraph (either is enough) names the board, the owner and the meeting, so that a form read back
is checked against where it came from. python-docx is imported only inside the
functions.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from ppb.errors import PpbError
from ppb.render import minutes_docx as house

HEADERS = ("Action", "Summary", "Status", "Latest progress", "New status", "Update")
MARKER = "ppb-request"


class Marker(NamedTuple):
    board: str
    prefix: str
    owner: str
    meeting: str


class Answer(NamedTuple):
    """One filled-in row of a form: where it is (its row, counting the heading as 1)."""

    row: int
    action: str
    status: str
    update: str


def render(marker: Marker, title: str, rows: Sequence[Sequence[str]], note: str) -> bytes:
    """The form's bytes: a title, how to fill it in, and the table."""
    from docx.enum.section import WD_ORIENT

    word = house._open(None)
    house._ensure_styles(word, None)
    house._house_page(word)
    section = word.sections[-1]  # landscape: six columns of text
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    layout = house._Layout(word)
    layout.paragraph("Title", title)
    layout.paragraph("Normal", note)
    table = word.add_table(rows=1, cols=len(HEADERS))
    table.style = word.styles[house.TABLE]
    house._header_row(layout, table, HEADERS)
    for row in rows:
        added = table.add_row()
        house._keep_together(added)
        for cell, text in zip(added.cells, [*row, "", ""], strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = word.styles[house.TABLE_TEXT]
            if text:
                layout.run(paragraph, text)
    widths(table, layout.width(), (0.09, 0.25, 0.11, 0.2, 0.11, 0.24))
    said = json.dumps({MARKER: 1, **marker._asdict()}, ensure_ascii=False)
    hidden = word.add_paragraph().add_run(f"{MARKER} {said}")  # Word keeps hidden text
    hidden.font.hidden = True
    props = word.core_properties
    props.title = title
    props.author = marker.board
    props.identifier = said
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def widths(table: Any, width: int, shares: Sequence[float]) -> None:
    """Each column its share of the width between the margins."""
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        size = int(width * share)
        column.width = size
        for cell in column.cells:
            cell.width = size


def read(path: str) -> tuple[Marker, list[Answer]]:
    """The form's marker and every row the owner filled in (a status or an update)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data = house._template_bytes(path)  # checked to be a sane .docx first (no zip bomb)
    try:
        word = docx.Document(io.BytesIO(data))
    except (ValueError, PackageNotFoundError, KeyError, SyntaxError) as exc:
        raise PpbError(f"{path}: not a Word document (.docx): {exc}") from None
    kept = [p.text[len(MARKER) + 1 :] for p in word.paragraphs if p.text.startswith(MARKER + " ")]
    marker = _marker(path, word.core_properties.identifier or (kept[-1] if kept else ""))
    table = next((t for t in word.tables if _texts(t.rows[0]) == list(HEADERS)), None)
    if table is None:
        raise PpbError(f"{path}: no table of actions with the columns {', '.join(HEADERS)}")
    answers = []
    for number, row in enumerate(table.rows[1:], start=2):
        action, _, _, _, status, update = _texts(row)[: len(HEADERS)]
        if status or update:
            answers.append(Answer(number, action, status, update))
    return marker, answers


def _marker(path: str, text: str) -> Marker:
    try:
        found = json.loads(text)
        if found.pop(MARKER) != 1:
            raise ValueError
        return Marker(**{k: str(found[k]) for k in Marker._fields})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PpbError(
            f"{path}: not an update request made by `ppb request` (its marker is missing)"
        ) from None


def _texts(row: Any) -> list[str]:
    return [" ".join(cell.text.split()) for cell in row.cells]
