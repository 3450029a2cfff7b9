"""Update requests end to end: the Word form written, filled in as Word would save it
(python-docx), and read back as history at its meeting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import snapshot


def _fill(
    path: Path, answers: dict[str, tuple[str, str]], extra: tuple[str, str] | None = None
) -> None:
    import docx

    word = docx.Document(str(path))
    table = word.tables[0]
    for row in table.rows[1:]:
        if row.cells[0].text in answers:
            row.cells[4].text, row.cells[5].text = answers[row.cells[0].text]
    if extra:
        added = table.add_row()
        added.cells[0].text, added.cells[4].text = extra
    word.save(str(path))


@pytest.fixture
def form(board: Path, ppb, tmp_path: Path) -> Path:
    assert ppb("carry-forward", "2014-04-10").code == 0
    path = tmp_path / "T-ACC.docx"
    result = ppb("request", "--owner", "T/ACC", "--meeting", "2014-04-10", "-o", str(path))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"{path}: 6 actions of T/ACC open at 2014-04-10\n"
    return path


def test_the_form_lists_the_owners_open_actions_with_empty_answer_columns(form: Path) -> None:
    import docx

    word = docx.Document(str(form))
    rows = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert rows[0] == ["Action", "Summary", "Status", "Latest progress", "New status", "Update"]
    assert [r[0] for r in rows[1:]] == ["PPB 56", "PPB 59", "PPB 61", "PPB 62", "PPB 63", "PPB 66"]
    assert rows[1][2:] == [
        "In progress",
        "In progress – paper to be sent to OPCC (2014-03-13)",
        "",
        "",
    ]
    marker = json.loads(word.core_properties.identifier)
    assert marker == {"ppb-request": 1, "board": "Policing Performance Board", "prefix": "PPB",
                      "owner": "T/ACC", "meeting": "2014-04-10"}  # fmt: skip


def test_a_filled_form_read_back_records_progress_at_its_meeting_once(
    board: Path, ppb, form: Path
) -> None:
    _fill(
        form,
        {"PPB 62": ("Completed – reported to the PCC", ""), "PPB 56": ("ongoing", "draft seen")},
    )
    before = snapshot(board)
    dry = ppb("request", "read", str(form), "--dry-run")
    assert dry.out == (
        "would record PPB 56: In progress – draft seen\n"
        "would record PPB 62: Completed – reported to the PCC\n"
    )
    assert snapshot(board) == before
    result = ppb("request", "read", str(form))
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "recorded PPB 56: In progress – draft seen\nrecorded PPB 62: Completed – reported to the PCC\n"
    )
    shown = json.loads(ppb("show", "62", "-f", "json").out)
    assert shown["status"] == "completed"
    assert shown["history"] == [{"date": "2014-04-10", "meeting": "2014-04-10",
                                 "status": "completed", "note": "reported to the PCC"}]  # fmt: skip
    after = snapshot(board)
    again = ppb("request", "read", str(form))
    assert (again.code, again.out) == (0, "nothing new to record\n")
    assert snapshot(board) == after
    assert ppb("check").code == 0


@pytest.mark.parametrize(
    ("answers", "extra", "message"),
    [
        ({}, ("PPB 64", "done"), "row 8: PPB 64 is not an action of T/ACC open at 2014-04-10"),
        ({"PPB 61": ("finished", "")}, None, "row 4: unknown status 'finished'"),
        ({}, ("PPB 50", "Done"), "row 8: PPB 50 is not an action of T/ACC open"),
        ({}, ("next", "Done"), "row 8: 'next' is not an action id"),
    ],
)
def test_a_refused_row_refuses_the_form_and_writes_nothing(
    board: Path, ppb, form: Path, answers: dict, extra: tuple[str, str] | None, message: str
) -> None:
    _fill(form, {"PPB 62": ("Completed", "reported to the PCC"), **answers}, extra)
    before = snapshot(board)
    result = ppb("request", "read", str(form))
    assert (result.code, result.out) == (1, "")
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert "nothing was written" in result.err
    assert snapshot(board) == before


def test_a_form_of_another_board_or_not_a_form_is_refused(
    board: Path, ppb, form: Path, tmp_path: Path
) -> None:
    import docx

    word = docx.Document(str(form))
    word.core_properties.identifier = json.dumps(
        {"ppb-request": 1, "board": "Audit Committee", "prefix": "AC", "owner": "T/ACC",
         "meeting": "2014-04-10"}
    )  # fmt: skip
    other = tmp_path / "other.docx"
    word.save(str(other))
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    (tmp_path / "text.docx").write_text("not a zip")
    before = snapshot(board)
    for path, code, message in [
        (other, 1, "a form of another board (Audit Committee)"),
        (plain, 1, "not an update request made by `ppb request`"),
        (tmp_path / "text.docx", 1, "not a Word document"),
        (tmp_path / "missing.docx", 1, "no such file"),
    ]:
        result = ppb("request", "read", str(path))
        assert (result.code, result.out) == (code, "")
        assert result.err.count("\n") == 1 and message in result.err, result.err
        assert "Traceback" not in result.err
    assert snapshot(board) == before


def test_request_needs_its_options_and_a_docx_name(board: Path, ppb, tmp_path: Path) -> None:
    for args, message in [
        (["request", "--owner", "T/ACC"], "give --owner H, --meeting M and -o FILE.docx"),
        (
            ["request", "--owner", "T/ACC", "--meeting", "2014-03-13", "-o", "x.pdf"],
            "name it FILE.docx",
        ),
    ]:
        result = ppb(*args)
        assert result.code == 2 and message in result.err and result.err.count("\n") == 1
    missing = ppb(
        "request", "--owner", "T/ACC", "--meeting", "2014-09-09", "-o", str(tmp_path / "a.docx")
    )
    assert missing.code == 1 and "no meeting 2014-09-09" in missing.err
    nobody = ppb(
        "request", "--owner", "XYZ", "--meeting", "2014-03-13", "-o", str(tmp_path / "a.docx")
    )
    assert nobody.code == 1 and "unknown handle 'XYZ'" in nobody.err


def test_the_hidden_paragraph_is_marker_enough(board: Path, ppb, form: Path) -> None:
    import docx

    word = docx.Document(str(form))
    assert word.paragraphs[-1].runs[0].font.hidden is True
    word.core_properties.identifier = ""  # as a program that drops the properties would save it
    word.tables[0].rows[4].cells[4].text = "Completed – reported to the PCC"
    word.save(str(form))
    result = ppb("request", "read", str(form))
    assert (result.code, result.out) == (0, "recorded PPB 62: Completed – reported to the PCC\n")
