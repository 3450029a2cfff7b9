"""Tables for people at a terminal, with Rich (the only module that imports it).

Every cell is a `Text`, so nothing from a file is read as Rich markup, and
control characters are made visible first. A cell shows at most `CELL`
characters: Rich's wrapping takes time that grows with the square of a text's
length (seconds for a summary of a megabyte), and nobody reads a page in a cell.
`show` prints what its cells cut short in full below them, as plain text; JSON,
CSV and Markdown always have all of it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ppb.history import progress, status_word
from ppb.normalise import OPEN_STATUSES
from ppb.render import current, latest
from ppb.text import printable

Record = dict[str, Any]
CELL = 500  # characters a table cell shows
ROWS = 1000  # rows a table shows: Rich holds every cell of a table until it is printed


def _more(hidden: int, what: str) -> None:
    """Say what a table left out, and where to see all of it."""
    if hidden > 0:
        sys.stdout.write(
            f"… and {hidden:,} more {what}, not shown in a table: narrow the selection, "
            "or use --format json, csv or md for all of them\n"
        )


def cut(text: str, most: int = CELL) -> str:
    """The text, or its first `most` characters and how many more there are."""
    if len(text) <= most:
        return text
    return f"{text[:most]} … ({len(text) - most:,} characters more)"


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _table(*headers: str, title: str | None = None) -> Any:
    from rich import box
    from rich.table import Table

    shown = printable(title, one_line=True) if title is not None else None
    table = Table(title=shown, box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def _cells(*values: str) -> list[Any]:
    from rich.text import Text

    return [Text(printable(cut(v))) for v in values]


def _grid(lines: Sequence[tuple[str, str]]) -> Any:
    """Labels in bold beside their values."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in lines:
        grid.add_row(Text(label), Text(printable(cut(value))))
    return grid


def grid_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    table = _table(*headers, title=title)
    for row in rows[:ROWS]:
        table.add_row(*_cells(*row))
    _console().print(table)
    _more(len(rows) - ROWS, "rows")


OWNERS_WIDTH = 11
WIDE = 140  # from this many columns, status and latest progress have columns of their own


def actions(records: Sequence[Record], title: str | None) -> None:
    """Open or listed actions fitted to the terminal: ids, dates and counts never wrap,
    owners are short, and the summary has the room. On a narrow terminal the status and
    latest progress go under the summary ("↳ In progress – paper sent"), and nothing
    goes there for an action still open with no progress yet. Due is shown when any
    action has a due date or meeting."""
    if not records:
        sys.stdout.write("No actions match.\n")
        return
    console = _console()
    wide = console.width >= WIDE
    with_due = any(r.get("due") for r in records)
    headers = ["Action", "Owners", "Summary"] + ["Status"] * wide
    headers += ["Due"] * with_due + ["Carried"] + ["Latest progress"] * wide
    table = _table(*headers, title=title)
    columns = dict(zip(headers, table.columns, strict=True))
    for name in ("Action", "Status", "Due", "Carried"):
        if name in columns:
            columns[name].no_wrap = True
    columns["Carried"].justify = "right"
    columns["Owners"].max_width = OWNERS_WIDTH
    columns["Summary"].ratio = 3
    if wide:
        columns["Latest progress"].ratio = 2
    table.expand = True
    for r in records[:ROWS]:
        due = [_due(r)] * with_due
        carried = str(r["carried"]) if r["status"] in OPEN_STATUSES else ""
        if wide:
            cells = [r["summary"], status_word(r["status"]), *due, carried, latest(r)]
            table.add_row(*_cells(r["id"], owners_cell(r["owners"]), *cells))
        else:
            summary = _summary(r)
            table.add_row(
                *_cells(r["id"], owners_cell(r["owners"])), summary, *_cells(*due, carried)
            )
    console.print(table)
    _more(len(records) - ROWS, "actions")


def _due(record: Record) -> str:
    due = record.get("due") or ""
    return f"{due}\noverdue" if record.get("overdue") else due


def _summary(record: Record) -> Any:
    """The summary, with the status and latest progress under it, dimmed."""
    from rich.text import Text

    text = Text(printable(record["summary"]))
    entry = current(record)
    if entry is not None or record["status"] not in ("open",):
        said = progress(record["status"], entry.note if entry else None)
        when = f" ({entry.date})" if entry else ""
        text.append("\n")
        text.append(f"↳ {printable(said)}{when}", style="dim")
    return text


def owners_cell(owners: Sequence[str], width: int = 11) -> str:
    """Owners as every table shows them: short, one a line if they do not fit on one,
    and a dash for nobody."""
    short = [_short(o) for o in owners]
    joined = ", ".join(short)
    return (joined if len(joined) <= width else "\n".join(short)) or "—"


def _short(handle: str) -> str:
    """A full name used as a handle, shortened to its initials and surname: D. Llewelyn."""
    words = handle.split()
    if len(words) < 2:
        return handle
    return " ".join(f"{w[0]}." for w in words[:-1]) + " " + words[-1]


def action(record: Record, details: Sequence[tuple[str, str]]) -> None:
    from rich.text import Text

    console = _console()
    console.print(_grid([(record["id"], record["summary"]), *details]))
    if not record["history"]:
        console.print(Text("No progress recorded yet."))
    else:
        sourced = any(e.get("source") for e in record["history"])
        headers = ("Date", "Meeting", "Status", "Note") + (("Source",) if sourced else ())
        history = _table(*headers, title="History")
        for e in record["history"][:ROWS]:
            cells = [e["date"], e["meeting"] or "", status_word(e["status"]), e["note"] or ""]
            history.add_row(*_cells(*cells, *([e.get("source") or ""] if sourced else [])))
        console.print(history)
        _more(len(record["history"]) - ROWS, "entries of its history")
    long = [(record["id"], record["summary"])]
    long += [(f"The note of {e['date']}", e["note"] or "") for e in record["history"][:ROWS]]
    long += [(label, value) for label, value in details]
    for label, text in long:
        if len(text) > CELL:  # in full, as plain text: no wrapping to pay for
            sys.stdout.write(f"\n{printable(label)} in full:\n{printable(text)}\n")


def meeting(
    lines: Sequence[tuple[str, str]],
    headers: Sequence[str],
    arising: Sequence[Sequence[str]],
    titles: Sequence[str],
) -> None:
    from rich.text import Text

    console = _console()
    console.print(_grid([(label, value) for label, value in lines if value]))
    table = _table(*headers, title="Matters Arising")
    for row in arising[:ROWS]:
        action, owners, *rest = row
        table.add_row(*_cells(action, owners_cell(owners.split(", ")) if owners else "—", *rest))
    console.print(table if arising else Text("No Matters Arising yet (see `ppb carry-forward`)."))
    _more(len(arising) - ROWS, "entries of Matters Arising")
    console.print(Text("Items", style="bold"))
    for title in titles or ["none yet"]:
        console.print(Text("  " + printable(title)))
