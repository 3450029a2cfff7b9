"""`ppb import`: the seed's minutes (text, Word, and ppb's own Markdown and Word) read into a
fresh board give back the embedded board, with provenance; what cannot be placed is reported."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ppb.importer import readers
from ppb.store import Store
from tests.conftest import snapshot

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "data" / "minutes-2014-03-13.txt"
T_ACC_OPEN = ["PPB 56", "PPB 59", "PPB 61", "PPB 62", "PPB 63", "PPB 66"]


@pytest.fixture
def fresh(tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new board, prefix PPB, as `ppb init` starts it; the current folder is inside it."""
    monkeypatch.delenv("PPB_DIR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    assert (
        ppb("init", "board", "--board", "Policing Performance Board", "--prefix", "PPB").code == 0
    )
    monkeypatch.chdir(tmp_path / "board")
    return tmp_path / "board"


def without_source(action: Any) -> dict[str, Any]:
    data = action.model_dump()
    data.pop("source")
    for entry in data["history"]:
        entry.pop("source")
    return dict(data)


def assert_embedded_board(folder: Path) -> None:
    """The register's actions and the meeting equal the embedded board's (sources aside)."""
    got, want = Store(folder).register(), Store(ROOT).register()
    assert [without_source(a) for a in got.actions] == [without_source(a) for a in want.actions]
    assert Store(folder).meeting("2014-03-13", "PPB") == Store(ROOT).meeting("2014-03-13", "PPB")
    for handle, person in want.people.items():
        if handle != "Samantha Waters":  # named in a summary only, owner of nothing
            assert got.people[handle] == person, handle


def open_ids(ppb, *options: str) -> list[str]:
    result = ppb("open", *options, "--format", "json")
    assert result.code == 0, result.err
    return [a["id"] for a in json.loads(result.out)]


def test_the_seed_text_gives_back_the_embedded_board(fresh: Path, ppb) -> None:
    result = ppb("import", str(SEED))
    assert (result.code, result.err) == (0, "")
    assert result.out == "Imported: 21 new actions, 0 updated, 14 people, meetings 2014-03-13\n"
    assert_embedded_board(fresh)
    assert open_ids(ppb, "--owner", "T/ACC") == T_ACC_OPEN
    assert ppb("check").code == 0


def test_every_imported_action_and_entry_says_where_it_came_from(fresh: Path, ppb) -> None:
    assert ppb("import", str(SEED)).code == 0
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for action in Store(fresh).register().actions:
        assert action.source is not None
        name, line = action.source.rsplit(":", 1)
        assert name == SEED.name and lines[int(line) - 1].startswith(action.id + "\t")
        for entry in action.history:
            assert entry.source == action.source  # the progress is on the same row
    shown = json.loads(ppb("show", "59", "--format", "json").out)
    assert shown["source"] == f"{SEED.name}:46"
    assert shown["history"][0]["source"] == f"{SEED.name}:46"
    table = ppb("show", "59").out
    assert re.search(rf"^Source +{re.escape(SEED.name)}:46", table, re.M)


def test_importing_again_changes_nothing(fresh: Path, ppb) -> None:
    assert ppb("import", str(SEED)).code == 0
    before = snapshot(fresh)
    again = ppb("import", str(SEED))
    assert (again.code, again.err) == (0, "")
    assert again.out == "Nothing to change: the board already has what the minutes say.\n"
    assert snapshot(fresh) == before


def test_a_dry_run_prints_the_whole_change_and_writes_nothing(fresh: Path, ppb) -> None:
    before = snapshot(fresh)
    result = ppb("import", str(SEED), "--dry-run")
    assert result.code == 0 and snapshot(fresh) == before
    assert "--- a/actions.yaml\n+++ b/actions.yaml\n" in result.out
    assert "+++ b/meetings/2014-03-13.yaml\n" in result.out
    assert "+  - id: PPB 70\n" in result.out and "+  - action: PPB 70\n" in result.out
    assert result.out.endswith(
        "Would import: 21 new actions, 0 updated, 14 people, meetings 2014-03-13\n"
    )


def seed_as_word(target: Path) -> None:
    """A .docx of the seed's text: one paragraph per paragraph, its tables as Word tables."""
    import docx

    document = docx.Document()
    for block in readers.text_blocks(SEED.read_text(encoding="utf-8"), SEED.name):
        if block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=width)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
        else:
            document.add_paragraph("\n".join(block.lines))
    document.save(str(target))


