"""The minutes of a meeting, made from the files: as Markdown or as one HTML page.

`build` gathers what the minutes say, in order, as a list of blocks: the
header, attendance, the ACTION SUMMARY of earlier actions with their progress
as at the meeting, Matters Arising, every item with its text, actions,
decisions and departures, any other business, and the ACTION SUMMARY of new
actions. `markdown` and `html` only lay those blocks out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ppb import meetings, normalise, render
from ppb.models import Decision
from ppb.snapshot import ID, RAISED, RESTRICTED, SUMMARY, Snapshot
from ppb.store import Store

Block = tuple[str, Any]  # (kind, content)


def ordinal_date(day: dt.date) -> str:
    """13th March 2014, as minutes write it."""
    n = day.day
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} {day:%B %Y}"


def person(handle: str, people: dict[str, dict[str, Any]]) -> str:
    """Christopher Salmon, Police and Crime Commissioner (PCC)."""
    details = people.get(handle) or {}
    words = ", ".join(w for w in (details.get("name"), details.get("role")) if w and w != handle)
    return f"{words} ({handle})" if words else handle


WITHHELD = "(Restricted: not published)"


def build(board: Store, meeting_id: str, public: bool = False) -> tuple[str, list[Block]]:
    """The title of the minutes of meeting M, and their blocks in order.

    With `public`, restricted actions and items are replaced by a placeholder
    everywhere they would appear, and the minutes say how many were withheld.
    """
    meeting_id = meetings.parse_id(meeting_id)
    snapshot = board.load()
    meeting = board.meeting(meeting_id, snapshot.prefix)
    hidden = {row[ID] for row in snapshot.rows if row[RESTRICTED]} if public else set()
    withheld_actions: set[str] = set()  # mentioned in Matters Arising though not in a table
    withheld_items: list[str] = []
    info = snapshot.board
    people = snapshot.people
    by_id = {row[ID]: i for i, row in enumerate(snapshot.rows)}
    name = meeting.board or info["name"]
    blocks: list[Block] = []
    if info.get("notice_cy"):
        blocks.append(("notice", (info["notice_cy"], "cy")))
    if info.get("notice"):
        blocks.append(("notice", (info["notice"], "en")))
    blocks.append(
        ("organisation", [o for o in (info.get("organisation_cy"), info.get("organisation")) if o])
    )
    blocks.append(("title", "Minutes of Meeting"))
    blocks.append(
        (
            "fields",
            [
                (label, value)
                for label, value in (
                    ("Meeting", name),
                    ("Venue", meeting.venue),
                    ("Date", ordinal_date(meeting.date)),
                    ("Time", meeting.time),
                )
                if value
            ],
        )
    )
    groups = [
        ("Members", meeting.attendance.members),
        ("Also present", meeting.attendance.also_present),
        ("Apologies", meeting.attendance.apologies),
    ]
    present = [(label, [person(h, people) for h in hs]) for label, hs in groups if hs]
    if present:
        blocks.append(("attendance", present))
    notice_at = len(blocks)  # where the public version says what it withheld
    for entry in meeting.opening:
        blocks.append(("paragraph", _text(entry, snapshot, by_id, meeting_id)))
    earlier = [
        i
        for i, row in enumerate(snapshot.rows)
        if meetings.raised_before(row, meeting_id)
        and meetings.status_at(row, meeting_id, before=True) in normalise.OPEN_STATUSES
    ]
    blocks.append(
        _summary(
            snapshot, earlier, "Progress", lambda i: _progress(snapshot, i, meeting_id), hidden
        )
    )
    blocks.append(("heading", (2, "Matters Arising")))
    for entry in meeting.matters_arising:
        if isinstance(entry, str):
            blocks.append(("paragraph", entry))
        elif isinstance(entry, Decision):
            blocks.append(("paragraph", entry.decision))
        elif entry.action in hidden:
            withheld_actions.add(entry.action)
            blocks.append(("paragraph", f"{entry.action} – {WITHHELD}"))
        elif entry.text:  # an entry with nothing minuted yet is in the ACTION SUMMARY alone
            blocks.append(("paragraph", f"{entry.action} – {entry.text}"))
    departures = list(meeting.departures)

    def entries(items: list[Any], level: int) -> None:
        for item in items:
            if public and item.restricted:
                withheld_items.append(item.title)
                blocks.append(("heading", (level, "Restricted item")))
                blocks.append(("paragraph", WITHHELD))
                continue
            blocks.append(("heading", (level, item.title)))
            for entry in item.text:
                blocks.append(_entry_block(entry, snapshot, by_id, hidden))
                _departed(getattr(entry, "action", None))
            entries(item.items, min(level + 1, 4))
            _departed(item.title)

    def _departed(anchor: str | None) -> None:
        if anchor is None:
            return
        for departure in [d for d in departures if d.after == anchor]:
            blocks.append(("paragraph", f"The {departure.who} left the meeting."))
            departures.remove(departure)

    entries(meeting.items, 2)
    for departure in departures:  # placed after nothing that exists: at the end of the items
        blocks.append(("paragraph", f"The {departure.who} left the meeting."))
    if meeting.other_business:
        blocks.append(("heading", (2, "Any Other Business")))
        for entry in meeting.other_business:
            blocks.append(_entry_block(entry, snapshot, by_id, hidden))
    new = [i for i, row in enumerate(snapshot.rows) if row[RAISED] == meeting_id]

    def progressed_by(index: int) -> str:
        return " / ".join(snapshot.owners(snapshot.rows[index]))

    blocks.append(_summary(snapshot, new, "To be progressed by:", progressed_by, hidden))
    mentioned = {snapshot.rows[i][ID] for i in (*earlier, *new)} | withheld_actions
    actions_out = len(hidden & mentioned)
    if actions_out or withheld_items:
        said = f"This public version of the minutes withholds {_count(actions_out, 'restricted action')}"
        if withheld_items:
            said += f" and {_count(len(withheld_items), 'restricted item')}"
        blocks.insert(notice_at, ("paragraph", said + "."))
    return f"{name}: minutes of {ordinal_date(meeting.date)}", blocks


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary(
    snapshot: Snapshot, indexes: list[int], third: str, column: Any, hidden: set[str]
) -> Block:
    """An ACTION SUMMARY table of these actions, in number order, with a third column."""
    indexes = sorted(indexes, key=lambda i: normalise.action_number(snapshot.rows[i][ID]))
    rows = [
        (snapshot.rows[i][ID], WITHHELD, "")
        if snapshot.rows[i][ID] in hidden
        else (snapshot.rows[i][ID], snapshot.rows[i][SUMMARY], column(i))
        for i in indexes
    ]
    headers = ("Action N°", "Action Summary", third)
    return ("table", {"caption": "ACTION SUMMARY", "headers": headers, "rows": rows})


def _progress(snapshot: Snapshot, index: int, meeting_id: str) -> str:
    entry = meetings.latest_at(snapshot.rows[index], meeting_id)
    if entry is None:
        return "Open"
    return render.progress({"status": entry[2], "note": entry[3]})


def _text(entry: Any, snapshot: Snapshot, by_id: dict[str, int], meeting_id: str) -> str:
    if isinstance(entry, str):
        return entry
    if hasattr(entry, "decision"):
        return entry.decision
    return entry.text or snapshot.rows[by_id[entry.action]][SUMMARY]


def _entry_block(entry: Any, snapshot: Snapshot, by_id: dict[str, int], hidden: set[str]) -> Block:
    if isinstance(entry, str):
        return ("paragraph", entry)
    if hasattr(entry, "decision"):
        return ("decision", entry.decision)
    if entry.action in hidden:
        return ("action", (entry.action, WITHHELD))
    summary = snapshot.rows[by_id[entry.action]][SUMMARY] if entry.action in by_id else ""
    return ("action", (entry.action, entry.text or summary))


# Markdown


def _md(text: str) -> str:
    """Text that Markdown shows as written."""
    text = render.safe(text)
    for char in "\\`*_[]<>":
        text = text.replace(char, "\\" + char)
    if (text and text[:1] in "#+-=>|") or (text.split(".", 1)[0].isdigit() and ". " in text[:12]):
        text = "\\" + text
    return text


def markdown(title: str, blocks: list[Block]) -> str:
    out: list[str] = []
    for kind, content in blocks:
        if kind == "notice":
            out.append(f"*{_md(content[0])}*")
        elif kind == "organisation":
            out += [f"**{_md(line)}**  " for line in content]
            if out and out[-1].endswith("  "):
                out[-1] = out[-1][:-2]
        elif kind == "title":
            out.append(f"# {_md(content)}")
        elif kind == "fields":
            out.append("\n".join(f"{label}: {_md(value)}  " for label, value in content).rstrip())
        elif kind == "attendance":
            out.append(
                "\n".join(
                    f"**{label}:** {_md('; '.join(names))}  " for label, names in content
                ).rstrip()
            )
        elif kind == "paragraph":
            out.append(_md(content))
        elif kind == "decision":
            out.append(_md(content))
        elif kind == "action":
            out.append(f"**Action:** {_md(content[1])} ({content[0]})")
        elif kind == "heading":
            level, text = content
            out.append(f"{'#' * level} {_md(text)}")
        elif kind == "table":
            rows = [" | ".join(c.replace("|", "\\|") for c in content["headers"])]
            lines = [
                f"### {content['caption']}",
                "",
                f"| {rows[0]} |",
                "|" + "---|" * len(content["headers"]),
            ]
            for row in content["rows"]:
                lines.append("| " + " | ".join(_md(c).replace("|", "\\|") for c in row) + " |")
            if not content["rows"]:
                lines.append("| — | none | |")
            out.append("\n".join(lines))
    return "\n\n".join(part for part in out if part) + "\n"


# HTML: one self-contained, printable, accessible page

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1.25rem; }
.notice { font-style: italic; margin: 0.2rem 0; }
.organisation { font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em; margin: 1.5rem 0 0; }
h1 { font-size: 1.5rem; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 0.4rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0.5rem 0; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
.attendance th { text-align: left; vertical-align: top; padding-right: 1rem; white-space: nowrap; }
.attendance td { padding-bottom: 0.3rem; }
p.action { font-weight: bold; margin-left: 1.5rem; }
p.decision { border-left: 3px solid #555; padding-left: 0.6rem; }
table.summary { border-collapse: collapse; width: 100%; margin: 1rem 0; }
table.summary caption { font-weight: bold; text-align: left; padding: 0.3rem 0; }
table.summary th, table.summary td { border: 1px solid #666; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
table.summary th { background: #e8e8e8; }
table.summary td:first-child, table.summary th:first-child { white-space: nowrap; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3, h4 { break-after: avoid; }
  table.summary tr, p { break-inside: avoid; }
  table.summary th { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def html(title: str, blocks: list[Block]) -> str:
    from html import escape

    def e(text: str) -> str:
        return escape(render.safe(text))

    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    for kind, content in blocks:
        if kind == "notice":
            out.append(f'<p class="notice" lang="{content[1]}">{e(content[0])}</p>')
        elif kind == "organisation":
            langs = ["cy", "en"] if len(content) == 2 else ["en"] * len(content)
            out += [
                f'<p class="organisation" lang="{lang}">{e(o)}</p>'
                for o, lang in zip(content, langs, strict=True)
            ]
        elif kind == "title":
            out.append(f"<h1>{e(content)}</h1>")
        elif kind == "fields":
            out.append('<dl class="fields">')
            out += [f"<dt>{e(label)}:</dt><dd>{e(value)}</dd>" for label, value in content]
            out.append("</dl>")
        elif kind == "attendance":
            out.append('<table class="attendance"><caption hidden>Attendance</caption><tbody>')
            for label, names in content:
                out.append(
                    f'<tr><th scope="row">{e(label)}:</th><td>{"<br>".join(e(n) for n in names)}</td></tr>'
                )
            out.append("</tbody></table>")
        elif kind == "paragraph":
            out.append(f"<p>{e(content)}</p>")
        elif kind == "decision":
            out.append(f'<p class="decision">{e(content)}</p>')
        elif kind == "action":
            out.append(
                f'<p class="action">Action: {e(content[1])} <span class="id">({e(content[0])})</span></p>'
            )
        elif kind == "heading":
            level, text = content
            out.append(f"<h{level}>{e(text)}</h{level}>")
        elif kind == "table":
            out.append('<table class="summary">')
            out.append(f"<caption>{e(content['caption'])}</caption>")
            out.append(
                "<thead><tr>"
                + "".join(f'<th scope="col">{e(h)}</th>' for h in content["headers"])
                + "</tr></thead>"
            )
            out.append("<tbody>")
            for row in content["rows"]:
                cells = f'<th scope="row">{e(row[0])}</th>' + "".join(
                    f"<td>{e(c)}</td>" for c in row[1:]
                )
                out.append(f"<tr>{cells}</tr>")
            if not content["rows"]:
                out.append(f'<tr><td colspan="{len(content["headers"])}">None.</td></tr>')
            out.append("</tbody></table>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def write(
    board: Store, meeting_id: str, fmt: str, output: str | None, public: bool = False
) -> str | None:
    """Render the minutes; to a file (atomically) if `output` is given, else returned."""
    title, blocks = build(board, meeting_id, public)
    text = html(title, blocks) if fmt == "html" else markdown(title, blocks)
    if output is None:
        return text
    from ppb import files
    from ppb.errors import PpbError

    try:
        files.write_atomically(output, text.encode("utf-8"))
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
    return None
