"""How records look: JSON, CSV and Markdown for scripts and documents, tables for people.

Everything here works on records, the plain dicts of the JSON contract
(`record.to_json`, `meetings.summary`, …), in the formats of `FORMATS`; the
Rich tables are in `tables`, imported only when one is printed, so machine
formats never pay for Rich. The minutes are a document of their own
(`minutes`, laid out by `minutes_md` and `minutes_html`). Text from files is
printed literally: never read as markup, and control characters are shown as
escapes rather than sent to the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ppb import history
from ppb.history import status_word
from ppb.record import JSON_FIELDS, PROGRESS_FIELDS, Progress
from ppb.text import json_safe, printable

FORMATS = ("table", "json", "csv", "md")
# CSV: the JSON fields, then the latest progress in columns of its own for spreadsheets.
CSV_FIELDS = JSON_FIELDS + ("latest_status", "latest_note", "latest_date")

Record = dict[str, Any]


def write(text: str) -> None:
    sys.stdout.write(text)


HISTORY_CSV_FIELDS = ("id", "summary", "owners", "status", "date", "meeting", "progress", "note")


def actions(
    records: Sequence[Record], fmt: str, title: str | None = None, public: bool = False,
    *, history: bool = False, bom: bool = False,
) -> None:  # fmt: skip
    """Print a list of actions in one of FORMATS, a batch at a time (a long list is never
    held whole as records, or as text); `public`: saying first how many were withheld.

    CSV only: `history` gives a row per history entry; `bom` starts with a UTF-8 byte
    order mark, which Excel needs to read the text as UTF-8 when the file is opened."""
    if (history or bom) and fmt != "csv":
        from ppb.errors import UsageError

        raise UsageError(f"--{'history' if history else 'bom'} is for --format csv")
    if public:
        _withheld({"action": sum(1 for r in records if r["restricted"])}, fmt, "this list")
    if bom:
        write("\ufeff")
    if fmt == "csv" and history:
        write(_csv(HISTORY_CSV_FIELDS, (row for r in records for row in _history_rows(r))))
    elif fmt == "json":
        _write_json_list(records)
    elif fmt == "csv":
        for part in _batches(records):
            write(_csv(CSV_FIELDS, (_flat_action(r) for r in part), header=part.start == 0))
        if not records:
            write(_csv(CSV_FIELDS, []))  # the header alone
    elif fmt == "md":
        headers = ("Action", "Owners", "Summary", "Status", "Latest progress")
        for part in _batches(records):
            rows = [
                [r["id"], ", ".join(r["owners"]), r["summary"], status_word(r["status"]), latest(r)]
                for r in part
            ]
            write(markdown_table(headers, rows, header=part.start == 0))
        if not records:
            write(markdown_table(headers, []))
    else:
        from ppb.render import tables

        tables.actions(records, title)


def action(record: Record, people: dict[str, dict[str, Any]], fmt: str) -> None:
    """Print one action with its whole history."""
    if fmt == "json":
        write(_json(record))
    elif fmt == "csv":
        write(_csv(CSV_FIELDS, [_flat_action(record)]))
    elif fmt == "md":
        write(_action_markdown(record, people))
    else:
        from ppb.render import tables

        tables.action(record, details(record, people))


def people(records: Sequence[Record], fmt: str) -> None:
    columns = ("handle", "name", "role", "aliases")
    if fmt == "json":
        write(_json(list(records)))
    elif fmt == "csv":
        write(_csv(columns, (_flat(r) for r in records)))
    else:
        rows = [
            [r["handle"], r["name"] or "", r["role"] or "", ", ".join(r["aliases"])]
            for r in records
        ]
        headers = ("Handle", "Name", "Role", "Aliases")
        if fmt == "md":
            write(markdown_table(headers, rows))
        else:
            from ppb.render import tables

            tables.grid_table(headers, rows)


def meetings(records: Sequence[Record], fmt: str) -> None:
    if fmt == "json":
        write(_json(list(records)))
        return
    if fmt == "csv":
        keys = ("id", "date", "time", "venue", "items", "matters_arising", "raised")
        write(_csv(keys, (_flat({k: r[k] for k in keys}) for r in records)))
        return
    headers = ("Meeting", "Venue", "Time", "Items", "Matters arising", "Raised")
    rows = [
        [r["id"], r["venue"] or "", r["time"] or "", str(r["items"]), str(r["matters_arising"]),
         span(r["raised"])]
        for r in records
    ]  # fmt: skip
    if fmt == "md":
        write(markdown_table(headers, rows))
    elif not rows:
        write("No meetings yet; start one with `ppb meeting new YYYY-MM-DD`.\n")
    else:
        from ppb.render import tables

        tables.grid_table(headers, rows, title="Meetings")


def meeting(record: Record, fmt: str) -> None:
    """`meeting show`: the header, Matters Arising with progress as at it, the items."""
    if fmt == "json":
        write(_json(record))
        return
    if record.get("withheld"):
        _withheld(record["withheld"], fmt, "this meeting")
    arising = [
        [a["action"] or "", ", ".join(a.get("owners", [])), a.get("progress", ""),
         str(a.get("carried", "")), a["text"] or a.get("summary", "")]
        for a in record["matters_arising"]
    ]  # fmt: skip
    if fmt == "csv":
        keys = ("action", "owners", "progress", "carried", "text", "restricted")
        flags = ["true" if a.get("restricted") else "false" for a in record["matters_arising"]]
        write(
            _csv(
                keys,
                (
                    dict(zip(keys, [*row, f], strict=True))
                    for row, f in zip(arising, flags, strict=True)
                ),
            )
        )
        return
    headers = ("Action", "Owners", "Progress as at meeting", "Carried", "Text or summary")
    lines = _meeting_lines(record)
    titles = _item_titles(record["items"])
    if fmt == "md":
        out = [f"## Meeting {record['id']}", ""]
        out += [f"- **{label}:** {md_cell(value)}" for label, value in lines if value]
        out += ["", "### Matters Arising", "", markdown_table(headers, arising), "### Items", ""]
        out += [f"- {md_cell(t)}" for t in titles]
        write("\n".join(out) + "\n")
    else:
        from ppb.render import tables

        tables.meeting(lines, headers, arising, titles)


def _meeting_lines(record: Record) -> list[tuple[str, str]]:
    people = {
        group: "; ".join(
            f"{p['name']} ({p['handle']})"
            if p["name"] and p["name"] != p["handle"]
            else p["handle"]
            for p in record["attendance"][group]
        )
        for group in ("members", "also_present", "apologies")
    }
    return [
        ("Meeting", f"{record['board']}, {record['date']}"),
        ("Venue", record["venue"] or ""),
        ("Time", record["time"] or ""),
        ("Members", people["members"]),
        ("Also present", people["also_present"]),
        ("Apologies", people["apologies"]),
        ("Left early", ", ".join(d["who"] for d in record["departures"])),
        ("Actions raised", span(record["raised"])),
    ]


def _item_titles(items: Sequence[Record], depth: int = 0) -> list[str]:
    titles = []
    for item in items:
        extra = f" (actions: {span(item['actions'])})" if item["actions"] else ""
        titles.append("  " * depth + item["title"] + extra)
        titles += _item_titles(item["items"], depth + 1)
    return titles


def decisions(records: Sequence[Record], fmt: str) -> None:
    if fmt == "json":
        write(_json(list(records)))
    elif fmt == "csv":
        write(
            _csv(
                ("meeting", "item", "decision", "restricted", "reason"), (_flat(r) for r in records)
            )
        )
    elif fmt == "md":
        rows = [[r["meeting"], r["item"], r["decision"]] for r in records]
        write(markdown_table(("Meeting", "Item", "Decision"), rows))
    elif not records:
        write("No decisions minuted.\n")
    else:
        from ppb.render import tables

        rows = [[r["meeting"], r["item"], r["decision"]] for r in records]
        tables.grid_table(("Meeting", "Item", "Decision"), rows, title="Decisions")


def _withheld(counts: dict[str, int], fmt: str, where: str) -> None:
    """What public output withheld (see `restricted.saying`): said first, or on stderr for
    machine formats."""
    from ppb.restricted import saying

    said = saying(counts, where)
    if said is None:
        return
    if fmt in ("json", "csv"):
        sys.stderr.write(f"note: {said}\n")
    else:
        write(f"{said}\n\n" if fmt == "md" else f"{said}\n")


def current(record: Record) -> Progress | None:
    """The entry of a record's history that says where it stands now (`history.current`)."""
    entries = [Progress._make(e.get(k) for k in PROGRESS_FIELDS) for e in record["history"]]
    return history.current(entries)


