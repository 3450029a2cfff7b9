"""ppb renumber: a new id, and every structured reference follows it."""

from __future__ import annotations

import json
from pathlib import Path

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
