"""Hostile worlds: a board among links, devices, odd line ends, forged caches and huge numbers.

`test_hostile` holds the first round's hostile files; here each case is a
world: a board in a temporary folder with an `outside` folder beside it that
nothing may touch, set up by one function, and the commands that apply to it
with what each must do. Every command is run the way `ppb` runs it (the quick
path first), and must answer in under a second, grow the process's memory by a
bounded amount, say one clear line on stderr when it fails (never a traceback
or an internal error), leave the board byte for byte as it was when it is
refused, and create or change nothing outside the board.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ppb import cli, quick
from ppb.store import files
from tests.conftest import ROOT, Result, snapshot
from tests.test_hostile import CATALOGUE as FIRST_ROUND

# What a terminal would act on: C0 controls but tab and line feed, DEL, C1 controls
# (U+009B is CSI), the bidi controls that reorder what is shown (U+202E), and the
# Unicode line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
MAX_SECONDS = 1.0
MIB = 1024 * 1024
MAX_GROWTH_KIB = 64 * 1024  # peak memory a command may add to the process


@dataclass(frozen=True)
class Run:
    """A command and what it must do: exit `code`, with `err` in its one stderr line
    and `out` in its stdout; only one that `writes` may change the board."""

    args: tuple[str, ...]
    code: int
    err: str = ""
    out: str = ""
    writes: bool = False
    probe: Callable[[Path], object] | None = None  # instead of a command: look at the board


def run(*args: str, code: int = 1, err: str = "", out: str = "", writes: bool = False) -> Run:
    return Run(args, code, err, out, writes)


def then(probe: Callable[[Path], object]) -> Run:
    """A step that asserts something of the board as the commands before it left it."""
    return Run((), 0, probe=probe)


def outside_state(top: Path, board: Path) -> dict[str, object]:
    """Every entry under `top` but the board: its kind, and a regular file's bytes."""
    state: dict[str, object] = {}
    for folder, dirs, names in os.walk(top):
        if Path(folder) == board:
            dirs.clear()
            continue
        for name in dirs + names:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[path] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    state[path] = ("file", handle.read(), stat.S_IMODE(info.st_mode))
            else:
                state[path] = (stat.S_IFMT(info.st_mode),)
    return state


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as handle:
        match = re.search(rf"{field}:\s+(\d+)", handle.read())
    assert match
    return int(match.group(1))


def measured(function: Callable[[], int]) -> tuple[int, float, int]:
    """(exit code, seconds, KiB the peak resident memory grew by while it ran)."""
    before = _status_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # the peak (VmHWM) starts again from what is resident now
    started = time.perf_counter()
    code = function()
    elapsed = time.perf_counter() - started
    return code, elapsed, _status_kib("VmHWM") - before


def ppb_main(args: tuple[str, ...]) -> int:
    """What `ppb ARGS` does: the quick path if it answers, else the full command line."""
    code = quick.run(list(args))
    return cli.run(list(args)) if code is None else code


def check_runs(
    board: Path, capsys: pytest.CaptureFixture[str], runs: list[Run]
) -> list[tuple[Run, Result]]:
    """Run each command in turn and hold it to the rules of every hostile world."""
    top = board.parent
    done = []
    for step in runs:
        if step.probe is not None:
            step.probe(board)
            continue
        before, around = snapshot(board), outside_state(top, board)
        capsys.readouterr()
        code, elapsed, growth = measured(lambda step=step: ppb_main(step.args))
        captured = capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        where = (step.args, result)
        assert code == step.code, where
        assert "Traceback" not in result.err and "internal error" not in result.err, where
        if code != 0 and step.args[0] not in ("check", "fmt"):  # they report, one line each
            assert result.err.count("\n") == 1 and result.err.startswith("ppb"), where
        assert step.err in result.err, where
        assert step.out in result.out, where
        assert not UNSAFE.search(result.out + result.err), where  # in every format
        if not step.writes:
            assert snapshot(board) == before, where
        assert outside_state(top, board) == around, where
        assert elapsed < MAX_SECONDS, (step.args, elapsed)
        assert growth < MAX_GROWTH_KIB, (step.args, growth)
        done.append((step, result))
    return done


@pytest.fixture
def world(board: Path) -> Path:
    """The embedded board, with a folder beside it holding one file nothing may touch."""
    outside = board.parent / "outside"
    outside.mkdir()
    (outside / ".bash_profile").write_text("export PATH=/usr/bin\n")
    return board


def _reg(board: Path) -> Path:
    return board / "actions.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ROOT_REGISTER = (ROOT / "actions.yaml").read_text(encoding="utf-8")

WORLDS: dict[str, tuple[Callable[[Path], None], list[Run]]] = {}


