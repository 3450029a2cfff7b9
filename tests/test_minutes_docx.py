"""The Word minutes: the seed's layout in named styles, both ACTION SUMMARY tables as real
tables with a repeating header row, built on a template's styles when given one."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ppb.render import minutes_docx
from tests.conftest import more_actions, need, pdf_pages, snapshot
from tests.test_minutes import says_what_the_seed_says

EARLIER = [f"PPB {n}" for n in range(50, 60)]
NEW = [f"PPB {n}" for n in range(60, 71)]


def word_minutes(ppb, target: Path, *options: str, err: str = "") -> Any:
    result = ppb("minutes", "2014-03-13", "--format", "docx", "-o", str(target), *options)
    assert (result.code, result.out) == (0, "") and result.err.startswith(err)
    assert bool(result.err) == bool(err)
    return docx.Document(str(target))


@pytest.fixture
def minutes(board: Path, ppb, tmp_path: Path) -> Any:
    return word_minutes(ppb, tmp_path / "minutes.docx")


def body(document: Any) -> list[Paragraph | Table]:
    """The paragraphs and tables of the document, in reading order."""
    return list(document.iter_inner_content())


def as_lines(document: Any) -> str:
    """The document as plain lines: a paragraph a line, a table row as `| a | b | c |`."""
    lines = []
    for block in body(document):
        if isinstance(block, Table):
            lines += ["| " + " | ".join(c.text for c in row.cells) + " |" for row in block.rows]
        else:
            lines.append(block.text.replace("\t", " ").replace("\n", "; "))
    return "\n".join(lines)


def test_word_minutes_say_everything_the_seed_says_in_order(minutes: Any) -> None:
    says_what_the_seed_says(as_lines(minutes))


def test_both_action_summary_tables_are_real_tables(minutes: Any) -> None:
    earlier, new = minutes.tables
    assert [c.text for c in earlier.rows[0].cells] == ["Action N°", "Action Summary", "Progress"]
    assert [r.cells[0].text for r in earlier.rows[1:]] == EARLIER
    assert [c.text for c in earlier.rows[2].cells] == [
        "PPB 51",
        "CM to clarify with Samantha Waters on the status of the report relating to "
        "employment tribunals and outstanding insurance claims and whether there were any "
        "restrictions on publishing the information",
        "Completed – report published",
    ]
    assert earlier.rows[-1].cells[2].text == "In progress – see PPB 56"
    assert [c.text for c in new.rows[0].cells] == [
        "Action N°",
        "Action Summary",
        "To be progressed by:",
    ]
    assert [r.cells[0].text for r in new.rows[1:]] == NEW
    assert [c.text for c in new.rows[8].cells] == [
        "PPB 67",
        "CG and Dafydd Llewelyn to discuss Strategic Assessment Review",
        "CG / Dafydd Llewelyn",
    ]
    captions = [
        b.text
        for b in body(minutes)[:-1]
        if isinstance(b, Paragraph) and b.text == "ACTION SUMMARY"
    ]
    assert len(captions) == 2


def test_each_table_repeats_its_header_row_on_every_page(minutes: Any) -> None:
    for table in minutes.tables:
        flags = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") for row in table.rows]
        assert flags[0] is not None and flags[0].get(qn("w:val")) == "true"
        assert flags[1:] == [None] * (len(table.rows) - 1)  # the heading row alone
        assert table.style.name == "PPB Action Summary"
        assert {p.style.name for p in table.rows[0].cells[0].paragraphs} == {"PPB Table Heading"}
        assert {p.style.name for p in table.rows[1].cells[1].paragraphs} == {"PPB Table Text"}


def test_the_header_and_attendance_are_laid_out_as_the_seed_has_them(minutes: Any) -> None:
    paragraphs = minutes.paragraphs
    styled = [(p.style.name, p.text) for p in paragraphs]
    assert styled[:5] == [
        ("PPB Notice", "Mae'r ddogfen hon ar gael yn Gymraeg yn ogystal â Saesneg."),
        ("PPB Notice", "This document is available in Welsh as well as English."),
        ("PPB Organisation", "Comisiynydd Heddlu a Throseddu Dyfed-Powys"),
        ("PPB Organisation", "Dyfed-Powys Police and Crime Commissioner"),
        ("Title", "Minutes of Meeting"),
    ]
    welsh = paragraphs[0].runs[0]._r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert welsh is not None and welsh.get(qn("w:val")) == "cy-GB"
    assert [t for s, t in styled if s == "PPB Meeting Details"] == [
        "Meeting:\tPolicing Performance Board",
        "Venue:\tPolice Headquarters",
        "Date:\t13th March 2014",
        "Time:\t10.00 – 11.55",
    ]
    groups = [t for s, t in styled if s == "PPB Attendance"]
    assert [g.split("\t")[0] for g in groups] == ["Members:", "Also present:", "Apologies:"]
    assert groups[0].split("\t")[1].split("\n") == [
        "Christopher Salmon, Police and Crime Commissioner (PCC)",
        "Simon Prince, Chief Constable (CC)",
        "Edwin Harries, Director of Finance (DoF)",
        "Tim Burton, Deputy Police and Crime Commissioner (DPCC)",
    ]
    assert "Alison Perry, Director of Commissioning, OPCC (DoC)" in groups[1]
    assert groups[2] == "Apologies:\tCarl Langley, Temporary Deputy Chief Constable (T/DCC)"
    labels = [r for p in paragraphs for r in p.runs if r.style.name == "PPB Label"]
    assert [r.text for r in labels][:5] == ["Meeting:", "Venue:", "Date:", "Time:", "Members:"]


def test_items_are_headings_and_actions_their_own_style(minutes: Any) -> None:
    styled = [(p.style.name, p.text) for p in minutes.paragraphs]
    headings = [(s, t) for s, t in styled if s.startswith("Heading")]
    assert headings[:5] == [
        ("Heading 1", "Matters Arising"),
        ("Heading 1", "Corporate Performance Update"),
        ("Heading 1", "Performance Report relating to protecting vulnerable people"),
        ("Heading 2", "Hate Crime"),
        (
            "Heading 2",
            "Child Protection and Safeguarding, Sex Offender Management and Domestic Abuse",
        ),
    ]
    assert headings[-1] == ("Heading 1", "Any Other Business")
    actions = [t for s, t in styled if s == "PPB Action"]
    assert len(actions) == 11
    assert actions[0] == (
        "Action: Recommendations from hate crime research project to be presented at future "
        "Policing Performance Board meeting (PPB 60)"
    )
    assert minutes.styles["PPB Action"].font.bold is True
    texts = [t for _, t in styled]
    left = texts.index("The DPCC left the meeting.")
    assert texts[left - 1].endswith("(PPB 65)") and texts[left + 1].startswith("CM requested")
    assert (
        texts.index("The T/ACC left the meeting.")
        == texts.index(
            "Action: CG and Dafydd Llewelyn to discuss Strategic Assessment Review (PPB 67)"
        )
        + 1
    )


def test_every_style_is_named_and_in_the_document(minutes: Any) -> None:
    names = {s.name for s in minutes.styles}
    assert set(minutes_docx.style_names()) <= names
    used = {p.style.name for p in minutes.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "PPB Notice", "PPB Action", "Normal"} <= used
    assert minutes.styles["PPB Decision"].base_style.name == "Normal"


def test_the_blank_document_is_a4_in_british_english(minutes: Any) -> None:
    section = minutes.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert minutes.core_properties.title == "Policing Performance Board: minutes of 13th March 2014"
    assert minutes.core_properties.author == "" and minutes.core_properties.language == "en-GB"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer


def make_template(path: Path) -> None:
    """An office's template: Georgia headings, a header saying OFFICIAL, Letter paper, some
    text of its own; and no PPB styles, nor a Heading 3."""
    template = docx.Document()
    template.styles["Heading 1"].font.name = "Georgia"
    template.styles["Heading 1"].font.size = docx.shared.Pt(20)
    heading_3 = template.styles["Heading 3"].element
    heading_3.getparent().remove(heading_3)
    template.sections[0].header.paragraphs[0].text = "OFFICIAL"
    template.add_paragraph("Delete me: the template's own text")
    template.add_table(rows=1, cols=1).cell(0, 0).text = "the template's table"
    template.save(str(path))


def test_a_template_gives_its_styles_page_and_header(board: Path, ppb, tmp_path: Path) -> None:
    make_template(tmp_path / "house.docx")
    minutes = word_minutes(ppb, tmp_path / "m.docx", "--template", str(tmp_path / "house.docx"))
    heading = minutes.styles["Heading 1"]
    assert (heading.font.name, heading.font.size.pt) == ("Georgia", 20)
    assert minutes.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert round(minutes.sections[0].page_width.inches, 1) == 8.5  # the template's Letter
    text = as_lines(minutes)
    assert "Delete me" not in text and "the template's table" not in text
    assert text.startswith("Mae'r ddogfen hon")
    assert len(minutes.tables) == 2
    names = {s.name for s in minutes.styles}
    assert {"PPB Action", "PPB Action Summary", "Heading 3"} <= names  # added, as ppb makes them
    assert minutes.styles["PPB Action"].font.bold is True
    assert minutes.tables[0].style.name == "PPB Action Summary"


def test_a_template_restyled_in_word_restyles_the_minutes(board: Path, ppb, tmp_path: Path) -> None:
    """The round trip an office makes: ppb's own output, its styles changed, as the template."""
    first = word_minutes(ppb, tmp_path / "first.docx")
    first.styles["PPB Action"].font.italic = True
    first.styles["PPB Action"].font.bold = False
    first.save(str(tmp_path / "house.docx"))
    again = word_minutes(ppb, tmp_path / "again.docx", "--template", str(tmp_path / "house.docx"))
    assert again.styles["PPB Action"].font.italic is True
    assert again.styles["PPB Action"].font.bold is False
    assert as_lines(again) == as_lines(docx.Document(str(tmp_path / "first.docx")))
    footer = again.sections[0].footer.paragraphs[0]._p.xml
    assert footer.count('w:instr=" PAGE "') == 1  # kept from the template, not added twice


