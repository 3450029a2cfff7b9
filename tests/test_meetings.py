"""Meetings: starting one, carry-forward into Matters Arising, progress as at a meeting, decisions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ppb import history, record
from tests.conftest import snapshot

OPEN_AT_APRIL = ["PPB 50", "PPB 52", "PPB 53", "PPB 56", "PPB 57", "PPB 59"] + [
    f"PPB {n}" for n in range(60, 71)
]


def arising(board: Path, meeting: str) -> list[str | None]:
    from ppb.store import Store

    return [
        getattr(e, "action", None) for e in Store(board).meeting(meeting, "PPB").matters_arising
    ]


def test_carry_forward_lists_exactly_the_seventeen_open_actions(board: Path, ppb) -> None:
    result = ppb("carry-forward", "2014-04-10")
    assert result.code == 0, result.err
    assert result.out == (
        f"Created meetings/2014-04-10.yaml\nCarried forward 17 actions: {', '.join(OPEN_AT_APRIL)}\n"
    )
    assert arising(board, "2014-04-10") == OPEN_AT_APRIL
    text = (board / "meetings" / "2014-04-10.yaml").read_text()
    assert (
        "  - action: PPB 56\n    # T/ACC · In progress – paper to be sent to OPCC (2014-03-13) · carried 2 times\n"
        in text
    )
    assert "  - action: PPB 67\n    # CG, Dafydd Llewelyn · Open · carried 1 time\n" in text


def test_carry_forward_twice_changes_no_byte(board: Path, ppb) -> None:
    ppb("carry-forward", "2014-04-10")
    before = snapshot(board)
    result = ppb("carry-forward", "2014-04-10")
    assert (result.code, result.out) == (
        0,
        "Matters Arising of 2014-04-10 already lists every open action.\n",
    )
    assert snapshot(board) == before


def test_hand_edits_survive_a_run_that_adds_a_new_action(board: Path, ppb) -> None:
    ppb("carry-forward", "2014-04-10")
    path = board / "meetings" / "2014-04-10.yaml"
    text = path.read_text()
    text = text.replace(
        "  - action: PPB 60\n",
        "  # Chief Constable to report in person\n  - action: PPB 60\n    text: The CC gave an update.\n",
    )
    text = text.replace(
        "matters_arising:\n", "matters_arising:\n  - The PCC welcomed the new Chief Executive.\n"
    )
    path.write_text(text)
    assert ppb("add", "A newly raised action", "-o", "CC", "-m", "2014-03-13").out == "PPB 71\n"
    result = ppb("carry-forward", "2014-04-10")
    assert result.out == "Carried forward 1 action: PPB 71\n"
    after = path.read_text()
    assert after.startswith(text.split("  - action: PPB 70")[0])
    assert (
        "  # Chief Constable to report in person\n  - action: PPB 60\n    text: The CC gave an update.\n"
        in after
    )
    assert after.endswith(
        "  - action: PPB 71\n    # CC · Open · carried 1 time\n    # A newly raised action\nitems: []\nother_business: []\n"
    )
    assert arising(board, "2014-04-10") == [None, *OPEN_AT_APRIL, "PPB 71"]


def test_new_entries_go_in_number_order(board: Path, ppb) -> None:
    ppb("meeting", "new", "2014-04-10")
    path = board / "meetings" / "2014-04-10.yaml"
    path.write_text(
        path.read_text().replace(
            "matters_arising: []\n",
            "matters_arising:\n  - action: PPB 59\n  - Free discussion.\n  - action: PPB 66\n",
        )
    )
    ppb("carry-forward", "2014-04-10")
    ids = [a for a in arising(board, "2014-04-10")]
    assert ids[:5] == ["PPB 50", "PPB 52", "PPB 53", "PPB 56", "PPB 57"]
    assert ids.count("PPB 59") == 1 and ids.count("PPB 66") == 1
    numbers = [int(a.split()[1]) for a in ids if a]
    assert numbers == sorted(numbers)


def test_dry_run_shows_a_diff_and_writes_nothing(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("carry-forward", "2014-04-10", "--dry-run")
    assert result.code == 0
    assert result.out.startswith("--- /dev/null\n+++ b/meetings/2014-04-10.yaml\n")
    assert "+  - action: PPB 70\n" in result.out
    assert snapshot(board) == before


def test_meeting_new_takes_attendance_and_venue_from_the_previous_meeting(board: Path, ppb) -> None:
    result = ppb("meeting", "new", "2014-05-08", "--time", "14.00 – 16.00")
    assert (result.code, result.out) == (0, "meetings/2014-05-08.yaml\n")
    record = json.loads(ppb("meeting", "show", "2014-05-08", "-f", "json").out)
    assert record["venue"] == "Police Headquarters" and record["time"] == "14.00 – 16.00"
    assert [p["handle"] for p in record["attendance"]["members"]] == ["PCC", "CC", "DoF", "DPCC"]
    again = ppb("meeting", "new", "2014-05-08")
    assert (again.code, again.out) == (
        0,
        "meetings/2014-05-08.yaml already exists; nothing was changed\n",
    )
    moved = ppb("meeting", "new", "2014-05-08", "--venue", "Llangunnor")
    assert moved.code == 1 and "a second meeting that day is 2014-05-08-2" in moved.err
    assert ppb("meeting", "new", "2014-05-08-2").code == 0
    listed = json.loads(ppb("meeting", "list", "-f", "json").out)
    assert [m["id"] for m in listed] == ["2014-03-13", "2014-05-08", "2014-05-08-2"]
    assert listed[0]["raised"] == [f"PPB {n}" for n in range(60, 71)]


def test_progress_at_a_later_meeting_leaves_earlier_minutes_as_they_were(board: Path, ppb) -> None:
    march = ppb("minutes", "2014-03-13").out
    ppb("carry-forward", "2014-04-10")
    result = ppb(
        "update",
        "56",
        "--status",
        "Completed",
        "--note",
        "report published",
        "--meeting",
        "2014-04-10",
    )
    assert result.code == 0, result.err
    april = ppb("minutes", "2014-04-10").out
    assert (
        "| PPB 56 | T/ACC to inform OPCC of developments regarding rape reporting to assist in informing commissioning requirements | Completed – report published |"
        in april
    )
    assert ppb("minutes", "2014-03-13").out == march
    shown = json.loads(ppb("meeting", "show", "2014-04-10", "-f", "json").out)
    entry = next(e for e in shown["matters_arising"] if e["action"] == "PPB 56")
    assert entry["status"] == "completed" and entry["progress"] == "Completed – report published"
    march_view = json.loads(ppb("meeting", "show", "2014-03-13", "-f", "json").out)
    assert (
        next(e for e in march_view["matters_arising"] if e["action"] == "PPB 56")["status"]
        == "in progress"
    )
    # and a completed action is not carried to the next meeting
    ppb("carry-forward", "2014-05-08")
    assert "PPB 56" not in arising(board, "2014-05-08")


def test_status_as_at_a_meeting_follows_the_dated_history() -> None:
    row = record.action(("PPB 1", "s", (), "completed", None, None, None, None, (), False, None,
           (("2014-03-13", "2014-03-13", "in progress", None, None),
            ("2014-03-20", None, "completed", "done", None))))  # fmt: skip
    assert history.status_at(row, "2014-03-01") == "open"
    assert history.status_at(row, "2014-03-13") == "in progress"
    assert history.status_at(row, "2014-03-13", before=True) == "open"
    assert history.status_at(row, "2014-04-10") == "completed"
    assert history.open_at(row, "2014-03-19") and not history.open_at(row, "2014-04-10")
    assert (
        history.meeting_key("2014-03-13-10")
        > history.meeting_key("2014-03-13-2")
        > history.meeting_key("2014-03-13")
    )


def test_decisions_are_listed(board: Path, ppb) -> None:
    records = json.loads(ppb("decisions", "-f", "json").out)
    assert records == [{
        "meeting": "2014-03-13",
        "item": "Performance Report relating to protecting vulnerable people › Child Protection and Safeguarding, Sex Offender Management and Domestic Abuse",
        "decision": "It was agreed that protecting vulnerable people should be the focus of partnership discussions.",
        "restricted": False,
        "reason": None,
    }]  # fmt: skip
    assert "It was agreed that protecting vulnerable people" in ppb("minutes", "2014-03-13").out
    assert ppb("decisions", "--meeting", "2014-03-13").code == 0


def test_meeting_show_table_and_markdown(board: Path, ppb) -> None:
    out = ppb("meeting", "show", "2014-03-13").out
    assert "Christopher Salmon (PCC)" in out and "PPB 60–70" in out and "Hate Crime" in out
    md = ppb("meeting", "show", "2014-03-13", "-f", "md").out
    assert md.startswith("## Meeting 2014-03-13\n") and "| PPB 50 |" in md


def test_carry_forward_keeps_a_crlf_meeting_file_crlf(board: Path, ppb) -> None:
    ppb("meeting", "new", "2014-04-10")
    path = board / "meetings" / "2014-04-10.yaml"
    raw = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    assert ppb("carry-forward", "2014-04-10").code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n  - action: PPB 50\r\n" in after
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_a_later_run_brings_ppb_s_notes_up_to_date_and_leaves_a_person_s_alone(
    board: Path, ppb
) -> None:
    ppb("carry-forward", "2014-04-10")
    path = board / "meetings" / "2014-04-10.yaml"
    text = path.read_text()
    text = text.replace(
        "    # CC · Open · carried 1 time\n    # CC to raise IDVA",
        "    # Chased by email on 1 April\n    # CC to raise IDVA",
    )  # a person's note now
    path.write_text(text)
    ppb("update", "60", "--note", "report drafted", "--date", "2014-04-01")
    ppb("update", "64", "--note", "letter sent", "--date", "2014-04-02")
    result = ppb("carry-forward", "2014-04-10")
    assert result.out == "Brought up to date the notes on PPB 60\n"
    after = path.read_text()
    assert (
        "  - action: PPB 60\n    # CC · Open – report drafted (2014-04-01) · carried 1 time\n"
        in after
    )
    assert "    # Chased by email on 1 April\n    # CC to raise IDVA" in after
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [
        (
            "    # CC · Open · carried 1 time",
            "    # CC · Open – report drafted (2014-04-01) · carried 1 time",
        )
    ]
    before = snapshot(board)
    assert (
        ppb("carry-forward", "2014-04-10").out
        == "Matters Arising of 2014-04-10 already lists every open action.\n"
    )
    assert snapshot(board) == before


# The meetings' facts, kept by each file's digest


def test_a_meeting_edit_that_keeps_size_and_mtime_is_still_seen(board: Path, ppb) -> None:
    """The twin of the register's test: the cache of meetings' facts is never stale."""
    first = json.loads(ppb("meeting", "list", "--format", "json").out)
    assert (board / ".ppb" / "meetings.cache").exists()
    path = board / "meetings" / "2014-03-13.yaml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "Police Headquarters" in text
    path.write_text(text.replace("Police Headquarters", "Police Headquartrs!"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    again = json.loads(ppb("meeting", "list", "--format", "json").out)
    assert first[0]["venue"] != again[0]["venue"]
    assert "Police Headquartrs!" in again[0]["venue"]


def test_listings_of_meetings_are_served_from_the_cache_and_equal_a_fresh_parse(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.store import register

    for day in ("2014-04-10", "2014-05-08"):
        assert ppb("carry-forward", day).code == 0
    path = board / "meetings" / "2014-03-13.yaml"
    text = path.read_text(encoding="utf-8")
    secret = "          - decision: The board agreed the undercover budget.\n            restricted: true\n            reason: FOI s31\n"
    path.write_text(
        text.replace("          - action: PPB 64\n", secret + "          - action: PPB 64\n"),
        encoding="utf-8",
    )
    fresh = [ppb(*c, "--format", "json").out for c in (["meeting", "list"], ["decisions"])]
    public = ppb("decisions", "--public", "--format", "json").out
    parsed: list[str] = []
    real = register.parse_meeting
    monkeypatch.setattr(
        register, "parse_meeting", lambda t, s, p: parsed.append(s) or real(t, s, p)
    )
    cached = [ppb(*c, "--format", "json").out for c in (["meeting", "list"], ["decisions"])]
    assert cached == fresh and parsed == []  # nothing parsed again
    assert ppb("decisions", "--public", "--format", "json").out == public
    assert "undercover" in fresh[1] and "undercover" not in public
    assert [d["restricted"] for d in json.loads(public)] == [False, True]


def test_a_forged_meetings_cache_is_not_used(board: Path, ppb) -> None:
    fresh = ppb("meeting", "list", "--format", "json").out
    cache_file = board / ".ppb" / "meetings.cache"
    data = cache_file.read_bytes()
    assert b"Police Headquarters" in data
    cache_file.write_bytes(data.replace(b"Police Headquarters", b"Forged Headquarters"))
    assert ppb("meeting", "list", "--format", "json").out == fresh


def test_an_invalid_meeting_is_an_error_however_often_listed(board: Path, ppb) -> None:
    assert ppb("meeting", "list").code == 0
    path = board / "meetings" / "2014-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date:", "dat:", 1), encoding="utf-8")
    for _ in range(2):
        result = ppb("meeting", "list")
        assert result.code == 1 and "2014-03-13.yaml" in result.err


def _open_actions(board: Path, numbers: range) -> None:
    """More open actions on the board, raised at its one meeting, CC's."""
    register = board / "actions.yaml"
    more = "".join(
        f"\n  - id: PPB {n}\n    summary: CC to report on item {n}\n    owners: [CC]\n"
        f"    raised: 2014-03-13\n    status: open\n"
        for n in numbers
    )
    register.write_text(register.read_text(encoding="utf-8") + more, encoding="utf-8")


