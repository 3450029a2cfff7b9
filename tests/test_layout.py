"""Tables laid out by `layout` read exactly as Rich lays them out, styles and all."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from ppb.render import layout, tables
from ppb.text import printable

# Text that is awkward to lay out: wide characters (CJK, emoji, a ZWJ family, a
# skin tone, an emoji made wide by VS16), combining marks, non-breaking and other
# spaces, tabs, line breaks, the arrows and dashes ppb writes itself, and controls
# (made printable, as every cell is).
AWKWARD = [
    "漢字", "表", "😀", "👨\u200d👩\u200d👧", "👍🏽", "❤\ufe0f", "e\u0301", "\u0301", "a\u20dd",
    "\u00a0", "\u3000", " ", "  ", "\t", "\n", "↳", "–", "—", "…", "é", "ß", "Ω", "Ж",
    "\x1b[31m", "\u202e", "\u200b", "\u00ad",
]  # fmt: skip
WORD = st.one_of(
    st.text(st.sampled_from("abcdefghij"), min_size=1, max_size=12),
    st.text(st.sampled_from("ab"), min_size=20, max_size=90),  # longer than a column: folded
    st.sampled_from(AWKWARD),
)
TEXT = st.lists(WORD, max_size=40).map(lambda words: printable(" ".join(words)))
SHORT = st.lists(  # ids, dates and counts: a few characters, never wrapped
    st.one_of(st.text(st.sampled_from("PB 0123456789-"), max_size=10), st.sampled_from(AWKWARD)),
    max_size=2,
).map(lambda words: printable("".join(words)))
WIDTHS = [80, 120]


def _columns(wide: bool, due: bool) -> list[layout.Column]:
    headers = ["Action", "Owners", "Summary"] + ["Status"] * wide
    headers += ["Due"] * due + ["Carried"] + ["Latest progress"] * wide
    return [tables._column(h) for h in headers]


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[layout.Column], list[list[layout.Cell]], str | None]:
    wide, due = draw(st.booleans()), draw(st.booleans())
    columns = _columns(wide, due)
    rows: list[list[layout.Cell]] = []
    for _ in range(draw(st.integers(1, 6))):
        row: list[layout.Cell] = []
        for column in columns:
            if column.header == "Summary" and not wide and draw(st.booleans()):
                row.append((draw(TEXT), "↳ " + draw(TEXT)))
            elif column.header in ("Summary", "Latest progress", "Owners"):
                row.append(draw(TEXT))
            else:
                row.append(draw(st.one_of(SHORT, st.sampled_from(["PPB 7", "12", ""]))))
        rows.append(row)
    title = draw(st.one_of(st.none(), TEXT.map(lambda t: printable(t, one_line=True))))
    return columns, rows, title


def _console(width: int, styled: bool) -> Console:
    return Console(
        file=io.StringIO(), width=width, highlight=False, soft_wrap=False,
        force_terminal=styled, color_system="truecolor" if styled else None,
        legacy_windows=False, no_color=False,
    )  # fmt: skip


def _both(
    columns: list[layout.Column], rows: list[list[layout.Cell]], title: str | None,
    width: int, styled: bool,
) -> tuple[str | None, str]:  # fmt: skip
    """The table as `layout` writes it (None where it leaves it to Rich), and as Rich does.

    The one difference allowed: Rich dims a line with tabs a run at a time, one for each
    tab's stretch of it (they are separate spans once tabs are expanded); `layout` dims the
    line in one run. The terminal shows the same."""
    console = _console(width, styled)
    lean = layout.lines(columns, lambda: rows, width, title, tables._styles(console))
    tables._rich_actions(console, columns, rows, title)
    rich = console.file.getvalue().replace("\x1b[0m\x1b[2m", "")  # type: ignore[attr-defined]
    return None if lean is None else "".join(lean), rich


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_tables(), width=st.sampled_from(WIDTHS), styled=st.booleans())
@example(table=(_columns(False, False), [["PPB 1", "CC", "x", ""]], None), width=80, styled=False)
@example(
    table=(_columns(True, True), [["0" * 8, "", "", "0" * 10, "0" * 19, "0" * 19, ""]], None),
    width=80,
    styled=False,
)  # the wide layout's no-wrap cells do not fit in 80 columns: left to Rich
def test_a_table_reads_as_rich_lays_it_out(
    table: tuple[list[layout.Column], list[list[layout.Cell]], str | None],
    width: int,
    styled: bool,
) -> None:
    lean, rich = _both(*table, width, styled)
    if lean is None:  # left to Rich, which is then what is printed: only for the wide
        # layout (from 140 columns), whose no-wrap cells may not fit in 80 or 120
        assert "Latest progress" in [c.header for c in table[0]]
        return
    assert lean == rich


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_tables(), width=st.integers(30, 220), styled=st.booleans())
def test_at_any_width_it_reads_as_rich_or_is_left_to_rich(
    table: tuple[list[layout.Column], list[list[layout.Cell]], str | None],
    width: int,
    styled: bool,
) -> None:
    lean, rich = _both(*table, width, styled)
    assume(lean is not None)
    assert lean == rich


@pytest.mark.parametrize("width", WIDTHS)
def test_the_lean_way_is_taken_at_80_and_120_columns(width: int) -> None:
    columns = _columns(wide=False, due=True)
    rows: list[list[layout.Cell]] = [
        ["PPB 1", "CC", ("CC to report " * 30, "↳ Open"), "2014-03-13\noverdue", "1"]
    ]
    assert layout.lines(columns, lambda: rows, width, "Open actions") is not None


@pytest.mark.parametrize("text", ["a\tb", "\tx\ty", "漢字\t表", "e\u0301\t"])
def test_tabs_are_expanded_as_rich_expands_them(text: str) -> None:
    columns = _columns(wide=False, due=False)
    lean, rich = _both(columns, [["PPB 1", "CC", text, "1"]], None, 80, False)
    assert lean == rich


# Listings: as wide as their cells need (Rich's `Table(expand=False)`), up to the width.
GRID_HEADERS = [
    "Meeting", "Venue", "Time", "Items", "Matters arising", "Raised", "Item", "Decision",
    "Handle", "Name", "Role", "Aliases", "漢字 表", "e\u0301 é", "A", "Progress as at meeting",
]  # fmt: skip


@st.composite
def _grids(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str | None]:
    headers = draw(st.lists(st.sampled_from(GRID_HEADERS), min_size=1, max_size=6))
    cell = st.one_of(TEXT, SHORT, st.just(""), st.text(st.sampled_from("ab"), min_size=30))
    rows = draw(st.lists(st.lists(cell, min_size=len(headers), max_size=len(headers)),
                         min_size=1, max_size=6))  # fmt: skip
    title = draw(st.one_of(st.none(), TEXT.map(lambda t: printable(t, one_line=True))))
    return headers, rows, title


def _both_grid(
    headers: list[str], rows: list[list[str]], title: str | None, width: int, styled: bool
) -> tuple[str | None, str]:
    """The listing as `layout` writes it (None where it leaves it to Rich), and as Rich does."""
    console = _console(width, styled)
    columns = [layout.Column(h) for h in headers]
    styles = tables._styles(console)
    lean = layout.lines(columns, lambda: rows, width, title, styles, expand=False)
    tables._rich_grid(console, headers, rows, title)
    rich = console.file.getvalue()  # type: ignore[attr-defined]
    return None if lean is None else "".join(lean), rich


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=_grids(), width=st.sampled_from(WIDTHS), styled=st.booleans())
@example(grid=(["Meeting", "Item", "Decision"], [["2014-03-13", "", "x"]], None), width=80,
         styled=False)  # fmt: skip
def test_a_listing_reads_as_rich_lays_it_out(
    grid: tuple[list[str], list[list[str]], str | None], width: int, styled: bool
) -> None:
    lean, rich = _both_grid(*grid, width, styled)
    assert lean == rich


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=_grids(), width=st.integers(30, 220), styled=st.booleans())
def test_a_listing_at_any_width_reads_as_rich_or_is_left_to_rich(
    grid: tuple[list[str], list[list[str]], str | None], width: int, styled: bool
) -> None:
    lean, rich = _both_grid(*grid, width, styled)
    assume(lean is not None)
    assert lean == rich


def _records(count: int, summary: str = "CC to report on the custody review") -> list[dict]:
    history = [{"date": "2014-03-13", "meeting": None, "status": "in progress", "note": "a, b"}]
    return [
        {"id": f"PPB {n}", "summary": summary, "owners": ["CC", "Dafydd Llewelyn"],
         "status": "in progress" if n % 2 else "open", "due": None, "overdue": False,
         "carried": n % 7, "history": history if n % 2 else [], "restricted": False}
        for n in range(1, count + 1)
    ]  # fmt: skip


def _printed(records: list[dict], console: Console) -> str:
    tables._console, before = (lambda: console), tables._console  # type: ignore[assignment]
    try:
        tables.actions(records, "Open actions of CC")
    finally:
        tables._console = before  # type: ignore[method-assign]
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [80, 120, 140, 200])
@pytest.mark.parametrize("styled", [False, True])
def test_the_actions_table_reads_as_rich_lays_it_out(width: int, styled: bool) -> None:
    records = _records(40, "CC to report on 漢字 and e\u0301 " * 3)
    records[3]["due"], records[3]["overdue"] = "2014-04-10", True
    lean = _printed(records, _console(width, styled))
    console = _console(width, styled)
    wide = width >= tables.WIDE
    columns = _columns(wide, due=True)
    tables._rich_actions(
        console, columns, [tables._row(r, wide) for r in records], "Open actions of CC"
    )
    assert lean == console.file.getvalue()  # type: ignore[attr-defined]


def test_every_action_is_shown_however_many() -> None:
    count = tables.ROWS + 500
    out = _printed(_records(count), _console(80, False))
    assert sum(line.startswith("  PPB ") for line in out.splitlines()) == count
    assert "more actions" not in out


def test_a_long_summary_is_cut_at_80_columns_as_at_200() -> None:
    for width in (80, 200):
        out = _printed(_records(1, "word " * 400), _console(width, False))
        words = out.split()
        assert " ".join(words).count("word … (1,500 characters more)") == 1
        assert words.count("word") == 100


class _Ascii(io.StringIO):
    encoding = "ascii"


def test_an_ascii_only_terminal_gets_rich_and_at_most_rows_actions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console = Console(file=_Ascii(), width=80, highlight=False, soft_wrap=False)
    out = _printed(_records(tables.ROWS + 1), console)
    assert out.splitlines()[1].startswith("+") and "─" not in out  # Rich's ASCII box
    assert sum(line.startswith("| PPB ") for line in out.splitlines()) == tables.ROWS
    assert capsys.readouterr().out == ("… and 1 more actions, not shown in a table: narrow the selection, "
                        "or use --format json, csv or md for all of them\n")  # fmt: skip


def _printed_grid(rows: list[list[str]], console: Console) -> str:
    tables._console, before = (lambda: console), tables._console  # type: ignore[assignment]
    try:
        tables.grid_table(("Meeting", "Item", "Decision"), rows, title="Decisions")
    finally:
        tables._console = before  # type: ignore[method-assign]
    return console.file.getvalue()  # type: ignore[attr-defined]


def _decisions(count: int) -> list[list[str]]:
    said = "The board agreed to publish the custody review's findings " * 3
    return [[f"2014-{n:05d}", f"{n}. Custody review", said] for n in range(1, count + 1)]


@pytest.mark.parametrize(("width", "styled"), [(80, False), (120, True)])
def test_every_row_of_a_listing_is_shown_as_rich_would_show_it(width: int, styled: bool) -> None:
    rows = _decisions(tables.ROWS + 500)
    out = _printed_grid(rows, _console(width, styled))
    assert sum(line.startswith("  2014-") for line in out.splitlines()) == len(rows)
    assert "more rows" not in out
    console = _console(width, styled)
    table = tables._table("Meeting", "Item", "Decision", title="Decisions")
    for row in rows:  # all of them, past Rich's `ROWS`
        table.add_row(*row)
    console.print(table)
    assert out == console.file.getvalue()  # type: ignore[attr-defined]


def test_a_listing_cuts_a_long_cell_and_shows_controls() -> None:
    out = _printed_grid([["2014-03-13", "1\x1b[31m", "word " * 400]], _console(80, False))
    assert " ".join(out.split()).count("word … (1,500 characters more)") == 1
    assert "\x1b" not in out and "1\\x1b[31m" in out


def test_an_ascii_only_terminal_gets_rich_and_at_most_rows_of_a_listing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console = Console(file=_Ascii(), width=80, highlight=False, soft_wrap=False)
    out = _printed_grid(_decisions(tables.ROWS + 1), console)
    assert out.splitlines()[1].startswith("+") and "─" not in out  # Rich's ASCII box
    assert sum(line.startswith("| 2014-") for line in out.splitlines()) == tables.ROWS
    assert capsys.readouterr().out == ("… and 1 more rows, not shown in a table: narrow the selection, "
                        "or use --format json, csv or md for all of them\n")  # fmt: skip


def test_a_title_is_made_printable_as_rich_makes_it() -> None:
    title = "Open actions of X\x1b[31mY\nZ"
    console = _console(80, False)
    tables._console, before = (lambda: console), tables._console  # type: ignore[assignment]
    try:
        tables.actions(_records(1), title)
        tables.grid_table(("Meeting",), [["x" * 40]], title=title)
    finally:
        tables._console = before  # type: ignore[method-assign]
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in out and out.count("Open actions of X\\x1b[31mY\\nZ") == 2
