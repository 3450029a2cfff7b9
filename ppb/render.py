"""How records look: Rich tables for people, JSON, CSV and Markdown for scripts and documents.

Rich is imported only when a table is printed; machine formats never pay for it.
Text from files is printed literally: never read as Rich markup, and control
characters are shown as escapes rather than sent to the terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from ppb.models import Action, HistoryEntry, Person

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with control characters (escape sequences included) made visible."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def status_word(status: str) -> str:
    return status[:1].upper() + status[1:]


def progress(entry: HistoryEntry | None) -> str:
    """Progress as the minutes write it: 'In progress – paper to be sent to OPCC'."""
    if entry is None:
        return ""
    word = status_word(entry.status)
    return f"{word} – {entry.note}" if entry.note else word


def action_record(action: Action) -> dict[str, Any]:
    """The JSON shape of an action (the contract scripts rely on)."""
    return {
        "id": action.id,
        "summary": action.summary,
        "owners": list(action.owners),
        "status": action.status,
        "raised": action.raised,
        "due": action.due,
        "item": action.item,
        "see": list(action.see),
        "restricted": action.restricted,
        "history": [
            {
                "date": entry.date.isoformat(),
                "meeting": entry.meeting,
                "status": entry.status,
                "note": entry.note,
            }
            for entry in action.history
        ],
    }


def person_record(handle: str, person: Person) -> dict[str, Any]:
    return {"handle": handle, "name": person.name, "role": person.role, "aliases": person.aliases}


def write(text: str) -> None:
    sys.stdout.write(text)


def actions(items: Sequence[Action], fmt: str, title: str | None = None) -> None:
    """Print a list of actions in one of FORMATS."""
    if fmt == "json":
        write(json.dumps([action_record(a) for a in items], ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        write(_csv(FIELDS, (_flat(action_record(a)) for a in items)))
    elif fmt == "md":
        rows = [
            [a.id, ", ".join(a.owners), a.summary, status_word(a.status), _latest(a)] for a in items
        ]
        write(_markdown(("Action", "Owners", "Summary", "Status", "Latest progress"), rows))
    else:
        _action_table(items, title)


def action(item: Action, fmt: str, people: dict[str, Person]) -> None:
    """Print one action with its whole history."""
    if fmt == "json":
        write(json.dumps(action_record(item), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        write(_csv(FIELDS, [_flat(action_record(item))]))
    elif fmt == "md":
        write(_action_markdown(item, people))
    else:
        _action_detail(item, people)


def people_list(people: dict[str, Person], fmt: str) -> None:
    records = [person_record(h, p) for h, p in people.items()]
    if fmt == "json":
        write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
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


def _latest(action: Action) -> str:
    entry = action.latest
    if entry is None:
        return ""
    note = entry.note or ""
    return f"{note} ({entry.date.isoformat()})" if note else entry.date.isoformat()


def _flat(record: dict[str, Any]) -> dict[str, str]:
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


def _action_markdown(item: Action, people: dict[str, Person]) -> str:
    out = [f"## {item.id}: {_md_cell(item.summary)}", ""]
    for label, value in _details(item, people):
        out.append(f"- **{label}:** {_md_cell(value)}")
    out.append("")
    rows = [
        [e.date.isoformat(), e.meeting or "", status_word(e.status), e.note or ""]
        for e in item.history
    ]
    out.append(
        _markdown(("Date", "Meeting", "Status", "Note"), rows)
        if rows
        else "No progress recorded yet.\n"
    )
    return "\n".join(out)


def _details(item: Action, people: dict[str, Person]) -> list[tuple[str, str]]:
    def who(handle: str) -> str:
        person = people.get(handle)
        name = person.name if person and person.name and person.name != handle else None
        return f"{handle} ({name})" if name else handle

    rows = [
        ("Owners", ", ".join(who(h) for h in item.owners) or "none named"),
        ("Status", status_word(item.status)),
        ("Raised", item.raised or "unknown"),
    ]
    rows += [(label, value) for label, value in (("Item", item.item), ("Due", item.due)) if value]
    if item.see:
        rows.append(("See", ", ".join(item.see)))
    if item.restricted:
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


def _action_table(items: Sequence[Action], title: str | None) -> None:
    if not items:
        sys.stdout.write("No actions match.\n")
        return
    table = _table("Action", "Owners", "Summary", "Status", "Latest progress", title=title)
    action_col, owners_col, summary_col, status_col, progress_col = table.columns
    action_col.no_wrap = status_col.no_wrap = True
    owners_col.max_width = 18
    summary_col.ratio, progress_col.ratio = 3, 2
    table.expand = True
    for a in items:
        table.add_row(
            *_cells(a.id, ", ".join(a.owners) or "—", a.summary, status_word(a.status), _latest(a))
        )
    _print(table)


def _action_detail(item: Action, people: dict[str, Person]) -> None:
    from rich.table import Table  # noqa: TID253
    from rich.text import Text  # noqa: TID253

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(Text(item.id), Text(safe(item.summary)))
    for label, value in _details(item, people):
        grid.add_row(Text(label), Text(safe(value)))
    console = _console()
    console.print(grid)
    if not item.history:
        console.print(Text("No progress recorded yet."))
        return
    history = _table("Date", "Meeting", "Status", "Note", title="History")
    for e in item.history:
        history.add_row(
            *_cells(e.date.isoformat(), e.meeting or "", status_word(e.status), e.note or "")
        )
    console.print(history)
