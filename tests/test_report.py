"""ppb report: the chair's one-page dashboard, self-contained, its charts drawn from the data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import need, pdf_pages
from tests.test_minutes import chromium_pdf, page_sizes


def report(ppb, tmp_path: Path, *args: str, name: str = "report.html") -> str:
    out = tmp_path / name
    result = ppb("report", "-o", str(out), *args)
    assert (result.code, result.out, result.err) == (0, "", "")
    return out.read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The words a reader sees, tags left out."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def charts(page: str) -> list[ET.Element]:
    found = re.findall(r"<svg .*?</svg>", page, re.S)
    return [ET.fromstring(svg) for svg in found]


def bars(chart: ET.Element) -> dict[str, list[float]]:
    """Each labelled row of a horizontal bar chart: the widths of its coloured bars."""
    ns = "{http://www.w3.org/2000/svg}"
    out: dict[str, list[float]] = {}
    label = None
    for element in chart:
        if element.tag == f"{ns}text" and element.get("text-anchor") == "end":
            label = element.text or ""
            out[label] = []
        elif element.tag == f"{ns}rect" and label is not None and element.get("width") != "1":
            out[label].append(float(element.get("width", "0")))
    return out


def test_the_report_is_one_self_contained_page(board: Path, ppb, tmp_path: Path) -> None:
    page = report(ppb, tmp_path, "--on", "2014-04-10")
    assert page.startswith("<!DOCTYPE html>")
    for outside in ("<script", " src=", " href=", "url(", "@import", "https:"):
        assert outside not in page, outside
    assert re.findall(r"https?://[^\"]+", page) == ["http://www.w3.org/2000/svg"] * 3
    assert len(charts(page)) == 3  # every chart is well-formed SVG
    assert "size: A4" in page
    words = text_of(page)
    assert "Policing Performance Board: actions at a glance" in words
    assert "As at 2014-04-10; the latest meeting was 2014-03-13." in words
    assert "17 open actions" in words and "6 in progress" in words


def test_open_actions_by_owner_are_drawn_to_scale(board: Path, ppb, tmp_path: Path) -> None:
    by_owner = bars(charts(report(ppb, tmp_path, "--on", "2014-04-10"))[0])
    assert list(by_owner)[:3] == ["CC", "T/ACC", "No owner"]
    assert sum(by_owner["CC"]) == pytest.approx(sum(by_owner["T/ACC"]))
    assert sum(by_owner["CC"]) == pytest.approx(3 * sum(by_owner["No owner"]))  # 6 and 2


def test_carried_overdue_raised_and_closed_follow_the_history(
    board: Path, ppb, tmp_path: Path
) -> None:
    assert ppb("add", "DoF to circulate the budget", "-o", "DoF", "--due", "2014-04-01",
               "--on", "2014-03-20").code == 0  # fmt: skip
    assert ppb("carry-forward", "2014-04-10").code == 0
    assert ppb("close", "60", "--note", "done", "--meeting", "2014-04-10").code == 0
    page = report(ppb, tmp_path, "--on", "2014-04-12")
    carried = bars(charts(page)[1])
    # As at 2014-04-10: PPB 50 (carried since before the log) twice, PPB 61 once.
    assert carried["PPB 50"] == [pytest.approx(2 * carried["PPB 61"][0])]
    assert "PPB 60" not in carried  # closed
    assert carried["PPB 71"] == [pytest.approx(carried["PPB 61"][0])]
    overdue = text_of(page).split("Overdue", 1)[1].split("Raised and closed")[0]
    assert "PPB 71 DoF to circulate the budget DoF Open 2014-04-01 1" in overdue
    assert "1 overdue" in text_of(page)
    described = charts(page)[2].find("{http://www.w3.org/2000/svg}desc")
    assert described is not None
    assert described.text == "2014-03-13: 11 raised, 4 closed; 2014-04-10: 1 raised, 1 closed"


def test_public_withholds_restricted_actions_and_says_so(board: Path, ppb, tmp_path: Path) -> None:
    assert ppb("add", "CC to brief on Operation Canary", "-o", "CC", "--meeting", "2014-03-13",
               "--restricted", "--reason", "FOI s31").code == 0  # fmt: skip
    internal = report(ppb, tmp_path, "--on", "2014-04-10")
    assert "Operation Canary" in internal
    public = report(ppb, tmp_path, "--public", "--on", "2014-04-10", name="public.html")
    assert "Canary" not in public
    words = text_of(public)
    assert "(Restricted: FOI s31)" in words
    assert "This public version of this report withholds 1 restricted action." in words
    assert "Restricted" in bars(charts(public)[0])  # counted, not under its owner


def test_report_to_stdout_and_its_usage_errors(board: Path, ppb) -> None:
    result = ppb("report", "--on", "2014-04-10")
    assert result.code == 0 and result.out.startswith("<!DOCTYPE html>")
    bad = ppb("report", "--on", "April")
    assert bad.code == 2 and bad.err.count("\n") == 1 and bad.err.startswith("ppb report: --on:")
    missing = ppb("report", "-o", "/nonexistent/folder/r.html")
    assert missing.code == 1 and missing.err.startswith("ppb: cannot write")


@pytest.mark.slow
def test_chromium_prints_the_report_on_a4(board: Path, ppb, tmp_path: Path) -> None:
    need("chromium", "chromium")
    report(ppb, tmp_path, "--on", "2014-04-10")
    chromium_pdf(tmp_path / "report.html", tmp_path / "report.pdf", "--no-pdf-header-footer")
    sizes = page_sizes(tmp_path / "report.pdf")
    assert all(abs(w - 595) < 1.5 and abs(h - 842) < 1.5 for w, h in sizes), sizes  # A4
    text = " ".join(" ".join(page.split()) for page in pdf_pages(tmp_path / "report.pdf"))
    for words in ("Open actions by owner", "Raised and closed", "PPB 70", "T/ACC"):
        assert words in text, words


def test_with_many_open_actions_the_carried_chart_counts_them(
    board: Path, ppb, tmp_path: Path
) -> None:
    from tests.conftest import more_actions

    more_actions(board, 30)  # PPB 71-100, raised at 2014-03-13
    assert ppb("carry-forward", "2014-04-10").code == 0
    carried = bars(charts(report(ppb, tmp_path, "--on", "2014-04-10"))[1])
    # PPB 50-59's six open ones twice (since before the log), PPB 60-100's 41 once.
    assert list(carried) == ["2 meetings", "1 meeting"]
    assert carried["1 meeting"][0] == pytest.approx(carried["2 meetings"][0] * 41 / 6, rel=0.01)