def hostile(name: str, *runs: Run) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register a world: its set-up function, and the commands run against it in order."""

    def register(setup: Callable[[Path], None]) -> Callable[[Path], None]:
        WORLDS[name] = (setup, list(runs))
        return setup

    return register


def refused_everywhere(err: str, code: str) -> list[Run]:
    """Every reading and writing command refuses the register, and check names `code`."""
    return [
        run("open", err=err),
        run("list", "-f", "json", err=err),
        run("show", "60", err=err),
        run("add", "x", "-o", "CC", err=err),
        run("update", "60", "-n", "x", err=err),
        run("close", "61", err=err),
        run("people", err=err),
        run("people", "add", "DCC", err=err),
        run("meeting", "list", err=err),
        run("meeting", "show", "2014-03-13", err=err),
        run("meeting", "new", "2014-04-10", err=err),
        run("carry-forward", "2014-04-10", err=err),
        run("minutes", "2014-03-13", err=err),
        run("minutes", "2014-03-13", "--public", "-f", "html", err=err),
        run("decisions", err=err),
        run("fmt", "--check", err=err),
        run("renumber", "70", err=err),
        run("check", out=f"[{code}]"),
    ]


# The first round's hostile registers (tests/test_hostile.py), through every command


def _first_round(content: bytes) -> Callable[[Path], None]:
    return lambda board: _reg(board).write_bytes(content)


for _name, _content, _where, _code in FIRST_ROUND:
    hostile(f"first round: {_name}", *refused_everywhere(f"ppb: actions.yaml:{_where}", _code))(
        _first_round(_content)
    )


# 1. Links that leave the board


@hostile("a committed link from a meeting to a file outside the board",
         run("meeting", "new", "2014-04-10", err="meetings/2014-04-10.yaml already exists"),
         run("carry-forward", "2014-04-10", err="meetings/2014-04-10.yaml already exists"),
         run("meeting", "show", "2014-04-10", err="meetings/2014-04-10.yaml:1:1: a link that leads outside the board"),
         run("minutes", "2014-04-10", err="leads outside the board"),
         run("meeting", "show", "2014-05-08", err="leads outside the board"),
         run("carry-forward", "2014-05-08", err="meetings/2014-05-08.yaml already exists"),
         run("minutes", "2014-05-08", "--public", err="leads outside the board"),
         run("update", "60", "-n", "x", "-m", "2014-05-08", err="no meeting 2014-05-08"),
         run("meeting", "list", code=0), run("fmt", "--check", code=0), run("decisions", code=0),
         run("carry-forward", "2014-06-12", code=0, writes=True),
         run("check", out="meetings/2014-04-10.yaml:1:1: a link that leads outside the board; ppb reads and writes only the board's own files [outside-link]"))  # fmt: skip
def _meeting_links_out(board: Path) -> None:
    (board / "meetings" / "2014-04-10.yaml").symlink_to("../../outside/.profile")
    (board / "meetings" / "2014-05-08.yaml").symlink_to("../../outside/.bash_profile")


@hostile(
    "actions.yaml a link to a register outside the board",
    *refused_everywhere("actions.yaml:1:1: a link that leads outside the board", "outside-link"),
)
def _register_links_out(board: Path) -> None:
    (board.parent / "outside" / "actions.yaml").write_bytes(_reg(board).read_bytes())
    _reg(board).unlink()
    _reg(board).symlink_to("../outside/actions.yaml")


@hostile("the meetings folder a link to a folder outside the board",
         run("open", code=0), run("meeting", "list", code=0, out="No meetings yet"),
         run("meeting", "new", "2014-04-10", err="meetings: a link that leads outside the board"),
         run("carry-forward", "2014-04-10", err="leads outside the board"),
         run("minutes", "2014-03-13", err="leads outside the board"),
         run("add", "x", "-o", "CC", "-m", "2014-03-13", err="no meeting 2014-03-13"),
         run("check", out="[outside-link]"))  # fmt: skip
def _meetings_link_out(board: Path) -> None:
    (board / "meetings").rename(board.parent / "outside" / "meetings")
    (board / "meetings").symlink_to("../outside/meetings")


@hostile(".ppb a link to a folder outside the board",
         run("open", code=0), run("show", "60", code=0),
         run("add", "x", "-o", "CC", err=".ppb is a link; ppb keeps its lock and cache in a folder of its own"),
         run("carry-forward", "2014-04-10", err=".ppb is a link"),
         run("check", out=".ppb:1:1: a link; ppb keeps its lock and cache in a folder of its own [state-folder]"))  # fmt: skip
def _state_links_out(board: Path) -> None:
    (board.parent / "outside" / "state").mkdir()
    (board / ".ppb").symlink_to("../outside/state")


@hostile(".ppb a file",
         run("open", code=0), run("add", "x", "-o", "CC", err="cannot lock the board: .ppb is a file"),
         run("check", out=".ppb:1:1: a file; ppb keeps its lock and cache in a folder of its own [state-folder]"))  # fmt: skip
def _state_is_a_file(board: Path) -> None:
    (board / ".ppb").write_text("not a folder\n")


@hostile("the lock and the cache links to files outside the board",
         run("open", code=0), run("add", "x", "-o", "CC", err=".ppb/lock is a link"),
         then(lambda board: (board / ".ppb" / "lock").unlink()),
         run("add", "x", "-o", "CC", code=0, writes=True), run("open", code=0))  # fmt: skip
def _state_files_link_out(board: Path) -> None:
    (board / ".ppb").mkdir()
    (board / ".ppb" / "lock").symlink_to("../../outside/.bash_profile")
    (board / ".ppb" / "register.cache").symlink_to("../../outside/.bash_profile")


@hostile("a link within the board is followed",
         run("add", "x", "-o", "CC", code=0, writes=True),
         then(lambda board: "PPB 71" in (board / "data" / "actions.yaml").read_text()),
         then(lambda board: _reg(board).is_symlink()), run("check", code=0))  # fmt: skip
def _link_within(board: Path) -> None:
    (board / "data").mkdir()
    _reg(board).rename(board / "data" / "actions.yaml")
    _reg(board).symlink_to("data/actions.yaml")


# 2. Where -o writes


def _fifo_reader(path: Path) -> list[bytes]:
    """A FIFO at `path` with a reader waiting on it; what it reads arrives in the list."""
    import threading

    os.mkfifo(path)
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as handle:
            got.append(handle.read())

    threading.Thread(target=read, daemon=True).start()
    return got


FIFO_READ: list[list[bytes]] = []


def _fifo_got(board: Path) -> None:
    for _ in range(100):
        if FIFO_READ[-1]:
            break
        time.sleep(0.01)
    assert FIFO_READ[-1] and b"ACTION SUMMARY" in FIFO_READ[-1][0]
    assert stat.S_ISFIFO((board.parent / "outside" / "fifo").stat().st_mode)


def _minutes_file(board: Path) -> None:
    path = board / "minutes.md"
    assert path.read_text().startswith("<!DOCTYPE html>")  # replaced, its mode kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in board.iterdir() if p.name.startswith(".minutes")] == []


@hostile("-o onto the board's own files, a FIFO, a device, a folder, stdout",
         run("minutes", "2014-03-13", "-o", "actions.yaml", err="ppb: actions.yaml is one of the board's own files; nothing was written (write the minutes elsewhere)"),
         run("minutes", "2014-03-13", "-o", "meetings/2014-03-13.yaml", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", "meetings/../actions.yaml", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", "meetings/notes.md", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", ".ppb/minutes.md", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", "../outside/link", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", "hard.yaml", err="one of the board's own files"),
         run("minutes", "2014-03-13", "-o", "../outside", err="ppb: ../outside is a folder; name a file to write"),
         run("minutes", "2014-03-13", "-o", "../outside/no/such.md", err="cannot write ../outside/no/such.md"),
         run("minutes", "2014-03-13", "-o", "-", code=0, out="ACTION SUMMARY"),
         run("minutes", "2014-03-13", "-o", "/dev/null", code=0),
         then(lambda board: stat.S_ISCHR(os.stat("/dev/null").st_mode) or pytest.fail("/dev/null")),
         run("minutes", "2014-03-13", "-o", "../outside/fifo", code=0), then(_fifo_got),
         run("minutes", "2014-03-13", "-o", "minutes.md", code=0, writes=True),
         then(lambda board: (board / "minutes.md").chmod(0o640)),
         run("minutes", "2014-03-13", "-f", "html", "-o", "minutes.md", code=0, writes=True),
         then(_minutes_file))  # fmt: skip
def _outputs(board: Path) -> None:
    (board.parent / "outside" / "link").symlink_to("../board/actions.yaml")
    os.link(_reg(board), board / "hard.yaml")
    FIFO_READ.append(_fifo_reader(board.parent / "outside" / "fifo"))


def test_minutes_to_dev_stdout_is_written_as_a_stream(board: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ppb", "minutes", "2014-03-13", "-o", "/dev/stdout"],
        cwd=board, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "") and "ACTION SUMMARY" in done.stdout


# 3. Mixed and old line ends


def _only(path: Path, end: bytes) -> None:
    """Every line of the file ends with `end`."""
    data = path.read_bytes()
    assert data.endswith(end) and data.count(end) == len(data.splitlines()), (path, end)
    assert all(data.count(e) == 0 for e in (b"\r\n", b"\r", b"\n") if e not in end)


@hostile("one CRLF line in actions.yaml",
         run("open", code=0), run("show", "70", code=0),
         run("add", "x", "-o", "CC", err="actions.yaml: mixed line ends (CRLF on 1 line, LF on 242; the first CRLF at line 238); ppb writes a file with one kind of line end: `ppb fmt` makes them all LF"),
         run("update", "60", "-n", "x", err="`ppb fmt`"), run("close", "61", err="`ppb fmt`"),
         run("people", "add", "DCC", err="mixed line ends"), run("renumber", "70", err="mixed"),
         run("carry-forward", "2014-04-10", code=0, writes=True),
         run("check", code=0, out="actions.yaml:238:15: warning: mixed line ends (CRLF on 1 line, LF on 242); `ppb fmt` makes them all LF [mixed-line-ends]"),
         run("fmt", code=0, writes=True),
         then(lambda board: _only(_reg(board), b"\n")),
         run("add", "x", "-o", "CC", code=0, out="PPB 71", writes=True), run("check", code=0))  # fmt: skip
def _one_crlf_line(board: Path) -> None:
    _replace(_reg(board), "  - id: PPB 70\n", "  - id: PPB 70\r\n")


MEETING = "meetings/2014-03-13.yaml"


@hostile("one CRLF line in a meeting file",
         run("meeting", "show", "2014-03-13", code=0), run("minutes", "2014-03-13", code=0),
         run("carry-forward", "2014-03-13", err=f"{MEETING}: mixed line ends (CRLF on 1 line, LF on 98; the first CRLF at line 3)"),
         run("check", code=0, out=f"{MEETING}:3:71: warning: mixed line ends"),
         run("fmt", code=0, writes=True), then(lambda board: _only(board / MEETING, b"\n")),
         run("carry-forward", "2014-03-13", code=0, out="PPB 52", writes=True))  # fmt: skip
def _one_crlf_meeting_line(board: Path) -> None:
    _replace(board / MEETING, "venue: ", "venue: ")
    text = (board / MEETING).read_bytes().replace(b"\n", b"\r\n", 3).replace(b"\r\n", b"\n", 2)
    (board / MEETING).write_bytes(text.replace(b"  - action: PPB 52\n", b""))


@hostile("one CRLF line in a register too large for fmt to lay out",
         run("add", "x", "-o", "CC", err="mixed line ends"),
         run("fmt", code=0, err="left the layout of actions.yaml as it is", writes=True),
         then(lambda board: _only(_reg(board), b"\n")),
         run("add", "x", "-o", "CC", code=0, out="PPB 71", writes=True))  # fmt: skip
def _one_crlf_line_large(board: Path) -> None:
    summary = "summary: LA to forward integrity questions to CC in advance of discussion at Policing Board meeting"
    _replace(_reg(board), summary, summary + " and more" * 140_000)
    _replace(_reg(board), "  - id: PPB 70\n", "  - id: PPB 70\r\n")


def _cr_only(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


@hostile("CR line ends only (classic Mac OS)",
         run("open", code=0, out="PPB 70"), run("check", code=0), run("meeting", "list", code=0),
         run("add", "x", "-o", "CC", code=0, out="PPB 71", writes=True),
         run("people", "add", "DCC", code=0, writes=True),
         run("update", "60", "-n", "x", code=0, writes=True),
         run("carry-forward", "2014-03-13", code=0, out="PPB 52", writes=True),
         then(lambda board: _only(_reg(board), b"\r")),
         then(lambda board: _only(board / MEETING, b"\r")),
         run("check", code=0, out=""), run("show", "71", code=0, out="x"))  # fmt: skip
def _cr_only_files(board: Path) -> None:
    _cr_only(_reg(board))
    meeting = board / MEETING
    meeting.write_bytes(meeting.read_bytes().replace(b"  - action: PPB 52\n", b""))
    _cr_only(meeting)


@hostile(
    "a Unicode line separator in a summary",
    *refused_everywhere("actions.yaml:169:29: a Unicode line break (U+2028)", "encoding"),
)
def _line_separator(board: Path) -> None:
    _replace(_reg(board), "Recommendations from hate", "Recommendations\u2028from hate")


# 4. What a killed write leaves, and read-only files

TEMPS = ["meetings/.2014-03-13.yaml.k1ll3d_x.tmp", ".actions.yaml.4bcd_fgh.tmp"]


def _no_temps(board: Path) -> None:
    assert not any((board / temp).exists() for temp in TEMPS)
    assert (board / "meetings" / ".notes.tmp").read_text() == "mine\n"  # not ppb's: kept


@hostile("temporary files a killed write left",
         run("open", code=0), run("check", code=0), run("add", "x", "-o", "NOBODY"),
         run("carry-forward", "2014-04-10", code=0, writes=True), then(_no_temps))  # fmt: skip
def _killed_writes(board: Path) -> None:
    for temp in TEMPS:
        (board / temp).write_text("half a fi")
    (board / "meetings" / ".notes.tmp").write_text("mine\n")


def _mode(path: Path, mode: int) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == mode


@hostile("a read-only actions.yaml",
         run("add", "x", "-o", "CC", err="actions.yaml is read-only; nothing was written (`chmod u+w actions.yaml` lets ppb change it)"),
         run("update", "60", "-n", "x", err="read-only"), run("close", "61", err="read-only"),
         run("people", "add", "DCC", err="read-only"), run("renumber", "70", err="read-only"),
         run("open", code=0), run("carry-forward", "2014-04-10", code=0, writes=True),
         then(lambda board: _mode(_reg(board), 0o444)))  # fmt: skip
def _read_only_register(board: Path) -> None:
    _reg(board).chmod(0o444)


@hostile("a read-only meeting file",
         run("carry-forward", "2014-03-13", err=f"{MEETING} is read-only"),
         run("meeting", "show", "2014-03-13", code=0))  # fmt: skip
def _read_only_meeting(board: Path) -> None:
    meeting = board / MEETING
    meeting.write_bytes(meeting.read_bytes().replace(b"  - action: PPB 52\n", b""))
    meeting.chmod(0o444)


# 5. and 6. A forged or hostile cache


def _warm(board: Path) -> None:
    """A cache as ppb writes it, to forge from."""
    assert ppb_main(("open", "-f", "json")) == 0


def _forged(board: Path, change: Callable[[list[object]], None]) -> None:
    """Rewrite the cache's entry for the register as it is, with one row changed."""
    from ppb.store import Store, cache

    state = str(board / ".ppb")
    _warm(board)
    entry = cache.read(state)
    assert entry is not None
    rows = [list(row) for row in entry["rows"]]
    change(rows[-1])  # PPB 70
    entry["rows"] = [tuple(row) for row in rows]
    cache.write(state, entry)  # with ppb's own key: what a forger without it cannot do …
    (board / ".ppb" / cache.KEY).unlink()  # … so it is a cache keyed by anyone
    (board / ".ppb" / cache.KEY).write_bytes(b"k" * 32)
    assert Store(board).load().rows[-1][0] == "PPB 70"


