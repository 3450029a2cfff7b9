"""ppb check with what earlier checks kept (check/memo): never a different answer, only a quicker one."""

from __future__ import annotations

import marshal
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import check
from ppb.check import memo
from ppb.store import Store, cache
from tests.conftest import ROOT
from tests.test_check import plant


def said(folder: Path, **options: bool) -> list[str]:
    return [str(p) for p in check.check(Store(folder), **options)]


def same_every_way(folder: Path) -> list[str]:
    """What check says, asserted the same without the memo, with none kept yet, and kept."""
    fresh = said(folder, kept=False)
    assert said(folder) == fresh  # cold: nothing kept yet (or what an earlier state kept)
    assert said(folder) == fresh  # warm: everything kept
    return fresh


def test_the_embedded_board_says_the_same_cold_and_warm(board: Path) -> None:
    assert same_every_way(board) == []
    assert {p.name for p in (board / ".ppb").iterdir()} >= {memo.NAME, memo.MEETINGS}


def test_a_board_with_many_problems_says_the_same_cold_and_warm(board: Path) -> None:
    plant(board)
    problems = same_every_way(board)
    assert len(problems) == 24


def test_a_warm_check_reads_no_action_and_no_meeting_again(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.store import register

    plant(board)  # the broken actions and meetings are read each time; the rest is kept
    expected = same_every_way(board)
    runs: list[list[int]] = []
    meetings: list[str] = []
    read_run, read_meeting = register.Reader._run, check.inspect_meeting

    def counted_run(self, found, run, prefix):  # type: ignore[no-untyped-def]
        runs.append(run)
        return read_run(self, found, run, prefix)

    def counted_meeting(text, shown, *args, **kwargs):  # type: ignore[no-untyped-def]
        meetings.append(shown)
        return read_meeting(text, shown, *args, **kwargs)

    monkeypatch.setattr(register.Reader, "_run", counted_run)
    monkeypatch.setattr(check, "inspect_meeting", counted_meeting)
    assert said(board) == expected
    read = [i for run in runs for i in run]
    total = (board / "actions.yaml").read_text().count("\n  - id: ")
    assert 0 < len(read) <= 8 < total  # only the actions with a problem of their own
    assert len(meetings) == 2  # parsed again only to say where the problems the rules found are

    (board / "meetings" / "2014-04-10.yaml").unlink()
    shutil.copy(ROOT / "meetings" / "2014-03-13.yaml", board / "meetings")
    shutil.copy(ROOT / "actions.yaml", board)
    said(board)
    meetings.clear()
    runs.clear()
    said(board)
    assert meetings == []  # a meeting with nothing wrong is never parsed again

    runs.clear()
    assert said(board) == [] and runs == []
    path = board / "actions.yaml"  # one action edited: only it is read again
    path.write_text(path.read_text().replace("debrief of Operation", "the debrief of Operation"))
    assert said(board) == []
    assert runs == [[5]]  # PPB 55, the sixth
    assert said(board, kept=False) == []


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("owners: [LA]", "owners: [QQ]"), id="unknown-owner"),
        pytest.param(lambda t: t.replace("status: completed", "status: done-ish", 1), id="status"),
        pytest.param(lambda t: t.replace("  - id: PPB 61\n", "  - id: PPB 60\n"), id="dup"),
        pytest.param(lambda t: t.replace("summary: Consider", 'summary: "Consider', 1), id="quote"),
        pytest.param(
            lambda t: t.replace("\n  - id: PPB 62", "\n\n# between\n  - id: PPB 62"), id="gap"
        ),
        pytest.param(
            lambda t: t.replace("\n  - id: PPB 63", "\n  - id: PPB 63\n  - id: PPB 99"), id="new"
        ),
        pytest.param(lambda t: t.replace("prefix: PPB", "prefix: PB"), id="prefix"),
        pytest.param(lambda t: t.replace("  T/ACC:", "  T/ACX:"), id="people"),
        pytest.param(lambda t: t.replace("actions:\n", "actions:\n  x: 1\n"), id="not-a-list"),
    ],
)
def test_an_edit_after_a_kept_check_says_what_a_fresh_check_says(board: Path, edit) -> None:  # type: ignore[no-untyped-def]
    same_every_way(board)
    path = board / "actions.yaml"
    path.write_text(edit(path.read_text()))
    same_every_way(board)


