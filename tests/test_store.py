"""Reading and writing files: errors at line and column, atomic writes, locks, conflicts."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ppb import actions, store
from ppb.errors import ConflictError, FileError, LayoutError, PpbError
from ppb.store import Store, cache, files
from ppb.store import register as reader
from tests.conftest import snapshot

MINIMAL = textwrap.dedent(
    """\
    board:
      name: Test Board
      prefix: TB
    people:
      CC: {}
    actions:
      - id: TB 1
        summary: First
        owners: [CC]
        status: open
    """
)


def write(folder: Path, text: str) -> Store:
    (folder / "actions.yaml").write_text(text, encoding="utf-8")
    return Store(folder)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("board: [\n", "2:1", "expected"),
        ("board:\n  name: 'unclosed\n", "2:9", "found unexpected end of stream"),
        ("board:\n\tname: x\n", "2:1", "a tab character"),
        (MINIMAL + "board:\n  name: again\n", "11:1", "duplicate key 'board' (first at line 1)"),
        ("board: &b\n  name: x\n  prefix: TB\nactions: *b\n", "4:10", "aliases"),
        ("board: !!python/object:os.system\n  name: x\n", "1:8", "tags"),
        ("<<<<<<< HEAD\nboard: x\n=======\nboard: y\n>>>>>>> other\n", "1:1", "merge conflict"),
        ("", "1:1", "ppb init"),
        ("# only a comment\n", "1:1", "ppb init"),
        ("- a\n- b\n", "1:1", "expected the keys board, people and actions"),
        (MINIMAL.replace("status: open", "status: finished"), "10:13", "unknown status 'finished'"),
        (MINIMAL.replace("prefix: TB", "prefix: T B"), "3:11", "prefix"),
        (MINIMAL.replace("id: TB 1", "id: XX 1"), "7:9", "not an action of this board"),
        (
            MINIMAL + "    history:\n      - date: 13.03.14\n        status: open\n",
            "12:15",
            "YYYY-MM-DD",
        ),
        (MINIMAL + "    restricted: yes\n", "11:17", "expected true or false"),
        (MINIMAL.replace("summary: First", "summary: [a, b]"), "8:14", "expected text, not a list"),
    ],
)
def test_bad_files_are_errors_at_line_and_column(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    with pytest.raises(FileError) as caught:
        write(tmp_path, text).register()
    assert f"actions.yaml:{where}: " in str(caught.value)
    assert message in str(caught.value)


def test_not_utf8_is_reported_where_it_starts(tmp_path: Path) -> None:
    (tmp_path / "actions.yaml").write_bytes(b"board:\n  name: caf\xe9\n")
    with pytest.raises(FileError, match=r"actions.yaml:2:12: not UTF-8"):
        Store(tmp_path).register()


def test_yaml_11_words_stay_strings(tmp_path: Path) -> None:
    text = MINIMAL.replace("CC: {}", "CC: {}\n  NO: {}\n  'ON': {name: yes}").replace(
        "owners: [CC]", "owners: [no, on]"
    )
    snapshot = write(tmp_path, text).load()
    assert list(snapshot.people) == ["CC", "NO", "ON"]
    assert snapshot.people["ON"]["name"] == "yes"
    assert snapshot.record(0)["owners"] == ["NO", "ON"]


def test_an_unquoted_tilde_is_nothing_but_a_quoted_one_is_text(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + "    item: ~\n    history:\n      - date: 2020-01-01\n        status: open\n        note: '~'\n"
    )
    record = write(tmp_path, text).load().record(0)
    assert record["item"] is None and record["history"][0]["note"] == "~"


def test_crlf_and_bom_files_are_written_back_the_same_way(tmp_path: Path) -> None:
    raw = ("\ufeff" + MINIMAL).replace("\n", "\r\n").encode("utf-8")
    (tmp_path / "actions.yaml").write_bytes(raw)
    actions.add(Store(tmp_path), "Second", ["CC"], on=dt.date(2020, 3, 1))
    after = (tmp_path / "actions.yaml").read_bytes()
    assert after.startswith(raw)
    assert (
        after[len(raw) :]
        == b"  - id: TB 2\r\n    summary: Second\r\n    owners: [CC]\r\n    raised_on: 2020-03-01\r\n    status: open\r\n"
    )


def test_a_write_goes_through_a_symlink_within_the_board_and_keeps_the_mode(
    tmp_path: Path,
) -> None:
    real = tmp_path / "data"
    real.mkdir()
    target = real / "actions.yaml"
    target.write_text(MINIMAL)
    target.chmod(0o640)
    (tmp_path / "actions.yaml").symlink_to("data/actions.yaml")
    actions.add(Store(tmp_path), "Second", ["CC"])
    assert (tmp_path / "actions.yaml").is_symlink()
    assert "TB 2" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in real.iterdir()] == ["actions.yaml"]  # no temp file left


def test_a_symlink_that_leaves_the_board_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "actions.yaml").write_text(MINIMAL)
    folder = tmp_path / "board"
    folder.mkdir()
    (folder / "actions.yaml").symlink_to(outside / "actions.yaml")
    with pytest.raises(FileError, match="a link that leads outside the board") as raised:
        actions.add(Store(folder), "Second", ["CC"])
    assert raised.value.code == "outside-link"
    assert (outside / "actions.yaml").read_text() == MINIMAL
    assert sorted(p.name for p in outside.iterdir()) == ["actions.yaml"]


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    folder = write(tmp_path, MINIMAL)
    loaded = folder.load()
    (tmp_path / "actions.yaml").write_text(MINIMAL.replace("First", "Edited by hand"))
    with pytest.raises(ConflictError, match="changed on disk"):
        files.replace(loaded.source, MINIMAL + "# new\n")
    assert "Edited by hand" in (tmp_path / "actions.yaml").read_text()


def test_a_write_that_would_read_back_differently_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path, MINIMAL)
    loaded = folder.load()
    with pytest.raises(Exception, match="change more than intended"):
        folder.commit(loaded, MINIMAL.replace("First", "Other"), loaded)
    assert (tmp_path / "actions.yaml").read_text() == MINIMAL


def test_an_unusual_layout_is_refused_with_nothing_written(tmp_path: Path) -> None:
    text = MINIMAL.replace("summary: First\n", "summary: First\n      and more\n")
    folder = write(tmp_path, text)
    before = snapshot(tmp_path)
    with pytest.raises(LayoutError):
        actions.update(folder, "1", note="x")
    assert snapshot(tmp_path) == before


def test_dash_under_key_layout_is_kept(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        board: {name: B, prefix: B}
        people: {CC: {}}
        actions:
        - id: B 1
          summary: First   # keep me
          owners:
          - CC
          status: open
          history:
          - date: 2020-01-01
            status: open
        """
    )
    folder = write(tmp_path, text)
    actions.update(folder, "1", note="more", on=__import__("datetime").date(2020, 2, 1))
    actions.add(folder, "Second", ["CC"], on=dt.date(2020, 3, 1))
    result = (tmp_path / "actions.yaml").read_text()
    assert result == text + "  - date: 2020-02-01\n    status: open\n    note: more\n" + (
        "- id: B 2\n  summary: Second\n  owners: [CC]\n  raised_on: 2020-03-01\n  status: open\n"
    )
    assert "  summary: First   # keep me\n" in result
    assert (
        "  - date: 2020-01-01\n    status: open\n  - date: 2020-02-01\n    status: open\n    note: more\n"
        in result
    )
    assert result.endswith(
        "- id: B 2\n  summary: Second\n  owners: [CC]\n  raised_on: 2020-03-01\n  status: open\n"
    )


