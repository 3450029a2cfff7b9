"""People: posts held by people over dated periods, end to end on the embedded board."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import snapshot


def test_a_new_holder_names_the_post_from_their_first_day_only(board: Path, ppb) -> None:
    march = ppb("minutes", "2014-03-13").out
    result = ppb("people", "hold", "T/ACC", "--name", "Liane James", "--from", "2014-06-01")
    assert (result.code, result.out, result.err) == (0, "T/ACC: Liane James from 2014-06-01\n", "")
    text = (board / "actions.yaml").read_text()
    assert (
        "  T/ACC:\n    name: Liane James\n    role: Temporary Assistant Chief Constable\n"
        "    holders:\n      - name: Pam Kelly\n        to: 2014-05-31\n"
        "      - name: Liane James\n        from: 2014-06-01\n"
    ) in text
    assert ppb("minutes", "2014-03-13").out == march
    assert ppb("meeting", "new", "2014-07-10").code == 0
    july = ppb("minutes", "2014-07-10").out
    assert "Liane James, Temporary Assistant Chief Constable (T/ACC)" in july
    assert "Pam Kelly" not in july and "Pam Kelly" in march
    shown = json.loads(ppb("meeting", "show", "2014-03-13", "-f", "json").out)
    names = {p["handle"]: p["name"] for p in shown["attendance"]["also_present"]}
    assert names["T/ACC"] == "Pam Kelly"
    listed = json.loads(ppb("people", "-f", "json").out)
    assert {p["handle"]: p["name"] for p in listed}["T/ACC"] == "Liane James"
    assert ppb("open", "--owner", "Pam Kelly", "-f", "json").code == 0  # an earlier holder
    assert ppb("check").code == 0


def test_a_holder_must_start_after_the_last_and_bad_input_writes_nothing(board: Path, ppb) -> None:
    assert ppb("people", "hold", "T/ACC", "--name", "Liane James", "--from", "2014-06-01").code == 0
    before = snapshot(board)
    for args, code, message in [
        (["T/ACC", "--name", "Jo", "--from", "2014-05-01"], 1, "already has a holder from"),
        (["T/XX", "--name", "Jo", "--from", "2014-07-01"], 1, "unknown handle 'T/XX'"),
        (["T/ACC", "--name", "Jo", "--from", "10/07/2014"], 2, "not a date in the form"),
        (["T/ACC", "--name", " ", "--from", "2014-07-01"], 2, "give the new holder's full name"),
    ]:
        result = ppb("people", "hold", *args)
        assert result.code == code and result.out == ""
        assert result.err.count("\n") == 1 and message in result.err
        assert snapshot(board) == before


def test_a_first_holder_of_an_unnamed_post_is_not_named_before_their_time(board: Path, ppb) -> None:
    text = (board / "actions.yaml").read_text()
    (board / "actions.yaml").write_text(text.replace("    name: Carl Langley\n", ""))
    march = ppb("minutes", "2014-03-13").out
    assert ppb("people", "hold", "T/DCC", "--name", "Ann Other", "--from", "2014-06-01").code == 0
    assert ppb("minutes", "2014-03-13").out == march
    assert "Ann Other" not in march
    listed = {p["handle"]: p["name"] for p in json.loads(ppb("people", "-f", "json").out)}
    assert listed["T/DCC"] == "Ann Other"