def test_a_meeting_edited_the_same_size_at_the_same_time_is_read_again(board: Path) -> None:
    same_every_way(board)
    path = board / "meetings" / "2014-03-13.yaml"
    text, info = path.read_text(), path.stat()
    edited = text.replace("apologies: [T/DCC]", "apologies: [T/DCX]")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    problems = same_every_way(board)
    assert any("unknown person 'T/DCX' in apologies" in p for p in problems)


def _kept_files(board: Path) -> list[Path]:
    return [board / ".ppb" / memo.NAME, board / ".ppb" / memo.MEETINGS]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[:-1] + bytes([b[-1] ^ 1]), id="one-bit"),
        pytest.param(lambda b: b[: len(b) // 2], id="cut"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b + b"\0" * 100, id="longer"),
    ],
)
def test_a_damaged_memo_is_ignored(board: Path, damage) -> None:  # type: ignore[no-untyped-def]
    plant(board)
    expected = same_every_way(board)
    for path in _kept_files(board):
        path.write_bytes(damage(path.read_bytes()))
    assert said(board) == expected
    assert said(board) == expected


def test_a_memo_from_another_board_hides_nothing(board: Path, tmp_path: Path) -> None:
    """A forged memo (what a clean board kept, planted in a broken one) is keyed by another
    board's key: ignored."""
    other = tmp_path / "other"
    shutil.copytree(board, other)
    same_every_way(other)
    plant(board)
    expected = said(board, kept=False)
    (board / ".ppb").mkdir(exist_ok=True)
    for path in _kept_files(other):
        shutil.copy(path, board / ".ppb" / path.name)
    shutil.copy(other / ".ppb" / cache.KEY, board / ".ppb" / cache.KEY)  # the key too
    assert said(board) == expected


def test_a_keyed_memo_of_the_wrong_shape_is_ignored(board: Path) -> None:
    plant(board)
    expected = same_every_way(board)
    state = str(board / ".ppb")
    entry = cache.read(state, name=memo.NAME, shape=memo.valid_actions)
    assert entry is not None
    for bad in (
        {**entry, "blocks": {b"x": ("not a row", "PPB 1", None)}},
        {**entry, "blocks": {k: (v[0], 1, v[2]) for k, v in entry["blocks"].items()}},
        {**entry, "extra": 1},
        {"prefix": "PPB"},
        {**entry, "blocks": {k: marshal.dumps(("x", "PPB 1", None)) for k in entry["blocks"]}},
        {**entry, "blocks": {k: b"not marshal" for k in entry["blocks"]}},
        {**entry, "blocks": {k: v[:-1] for k, v in entry["blocks"].items()}},
    ):
        bad.pop("format", None)
        cache.write(state, bad, memo.NAME)
        assert said(board) == expected
    meetings = cache.read(state, name=memo.MEETINGS, shape=memo.valid_meetings)
    assert meetings is not None
    for facts in (None, ("2014-03-13",), ("2014-03-13", True, (), (), ((1, "x", "y"),), (), ())):
        bad = {"meetings": {k: (facts, ((1, 1, "x", "y", "fatal"),)) for k in meetings["meetings"]}}
        cache.write(state, bad, memo.MEETINGS)
        assert said(board) == expected


def test_without_a_usable_state_folder_nothing_is_kept(board: Path) -> None:
    (board / ".ppb").write_text("not a folder")
    assert said(board) == said(board, kept=False)
    assert (board / ".ppb").read_text() == "not a folder"


# Random edits of a register between two checks


HEAD = "board:\n  name: Board\n  prefix: B\npeople:\n  CC: {}\n  LA: {name: Lee Ash}\nactions:\n"
MEETING = "date: 2014-03-13\nattendance:\n  members: [CC]\nmatters_arising:\n  - action: B 1\n"

PIECES = [
    "    summary: Send the report\n",
    "    summary: Send the report #2 of it\n",
    '    summary: "Send the\n      report"\n',
    "    summary: |\n      Send\n      the report\n",
    "    owners: [CC]\n",
    "    owners: [LA, ZZ]\n",
    "    owners: CC\n",
    "    status: open\n",
    "    status: completed\n",
    "    status: shut\n",
    "    raised: 2014-03-13\n",
    "    raised: 2014-02-30\n",
    "    due: 2014-04-10\n",
    "    see: [B 2, B 77]\n",
    "    history:\n      - date: 2014-03-13\n        meeting: 2014-03-13\n        status: completed\n",
    "    history:\n      - {date: 2014-03-13, status: in progress, note: begun}\n",
    "    sumary: typo\n",
    "    restricted: yes\n",
    "# a comment in the item\n",
    "\n",
    "    summary: 'unclosed\n",
    "    owners: [CC\n",
]


