"""The minutes rendered from the files say everything the seed's minutes say, in order."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import more_actions, need, pdf_pages

SEED = (Path(__file__).parent / "data" / "minutes-2014-03-13.txt").read_text(encoding="utf-8")


def seed_sections() -> list[tuple[str, list[str]]]:
    """The seed as (section, paragraphs) in order; table rows as 'id|summary|third'."""
    text = re.sub(r"</?u>", "", SEED)
    # PPB 58's summary wraps onto a row of its own in the seed's table
    text = re.sub(
        r"Spending\tCompleted\s*\n\s*\n\t(Wisely to [^\t\n]*)\t", r"Spending \1\tCompleted", text
    )
    sections: list[tuple[str, list[str]]] = [("header", [])]
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if first.startswith("ACTION SUMMARY"):
            sections.append(("table", []))
            rows = [line for line in lines if re.match(r"PPB \d+\t", line)]
            sections[-1][1].extend("|".join(p.strip() for p in row.split("\t")[:3]) for row in rows)
        elif first.startswith("PPB ") and sections[-1][0] == "table" and "\t" in first:
            sections[-1][1].extend(
                "|".join(p.strip() for p in line.split("\t")[:3]) for line in lines
            )
        elif first == "Matters Arising":
            sections.append(("matters arising", []))
        else:
            sections[-1][1].extend(lines)
    return sections


def plain(markdown: str) -> str:
    """Markdown reduced to its words: no emphasis, escapes or heading marks."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"(?m)^#+ ", "", text)


def test_minutes_of_13_march_say_everything_the_seed_says_in_order(board: Path, ppb) -> None:
    result = ppb("minutes", "2014-03-13")
    assert result.code == 0, result.err
    says_what_the_seed_says(plain(result.out))
    assert (
        "| PPB 67 | CG and Dafydd Llewelyn to discuss Strategic Assessment Review | CG / Dafydd Llewelyn |"
        in result.out
    )


def says_what_the_seed_says(rendered: str) -> None:
    """Every paragraph of the seed, in order, and every row of its two tables, in `rendered`:
    minutes as plain lines, attendance a line a group, table rows as `| id | summary | third |`."""
    rows = [line for line in rendered.splitlines() if line.startswith("| PPB ")]
    table_rows = ["|".join(c.strip() for c in row.strip("|").split("|")) for row in rows]
    position = 0
    for name, paragraphs in seed_sections():
        for paragraph in paragraphs:
            if name == "table":
                wanted = paragraph.replace("To be progressed by:", "").rstrip("|")
                assert wanted in table_rows, f"table row missing: {wanted}"
                continue
            words = paragraph.replace("Action: ", "")
            if paragraph.startswith(("Members:", "Also present:", "Apologies:")):
                label, people = paragraph.split(":", 1)
                line = next(line for line in rendered.splitlines() if line.startswith(label + ":"))
                for handle in re.findall(r"\(([^)]+)\)", people):
                    assert f"({handle})" in line, (label, handle)
                continue
            if paragraph in (
                "**COMISIYNYDD",
                "HEDDLU A THROSEDDU",
                "DYFED-POWYS",
                "POLICE AND CRIME",
                "COMMISSIONER**",
                "Minutes of Meeting",
                "Meeting: Policing",
                "Performance Board",
            ):
                assert paragraph.strip("*").lower() in rendered.lower()
                continue
            if paragraph.startswith("Date: "):
                words = "Date: 13th March 2014"
            found = rendered.find(words, position)
            assert found >= 0, f"{name}: not found after position {position}: {words[:80]}"
            position = found
    # the two tables: 10 earlier actions with progress, 11 new with owners
    assert len(rows) == 21