def test_the_lock_waits_then_gives_up_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write(tmp_path, MINIMAL)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from ppb.store import Store\n"
            "with Store(Path(sys.argv[1])).locked():\n    print('held', flush=True); sys.stdin.read()",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    monkeypatch.setenv("PPB_LOCK_TIMEOUT", "0.3")
    with pytest.raises(ConflictError, match="another ppb is writing"):
        actions.add(folder, "Second", ["CC"])
    holder.kill()  # a killed holder leaves no stale lock
    holder.wait()
    assert actions.add(folder, "Second", ["CC"])["id"] == "TB 2"


@pytest.mark.slow
def test_concurrent_adds_each_land_once_with_unique_ids(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    env = {**os.environ, "PPB_LOCK_TIMEOUT": "60"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ppb", "--dir", str(tmp_path), "add", f"Task {n}", "-o", "CC"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    outputs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    printed = sorted(out.strip() for out, _ in outputs)
    assert printed == sorted(f"TB {n}" for n in range(2, 10))
    register = Store(tmp_path).register()
    summaries = [a.summary for a in register.actions]
    assert sorted(summaries[1:]) == sorted(f"Task {n}" for n in range(8))
    assert [a.id for a in register.actions] == [f"TB {n}" for n in range(1, 10)]


def test_init_writes_a_board_that_reads_back(tmp_path: Path) -> None:
    created = store.init(str(tmp_path / "b"), "Board: with a colon", "xy")
    register = created.register()
    assert register.board.name == "Board: with a colon" and register.board.prefix == "XY"
    assert register.actions == [] and register.people == {}


def test_records_from_the_cache_equal_records_from_a_fresh_parse(tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parent.parent
    shutil.copy(root / "actions.yaml", tmp_path / "actions.yaml")
    first = Store(tmp_path).load()  # parsed, and cached
    assert (tmp_path / ".ppb" / "register.cache").exists()
    second = Store(tmp_path).load()  # from the cache
    records = [first.record(i) for i in range(len(first.rows))]
    assert records == [second.record(i) for i in range(len(second.rows))]
    assert json.loads(json.dumps(records)) == records
    models = Store(tmp_path).register()
    assert [r["id"] for r in records] == [a.id for a in models.actions]


def test_a_hand_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    path = tmp_path / "actions.yaml"
    assert Store(tmp_path).load().record(0)["summary"] == "First"
    stat = path.stat()
    path.write_text(MINIMAL.replace("First", "Fir5t"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert Store(tmp_path).load().record(0)["summary"] == "Fir5t"


def test_only_changed_actions_are_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MINIMAL + "".join(
        f"  - id: TB {n}\n    summary: S{n}\n    status: open\n" for n in range(2, 50)
    )
    write(tmp_path, text)
    Store(tmp_path).load()
    (tmp_path / "actions.yaml").write_text(text.replace("summary: S30\n", "summary: Changed\n"))
    parsed: list[int] = []  # read from its lines (`canonical`) or, failing that, parsed
    real = reader.canonical.read
    monkeypatch.setattr(
        reader.canonical,
        "read",
        lambda found, indexes, *a: parsed.extend(indexes) or real(found, indexes, *a),
    )
    snapshot = Store(tmp_path).load()
    assert parsed == [29]
    assert snapshot.record(29)["summary"] == "Changed" and len(snapshot.rows) == 49


def test_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    Store(tmp_path).load()
    (tmp_path / ".ppb" / "register.cache").write_bytes(b"not marshal")
    assert Store(tmp_path).load().record(0)["id"] == "TB 1"


def _entry(tmp_path: Path) -> dict[str, object]:
    write(tmp_path, MINIMAL)
    Store(tmp_path).load()
    entry = cache.read(str(tmp_path / ".ppb"))
    assert entry is not None and cache.valid(entry)
    return entry


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(
            rows=[("TB 1", "x", ("CC",), "open", None, None, None, None, (), False, None)]
        ),
        lambda e: e.update(
            rows=[["TB 1", "x", ("CC",), "open", None, None, None, None, (), False, None, ()]]
        ),
        lambda e: e.update(
            rows=[("TB 1", 5, ("CC",), "open", None, None, None, None, (), False, None, ())]
        ),
        lambda e: e.update(
            rows=[("TB 1", "x", (5,), "open", None, None, None, None, (), False, None, ())]
        ),
        lambda e: e.update(
            rows=[("TB 1", "x", (), "done", None, None, None, None, (), False, None, ())]
        ),
        lambda e: e.update(
            rows=[("TB 1", "x", (), "open", None, None, None, None, (), 0, None, ())]
        ),
        lambda e: e.update(
            rows=[("TB 1", "x", (), "open", None, None, None, None, (), False, None, (("d",),))]
        ),
        lambda e: e.update(people={"CC": {"name": 5}}),
        lambda e: e.update(board={"name": ["x"]}),
        lambda e: e.update(digests=[b"x", b"y"]),
        lambda e: e.pop("outside"),
        lambda e: e.update(extra=1),
    ],
)
def test_a_cache_entry_of_another_shape_is_not_valid(tmp_path: Path, change: object) -> None:
    entry = _entry(tmp_path)
    change(entry)  # type: ignore[operator]
    assert not cache.valid(entry)


def test_a_cache_is_used_only_with_the_key_of_the_file_that_holds_it(tmp_path: Path) -> None:
    state = str(tmp_path / ".ppb")
    entry = _entry(tmp_path)
    key = (tmp_path / ".ppb" / cache.KEY).read_bytes()
    (tmp_path / ".ppb" / cache.KEY).unlink()
    (tmp_path / ".ppb" / cache.KEY).write_bytes(key)  # the same secret, another file
    assert cache.read(state) is None
    cache.write(state, entry)  # a new key, made by ppb
    assert cache.read(state) == {**entry, "format": cache.code_digest()}
    data = (tmp_path / ".ppb" / cache.NAME).read_bytes()
    (tmp_path / ".ppb" / cache.NAME).write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert cache.read(state) is None  # one bit changed


@pytest.mark.slow
def test_killing_writers_never_leaves_a_broken_or_short_register(tmp_path: Path) -> None:
    """SIGKILL `ppb add` at random moments: the register always reads, and no add lands twice."""
    import random
    import signal
    import time

    write(
        tmp_path,
        MINIMAL
        + "".join(f"  - id: TB {n}\n    summary: S{n}\n    status: open\n" for n in range(2, 300)),
    )
    rng = random.Random(7)
    done, killed = [], []
    for attempt in range(24):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ppb",
                "--dir",
                str(tmp_path),
                "add",
                f"Attempt {attempt}",
                "-o",
                "CC",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        (done if proc.returncode == 0 else killed).append(attempt)
        snapshot = Store(tmp_path).register()  # parses, whole
        summaries = [a.summary for a in snapshot.actions]
        assert summaries[:299] == ["First"] + [f"S{n}" for n in range(2, 300)]
        for n in done:
            assert summaries.count(f"Attempt {n}") == 1
        for n in killed:
            assert summaries.count(f"Attempt {n}") <= 1
        ids = [a.id for a in snapshot.actions]
        assert len(ids) == len(set(ids))
    assert killed, "no writer was killed mid-way; the test proved nothing"
    actions.add(Store(tmp_path), "after the massacre", ["CC"])
    assert [
        p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")
    ] == []  # leftovers cleared


def test_a_cache_written_by_other_code_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    write(tmp_path, MINIMAL)
    Store(tmp_path).load()
    entry = cache.read(str(tmp_path / ".ppb"))
    assert entry is not None
    entry["board"] = {"name": "Stale", "prefix": "TB"}  # what an older ppb might have kept
    monkeypatch.setattr(cache, "_code_digest", "an older ppb")
    cache.write(str(tmp_path / ".ppb"), entry)
    monkeypatch.setattr(cache, "_code_digest", None)
    assert Store(tmp_path).load().board["name"] == "Test Board"
    assert actions.add(Store(tmp_path), "Second", ["CC"])["id"] == "TB 2"


def test_the_cache_is_keyed_by_every_module_of_the_package(tmp_path: Path) -> None:
    """A new, renamed or edited module anywhere in the package makes a new code digest."""
    package = Path(cache.__file__).resolve().parent.parent
    copy = tmp_path / "ppb"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))  # keeps mtimes
    seen = {cache.digest_of(str(copy))}
    assert cache.digest_of(str(package)) in seen  # the copy is the same code
    (copy / "render" / "extra.py").write_text("X = 1\n")
    seen.add(cache.digest_of(str(copy)))
    (copy / "render" / "extra.py").rename(copy / "render" / "other.py")
    seen.add(cache.digest_of(str(copy)))
    (copy / "history.py").write_text((copy / "history.py").read_text() + "\n")
    seen.add(cache.digest_of(str(copy)))
    assert len(seen) == 4


def test_a_summary_is_found_without_parsing_where_it_is_plain(board: Path) -> None:
    text = (board / "actions.yaml").read_text()
    text = text.replace(
        "    summary: T/DCC to develop publishing format for PSD data\n",
        "    summary: >-\n      T/DCC to develop publishing format for PSD data\n",
    )  # folded: found by parsing
    source = files.Source(str(board / "actions.yaml"), "actions.yaml", None, text, False, False)
    items = reader.inspect(source).items
    whole, _ = reader.yaml_read.tree(text, "actions.yaml")
    assert len(items) == 21
    for position, item in enumerate(items):
        wanted = reader.yaml_read.locate(whole, ("actions", position, "summary"))
        assert item.place.at("summary") == wanted, item.raw["id"]


def test_replace_all_writes_every_file_or_none(tmp_path: Path, monkeypatch) -> None:
    old = tmp_path / "old.txt"
    old.write_text("before\n")
    source = files.read_source(str(old), "old.txt")
    new = tmp_path / "sub" / "new.txt"
    store = Store(tmp_path)
    store.write_all([(source, "after\n"), (str(new), "fresh\n")])
    assert (old.read_text(), new.read_text()) == ("after\n", "fresh\n")
    source = files.read_source(str(old), "old.txt")
    old.write_text("changed by someone\n")
    with pytest.raises(ConflictError):
        store.write_all([(str(tmp_path / "third.txt"), "x"), (source, "mine\n")])
    assert old.read_text() == "changed by someone\n" and not (tmp_path / "third.txt").exists()
    assert [p.name for p in tmp_path.rglob(".*.tmp")] == []


def test_an_edit_that_does_not_read_back_names_the_new_text_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write(tmp_path, MINIMAL)
    before = (tmp_path / "actions.yaml").read_bytes()
    broken = MINIMAL + "\n" * 300 + "people: {}\n"  # as a wrong edit might make it
    monkeypatch.setattr(actions.splice, "append_action", lambda snapshot, data: broken)
    with pytest.raises(PpbError) as raised:
        actions.add(folder, "Second", ["CC"])
    assert not isinstance(raised.value, FileError)  # no actions.yaml:311:1 the file lacks
    assert str(raised.value) == (
        "actions.yaml: the edit would not read back (line 311 of the new text: duplicate key "
        "'people' (first at line 4)); nothing was written (please report this, with the file)"
    )
    assert (tmp_path / "actions.yaml").read_bytes() == before


def test_a_new_meeting_that_does_not_read_back_names_the_new_text(board: Path) -> None:
    with pytest.raises(PpbError) as raised:
        Store(board).meeting_from_text("2014-04-10", "date: 2014-04-10\ndate: 2014-04-10\n")
    assert str(raised.value).startswith(
        "meetings/2014-04-10.yaml: the edit would not read back (line 2 of the new text: "
    )


def test_the_cache_of_a_board_with_languages_and_reassignments_is_used(board: Path) -> None:
    """Entries of today's shape are valid: a board's languages, a reassignment's owners."""
    from ppb import actions

    text = (
        (board / "actions.yaml")
        .read_text()
        .replace("  prefix: PPB\n", "  prefix: PPB\n  languages: [en, cy]\n", 1)
    )
    (board / "actions.yaml").write_text(text)
    actions.update(Store(board), "62", owners=["CC"])
    from ppb import cli

    assert (
        cli.run(
            [
                "--dir",
                str(board),
                "people",
                "hold",
                "T/ACC",
                "--name",
                "Liane James",
                "--from",
                "2014-06-01",
            ]
        )
        == 0
    )
    Store(board).load()
    entry = cache.read(str(board / ".ppb"))
    assert entry is not None and cache.valid(entry)
    assert entry["people"]["T/ACC"]["holders"]  # the holders are in the entry that is used


def test_the_collector_is_off_while_a_register_is_parsed_and_back_on_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from ppb.store import yaml_read

    (tmp_path / "actions.yaml").write_text(MINIMAL, encoding="utf-8")
    seen: list[bool] = []
    load = yaml_read.load

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_read, "load", spy)
    assert gc.isenabled()
    Store(tmp_path).load()
    assert seen and not any(seen)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was read is out of the collector's sight
    (tmp_path / "actions.yaml").write_text(MINIMAL + "  - id: [\n", encoding="utf-8")
    with pytest.raises(FileError):
        reader.read(files.read_source(tmp_path / "actions.yaml", "actions.yaml"))
    assert gc.isenabled()  # on again after a problem too