def test_the_seed_as_word_with_real_tables_gives_back_the_embedded_board(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    seed_as_word(tmp_path / "minutes.docx")
    result = ppb("import", str(tmp_path / "minutes.docx"))
    assert (result.code, result.err) == (0, "")
    assert_embedded_board(fresh)
    assert open_ids(ppb, "--owner", "T/ACC") == T_ACC_OPEN
    assert Store(fresh).register().find("PPB 60").source == "minutes.docx:table 2 row 3"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_minutes_ppb_writes_read_back_as_the_same_register(
    fmt: str, board: Path, ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / f"minutes.{fmt}"
    assert ppb("minutes", "2014-03-13", "--format", fmt, "-o", str(target)).code == 0
    before = snapshot(board)
    again = ppb("import", str(target))
    assert (again.code, again.err) == (0, "")
    assert again.out.startswith("Nothing to change") and snapshot(board) == before
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    assert ppb("init", "new", "--board", "Policing Performance Board", "--prefix", "PPB").code == 0
    monkeypatch.chdir(other / "new")
    assert ppb("import", str(target)).code == 0
    assert_embedded_board(other / "new")


NEXT = """\
Minutes of Meeting

Meeting: Policing Performance Board
Venue: Police Headquarters
Date: 10th April 2014
Time: 10.00 – 12.00

<u>Members:</u>\tPCC Christopher Salmon (PCC) Chief Constable Simon Prince (CC)
<u>Also present:</u>\tT/ACC Pam Kelly (T/ACC)

ACTION SUMMARY\t\t
Action N°\tAction Summary\tProgress
PPB 56\tT/ACC to inform OPCC of developments regarding rape reporting\tCompleted – paper received by the OPCC
PPB 61\tKey barriers to progressing the development of a MASH\tIn progress

Matters Arising

PPB 56 – The T/ACC presented the paper.

Data Quality

The CC reported on the audit.

Action: CC to report the audit's findings to the PCC
"""


def test_the_next_meetings_minutes_update_the_same_actions(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    assert ppb("import", str(SEED)).code == 0
    (tmp_path / "next.txt").write_text(NEXT, encoding="utf-8")
    result = ppb("import", str(tmp_path / "next.txt"))
    assert (result.code, result.err) == (0, "")
    assert result.out == "Imported: 1 new actions, 2 updated, 0 people, meetings 2014-04-10\n"
    register = Store(fresh).register()
    done = register.find("PPB 56")
    assert done is not None and done.status == "completed"
    assert done.summary.endswith("commissioning requirements")  # the register's wording stays
    assert [(e.meeting, e.status, e.note, e.source) for e in done.history] == [
        ("2014-03-13", "in progress", "paper to be sent to OPCC", f"{SEED.name}:41"),
        ("2014-04-10", "completed", "paper received by the OPCC", "next.txt:13"),
    ]
    new = register.find("PPB 71")
    assert new is not None and new.owners == ["CC"] and new.raised == "2014-04-10"
    assert new.item == "Data Quality" and new.source == "next.txt:24"
    assert "PPB 56" not in open_ids(ppb, "--owner", "T/ACC")
    assert ppb("import", str(tmp_path / "next.txt")).out.startswith("Nothing to change")


def test_what_cannot_be_placed_is_reported_with_its_line_and_left_out(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    text = NEXT.replace(
        "Action: CC to report", "Action: Zed Zebedee to review the estate\n\nAction: CC to report"
    ).replace("Completed – paper received by the OPCC", "Paper received")
    (tmp_path / "next.txt").write_text(text, encoding="utf-8")
    result = ppb("import", str(tmp_path / "next.txt"))
    assert result.code == 0
    assert result.err.splitlines() == [
        "ppb import: next.txt:13: progress 'Paper received' of PPB 56 names no status "
        "(open, in progress, completed, withdrawn); left out",
        "ppb import: next.txt:24: action 'Zed Zebedee to review the estate': 'Zed Zebedee' "
        "is not anyone ppb knows; left out",
        "ppb import: next.txt:18: Matters Arising names PPB 56, which this board does not have; "
        "kept as text",
    ]
    register = Store(fresh).register()
    assert [a.id for a in register.actions] == ["PPB 61", "PPB 62"]
    assert all("Zebedee" not in a.summary for a in register.actions)
    assert register.find("PPB 56") is None  # left out, not guessed


def test_bad_input_is_one_line_on_stderr_and_writes_nothing(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    before = snapshot(fresh)
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "undated.txt").write_text("Some minutes\n\nNo date anywhere.\n")
    cases = [
        (str(tmp_path / "missing.txt"), "cannot read it"),
        (str(tmp_path / "binary.txt"), "not UTF-8 text"),
        (str(tmp_path / "undated.txt"), "no meeting date found"),
    ]
    for path, says in cases:
        result = ppb("import", str(SEED), path)  # the good file is not imported either
        assert result.code == 1, path
        assert result.err.count("\n") == 1 and says in result.err, result.err
        assert "Traceback" not in result.err
        assert snapshot(fresh) == before
    (tmp_path / "not.docx").write_text("not a zip")
    result = ppb("import", str(tmp_path / "not.docx"))
    assert result.code == 1 and "cannot read it as a Word document" in result.err
    assert ppb("import", str(SEED), "--meeting", "13 March").code == 2
    assert snapshot(fresh) == before


def test_meeting_names_the_meeting_where_the_minutes_do_not(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    (tmp_path / "undated.txt").write_text(
        "Data Quality\n\nThe CC reported.\n\nAction: CC to report to the PCC\n"
    )
    assert ppb("people", "add", "CC", "--name", "Simon Prince").code == 0
    result = ppb("import", str(tmp_path / "undated.txt"), "--meeting", "2014-05-01")
    assert (result.code, result.err) == (0, "")
    action = Store(fresh).register().find("PPB 1")
    assert action is not None and action.owners == ["CC"] and action.raised == "2014-05-01"
    assert Store(fresh).meeting("2014-05-01").items[0].title == "Data Quality"


def test_a_pdf_is_pointed_to_pdftotext(fresh: Path, ppb, tmp_path: Path) -> None:
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF-1.4")
    result = ppb("import", str(tmp_path / "minutes.pdf"))
    assert result.code == 1 and "pdftotext -layout minutes.pdf" in result.err


def test_a_copy_of_the_embedded_board_is_not_needed_for_the_seed(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    blocks = readers.read(str(tmp_path / "seed.txt"))
    tables = [b for b in blocks if b.kind == "table"]
    assert [len(t.rows) for t in tables] == [13, 13]  # caption, heading, rows (one wrapped)


LAYOUTS = Path(__file__).parent / "data" / "layouts"


def imported(ppb, folder: Path, name: str) -> tuple[list[tuple[str, str, list[str], str]], str]:
    """(id, summary, owners, status) of every action a layout's file gives, and stderr."""
    result = ppb("import", str(LAYOUTS / name))
    assert result.code == 0, result.err
    register = Store(folder).register()
    return [(a.id, a.summary, a.owners, a.status) for a in register.actions], result.err


def test_inline_action_lines_with_owners_by_initials_full_name_and_first_name(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "ac", "--board", "Audit Committee", "--prefix", "AC").code == 0
    monkeypatch.chdir(tmp_path / "ac")
    actions, err = imported(ppb, tmp_path / "ac", "inline.txt")
    owners = [(i, o) for i, _, o, _ in actions]
    assert owners == [
        ("AC 1", ["OT"]), ("AC 2", ["RE"]), ("AC 3", ["GP"]), ("AC 4", ["MJ", "GP"]),
        ("AC 5", ["MJ"]), ("AC 6", ["RE", "OT"]), ("AC 7", ["OT"]),
    ]  # fmt: skip
    assert all(status == "open" for *_, status in actions)
    assert err == (
        "ppb import: inline.txt:40: action 'Marcus to check the terms of the lease.': "
        "'Marcus' is not anyone ppb knows; left out\n"
    )  # 7 of 8 imported right, the eighth reported
    meeting = Store(tmp_path / "ac").meeting("2023-03-14")
    assert meeting.attendance.members == ["OT", "RE", "GP", "MJ"]
    assert meeting.attendance.apologies == ["SL"]
    assert [i.title for i in meeting.items] == [
        "Apologies and declarations of interest",
        "Minutes of the previous meeting",
        "Quarterly performance report",
        "Estates",
    ]
    people = Store(tmp_path / "ac").register().people
    assert people["GP"].name == "Gareth Price" and people["GP"].role == "Treasurer"
    assert Store(tmp_path / "ac").register().find("AC 6").item == "Any Other Business"  # type: ignore[union-attr]


def test_a_table_log_with_item_action_responsible_status_and_due(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "fr", "--board", "Finance and Resources", "--prefix", "FR").code == 0
    monkeypatch.chdir(tmp_path / "fr")
    actions, err = imported(ppb, tmp_path / "fr", "log.txt")
    assert [(i, o, s) for i, _, o, s in actions] == [
        ("FR 1", ["GP"], "open"), ("FR 2", ["GP", "RE"], "in progress"),
        ("FR 3", ["GP"], "completed"), ("FR 4", ["MJ"], "open"), ("FR 5", ["RE"], "open"),
        ("FR 6", ["OT", "RE"], "in progress"), ("FR 7", ["MJ"], "open"),
        ("FR 8", ["SL"], "withdrawn"), ("FR 9", ["RE", "MJ"], "completed"),
    ]  # fmt: skip
    assert err == (
        "ppb import: log.txt:26: owner 'Marcus' is not anyone in the attendance or register; "
        "the action was left out\n"
    )  # 9 of 10 imported right, the tenth reported
    register = Store(tmp_path / "fr").register()
    first, second = register.find("FR 1"), register.find("FR 2")
    assert first is not None and second is not None
    assert (first.item, first.due, first.source) == (
        "Budget monitoring",
        "2023-09-04",
        "log.txt:20",
    )
    assert (second.due, second.history[0].note) == ("2023-09-30", None)
    assert register.find("FR 6").history[0].note == "draft agreed"  # type: ignore[union-attr]
    assert register.find("FR 7").item == "Procurement"  # type: ignore[union-attr]
    assert ppb("check").code == 0
    again = ppb("import", str(LAYOUTS / "log.txt"))
    assert again.out.startswith("Nothing to change")


def test_ids_numbered_by_year_with_progress_in_prose(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "pcp", "--board", "Police and Crime Panel", "--prefix", "N/YYYY/P").code == 0
    monkeypatch.chdir(tmp_path / "pcp")
    earlier, later = str(LAYOUTS / "yearly-earlier.txt"), str(LAYOUTS / "yearly.txt")
    result = ppb("import", earlier, later)
    assert result.code == 0
    assert result.err.splitlines() == [
        "ppb import: yearly.txt:30: action 'Zed to prepare the precept options.': 'Zed' is not "
        "anyone ppb knows; left out",
        "ppb import: yearly.txt:16: Matters Arising names 9/2023/P, which this board does not "
        "have; kept as text",
    ]  # 7 of 8 actions imported right, 3 of 3 updates; the rest reported
    register = Store(tmp_path / "pcp").register()
    assert [(a.id, a.owners, a.status) for a in register.actions] == [
        ("3/2023/P", ["GP"], "completed"), ("4/2023/P", ["MJ"], "open"),
        ("5/2023/P", ["RE"], "in progress"), ("6/2023/P", ["OT", "GP"], "completed"),
        ("10/2023/P", ["RE"], "open"), ("11/2023/P", ["OT"], "open"),
        ("12/2023/P", ["GP"], "open"),
    ]  # fmt: skip
    done = register.find("3/2023/P")
    assert done is not None
    assert [(e.meeting, e.note, e.source) for e in done.history] == [
        ("2023-10-12", "the complaints report was published in September.", "yearly.txt:10")
    ]
    assert ppb("check").code == 0
    assert ppb("add", "OT to brief the panel", "--owner", "OT", "--meeting", "2023-10-12").out == (
        "13/2023/P\n"
    )
    assert json.loads(ppb("show", "5/23/p", "--format", "json").out)["id"] == "5/2023/P"
    assert ppb("import", earlier, later).out.startswith("Nothing to change")


def test_an_import_lands_whole_or_not_at_all(
    fresh: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register and the meeting file are one change: a full disk writing the second
    leaves the first as it was, and no temporary file behind."""
    from ppb.store import journal

    real = journal.temp_beside
    calls: list[str] = []

    def full_disk(target: str, data: bytes) -> str:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(target, data)

    before = snapshot(fresh)
    monkeypatch.setattr(journal, "temp_beside", full_disk)
    result = ppb("import", str(SEED))
    assert result.code == 1 and result.err.count("\n") == 1
    assert "nothing was changed" in result.err
    assert [Path(c).name for c in calls] == ["actions.yaml", "2014-03-13.yaml"]
    assert snapshot(fresh) == before and not list(fresh.rglob("*.tmp"))
    monkeypatch.setattr(journal, "temp_beside", real)
    assert ppb("import", str(SEED)).code == 0
    assert_embedded_board(fresh)


def test_an_unreadable_table_and_another_boards_action_are_reported(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    assert ppb("import", str(SEED)).code == 0
    text = NEXT.replace(
        "PPB 61\tKey barriers to progressing the development of a MASH\tIn progress",
        "PPB 61\tRepaint the fire station in Aberystwyth\tCompleted",
    ).replace("Data Quality\n", "Data Quality\n\nColour\tCount\nRed\t3\n\n")
    (tmp_path / "next.txt").write_text(text, encoding="utf-8")
    before = Store(fresh).register().find("PPB 61")
    result = ppb("import", str(tmp_path / "next.txt"))
    assert result.code == 0
    assert result.err.splitlines() == [
        "ppb import: next.txt:22: a table ppb cannot read as actions (no Action and Summary "
        "columns); left out",
        "ppb import: next.txt:14: PPB 61 reads 'Repaint the fire station in Aberystwyth' here, "
        "but this board's PPB 61 is 'Key barriers to progressing the development of a …'; its "
        "progress was left out",
    ]
    assert Store(fresh).register().find("PPB 61") == before


def test_the_seed_into_the_embedded_board_changes_nothing(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("import", str(SEED))
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Nothing to change") and snapshot(board) == before


def test_text_as_pdftotext_layout_writes_it_tables_in_columns(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    """pdftotext -layout lays a table out in columns of spaces, a wrapped row indented."""
    lines = []
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if "\t" in line and not line.startswith("<u>"):
            cells = line.split("\t")
            line = "    ".join(cells) if cells[0] else " " * 12 + "    ".join(cells[1:])
        lines.append(line)
    (tmp_path / "layout.txt").write_text("\n".join(lines), encoding="utf-8")
    result = ppb("import", str(tmp_path / "layout.txt"))
    assert (result.code, result.err) == (0, "")
    assert_embedded_board(fresh)


# Three corpora of four meetings each, in the layouts the issue names, with an answer key
# written by hand from reading the minutes (not from what ppb makes of them): every action's
# owners and its status after the last meeting. A few actions name an owner nobody in the
# attendance answers to; those must be reported at their line and left out, never guessed.

AUDIT = """
AC 1 OT completed
AC 2 RE completed
AC 3 GP completed
AC 4 MJ,GP completed
AC 5 GP,MJ completed
AC 6 GP completed
AC 7 MJ completed
AC 8 DH completed
AC 9 OT,RE completed
AC 10 CD completed
AC 11 DH completed
AC 12 SL completed
AC 14 GP,MJ completed
AC 15 DH completed
AC 16 SL withdrawn
AC 17 OT completed
AC 18 RE completed
AC 19 OT completed
AC 20 CD completed
AC 21 MJ in progress
AC 22 GP completed
AC 23 GM in progress
AC 24 GM,MJ open
AC 25 RE completed
AC 27 OT,SL completed
AC 28 MJ completed
AC 29 CD withdrawn
AC 30 MJ open
AC 31 SL completed
AC 32 GP open
AC 33 DH open
AC 34 MJ open
AC 35 GM open
AC 36 OT open
AC 37 RE,SL open
AC 38 CD open
AC 39 GP open
AC 40 OT open
AC 41 MJ open
AC 42 MJ open
AC 43 DH open
AC 44 CD open
"""
AUDIT_UNPLACEABLE = {  # where: (the owner minuted, the id minuted)
    "2023-06-13.txt:52": ("Marcus", "AC 13"),
    "2023-09-12.txt:71": ("Bethan Rowlands", "AC 26"),
}

FINANCE = """
FR 1 GP completed
FR 2 GP,RE completed
FR 3 GP completed
FR 4 HR completed
FR 5 MJ completed
FR 6 RE completed
FR 7 OT,RE completed
FR 8 MJ completed
FR 9 SL withdrawn
FR 10 RE,MJ completed
FR 11 HR completed
FR 12 GP completed
FR 13 OT completed
FR 14 HR,GP completed
FR 15 HR completed
FR 16 GP completed
FR 18 MJ,SL withdrawn
FR 19 SL completed
FR 20 GP completed
FR 21 RE completed
FR 22 OT completed
FR 23 GP completed
FR 24 HR in progress
FR 25 RE completed
FR 26 GM in progress
FR 27 GM completed
FR 29 OT,GP completed
FR 30 HR in progress
FR 31 GP completed
FR 32 MJ open
FR 33 OT,SL completed
FR 34 GP open
FR 35 GP,HR open
FR 36 OT,RE open
FR 37 RE open
FR 38 EH open
FR 39 MJ open
FR 40 GM,EH open
FR 41 SL open
FR 42 HR open
FR 43 HR open
FR 44 EH,OT open
"""
FINANCE_UNPLACEABLE = {
    "2023-09-04.txt:56": ("Marcus", "FR 17"),
    "2023-12-04.txt:56": ("Gareth", "FR 28"),  # Gareth Price or Gareth Morgan?
}

PANEL = """
1/2023/P GP completed
2/2023/P MJ completed
3/2023/P RE completed
4/2023/P OT,GP completed
5/2023/P PCC completed
6/2023/P HM,AD completed
7/2023/P GP completed
8/2023/P AD completed
9/2023/P OT withdrawn
10/2023/P MJ completed
11/2023/P PCC,GP withdrawn
12/2023/P RE completed
13/2023/P OT completed
14/2023/P GP completed
15/2023/P PCC completed
16/2023/P EJ,AD completed
18/2023/P GP completed
19/2023/P EJ completed
20/2023/P MJ completed
21/2023/P OT completed
22/2023/P MJ in progress
1/2024/P GP completed
2/2024/P PCC completed
4/2024/P RE,HM in progress
5/2024/P AD open
6/2024/P PCC open
7/2024/P OT open
8/2024/P EJ open
9/2024/P MJ open
10/2024/P HM open
11/2024/P GP,MJ completed
12/2024/P MJ open
13/2024/P RE open
14/2024/P PCC open
15/2024/P AD,EJ open
16/2024/P OT open
17/2024/P RE open
18/2024/P GP open
19/2024/P MJ open
20/2024/P HM open
21/2024/P PCC,GP open
22/2024/P EJ open
"""
PANEL_UNPLACEABLE = {
    "2023-10-12.txt:49": ("Zed", "17/2023/P"),
    "2024-01-25.txt:46": ("Bethan Rowlands", "3/2024/P"),
}

CORPORA = {
    "audit": ("Audit Committee", "AC", AUDIT, AUDIT_UNPLACEABLE),
    "finance": ("Finance and Resources Committee", "FR", FINANCE, FINANCE_UNPLACEABLE),
    "panel": ("Police and Crime Panel", "N/YYYY/P", PANEL, PANEL_UNPLACEABLE),
}


def answer_key(text: str) -> dict[str, tuple[list[str], str]]:
    """`AC 4 MJ,GP completed` → {"AC 4": (["MJ", "GP"], "completed")}."""
    key = {}
    for line in text.strip().splitlines():
        match = re.fullmatch(r"(\S+(?: \d+)?) (\S+) (.+)", line)
        assert match, line
        key[match[1]] = (match[2].split(","), match[3])
    return key


def new_board(ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, prefix: str) -> Path:
    monkeypatch.delenv("PPB_DIR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "board", "--board", name, "--prefix", prefix).code == 0
    monkeypatch.chdir(tmp_path / "board")
    return tmp_path / "board"


def scored(folder: Path, corpus: str, err: str) -> tuple[int, int, list[str]]:
    """(right, total, misses) of the register against the corpus's answer key; asserts that
    every miss is reported, that nothing was imported that the key does not hold, and that
    every line reported is about an action the key says cannot be placed."""
    _, _, text, unplaceable = CORPORA[corpus]
    key = answer_key(text)
    register = Store(folder).register()
    got = {a.id: (a.owners, a.status) for a in register.actions}
    assert set(got) <= set(key), set(got) - set(key)  # nothing invented
    right = [i for i, want in key.items() if got.get(i) == want]
    misses = [i for i in key if i not in right]
    reported = err.splitlines()

    def names(action_id: str, line: str) -> bool:
        return bool(re.search(rf"(?<![\w/]){re.escape(action_id)}(?![\w/])", line))

    for action_id in misses:
        assert any(names(action_id, line) for line in reported), (action_id, got.get(action_id))
    for where, (owner, _) in unplaceable.items():
        assert any(
            line.startswith(f"ppb import: {where}: ") and repr(owner) in line for line in reported
        ), where
        assert not any(owner in a.summary for a in register.actions)
    for line in reported:  # the action itself, or later minutes' progress on it
        assert any(
            line.startswith(f"ppb import: {where}: ") or names(action_id, line)
            for where, (_, action_id) in unplaceable.items()
        ), line
    return len(right), len(key) + len(unplaceable), misses


def assert_at_least_95_percent(right: int, total: int) -> None:
    assert total >= 40
    assert right / total >= 0.95, f"{right} of {total}"


@pytest.mark.parametrize("corpus", ["audit", "panel"])
def test_a_corpus_of_minutes_imported_meeting_by_meeting_scores_95_percent(
    corpus: str, tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, prefix, _, _ = CORPORA[corpus]
    folder = new_board(ppb, tmp_path, monkeypatch, name, prefix)
    err = ""
    for path in sorted((LAYOUTS / corpus).glob("*.txt")):
        result = ppb("import", str(path))
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        err += result.err
    right, total, misses = scored(folder, corpus, err)
    assert_at_least_95_percent(right, total)
    assert ppb("check").code == 0
    again = [str(p) for p in sorted((LAYOUTS / corpus).glob("*.txt"))]
    assert ppb("import", *again).out.startswith("Nothing to change")


def as_word(source: Path, target: Path, headings: str = "by number") -> Path:
    """A .docx of a text file as its secretary would have typed it in Word: numbered headings
    in heading styles (3. Heading 1, 3.1 Heading 2; or all in Heading 1; or "plain" in the
    body style), tables as Word tables (a wrapped row of the text one row, as Word wraps
    within a cell), every other paragraph as it is."""
    import docx

    document = docx.Document()
    for block in readers.text_blocks(source.read_text(encoding="utf-8"), source.name):
        if block.kind == "table":
            rows: list[list[str]] = []
            for row in block.rows:
                if rows and not row[0]:
                    rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row, strict=False)]
                else:
                    rows.append(row)
            table = document.add_table(rows=0, cols=max(len(r) for r in rows))
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=False):
                    cell.text = text
            continue
        numbered = re.match(r"^(\d+)(\.\d+)?\.?\s+\S", block.text)
        if (
            numbered
            and len(block.lines) == 1
            and not block.text.endswith(".")
            and headings != "plain"
        ):
            level = 2 if numbered[2] and headings == "by number" else 1
            document.add_heading(block.text, level=level)
        else:
            document.add_paragraph("\n".join(block.lines))
    path = target / source.with_suffix(".docx").name
    document.save(str(path))
    return path


# where a Word table's row is reported: the table's number in the document, the row's in it
FINANCE_UNPLACEABLE_WORD = {
    "2023-09-04.docx:table 1 row 15": ("Marcus", "FR 17"),
    "2023-12-04.docx:table 2 row 7": ("Gareth", "FR 28"),
}


def as_layout(source: Path, target: Path) -> Path:
    """The text as `pdftotext -layout` gives a PDF of it: each table's columns padded to
    line up, an empty cell only spaces."""
    lines = source.read_text(encoding="utf-8").split("\n")
    out, run = [], []
    for line in [*lines, ""]:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        if run:
            widths = [max(len(r[c]) if c < len(r) else 0 for r in run) for c in range(len(run[0]))]
            for row in run:
                cells = [cell.ljust(width + 4) for cell, width in zip(row, widths, strict=False)]
                out.append("".join(cells).rstrip())
            run = []
        out.append(line)
    path = target / source.name
    path.write_text("\n".join(out[:-1]), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdftotext"])
def test_a_table_log_of_four_meetings_in_one_import_scores_95_percent(
    fmt: str, tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = sorted((LAYOUTS / "finance").glob("*.txt"))
    if fmt == "docx":
        (tmp_path / "word").mkdir()
        paths = [as_word(p, tmp_path / "word") for p in texts]
        monkeypatch.setitem(CORPORA, "finance", (*CORPORA["finance"][:3], FINANCE_UNPLACEABLE_WORD))
    elif fmt == "pdftotext":
        (tmp_path / "layout").mkdir()
        paths = [as_layout(p, tmp_path / "layout") for p in texts]
    else:
        paths = texts
    folder = new_board(ppb, tmp_path, monkeypatch, "Finance and Resources Committee", "FR")
    result = ppb("import", *map(str, paths))
    assert result.code == 0 and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 2  # the two unplaceable owners, nothing else
    right, total, _ = scored(folder, "finance", result.err)
    assert_at_least_95_percent(right, total)
    assert ppb("check").code == 0
    assert ppb("import", *map(str, paths)).out.startswith("Nothing to change")


def said(entry: Any) -> tuple[str, str | None]:
    """A minuted entry as (kind, what): ("action", "AC 5"), ("decision", …), ("text", …)."""
    if isinstance(entry, str):
        return "text", entry
    if hasattr(entry, "action"):
        return "action", entry.action
    if hasattr(entry, "decision"):
        return "decision", entry.decision
    return "text", entry.text


def test_the_meeting_files_of_a_corpus_read_as_the_minutes_do(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbered items with their 3.1 sub-items, each action where it was raised, decisions,
    departures, Matters Arising with each entry on its action, numbered paragraphs."""
    folder = new_board(ppb, tmp_path, monkeypatch, "Audit Committee", "AC")
    for path in sorted((LAYOUTS / "audit").glob("*.txt")):
        assert ppb("import", str(path)).code == 0
    first = Store(folder).meeting("2023-03-14")
    assert [(i.title, [s.title for s in i.items]) for i in first.items] == [
        ("Apologies and declarations of interest", []),
        ("Minutes of the previous meeting", []),
        ("Quarterly performance report", ["Revenue budget", "Capital programme"]),
        ("Internal audit", ["Progress report", "Counter-fraud"]),
        ("Estates", []),
    ]
    audit = first.items[3]
    assert audit.text == []
    assert [said(e) for e in audit.items[0].text] == [
        ("text", "MJ reported that 14 of the 22 planned audits had been completed. Two reports "
         "had limited assurance."),
        ("action", "AC 4"),
        ("decision", "RESOLVED that the internal audit plan for 2023/24 be approved."),
    ]  # fmt: skip
    assert [said(e)[1] for e in audit.items[1].text][1:] == [
        "AC 5",
        "AC 6",
        "RE left the meeting at 11.20.",
    ]
    assert [said(e) for e in first.items[4].text][1:] == [
        ("action", "AC 7"),
        ("action", "AC 8"),
        ("decision", "It was agreed that the estates strategy be brought to the June meeting."),
    ]
    assert [said(e)[1] for e in first.other_business] == [
        "AC 9", "AC 10", "AC 11", "The meeting closed at 12.10."
    ]  # fmt: skip
    second = Store(folder).meeting("2023-06-13")
    assert [(d.who, d.after) for d in second.departures] == [("GP", "AC 15")]
    assert "Matters arising from the previous minutes" not in [i.title for i in second.items]
    arising = [
        said(e) if isinstance(e, str) else (e.action, e.text) for e in second.matters_arising
    ]
    assert arising[0][0] == "text" and str(arising[0][1]).startswith("The Clerk has numbered")
    assert arising[1:] == [
        ("AC 1", "Completed: the letter was sent on 20 March and the auditors replied on 3 April."),
        ("AC 2", "The revised risk register has been circulated. Action complete."),
        ("AC 3", "In progress: the reserves position will be reported in September."),
        ("AC 4", "Ongoing, see AC 14."),
        ("AC 7", "MJ reported that AC 7 had been completed and the survey received."),
        ("AC 8", "AC 8 was completed."),
        ("AC 10", "Completed."),
        ("AC 11", "Done: the plan is item 4 on today's agenda."),
    ]
    register = Store(folder).register()
    assert [(a.id, a.see) for a in register.actions if a.see] == [
        ("AC 4", ["AC 14"]),
        ("AC 5", ["AC 14"]),
    ]  # "AC 4 – Ongoing, see AC 14.", "AC 5 – In progress – see AC 14."
    last = Store(folder).meeting("2023-12-12").items[2]
    assert last.title == "Follow-up of recommendations"
    assert [said(e) for e in last.text] == [
        ("text", "4.1 MJ presented the follow-up report. Eleven of the fourteen recommendations "
         "had been implemented."),
        ("action", "AC 35"),
        ("action", "AC 36"),
    ]  # fmt: skip


@pytest.mark.parametrize("headings", ["by number", "all Heading 1", "plain"])
@pytest.mark.parametrize("corpus", ["audit", "finance", "panel"])
def test_minutes_in_word_give_the_same_meetings_and_register_as_in_text(
    corpus: str, headings: str, tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbered headings nest by their numbers (3.1 under 3.) in Word as in plain text,
    whatever style the secretary gave them."""
    name, prefix, _, _ = CORPORA[corpus]
    texts = sorted((LAYOUTS / corpus).glob("*.txt"))
    (tmp_path / "word").mkdir()
    words = [as_word(p, tmp_path / "word", headings) for p in texts]
    boards = []
    for paths, where in ((texts, "text"), (words, "word")):
        (tmp_path / where).mkdir(exist_ok=True)
        folder = new_board(ppb, tmp_path / where, monkeypatch, name, prefix)
        assert ppb("import", *map(str, paths)).code == 0
        boards.append(folder)
    text, word = (Store(b) for b in boards)
    for meeting in text.meeting_ids():
        assert text.meeting(meeting, prefix) == word.meeting(meeting, prefix), meeting
    assert [without_source(a) for a in text.register().actions] == [
        without_source(a) for a in word.register().actions
    ]
    assert any(i.items for m in text.meeting_ids() for i in text.meeting(m, prefix).items)


PEOPLE = """\
AUDIT COMMITTEE

Minutes of the meeting held on Tuesday 14 March 2023 at County Hall

Present:
Owen Thomas (OT) – Chair
Rhian Evans (RE)

1. Estates

OT reported that Samantha Waters had surveyed the depot.

ACTION – OT to ask Samantha Waters for the survey report.

ACTION – Bethan Rowlands to provide the Welsh Language Standards report.

Action: Rhian to consult Huw Roberts on the lease.

Action log
Item\tAction\tResponsible\tStatus
1\tValue the depot\tEleri Hopkins\tOpen
"""


def test_someone_named_only_in_the_text_is_not_registered_nor_made_an_owner(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full name that owns an action in running text but is no one in the attendance is
    reported, not invented; names in summaries are not people. An owner column naming
    someone in full is the minutes saying who owns it, so that person is registered (as the
    seed's "To be progressed by" registers Dafydd Llewelyn)."""
    folder = new_board(ppb, tmp_path, monkeypatch, "Audit Committee", "AC")
    (tmp_path / "people.txt").write_text(PEOPLE, encoding="utf-8")
    result = ppb("import", str(tmp_path / "people.txt"))
    assert result.code == 0
    assert result.err == (
        "ppb import: people.txt:15: action 'Bethan Rowlands to provide the Welsh Language "
        "Standards report.': 'Bethan Rowlands' is not anyone ppb knows; left out\n"
    )
    register = Store(folder).register()
    assert list(register.people) == ["OT", "RE", "Eleri Hopkins"]
    assert [(a.summary, a.owners) for a in register.actions] == [
        ("Value the depot", ["Eleri Hopkins"]),
        ("OT to ask Samantha Waters for the survey report.", ["OT"]),
        ("Rhian to consult Huw Roberts on the lease.", ["RE"]),
    ]


def test_importing_several_files_shows_progress_on_a_terminal_only(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_progress import run

    folder = new_board(ppb, tmp_path, monkeypatch, "Police and Crime Panel", "N/YYYY/P")
    files = [str(p) for p in sorted((LAYOUTS / "panel").glob("*.txt"))]
    code, out, err = run(folder, "import", "--dry-run", *files, terminal=False)
    assert code == 0 and out.endswith("meetings 2023-07-06, 2023-10-12, 2024-01-25, 2024-03-21\n")
    reported = err.splitlines()
    assert len(reported) == 5 and all(line.startswith("ppb import: 20") for line in reported)
    code, shown, err = run(folder, "import", "--dry-run", *files, terminal=True)
    assert (code, shown) == (0, out)  # stdout the same, the bar on stderr alone
    assert "ppb import" in err and "━" in err
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err.replace("\r\n", "\n"))
    assert [line for line in plain.splitlines() if line and "━" not in line] == reported
    code, _, err = run(folder, "import", "--dry-run", files[0], terminal=True)
    assert code == 0 and "━" not in err  # one short file: done before a bar would help


HOUSING = """\
HOUSING BOARD

Minutes of the meeting held on 2 May 2024 at Ty Penallta

Present:
Nia Griffiths (NG) – Chair
Tomos Bevan (TB), Director of Housing
Lowri Pugh (LP)

1. Rent setting

Action: Chair to write to the Minister about the rent cap.

Action by TB: report the arrears position.

Action by Lowri to book the venue.

ACTION: LP – circulate the tenancy agreement.

Action: review the allocations policy – Tomos Bevan.

ACTION: Publish the repairs standard (NG/LP).

Action by Gethin: check the lease.

Action: Recommendations of the review to be presented to the next meeting.
"""


def test_an_action_line_names_its_owner_before_or_after_what_is_to_be_done(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = new_board(ppb, tmp_path, monkeypatch, "Housing Board", "HB")
    (tmp_path / "housing.txt").write_text(HOUSING, encoding="utf-8")
    result = ppb("import", str(tmp_path / "housing.txt"))
    assert result.code == 0
    assert result.err == (
        "ppb import: housing.txt:24: action 'by Gethin: check the lease.': 'Gethin' is not "
        "anyone ppb knows; left out\n"
    )
    assert [(a.summary, a.owners) for a in Store(folder).register().actions] == [
        ("Chair to write to the Minister about the rent cap.", ["NG"]),
        ("by TB: report the arrears position.", ["TB"]),
        ("by Lowri to book the venue.", ["LP"]),
        ("LP – circulate the tenancy agreement.", ["LP"]),
        ("review the allocations policy – Tomos Bevan.", ["TB"]),
        ("Publish the repairs standard (NG/LP).", ["NG", "LP"]),
        ("Recommendations of the review to be presented to the next meeting.", []),
    ]  # the last names nobody, as the seed's PPB 53 does


def test_one_file_of_many_actions_shows_its_progress_on_a_terminal_only(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.importer import apply
    from tests.test_progress import run

    folder = new_board(ppb, tmp_path, monkeypatch, "Finance and Resources Committee", "FR")
    log = "\n".join(f"1\tReview policy {n}\tGP\tOpen" for n in range(apply.MANY))
    (tmp_path / "log.txt").write_text(
        "Date: 5 June 2023\n\nPresent: Gareth Price, Treasurer (GP)\n\n1. Policies\n\n"
        f"Action log\nItem\tAction\tResponsible\tStatus\n{log}\n",
        encoding="utf-8",
    )
    code, out, err = run(folder, "import", "--dry-run", str(tmp_path / "log.txt"), terminal=True)
    assert code == 0 and out.endswith(
        f"Would import: {apply.MANY} new actions, 0 updated, 1 people, meetings 2023-06-05\n"
    )
    assert "log.txt" in err and "━" in err
    assert run(folder, "import", "--dry-run", str(tmp_path / "log.txt"), terminal=False) == (
        0,
        out,
        "",
    )


MORE_PROSE = """\
DYFED-POWYS POLICE AND CRIME PANEL

Minutes of the meeting held on 12 October 2023 at County Hall, Carmarthen

Present: Owen Thomas, Chair (OT); Rhian Evans, Vice-Chair (RE); Mair Jenkins (MJ)
In attendance: Gareth Price, Chief Executive (GP)

1. Matters arising

Update on 1/2023/P: completed.

2/2023/P (complaints procedure) – Completed.

Action 3/2023/P: the survey has been completed.

The Chair noted that 5/2023/P and 7/2023/P were both completed.

2. Plan

ACTION 12/2023/P Gareth Price to arrange a workshop.
"""


def test_progress_in_prose_in_more_ways_and_what_names_several_actions_is_reported(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = new_board(ppb, tmp_path, monkeypatch, "Police and Crime Panel", "N/YYYY/P")
    assert ppb("import", str(LAYOUTS / "panel" / "2023-07-06.txt")).code == 0
    (tmp_path / "more.txt").write_text(MORE_PROSE, encoding="utf-8")
    result = ppb("import", str(tmp_path / "more.txt"))
    assert result.code == 0
    assert result.err == (
        "ppb import: more.txt:16: progress on several actions (5/2023/P, 7/2023/P) in one "
        "sentence; not read (record it with `ppb update`)\n"
    )
    register = Store(folder).register()
    assert [(a.id, a.status) for a in register.actions if a.status != "open"] == [
        ("1/2023/P", "completed"),
        ("2/2023/P", "completed"),
        ("3/2023/P", "completed"),
    ]
    assert register.people["AD"].name == "Cllr Alun Davies"  # as minuted, and yet
    helen_and_alun = register.find("6/2023/P")  # "Helen and Alun to visit the hub"
    assert helen_and_alun is not None and helen_and_alun.owners == ["HM", "AD"]
    new = register.find("12/2023/P")
    assert new is not None and new.owners == ["GP"]
    assert new.summary == "Gareth Price to arrange a workshop."


def test_a_progress_row_with_no_action_id_is_reported_not_a_crash(
    fresh: Path, ppb, tmp_path: Path
) -> None:
    """Progress must say which action it is on: a first row with its id cell empty (no row
    before it to continue), or a table with no id column at all, is reported at its row."""
    text = (
        NEXT.replace("PPB 56\tT/ACC to inform", "\tT/ACC to inform")
        + "\nLater actions\nAction Summary\tProgress\nReview the estate\tCompleted\n"
    )
    (tmp_path / "next.txt").write_text(text, encoding="utf-8")
    before = snapshot(fresh)
    result = ppb("import", str(tmp_path / "next.txt"), "--dry-run")
    assert result.code == 0 and "Traceback" not in result.err
    assert result.err.splitlines()[:2] == [
        "ppb import: next.txt:13: progress on an action with no id ('T/ACC to inform OPCC of "
        "developments regarding …'); left out",
        "ppb import: next.txt:28: progress on an action with no id ('Review the estate'); left out",
    ]
    assert snapshot(fresh) == before
