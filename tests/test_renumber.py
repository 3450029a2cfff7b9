"""ppb renumber: a new id, and every structured reference follows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import snapshot

ROOT = Path(__file__).resolve().parent.parent


def test_renumber_follows_see_and_meeting_references(board: Path, ppb) -> None:
    before = (board / "actions.yaml").read_text()
    result = ppb("renumber", "56", "80")
    assert result.code == 0, result.err
    assert result.out == (
        "PPB 56 is now PPB 80\n  PPB 59: see PPB 80\n  meetings/2014-03-13.yaml: references updated\n"
        "  PPB 59: a note mentions PPB 56 in words; left as written\n"
    )
    after = (board / "actions.yaml").read_text()
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("  - id: PPB 56", "  - id: PPB 80"),
        ("    see: [PPB 56]", "    see: [PPB 80]"),
    ]
    assert json.loads(ppb("show", "80", "-f", "json").out)["summary"].startswith(
        "T/ACC to inform OPCC"
    )
    assert ppb("show", "56").code == 1
    meeting = (board / "meetings" / "2014-03-13.yaml").read_text()
    assert "  - action: PPB 80\n    text: The T/ACC provided" in meeting and "PPB 56" not in meeting
    assert ppb("check").out == ""


def test_renumber_to_the_next_free_number_and_refusals(board: Path, ppb) -> None:
    assert ppb("renumber", "67").out.startswith("PPB 67 is now PPB 71\n")
    meeting = yaml.safe_load((board / "meetings" / "2014-03-13.yaml").read_text())
    assert meeting["departures"][1] == {"who": "T/ACC", "after": "PPB 71"}
    untouched = snapshot(board)
    assert (
        ppb("renumber", "60", "61").err
        == "ppb: PPB 61 is taken; choose a free number (or leave NEW out for the next one)\n"
    )
    assert ppb("renumber", "99").code == 1
    assert ppb("renumber", "60", "XX 1").code == 2
    assert snapshot(board) == untouched


def test_renumber_a_duplicated_id_changes_the_last_one_only(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    path.write_text(
        path.read_text()
        + "\n  - id: PPB 70\n    summary: Raised on another branch\n    owners: [CC]\n    raised:\n    status: open\n"
    )
    assert "[duplicate-id]" in ppb("check").out
    result = ppb("renumber", "70")
    assert (
        result.out
        == "PPB 70 is now PPB 71\n  PPB 70 was used twice: the last one was renumbered; check references by hand\n"
    )
    records = {r["id"]: r["summary"] for r in json.loads(ppb("list", "-f", "json").out)}
    assert (
        records["PPB 70"].startswith("LA to forward")
        and records["PPB 71"] == "Raised on another branch"
    )
    assert ppb("check").code == 0


KILL_AT = """
import os, signal, sys
from ppb import cli
calls = [0]
def deadly(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
os.replace, os.fsync = deadly(os.replace), deadly(os.fsync)
sys.exit(cli.run(["renumber", "56", "80"]))
"""


def _state(board: Path) -> str:
    """'old' or 'new' if the register and the meeting agree on PPB 56's id, else 'torn'."""
    register = (board / "actions.yaml").read_text()
    meeting = (board / "meetings" / "2014-03-13.yaml").read_text()
    old = "- id: PPB 56\n" in register and "- action: PPB 56\n" in meeting
    new = "- id: PPB 80\n" in register and "- action: PPB 80\n" in meeting
    return "old" if old and not new else "new" if new and not old else "torn"


@pytest.mark.slow
def test_a_renumber_killed_at_any_point_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    """SIGKILL at every rename and fsync: the next command sees all of it or none of it."""
    import shutil
    import subprocess
    import sys

    seen = set()
    for point in range(1, 40):  # every rename and fsync, then one past the last
        board = tmp_path / f"b{point}"
        board.mkdir()
        shutil.copy(ROOT / "actions.yaml", board / "actions.yaml")
        shutil.copytree(ROOT / "meetings", board / "meetings")
        run = subprocess.run([sys.executable, "-c", KILL_AT, str(point)], cwd=board,
                             capture_output=True, text=True, check=False)  # fmt: skip
        shown = subprocess.run([sys.executable, "-m", "ppb", "show", "80", "-f", "json"],
                               cwd=board, capture_output=True, text=True, check=False)  # fmt: skip
        state = _state(board)
        assert state != "torn", (point, run.returncode)
        assert (shown.returncode == 0) == (state == "new"), (point, shown.stderr)
        assert not (board / ".ppb" / "journal").exists()
        subprocess.run([sys.executable, "-m", "ppb", "people", "add", "ZZ"], cwd=board, check=True,
                       capture_output=True)  # fmt: skip
        assert not list(board.rglob("*.tmp")), point  # the next writer clears what was left
        seen.add((run.returncode == -9, state))
        if run.returncode != -9:
            break
    assert (True, "old") in seen and (True, "new") in seen and (False, "new") in seen


def test_a_renumber_on_a_full_disk_changes_nothing(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    real, calls = os.fsync, [0]

    def full(fd: int) -> None:
        calls[0] += 1
        if calls[0] == 2:  # the second file's write: the register's is already on disk
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    before = snapshot(board)
    monkeypatch.setattr(os, "fsync", full)
    result = ppb("renumber", "56", "80")
    assert (result.code, result.err) == (
        1,
        "ppb: cannot write the change (No space left on device); nothing was changed\n",
    )
    assert snapshot(board) == before and not list(board.rglob("*.tmp"))
    monkeypatch.setattr(os, "fsync", real)
    assert ppb("renumber", "56", "80").code == 0 and _state(board) == "new"