def _unrestricted(row: list[object]) -> None:
    row[8] = False


def _restricted(board: Path) -> None:
    _replace(
        _reg(board),
        "item: Any Other Business\n    status: open",
        "item: Any Other Business\n    restricted: true\n    status: open",
    )
    _forged(board, _unrestricted)


@hostile("a forged cache that unrestricts an action",
         run("minutes", "2014-03-13", "--public", code=0, out="(Restricted: not published)"),
         run("minutes", "2014-03-13", "--public", "-f", "html", code=0, out="(Restricted: not published)"),
         run("show", "70", "-f", "json", code=0, out='"restricted": true'),
         run("list", "-f", "csv", code=0, out="Any Other Business,,true,"),
         run("meeting", "show", "2014-03-13", code=0), run("check", code=0))  # fmt: skip
def _forged_unrestricted(board: Path) -> None:
    _restricted(board)


def _odd_values(row: list[object]) -> None:
    row[1] = "FORGED summary"
    row[2] = (12, None)


@hostile("a forged cache with a false summary and owners that are not text",
         run("show", "70", code=0, out="LA to forward integrity questions"),
         run("open", "-f", "json", code=0, out='"owners": ["LA"]'),
         run("list", "--search", "FORGED", code=0, out="No actions match"),
         run("minutes", "2014-03-13", code=0, out="LA to forward integrity questions"),
         then(lambda board: "FORGED" not in (board / ".ppb" / "register.cache").read_bytes().decode("latin-1")))  # fmt: skip