def _action(number: int, pieces: list[int]) -> str:
    return f"  - id: B {number}\n" + "".join(PIECES[p] for p in pieces)


actions = st.lists(st.lists(st.integers(0, len(PIECES) - 1), max_size=4), min_size=1, max_size=8)
edits = st.lists(
    st.tuples(
        st.integers(0, 7), st.integers(1, 9), st.lists(st.integers(0, len(PIECES) - 1), max_size=4)
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=actions,
    changes=edits,
    same_stamp=st.booleans(),
    gap=st.sampled_from(["", "\n", "# gap\n"]),
    flips=st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 200), st.sampled_from(list(" :#'\"\n-[x9"))),
        max_size=3,
    ),
)
def test_random_edits_between_two_checks_say_what_a_fresh_check_says(
    before: list[list[int]],
    changes: list[tuple[int, int, list[int]]],
    same_stamp: bool,
    gap: str,
    flips: list[tuple[int, int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "meetings").mkdir()
        (root / "meetings" / "2014-03-13.yaml").write_text(MEETING)
        register = root / "actions.yaml"
        blocks = [_action(n + 1, pieces) for n, pieces in enumerate(before)]
        register.write_text(HEAD + gap.join(blocks))
        assert said(root) == said(root, kept=False)
        info = register.stat()
        for at, number, pieces in changes:
            blocks[at % len(blocks)] = _action(number, pieces)
        for at, offset, char in flips:  # the same size: only the bytes tell
            block = blocks[at % len(blocks)]
            offset %= len(block)
            blocks[at % len(blocks)] = block[:offset] + char + block[offset + 1 :]
        register.write_text(HEAD + gap.join(blocks))
        if same_stamp:
            os.utime(register, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert said(root) == said(root, kept=False)
        assert said(root) == said(root, kept=False)


def test_a_large_register_kept_and_edited_says_the_same(tmp_path: Path) -> None:
    """Runs of actions as a cold check parses them are not the runs a warm one parses."""
    head = "board:\n  name: B\n  prefix: B\npeople:\n  CC: {}\nactions:\n"
    items = [
        f"  - id: B {n}\n    summary: Action {n}\n    owners: [CC]\n    status: open\n"
        for n in range(1, 1301)
    ]
    path = tmp_path / "actions.yaml"
    path.write_text(head + "".join(items))
    same_every_way(tmp_path)
    items[499] = items[499].replace("status: open", "status: shut")
    items[500] = items[500].replace("owners: [CC]", "owners: [CC, XX]")
    items[1100] = '  - id: B 1101\n    summary: "unclosed\n'
    path.write_text(head + "".join(items))
    same_every_way(tmp_path)
    items[1100] = "  - id: B 1101\n    summary: closed\n"
    items[7] = items[7] + "\n# a comment between items\n\n"
    path.write_text(head + "".join(items))
    assert len(same_every_way(tmp_path)) == 3  # and B 1101 has no status


def test_the_code_digest_keys_the_memo(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same_every_way(board)
    monkeypatch.setattr(cache, "_code_digest", "another version of ppb")
    assert cache.read(str(board / ".ppb"), name=memo.NAME, shape=memo.valid_actions) is None
    assert said(board) == said(board, kept=False)


def test_the_embedded_board_itself(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    shutil.copytree(ROOT / "meetings", folder / "meetings")
    shutil.copy(ROOT / "actions.yaml", folder / "actions.yaml")
    assert same_every_way(folder) == []


def test_a_memo_that_is_a_fifo_or_a_link_is_not_read(board: Path, tmp_path: Path) -> None:
    plant(board)
    expected = same_every_way(board)
    state = board / ".ppb"
    (state / memo.NAME).unlink()
    os.mkfifo(state / memo.NAME)  # opened, it would block a reader for ever
    outside = tmp_path / "elsewhere"
    outside.write_bytes(b"not ppb's")
    (state / memo.MEETINGS).unlink()
    (state / memo.MEETINGS).symlink_to(outside)
    assert said(board) == expected
    assert outside.read_bytes() == b"not ppb's"  # the link is replaced, never written through
