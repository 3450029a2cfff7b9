"""Property: whatever the secretary does, in whatever order, the record of the past stays true.

Random sequences of add / update / close / carry-forward / meeting new over several
meetings, run through the real command line on a copy of the embedded board. After every
command: the minutes of every meeting held before it are byte-identical; `open` is what an
independent model of the history says is open now; carrying forward to a new meeting lists
exactly what `open` lists; and `meeting show` agrees with the model on every action's
status at every meeting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ppb import cli

ROOT = Path(__file__).resolve().parent.parent
FIRST = dt.date(2014, 3, 13)
STATUSES = ["open", "in progress", "completed", "withdrawn"]
LATE = 1 << 30  # an entry between meetings stands after the meetings of its day

step = st.one_of(
    st.tuples(st.just("meeting"), st.integers(1, 40)),
    st.tuples(st.just("add"), st.booleans(), st.integers(0, 30)),
    st.tuples(
        st.just("update"), st.integers(0, 3), st.sampled_from(STATUSES),
        st.sampled_from([None, "chased", "report drafted"]), st.booleans(),
    ),
    st.tuples(st.just("carry")),
)  # fmt: skip


def run(board: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.run(["--dir", str(board), *args])
    return code, out.getvalue()


class Model:
    """What the history says, kept independently of ppb: entries by (point, order)."""

    def __init__(self, board: Path) -> None:
        records = json.loads(run(board, "list", "-f", "json")[1])
        self.entries: dict[str, list[tuple[tuple[str, int], int, str]]] = {}
        self.raised: dict[str, tuple[str, int] | None] = {}
        self.order = 0
        for r in records:
            self.raised[r["id"]] = (r["raised"], 1) if r["raised"] else None
            self.entries[r["id"]] = []
            for e in r["history"]:
                self.record(
                    r["id"], (e["meeting"], 1) if e["meeting"] else (e["date"], LATE), e["status"]
                )

    def record(self, action: str, point: tuple[str, int], status: str) -> None:
        self.order += 1
        self.entries.setdefault(action, []).append((point, self.order, status))

    def status_at(self, action: str, point: tuple[str, int] | None) -> str:
        given = [e for e in self.entries[action] if point is None or e[0] <= point]
        return max(given)[2] if given else "open"

    def open_now(self) -> set[str]:
        return {a for a in self.entries if self.status_at(a, None) in ("open", "in progress")}


def minutes(board: Path, meetings: list[str]) -> dict[str, str]:
    return {m: run(board, "minutes", m)[1] for m in meetings}


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=10))
@example(steps=[("update", 0, "completed", None, False), ("update", 0, "open", None, True)])  # late
@example(steps=[("meeting", 7), ("add", False, 0), ("carry",), ("meeting", 7), ("carry",)])
@example(
    steps=[("update", 1, "in progress", "chased", True), ("update", 1, "in progress", None, True)]
)
def test_the_past_stays_as_minuted_and_every_view_agrees(steps: list[tuple]) -> None:
    board = Path(tempfile.mkdtemp(prefix="ppb-history-"))
    try:
        shutil.copy(ROOT / "actions.yaml", board / "actions.yaml")
        shutil.copytree(ROOT / "meetings", board / "meetings")
        model = Model(board)
        meetings, today = [FIRST.isoformat()], FIRST + dt.timedelta(days=1)
        for action in steps:
            before = minutes(board, meetings)
            point = _apply(board, model, meetings, action, today)
            today = max(today, dt.date.fromisoformat(meetings[-1]) + dt.timedelta(days=1))
            after = minutes(board, [m for m in before if (m, 1) < point])
            assert after == {m: before[m] for m in after}, action
            _views_agree(board, model, meetings)
    finally:
        shutil.rmtree(board)


def _apply(
    board: Path, model: Model, meetings: list[str], action: tuple, today: dt.date
) -> tuple[str, int]:
    """Run one step; return the point in time it stands at."""
    latest = meetings[-1]
    if action[0] == "meeting":
        day = (dt.date.fromisoformat(latest) + dt.timedelta(days=action[1])).isoformat()
        assert run(board, "meeting", "new", day)[0] == 0
        meetings.append(day)
        return day, 1
    if action[0] == "carry":
        assert run(board, "carry-forward", latest)[0] == 0
        return latest, 1
    if action[0] == "add":
        at_meeting, days = action[1], action[2]
        if at_meeting:
            code, out = run(board, "add", "Raised at a meeting", "-o", "CC", "-m", latest)
            raised: tuple[str, int] = (latest, 1)
        else:
            day = (today + dt.timedelta(days=days)).isoformat()
            code, out = run(board, "add", "Raised between meetings", "-o", "CC", "--on", day)
            raised = (day, LATE)  # stands after that day's meetings
        assert code == 0
        model.raised[out.strip()] = raised
        model.entries[out.strip()] = []
        return raised
    _, number, status, note, at_meeting = action
    ids = sorted(model.entries, key=lambda i: int(i.split()[1]))
    target = ids[-1 - number % len(ids)]  # the latest few: so that one action gets several entries
    args = ["update", target, "-s", status] + (["-n", note] if note else [])
    raised_at = model.raised[target]
    if at_meeting:
        point = (latest, 1)
        args += ["-m", latest]
    else:
        point = (today.isoformat(), LATE)
        args += ["--date", today.isoformat()]
    code, _ = run(board, *args)
    if raised_at is not None and point < raised_at:
        assert code == 1  # progress before the action existed is refused
        return ("9999-12-31", 9)
    assert code == 0
    model.record(target, point, status)
    return point


def _views_agree(board: Path, model: Model, meetings: list[str]) -> None:
    listed = {r["id"] for r in json.loads(run(board, "open", "-f", "json")[1])}
    assert listed == model.open_now()
    future = (dt.date.fromisoformat(meetings[-1]) + dt.timedelta(days=3650)).isoformat()
    diff = run(board, "carry-forward", future, "--dry-run")[1]
    carried = set(re.findall(r"^\+ *- action: (.+)$", diff, re.MULTILINE))
    assert carried == listed
    for meeting in meetings:
        shown = json.loads(run(board, "meeting", "show", meeting, "-f", "json")[1])
        for entry in shown["matters_arising"]:
            if entry["action"] and "status" in entry:
                assert entry["status"] == model.status_at(entry["action"], (meeting, 1)), meeting
