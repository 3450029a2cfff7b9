"""Writes through the index (`.ppb/index.cache`) on layouts, texts and states chosen to
make them differ from the full way, or a read after them differ from a read with no
`.ppb/` at all: each is the full way's, byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from ppb import actions
from ppb.store import Store, cache, files, index
from ppb.store.index import Indexed
from tests.test_index import EMBEDDED, LAYOUTS, _board, _cold, _run


def _same(result: Any, folder: Path) -> Any:
    """A result with the board's folder (relative or not) named alike for both twins."""
    if isinstance(result, tuple):
        return result[0], result[1].replace(folder.name, "BOARD")
    return result


def _twins(text: str, steps: list[tuple[Any, ...]], *, indexed: bool = True) -> None:
    """Each step on a board written through its index and on a twin with no `.ppb/`: the
    same result, the same bytes, and a read after each equal to a read with no cache."""
    lean, full = _board(text), _board(text)
    try:
        Store(lean).load()
        for step in steps:
            if indexed:
                assert isinstance(Store(lean).for_writing(), Indexed), step
            shutil.rmtree(full / ".ppb", ignore_errors=True)
            assert _same(_run(Store(lean), step), lean) == _same(_run(Store(full), step), full)
            assert (lean / "actions.yaml").read_bytes() == (full / "actions.yaml").read_bytes()
            read = Store(lean).load()
            assert (read.board, read.people, read.rows) == _cold(lean)
    finally:
        shutil.rmtree(lean)
        shutil.rmtree(full)


HEAD = """board:
  name: Test Board
  prefix: PPB

people:
  CC:
    name: Simon Prince

actions:
"""


def _action(number: int, indent: str = "  ") -> str:
    return (
        f"{indent}- id: PPB {number}\n{indent}  summary: Thing {number}\n"
        f"{indent}  owners: [CC]\n{indent}  raised: 2014-03-13\n{indent}  status: open\n"
    )


A1, A2, A3 = _action(1), _action(2), _action(3)
BLOCK_SCALAR_2 = (
    "  - id: PPB 2\n    summary: |\n      - id: PPB 9\n      actions: x\n"
    "    owners: [CC]\n    raised: 2014-03-13\n    status: open\n"
)
FOLDED_LAST_3 = (
    "  - id: PPB 3\n    summary: >\n      folded\n\n      - id: PPB 9\n"
    "    owners: [CC]\n    raised: 2014-03-13\n    status: open\n"
)
TRICKY = {
    "indent 4": HEAD + _action(1, "    ") + "\n" + _action(2, "    ") + "\n" + _action(3, "    "),
    "indent 0": HEAD + _action(1, "") + _action(2, "") + _action(3, ""),
    "people after the actions": "board:\n  name: T\n  prefix: PPB\n\nactions:\n"
    + A1
    + "\n"
    + A2
    + "\n"
    + A3
    + "\npeople:\n  CC:\n    name: Simon\n",
    "comments after the last": HEAD + A1 + "\n" + A2 + "\n" + A3 + "\n  # end\n# col 0 end\n",
    "deeper comment ends the last": HEAD + A1 + "\n" + A2 + "\n" + A3 + "      # deeper end\n",
    "deeper comment after a blank": HEAD + A1 + "\n" + A2 + "\n" + A3 + "\n      # deeper\n",
    "one action": HEAD + A1,
    "indent 0, people after": "board:\n  name: T\n  prefix: PPB\nactions:\n"
    + _action(1, "")
    + _action(2, "")
    + "people:\n  CC: {}\n",
    "block scalar like items": HEAD + A1 + "\n" + BLOCK_SCALAR_2 + "\n" + A3,
    "folded scalar last": HEAD + A1 + "\n" + A2 + "\n" + FOLDED_LAST_3,
    "trailing whitespace": HEAD
    + A1.replace("\n", "  \n")
    + "\n"
    + A2
    + "   \n"
    + A3.replace("status: open", "status: open \t"),
    "emoji and combining marks": HEAD.replace("Simon Prince", "Sîmon 👍🏽 Prince e\u0301")
    + A1.replace("Thing 1", "Thing 🎉 ŵŷ e\u0301")
    + "\n"
    + A2
    + "\n"
    + A3.replace("Thing 3", "三 ✓"),
    "blank lines inside": HEAD
    + A1.replace("    owners", "\n    owners")
    + "\n"
    + A2
    + "\n"
    + A3.replace("    status", "\n\n    status"),
    "low comments inside": HEAD
    + A1.replace("    owners", "  # low\n    owners")
    + "\n"
    + A2
    + "\n"
    + A3.replace("    status", "# col 0\n    status"),
    "low comments between": HEAD
    + A1
    + "  # after 1\n"
    + A2
    + "# col 0 after 2\n\n"
    + A3
    + "  # after 3\n",
    "odd-indent comments ending actions": HEAD
    + A1
    + "   # 3 in\n"
    + A2
    + "    # 4 in\n\n"
    + A3
    + "     # 5 in\n",
    "comments around actions:": HEAD.replace("actions:\n", "# about\nactions: # here\n  # first\n")
    + A1
    + A2
    + A3,
}
STEPS = [
    ("add", "CC to do ŵ thing", ["CC"]),
    ("update", 4, "note on the new one", None, None),  # the action just added
    ("update", 3, "the last", None, None),
    ("add", "after updating the last", []),
    ("update", 1, "the first", None, None),
    ("update", 4, "again", "completed", None),
    ("close", 2, None),
    ("close", 2, "closed twice"),  # refused both ways
    ("update", 5, "x", "in progress", "2014-03-13"),
]


