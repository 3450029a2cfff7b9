"""The minutes as one self-contained, printable, accessible HTML page: one function per block.

A bilingual document is laid out side by side, Welsh on the left: one row per
pair of blocks, so each paragraph stands beside its translation, and the
blocks both share (the bilingual notice and letterhead) across both columns.
Every part is tagged with its language, English shown for want of a Welsh
translation too, so a screen reader speaks each in its own voice.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from ppb.render import blocks as m
from ppb.text import printable

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1.25rem; }
.notice { font-style: italic; margin: 0.2rem 0; }
.organisation { font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em; margin: 1.5rem 0 0; }
.organisation + .organisation { margin-top: 0.25rem; }
h1 { font-size: 1.5rem; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.4rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
dl.fields { display: grid; grid-template-columns: 8rem 1fr; gap: 0.1rem 0; margin: 0.5rem 0; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
table.attendance { border-collapse: collapse; margin: 0.8rem 0; }
.attendance th { text-align: left; vertical-align: top; width: 8rem; padding: 0 0 0.4rem; white-space: nowrap; }
.attendance td { padding: 0 0 0.4rem; }
p.action { font-weight: bold; margin-left: 1.5rem; }
p.decision { border-left: 3px solid #555; padding-left: 0.6rem; }
table.summary { border-collapse: collapse; width: 100%; margin: 1rem 0; }
table.summary caption { font-weight: bold; text-align: left; padding: 0.3rem 0; }
table.summary th, table.summary td { border: 1px solid #666; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
table.summary thead th { background: #e8e8e8; }
table.summary td:first-child, table.summary th:first-child { white-space: nowrap; }
/* Printed (or saved as PDF), the minutes are A4 with the page number at the foot. Chromium
   draws CSS page-margin boxes since version 131, and once a page has any, it leaves out its
   own header and footer (date, title, file address) even with "Headers and footers" ticked:
   the empty top box is there for that. An older Chromium ignores margin boxes: print it with
   --no-pdf-header-footer (as the README does) for clean pages, without page numbers. */
@page {
  size: A4;
  margin: 18mm 17mm 20mm;
  @top-center { content: ""; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8.5pt Arial, sans-serif; color: #444; }
}
main.bilingual { max-width: 80rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2.5rem; }
.pair > div > :first-child { margin-top: 0.6rem; }
.pair h2 { margin-top: 1.4rem; }
.bilingual .shared { text-align: center; }
.untranslated { color: #6b4e00; font-size: 0.85em; font-style: italic; white-space: nowrap; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3, h4, table.summary caption { break-after: avoid; }
  table.summary thead { display: table-header-group; } /* repeated on every page */
  table.summary tr, p { break-inside: avoid; }
  table.summary thead th { background: none; border-bottom-width: 2px; }
  a { color: inherit; text-decoration: none; }
  .pair { break-inside: avoid; }
}
@page bilingual { size: A4 landscape; }
main.bilingual { page: bilingual; }
"""


def render(document: m.Document | m.Bilingual) -> str:
    if isinstance(document, m.Bilingual):
        first, second = document.first, document.second
        title, lang, body = f"{first.title} / {second.title}", first.lang, _side_by_side(document)
    else:
        title, lang = document.title, document.lang
        body = [line for block in document.blocks for line in _LAYOUT[type(block)](block)]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<main class="bilingual">' if isinstance(document, m.Bilingual) else "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _side_by_side(document: m.Bilingual) -> list[str]:
    out = []
    langs = (document.first.lang, document.second.lang)
    for first, second in document.pairs():
        if type(first) in (m.Notice, m.Organisation) and first == second:
            out += ['<div class="shared">', *_LAYOUT[type(first)](first), "</div>"]
            continue
        out.append('<div class="pair">')
        for block, lang in zip((first, second), langs, strict=True):
            out += [f'<div lang="{_e(lang)}">', *_LAYOUT[type(block)](block), "</div>"]
        out.append("</div>")
    return out


def _e(text: str) -> str:
    return escape(printable(text))


def _t(text: str) -> str:
    """Text escaped; English shown for want of a translation tagged as English, and marked."""
    if isinstance(text, m.Untranslated):
        mark = f'<span class="untranslated">{_e(text.mark)}</span>'
        return f'<span lang="{text.lang}">{_e(text)}</span> {mark}'
    return _e(text)


def _notice(block: m.Notice) -> list[str]:
    return [f'<p class="notice" lang="{block.lang}">{_e(block.text)}</p>']


def _organisation(block: m.Organisation) -> list[str]:
    langs = ["cy", "en"] if len(block.lines) == 2 else ["en"] * len(block.lines)
    return [
        f'<p class="organisation" lang="{lang}">{_e(line)}</p>'
        for line, lang in zip(block.lines, langs, strict=True)
    ]


def _title(block: m.Title) -> list[str]:
    return [f"<h1>{_e(block.text)}</h1>"]


def _fields(block: m.Fields) -> list[str]:
    pairs = [f"<dt>{_e(label)}:</dt><dd>{_t(value)}</dd>" for label, value in block.pairs]
    return ['<dl class="fields">', *pairs, "</dl>"]


def _attendance(block: m.Attendance) -> list[str]:
    rows = [
        f'<tr><th scope="row">{_e(label)}:</th><td>{"<br>".join(_t(n) for n in names)}</td></tr>'
        for label, names in block.groups
    ]
    caption = f"<caption hidden>{_e(block.caption)}</caption>"
    return [f'<table class="attendance">{caption}<tbody>', *rows, "</tbody></table>"]


def _heading(block: m.Heading) -> list[str]:
    return [f"<h{block.level}>{_t(block.text)}</h{block.level}>"]


def _paragraph(block: m.Paragraph) -> list[str]:
    return [f"<p>{_t(block.text)}</p>"]


def _decision(block: m.DecisionLine) -> list[str]:
    return [f'<p class="decision">{_t(block.text)}</p>']


def _action(block: m.ActionLine) -> list[str]:
    said = f"{_e(block.label)}: {_t(block.text)}"
    return [f'<p class="action">{said} <span class="id">({_e(block.id)})</span></p>']


def _table(block: m.SummaryTable) -> list[str]:
    headers = "".join(f'<th scope="col">{_e(h)}</th>' for h in block.headers)
    out = ['<table class="summary">', f"<caption>{_e(block.caption)}</caption>",
           f"<thead><tr>{headers}</tr></thead>", "<tbody>"]  # fmt: skip
    for row in block.rows:
        cells = f'<th scope="row">{_e(row[0])}</th>' + "".join(f"<td>{_t(c)}</td>" for c in row[1:])
        out.append(f"<tr>{cells}</tr>")
    if not block.rows:
        out.append(f'<tr><td colspan="{len(block.headers)}">{_e(block.empty)}</td></tr>')
    out.append("</tbody></table>")
    return out


_LAYOUT: dict[type, Callable[[Any], list[str]]] = {
    m.Notice: _notice,
    m.Organisation: _organisation,
    m.Title: _title,
    m.Fields: _fields,
    m.Attendance: _attendance,
    m.Heading: _heading,
    m.Paragraph: _paragraph,
    m.DecisionLine: _decision,
    m.ActionLine: _action,
    m.SummaryTable: _table,
}