def _forged_values(board: Path) -> None:
    _forged(board, _odd_values)


@hostile("a copied cache and key (what a repository could ship)",
         run("show", "70", code=0, out="LA to forward integrity questions"))  # fmt: skip
def _shipped_cache(board: Path) -> None:
    import shutil

    from ppb.store import cache

    _forged(board, _odd_values)
    # The forger's own board, key and all, committed and checked out again: a new key file.
    shipped = board.parent / "shipped"
    shutil.copytree(board / ".ppb", shipped)
    shutil.rmtree(board / ".ppb")
    (board / ".ppb").mkdir()
    _warm(board)
    key = (board / ".ppb" / cache.KEY).read_bytes()
    shutil.rmtree(board / ".ppb")
    shutil.copytree(shipped, board / ".ppb")
    (board / ".ppb" / cache.KEY).write_bytes(key)  # the very key, in a file of its own
    shutil.rmtree(shipped)


def _cache_is(board: Path, what: Callable[[Path], None]) -> None:
    (board / ".ppb").mkdir(exist_ok=True)
    cache = board / ".ppb" / "register.cache"
    cache.unlink(missing_ok=True)
    what(cache)


HOSTILE_CACHES: dict[str, Callable[[Path], None]] = {
    "five bytes declaring a 1 GiB list": lambda p: p.write_bytes(b"[\x00\x00\x00\x40"),
    "a FIFO": lambda p: os.mkfifo(p),
    "a link to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
    "a folder": lambda p: p.mkdir(),
    "a link to the register": lambda p: p.symlink_to("../actions.yaml"),
    "random bytes": lambda p: p.write_bytes(os.urandom(4096)),
}
for _name, _what in HOSTILE_CACHES.items():
    hostile(f"a cache that is {_name}",
            run("open", code=0, out="PPB 70"), run("show", "70", "-f", "json", code=0, out="PPB 70"),
            run("add", "x", "-o", "CC", code=0, writes=True), run("list", code=0, out="PPB 71"))(
        lambda board, what=_what: _cache_is(board, what)
    )  # fmt: skip


