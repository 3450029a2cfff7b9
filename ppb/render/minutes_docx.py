"""The minutes as a Word document (python-docx): one function per kind of block, named styles.

Everything is laid out in named styles (Word's own Title and Heading 1–3, and
"PPB …" styles of ours), so an office restyles the minutes by editing styles,
not paragraphs. With a template (a .docx, as pandoc's --reference-doc) the
document is built on the template's styles, sections, headers and footers;
its body is cleared, and any style it lacks is added as ppb would make it.
python-docx is imported here only, inside the functions, so that no other
command pays for it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ppb.errors import NotFoundError, PpbError
from ppb.render import blocks as m
from ppb.text import printable

if TYPE_CHECKING:
    from docx.document import Document as Word
    from docx.table import Table

MAX_TEMPLATE = 64 * 1024 * 1024  # bytes on disk
MAX_TEMPLATE_UNPACKED = 256 * 1024 * 1024  # bytes of all its parts, unpacked
MAX_TEMPLATE_PARTS = 10_000

NOTICE = "PPB Notice"
ORGANISATION = "PPB Organisation"
DETAILS = "PPB Meeting Details"
ATTENDANCE = "PPB Attendance"
ACTION = "PPB Action"
DECISION = "PPB Decision"
CAPTION = "PPB Table Caption"
TABLE_HEADING = "PPB Table Heading"
TABLE_TEXT = "PPB Table Text"
LABEL = "PPB Label"  # a character style: "Members:", "Venue:"
TABLE = "PPB Action Summary"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LANGUAGES = {"cy": "cy-GB", "en": "en-GB"}


def render(document: m.Document | m.Bilingual, template: str | None = None) -> bytes:
    """The minutes as the bytes of a .docx file, on `template`'s styles if given; a bilingual
    document side by side, Welsh on the left, row by row."""
    word = _open(template)
    _ensure_styles(word, template)
    if template is None:
        _house_page(word)
    layout = _Layout(word)
    if isinstance(document, m.Bilingual):
        _side_by_side(layout, document)
        title = f"{document.first.title} / {document.second.title}"
    else:
        layout.lang = document.lang
        for block in document.blocks:
            _LAYOUT[type(block)](layout, block)
        title = document.title
    _properties(word, title)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# The document: python-docx's own blank one, or the template with its body cleared.


def _open(template: str | None) -> Word:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if template is None:
        return docx.Document()
    data = _template_bytes(template)
    try:
        word = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "template" in str(exc):
            raise PpbError(
                f"{template}: a Word template (.dotx); save it from Word as a .docx document to use it"
            ) from None
        raise PpbError(f"{template}: not a Word document (.docx): {exc}") from None
    except (PackageNotFoundError, KeyError, SyntaxError) as exc:  # lxml's errors are SyntaxErrors
        raise PpbError(f"{template}: not a Word document (.docx): {exc}") from None
    _clear_body(word)
    return word


def _template_bytes(path: str) -> bytes:
    """The template's bytes, once checked to be a .docx of a sane size (no zip bomb)."""
    import os
    import zipfile

    try:
        size = os.path.getsize(path)
        if size > MAX_TEMPLATE:
            raise PpbError(
                f"{path}: {size:,} bytes, more than a template may be ({MAX_TEMPLATE:,})"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PpbError(f"{path}: is a folder, not a Word document") from None
    except OSError as exc:
        raise PpbError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            names = {info.filename for info in parts}
    except zipfile.BadZipFile:
        raise PpbError(f"{path}: not a Word document (.docx)") from None
    unpacked = sum(info.file_size for info in parts)
    if len(parts) > MAX_TEMPLATE_PARTS or unpacked > MAX_TEMPLATE_UNPACKED:
        raise PpbError(f"{path}: unpacks to {unpacked:,} bytes in {len(parts):,} parts; too large")
    if "[Content_Types].xml" not in names:
        raise PpbError(f"{path}: not a Word document (.docx)")
    return data


def _clear_body(word: Word) -> None:
    """Remove the template's text and tables; keep its last section (page, headers, footers)."""
    body = word.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)


def _properties(word: Word, title: str) -> None:
    props = word.core_properties
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    props.title = printable(title, one_line=True)
    props.subject = "Minutes of Meeting"
    props.author = props.last_modified_by = props.comments = props.keywords = ""
    props.language = "en-GB"
    props.created = props.modified = now
    props.revision = 1