def test_docx_without_an_output_file_is_a_usage_error(board: Path, ppb) -> None:
    result = ppb("minutes", "2014-03-13", "--format", "docx")
    assert (result.code, result.out) == (2, "")
    assert result.err == "ppb minutes: --format docx writes a Word file: give it -o FILE.docx\n"


def test_a_template_for_another_format_is_a_usage_error(board: Path, ppb, tmp_path: Path) -> None:
    result = ppb("minutes", "2014-03-13", "--template", "house.docx", "-o", str(tmp_path / "m"))
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "ppb minutes: --template is for --format docx\n",
    )
    assert not (tmp_path / "m").exists()


def dotx(path: Path) -> None:
    """A Word template (.dotx): a .docx whose main part says it is a template."""
    docx.Document().save(str(path) + ".docx")
    with zipfile.ZipFile(str(path) + ".docx") as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            out.writestr(item, data)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "house.docx: no such file"),
        (lambda p: p.write_text("not a zip"), "house.docx: not a Word document (.docx)"),
        (lambda p: p.mkdir(), "house.docx: is a folder, not a Word document"),
        (
            lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "hello"),
            "house.docx: not a Word document (.docx)",
        ),
        (
            dotx,
            "house.docx: a Word template (.dotx); save it from Word as a .docx document to use it",
        ),
    ],
)
def test_a_bad_template_is_one_line_and_nothing_written(
    board: Path, ppb, tmp_path: Path, make: Any, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the template beside the board
    if make is not None:
        make(tmp_path / "house.docx")
    before = snapshot(board)
    result = ppb("--dir", "board", "minutes", "2014-03-13", "-f", "docx", "--template", "house.docx",
                 "-o", "m.docx")  # fmt: skip
    assert (result.code, result.out) == (1, "")
    assert result.err == f"ppb: {message}\n"
    assert not (tmp_path / "m.docx").exists() and snapshot(board) == before


def test_a_template_that_unpacks_too_large_is_refused(
    board: Path, ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx.Document().save(str(tmp_path / "house.docx"))
    monkeypatch.setattr(minutes_docx, "MAX_TEMPLATE_UNPACKED", 10_000)
    result = ppb("minutes", "2014-03-13", "-f", "docx", "--template", str(tmp_path / "house.docx"),
                 "-o", str(tmp_path / "m.docx"))  # fmt: skip
    assert result.code == 1 and re.fullmatch(
        r"ppb: \S+house.docx: unpacks to [\d,]+ bytes in \d+ parts; too large\n", result.err
    )


def test_a_template_whose_style_has_the_wrong_kind_is_refused(
    board: Path, ppb, tmp_path: Path
) -> None:
    template = docx.Document()
    template.styles.add_style("PPB Action", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
    template.save(str(tmp_path / "house.docx"))
    result = ppb("minutes", "2014-03-13", "-f", "docx", "--template", str(tmp_path / "house.docx"),
                 "-o", str(tmp_path / "m.docx"))  # fmt: skip
    assert result.code == 1
    assert result.err.endswith("house.docx: ppb needs 'PPB Action' as a paragraph style\n")


def test_writing_word_minutes_replaces_the_file_atomically(
    board: Path, ppb, tmp_path: Path
) -> None:
    target = tmp_path / "m.docx"
    target.write_bytes(b"old")
    word_minutes(ppb, target)
    assert target.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "m.docx"]  # no temp left
    result = ppb("minutes", "2014-03-13", "-f", "docx", "-o", str(tmp_path / "no" / "m.docx"))
    assert result.code == 1 and result.err.startswith("ppb: cannot write ")


def test_word_minutes_of_a_new_board_with_little_in_them(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ppb("init", ".", "--board", "Audit Committee", "--prefix", "AC")
    ppb("people", "add", "CHAIR", "--name", "Ann Chair")
    ppb("add", "Review risks", "-o", "chair", "--on", "2026-11-20")
    ppb("carry-forward", "2026-12-01")
    assert ppb("minutes", "2026-12-01", "-f", "docx", "-o", "m.docx").code == 0
    minutes = docx.Document("m.docx")
    earlier, new = minutes.tables
    assert [c.text for c in earlier.rows[1].cells] == ["AC 1", "Review risks", "Open"]
    assert len(new.rows) == 2 and new.rows[1].cells[0].text == "None."  # merged across
    assert not [p for p in minutes.paragraphs if p.style.name == "PPB Attendance"]


def test_text_that_looks_like_markup_or_controls_is_written_as_text(
    board: Path, ppb, tmp_path: Path
) -> None:
    summary = "Check <w:p>&amp; \x1b[31mred\x07 </w:t>"
    assert ppb("add", summary, "-o", "CC", "-m", "2014-03-13").code == 0
    minutes = word_minutes(ppb, tmp_path / "m.docx")
    assert minutes.tables[1].rows[-1].cells[1].text == "Check <w:p>&amp; \\x1b[31mred\\x07 </w:t>"


@pytest.mark.slow
def test_libreoffice_renders_both_tables_with_the_header_row_on_every_page(
    board: Path, ppb, tmp_path: Path
) -> None:
    soffice = need("soffice", "libreoffice-writer-nogui")
    more_actions(board, 60)
    word_minutes(ppb, tmp_path / "minutes.docx")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "minutes.docx")],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and (tmp_path / "minutes.pdf").exists(), done.stderr
    pages = pdf_pages(tmp_path / "minutes.pdf")
    text = " ".join(" ".join(page.split()) for page in pages)
    assert text.count("ACTION SUMMARY") == 2
    for words in (
        "Police Headquarters",
        "Minutes of Meeting",
        "Members:",
        "Also present:",
        "Apologies:",
        "PPB 51 CM to clarify with Samantha Waters",
        "Completed – report",
        "To be progressed by:",
        "CG / Dafydd",
        "PPB 130",
    ):
        assert words in text, words
    rows = [
        n for n, page in enumerate(pages) if re.search(r"^\s*PPB (6\d|[7-9]\d|1\d\d) ", page, re.M)
    ]
    assert len(rows) >= 2  # the table of new actions runs onto more than one page
    for n in rows:
        assert "Action N°" in pages[n] and "To be progressed" in pages[n], f"page {n + 1}"
        assert f"Page {n + 1} of {len(pages)}" in pages[n]


def test_every_style_is_named_in_the_readme() -> None:
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text().split())
    for name in minutes_docx.style_names():
        assert (name if not name.startswith("Heading") else "Heading 1–3") in readme, name