def test_the_largest_register_read_is_set_by_the_memory_free() -> None:
    """A twentieth of what is free, never under 64 MB nor over 2 GB; a meeting three
    quarters of it."""
    mib = 1024 * 1024
    assert files.register_limit(0) == 64 * mib  # a machine that does not say
    assert files.register_limit(8 * 1024 * mib) == 8 * 1024 * mib // files.PEAK
    assert files.register_limit(1 << 50) == 2048 * mib
    assert files.MAX_MEETING == files.MAX_REGISTER * 3 // 4


def test_a_read_the_cache_answers_does_not_decode_the_text(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Store(board).load()
    real = files.decode

    def refused(read: files.Bytes) -> files.Source:
        raise AssertionError("decoded")

    monkeypatch.setattr(files, "decode", refused)
    warm = Store(board).load()
    assert warm.rows == first.rows
    monkeypatch.setattr(files, "decode", real)
    assert warm.source.text == (board / "actions.yaml").read_text()  # when asked for, it is


def test_a_write_the_full_way_reads_the_register_once(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No index (a CRLF register): the bytes read to try it are the ones read in full."""
    path = board / "actions.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    Store(board).load()
    real, reads = files.read_bytes, []

    def counted(*args: object, **kwargs: object) -> files.Bytes:
        reads.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "read_bytes", counted)
    actions.update(Store(board), "56", note="paper sent", on=dt.date(2014, 4, 1))
    assert reads.count(str(path)) == 1
    assert b"paper sent\r\n" in path.read_bytes()