@hostile("a key that is a FIFO",
         run("open", code=0, out="PPB 70"), run("add", "x", "-o", "CC", code=0, writes=True),
         run("show", "71", code=0))  # fmt: skip
def _key_fifo(board: Path) -> None:
    from ppb.store import cache

    (board / ".ppb").mkdir()
    os.mkfifo(board / ".ppb" / cache.KEY)


# 7. Numbers past Python's int limit, non-ASCII digits, odd entries in meetings/

HUGE = "7" * 5000


@hostile("a 5,000-digit action number", *refused_everywhere("actions.yaml:", "bad-id"))
def _huge_id(board: Path) -> None:
    _replace(_reg(board), "id: PPB 70", f"id: PPB {HUGE}")


@hostile("a 5,000-digit see", *refused_everywhere("actions.yaml:169:10: see:", "bad-id"))
def _huge_see(board: Path) -> None:
    _replace(_reg(board), "id: PPB 60\n", f"id: PPB 60\n    see: [{HUGE}]\n")


@hostile("a 5,000-digit Matters Arising entry",
         run("open", code=0), run("show", "50", code=0),
         run("meeting", "show", "2014-03-13", err="meetings/2014-03-13.yaml:"),
         run("minutes", "2014-03-13", err="meetings/2014-03-13.yaml:"),
         run("carry-forward", "2014-03-13", err="meetings/2014-03-13.yaml:"),
         run("meeting", "new", "2014-04-10", err="meetings/2014-03-13.yaml:"),
         run("check", out="[bad-id]"))  # fmt: skip
def _huge_entry(board: Path) -> None:
    _replace(board / "meetings" / "2014-03-13.yaml", "- action: PPB 50", f"- action: PPB {HUGE}")