# The styles: used by name; those a template lacks are added, made as ppb makes them.


def _ensure_styles(word: Word, template: str | None) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles = word.styles
    for name, (kind, base, make) in _STYLES.items():
        style_type = getattr(WD_STYLE_TYPE, kind)
        if name in styles:
            if styles[name].type != style_type:
                raise PpbError(f"{template}: ppb needs {name!r} as a {kind.lower()} style")
            if template is None and name in _BUILT_IN:
                make(styles[name])  # python-docx's blank document: our plainer look
            continue
        style: Any = styles.add_style(name, style_type, builtin=name in _BUILT_IN)
        if base is not None and base in styles:
            style.base_style = styles[base]
        style.hidden = False
        style.quick_style = kind != "TABLE"
        make(style)


def _house_page(word: Word) -> None:
    """python-docx's blank document is US Letter in US English: A4 and British English instead."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")
            lang.set(qn("w:eastAsia"), "en-GB")
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph: Any, code: str, shown: str) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {_W} w:instr=" {code} "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>'
        )
    )


def _font(style: Any, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = "Arial"
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme"):  # a theme's font wins over a named one
        fonts.attrib.pop(qn(theme), None)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _normal(style: Any) -> None:
    from docx.shared import Pt

    _font(style, 11)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15


def _title(style: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    _font(style, 16, bold=True)
    style.font.all_caps = False
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(18), Pt(12)
    p_pr = style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # python-docx's Title is underlined in blue
        p_pr.remove(border)


def _heading(size: float) -> Callable[[Any], None]:
    def make(style: Any) -> None:
        from docx.shared import Pt

        _font(style, size, bold=True)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(14 if size > 12 else 10), Pt(4)
        fmt.keep_with_next = True

    return make


def _notice(style: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    style.font.italic = True
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.space_after = Pt(2)


def _organisation(style: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    style.font.bold = style.font.all_caps = True
    style.font.size = Pt(12)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)


def _details(style: Any) -> None:
    from docx.shared import Cm, Pt

    fmt = style.paragraph_format
    fmt.space_after = Pt(0)
    fmt.tab_stops.add_tab_stop(Cm(2.5))


def _attendance(style: Any) -> None:
    from docx.shared import Cm, Pt

    fmt = style.paragraph_format  # the label hangs in the margin; names line up at the tab
    fmt.left_indent, fmt.first_line_indent = Cm(3.5), Cm(-3.5)
    fmt.tab_stops.add_tab_stop(Cm(3.5))
    fmt.space_before, fmt.space_after = Pt(6), Pt(6)


def _action(style: Any) -> None:
    from docx.shared import Cm, Pt

    style.font.bold = True
    fmt = style.paragraph_format
    fmt.left_indent = Cm(1.0)
    fmt.space_before, fmt.space_after = Pt(2), Pt(8)


def _decision(style: Any) -> None:
    from docx.oxml import parse_xml
    from docx.shared import Cm

    style.paragraph_format.left_indent = Cm(0.4)
    border = parse_xml(
        f'<w:pBdr {_W}><w:left w:val="single" w:sz="18" w:space="8" w:color="555555"/></w:pBdr>'
    )
    style.element.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr"
    )


def _caption(style: Any) -> None:
    from docx.shared import Pt

    style.font.bold = True
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(12), Pt(4)
    fmt.keep_with_next = True


def _cell_text(style: Any) -> None:
    from docx.shared import Pt

    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(2)
    style.paragraph_format.line_spacing = 1.0


def _cell_heading(style: Any) -> None:
    _cell_text(style)
    style.font.bold = True
    style.paragraph_format.keep_with_next = True


def _label(style: Any) -> None:
    style.font.bold = True


def _table(style: Any) -> None:
    """Single rules round every cell, and a shaded first row (where Word applies table styles)."""
    from docx.oxml import parse_xml

    rule = 'w:val="single" w:sz="4" w:space="0" w:color="666666"'
    edges = "".join(f"<w:{e} {rule}/>" for e in ("top", "left", "bottom", "right"))
    style.element.append(
        parse_xml(
            f"<w:tblPr {_W}><w:tblBorders>{edges}<w:insideH {rule}/><w:insideV {rule}/>"
            '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    )
    style.element.append(
        parse_xml(
            f'<w:tblStylePr {_W} w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="E8E8E8"/></w:tcPr></w:tblStylePr>'
        )
    )


_BUILT_IN = {"Normal", "Title", "Heading 1", "Heading 2", "Heading 3"}
_STYLES: dict[str, tuple[str, str | None, Callable[[Any], None]]] = {
    # name: (python-docx's WD_STYLE_TYPE, based on, how ppb makes it)
    "Normal": ("PARAGRAPH", None, _normal),
    "Title": ("PARAGRAPH", "Normal", _title),
    "Heading 1": ("PARAGRAPH", "Normal", _heading(14)),
    "Heading 2": ("PARAGRAPH", "Normal", _heading(12)),
    "Heading 3": ("PARAGRAPH", "Normal", _heading(11)),
    NOTICE: ("PARAGRAPH", "Normal", _notice),
    ORGANISATION: ("PARAGRAPH", "Normal", _organisation),
    DETAILS: ("PARAGRAPH", "Normal", _details),
    ATTENDANCE: ("PARAGRAPH", "Normal", _attendance),
    ACTION: ("PARAGRAPH", "Normal", _action),
    DECISION: ("PARAGRAPH", "Normal", _decision),
    CAPTION: ("PARAGRAPH", "Normal", _caption),
    TABLE_TEXT: ("PARAGRAPH", "Normal", _cell_text),
    TABLE_HEADING: ("PARAGRAPH", TABLE_TEXT, _cell_heading),
    LABEL: ("CHARACTER", None, _label),
    TABLE: ("TABLE", "Table Grid", _table),
}


# The blocks: one function each.


class _Layout:
    """The document being written, and how to add a paragraph in a named style to it."""

    def __init__(self, word: Word) -> None:
        self.word = word
        self.body: Any = word  # where blocks go: the document, or a cell of a bilingual row
        self.share = 1.0  # of the width between the margins that `body` has
        self.lang: str | None = None  # the language of the document being laid out

    def paragraph(self, style: str, text: str = "", lang: str | None = None) -> Any:
        paragraph = self.body.add_paragraph(style=self.word.styles[style])
        if text:
            self.run(paragraph, text, lang=lang)
        return paragraph

    def run(
        self, paragraph: Any, text: str, style: str | None = None, lang: str | None = None
    ) -> Any:
        run = paragraph.add_run(printable(text), style=self.word.styles[style] if style else None)
        lang = lang or getattr(text, "lang", None) or self.lang  # English shown untranslated
        mark = getattr(text, "mark", None)
        if mark:
            paragraph.add_run(f" {mark}").italic = True
        if lang in _LANGUAGES:
            from docx.oxml import parse_xml

            run._r.get_or_add_rPr().append(parse_xml(f'<w:lang {_W} w:val="{_LANGUAGES[lang]}"/>'))
        return run

    def width(self) -> int:
        """The width between the margins, in EMU (A4's, where the template leaves it unsaid)."""
        from docx.shared import Cm

        sections = self.word.sections
        if not len(sections):
            return int(Cm(16) * self.share)
        section = sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None or page <= left + right:
            return int(Cm(16) * self.share)
        return int((page - left - right) * self.share)


def _side_by_side(layout: _Layout, document: m.Bilingual) -> None:
    """One two-column table: each row a block in Welsh and the same block in English; the
    notice and letterhead, the same in both, once across the page."""
    table = None
    half = layout.width() // 2
    for first, second in document.pairs():
        if first == second and isinstance(first, (m.Notice, m.Organisation)):
            _LAYOUT[type(first)](layout, first)
            continue
        if table is None:
            table = layout.word.add_table(rows=0, cols=2)
            table.autofit = False
            for column in table.columns:  # each language half the page, whatever would fit
                column.width = half
        cells = table.add_row().cells
        for cell in cells:
            cell.width = half
        for cell, block, lang in zip(
            cells, (first, second), (document.first.lang, document.second.lang), strict=True
        ):
            layout.body, layout.share, layout.lang = cell, 0.48, lang
            _LAYOUT[type(block)](layout, block)
            empty = cell.paragraphs[0]
            if not empty.text and len(cell.paragraphs) > 1:  # a new cell starts with one
                empty._element.getparent().remove(empty._element)
    layout.body, layout.share, layout.lang = layout.word, 1.0, None


def _notice_block(layout: _Layout, block: m.Notice) -> None:
    layout.paragraph(NOTICE, block.text, lang=block.lang)


def _organisation_block(layout: _Layout, block: m.Organisation) -> None:
    langs = ["cy", "en"] if len(block.lines) == 2 else ["en"] * len(block.lines)
    for line, lang in zip(block.lines, langs, strict=True):
        layout.paragraph(ORGANISATION, line, lang=lang)


def _title_block(layout: _Layout, block: m.Title) -> None:
    layout.paragraph("Title", block.text)


def _fields_block(layout: _Layout, block: m.Fields) -> None:
    for label, value in block.pairs:
        paragraph = layout.paragraph(DETAILS)
        layout.run(paragraph, f"{label}:", style=LABEL)
        layout.run(paragraph, f"\t{value}")


def _attendance_block(layout: _Layout, block: m.Attendance) -> None:
    for label, names in block.groups:
        paragraph = layout.paragraph(ATTENDANCE)
        layout.run(paragraph, f"{label}:", style=LABEL)
        layout.run(paragraph, "\t" + "\n".join(names))  # python-docx makes \n a line break


def _heading_block(layout: _Layout, block: m.Heading) -> None:
    # Level 1 is the Title ("Minutes of Meeting"); items are Heading 1, sub-items 2 and 3.
    layout.paragraph(f"Heading {min(max(block.level - 1, 1), 3)}", block.text)


def _paragraph_block(layout: _Layout, block: m.Paragraph) -> None:
    layout.paragraph("Normal", block.text)


def _decision_block(layout: _Layout, block: m.DecisionLine) -> None:
    layout.paragraph(DECISION, block.text)


def _action_block(layout: _Layout, block: m.ActionLine) -> None:
    paragraph = layout.paragraph(ACTION)
    layout.run(paragraph, f"{block.label}: ")
    layout.run(paragraph, block.text)
    layout.run(paragraph, f" ({block.id})")


def _table_block(layout: _Layout, block: m.SummaryTable) -> None:
    layout.paragraph(CAPTION, block.caption)
    table = layout.body.add_table(rows=1, cols=len(block.headers))
    table.style = layout.word.styles[TABLE]
    _header_row(layout, table, block.headers)
    for row in block.rows:
        added = table.add_row()
        _keep_together(added)
        cells = added.cells
        for cell, text in zip(cells, row, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = layout.word.styles[TABLE_TEXT]
            layout.run(paragraph, text)
    if not block.rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].style = layout.word.styles[TABLE_TEXT]
        layout.run(merged.paragraphs[0], "None.")
    _widths(table, layout.width())
    layout.paragraph("Normal")  # a table followed by a table would merge into one in Word


def _header_row(layout: _Layout, table: Table, headers: tuple[str, ...]) -> None:
    """The column headings, repeated at the top of every page the table runs onto."""
    from docx.oxml import parse_xml

    row = table.rows[0]
    for cell, text in zip(row.cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.style = layout.word.styles[TABLE_HEADING]
        layout.run(paragraph, text)
    _keep_together(row)
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {_W} w:val="true"/>'))


def _keep_together(row: Any) -> None:
    """A row is never split across two pages."""
    from docx.oxml import parse_xml

    row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {_W}/>"))


def _widths(table: Table, width: int) -> None:
    """Action N° wide enough for its heading, "To be progressed by:" on one line, the rest
    for the summary."""
    from docx.shared import Cm

    first = min(int(Cm(2.6)), width // 5)
    third = int(width * 0.28)
    columns = [first, width - first - third, third][: len(table.columns)]
    table.autofit = False
    for column, size in zip(table.columns, columns, strict=True):
        column.width = size
        for cell in column.cells:
            cell.width = size


_LAYOUT: dict[type, Callable[[_Layout, Any], None]] = {
    m.Notice: _notice_block,
    m.Organisation: _organisation_block,
    m.Title: _title_block,
    m.Fields: _fields_block,
    m.Attendance: _attendance_block,
    m.Heading: _heading_block,
    m.Paragraph: _paragraph_block,
    m.DecisionLine: _decision_block,
    m.ActionLine: _action_block,
    m.SummaryTable: _table_block,
}


def style_names() -> list[str]:
    """Every style the Word minutes use, by name (documented, and held to by a test)."""
    return list(_STYLES)
