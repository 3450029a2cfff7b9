"""Tables laid out as Rich lays them out, fitted once and written a row at a time.

Rich makes a renderable, segments and styles of every cell and holds the whole table
until it is printed: about 0.65 ms a row, seconds for a few thousand actions. This lays
out the same table as text: the column widths worked out once from every cell as Rich's
`Table(expand=True)` works them out (ratios, maximum widths, collapsing to fit), each
cell wrapped as Rich's `Text` wraps it (at spaces, folding what is longer than its
column, cutting what may not wrap, expanding tabs), in the `SIMPLE_HEAD` box, with the
title in italics, the header in bold and a cell's tail dimmed where the terminal shows
styles. Text is measured by `rich.cells`, so wide characters, emoji and combining marks
take the room Rich gives them; text of one-cell characters only, nearly all of it, takes
a quicker way to the same lines. Tests hold the two to the same text, byte for byte.

Cells are text made `printable` (no control character but tabs and line breaks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from math import ceil
from typing import NamedTuple

# A cell: its text, or its text and a tail shown dimmed on lines of its own under it.
Cell = str | tuple[str, str]
Row = Sequence[Cell]


class Styles(NamedTuple):
    """How a terminal is told to start and stop each style (Rich's codes): "" for none."""

    title: tuple[str, str]
    header: tuple[str, str]
    dim: tuple[str, str]


PLAIN = Styles(("", ""), ("", ""), ("", ""))  # what Rich writes to a file: no styles
_WORD = re.compile(r"\s*\S+\s*")  # a word and the space after it, as Rich divides a line
_TRAILING = re.compile(r"\s+$")
RULE = "─"  # SIMPLE_HEAD's line under the header; its edges and dividers are spaces


@dataclass(frozen=True)
class Column:
    header: str
    no_wrap: bool = False
    right: bool = False  # justified right (else left)
    max_width: int | None = None  # of its text, as Rich's Column.max_width
    ratio: int | None = None  # a share of the room left over, as Rich's Column.ratio


def lines(
    columns: Sequence[Column], rows: Callable[[], Iterable[Row]], width: int,
    title: str | None, styles: Styles = PLAIN,
) -> Iterator[str] | None:  # fmt: skip
    """The table's lines (each ending in a line break) at `width` columns, or None where
    Rich would have to squeeze it more than this does (columns of fewer than three
    characters). `rows` gives the rows afresh for each pass: one to fit, one to write."""
    widths = fit(columns, rows(), width)
    if widths is None:
        return None
    return _lines(columns, widths, rows(), title, styles)


def _lines(
    columns: Sequence[Column], widths: list[int], rows: Iterable[Row], title: str | None,
    styles: Styles,
) -> Iterator[str]:  # fmt: skip
    total = sum(widths) + len(widths) + 1
    if title:
        (before, after), measures = styles.title, _cells()
        for line in _wrapped(title, total, measures):
            piece = "".join(measures.truncated(line, total, measures.simple(line)))
            yield f"{before}{piece}{after}\n"
    yield " " * total + "\n"
    before, after = styles.header
    header = [_header(c, w, styles.header) for c, w in zip(columns, widths, strict=True)]
    blanks = [f"{before}{' ' * w}{after}" for w in widths]
    yield from _joined(header, blanks, bottom=True)
    yield f" {RULE * (total - 2)} \n"
    layouts = [_Layout(c, w - 2, styles.dim) for c, w in zip(columns, widths, strict=True)]
    blanks = [" " * w for w in widths]
    for row in rows:
        cells = [layout.cell(cell) for layout, cell in zip(layouts, row, strict=True)]
        yield from _joined(cells, blanks)
    yield " " * total + "\n"


def _joined(cells: list[list[str]], blanks: list[str], bottom: bool = False) -> list[str]:
    """A row's lines from its cells' lines, short cells filled with blank lines below (or,
    for the header, above)."""
    height = max(map(len, cells))
    if height > 1:
        for index, (cell, blank) in enumerate(zip(cells, blanks, strict=True)):
            if len(cell) < height:
                fill = [blank] * (height - len(cell))
                cells[index] = fill + cell if bottom else cell + fill
    return [f" {' '.join(parts)} \n" for parts in zip(*cells, strict=True)]


def _header(column: Column, width: int, style: tuple[str, str]) -> list[str]:
    """The header's lines, styled in the three runs Rich styles them in: the space before,
    the text with the room after it, and the space after."""
    before, after = style
    layout = _Layout(column, width - 2, ("", ""))
    parts = layout.lines(column.header, dim=False)
    if not before:
        return [f" {content}{pad} " for content, pad, _ in parts]
    edge = f"{before} {after}"
    return [f"{edge}{before}{content}{pad}{after}{edge}" for content, pad, _ in parts]


# Fitting: the widths of the columns


def fit(columns: Sequence[Column], rows: Iterable[Row], width: int) -> list[int] | None:
    """Each column's width, its padding of a space each side included, as Rich's
    `Table._calculate_column_widths` works it out for an expanded table; None if a
    column would be narrower than three characters or the table wider than `width`."""
    room = width - len(columns) - 1  # the edges and the dividers between columns
    if room < 3 * len(columns):
        return None
    measure = _cells().measure
    longest = [measure(column.header) for column in columns]
    for row in rows:
        for index, cell in enumerate(row):
            size = measure(cell) if isinstance(cell, str) else max(map(measure, cell))
            if size > longest[index]:
                longest[index] = size
    caps = [room if c.max_width is None else min(room, c.max_width + 2) for c in columns]
    most = [min(size + 2, room, cap) for size, cap in zip(longest, caps, strict=True)]
    widths = _widths(columns, most, caps, longest, room)
    if min(widths) < 3 or sum(widths) > room:
        return None
    return widths


def _widths(
    columns: Sequence[Column], most: list[int], caps: list[int], longest: list[int], room: int
) -> list[int]:
    widths = [m or 1 for m in most]
    flexible = [c.ratio is not None for c in columns]
    ratios = [c.ratio or 0 for c in columns if c.ratio is not None]
    if any(ratios):
        fixed = [0 if f else m for f, m in zip(flexible, most, strict=True)]
        shares = iter(distribute(room - sum(fixed), ratios, [3] * len(ratios)))
        widths = [
            fixed[i] + next(shares) if f else w
            for i, (f, w) in enumerate(zip(flexible, widths, strict=True))
        ]
    total = sum(widths)
    if total > room:
        wrappable = [not c.no_wrap for c in columns]
        widths = _collapse(widths, wrappable, room)
        total = sum(widths)
        if total > room:
            widths = reduce(total - room, [1] * len(widths), widths, widths)
            total = sum(widths)
        # measured again at the widths they now have (Rich keeps the total from before)
        widths = [
            0 if w < 1 else w if w < 3 else min(size + 2, w, cap)
            for w, size, cap in zip(widths, longest, caps, strict=True)
        ]
    if total < room:
        widths = [w + pad for w, pad in zip(widths, distribute(room - total, widths), strict=True)]
    return widths


def _collapse(widths: list[int], wrappable: list[bool], room: int) -> list[int]:
    """Rich's `Table._collapse_widths`: the widest wrappable columns narrowed first."""
    total = sum(widths)
    excess = total - room
    if any(wrappable):
        while total and excess > 0:
            widest = max(w for w, wraps in zip(widths, wrappable, strict=True) if wraps)
            second = max(
                w if wraps and w != widest else 0
                for w, wraps in zip(widths, wrappable, strict=True)
            )
            ratios = [
                int(w == widest and wraps) for w, wraps in zip(widths, wrappable, strict=True)
            ]
            if not any(ratios) or not widest - second:
                break
            most = [min(excess, widest - second)] * len(widths)
            widths = reduce(excess, ratios, most, widths)
            total = sum(widths)
            excess = total - room
    return widths


def reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """Rich's `ratio_reduce`: `total` taken from `values` in proportion to `ratios`."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """Rich's `ratio_distribute`: `total` shared in proportion to `ratios`."""
    if minimums:
        ratios = [r if m else 0 for r, m in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    remaining = total
    shares = []
    for ratio, minimum in zip(ratios, minimums or [0] * len(ratios), strict=True):
        share = (
            max(minimum, ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        )
        shares.append(share)
        total_ratio -= ratio
        remaining -= share
    return shares


# Wrapping: a cell's lines


class _Layout:
    """How the cells of one column are laid out: at `width`, its text's width."""

    def __init__(self, column: Column, width: int, dim: tuple[str, str]) -> None:
        self.width, self.no_wrap, self.right = width, column.no_wrap, column.right
        self.dim = dim
        self.cells = _cells()
        self.blank = " " * (width + 2)

    def cell(self, cell: Cell) -> list[str]:
        """The cell's lines, padded to the column's width."""
        width = self.width
        if isinstance(cell, str):
            if (
                len(cell) <= width
                and not self.right
                and self.cells.simple(cell)
                and "\n" not in cell
            ):
                return [f" {cell}{' ' * (width - len(cell))} "]  # most cells: short, one line
            parts = self.lines(cell, dim=False)
        else:
            parts = self.lines(cell[0], dim=False) + self.lines(cell[1], dim=True)
        before, after = self.dim
        return [
            f" {before}{content}{after}{pad} "
            if dim and content and before
            else f" {content}{pad} "
            for content, pad, dim in parts
        ]

    def lines(self, text: str, dim: bool) -> list[tuple[str, str, bool]]:
        """Each line of the text, as Rich's `Text.wrap` makes it, as its text and the
        spaces that pad it to the width (a dimmed line dims only its text)."""
        cells, width, out = self.cells, self.width, []
        for line in text.split("\n"):
            simple = cells.simple(line)
            if not simple and "\t" in line:
                line = cells.expand_tabs(line)
            if self.no_wrap:
                pieces = [line]
            elif simple:
                pieces = _divided(line, width)
            else:
                pieces = cells.divided(line, width)
            for piece in pieces:
                if self.right:
                    content = cells.right(piece, width, simple)
                    out.append((content, "", False))
                else:
                    content, pad = cells.left(piece, width, simple, dim)
                    out.append((content, pad, dim))
        return out


def _divided(line: str, width: int) -> list[str]:
    """A line of one-cell characters divided as Rich's `divide_line` and `Text.divide`
    divide it, without the spaces beyond the width at the end of each piece."""
    if len(line) <= width:
        return [line]
    breaks, offset = [], 0
    for match in _WORD.finditer(line):
        start, end = match.span()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += end - start
        elif length > width:  # folded: as many pieces of the width as it needs
            for at in range(start, end, width):
                if at:
                    breaks.append(at)
            offset = (end - start) % width or width
        elif offset and start:
            breaks.append(start)
            offset = end - start
    bounds = [0, *breaks, len(line)]
    return [_stripped_end(line[a:b], width) for a, b in zip(bounds, bounds[1:], strict=False)]


def _stripped_end(piece: str, width: int) -> str:
    """Rich's `Text.rstrip_end`: the spaces at the end beyond the width (in characters)."""
    if len(piece) > width:
        space = _TRAILING.search(piece)
        if space is not None:
            return piece[: -min(len(space.group()), len(piece) - width)]
    return piece


class _Cells:
    """Rich's measures of text, imported when a table is laid out."""

    def __init__(self) -> None:
        from rich._wrap import divide_line
        from rich.cells import cell_len, get_character_cell_size, set_cell_size

        self.cell_len, self.set_cell_size, self.divide_line = cell_len, set_cell_size, divide_line
        one = chain(range(0x20, 0x7F), range(0xA0, 0x300), range(0x370, 0x483), range(0x2010, 0x2028),
                    range(0x2190, 0x2200), range(0x2500, 0x25FD))  # fmt: skip
        self.one_cell = frozenset(c for c in map(chr, one) if get_character_cell_size(c) == 1)
        self.simple = self.one_cell.issuperset  # text of one-cell characters only

    def measure(self, text: str) -> int:
        """The width of the text's widest line, as Rich measures a `Text`."""
        if self.simple(text):
            return len(text)
        return max(map(self.cell_len, text.splitlines()), default=0)

    def divided(self, line: str, width: int) -> list[str]:
        breaks = self.divide_line(line, width, fold=True)
        bounds = [0, *breaks, len(line)]
        return [_stripped_end(line[a:b], width) for a, b in zip(bounds, bounds[1:], strict=False)]

    def expand_tabs(self, line: str) -> str:
        """Rich's `Text.expand_tabs`: each tab to the next multiple of eight cells."""
        out, position = [], 0
        for part in re.findall(r"[^\t]*\t|[^\t]+", line):
            if part.endswith("\t"):
                part = part[:-1] + " "
                position += self.cell_len(part)
                if position % 8:
                    part += " " * (8 - position % 8)
                    position += 8 - position % 8
            else:
                position += self.cell_len(part)
            out.append(part)
        return "".join(out)

    def truncated(self, piece: str, width: int, simple: bool) -> tuple[str, str]:
        """A piece left-justified, as its text and the padding after it: Rich's
        `Text.truncate(pad=True)`."""
        if simple:
            return piece[:width], " " * (width - len(piece))
        length = self.cell_len(piece)
        if length > width:
            piece = self.set_cell_size(piece, width)
        return piece, " " * (width - length) if length < width else ""

    def left(self, piece: str, width: int, simple: bool, dim: bool) -> tuple[str, str]:
        """A piece left-justified, then made its width as Rich's `Segment.adjust_line_length`
        makes it (the text and the padding measured apart where they are styled apart)."""
        piece, pad = self.truncated(piece, width, simple)
        if simple:
            return piece, pad
        size = self.cell_len(piece) + len(pad) if dim and piece else self.cell_len(piece + pad)
        if size < width:
            pad += " " * (width - size)
        elif size > width:
            piece, pad = self.set_cell_size(piece, width), ""
        return piece, pad

    def right(self, piece: str, width: int, simple: bool) -> str:
        """A piece right-justified: Rich's `Lines.justify("right")`."""
        piece = piece.rstrip()
        if simple:
            piece = piece[:width]
            return " " * (width - len(piece)) + piece
        if self.cell_len(piece) > width:
            piece = self.set_cell_size(piece, width)
        piece = " " * (width - self.cell_len(piece)) + piece
        size = self.cell_len(piece)
        return piece + " " * (width - size) if size < width else piece


def _wrapped(text: str, width: int, cells: _Cells) -> list[str]:
    return _divided(text, width) if cells.simple(text) else cells.divided(text, width)


_CELLS: list[_Cells] = []


def _cells() -> _Cells:
    if not _CELLS:
        _CELLS.append(_Cells())
    return _CELLS[0]
