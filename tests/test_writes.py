"""Property: a write changes only the lines it means to change, and reads back as intended."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import actions, history
from ppb.store import Store, sections

ROOT = Path(__file__).resolve().parent.parent

# Text as people type it: quotes, colons, hashes, dashes, accents, YAML words, odd spacing.
words = st.sampled_from(
    [
        "NO",
        "yes",
        "on",
        "~",
        "null",
        "- x",
        "#tag",
        "a: b",
        "'q'",
        '"dq"',
        "£20,000",
        "Clare’s Law",
        "2014-03-13",
        "10.00",
        "*star",
        "&amp",
        "!bang",
        "%",
        "@at",
        "`tick`",
        "[list]",
        "{map}",
        "|",
        ">",
        "?",
        "x #y",
        "Powys",
        "T/ACC",
    ]
)
free_text = st.lists(
    st.one_of(
        words,
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
            min_size=1,
            max_size=12,
        ),
    ),
    min_size=1,
    max_size=6,
).map(" ".join)
notes = free_text.filter(lambda t: t.strip() != "")


def copy_board() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ppb-prop-"))
    shutil.copy(ROOT / "actions.yaml", folder / "actions.yaml")
    shutil.copytree(ROOT / "meetings", folder / "meetings")
    return folder


def changed_lines(before: str, after: str) -> list[int]:
    """Numbers (0-based, in `before`) of lines removed or replaced."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return [
        i for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal" for i in range(i1, i2)
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=st.integers(min_value=50, max_value=70),
    note=notes,
    status=st.sampled_from([None, "open", "In Progress", "completed", "withdrawn"]),
    day=st.dates(min_value=dt.date(2014, 3, 13), max_value=dt.date(2099, 12, 31)),  # once raised
)
def test_update_changes_only_its_action(
    number: int, note: str, status: str | None, day: dt.date
) -> None:
    folder = copy_board()
    try:
        board = Store(folder)
        before = (folder / "actions.yaml").read_text()
        old = board.register()
        index = [a.id for a in old.actions].index(f"PPB {number}")
        found = sections.split(before)
        span = found.blocks[index]
        first, last = found.line_of(span.start), found.line_of(span.end)
        actions.update(board, str(number), status=status, note=note, on=day)
        after = (folder / "actions.yaml").read_text()
        assert all(first <= line < last for line in changed_lines(before, after))
        new = board.register()
        assert (
            new.actions[:index] == old.actions[:index]
            and new.actions[index + 1 :] == old.actions[index + 1 :]
        )
        assert new.people == old.people and new.board == old.board
        changed = new.actions[index]
        assert changed.history[:-1] == old.actions[index].history
        entry = changed.history[-1]
        assert entry.note == " ".join(note.split()) and entry.date == day
        assert (
            changed.status
            == entry.status
            == (status.lower() if status else old.actions[index].status)
        )
    finally:
        shutil.rmtree(folder)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    summary=notes,
    owners=st.lists(
        st.sampled_from(["CC", "t/acc", "ALP", "Dafydd Llewelyn", "la"]), min_size=0, max_size=3
    ),
)
def test_add_only_appends(summary: str, owners: list[str]) -> None:
    folder = copy_board()
    try:
        board = Store(folder)
        before = (folder / "actions.yaml").read_text()
        old = board.register()
        created = actions.add(board, summary, owners, no_owner=not owners)
        after = (folder / "actions.yaml").read_text()
        assert after.startswith(before)
        new = board.register()
        assert new.actions[:-1] == old.actions
        assert new.actions[-1].id == created["id"] == "PPB 71"
        assert new.actions[-1].summary == created["summary"] == " ".join(summary.split())
        fresh = Store(folder).load()
        assert fresh.record(len(fresh.rows) - 1) == created
    finally:
        shutil.rmtree(folder)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    closed=st.sets(st.integers(min_value=50, max_value=70), max_size=8),
    raised=st.lists(notes, max_size=3),
)
def test_carry_forward_lists_exactly_the_open_actions_and_is_idempotent(
    closed: set[int], raised: list[str]
) -> None:
    from ppb import meetings

    folder = copy_board()
    try:
        board = Store(folder)
        for number in sorted(closed):
            record = board.load().record(board.load().index_of(f"PPB {number}"))  # type: ignore[arg-type]
            if record["status"] != "completed":
                actions.update(board, str(number), status="completed", on=dt.date(2014, 3, 20))
        for summary in raised:
            actions.add(board, summary, ["CC"], meeting="2014-03-13")
        meetings.carry_forward(board, "2014-04-10")
        first = (folder / "meetings" / "2014-04-10.yaml").read_bytes()
        added, refreshed, diff, _ = meetings.carry_forward(board, "2014-04-10")
        assert (added, refreshed, diff) == ([], [], "")
        assert (folder / "meetings" / "2014-04-10.yaml").read_bytes() == first
        snapshot = board.load()
        expected = [a.id for a in snapshot.actions() if history.open_at(a, "2014-04-10")]
        listed = [e.action for e in board.meeting("2014-04-10", "PPB").matters_arising]
        assert listed == sorted(expected, key=lambda i: int(i.split()[1]))
    finally:
        shutil.rmtree(folder)
