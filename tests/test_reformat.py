"""ppb fmt: one reviewable change into the canonical layout, comments and data kept."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import actions, reformat
from ppb.errors import LayoutError
from ppb.store import Store

MESSY = textwrap.dedent(
    """\
    # My board
    board:
        name: Test Board   # the name
        prefix: TB
    people:
        CC: {name: Chief}
        'NO': {}
    actions:
    - id: tb-1
      summary: First thing
      owners:
      - cc
      - NO
      status: In Progress   # chased
      history:
      - date: 2020-01-01
        status: in progress
        note: started
    # between
    - id: 2
      summary: >-
        folded
        text
      status: OPEN
    """
)

CANONICAL = textwrap.dedent(
    """\
    # My board
    board:
      name: Test Board     # the name
      prefix: TB
    people:
      CC:
        name: Chief
      'NO': {}
    actions:
      - id: TB 1
        summary: First thing
        owners: [CC, 'NO']
        status: in progress # chased
        history:
          - date: 2020-01-01
            status: in progress
            note: started
    # between
      - id: TB 2
        summary: >-
          folded
          text
        status: open
    """
)


def board_with(tmp_path: Path, text: str) -> Store:
    (tmp_path / "actions.yaml").write_text(text)
    (tmp_path / "meetings").mkdir(exist_ok=True)
    return Store(tmp_path)


def test_fmt_puts_a_messy_file_into_the_canonical_layout(tmp_path: Path, ppb, monkeypatch) -> None:
    board_with(tmp_path, MESSY)
    monkeypatch.chdir(tmp_path)
    checked = ppb("fmt", "--check", "--diff")
    assert checked.code == 1 and checked.out.startswith("--- a/actions.yaml\n+++ b/actions.yaml\n")
    assert checked.err == "would reformat actions.yaml\n"
    assert (tmp_path / "actions.yaml").read_text() == MESSY  # --check writes nothing
    done = ppb("fmt")
    assert (done.code, done.err) == (0, "reformatted actions.yaml\n")
    assert (tmp_path / "actions.yaml").read_text() == CANONICAL
    assert ppb("fmt", "--check").code == 0  # idempotent
    assert ppb("check").out == ""


def test_a_file_refused_for_its_layout_is_editable_after_fmt(tmp_path: Path) -> None:
    board = board_with(
        tmp_path, MESSY.replace("  summary: First thing\n", "  summary: First\n    thing\n")
    )
    try:
        actions.update(board, "1", note="x")
        raise AssertionError("expected a layout error")
    except LayoutError:
        pass
    reformat.reformat(board)
    assert actions.update(board, "1", note="now it can")["history"][-1]["note"] == "now it can"
    assert "summary: First thing\n" in (tmp_path / "actions.yaml").read_text()


def test_fmt_of_the_embedded_board_changes_nothing(board: Path, ppb) -> None:
    assert ppb("fmt", "--check").code == 0


words = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    summaries=st.lists(words.filter(lambda w: w.strip()), min_size=1, max_size=5),
    flow=st.booleans(),
    indent=st.sampled_from([2, 4]),
)
def test_fmt_keeps_the_data_of_any_layout(summaries: list[str], flow: bool, indent: int) -> None:
    """Whatever layout a YAML tool wrote, fmt gives the same data in the canonical layout."""
    data = {
        "board": {"name": "B", "prefix": "B"},
        "people": {"CC": {"name": "Chief"}},
        "actions": [{"id": f"B {n}", "summary": " ".join(s.split()), "owners": ["CC"], "status": "open"}
                    for n, s in enumerate(summaries, 1)],
    }  # fmt: skip
    text = yaml.safe_dump(
        data, default_flow_style=flow, indent=indent, allow_unicode=True, sort_keys=False
    )
    folder = Path(tempfile.mkdtemp())
    try:
        board = board_with(folder, text)
        before = board.register()
        reformat.reformat(board)
        after = board.register()
        assert after == before
        assert reformat.reformat(board) == []  # a second run changes nothing
        actions.add(board, "added after fmt", ["CC"])  # and the result is editable line by line
    finally:
        shutil.rmtree(folder)
