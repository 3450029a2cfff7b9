"""The index: a write that changes one action (add, update, close) without reading every
action writes exactly what the full read and write would, and is never used stale."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import actions
from ppb.errors import PpbError
from ppb.store import Store, cache, files, index, sections
from ppb.store.index import Indexed

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED = (ROOT / "actions.yaml").read_text()


def _no_gaps(text: str) -> str:
    """The register with no blank line between its actions."""
    head, _, actions_part = text.partition("\nactions:\n")
    return head + "\nactions:\n" + actions_part.replace("\n\n  - id:", "\n  - id:")


def _flush_left(text: str) -> str:
    """The register with its actions' dashes at column 0 (`actions:` then `- id: …`)."""
    head, _, actions_part = text.partition("\nactions:\n")
    shifted = "".join(
        line[2:] if line.startswith("  ") else line
        for line in actions_part.splitlines(keepends=True)
    )
    return head + "\nactions:\n" + shifted


def _welsh(text: str) -> str:
    """Letters of two and three bytes before and among the actions: offsets in bytes and in
    characters differ from the first action on."""
    text = text.replace("name: Christopher Salmon", "name: Christopher Salmon (Comisiynydd ŵyr)")
    return text.replace("develop publishing format", "develop publishing format – ŷ ‘fformat’")


def _commented(text: str) -> str:
    """Comments between the actions, at their indent and deeper."""
    return text.replace(
        "\n\n  - id: PPB 55", "\n\n  # a comment between\n\n  - id: PPB 55"
    ).replace(
        "\n\n  - id: PPB 60", "\n      # deeper, kept with the action before\n\n  - id: PPB 60"
    )


LAYOUTS: dict[str, Callable[[str], str]] = {
    "embedded": lambda t: t,
    "no gaps": _no_gaps,
    "flush left": _flush_left,
    "welsh": _welsh,
    "commented": _commented,
}


