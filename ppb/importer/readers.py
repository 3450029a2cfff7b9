"""Legacy minutes as blocks: paragraphs, headings and tables, each with where it came from.

Plain text (as pdftotext or a copy from Word gives it: tab-separated tables),
Markdown (as `ppb minutes --format md` writes it, or by hand) and Word .docx
(python-docx, imported only here and only when a .docx is read).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ppb.errors import PpbError

MAX_BYTES = 20_000_000


@dataclass
class Block:
    """One paragraph (its lines), heading (level None where the format does not say) or table."""

    kind: str  # "para", "heading" or "table"
    lines: list[str] = field(default_factory=list)
    where: str = ""
    level: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    row_where: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


_LABEL = re.compile(r"^\W*(members|present|also present|in attendance|apologies)\W*:", re.I)


def read(path: str) -> list[Block]:
    """The blocks of one file, by its extension; PpbError if it cannot be read."""
    name = os.path.basename(path)
    ext = os.path.splitext(path)[1].lower()
    if ext == ".docx":
        _not_too_large(path)
        return docx_blocks(path, name)
    if ext == ".pdf":
        raise PpbError(
            f"{path}: PDF is not read directly; run `pdftotext -layout {name}` and import the .txt"
        )
    _not_too_large(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise PpbError(f"{path}: not UTF-8 text (save it as UTF-8, or import the .docx)") from None
    except OSError as exc:
        raise PpbError(f"{path}: cannot read it ({exc.strerror})") from None
    if ext in (".md", ".markdown"):
        return markdown_blocks(text, name)
    return text_blocks(text, name)


def _not_too_large(path: str) -> None:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise PpbError(f"{path}: cannot read it ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise PpbError(f"{path}: {size} bytes is too large for minutes (at most {MAX_BYTES})")


def _is_row(line: str) -> bool:
    return "\t" in line and not _LABEL.match(_plain(line))


def _plain(line: str) -> str:
    """A line without HTML-ish underline tags or Markdown emphasis."""
    line = re.sub(r"</?u>", "", line)
    return re.sub(r"(\*\*|__)(.*?)\1", r"\2", line)


def _cells(line: str) -> list[str]:
    """A table row's cells: split at tabs, or (pdftotext -layout) at runs of 3 or more spaces."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in re.split(r" {3,}", line.rstrip())]


def _spaced_header(line: str) -> bool:
    """A table's heading row laid out with spaces: "Action No   Action Summary   Progress"."""
    cells = _cells(line) if "\t" not in line else []
    return (
        len(cells) >= 2
        and any(re.match(r"action|item|ref", c, re.I) for c in cells)
        and any(
            re.search(r"summary|progress|status|responsib|owner|progressed", c, re.I) for c in cells
        )
    )


def text_blocks(text: str, name: str) -> list[Block]:
    """Paragraphs split by blank lines, tables as runs of tab-separated lines (or of lines
    in columns, after a heading row in columns, as pdftotext -layout writes them)."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\f", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        spaced = _spaced_header(line)
        if _is_row(line) or spaced:
            table, i = _table(lines, i, name, spaced)
            blocks.append(table)
            continue
        para = Block("para", where=f"{name}:{i + 1}")
        while i < len(lines) and lines[i].strip() and not _is_row(lines[i]):
            if para.lines and _spaced_header(lines[i]):
                break
            para.lines.append(_plain(lines[i]).replace("\t", " ").strip())
            i += 1
        blocks.append(para)
    return blocks


def _table(lines: list[str], i: int, name: str, spaced: bool) -> tuple[Block, int]:
    table = Block("table", where=f"{name}:{i + 1}")
    starts = [start for start, _ in _chunks(lines[i])] if spaced else []

    def row(line: str) -> bool:
        return _is_row(line) or (spaced and len(_cells(line)) >= 2)

    while i < len(lines):
        if lines[i].strip() and row(lines[i]):
            table.rows.append(_placed(lines[i], starts))
            table.row_where.append(f"{name}:{i + 1}")
            i += 1
        elif not lines[i].strip() and _next_is_row(lines, i, row):
            i += 1
        else:
            break
    return table, i


def _chunks(line: str) -> list[tuple[int, str]]:
    """The texts of a line laid out in columns, each with the column it starts at."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", line)]


def _placed(line: str, starts: list[int]) -> list[str]:
    """A row's cells. In columns of spaces (pdftotext -layout), an empty cell is only
    spaces, so a row with fewer texts than the heading has columns puts each text in the
    column whose heading starts nearest to it; a row with a text for every column, or one
    not laid out so (two texts nearest one heading), is split in order."""
    cells = _cells(line)
    chunks = _chunks(line)
    if "\t" in line or not starts or len(chunks) >= len(starts):
        return cells
    placed = [""] * len(starts)
    for start, text in chunks:
        column = min(range(len(starts)), key=lambda c: abs(starts[c] - start))
        if placed[column]:
            return cells
        placed[column] = text
    return placed


def _next_is_row(lines: list[str], i: int, row: Any = None) -> bool:
    for line in lines[i:]:
        if line.strip():
            return bool((row or _is_row)(line))
    return False


def markdown_blocks(text: str, name: str) -> list[Block]:
    """Headings by their #s, pipe tables, paragraphs split by blank lines."""
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        where = f"{name}:{i + 1}"
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        if not line.strip():
            i += 1
        elif heading:
            blocks.append(
                Block("heading", [_md_text(heading.group(2))], where, len(heading.group(1)))
            )
            i += 1
        elif line.lstrip().startswith("|"):
            table = Block("table", where=where)
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = _md_cells(lines[i])
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    table.rows.append([_md_text(c) for c in cells])
                    table.row_where.append(f"{name}:{i + 1}")
                i += 1
            blocks.append(table)
        else:
            para = Block("para", where=where)
            while (
                i < len(lines) and lines[i].strip() and not lines[i].lstrip().startswith(("|", "#"))
            ):
                para.lines.append(_md_text(lines[i]))
                i += 1
            blocks.append(para)
    return blocks


def _md_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _md_text(text: str) -> str:
    text = _plain(text.strip())
    if len(text) > 1 and text.startswith(("*", "_")) and text.endswith(text[0]):
        text = text[1:-1]
    text = re.sub(r"<br\s*/?>", " ", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", text).strip()


def docx_blocks(path: str, name: str) -> list[Block]:
    """The body of a Word document in order: paragraphs (headings by their style) and tables."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(path)
    except Exception as exc:  # python-docx raises many types for a file that is not Word's
        raise PpbError(
            f"{path}: cannot read it as a Word document ({type(exc).__name__})"
        ) from None
    blocks: list[Block] = []
    paragraph_no = table_no = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_no += 1
            para = Paragraph(child, document)
            text = para.text.replace("\t", " ")
            if not text.strip():
                continue
            style = (para.style.name if para.style is not None else "") or ""
            level = re.match(r"Heading (\d)", style) or (re.match(r"Title", style) and None)
            where = f"{name}:paragraph {paragraph_no}"
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            if level:
                blocks.append(Block("heading", lines, where, int(level.group(1))))
            else:
                blocks.append(Block("para", lines, where))
        elif tag == "tbl":
            table_no += 1
            table = Table(child, document)
            block = Block("table", where=f"{name}:table {table_no}")
            for r, row in enumerate(table.rows, 1):
                cells: list[str] = []
                seen: list[object] = []
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell is listed once per grid column
                        continue
                    seen.append(cell._tc)
                    cells.append(" ".join(cell.text.split()))
                block.rows.append(cells)
                block.row_where.append(f"{name}:table {table_no} row {r}")
            blocks.append(block)
    return blocks