def test_ppb_never_writes_a_meeting_larger_than_it_reads(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """carry-forward of thousands of open actions made a meeting file over the limit of
    what ppb reads, which every later command then refused: now refused before writing."""
    from ppb.store import files

    _open_actions(board, range(100, 300))
    monkeypatch.setattr(files, "MAX_MEETING", 20_000)  # the one meeting is 17,301 bytes
    before = sorted(p.name for p in (board / "meetings").iterdir())
    result = ppb("carry-forward", "2014-04-10")
    assert result.code == 1, result.out
    assert "2014-04-10.yaml: would be" in result.err
    assert "more than ppb reads (20,000)" in result.err and "nothing was written" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert sorted(p.name for p in (board / "meetings").iterdir()) == before
    assert ppb("meeting", "list").code == 0


def test_a_meeting_can_hold_the_matters_arising_of_the_largest_register() -> None:
    """What carry-forward writes for a register at ppb's limit (two comment lines and an
    entry of about 200 bytes for each of 200,000 open actions) is a meeting ppb reads."""
    from ppb.store import files

    assert files.MAX_MEETING >= 200 * (files.MAX_REGISTER // 320)  # 320 bytes an action


def test_carrying_thousands_forward_names_the_first_and_counts_the_rest(board: Path, ppb) -> None:
    _open_actions(board, range(100, 300))
    out = ppb("carry-forward", "2014-04-10").out
    assert "Carried forward 217 actions: PPB 50, PPB 52" in out
    assert out.rstrip().endswith("… and 187 more") and "PPB 299" not in out


def test_no_meetings_cache_is_read_through_a_state_folder_that_is_a_link(
    board: Path, ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.store import cache

    outside = tmp_path / "outside"
    outside.mkdir()
    (board / ".ppb").symlink_to(outside)
    read: list[str] = []
    real = cache.read
    monkeypatch.setattr(
        cache,
        "read",
        lambda state, *a, **k: read.append(a[1] if len(a) > 1 else "") or real(state, *a, **k),
    )
    assert ppb("meeting", "list", "--format", "json").code == 0
    assert cache.MEETINGS not in read and list(outside.iterdir()) == []