def test_public_word_minutes_withhold_restricted_actions_anywhere_in_the_file(
    board: Path, ppb, tmp_path: Path
) -> None:
    path = board / "actions.yaml"
    text = path.read_text()
    at = text.index("  - id: PPB 60")
    path.write_text(
        text[:at]
        + text[at:].replace("    status: open\n", "    status: open\n    restricted: true\n", 1)
    )
    secret = "Recommendations from hate crime research project"
    assert secret in as_lines(word_minutes(ppb, tmp_path / "internal.docx"))
    public = word_minutes(ppb, tmp_path / "public.docx", "--public")
    with zipfile.ZipFile(tmp_path / "public.docx") as package:
        assert not [n for n in package.namelist() if secret.encode() in package.read(n)]
    assert [c.text for c in public.tables[1].rows[1].cells] == [
        "PPB 60",
        "(Restricted: not published)",
        "",
    ]
    assert "This public version of the minutes withholds 1 restricted action." in as_lines(public)


def test_welsh_word_minutes_have_welsh_labels_dates_and_every_action(
    board: Path, ppb, tmp_path: Path
) -> None:
    welsh = word_minutes(ppb, tmp_path / "cy.docx", "--lang", "cy", err="ppb minutes: 90 of 90")
    text = as_lines(welsh)
    for words in ("Cofnodion y Cyfarfod", "Ymddiheuriadau", "13 Mawrth 2014", "Materion yn Codi",
                  "[Saesneg]"):  # fmt: skip
        assert words in text, words
    assert all(f"PPB {n}" in text for n in range(50, 71))
    assert "Apologies" not in text and "13th March" not in text


def test_bilingual_word_minutes_are_side_by_side_welsh_first(
    board: Path, ppb, tmp_path: Path
) -> None:
    both = word_minutes(ppb, tmp_path / "both.docx", "--lang", "both", err="ppb minutes: 90 of 90")
    side = next(t for t in both.tables if len(t.columns) == 2)
    first = side.rows[0].cells
    assert first[0].text.startswith("Cofnodion y Cyfarfod")
    assert first[1].text.startswith("Minutes of Meeting")
    text = as_lines(both)
    assert "Apologies" in text and "Ymddiheuriadau" in text