def latest(record: Record) -> str:
    """The latest progress note and its date, as the action tables show it."""
    entry = current(record)
    if entry is None:
        return ""
    return f"{entry.note} ({entry.date})" if entry.note else entry.date


def details(record: Record, people: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """The labelled lines under an action's summary in `show`."""

    def who(handle: str) -> str:
        name = (people.get(handle) or {}).get("name")
        return f"{handle} ({name})" if name and name != handle else handle

    rows = [
        ("Owners", ", ".join(who(h) for h in record["owners"]) or "none named"),
        ("Status", status_word(record["status"])),
        ("Raised", raised(record)),
    ]
    if record["item"]:
        rows.append(("Item", record["item"]))
    if record["due"]:
        rows.append(
            ("Due", f"{record['due']} (overdue)" if record.get("overdue") else record["due"])
        )
    if record["status"] in ("open", "in progress") and "carried" in record:
        times = record["carried"]
        rows.append(("Carried", f"{times} time{'s' * (times != 1)}"))
    if record["see"]:
        rows.append(("See", ", ".join(record["see"])))
    if record["restricted"]:
        rows.append(("Restricted", "yes: kept out of public output"))
    if record.get("source"):
        rows.append(("Source", record["source"]))
    return rows


def raised(record: Record) -> str:
    """When an action was raised: its meeting, or the day between meetings."""
    if record["raised"]:
        return str(record["raised"])
    if record.get("raised_on"):
        return f"{record['raised_on']}, between meetings"
    return "unknown"


def span(ids: Sequence[str]) -> str:
    """PPB 60–70 for a run of ids, else the ids listed."""
    if not ids:
        return ""
    if len(ids) > 2:
        first, last = ids[0].rsplit(" ", 1), ids[-1].rsplit(" ", 1)
        if int(last[1]) - int(first[1]) == len(ids) - 1:
            return f"{ids[0]}–{last[1]}"
    return ", ".join(ids)


# Machine formats and Markdown


BATCH = 1000  # records made, encoded and written at a time


class _Batch(list[Record]):
    start = 0


def _batches(records: Sequence[Record]) -> Iterator[_Batch]:
    for start in range(0, len(records), BATCH):
        batch = _Batch(records[start : start + BATCH])
        batch.start = start
        yield batch


def _write_json_list(records: Sequence[Record]) -> None:
    json_array(records, indent=2 if sys.stdout.isatty() else None)


def json_array(
    items: Sequence[Any], make: Callable[[Any], Any] = lambda x: x, indent: int | None = None
) -> None:
    """Print `make(item)` for every item as one JSON array, a batch at a time: byte for
    byte what json.dumps would make of the whole list, without ever holding it."""
    import json

    if not items:
        write("[]\n")
        return
    lead, gap = ("[\n", ",\n") if indent is not None else ("[", ", ")
    write(lead[:1])
    for start in range(0, len(items), BATCH):
        batch = [make(item) for item in items[start : start + BATCH]]
        encoded = json_safe(json.dumps(batch, ensure_ascii=False, indent=indent))
        inner = encoded[len(lead) : -2 if indent is not None else -1]
        write((gap if start else lead[1:]) + inner)
    write("\n]\n" if indent is not None else "]\n")


def _json(value: Any) -> str:
    import json

    if sys.stdout.isatty():
        return json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"
    return json_safe(json.dumps(value, ensure_ascii=False)) + "\n"  # the C encoder: fast


def _history_rows(record: Record) -> list[dict[str, str]]:
    """An action's history as spreadsheet rows: the action's id, summary, owners and status
    now, then one entry's date, meeting, status and note (one row of blanks for none)."""
    flat = _flat(record)
    head = {key: flat[key] for key in ("id", "summary", "owners", "status")}
    entries = record["history"] or [{"date": "", "meeting": "", "status": "", "note": ""}]
    return [
        {**head, "date": e["date"], "meeting": e["meeting"] or "", "progress": e["status"],
         "note": e["note"] or ""}
        for e in entries
    ]  # fmt: skip


def _flat_action(record: Record) -> dict[str, str]:
    """An action's CSV row: its fields, then its latest progress in columns of their own."""
    entry = current(record)
    return {
        **_flat(record),
        "latest_status": entry.status if entry else "",
        "latest_note": (entry.note or "") if entry else "",
        "latest_date": entry.date if entry else "",
    }


def _flat(record: Record) -> dict[str, str]:
    """A record as CSV cells: lists joined, history as JSON."""
    import json

    out = {}
    for key, value in record.items():
        if value is None:
            out[key] = ""
        elif key == "history":
            out[key] = json_safe(json.dumps(value, ensure_ascii=False))
        elif isinstance(value, list):
            out[key] = "; ".join(value)
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out


def _csv(fields: Iterable[str], rows: Iterable[dict[str, str]], header: bool = True) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows({key: printable(cell) for key, cell in row.items()} for row in rows)
    return buffer.getvalue()


def md_cell(text: str) -> str:
    return printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], header: bool = True
) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] if header else []
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n" if lines else ""


def _action_markdown(record: Record, people: dict[str, dict[str, Any]]) -> str:
    out = [f"## {record['id']}: {md_cell(record['summary'])}", ""]
    for label, value in details(record, people):
        out.append(f"- **{label}:** {md_cell(value)}")
    out.append("")
    rows = [
        [e["date"], e["meeting"] or "", status_word(e["status"]), e["note"] or ""]
        for e in record["history"]
    ]
    out.append(
        markdown_table(("Date", "Meeting", "Status", "Note"), rows)
        if rows
        else "No progress recorded yet.\n"
    )
    return "\n".join(out)