def _board(text: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ppb-index-"))
    (folder / "actions.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "meetings", folder / "meetings")
    return folder


def _run(store: Store, op: tuple[Any, ...]) -> Any:
    """One write, as its command makes it: its record, or the error it gives."""
    try:
        if op[0] == "add":
            _, summary, owners = op
            return actions.add(store, summary, owners, no_owner=not owners)
        if op[0] == "update":
            _, number, note, status, meeting = op
            return actions.update(store, str(number), note=note, status=status, meeting=meeting)
        _, number, note = op
        return actions.close(store, str(number), note=note)
    except PpbError as exc:
        # the board's folder named alike for both twins, however the message shows the path
        return type(exc).__name__, str(exc).replace(os.path.basename(store.root), "BOARD")


def _cold(folder: Path) -> Any:
    """What a read of the register with no cache at all gives."""
    copy = Path(tempfile.mkdtemp(prefix="ppb-cold-"))
    try:
        shutil.copy(folder / "actions.yaml", copy / "actions.yaml")
        shutil.copytree(folder / "meetings", copy / "meetings")
        snapshot = Store(copy).load()
        return snapshot.board, snapshot.people, snapshot.rows
    finally:
        shutil.rmtree(copy)


text_words = st.sampled_from(
    ["report", "NO", "a: b", "#x", "'q'", '"dq"', "£20,000", "Clare’s Law", "ŵ", "- x", "~"]
)
phrase = st.lists(text_words, min_size=1, max_size=4).map(" ".join)
numbers = st.integers(min_value=49, max_value=74)  # 49 and 71 on are not (yet) actions
ops = st.one_of(
    st.tuples(
        st.just("add"), phrase, st.lists(st.sampled_from(["CC", "t/acc", "ALP"]), max_size=2)
    ),
    st.tuples(
        st.just("update"),
        numbers,
        phrase,
        st.sampled_from([None, "in progress", "completed"]),
        st.sampled_from([None, "2014-03-13"]),
    ),
    st.tuples(st.just("close"), numbers, st.one_of(st.none(), phrase)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=st.sampled_from(sorted(LAYOUTS)), steps=st.lists(ops, min_size=1, max_size=6))
def test_a_write_through_the_index_is_the_full_write(layout: str, steps: list[Any]) -> None:
    text = LAYOUTS[layout](EMBEDDED)
    lean, full = _board(text), _board(text)
    try:
        Store(lean).load()  # a read keeps the index
        for step in steps:
            assert isinstance(Store(lean).for_writing(), Indexed)
            shutil.rmtree(full / ".ppb", ignore_errors=True)  # the full way: no index
            assert _run(Store(lean), step) == _run(Store(full), step)
            assert (lean / "actions.yaml").read_bytes() == (full / "actions.yaml").read_bytes()
            read = Store(lean).load()  # the cached rows with those written since
            assert (read.board, read.people, read.rows) == _cold(lean)
    finally:
        shutil.rmtree(lean)
        shutil.rmtree(full)


@pytest.fixture
def indexed(board: Path) -> Path:
    Store(board).load()
    assert isinstance(Store(board).for_writing(), Indexed)
    return board


def test_a_write_through_the_index_reads_no_other_action(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def split(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the register was split")

    monkeypatch.setattr(sections, "split", split)
    added = actions.add(Store(indexed), "CC to brief the panel", ["CC"])
    updated = actions.update(Store(indexed), "56", note="paper sent")
    closed = actions.close(Store(indexed), added["id"])
    monkeypatch.undo()
    assert (added["id"], updated["history"][-1]["note"], closed["status"]) == (
        "PPB 71",
        "paper sent",
        "completed",
    )
    assert _cold(indexed)[2] == Store(indexed).load().rows


def test_an_index_of_other_bytes_is_never_used(indexed: Path) -> None:
    """A hand edit after a write through the index, of the same size and time: the next
    write reads the register in full, and keeps the edit."""
    actions.update(Store(indexed), "56", note="paper sent")
    path = indexed / "actions.yaml"
    info = path.stat()
    text = path.read_text()
    edited = text.replace("paper sent", "paper lost")
    assert len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert not isinstance(Store(indexed).for_writing(), Indexed)
    actions.update(Store(indexed), "57", note="noted")
    after = path.read_text()
    assert "paper lost" in after and "paper sent" not in after and "noted" in after
    assert Store(indexed).load().rows == _cold(indexed)[2]


def test_a_forged_index_is_ignored(indexed: Path) -> None:
    kept = indexed / ".ppb" / index.NAME
    data = bytearray(kept.read_bytes())
    data[-40] ^= 1
    kept.write_bytes(bytes(data))
    assert not isinstance(Store(indexed).for_writing(), Indexed)
    actions.update(Store(indexed), "56", note="paper sent")
    assert Store(indexed).load().rows == _cold(indexed)[2]


def test_a_cache_replaced_under_the_index_is_read_in_full(indexed: Path) -> None:
    """The rows written since are of one cache: over another (here, an older one), the
    register is read again."""
    older = (indexed / ".ppb" / cache.NAME).read_bytes()
    actions.update(Store(indexed), "56", note="paper sent")
    actions.update(Store(indexed), "57", note="noted")
    (indexed / ".ppb" / cache.NAME).write_bytes(older)
    entry = cache.read(str(indexed / ".ppb"), 1 << 30, index.NAME, index.valid)
    assert entry is not None and len(entry["changed"]) == 2
    read = Store(indexed).load()
    assert read.rows == _cold(indexed)[2]


def test_many_writes_keep_the_cache_afresh(indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "REBASE", 2)
    state = str(indexed / ".ppb")
    for number in (56, 57, 58):
        actions.update(Store(indexed), str(number), note="noted")
    digest = files.digest((indexed / "actions.yaml").read_bytes())
    assert cache.read(state)["digest"] != digest  # type: ignore[index]
    Store(indexed).load()  # three rows written since: more than 2
    assert cache.read(state)["digest"] == digest  # type: ignore[index]
    entry = cache.read(state, 1 << 30, index.NAME, index.valid)
    assert entry is not None and entry["base"] == digest and entry["changed"] == {}
    actions.update(Store(indexed), "59", note="noted")  # and writes go on through the index
    assert Store(indexed).load().rows == _cold(indexed)[2]


def test_an_edit_that_would_not_be_one_action_is_refused(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.store import yaml_edit

    real = yaml_edit.edit
    monkeypatch.setattr(  # an edit that spills a second item after the action
        yaml_edit,
        "edit",
        lambda text, change, where: real(text, change, where) + "  - id: PPB 99\n",
    )
    before = (indexed / "actions.yaml").read_bytes()
    with pytest.raises(PpbError, match="would change more than intended; nothing was written"):
        actions.update(Store(indexed), "56", note="paper sent")
    assert (indexed / "actions.yaml").read_bytes() == before


def test_a_write_that_would_pass_the_limit_is_refused(
    indexed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = (indexed / "actions.yaml").stat().st_size
    monkeypatch.setattr(files, "MAX_REGISTER", size + 10)
    before = (indexed / "actions.yaml").read_bytes()
    with pytest.raises(PpbError, match=r"would be [\d,]+ bytes, more than ppb reads"):
        actions.add(Store(indexed), "CC to brief the panel at great length", ["CC"])
    assert (indexed / "actions.yaml").read_bytes() == before


def test_a_register_with_crlf_is_written_the_full_way(board: Path) -> None:
    path = board / "actions.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    Store(board).load()
    assert not isinstance(Store(board).for_writing(), Indexed)
    actions.update(Store(board), "56", note="paper sent", on=dt.date(2014, 4, 1))
    data = path.read_bytes()
    assert b"paper sent\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
