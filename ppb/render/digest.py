"""An owner's digest in Markdown, HTML, Word (in the minutes' house styles) or as a
ready-to-send RFC 5322 message (the standard library's `email`)."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Any

from ppb.history import status_word
from ppb.render import latest, markdown_table
from ppb.text import printable

FORMATS = ("md", "html", "docx", "eml")
HEADERS = ("Action", "Summary", "Raised", "Carried", "Due", "Latest progress")

Record = dict[str, Any]


def title(board: str, handle: str, name: str | None) -> str:
    who = f"{handle} ({name})" if name and name != handle else handle
    return f"{board}: open actions of {who}"


def _rows(records: Sequence[Record]) -> list[list[str]]:
    rows = []
    for r in records:
        due = r["due"] or ""
        if r["overdue"]:
            due = f"{due} (overdue)"
        said = latest(r)
        progress = f"{status_word(r['status'])} – {said}" if said else status_word(r["status"])
        rows.append([r["id"], r["summary"], r["raised"] or r["raised_on"] or "—", str(r["carried"]),
                     due, progress])  # fmt: skip
    return rows


def _lead(records: Sequence[Record], today: str) -> str:
    count = len(records)
    overdue = sum(1 for r in records if r["overdue"])
    said = f"As at {today}: {count} open action{'s' * (count != 1)}"
    return said + (f", {overdue} overdue." if overdue else ".")


def markdown(heading: str, records: Sequence[Record], today: str) -> str:
    out = f"# {printable(heading)}\n\n{_lead(records, today)}\n\n"
    return out + (markdown_table(HEADERS, _rows(records)) if records else "")


def page(heading: str, records: Sequence[Record], today: str) -> str:
    """One self-contained HTML page."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(printable(c))}</td>" for c in row) + "</tr>\n"
        for row in _rows(records)
    )
    table = f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em;"
        "text-align:left;vertical-align:top}"
        "td:nth-child(1),td:nth-child(3),td:nth-child(5){white-space:nowrap}"
        "td:nth-child(4){text-align:right}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(heading)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<h1>{e(printable(heading))}</h1>\n<p>{e(_lead(records, today))}</p>\n"
        f"{table if records else ''}</body>\n</html>\n"
    )


def word(heading: str, records: Sequence[Record], today: str) -> bytes:
    """The digest as a .docx, in the Word minutes' house styles."""
    from ppb.render import minutes_docx as house

    document = house._open(None)
    house._ensure_styles(document, None)
    house._house_page(document)
    layout = house._Layout(document)
    layout.paragraph("Title", heading)
    layout.paragraph("Normal", _lead(records, today))
    if records:
        table = document.add_table(rows=1, cols=len(HEADERS))
        table.style = document.styles[house.TABLE]
        house._header_row(layout, table, HEADERS)
        for row in _rows(records):
            added = table.add_row()
            house._keep_together(added)
            for cell, text in zip(added.cells, row, strict=True):
                cell.paragraphs[0].style = document.styles[house.TABLE_TEXT]
                layout.run(cell.paragraphs[0], text)
        from ppb.render.request_docx import widths

        widths(table, layout.width(), (0.11, 0.33, 0.14, 0.09, 0.13, 0.2))
    document.core_properties.title = heading
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def message(heading: str, records: Sequence[Record], today: str, to: str | None,
            sender: str | None) -> bytes:  # fmt: skip
    """A ready-to-send message: plain text (the Markdown) with the HTML as an alternative."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import formatdate

    mail = EmailMessage(policy=SMTP)
    mail["Subject"] = heading
    if sender:
        mail["From"] = sender
    if to:
        mail["To"] = to
    mail["Date"] = formatdate(localtime=False)
    mail.set_content(markdown(heading, records, today))
    mail.add_alternative(page(heading, records, today), subtype="html")
    return bytes(mail)
