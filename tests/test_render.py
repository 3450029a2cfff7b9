"""Records written a batch at a time read exactly as if written whole."""

from __future__ import annotations

import io
import json
import sys

import pytest

from ppb import render
from ppb.text import json_safe

RECORD = {
    "id": "PPB 1", "summary": "CC to report, \u202e \x9b31m; \"quoted\"\nnext", "owners": ["CC", "LA"],
    "status": "open", "raised": "2014-03-13", "due": None, "item": "Hate Crime", "see": [],
    "restricted": False, "reason": None, "raised_on": None,
    "history": [{"date": "2014-03-13", "meeting": None, "status": "open", "note": "a, b"}],
    "carried": 1, "overdue": False,
}  # fmt: skip


def _printed(function: object, *args: object) -> str:
    out, sys.stdout = sys.stdout, io.StringIO()
    try:
        function(*args)  # type: ignore[operator]
        return sys.stdout.getvalue()
    finally:
        sys.stdout = out


@pytest.mark.parametrize("count", [0, 1, render.BATCH, render.BATCH + 1, 2 * render.BATCH + 7])
def test_a_long_list_is_written_as_if_whole(count: int) -> None:
    records = [{**RECORD, "id": f"PPB {n}"} for n in range(count)]
    assert _printed(render.actions, records, "json") == (
        json_safe(json.dumps(records, ensure_ascii=False)) + "\n"
    )
    csv = _printed(render.actions, records, "csv")
    assert csv == render._csv(render.CSV_FIELDS, (render._flat_action(r) for r in records))
    md = _printed(render.actions, records, "md")
    rows = [[r["id"], "CC, LA", r["summary"], "Open", render.latest(r)] for r in records]
    assert md == render.markdown_table(
        ("Action", "Owners", "Summary", "Status", "Latest progress"), rows
    )
    for indent in (None, 2):
        whole = json_safe(json.dumps(records, ensure_ascii=False, indent=indent)) + "\n"
        assert _printed(render.json_array, records, lambda r: r, indent) == whole
