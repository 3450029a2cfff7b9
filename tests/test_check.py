"""ppb check: every problem planted in a broken copy of the embedded board, at its line and column."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import snapshot


def plant(board: Path) -> None:
    """Break the embedded board in many ways at once."""
    path = board / "actions.yaml"
    text = path.read_text()
    text = text.replace("  - id: PPB 61\n", "  - id: PPB 60\n", 1)
    text = text.replace("owners: [LA]", "owners: [LA, XYZ]")
    text = text.replace("    see: [PPB 56]", "    see: [PPB 56, PPB 99]")
    text = text.replace(
        "summary: CJJ to send electronic copy of", "summary: CJJ to send electronic copy #2 of"
    )
    text = text.replace(
        "        meeting: 2014-03-13\n        status: completed\n        note: report published",
        "        meeting: 2014-03-31\n        status: completed\n        note: report published",
    )
    text = text.replace(
        "    raised: 2014-03-13\n    item: Strategic", "    raised: 2014-02-30\n    item: Strategic"
    )
    text = text.replace(
        "    item: Any Other Business\n",
        "    item: Any Other Business\n    restricted: yes\n    sumary: x\n",
    )
    text = text.replace("    status: open\n", "    status: opne\n", 1)
    path.write_text(text)
    meeting = board / "meetings" / "2014-03-13.yaml"
    m = meeting.read_text().replace("apologies: [T/DCC]", "apologies: [T/DCC, ZZ]")
    m = m.replace("  - action: PPB 52\n", "  - action: PPB 52\n  - action: PPB 98\n")
    meeting.write_text(m)
    (board / "meetings" / "2014-04-10.yaml").write_text(
        m.replace("date: 2014-03-13", "date: 2014-04-11").replace("  - action: PPB 98\n", "")
    )


def line_of(board: Path, name: str, needle: str, nth: int = 1) -> int:
    lines = (board / name).read_text().splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[nth - 1]


def test_the_embedded_board_passes_with_nothing_to_say(board: Path, ppb) -> None:
    result = ppb("check")
    assert (result.code, result.out, result.err) == (0, "", "ppb check: 2 files, no problems\n")


def test_every_planted_problem_is_reported_at_its_place(board: Path, ppb) -> None:
    plant(board)
    before = snapshot(board)
    result = ppb("check")
    assert result.code == 1
    a, m = "actions.yaml", "meetings/2014-03-13.yaml"
    first60, second60 = line_of(board, a, "- id: PPB 60"), line_of(board, a, "- id: PPB 60", 2)
    expected = [
        f"{a}:{line_of(board, a, 'meeting: 2014-03-31')}:18: PPB 51: progress given at 2014-03-31, which has no meeting file [dangling-meeting]",
        f"{a}:{line_of(board, a, 'copy #2')}:41: warning: the text after 'CJJ to send electronic copy' was read as a comment (` #`); quote the whole value if it is part of it [cut-comment]",
        f"{a}:{line_of(board, a, 'PPB 99')}:19: PPB 59: see PPB 99, which does not exist [dangling-see]",
        f"{a}:{first60}:9: PPB 60 is used again at line {second60}; `ppb renumber` fixes one [duplicate-id]",
        f"{a}:{line_of(board, a, 'status: opne')}:13: status: unknown status 'opne' (did you mean 'open'?); use one of: open, in progress, completed, withdrawn [bad-status]",
        f"{a}:{second60}:9: PPB 60 is used again at line {first60}; `ppb renumber` fixes one [duplicate-id]",
        f"{a}:{line_of(board, a, '2014-02-30')}:13: raised: '2014-02-30' is not a real date (day is out of range for month) [bad-date]",
        f"{a}:{line_of(board, a, 'XYZ')}:18: PPB 70: unknown owner 'XYZ'; add them with `ppb people add` [unknown-handle]",
        f"{a}:{line_of(board, a, 'restricted: yes')}:17: restricted: expected true or false, not 'yes' [bad-value]",
        f"{a}:{line_of(board, a, 'sumary')}:5: unknown key 'sumary' (did you mean 'summary'?) [unknown-key]",
        f"{m}:{line_of(board, m, 'apologies')}:22: unknown person 'ZZ' in apologies [unknown-handle]",
        f"{m}:{line_of(board, m, 'PPB 98')}:13: Matters Arising names PPB 98, which does not exist [dangling-action]",
        f"{m}:{line_of(board, m, '- action: PPB 61')}:21: 'Child Protection and Safeguarding, Sex Offender Management and Domestic Abuse' names PPB 61, which does not exist [dangling-action]",
        "meetings/2014-04-10.yaml:6:7: the file is named for 2014-04-10 but says date 2014-04-11 [meeting-date]",
    ]
    lines = [
        line
        for line in result.out.splitlines()
        if "[not-carried]" not in line and "2014-04-10.yaml" not in line or "meeting-date" in line
    ]
    assert lines == expected
    carried = [line for line in result.out.splitlines() if "[not-carried]" in line]
    assert len(carried) == 8 and all(
        "of 2014-04-10 (`ppb carry-forward 2014-04-10`)" in c for c in carried
    )
    assert result.err == "ppb check: 15 errors, 9 warnings\n"
    assert snapshot(board) == before  # check never writes


def test_json_output_for_editors_and_ci(board: Path, ppb) -> None:
    plant(board)
    records = json.loads(ppb("check", "--format", "json").out)
    assert {"path", "line", "col", "code", "message", "severity"} == set(records[0])
    codes = {r["code"] for r in records}
    assert {
        "duplicate-id",
        "unknown-handle",
        "dangling-see",
        "dangling-action",
        "dangling-meeting",
        "bad-status",
        "bad-date",
        "unknown-key",
        "meeting-date",
        "cut-comment",
        "not-carried",
    } <= codes


def test_warnings_alone_exit_zero(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    path.write_text(path.read_text().replace("  - id: PPB 60\n", "  - id: ppb-60\n"))
    result = ppb("check")
    assert result.code == 0
    assert result.out.endswith("warning: write the id as 'PPB 60' [spelling]\n")


def test_a_file_that_does_not_parse_is_one_problem_and_the_rest_is_still_checked(
    board: Path, ppb
) -> None:
    (board / "meetings" / "2014-04-10.yaml").write_text("date: 2014-04-10\nitems: [\n")
    path = board / "actions.yaml"
    path.write_text(path.read_text().replace("owners: [LA]", "owners: [QQ]"))
    lines = ppb("check").out.splitlines()
    assert any(
        line.startswith("meetings/2014-04-10.yaml:3:1: ") and line.endswith("[yaml-syntax]")
        for line in lines
    )
    assert any("unknown owner 'QQ'" in line for line in lines)


def test_merge_conflict_markers_are_named(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    text = path.read_text()
    at = text.index("  - id: PPB 70")
    path.write_text(
        text[:at] + "<<<<<<< HEAD\n" + text[at:] + "=======\n  - id: PPB 71\n>>>>>>> theirs\n"
    )
    result = ppb("check")
    line = text[:at].count("\n") + 1
    assert (
        result.out
        == f"actions.yaml:{line}:1: unresolved git merge conflict marker; resolve the merge first [merge-conflict]\n"
    )
    assert (
        ppb("open").err
        == f"ppb: actions.yaml:{line}:1: unresolved git merge conflict marker; resolve the merge first\n"
    )


def test_a_large_register_checked_a_run_at_a_time_reports_the_right_lines(
    tmp_path: Path, ppb, monkeypatch
) -> None:
    head = "board:\n  name: B\n  prefix: B\npeople:\n  CC: {}\nactions:\n"
    items = [
        f"  - id: B {n}\n    summary: Action {n}\n    owners: [CC]\n    status: open\n"
        for n in range(1, 1301)
    ]
    items[699] = items[699].replace("status: open", "status: shut")
    items[1099] = items[1099].replace("owners: [CC]", "owners: [CC, XX]")
    items[1249] = items[1249].replace("  - id: B 1250", "  - id: B 3")
    (tmp_path / "actions.yaml").write_text(head + "\n".join(items))
    monkeypatch.chdir(tmp_path)
    text = (tmp_path / "actions.yaml").read_text().splitlines()
    line = {
        needle: text.index(needle) + 1 for needle in ("    status: shut", "    owners: [CC, XX]")
    }
    first3, second3 = [i + 1 for i, t in enumerate(text) if t == "  - id: B 3"]
    assert ppb("check").out.splitlines() == [
        f"actions.yaml:{first3}:9: B 3 is used again at line {second3}; `ppb renumber` fixes one [duplicate-id]",
        f"actions.yaml:{line['    status: shut']}:13: status: unknown status 'shut'; use one of: open, in progress, completed, withdrawn [bad-status]",
        f"actions.yaml:{line['    owners: [CC, XX]']}:18: B 1100: unknown owner 'XX'; add them with `ppb people add` [unknown-handle]",
        f"actions.yaml:{second3}:9: B 3 is used again at line {first3}; `ppb renumber` fixes one [duplicate-id]",
    ]


def test_a_status_that_disagrees_with_the_latest_progress_is_a_warning(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    text = path.read_text()
    at = text.index("  - id: PPB 51")
    path.write_text(
        text[:at] + text[at:].replace("    status: completed\n", "    status: open\n", 1)
    )
    line = line_of(board, "actions.yaml", "- id: PPB 51") + 4
    result = ppb("check")
    assert result.code == 0
    assert result.out == (
        f"actions.yaml:{line}:13: warning: PPB 51: status is 'open' but its latest progress says "
        "'completed'; record changes with `ppb update` [status-mismatch]\n"
    )


def test_a_register_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    from ppb import check
    from ppb.store import Store

    (tmp_path / "actions.yaml").mkdir()  # a folder where the file should be
    problems = check.check(Store(tmp_path))
    assert [(p.path, p.code, p.message) for p in problems] == [
        ("actions.yaml", "not-a-file", "a folder, not a file")
    ]


def test_holders_of_a_post_must_follow_one_another(board: Path, ppb) -> None:
    assert ppb("people", "hold", "T/ACC", "--name", "Liane James", "--from", "2014-06-01").code == 0
    assert ppb("check").code == 0
    text = (board / "actions.yaml").read_text()
    (board / "actions.yaml").write_text(
        text.replace("        to: 2014-05-31\n", "        to: 2014-06-30\n")
    )
    result = ppb("check")
    assert result.code == 1
    line = next(
        i for i, row in enumerate(text.splitlines(), 1) if row == "      - name: Liane James"
    )
    assert result.out == (
        f"actions.yaml:{line}:9: T/ACC: Liane James's period overlaps the one before; each holder "
        "starts after the previous one ends (`ppb people hold` does this) [holder-dates]\n"
    )