@pytest.mark.parametrize("layout", sorted(TRICKY))
def test_tricky_layouts_write_as_the_full_way(layout: str) -> None:
    _twins(TRICKY[layout], STEPS)


WORDS = ["yes", "~", "0x1F", "2014-03-13", "12:30", "@x", "&x", "*x", "? x", ": x", "x #y",
         "x: y", "'", '"', "\\", "- x", "[a]", "{a: b}", "| x", "ŵ\u0301", "😀", "a\x01b",
         "\ufeffx", "---", "...", "a\x7fb", "\x9f"]  # fmt: skip


def test_odd_texts_write_as_the_full_way() -> None:
    steps: list[tuple[Any, ...]] = []
    for at, word in enumerate(WORDS):
        steps += [("add", word, ["CC"]), ("update", 56 + at % 10, word, None, None)]
    _twins(LAYOUTS["welsh"](EMBEDDED), steps)


def test_many_updates_of_one_action_and_a_long_one() -> None:
    steps: list[tuple[Any, ...]] = [("update", 60, f"entry {n} ŵ", None, None) for n in range(30)]
    steps.append(("add", "ŵ" * 9000, ["CC"]))  # 9,000 characters, 18,000 bytes
    steps += [("add", "short", ["CC"]), ("update", 71, "on the long one", None, None)]
    _twins(EMBEDDED, steps)


def _touch_back(path: Path, info: os.stat_result) -> None:
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_hand_edit_of_the_same_size_and_time_between_writes(tmp_path: Path) -> None:
    board = _board(EMBEDDED)
    path = board / "actions.yaml"
    Store(board).load()
    actions.update(Store(board), "56", note="paper sent")
    actions.add(Store(board), "CC to brief", ["CC"])
    info, text = path.stat(), path.read_text()
    edited = text.replace("CC to brief", "CC to brie!").replace("paper sent", "paper lost")
    assert len(edited) == len(text)
    path.write_text(edited)
    _touch_back(path, info)
    assert not isinstance(Store(board).for_writing(), Indexed)  # the index is of other bytes
    read = Store(board).load()  # read in full (and the index kept afresh, of these bytes)
    assert (read.board, read.people, read.rows) == _cold(board)
    actions.update(Store(board), "71", note="after the hand edit")
    after = path.read_text()
    assert "CC to brie!" in after and "paper lost" in after and "after the hand edit" in after
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)


def test_a_revert_to_the_bytes_the_register_cache_was_made_of() -> None:
    """The register's cache is of the first bytes; writes through the index leave it so.
    Reverting the file to those bytes must read them, and write on them, not the index."""
    board = _board(EMBEDDED)
    path = board / "actions.yaml"
    Store(board).load()
    first = path.read_bytes()
    actions.update(Store(board), "56", note="one")
    middle = path.read_bytes()
    actions.update(Store(board), "57", note="two")
    path.write_bytes(first)  # a checkout of the old file
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)
    path.write_bytes(middle)  # then of the one between the writes
    assert not isinstance(Store(board).for_writing(), Indexed)
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)
    actions.update(Store(board), "58", note="three")
    assert b"one" in path.read_bytes() and b"two" not in path.read_bytes()
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)


@pytest.mark.parametrize("gone", [cache.NAME, index.NAME, "both"])
def test_a_cache_deleted_after_writes(gone: str) -> None:
    board = _board(EMBEDDED)
    Store(board).load()
    actions.update(Store(board), "56", note="one")
    actions.add(Store(board), "CC to brief", ["CC"])
    for name in [cache.NAME, index.NAME] if gone == "both" else [gone]:
        (board / ".ppb" / name).unlink()
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)
    actions.update(Store(board), "71", note="two")
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)


