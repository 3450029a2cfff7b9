"""Tables for people at a terminal, with Rich (the only module that imports it).

Every cell is a `Text`, so nothing from a file is read as Rich markup, and
control characters are made visible first.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ppb.history import status_word
from ppb.render import latest
from ppb.text import printable

Record = dict[str, Any]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _table(*headers: str, title: str | None = None) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def _cells(*values: str) -> list[Any]:
    from rich.text import Text

    return [Text(printable(v)) for v in values]


def _grid(lines: Sequence[tuple[str, str]]) -> Any:
    """Labels in bold beside their values."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in lines:
        grid.add_row(Text(label), Text(printable(value)))
    return grid


def grid_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None
) -> None:
    table = _table(*headers, title=title)
    for row in rows:
        table.add_row(*_cells(*row))
    _console().print(table)


def actions(records: Sequence[Record], title: str | None) -> None:
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
        owners = ", ".join(r["owners"]) or "—"
        table.add_row(*_cells(r["id"], owners, r["summary"], status_word(r["status"]), latest(r)))
    _console().print(table)


def action(record: Record, details: Sequence[tuple[str, str]]) -> None:
    console = _console()
    console.print(_grid([(record["id"], record["summary"]), *details]))
    if not record["history"]:
        from rich.text import Text

        console.print(Text("No progress recorded yet."))
        return
    sourced = any(e.get("source") for e in record["history"])
    headers = ("Date", "Meeting", "Status", "Note") + (("Source",) if sourced else ())
    history = _table(*headers, title="History")
    for e in record["history"]:
        cells = [e["date"], e["meeting"] or "", status_word(e["status"]), e["note"] or ""]
        history.add_row(*_cells(*cells, *([e.get("source") or ""] if sourced else [])))
    console.print(history)


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
    for row in arising:
        table.add_row(*_cells(*row))
    console.print(table if arising else Text("No Matters Arising yet (see `ppb carry-forward`)."))
    console.print(Text("Items", style="bold"))
    for title in titles or ["none yet"]:
        console.print(Text("  " + printable(title)))
