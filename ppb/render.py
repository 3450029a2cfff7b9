"""How records look: Rich tables for people, JSON, CSV and Markdown for scripts and documents.

Everything here works on records, the plain dicts of the JSON contract
(`Snapshot.record`). Rich is imported only when a table is printed; machine
formats never pay for it. Text from files is printed literally: never read as
Rich markup, and control characters are shown as escapes rather than sent to
the terminal.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

FORMATS = ("table", "json", "csv", "md")
FIELDS = (
    "id",
    "summary",
    "owners",
    "status",
    "raised",
    "due",
    "item",
    "see",
    "restricted",
    "history",
)
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # compiled on first use

Record = dict[str, Any]


def safe(text: str) -> str:
    """Text with control characters (escape sequences included) made visible."""
    return re.sub(_CONTROL, lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def status_word(status: str) -> str:
    return status[:1].upper() + status[1:]


def progress(entry: Record | None) -> str:
    """Progress as the minutes write it: 'In progress – paper to be sent to OPCC'."""
    if not entry:
        return ""
    word = status_word(entry["status"])
    return f"{word} – {entry['note']}" if entry.get("note") else word


def person_records(people: dict[str, dict[str, Any]]) -> list[Record]:
    return [
        {
            "handle": h,
            "name": p.get("name"),
            "role": p.get("role"),
            "aliases": list(p.get("aliases") or []),
        }
        for h, p in people.items()
    ]


def write(text: str) -> None:
    sys.stdout.write(text)


def _json(value: Any) -> str:
    import json

    if sys.stdout.isatty():
        return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(value, ensure_ascii=False) + "\n"  # the C encoder: fast for big lists


def actions(records: Sequence[Record], fmt: str, title: str | None = None) -> None:
    """Print a list of actions in one of FORMATS."""
    if fmt == "json":
        write(_json(list(records)))
    elif fmt == "csv":
        write(_csv(FIELDS, (_flat(r) for r in records)))
    elif fmt == "md":
        rows = [
            [r["id"], ", ".join(r["owners"]), r["summary"], status_word(r["status"]), _latest(r)]
            for r in records
        ]
        write(_markdown(("Action", "Owners", "Summary", "Status", "Latest progress"), rows))
    else:
        _action_table(records, title)


def action(record: Record, fmt: str, people: dict[str, dict[str, Any]]) -> None:
    """Print one action with its whole history."""
    if fmt == "json":
        write(_json(record))
    elif fmt == "csv":
        write(_csv(FIELDS, [_flat(record)]))
    elif fmt == "md":
        write(_action_markdown(record, people))
    else:
        _action_detail(record, people)


def people_list(people: dict[str, dict[str, Any]], fmt: str) -> None:
    records = person_records(people)
    if fmt == "json":
        write(_json(records))
    elif fmt == "csv":
        write(_csv(("handle", "name", "role", "aliases"), (_flat(r) for r in records)))
    elif fmt == "md":
        rows = [
            [r["handle"], r["name"] or "", r["role"] or "", ", ".join(r["aliases"])]
            for r in records
        ]
        write(_markdown(("Handle", "Name", "Role", "Aliases"), rows))
    else:
        table = _table("Handle", "Name", "Role", "Aliases")
        for r in records:
            table.add_row(
                *_cells(r["handle"], r["name"] or "", r["role"] or "", ", ".join(r["aliases"]))
            )
        _print(table)


def _latest(record: Record) -> str:
    if not record["history"]:
        return ""
    entry = record["history"][-1]
    return f"{entry['note']} ({entry['date']})" if entry.get("note") else entry["date"]


def _flat(record: Record) -> dict[str, str]:
    import json

    out = {}
    for key, value in record.items():
        if value is None:
            out[key] = ""
        elif key == "history":
            out[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            out[key] = "; ".join(value)
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out


def _csv(fields: Iterable[str], rows: Iterable[dict[str, str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return safe(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _action_markdown(record: Record, people: dict[str, dict[str, Any]]) -> str:
    out = [f"## {record['id']}: {_md_cell(record['summary'])}", ""]
    for label, value in _details(record, people):
        out.append(f"- **{label}:** {_md_cell(value)}")
    out.append("")
    rows = [
        [e["date"], e["meeting"] or "", status_word(e["status"]), e["note"] or ""]
        for e in record["history"]
    ]
    out.append(
        _markdown(("Date", "Meeting", "Status", "Note"), rows)
        if rows
        else "No progress recorded yet.\n"
    )
    return "\n".join(out)


def _details(record: Record, people: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    def who(handle: str) -> str:
        name = (people.get(handle) or {}).get("name")
        return f"{handle} ({name})" if name and name != handle else handle

    rows = [
        ("Owners", ", ".join(who(h) for h in record["owners"]) or "none named"),
        ("Status", status_word(record["status"])),
        ("Raised", record["raised"] or "unknown"),
    ]
    rows += [
        (label, record[key]) for label, key in (("Item", "item"), ("Due", "due")) if record[key]
    ]
    if record["see"]:
        rows.append(("See", ", ".join(record["see"])))
    if record["restricted"]:
        rows.append(("Restricted", "yes: kept out of public output"))
    return rows


# Rich tables (imported here only)


def _console() -> Any:
    from rich.console import Console  # noqa: TID253

    return Console(highlight=False, soft_wrap=False)


def _print(renderable: Any) -> None:
    _console().print(renderable)


def _table(*headers: str, title: str | None = None) -> Any:
    from rich import box  # noqa: TID253
    from rich.table import Table  # noqa: TID253

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def _cells(*values: str) -> list[Any]:
    from rich.text import Text  # noqa: TID253

    return [Text(safe(v)) for v in values]


def _action_table(records: Sequence[Record], title: str | None) -> None:
    if not records:
        sys.stdout.write("No actions match.\n")
        return
    table = _table("Action", "Owners", "Summary", "Status", "Latest progress", title=title)
    action_col, owners_col, summary_col, status_col, progress_col = table.columns
    action_col.no_wrap = status_col.no_wrap = True
    owners_col.max_width = 18
    summary_col.ratio, progress_col.ratio = 3, 2
    table.expand = True
    for r in records:
        table.add_row(
            *_cells(
                r["id"],
                ", ".join(r["owners"]) or "—",
                r["summary"],
                status_word(r["status"]),
                _latest(r),
            )
        )
    _print(table)


def _action_detail(record: Record, people: dict[str, dict[str, Any]]) -> None:
    from rich.table import Table  # noqa: TID253
    from rich.text import Text  # noqa: TID253

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(Text(record["id"]), Text(safe(record["summary"])))
    for label, value in _details(record, people):
        grid.add_row(Text(label), Text(safe(value)))
    console = _console()
    console.print(grid)
    if not record["history"]:
        console.print(Text("No progress recorded yet."))
        return
    history = _table("Date", "Meeting", "Status", "Note", title="History")
    for e in record["history"]:
        history.add_row(
            *_cells(e["date"], e["meeting"] or "", status_word(e["status"]), e["note"] or "")
        )
    console.print(history)


# Meetings and decisions


def meetings(records: Sequence[Record], fmt: str) -> None:
    if fmt == "json":
        write(_json(list(records)))
        return
    headers = ("Meeting", "Venue", "Time", "Items", "Matters arising", "Raised")
    rows = [
        [r["id"], r["venue"] or "", r["time"] or "", str(r["items"]), str(r["matters_arising"]),
         _span(r["raised"])]
        for r in records
    ]  # fmt: skip
    if fmt == "csv":
        keys = ("id", "date", "time", "venue", "items", "matters_arising", "raised")
        write(
            _csv(
                keys,
                (_flat({k: r[k] if k != "items" else str(r[k]) for k in keys}) for r in records),
            )
        )
    elif fmt == "md":
        write(_markdown(headers, rows))
    else:
        if not rows:
            write("No meetings yet; start one with `ppb meeting new YYYY-MM-DD`.\n")
            return
        table = _table(*headers, title="Meetings")
        for row in rows:
            table.add_row(*_cells(*row))
        _print(table)


def _span(ids: Sequence[str]) -> str:
    """PPB 60–70 for a run of ids, else the ids listed."""
    if not ids:
        return ""
    if len(ids) > 2:
        first, last = ids[0].rsplit(" ", 1), ids[-1].rsplit(" ", 1)
        if int(last[1]) - int(first[1]) == len(ids) - 1:
            return f"{ids[0]}–{last[1]}"
    return ", ".join(ids)


def meeting(record: Record, fmt: str) -> None:
    if fmt == "json":
        write(_json(record))
        return
    people = {
        group: "; ".join(
            f"{p['name']} ({p['handle']})"
            if p["name"] and p["name"] != p["handle"]
            else p["handle"]
            for p in record["attendance"][group]
        )
        for group in ("members", "also_present", "apologies")
    }
    arising = [
        [a["action"] or "", ", ".join(a.get("owners", [])), a.get("progress", ""),
         str(a.get("carried", "")), a["text"] or a.get("summary", "")]
        for a in record["matters_arising"]
    ]  # fmt: skip
    headers = ("Action", "Owners", "Progress as at meeting", "Carried", "Text or summary")
    lines = [
        ("Meeting", f"{record['board']}, {record['date']}"),
        ("Venue", record["venue"] or ""),
        ("Time", record["time"] or ""),
        ("Members", people["members"]),
        ("Also present", people["also_present"]),
        ("Apologies", people["apologies"]),
        ("Left early", ", ".join(d["who"] for d in record["departures"])),
        ("Actions raised", _span(record["raised"])),
    ]
    titles = []

    def walk(items: Sequence[Record], depth: int) -> None:
        for item in items:
            extra = f" (actions: {_span(item['actions'])})" if item["actions"] else ""
            titles.append("  " * depth + item["title"] + extra)
            walk(item["items"], depth + 1)

    walk(record["items"], 0)
    if fmt == "csv":
        write(_csv(("action", "owners", "progress", "carried", "text"),
                   ({"action": r[0], "owners": r[1], "progress": r[2], "carried": r[3], "text": r[4]}
                    for r in arising)))  # fmt: skip
    elif fmt == "md":
        out = [f"## Meeting {record['id']}", ""]
        out += [f"- **{label}:** {_md_cell(value)}" for label, value in lines if value]
        out += ["", "### Matters Arising", "", _markdown(headers, arising), "### Items", ""]
        out += [f"- {_md_cell(t)}" for t in titles]
        write("\n".join(out) + "\n")
    else:
        from rich.table import Table  # noqa: TID253
        from rich.text import Text  # noqa: TID253

        console = _console()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in lines:
            if value:
                grid.add_row(Text(label), Text(safe(value)))
        console.print(grid)
        table = _table(*headers, title="Matters Arising")
        for row in arising:
            table.add_row(*_cells(*row))
        console.print(
            table if arising else Text("No Matters Arising yet (see `ppb carry-forward`).")
        )
        console.print(Text("Items", style="bold"))
        for title in titles or ["none yet"]:
            console.print(Text("  " + safe(title)))


def decisions(records: Sequence[Record], fmt: str) -> None:
    if fmt == "json":
        write(_json(list(records)))
    elif fmt == "csv":
        write(_csv(("meeting", "item", "decision"), (_flat(r) for r in records)))
    elif fmt == "md":
        write(
            _markdown(
                ("Meeting", "Item", "Decision"),
                [[r["meeting"], r["item"], r["decision"]] for r in records],
            )
        )
    elif not records:
        write("No decisions minuted.\n")
    else:
        table = _table("Meeting", "Item", "Decision", title="Decisions")
        for r in records:
            table.add_row(*_cells(r["meeting"], r["item"], r["decision"]))
        _print(table)