def test_every_person_is_named_with_handle_name_and_role(board: Path, ppb) -> None:
    out = ppb("minutes", "2014-03-13").out
    for text in (
        "Christopher Salmon, Police and Crime Commissioner (PCC)",
        "Alison Perry, Director of Commissioning, OPCC (DoC)",
        "Carl Langley, Temporary Deputy Chief Constable (T/DCC)",
        "Clark Jones-John, Staff Officer to the Chief Constable (CJJ)",
    ):
        assert text in out
    assert out.index("The DPCC left the meeting.") > out.index("(PPB 65)") > out.index("(PPB 64)")
    assert out.index("The T/ACC left the meeting.") > out.index("(PPB 67)")
    assert out.index("The DPCC left the meeting.") < out.index("CM requested clarification")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (
            f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_accessible_printable_page(board: Path, ppb, tmp_path: Path) -> None:
    target = tmp_path / "minutes.html"
    result = ppb("minutes", "2014-03-13", "--format", "html", "-o", str(target))
    assert (result.code, result.out) == (0, "")
    page_text = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(page_text)
    page.close()
    assert page.stack == []
    tags = [t for t, _ in page.tags]
    assert tags[0] == "html" and page.tags[0][1]["lang"] == "en"
    assert "@media print" in page_text and "<link" not in page_text and "<script" not in page_text
    headers = [a for t, a in page.tags if t == "th"]
    assert sum(1 for a in headers if a.get("scope") == "col") == 6
    assert sum(1 for a in headers if a.get("scope") == "row") >= 21
    assert any(t == "p" and a.get("lang") == "cy" for t, a in page.tags)
    text = " ".join(page.text)
    assert "Clare’s Law" in text and "£20,000" in text and "13th March 2014" in text


def test_text_that_looks_like_markup_is_printed_as_written(board: Path, ppb) -> None:
    assert (
        ppb(
            "add",
            "Check <script>alert(1)</script> and *stars* | pipes",
            "-o",
            "CC",
            "-m",
            "2014-03-13",
        ).code
        == 0
    )
    html = ppb("minutes", "2014-03-13", "-f", "html").out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    md = ppb("minutes", "2014-03-13").out
    assert "\\*stars\\* \\| pipes" in md


def test_minutes_of_an_unknown_meeting_is_a_lookup_error(board: Path, ppb) -> None:
    result = ppb("minutes", "2014-04-10")
    assert result.code == 1 and result.err.startswith("ppb: no meeting 2014-04-10")
    assert ppb("minutes", "April").code == 2


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_minutes_written_to_a_file_match_stdout(board: Path, ppb, tmp_path: Path, fmt: str) -> None:
    out = ppb("minutes", "2014-03-13", "-f", fmt).out
    ppb("minutes", "2014-03-13", "-f", fmt, "-o", str(tmp_path / "m"))
    assert (tmp_path / "m").read_text(encoding="utf-8") == out


def test_minutes_of_a_new_board_with_little_in_them(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ppb("init", ".", "--board", "Audit Committee", "--prefix", "AC")
    ppb("people", "add", "CHAIR", "--name", "Ann Chair")
    ppb("add", "Review risks", "-o", "chair", "--on", "2026-11-20")
    assert ppb("carry-forward", "2026-12-01").out == (
        "Created meetings/2026-12-01.yaml\nCarried forward 1 action: AC 1\n"
    )
    md = ppb("minutes", "2026-12-01").out
    assert "Venue" not in md and "Time" not in md and "\\" not in md and "\n\n\n" not in md
    assert "| AC 1 | Review risks | Open |" in md
    html = ppb("minutes", "2026-12-01", "-f", "html").out
    assert 'class="attendance"' not in html and "<dd></dd>" not in html


def test_public_minutes_withhold_restricted_actions_and_items_in_every_format(
    board: Path, ppb
) -> None:
    path = board / "actions.yaml"
    text = path.read_text()
    text = text.replace(
        "    item: Hate Crime\n    status: open\n",
        "    item: Hate Crime\n    status: open\n    restricted: true\n",
    )
    text = text.replace(
        "    note: report published\n",
        "    note: report published\n    restricted: true\n".replace("    restricted: true\n", ""),
    )
    at = text.index("  - id: PPB 51")
    text = text[:at] + text[at:].replace("    raised:\n", "    raised:\n    restricted: true\n", 1)
    at = text.index("  - id: PPB 56")
    text = text[:at] + text[at:].replace("    raised:\n", "    raised:\n    restricted: true\n", 1)
    path.write_text(text)
    meeting = board / "meetings" / "2014-03-13.yaml"
    meeting.write_text(
        meeting.read_text().replace(
            "  - title: Data Quality\n", "  - title: Data Quality\n    restricted: true\n"
        )
    )
    secrets = [
        "Recommendations from hate crime research project",
        "CM to clarify with Samantha Waters",
        "Data Quality Assurance Board",
        "Data Quality",
    ]
    internal = ppb("minutes", "2014-03-13").out
    assert all(secret in internal for secret in secrets)
    for fmt in ("md", "html"):
        public = ppb("minutes", "2014-03-13", "--public", "-f", fmt).out
        for secret in secrets:
            assert secret not in public, (fmt, secret)
        assert (
            "This public version of the minutes withholds 3 restricted actions and 1 restricted item."
            in public
        )
        assert "PPB 60" in public and "PPB 51" in public and "(Restricted: not published)" in public
        assert (
            "PPB 61" in public and "Key barriers to progressing" in public
        )  # the rest is all there


def chromium_pdf(html: Path, pdf: Path, *flags: str) -> None:
    """Print a page to PDF with headless Chromium, as the README does."""
    chromium = need("chromium", "chromium")
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={pdf.parent / ('profile-' + pdf.stem)}", *flags,
         f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    pdfinfo = need("pdfinfo", "poppler-utils")
    done = subprocess.run(
        [pdfinfo, "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    )
    found = re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+) pts", done.stdout, re.M)
    return [(float(w), float(h)) for w, h in found]


@pytest.mark.slow
def test_chromium_prints_the_html_minutes_on_a4_with_both_tables_and_page_numbers(
    board: Path, ppb, tmp_path: Path
) -> None:
    more_actions(board, 60)  # the table of new actions runs onto more pages
    html = tmp_path / "minutes.html"
    assert ppb("minutes", "2014-03-13", "-f", "html", "-o", str(html)).code == 0
    chromium_pdf(html, tmp_path / "minutes.pdf", "--no-pdf-header-footer")
    sizes = page_sizes(tmp_path / "minutes.pdf")
    assert len(sizes) > 2
    assert all(abs(w - 595) < 1.5 and abs(h - 842) < 1.5 for w, h in sizes), sizes  # A4
    pages = pdf_pages(tmp_path / "minutes.pdf")
    assert len(pages) == len(sizes)
    text = " ".join(" ".join(page.split()) for page in pages)
    assert text.count("ACTION SUMMARY") == 2
    for words in (
        "This document is available in Welsh as well as English.",
        "DYFED-POWYS POLICE AND CRIME COMMISSIONER",
        "Minutes of Meeting",
        "Meeting: Policing Performance Board",
        "Venue: Police Headquarters",
        "Date: 13th March 2014",
        "Apologies: Carl Langley",
        "PPB 51 CM to clarify with Samantha Waters",
        "Completed – report",
        "To be progressed by:",
        "CG / Dafydd Llewelyn",
        "PPB 130",
    ):
        assert words in text, words
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page, f"page {n}: no page number"
        if re.search(r"^\s*PPB (6\d|[7-9]\d|1\d\d) ", page, re.M):
            assert "Action N°" in page, f"page {n}: the table's header row is not repeated"


@pytest.mark.slow
def test_chromium_prints_no_header_or_footer_of_its_own_even_when_asked_to(
    board: Path, ppb, tmp_path: Path
) -> None:
    """The page's margin boxes take the margins, so a browser printing with "Headers and
    footers" ticked (here: without --no-pdf-header-footer) adds no date, title or address."""
    html = tmp_path / "minutes.html"
    assert ppb("minutes", "2014-03-13", "-f", "html", "-o", str(html)).code == 0
    chromium_pdf(html, tmp_path / "minutes.pdf")
    pages = pdf_pages(tmp_path / "minutes.pdf")
    text = "\n".join(pages)
    assert "file:" not in text and "minutes.html" not in text
    assert "minutes of 13th March 2014" not in text  # the <title>, which Chromium would print
    assert f"Page 1 of {len(pages)}" in pages[0] and text.count("Page ") >= len(pages)


# Welsh, and both languages


def test_welsh_minutes_have_welsh_labels_and_dates_and_every_action(board: Path, ppb) -> None:
    result = ppb("minutes", "2014-03-13", "--lang", "cy")
    assert result.code == 0
    out = result.out
    for words in (
        "# Cofnodion y Cyfarfod",
        "Dyddiad: 13 Mawrth 2014",
        "Cyfarfod: Policing Performance Board *[Saesneg]*",
        "Lleoliad: Police Headquarters *[Saesneg]*",
        "Amser: 10.00 – 11.55",
        "**Aelodau:** Christopher Salmon, Police and Crime Commissioner (PCC) *[Saesneg]*",
        "**Hefyd yn bresennol:** ",
        "**Ymddiheuriadau:** Carl Langley",
        "## Materion yn Codi",
        "## Unrhyw Fater Arall",
        "### Crynodeb o'r Camau Gweithredu",
        "| Rhif y Cam | Crynodeb o'r Cam Gweithredu | Cynnydd |",
        "| Rhif y Cam | Crynodeb o'r Cam Gweithredu | I'w symud ymlaen gan: |",
        "| Yn mynd rhagddo – paper to be sent to OPCC *[Saesneg]* |",
        "| Wedi'i gwblhau |",
        "**Cam Gweithredu:** Recommendations from hate crime research project",
        "Y DPCC a adawodd y cyfarfod.",
        "Y T/ACC a adawodd y cyfarfod.",
    ):
        assert words in out, words
    for number in range(50, 71):
        assert f"PPB {number}" in out, number
    for english in ("Minutes of Meeting", "Apologies", "13th March", "In progress", "left the"):
        assert english not in out, english
    assert result.err == (
        "ppb minutes: 90 of 90 texts have no Welsh translation and are shown in English, marked "
        "[Saesneg]; `ppb translate export 2014-03-13 --lang cy -o cy.po` lists them\n"
    )


def test_english_minutes_say_nothing_of_translations(board: Path, ppb) -> None:
    plain, english = ppb("minutes", "2014-03-13"), ppb("minutes", "2014-03-13", "--lang", "en")
    assert plain.out == english.out and plain.err == english.err == ""
    assert "[Saesneg]" not in plain.out and "Cofnodion" not in plain.out


def test_both_languages_in_markdown_are_welsh_then_english(board: Path, ppb) -> None:
    out = ppb("minutes", "2014-03-13", "--lang", "both").out
    welsh, english = out.split("\n---\n", 1)
    assert "Ymddiheuriadau" in welsh and "Apologies" not in welsh
    assert "Apologies" in english and "Ymddiheuriadau" not in english and "[Saesneg]" not in english
    assert welsh.startswith("*Mae'r ddogfen hon ar gael yn Gymraeg")  # the notices once, at the top
    assert "available in Welsh" not in english and "Comisiynydd" not in english
    assert english.lstrip().startswith("# Minutes of Meeting")
    alone = ppb("minutes", "2014-03-13").out
    assert english.lstrip() == alone[alone.index("# Minutes of Meeting") :]


def test_both_languages_in_html_stand_side_by_side(board: Path, ppb, tmp_path: Path) -> None:
    target = tmp_path / "both.html"
    assert ppb("minutes", "2014-03-13", "--lang", "both", "-f", "html", "-o", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    page.close()
    assert page.stack == []
    assert page.tags[0] == ("html", {"lang": "cy"})
    pairs = [a for t, a in page.tags if t == "div" and a.get("class") == "pair"]
    columns = [a.get("lang") for t, a in page.tags if t == "div" and "lang" in a]
    assert len(columns) == 2 * len(pairs) > 60 and columns[:4] == ["cy", "en", "cy", "en"]
    assert sum(1 for t, a in page.tags if t == "div" and a.get("class") == "shared") == 3
    assert text.index("Ymddiheuriadau") < text.index("Apologies")
    assert text.index("Cofnodion y Cyfarfod") < text.index("Minutes of Meeting")
    untranslated = [a for t, a in page.tags if t == "span" and a.get("class") == "untranslated"]
    english = [a for t, a in page.tags if t == "span" and a.get("lang") == "en"]
    assert len(untranslated) == len(english) > 90
    assert "<title>Policing Performance Board: cofnodion 13 Mawrth 2014 / Policing" in text
    assert "@page bilingual { size: A4 landscape; }" in text


def test_welsh_html_is_tagged_welsh_with_english_marked(board: Path, ppb) -> None:
    text = ppb("minutes", "2014-03-13", "--lang", "cy", "-f", "html").out
    assert '<html lang="cy">' in text and 'class="pair"' not in text
    assert (
        '<h3><span lang="en">Hate Crime</span> <span class="untranslated">[Saesneg]</span></h3>'
        in text
    )
    assert '<table class="attendance"><caption hidden>Presenoldeb</caption>' in text


def test_an_empty_table_and_a_bad_language(tmp_path: Path, ppb, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    ppb("init", ".", "--board", "Audit Committee", "--prefix", "AC")
    ppb("meeting", "new", "2026-12-01")
    welsh = ppb("minutes", "2026-12-01", "--lang", "cy")
    assert welsh.out.count("| — | Dim. | |") == 2 and "Dyddiad: 1 Rhagfyr 2026" in welsh.out
    assert ppb("minutes", "2026-12-01").out.count("| — | None. | |") == 2
    bad = ppb("minutes", "2026-12-01", "--lang", "fr")
    assert bad.code == 2 and "'fr' is not one of 'en', 'cy', 'both'" in bad.err


def test_a_board_setting_shows_how_often_each_open_action_was_carried(board: Path, ppb) -> None:
    march = ppb("minutes", "2014-03-13").out
    assert ppb("carry-forward", "2014-04-10").code == 0
    assert ppb("close", "60", "--meeting", "2014-04-10").code == 0
    plain = ppb("minutes", "2014-04-10").out
    assert "carried" not in plain
    text = (board / "actions.yaml").read_text()
    (board / "actions.yaml").write_text(
        text.replace("  prefix: PPB\n", "  prefix: PPB\n  show_carried: true\n")
    )
    minutes = ppb("minutes", "2014-04-10").out
    assert (
        "| PPB 56 | T/ACC to inform OPCC of developments regarding rape reporting to assist in informing commissioning requirements | In progress – paper to be sent to OPCC (carried 2 times) |"
        in minutes
    )
    assert (
        "| PPB 61 | Key barriers to progressing the development of a MASH be considered and reported to a future meeting | Open (carried 1 time) |"
        in minutes
    )
    assert (
        "| PPB 60 | Recommendations from hate crime research project to be presented at future Policing Performance Board | Completed |"
        in minutes
    )
    assert "(wedi'i ddwyn ymlaen 2 waith)" in ppb("minutes", "2014-04-10", "--lang", "cy").out
    assert "(carried 1 time)" in ppb("minutes", "2014-03-13").out  # March's earlier actions
    assert ppb("check").code == 0
    assert march != ppb("minutes", "2014-03-13").out  # the setting, not new data, changed them
