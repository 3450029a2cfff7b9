"""The chair's dashboard as one self-contained, printable HTML page, its charts inline SVG.

No script, no font or image fetched: the page is the file. Each chart is drawn
from the numbers (bars are rectangles, labels are text), carries a title and a
description for screen readers, and is followed by the same numbers as a table
or list, so nothing is only a picture. The page prints on A4 portrait.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ppb.history import status_word
from ppb.text import printable

if TYPE_CHECKING:
    from ppb.report import Dashboard, Row

BLUE, RED, AMBER, GREEN, GREY = "#1f5f8b", "#b3261e", "#b86e00", "#2e7d32", "#666"
WIDTH = 640  # the viewBox of every chart; it scales to the page
LABEL = 120  # room for the labels left of horizontal bars
BAR = 18
GAP = 6
MOST_BARS = 25  # rows a bar chart draws before it counts instead

_CSS = """
:root { color-scheme: light; }
body { font: 10.5pt/1.4 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0; }
main { max-width: 180mm; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 0.2rem; }
.asat { color: #444; margin: 0 0 0.8rem; }
.withheld { font-style: italic; }
h2 { font-size: 1.1rem; margin: 1.3rem 0 0.3rem; border-bottom: 1px solid #999; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.6rem; margin: 0.8rem 0; }
.tile { border: 1px solid #bbb; border-radius: 4px; padding: 0.4rem 0.6rem; }
.tile b { display: block; font-size: 1.6rem; line-height: 1.2; }
.tile.alert b { color: #b3261e; }
figure { margin: 0.4rem 0 0.6rem; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.9em; color: #333; }
.key span { display: inline-block; width: 0.8em; height: 0.8em; margin: 0 0.25em 0 0.8em; vertical-align: -0.05em; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0; font-size: 0.92em; }
th, td { border: 1px solid #999; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
thead th { background: #eee; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.id, td.due { white-space: nowrap; }
tr.overdue td.due { color: #b3261e; font-weight: bold; }
.none { color: #444; font-style: italic; }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  body { font-size: 9.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  thead th { background: none; border-bottom-width: 2px; }
}
"""


def _t(text: object) -> str:
    return escape(printable(str(text), one_line=True))


def render(board: Dashboard) -> str:
    overdue = [row for row in board.open if row.overdue]
    body = [
        f"<h1>{_t(board.board)}: actions at a glance</h1>",
        _as_at(board),
        _tiles(board, overdue),
        "<h2>Open actions by owner</h2>",
        _by_owner(board),
        "<h2>How long each open action has been carried</h2>",
        _carried(board),
        "<h2>Overdue</h2>",
        _table(overdue, "No open action is past its due date."),
        "<h2>Raised and closed, meeting by meeting</h2>",
        _per_meeting(board),
        "<h2>Every open action</h2>",
        _table(board.open, "No action is open."),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_t(board.board)}: actions at a glance</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n"
        "</body>\n</html>\n"
    )


def _as_at(board: Dashboard) -> str:
    latest = f"; the latest meeting was {_t(board.latest)}" if board.latest else "; no meeting yet"
    said = f'<p class="asat">As at {_t(board.today)}{latest}.</p>'
    if board.withheld:
        said += f'\n<p class="withheld">{_t(board.withheld)}</p>'
    return said


def _tiles(board: Dashboard, overdue: list[Row]) -> str:
    progress = sum(1 for row in board.open if row.status == "in progress")
    long = sum(1 for row in board.open if row.carried >= 3)
    tiles = [
        ("", len(board.open), "open actions"),
        ("", progress, "in progress"),
        (" alert" if overdue else "", len(overdue), "overdue"),
        (" alert" if long else "", long, "carried 3 meetings or more"),
    ]
    inner = "".join(f'<div class="tile{c}"><b>{n}</b>{_t(what)}</div>' for c, n, what in tiles)
    return f'<div class="tiles">{inner}</div>'


def _svg(height: int, title: str, description: str, parts: list[str]) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{slug}" font-family="Arial, sans-serif" font-size="12">'
        f'<title id="{slug}">{_t(title)}</title><desc>{_t(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _hbars(rows: list[tuple[str, list[tuple[int, str]]]], title: str, description: str) -> str:
    """Horizontal stacked bars: one row per label, each segment (value, colour)."""
    biggest = max((sum(v for v, _ in segments) for _, segments in rows), default=0) or 1
    room = WIDTH - LABEL - 40
    parts = []
    for n, (label, segments) in enumerate(rows):
        y = GAP + n * (BAR + GAP)
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end">{_t(label[:18])}</text>'
        )
        x = float(LABEL)
        parts.append(f'<rect x="{x - 1}" y="{y}" width="1" height="{BAR}" fill="{GREY}"/>')
        for value, colour in segments:
            width = room * value / biggest
            if width:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'
                )
            x += width
        total = sum(v for v, _ in segments)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + BAR - 5}">{total}</text>')
    height = GAP + len(rows) * (BAR + GAP)
    return _svg(height, title, description, parts)


def _key(*entries: tuple[str, str]) -> str:
    return "".join(f'<span style="background:{c}"></span>{_t(what)}' for c, what in entries)


def _by_owner(board: Dashboard) -> str:
    if not board.by_owner:
        return '<p class="none">No action is open.</p>'
    rows = [(owner, [(n - late, BLUE), (late, RED)]) for owner, n, late in board.by_owner]
    said = "; ".join(
        f"{o}: {n} open" + (f", {late} overdue" if late else "") for o, n, late in board.by_owner
    )
    chart = _hbars(rows, "Open actions by owner", said)
    names = [
        f"{_t(o)} is {_t(board.names[o])}"
        for o, _, _ in board.by_owner
        if board.names.get(o, o) != o
    ]
    caption = (
        f'<figcaption class="key">{_key((BLUE, "open"), (RED, "overdue"))}. '
        "An action with several owners counts for each. "
        + ("; ".join(names) + "." if names else "")
        + "</figcaption>"
    )
    return f"<figure>{chart}{caption}</figure>"


def _carried(board: Dashboard) -> str:
    if not board.open:
        return '<p class="none">No action is open.</p>'
    if len(board.open) > MOST_BARS:
        return _carried_counts(board)
    rows = [(row.id, [(row.carried, _carried_colour(row.carried))]) for row in board.open]
    said = "; ".join(f"{row.id}: {row.carried}" for row in board.open)
    chart = _hbars(rows, "Meetings each open action has been carried to", said)
    caption = (
        '<figcaption class="key">The number of meetings each open action has been carried to, '
        f"longest first.{_CARRIED_KEY}</figcaption>"
    )
    return f"<figure>{chart}{caption}</figure>"


def _carried_counts(board: Dashboard) -> str:
    """Too many actions for a bar each: how many have been carried to 0, 1, 2 … meetings."""
    counts: dict[int, int] = {}
    for row in board.open:
        counts[row.carried] = counts.get(row.carried, 0) + 1
    rows = [
        (_meetings(n), [(counts[n], _carried_colour(n))])
        for n in sorted(counts, reverse=True)[:MOST_BARS]
    ]
    said = "; ".join(f"{label}: {segments[0][0]} actions" for label, segments in rows)
    chart = _hbars(rows, "Open actions by the meetings they have been carried to", said)
    caption = (
        '<figcaption class="key">How many open actions have been carried to each number of '
        "meetings, longest first (every open action, with its own count, is listed at the end)."
        f"{_CARRIED_KEY}</figcaption>"
    )
    return f"<figure>{chart}{caption}</figure>"


def _meetings(n: int) -> str:
    return f"{n} meeting{'s' * (n != 1)}"


def _carried_colour(n: int) -> str:
    return RED if n >= 3 else AMBER if n else GREEN


_CARRIED_KEY = _key((GREEN, "not yet"), (AMBER, "1–2"), (RED, "3 or more"))


def _per_meeting(board: Dashboard) -> str:
    if not board.per_meeting:
        return '<p class="none">No meeting has been held yet.</p>'
    shown = board.per_meeting[-24:]
    top = max((max(r, c) for _, r, c in shown), default=0) or 1
    plot, base = 150, 170
    step = (WIDTH - 40) / len(shown)
    bar = min(22.0, step / 2 - 3)
    parts = [f'<line x1="30" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="{GREY}"/>']
    for n, (meeting, raised, closed) in enumerate(shown):
        x = 34 + n * step + step / 2 - bar
        for offset, value, colour in ((0.0, raised, BLUE), (bar, closed, GREEN)):
            height = plot * value / top
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{base - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{colour}"/>'
                f'<text x="{x + offset + bar / 2:.1f}" y="{base - height - 3:.1f}" '
                f'text-anchor="middle" font-size="10">{value}</text>'
            )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{base + 14}" text-anchor="middle" font-size="10">'
            f"{_t(meeting)}</text>"
        )
    said = "; ".join(f"{m}: {r} raised, {c} closed" for m, r, c in shown)
    chart = _svg(base + 22, "Actions raised and closed at each meeting", said, parts)
    caption = (
        f'<figcaption class="key">{_key((BLUE, "raised"), (GREEN, "closed"))}. Actions raised '
        "between meetings count at the next one; closed means completed or withdrawn since the "
        "meeting before.</figcaption>"
    )
    return f"<figure>{chart}{caption}</figure>"


def _table(rows: list[Row], empty: str) -> str:
    if not rows:
        return f'<p class="none">{_t(empty)}</p>'
    head = (
        "<thead><tr><th>Action</th><th>Summary</th><th>Owners</th><th>Status</th>"
        '<th>Due</th><th class="n">Carried</th><th>Latest progress</th></tr></thead>'
    )
    lines = [
        f'<tr class="{"overdue" if row.overdue else ""}"><td class="id">{_t(row.id)}</td>'
        f"<td>{_t(row.summary)}</td><td>{_t(', '.join(row.owners))}</td>"
        f'<td>{_t(status_word(row.status))}</td><td class="due">{_t(row.due or "")}</td>'
        f'<td class="n">{row.carried}</td><td>{_t(row.progress or "")}</td></tr>'
        for row in rows
    ]
    return f"<table>{head}<tbody>{''.join(lines)}</tbody></table>"
