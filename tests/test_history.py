"""The record stays true: no command silently changes what a past meeting says, and every view
agrees on an action's status at every meeting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ppb import history
from ppb.record import Action, Progress
from tests.conftest import snapshot


def statuses_in_show(ppb, meeting: str) -> dict[str, str]:
    shown = json.loads(ppb("meeting", "show", meeting, "-f", "json").out)
    return {e["action"]: e["status"] for e in shown["matters_arising"] if e["action"]}


def open_ids(ppb) -> list[str]:
    return [r["id"] for r in json.loads(ppb("open", "-f", "json").out)]


# 1. An action raised between meetings


def test_an_action_added_between_meetings_never_enters_an_earlier_meetings_minutes(
    board: Path, ppb
) -> None:
    march = ppb("minutes", "2014-03-13").out
    added = ppb("add", "CC to brief the panel", "--owner", "CC")
    assert (added.code, added.out) == (0, "PPB 71\n")
    assert ppb("minutes", "2014-03-13").out == march
    record = json.loads(ppb("show", "71", "-f", "json").out)
    assert record["raised"] is None and record["raised_on"] == dt.date.today().isoformat()
    assert "PPB 71" not in ppb("check").out


def test_an_action_added_between_meetings_appears_from_the_next_meeting_on(
    board: Path, ppb
) -> None:
    assert ppb("add", "CC to brief the panel", "-o", "CC", "--on", "2014-03-20").out == "PPB 71\n"
    assert "PPB 71" not in ppb("minutes", "2014-03-13").out
    carried = ppb("carry-forward", "2014-04-10")
    assert "PPB 71" in carried.out
    assert "| PPB 71 | CC to brief the panel | Open |" in ppb("minutes", "2014-04-10").out


def test_an_action_is_raised_at_a_meeting_or_on_a_day_not_both(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("add", "CC to brief", "-o", "CC", "--on", "2014-03-20", "-m", "2014-03-13")
    assert (result.code, result.err) == (
        2,
        "ppb: --on and --meeting: an action is raised at a meeting, or on a day between meetings\n",
    )
    assert snapshot(board) == before


def test_add_without_an_owner_is_refused_unless_said(board: Path, ppb) -> None:
    before = snapshot(board)
    refused = ppb("add", "Someone to do something", "--meeting", "2014-03-13")
    assert refused.code == 2
    assert refused.err == (
        "ppb: give --owner (a handle, alias or name), or --no-owner for an action nobody owns yet\n"
    )
    assert snapshot(board) == before
    accepted = ppb("add", "Someone to do something", "--no-owner", "--meeting", "2014-03-13")
    assert accepted.code == 0 and json.loads(ppb("show", "71", "-f", "json").out)["owners"] == []
    both = ppb("add", "x", "--no-owner", "--owner", "CC")
    assert both.code == 2


# 2. A late progress entry


def test_a_back_dated_entry_keeps_every_view_on_the_latest_progress(board: Path, ppb) -> None:
    for meeting in ("2014-04-10", "2014-05-08"):
        assert ppb("carry-forward", meeting).code == 0
    ppb("update", "60", "-s", "in progress", "-n", "draft seen", "-m", "2014-05-08")
    late = ppb("update", "60", "-s", "completed", "-n", "late entry", "-m", "2014-04-10")
    assert late.code == 0
    assert late.out == (
        "PPB 60: Completed – late entry (at 2014-04-10); its status stays In progress, "
        "from 2014-05-08\n"
    )
    assert "PPB 60" in open_ids(ppb)
    assert json.loads(ppb("show", "60", "-f", "json").out)["status"] == "in progress"
    assert statuses_in_show(ppb, "2014-05-08")["PPB 60"] == "in progress"
    assert statuses_in_show(ppb, "2014-04-10")["PPB 60"] == "completed"
    may = ppb("minutes", "2014-05-08").out
    assert "| PPB 60 |" in may and "In progress – draft seen" in may
    assert "PPB 60" in ppb("carry-forward", "2014-06-12").out
    assert "status-mismatch" not in ppb("check").out


def test_the_status_field_is_what_the_latest_progress_says(board: Path, ppb) -> None:
    """A hand edit of `status:` alone does not change what any view says; check warns."""
    path = board / "actions.yaml"
    text = path.read_text()
    at = text.index("  - id: PPB 56")
    end = text.index("  - id: PPB 57")
    block = text[at:end].replace("    status: in progress", "    status: completed", 1)
    assert block != text[at:end]
    path.write_text(text[:at] + block + text[end:])
    assert "PPB 56" in open_ids(ppb)
    assert "status-mismatch" in ppb("check").out


# 3. Progress at a meeting held before the action existed


def test_progress_before_the_action_was_raised_is_refused(board: Path, ppb) -> None:
    ppb("meeting", "new", "2014-04-10")
    assert ppb("add", "New thing", "-o", "CC", "-m", "2014-04-10").out == "PPB 71\n"
    before = snapshot(board)
    refused = ppb("update", "71", "-s", "completed", "-m", "2014-03-13")
    assert refused.code == 1
    assert refused.err == (
        "ppb: PPB 71 was raised at 2014-04-10; progress cannot be given at 2014-03-13, "
        "before it existed\n"
    )
    dated = ppb("update", "71", "-s", "completed", "--date", "2014-04-01")
    assert dated.code == 1 and "before it existed" in dated.err
    assert snapshot(board) == before


# 4. A second entry at the same meeting


def test_a_status_only_entry_at_the_same_meeting_keeps_the_note_in_the_minutes(
    board: Path, ppb
) -> None:
    ppb("carry-forward", "2014-04-10")
    ppb("update", "60", "-s", "in progress", "-n", "hate crime report drafted", "-m", "2014-04-10")
    ppb("update", "60", "-s", "in progress", "-m", "2014-04-10")
    april = ppb("minutes", "2014-04-10").out
    assert "In progress – hate crime report drafted" in april
    shown = json.loads(ppb("meeting", "show", "2014-04-10", "-f", "json").out)
    entry = next(e for e in shown["matters_arising"] if e["action"] == "PPB 60")
    assert entry["progress"] == "In progress – hate crime report drafted"


# 7. check that does not mislead


def test_one_typo_in_a_meeting_is_one_error(board: Path, ppb) -> None:
    ppb("carry-forward", "2014-04-10")
    for n in (50, 52, 56):
        ppb("update", str(n), "-n", "noted", "-m", "2014-04-10")
    path = board / "meetings" / "2014-04-10.yaml"
    path.write_text(path.read_text().replace("items:", "itmes:"))
    result = ppb("check")
    errors = [line for line in result.out.splitlines() if "warning:" not in line]
    assert len(errors) == 1 and "unknown key 'itmes'" in errors[0], result.out


def test_a_departure_after_nothing_is_an_error(board: Path, ppb) -> None:
    path = board / "meetings" / "2014-03-13.yaml"
    text = path.read_text()
    path.write_text(text.replace("after: PPB 65", "after: PPB 999", 1))
    result = ppb("check")
    assert result.code == 1 and "[dangling-departure]" in result.out
    assert "after PPB 999, which is neither an action nor an item of this meeting" in result.out


def test_an_unknown_action_in_the_opening_is_reported_not_a_crash(board: Path, ppb) -> None:
    path = board / "meetings" / "2014-03-13.yaml"
    text = path.read_text()
    path.write_text(text.replace("opening:\n", "opening:\n  - action: PPB 999\n", 1))
    assert ppb("minutes", "2014-03-13").code == 0
    result = ppb("check")
    assert "opening names PPB 999, which does not exist [dangling-action]" in result.out


def test_an_ambiguous_id_is_not_acted_on(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    path.write_text(path.read_text() + "  - id: PPB 60\n    summary: Twin\n    status: open\n")
    before = snapshot(board)
    for args in (("show", "60"), ("update", "60", "-n", "x"), ("close", "60")):
        result = ppb(*args)
        assert result.code == 1 and "PPB 60 is used by 2 actions" in result.err, args
        assert "ppb renumber" in result.err
    assert snapshot(board) == before


def test_an_unclosed_quote_is_reported_where_it_opens(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    text = path.read_text()
    at = text.index("summary: T/ACC to inform OPCC")
    path.write_text(
        text[:at]
        + 'summary: "T/ACC to inform OPCC'
        + text[at + len("summary: T/ACC to inform OPCC") :]
    )
    line = text[:at].count("\n") + 1
    result = ppb("check")
    assert result.out.startswith(f"actions.yaml:{line}:14: "), result.out


def test_check_says_what_it_checked_when_all_is_well(board: Path, ppb) -> None:
    result = ppb("check")
    assert (result.code, result.out, result.err) == (0, "", "ppb check: 2 files, no problems\n")


# 8. A fresh board


def test_carry_forward_on_a_fresh_board_says_what_it_did(tmp_path: Path, ppb, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "--board", "Audit Committee", "--prefix", "AC").code == 0
    ppb("people", "add", "CC")
    result = ppb("carry-forward", "2014-06-01")
    assert result.code == 0
    assert (
        result.out == "Created meetings/2014-06-01.yaml; no actions were open to carry forward.\n"
    )
    again = ppb("meeting", "new", "2014-06-01")
    assert again.code == 0
    assert again.out == "meetings/2014-06-01.yaml already exists; nothing was changed\n"
    ppb("add", "CC to report", "-o", "CC", "--on", "2014-05-01")
    assert ppb("carry-forward", "2014-06-01").out == "Carried forward 1 action: AC 1\n"


# 9. Owner changes


def test_a_reassignment_is_an_entry_of_history(board: Path, ppb) -> None:
    ppb("meeting", "new", "2014-04-10")
    result = ppb("update", "62", "--owner", "CC", "-m", "2014-04-10")
    assert result.code == 0
    record = json.loads(ppb("show", "62", "-f", "json").out)
    assert record["owners"] == ["CC"]
    last = record["history"][-1]
    assert (last["date"], last["meeting"], last["status"]) == ("2014-04-10", "2014-04-10", "open")
    assert last["owners"] == ["CC"] and last["note"] == "reassigned from T/ACC to CC"
    assert "reassigned from T/ACC to CC" in ppb("show", "62").out


# Ageing: carried, worked out over runs of history, is what status as at each meeting says

DAYS = [f"2014-0{m}-{d:02d}" for m in range(3, 8) for d in (1, 10, 20)]
MEETINGS = st.sampled_from(DAYS).flatmap(lambda d: st.sampled_from([d, f"{d}-2"]))
STATUSES = st.sampled_from(["open", "in progress", "completed", "withdrawn"])
ENTRY = st.tuples(st.sampled_from(DAYS), st.one_of(st.none(), MEETINGS), STATUSES)


@given(
    held=st.sets(MEETINGS, max_size=8),
    raised=st.one_of(st.none(), MEETINGS),
    raised_on=st.one_of(st.none(), st.sampled_from(DAYS)),
    entries=st.lists(ENTRY, max_size=6),
)
def test_carried_counts_the_held_meetings_it_came_to_open(
    held: set[str], raised: str | None, raised_on: str | None, entries: list
) -> None:
    rows = tuple(Progress(m[:10] if m else d, m, s, None, None) for d, m, s in entries)
    action = Action("PPB 1", "x", (), "open", raised, None if raised else raised_on, None, None,
                    (), None, None, rows)  # fmt: skip
    naive = sum(
        1
        for m in held
        if history.raised_before(action, m)
        and history.status_at(action, m, before=True) in ("open", "in progress")
    )
    assert history.carried_to(action, history.held_keys(held, "9999")) == naive


def _counted(action: Action, meeting_id: str, held: list[str]) -> int:
    """How often it was carried, meeting by meeting: what `Carrying` must answer."""
    here = history.meeting_key(meeting_id)
    if action.raised is None and action.raised_on is not None:
        return sum(
            1
            for m in {*held, meeting_id}
            if action.raised_on < m[:10] and history.meeting_key(m) <= here
        )
    if action.raised is None:  # raised before the log began: count from its first progress
        seen = [e.meeting for e in action.history if e.meeting]
        if not seen:
            return 1
        first = history.meeting_key(min(seen, key=history.meeting_key))
        return 1 + sum(1 for m in held if first <= history.meeting_key(m) < here)
    start = history.meeting_key(action.raised)
    return sum(1 for m in {*held, meeting_id} if start < history.meeting_key(m) <= here)


_DAYS = st.dates(dt.date(2014, 1, 1), dt.date(2014, 3, 31)).map(dt.date.isoformat)
_MEETINGS = st.builds(lambda day, n: day if n == 1 else f"{day}-{n}", _DAYS, st.integers(1, 12))


@settings(max_examples=300, deadline=None)
@given(
    held=st.lists(_MEETINGS, max_size=12, unique=True),
    meeting=_MEETINGS,
    raised=st.none() | _MEETINGS,
    raised_on=st.none() | _DAYS,
    seen=st.lists(st.tuples(_DAYS, st.none() | _MEETINGS), max_size=4),
)
def test_carrying_many_actions_counts_as_carried_does(
    held: list[str], meeting: str, raised: str | None, raised_on: str | None,
    seen: list[tuple[str, str | None]],
) -> None:  # fmt: skip
    entries = tuple(Progress(d, m, "open", None, None, None) for d, m in seen)
    action = Action(
        "PPB 1", "S", ("CC",), "open", raised, raised_on, None, None, (), None, None, entries,
        None,
    )  # fmt: skip
    assert history.Carrying(meeting, held)(action) == _counted(action, meeting, held)