@hostile("5,000-digit numbers on the command line",
         run("show", HUGE, err="not an action id"),
         run("update", f"PPB{HUGE}", "-n", "x", err="not an action id"),
         run("close", HUGE, err="not an action id"),
         run("renumber", "70", HUGE, code=2, err="not an action id"),
         run("add", "x", "-o", "CC", "--see", HUGE, err="not an action id"),
         run("meeting", "new", f"2014-04-10-{HUGE}", code=2, err="not a meeting id"),
         run("carry-forward", f"2014-04-10-{HUGE}", code=2, err="not a meeting id"),
         run("minutes", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"),
         run("meeting", "show", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"),
         run("list", "--raised", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"),
         run("add", "x", "-o", "CC", "--due", f"2014-03-13-{HUGE}", code=2, err="not a date"),
         run("add", "x", "-o", "CC", "-m", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"),
         run("update", "60", "-n", "x", "-m", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"),
         run("decisions", "-m", f"2014-03-13-{HUGE}", code=2, err="not a meeting id"))  # fmt: skip
def _huge_arguments(board: Path) -> None:
    pass


FULLWIDTH = "２０１４-０４-１０"  # 2014-04-10 in fullwidth digits


@hostile("fullwidth digits on the command line",
         run("meeting", "new", FULLWIDTH, code=2, err="not a meeting id"),
         run("carry-forward", FULLWIDTH, code=2, err="not a meeting id"),
         run("add", "x", "-o", "CC", "-m", "２０１４-０３-１３", code=2, err="not a meeting id"),
         run("update", "60", "-n", "x", "-m", "２０１４-０３-１３", code=2, err="not a meeting id"),
         run("add", "x", "-o", "CC", "--due", FULLWIDTH, code=2, err="not a date"),
         run("update", "60", "-n", "x", "--date", FULLWIDTH, code=2, err="not a date"),
         run("list", "--raised", "２０１４-０３-１３", code=2, err="not a meeting id"),
         run("show", "６０", err="not an action id"),
         run("minutes", "２０１４-０３-１３", code=2, err="not a meeting id"),
         run("check", code=0))  # fmt: skip
def _fullwidth_arguments(board: Path) -> None:
    pass


@hostile("fullwidth digits in the files",
         *refused_everywhere("actions.yaml:", "bad-date")[:3],
         run("check", out="[bad-date]"))  # fmt: skip
def _fullwidth_in_files(board: Path) -> None:
    _replace(_reg(board), "raised: 2014-03-13", "raised: ２０１４-０３-１３")


@hostile("a meeting file named in fullwidth digits",
         run("meeting", "list", code=0), run("carry-forward", "2014-05-08", code=0, writes=True),
         run("check", code=0, out="[meeting-name]"))  # fmt: skip
def _fullwidth_file_name(board: Path) -> None:
    meetings = board / "meetings"
    text = (meetings / "2014-03-13.yaml").read_text(encoding="utf-8")
    (meetings / f"{FULLWIDTH}.yaml").write_text(text.replace("2014-03-13", "2014-04-10"))


@hostile("a FIFO, a folder and a link to /dev/zero named as meetings",
         run("meeting", "list", code=0, out="2014-03-13"),
         run("meeting", "show", "2014-04-10", err="meetings/2014-04-10.yaml"),
         run("minutes", "2014-05-08", err="meetings/2014-05-08.yaml"),
         run("meeting", "show", "2014-06-12", err="meetings/2014-06-12.yaml"),
         run("carry-forward", "2014-04-10", err="meetings/2014-04-10.yaml"),
         run("meeting", "new", "2014-05-08", err="meetings/2014-05-08.yaml"),
         run("carry-forward", "2014-06-12", err="meetings/2014-06-12.yaml"),
         run("update", "60", "-n", "x", "-m", "2014-04-10", err="no meeting 2014-04-10"),
         run("decisions", code=0), run("fmt", "--check", code=0), run("open", code=0),
         run("carry-forward", "2014-07-10", code=0, writes=True),
         run("check", out="meetings/2014-04-10.yaml:1:1: a FIFO, not a file [not-a-file]"))  # fmt: skip
def _odd_meeting_entries(board: Path) -> None:
    meetings = board / "meetings"
    os.mkfifo(meetings / "2014-04-10.yaml")
    (meetings / "2014-05-08.yaml").mkdir()
    (meetings / "2014-06-12.yaml").symlink_to("/dev/zero")


# 8. Limits at what a real board needs


def _sparse(path: Path, size: int) -> None:
    with open(path, "r+b" if path.exists() else "wb") as handle:
        handle.truncate(size)  # no blocks on disk: refused before a byte is read


@hostile(
    "a register 1 MiB over the limit (set by this machine's memory)",
    *refused_everywhere(
        f"actions.yaml:1:1: {files.MAX_REGISTER + MIB:,} bytes, more than ppb reads "
        f"({files.MAX_REGISTER:,})",
        "too-large",
    ),
)
def _huge_register(board: Path) -> None:
    _sparse(_reg(board), files.MAX_REGISTER + MIB)


@hostile("a meeting file 1 MiB over the limit",
         run("open", code=0), run("meeting", "show", "2014-03-13", err=f"more than ppb reads ({files.MAX_MEETING:,})"),
         run("carry-forward", "2014-03-13", err="more than ppb reads"),
         run("meeting", "new", "2014-04-10", err="more than ppb reads"),
         run("check", out=f"meetings/2014-03-13.yaml:1:1: {files.MAX_MEETING + MIB:,} bytes, more than ppb reads"))  # fmt: skip
def _huge_meeting(board: Path) -> None:
    _sparse(board / MEETING, files.MAX_MEETING + MIB)


def _history(entries: int) -> str:
    lines = "".join(
        f"      - date: 2014-03-{1 + i % 28:02d}\n        status: open\n" for i in range(entries)
    )
    return "    history:\n" + lines


@hostile("an action with 5,001 history entries",
         *refused_everywhere("actions.yaml:238:1: 5,001 history entries, more than ppb reads of one action (5,000)", "too-large")[:6],
         run("check", out="actions.yaml:238:1: 5,001 history entries"))  # fmt: skip
def _long_history(board: Path) -> None:
    _replace(
        _reg(board),
        "item: Any Other Business\n    status: open\n",
        "item: Any Other Business\n    status: open\n" + _history(5001),
    )


@hostile("an action with 5,000 history entries",
         run("show", "70", code=0, out="4,000 more entries of its history"),
         run("show", "70", "-f", "json", code=0), run("check", code=0),
         run("update", "70", "-n", "x", err="more than ppb changes in place"))  # fmt: skip
def _longest_history(board: Path) -> None:
    _replace(
        _reg(board),
        "item: Any Other Business\n    status: open\n",
        "item: Any Other Business\n    status: open\n" + _history(5000),
    )


@hostile("people around the actions of more than 1 MiB",
         *refused_everywhere("actions.yaml:1:1: 1,", "too-large")[:4],
         run("check", out="characters around the actions (board, people), more than ppb reads (1,048,576) [too-large]"))  # fmt: skip
def _many_people(board: Path) -> None:
    people = "".join(f"  P{i}: {{name: Person number {i} of the board}}\n" for i in range(30_000))
    _replace(_reg(board), "people:\n", "people:\n" + people)


@hostile("a register of 5 MiB not laid out one item per action",
         *refused_everywhere("not laid out one `- id: …` item per action", "too-large")[:3],
         run("check", out="ppb reads a register that large only laid out so"))  # fmt: skip
def _large_and_flowing(board: Path) -> None:
    items = ", ".join(f"{{id: {n}, summary: x, status: open}}" for n in range(100, 160_000))
    _replace(_reg(board), "actions:\n", f"actions: [{items}]\n#")
    text = _reg(board).read_text()
    _reg(board).write_text(text.replace("\n  - id:", "\n#  - id:").replace("\n    ", "\n#    "))


# 9. Text long enough to make Rich's wrapping take seconds

LONG = ("report review develop present business case, " * 50_000)[:2_000_000]


@hostile("a summary of two million characters, and a note of one million",
         run("open", code=0, out="characters more"), run("list", "-s", "open", code=0),
         run("list", "--search", "REVIEW DEVELOP", code=0, out="PPB 70"),
         run("show", "70", code=0, out=LONG[-100:]), run("show", "60", code=0, out=LONG[-90:]),
         run("show", "70", "-f", "md", code=0, out=LONG[-100:]),
         run("show", "70", "-f", "json", code=0, out=LONG[-100:]),
         run("list", "-f", "csv", code=0, out=LONG[-100:]),
         run("meeting", "show", "2014-03-13", code=0, out="characters more"),
         run("decisions", code=0, out="characters more"), run("people", code=0),
         run("minutes", "2014-03-13", code=0, out=LONG[-100:]))  # fmt: skip
def _long_text(board: Path) -> None:
    _replace(
        _reg(board),
        "summary: LA to forward integrity questions to CC in advance of discussion at Policing Board meeting",
        f"summary: {LONG}",
    )
    entry = f"\n    history:\n      - date: 2014-03-13\n        status: open\n        note: {LONG[:1_000_000]}"
    _replace(
        _reg(board),
        "    item: Hate Crime\n    status: open",
        f"    item: Hate Crime\n    status: open{entry}",
    )
    meeting = board / "meetings" / "2014-03-13.yaml"
    _replace(
        meeting, "text: it was confirmed that", f"text: {LONG[:400_000]} it was confirmed that"
    )
    decision = "It was agreed that protecting vulnerable people should be the focus of partnership discussions."
    _replace(meeting, f"- decision: {decision}", f"- decision: {decision} {LONG[:400_000]}")


# 10. A valid file the per-action split cut wrongly


@hostile("a quoted summary continued at column 0",
         run("open", code=0, out="PPB 70"), run("show", "70", code=0, out="advance: of discussion"),
         run("list", "-f", "json", code=0, out="questions to CC in advance: of"),
         run("minutes", "2014-03-13", code=0), run("meeting", "show", "2014-03-13", code=0),
         run("check", code=0), run("people", code=0),
         run("add", "x", "-o", "CC", err="ppb fmt"), run("update", "60", "-n", "x", err="ppb fmt"),
         run("carry-forward", "2014-04-10", code=0, writes=True),
         run("fmt", code=0, writes=True), run("add", "x", "-o", "CC", code=0, out="PPB 71", writes=True),
         run("show", "70", code=0, out="advance: of discussion"))  # fmt: skip
def _column_zero(board: Path) -> None:
    _replace(
        _reg(board),
        "summary: LA to forward integrity questions to CC in advance of discussion at Policing Board meeting",
        'summary: "LA to forward integrity questions to\nCC in advance: of discussion at Policing Board meeting"',
    )


# 11. Terminal safety in every format


def _escapes(kind: str) -> list[Run]:
    """What each format shows of the summary ESC[31m, CSI (U+009B) and RLO (U+202E)."""
    shows = {"table": "\\x1b[31m", "csv": "\\x9b31m", "md": "\\u202e", "json": "\\u009b31m"}
    return [run(*args, code=0, out=shows[fmt]) for args, fmt in [
        (("open", "-o", "LA"), "table"), (("list", "-f", "csv"), "csv"),
        (("list", "-f", "json"), "json"), (("open", "-f", "md"), "md"),
        (("show", "70"), "table"), (("show", "70", "-f", "csv"), "csv"),
        (("show", "70", "-f", "json"), "json"), (("show", "70", "-f", "md"), "md"),
        (("list", "--search", kind, "-f", "json"), "json"),
    ]]  # fmt: skip


@hostile("escape sequences, C1 controls and bidi overrides in the files",
         *_escapes("red"),
         run("people", code=0, out="\\u202eevil"), run("people", "-f", "csv", code=0, out="\\u202e"),
         run("people", "-f", "json", code=0, out="\\u202e"),
         run("open", "-o", "lee \u202eEVIL", code=0, out="\\u202eevil"),
         run("meeting", "show", "2014-03-13", code=0, out="\\x9b"),
         run("meeting", "show", "2014-03-13", "-f", "csv", code=0, out="\\x9b"),
         run("meeting", "show", "2014-03-13", "-f", "json", code=0, out="\\u009b"),
         run("minutes", "2014-03-13", code=0, out="\\u202e"),
         run("minutes", "2014-03-13", "-f", "html", code=0, out="\\u202e"),
         run("decisions", code=0), run("decisions", "-f", "json", code=0),
         run("carry-forward", "2014-04-10", "--dry-run", code=0, out="\\u202e"),
         run("fmt", "--check", "--diff", code=1, out="\\u202e"),
         run("check", "-f", "json", code=0, out="\\u202e"),
         run("check", code=0, out="\\u202e"),
         run("update", "60", "-n", "\x1b[2J\u202ecleared", code=0, out="\\x1b[2J", writes=True),
         run("people", "add", "\u202eX", code=0, out="\\u202eX", writes=True),
         run("show", "\x9b2J", err="\\x9b2J"))  # fmt: skip
def _terminal_escapes(board: Path) -> None:
    _replace(
        _reg(board),
        "summary: LA to forward integrity questions to CC in advance of discussion at Policing Board meeting",
        'summary: "LA to \\e[31mred\\e[0m \\x9b31m \u202eevil"',
    )
    _replace(_reg(board), "  LA: {}", '  LA: {name: "Lee \u202eevil"}')
    _replace(_reg(board), "item: Any Other Business", "item: Any \u202eOther #1")  # check quotes it
    meeting = board / "meetings" / "2014-03-13.yaml"
    _replace(meeting, "text: it was confirmed that", 'text: "\\x9b31m \u202e it was confirmed that')
    _replace(meeting, "communication report.\n", 'communication report."\n')
    decision = "It was agreed that protecting vulnerable people should be the focus of partnership discussions."
    _replace(meeting, f"- decision: {decision}", f'- decision: "\\e[2J\u202e{decision}"')


@pytest.mark.parametrize("name", list(WORLDS))
def test_a_hostile_world(world: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    setup, runs = WORLDS[name]
    setup(world)
    check_runs(world, capsys, runs)


@pytest.mark.parametrize("number", [errno.EACCES, errno.ENOSPC, errno.ENAMETOOLONG, errno.EROFS])
@pytest.mark.parametrize("command", ["carry-forward", "meeting new"])
def test_a_meeting_that_cannot_be_created_is_a_clear_error(
    world: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    number: int, command: str,
) -> None:  # fmt: skip
    import tempfile

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    wanted = f"ppb: cannot write meetings/2014-04-10.yaml: {os.strerror(number)}\n"
    [(_, result)] = check_runs(world, capsys, [run(*command.split(), "2014-04-10")])
    assert result.err == wanted


# 8. Peak memory a small multiple of the file's size, whatever its shape

PROBE = """
import re, sys
from ppb import cli
def kib(field):
    return int(re.search(field + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1))
base = kib("VmRSS")
open("/proc/self/clear_refs", "w").write("5")  # the peak starts from here, not from exec
code = cli.run(sys.argv[1:])
print(code, kib("VmHWM") - base, file=sys.stderr)
"""
IMPORTS_KIB = 24 * 1024  # what a command imports as it goes (Pydantic, PyYAML, ruamel, Rich)
TIMES = {"read": 20, "check": 48}  # peak growth at most this many times the file's size


def _shape(name: str, size: int) -> str:
    """A register of about `size` bytes in one of the shapes that cost most per byte."""
    head = ROOT_REGISTER.split("\nactions:\n")[0] + "\nactions:\n"
    if name == "benchmark":
        import random

        spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
        assert spec and spec.loader
        generate = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generate)
        rng = random.Random(1)
        item = "  - id: PPB {n}\n    summary: {s}\n    owners: [CC]\n    raised: 2014-03-13\n    status: open\n\n"
        make = lambda n: item.format(n=n, s=generate.summary(rng, "CC"))  # noqa: E731
    elif name == "tiny actions":
        make = lambda n: f"  - id: {n}\n    summary: x\n    status: open\n"  # noqa: E731
    elif name == "flow style":
        make = lambda n: f"  - {{id: {n}, summary: x, status: open}}\n"  # noqa: E731
    elif name == "long histories":
        entries = "".join("      - {date: 2014-03-13, status: open}\n" for _ in range(4999))
        make = lambda n: f"  - id: {n}\n    summary: x\n    status: open\n    history:\n{entries}"  # noqa: E731
    else:  # one long summary
        return head + "  - id: 1\n    summary: " + "word " * (size // 5) + "\n    status: open\n"
    parts, total, n = [head], len(head), 1
    while total < size:
        parts.append(make(n))
        total += len(parts[-1])
        n += 1
    return "".join(parts)


SHAPES = ["benchmark", "tiny actions", "flow style", "long histories", "long summary"]
COMMANDS = [("open", "-f", "json"), ("list", "-f", "csv"), ("show", "1", "-f", "md"),
            ("open",), ("check",), ("add", "x", "-o", "CC"), ("update", "1", "-n", "x")]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_peak_memory_is_a_small_multiple_of_the_file_size(board: Path, shape: str) -> None:
    """Measured as the growth of VmHWM in a process of its own, from a cold cache."""
    import shutil
    import subprocess
    import sys

    _reg(board).write_text(_shape(shape, 1_500_000), encoding="utf-8")
    size_kib = _reg(board).stat().st_size // 1024
    for args in COMMANDS:
        shutil.rmtree(board / ".ppb", ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], cwd=board, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        )  # fmt: skip
        code, growth = done.stderr.split("\n")[-2].split()
        times = TIMES["check" if args[0] == "check" else "read"]
        assert code in ("0", "1") and "Traceback" not in done.stderr, (args, done.stderr)
        assert int(growth) < IMPORTS_KIB + times * size_kib, (shape, args, growth, size_kib)