def test_state_copied_from_another_board_is_not_trusted() -> None:
    """Another board's .ppb/ (after writes there) copied over this one's: never used."""
    this, other = _board(EMBEDDED), _board(EMBEDDED)
    Store(this).load()
    Store(other).load()
    actions.update(Store(other), "56", note="elsewhere")
    shutil.rmtree(this / ".ppb")
    shutil.copytree(other / ".ppb", this / ".ppb")
    (this / "actions.yaml").write_bytes((other / "actions.yaml").read_bytes())
    assert not isinstance(Store(this).for_writing(), Indexed)
    read = Store(this).load()
    assert (read.board, read.people, read.rows) == _cold(this)
    actions.update(Store(this), "57", note="here")
    read = Store(this).load()
    assert (read.board, read.people, read.rows) == _cold(this)


@pytest.mark.parametrize("rebase", [0, 1, 3])
def test_patched_reads_with_a_small_rebase(rebase: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "REBASE", rebase)
    board = _board(LAYOUTS["welsh"](EMBEDDED))
    Store(board).load()
    for step in [("add", "ŵ one", ["CC"]), ("update", 71, "n", None, None),
                 ("update", 56, "n", "completed", None), ("add", "two", []),
                 ("close", 72, None), ("update", 70, "ŷ", None, None)]:  # fmt: skip
        assert isinstance(Store(board).for_writing(), Indexed)
        _run(Store(board), step)
        for _ in range(2):  # the read that rebases, and the one after it
            read = Store(board).load()
            assert (read.board, read.people, read.rows) == _cold(board)


def test_a_refused_write_leaves_the_next_right(monkeypatch: pytest.MonkeyPatch) -> None:
    board = _board(EMBEDDED)
    Store(board).load()
    actions.update(Store(board), "56", note="one")
    before = (board / "actions.yaml").read_bytes()
    monkeypatch.setattr(files, "MAX_REGISTER", len(before) + 10)
    assert isinstance(_run(Store(board), ("add", "far too long a summary", ["CC"])), tuple)
    monkeypatch.undo()
    assert (board / "actions.yaml").read_bytes() == before
    assert isinstance(Store(board).for_writing(), Indexed)
    actions.add(Store(board), "short", ["CC"])
    read = Store(board).load()
    assert (read.board, read.people, read.rows) == _cold(board)


def test_no_line_end_at_the_end_is_written_the_full_way() -> None:
    _twins((HEAD + A1 + A2).rstrip("\n"), STEPS[:3], indexed=False)


def test_a_full_write_of_several_actions_on_the_patched_read() -> None:
    """Writes through the index, then one of several actions the full way (carry-forward's
    `append_entries`) on the read the index patched: as on a board with no .ppb/."""
    from ppb.record import Progress

    text = LAYOUTS["welsh"](EMBEDDED)
    lean, full = _board(text), _board(text)
    Store(lean).load()
    for folder in (lean, full):
        shutil.rmtree(full / ".ppb", ignore_errors=True)
        actions.update(Store(folder), "56", note="one ŵ")
        actions.add(Store(folder), "ŷ new", ["CC"])
    shutil.rmtree(full / ".ppb", ignore_errors=True)
    for folder in (lean, full):
        store = Store(folder)
        with store.locked():
            snapshot = store.load()
            last = len(snapshot.rows) - 1
            actions.append_entries(store, snapshot, {
                0: Progress("2014-04-01", None, "completed", "bulk", None),
                last: Progress("2026-12-31", None, "in progress", "bulk ŵ", None),
            })  # fmt: skip
    assert (lean / "actions.yaml").read_bytes() == (full / "actions.yaml").read_bytes()
    read = Store(lean).load()
    assert (read.board, read.people, read.rows) == _cold(lean)


# The register's limit


def test_a_write_past_the_limit_is_refused_the_full_way_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the index a write that would pass MAX_REGISTER is refused; the full way (no
    .ppb/, or a CRLF register) wrote it, and then no command read the board."""
    lean, full = _board(EMBEDDED), _board(EMBEDDED)
    Store(lean).load()
    monkeypatch.setattr(files, "MAX_REGISTER", (lean / "actions.yaml").stat().st_size + 10)
    assert isinstance(Store(lean).for_writing(), Indexed)
    step = ("add", "CC to brief the panel at great length", ["CC"])
    lean_said, full_said = (
        _same(_run(Store(lean), step), lean),
        _same(_run(Store(full), step), full),
    )
    assert (lean / "actions.yaml").read_bytes() == (full / "actions.yaml").read_bytes()
    assert lean_said == full_said
