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
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from ppb.history import progress, status_word
from ppb.normalise import OPEN_STATUSES
from ppb.render import current, latest, layout
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
    from rich.text import Text

    # A Text, so that the title is never read as markup (or emoji codes)
    shown = Text(printable(title, one_line=True), style="table.title") if title else None
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
KEEP = 20_000  # rows kept as text between fitting a table and writing it; more are made again


def actions(records: Sequence[Record], title: str | None) -> None:
    """Open or listed actions fitted to the terminal: ids, dates and counts never wrap,
    owners are short, and the summary has the room. On a narrow terminal the status and
    latest progress go under the summary ("↳ In progress – paper sent"), and nothing
    goes there for an action still open with no progress yet. Due is shown when any
    action has a due date or meeting.

    Every action is shown, laid out by `layout` as Rich would lay it out and written a
    row at a time; Rich itself lays out what `layout` does not (an ASCII-only terminal,
    the legacy Windows console, one too narrow for the columns), at most `ROWS` of them."""
    if not records:
        sys.stdout.write("No actions match.\n")
        return
    console = _console()
    wide = console.width >= WIDE
    kept = [_row(r, wide) for r in records] if len(records) <= KEEP else None
    made = (lambda: kept) if kept is not None else (lambda: (_row(r, wide) for r in records))
    due = 4 if wide else 3  # where `_row` puts the due date
    with_due = any(row[due] for row in made())
    rows = made if with_due else (lambda: (row[:due] + row[due + 1 :] for row in made()))
    headers = ["Action", "Owners", "Summary"] + ["Status"] * wide
    headers += ["Due"] * with_due + ["Carried"] + ["Latest progress"] * wide
    columns = [_column(header) for header in headers]
    lines = None
    if not (console.legacy_windows or console.options.ascii_only or console.is_jupyter):
        lines = layout.lines(columns, rows, console.width, title, _styles(console))
    if lines is None:
        _rich_actions(console, columns, rows(), title)
        _more(len(records) - ROWS, "actions")
        return
    out, batch = console.file, []
    for line in lines:
        batch.append(line)
        if len(batch) >= 4096:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))


def _column(header: str) -> layout.Column:
    if header == "Owners":
        return layout.Column(header, max_width=OWNERS_WIDTH)
    if header in ("Summary", "Latest progress"):
        return layout.Column(header, ratio=3 if header == "Summary" else 2)
    return layout.Column(header, no_wrap=True, right=header == "Carried")


def _row(record: Record, wide: bool) -> list[layout.Cell]:
    """An action's cells: id, owners, summary, status (wide), due, carried, latest progress
    (wide); narrow, the summary has the status and latest progress under it."""
    first = [_shown(record["id"]), _shown(owners_cell(record["owners"]))]
    carried = str(record["carried"]) if record["status"] in OPEN_STATUSES else ""
    if not wide:
        return [*first, _summary(record), _shown(_due(record)), carried]
    status, said = _shown(status_word(record["status"])), _shown(latest(record))
    return [*first, _shown(record["summary"]), status, _shown(_due(record)), carried, said]


def _shown(text: str) -> str:
    return printable(cut(text))


def _rich_actions(
    console: Any, columns: Sequence[layout.Column], rows: Iterable[Sequence[layout.Cell]],
    title: str | None,
) -> None:  # fmt: skip
    """The table laid out by Rich: the same columns, at most `ROWS` rows."""
    from rich.text import Text

    table = _table(*(c.header for c in columns), title=title)
    table.expand = True
    for column, settings in zip(table.columns, columns, strict=True):
        column.no_wrap = settings.no_wrap
        column.justify = "right" if settings.right else "left"
        column.max_width = settings.max_width
        column.ratio = settings.ratio
    for row in islice(rows, ROWS):
        cells = []
        for cell in row:
            if isinstance(cell, str):
                cells.append(Text(cell))
            else:
                text = Text(cell[0])
                text.append("\n")
                text.append(cell[1], style="dim")
                cells.append(text)
        table.add_row(*cells)
    console.print(table)


def _styles(console: Any) -> layout.Styles:
    """How this console starts and ends the title, the header and dimmed text: as Rich
    writes them, so nothing where it writes no styles (to a file, or a pipe)."""
    if console.color_system is None:
        return layout.PLAIN
    from rich.text import Text

    def written(style: str) -> tuple[str, str]:
        with console.capture() as capture:
            console.print(Text("x", style=style), end="")
        before, _, after = capture.get().partition("x")
        return before, after

    return layout.Styles(written("table.title"), written("table.header"), written("dim"))


def _due(record: Record) -> str:
    due = record.get("due") or ""
    return f"{due}\noverdue" if record.get("overdue") else due


def _summary(record: Record) -> layout.Cell:
    """The summary, with the status and latest progress under it (dimmed)."""
    summary = _shown(record["summary"])
    entry = current(record)
    if entry is None and record["status"] in ("open",):
        return summary
    said = progress(record["status"], entry.note if entry else None)
    when = f" ({entry.date})" if entry else ""
    return summary, f"↳ {_shown(said)}{when}"


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
