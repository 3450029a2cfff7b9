"""ppb's benchmark: every figure of issue 15, each timed against a peer in the same run.

    python bench/run.py                          # 2,500 / 10,000 / 100,000 actions, 10 runs
    python bench/run.py --sizes 2500 --runs 5
    python bench/run.py --sizes 10000 --only check,fmt --runs 3
    python bench/run.py --only meetings --meetings 1000,5000
    python bench/run.py --million                # also 1,000,000 actions, one run

Boards are generated in a temporary folder (bench/generate.py) in the shape of
the embedded board. Runs are interleaved (every case once, then again), so a
slow moment of the machine hurts all cases alike. The table shows each case's
median and its peak memory (GNU time, the largest of its runs), beside the
same figures as a multiple of its peer's, measured in the same run on the same
data: Taskwarrior 2.6 (`task`, apt-get install taskwarrior) for the boards of
N actions, the bare interpreter for the boards of many meetings, JSON of the
same rows for Rich tables, a Typer hello-world for the embedded board.

Each case measures what it says: reads run once untimed first, so their cache
is warm; a first read gets a fresh copy of the board with no .ppb/ before every
run; writes go to a copy of their own (reads never see them), `update` and
`close` take a different open action each run; carry-forward has the board put
back as it was before every run. COLUMNS is 80 (Rich's width when its output
is not a terminal) unless a case sets it, so a run does not depend on the
terminal it was started from. Groups (`--only`): read, cold, write, check,
fmt, carry, meetings, table; the floors always run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, generate_meetings, write_taskwarrior

HELLO = """\
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")
@app.command()
def other() -> None:
    pass
app()
"""

GROUPS = ("read", "cold", "write", "check", "fmt", "carry", "meetings", "table")
ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"  # peak memory of the command itself (a forked child's own
# rusage would count the pages it shared with the benchmark before exec)
FLOOR = "-"
PASS = "python -c pass"
HELLO_WORLD = "typer hello-world"
TASK_EXPORT = "task +T_ACC status:pending export"


@dataclass
class Case:
    """One command timed on one board, and the case on the same data it is compared with."""

    board: str
    name: str
    argv: list[str] | Callable[[], list[str]]
    env: dict[str, str]
    peer: tuple[str, str] | None = None  # (board, name)
    prepare: Callable[[], None] | None = None  # untimed, before every run
    warm: bool = False  # run once untimed before the timed runs
    output: Path | None = None  # stdout goes to this file (else nowhere)
    say: bool = False  # quote the last line ppb wrote to stderr, in the notes
    after: Callable[[], str] | None = None  # a note, made once after the last run

    @property
    def key(self) -> tuple[str, str]:
        return self.board, self.name


@dataclass
class Timing:
    seconds: float
    peak_kib: int  # 0 if unknown
    code: int
    stderr: str


def timed(argv: list[str], env: dict[str, str], output: Path | None = None) -> Timing:
    """Seconds, peak resident memory and exit code of one run."""
    report = None
    if os.access(GNU_TIME, os.X_OK):
        fd, report = tempfile.mkstemp(prefix="ppb-bench-rss.")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", report, *argv]
    with open(output, "wb") if output else open(os.devnull, "wb") as out:
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, env=env, check=False)
        elapsed = time.perf_counter() - start
    peak = 0
    if report:
        with open(report) as handle:
            words = handle.read().split()
        os.unlink(report)
        peak = int(words[-1]) if words and words[-1].isdigit() else 0
    return Timing(elapsed, peak, done.returncode, done.stderr.decode(errors="replace"))


def ppb_command() -> list[str]:
    found = shutil.which("ppb", path=str(Path(sys.executable).parent)) or shutil.which("ppb")
    return [found] if found else [sys.executable, "-m", "ppb"]


def fresh_copy(board: Path, copy: Path) -> None:
    """A copy of the board's files, without its .ppb/ (no cache, no key)."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(board, copy, ignore=shutil.ignore_patterns(".ppb"))


def forget_checks(board: Path) -> None:
    """What earlier checks kept of the board, gone (the register's cache stays)."""
    for kept in (board / ".ppb").glob("check*.cache"):
        kept.unlink()


def restore(pristine: Path, copy: Path) -> None:
    """Put the copy's files back as the pristine board's, keeping the copy's .ppb/ (its cache)."""
    for folder, dirs, names in os.walk(copy):
        dirs[:] = [d for d in dirs if not (Path(folder) == copy and d == ".ppb")]
        for name in names:
            path = Path(folder) / name
            original = pristine / path.relative_to(copy)
            if not original.exists():
                path.unlink()
            elif not filecmp.cmp(original, path, shallow=False):
                shutil.copy2(original, path)
    for folder, dirs, names in os.walk(pristine):
        dirs[:] = [d for d in dirs if not (Path(folder) == pristine and d == ".ppb")]
        for name in names:
            target = copy / (Path(folder) / name).relative_to(pristine)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(folder) / name, target)


def must(argv: list[str], env: dict[str, str], codes: tuple[int, ...] = (0,)) -> int:
    """Run a setup command (untimed); stop if it fails."""
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    if done.returncode not in codes:
        raise SystemExit(
            f"benchmark setup failed ({done.returncode}): {' '.join(argv)}\n{done.stderr.decode()}"
        )
    return done.returncode


def taskwarrior(work: Path, name: str, tasks: list, env: dict[str, str]) -> dict[str, str]:  # type: ignore[type-arg]
    """Taskwarrior data of the same actions, and the environment that points `task` at it."""
    data = work / f"task-{name}"
    write_taskwarrior(data, tasks)
    rc = work / f"taskrc-{name}"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    return {**env, "TASKRC": str(rc)}


class Bench:
    """The cases of one benchmark run, built board by board."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.only = set(args.only)
        self.env = {**os.environ, "NO_COLOR": "1", "PPB_LOCK_TIMEOUT": "60", "COLUMNS": "80"}
        self.env.pop("PPB_DIR", None)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # time ppb as installed: with its bytecode
        self.ppb = ppb_command()
        self.task = shutil.which("task")
        self.cases: list[Case] = []
        self.notes: list[str] = []

    def add(self, *args, **kwargs) -> Case:  # type: ignore[no-untyped-def]
        case = Case(*args, **kwargs)
        self.cases.append(case)
        return case

    def floors(self) -> None:
        hello = self.work / "hello.py"
        hello.write_text(HELLO)
        py = sys.executable
        self.add(FLOOR, PASS, [py, "-c", "pass"], self.env)
        self.add(FLOOR, HELLO_WORLD, [py, str(hello), "hello"], self.env)
        self.add(FLOOR, f"{HELLO_WORLD} --help", [py, str(hello), "--help"], self.env)
        if "read" in self.only:
            base = [*self.ppb, "--dir", str(ROOT)]
            self.add(
                "embedded",
                "ppb open --owner T/ACC --format json",
                [*base, "open", "--owner", "T/ACC", "--format", "json"],
                self.env,
                peer=(FLOOR, HELLO_WORLD),
                warm=True,
            )
            self.add(
                "embedded",
                "ppb --help",
                [*self.ppb, "--help"],
                self.env,
                peer=(FLOOR, f"{HELLO_WORLD} --help"),
            )

    def sized(self, n: int) -> None:
        """The cases on a board of N actions."""
        label = f"{n:,}"
        board = self.work / f"board-{n}"
        print(f"generating {label} actions …", file=sys.stderr)
        facts = generate(board, n)
        tasks = facts["tasks"]
        pending = [t for t in tasks if t[3] in ("open", "in progress")]  # type: ignore[attr-defined]
        open_ids = [f"PPB {t[0]}" for t in pending]
        uuids = [str(uuid.UUID(int=t[0])) for t in pending]
        tacc = sum(1 for t in pending if "T/ACC" in t[2])
        base = [*self.ppb, "--dir", str(board)]
        env = self.env
        if "fmt" in self.only:  # time fmt --check on a board already as fmt writes it
            if must([*base, "fmt", "--check"], env, (0, 1)):
                must([*base, "fmt"], env)
                must([*base, "fmt", "--check"], env)
                self.notes.append(f"{label}: the generated board was not canonical; `ppb fmt` ran")
        must([*base, "open", "--format", "json"], env)  # the cache, warm for every read
        peer = None
        if self.task:
            task_env = taskwarrior(self.work, str(n), tasks, env)  # type: ignore[arg-type]
            self.add(label, TASK_EXPORT, [self.task, "+T_ACC", "status:pending", "export"], task_env, warm=True)  # fmt: skip
            peer = (label, TASK_EXPORT)
        open_json = [*base, "open", "--owner", "T/ACC", "--format", "json"]
        if "read" in self.only:
            middle = f"PPB {n // 2}"
            self.add(label, "ppb open --owner T/ACC --format json", open_json, env, peer, warm=True)
            self.add(
                label,
                "ppb list --owner CC --status completed --format json",
                [*base, "list", "--owner", "CC", "--status", "completed", "--format", "json"],
                env,
                peer,
                warm=True,
            )
            self.add(label, "ppb show ID --format json", [*base, "show", middle, "--format", "json"], env, peer, warm=True)  # fmt: skip
        if "cold" in self.only:
            cold = self.work / f"board-{n}-cold"
            self.add(
                label,
                "ppb open --owner T/ACC --format json, first read (fresh copy, no .ppb/)",
                [*self.ppb, "--dir", str(cold), "open", "--owner", "T/ACC", "--format", "json"],
                env,
                peer,
                prepare=lambda: fresh_copy(board, cold),
            )
        if "write" in self.only:
            self.writes(n, board, open_ids, uuids, tasks)
        if "check" in self.only:
            # Warm: what the last check read is kept (.ppb/check*.cache); cold: forgotten first.
            self.add(label, "ppb check", [*base, "check"], env, peer, warm=True, say=True)
            self.add(label, "ppb check, nothing kept from a check before", [*base, "check"],
                     env, peer, prepare=lambda: forget_checks(board))  # fmt: skip
        if "fmt" in self.only:
            self.add(label, "ppb fmt --check (already canonical)", [*base, "fmt", "--check"], env, peer, say=True)  # fmt: skip
        if "carry" in self.only:
            self.carry(n, board, facts["last_meeting"], len(open_ids), peer)  # type: ignore[arg-type]
        if "table" in self.only:
            out = self.work / "out"
            out.mkdir(exist_ok=True)
            json_name = f"ppb open --owner T/ACC --format json ({tacc:,} rows) > file"
            self.add(label, json_name, open_json, env, warm=True, output=out / f"{n}.json")
            for columns in (80, 120):
                self.add(
                    label,
                    f"ppb open --owner T/ACC, Rich table of {tacc:,} rows, COLUMNS={columns} > file",
                    [*base, "open", "--owner", "T/ACC"],
                    {**env, "COLUMNS": str(columns)},
                    (label, json_name),
                    warm=True,
                    output=out / f"{n}-{columns}.txt",
                )

    def writes(self, n: int, board: Path, open_ids: list[str], uuids: list[str], tasks) -> None:  # type: ignore[no-untyped-def]
        """add, update and close on a copy of their own (with a warm cache), and Taskwarrior's."""
        label = f"{n:,}"
        copy = self.work / f"board-{n}-write"
        fresh_copy(board, copy)
        base = [*self.ppb, "--dir", str(copy)]
        must([*base, "open", "--format", "json"], self.env)
        # update takes from the front; close from the back of those raised by today (a board
        # of 100,000 has meetings into the 2030s, and nothing is closed before it was raised)
        today = dt.date.today().isoformat()
        raised = {f"PPB {t[0]}": t[4] for t in tasks}
        ids, keys = list(open_ids), list(uuids)
        closable = [(i, key) for i, key in zip(open_ids, uuids, strict=True) if raised[i] <= today]
        closing, closing_keys = [i for i, _ in closable], [key for _, key in closable]
        task_env = taskwarrior(self.work, f"{n}-write", tasks, self.env) if self.task else None
        peers: dict[str, tuple[str, str] | None] = {"add": None, "update": None, "close": None}
        if self.task and task_env:
            for verb, name, argv in (
                ("add", "task add", lambda: [self.task, "add", "Benchmark action", "+CC"]),
                (
                    "update",
                    "task UUID annotate",
                    lambda: [self.task, keys.pop(0), "annotate", "benchmark note"],
                ),  # fmt: skip
                ("close", "task UUID done", lambda: [self.task, closing_keys.pop(), "done"]),
            ):
                self.add(label, name, argv, task_env)
                peers[verb] = (label, name)
        self.add(label, "ppb add", [*base, "add", "Benchmark action", "--owner", "CC"], self.env, peers["add"])  # fmt: skip
        self.add(
            label,
            "ppb update ID --note (a different action each run)",
            lambda: [*base, "update", ids.pop(0), "--note", "benchmark note"],
            self.env,
            peers["update"],
        )
        self.add(
            label,
            "ppb close ID (a different action each run)",
            lambda: [*base, "close", closing.pop(), "--note", "done"],
            self.env,
            peers["close"],
        )

    def carry(self, n: int, board: Path, last: str, open_now: int, peer) -> None:  # type: ignore[no-untyped-def]
        """carry-forward to a new meeting, on a copy put back as it was before every run."""
        copy = self.work / f"board-{n}-carry"
        fresh_copy(board, copy)
        must([*self.ppb, "--dir", str(copy), "open", "--format", "json"], self.env)
        meeting = (dt.date.fromisoformat(last) + dt.timedelta(weeks=1)).isoformat()

        def readable() -> str:
            """Whether ppb reads back what carry-forward wrote in the last run."""
            written = copy / "meetings" / f"{meeting}.yaml"
            if not written.exists():
                return f"{n:,}: carry-forward wrote no meetings/{meeting}.yaml"
            size = f"{n:,}: carry-forward wrote {written.stat().st_size / 2**20:.1f} MiB"
            argv = [*self.ppb, "--dir", str(copy), "meeting", "list", "--format", "json"]
            done = subprocess.run(argv, capture_output=True, text=True, env=self.env)
            if done.returncode:
                said = (done.stderr.strip().splitlines() or [""])[-1]
                return f"{size}, and `ppb meeting list` then fails (exit {done.returncode}): {said}"
            return f"{size}; `ppb meeting list` reads it back"

        self.add(
            f"{n:,}",
            f"ppb carry-forward NEW (a new meeting, {open_now:,} entries)",
            [*self.ppb, "--dir", str(copy), "carry-forward", meeting],
            self.env,
            peer,
            prepare=lambda: restore(board, copy),
            after=readable,
        )

    def meetings(self, m: int) -> None:
        label = f"{m:,} meetings"
        board = self.work / f"meetings-{m}"
        print(f"generating {label} …", file=sys.stderr)
        facts = generate_meetings(board, m)
        self.notes.append(
            f"{label}: {facts['n']:,} actions, {facts['arising']:,} Matters Arising entries "
            f"in all (as carry-forward writes them), {facts['open']:,} open now"
        )
        base = [*self.ppb, "--dir", str(board)]
        must([*base, "open", "--format", "json"], self.env)
        for name, argv in (
            ("ppb meeting list", ["meeting", "list"]),
            ("ppb meeting list --format json", ["meeting", "list", "--format", "json"]),
            ("ppb decisions", ["decisions"]),
            ("ppb check", ["check"]),
        ):
            self.add(label, name, [*base, *argv], self.env, (FLOOR, PASS), warm=True, say=name == "ppb check")  # fmt: skip
        self.add(label, "ppb check, nothing kept from a check before", [*base, "check"],
                 self.env, (FLOOR, PASS), prepare=lambda: forget_checks(board))  # fmt: skip

    def run(self) -> tuple[dict[tuple[str, str], list[Timing]], dict[tuple[str, str], str]]:
        """Every case once per run, interleaved; a case that fails is reported, not retried."""
        timings: dict[tuple[str, str], list[Timing]] = {}
        failed: dict[tuple[str, str], str] = {}

        def once(case: Case) -> None:
            if case.prepare:
                case.prepare()
            argv = case.argv() if callable(case.argv) else case.argv
            result = timed(argv, case.env, case.output)
            if result.code != 0:  # the row shows this run alone, and why
                failed[case.key] = self.why(result)
                timings[case.key] = [result]
            elif not warming:
                timings.setdefault(case.key, []).append(result)

        warming = True
        for case in self.cases:
            if case.warm:
                once(case)
        warming = False
        for run in range(self.args.runs):
            print(f"run {run + 1}/{self.args.runs} …", file=sys.stderr)
            for case in self.cases:
                if case.key not in failed:
                    once(case)
        self.remark(timings, failed)
        return timings, failed

    def why(self, result: Timing) -> str:
        """Why a command failed: its exit code and its last line, paths inside the board."""
        lines = result.stderr.strip().splitlines() or [""]
        return f"exit {result.code}: {lines[-1].replace(f'{self.work}/', '')[:200]}"

    def remark(self, timings, failed) -> None:  # type: ignore[no-untyped-def]
        """Notes on what the cases did: what ppb said, whether it reads back what it wrote."""
        for case in self.cases:
            if case.key in failed:
                continue
            if case.key in timings and case.say:
                said = timings[case.key][-1].stderr.strip().splitlines() or ["(nothing)"]
                self.notes.append(f"{case.board}, `{case.name}`: ppb said “{said[-1][:200]}”")
            if case.key in timings and case.after:
                self.notes.append(case.after())

    def million(self, timings, failed, n: int = 1_000_000) -> None:  # type: ignore[no-untyped-def]
        """1,000,000 actions, one run each: the first read, a second read, Taskwarrior."""
        label = f"{n:,}"
        board = self.work / "board-million"
        print(f"generating {label} actions …", file=sys.stderr)
        facts = generate(board, n)
        size = (board / "actions.yaml").stat().st_size
        self.notes.append(f"{label}: actions.yaml is {size / 2**20:,.0f} MiB; one run of each")
        argv = [*self.ppb, "--dir", str(board), "open", "--owner", "T/ACC", "--format", "json"]
        peer = None
        runs: list[Case] = []
        if self.task:
            task_env = taskwarrior(self.work, "million", facts["tasks"], self.env)  # type: ignore[arg-type]
            runs.append(Case(label, TASK_EXPORT, [self.task, "+T_ACC", "status:pending", "export"], task_env))  # fmt: skip
            peer = (label, TASK_EXPORT)
        runs.append(Case(label, "ppb open --owner T/ACC --format json, first read", argv, self.env, peer))  # fmt: skip
        runs.append(Case(label, "ppb open --owner T/ACC --format json, second read", argv, self.env, peer))  # fmt: skip
        for case in runs:
            self.cases.append(case)
            result = timed(case.argv, case.env)  # type: ignore[arg-type]
            timings[case.key] = [result]
            if result.code:
                failed[case.key] = self.why(result)


def describe(task: str | None) -> str:
    """Machine, system, Python, Taskwarrior and ppb's commit, for the table's heading."""
    system = platform.system()
    try:
        release = dict(
            line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line
        )  # fmt: skip
        system = release.get("PRETTY_NAME", system).strip('"')
    except OSError:
        pass
    said = [f"{platform.machine()}, {os.cpu_count()} cores", system, f"Python {platform.python_version()}"]  # fmt: skip
    if task:
        version = subprocess.run([task, "--version"], capture_output=True, text=True).stdout
        said.append(f"Taskwarrior {version.strip()}")
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"], capture_output=True, text=True
    ).stdout.strip()
    if commit:
        said.append(f"ppb at {commit}")
    return ", ".join(said)


def report(bench: Bench, timings, failed) -> None:  # type: ignore[no-untyped-def]
    """One Markdown table: each case's median and peak memory, and both against its peer."""
    median = {k: statistics.median(t.seconds for t in v) * 1000 for k, v in timings.items()}
    peak = {k: max(t.peak_kib for t in v) / 1024 for k, v in timings.items()}
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\nppb benchmark, {now}; {describe(bench.task)}")
    print(
        f"Medians of {bench.args.runs} interleaved runs; peak memory is the largest of a case's "
        "runs (GNU time); × peer is the case over its peer, measured in the same run.\n"
    )
    print("| board | command | runs | median ms | peak MB | peer | × peer time | × peer memory |")
    print("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for case in bench.cases:
        key = case.key
        if key not in timings:
            continue
        name = f"{case.name} — fails, {failed[key]}" if key in failed else case.name
        runs, ms, mb = len(timings[key]), median[key], peak[key]
        peer, times, memory = "", "", ""
        if case.peer and case.peer in median and case.peer not in failed:
            peer = case.peer[1]
            times = f"{ms / median[case.peer]:.2f}"
            memory = f"{mb / peak[case.peer]:.2f}" if peak[case.peer] else ""
        print(f"| {case.board} | {name} | {runs} | {ms:,.0f} | {mb:,.0f} | {peer} | {times} | {memory} |")  # fmt: skip
    for case in bench.cases:  # what a table printed: ppb shows a table's first rows
        if case.output and case.output.suffix == ".txt" and case.output.exists():
            with open(case.output, encoding="utf-8", errors="replace") as handle:
                lines = handle.readlines()
            said = [line.strip() for line in lines if line.strip()]
            tail = said[-1] if said else ""
            bench.notes.append(
                f"{case.board}, COLUMNS={case.env['COLUMNS']}: the table was {len(lines):,} lines, "
                f"ending “{tail[:120]}”"
            )
    if bench.notes:
        print()
        for note in bench.notes:
            print(f"- {note}")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time ppb against its peers in the same run.")
    parser.add_argument(
        "--sizes",
        default="2500,10000,100000",
        help="comma-separated action counts (default %(default)s)",
    )
    parser.add_argument(
        "--runs", type=int, default=10, help="timed runs of each case (default %(default)s)"
    )
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated groups to run (default all): {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--meetings",
        default="1000",
        help="comma-separated meeting counts of the many-meetings boards (default %(default)s)",
    )
    parser.add_argument(
        "--million", action="store_true", help="also 1,000,000 actions, one run (≈320 MB of YAML)"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.meetings = [int(s.replace("_", "")) for s in args.meetings.split(",") if s]
    args.only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(args.only) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group {', '.join(sorted(unknown))}; groups: {', '.join(GROUPS)}")
    return args


def main() -> None:
    args = parse()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = ROOT / "ppb"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, env=env)
    work = Path(tempfile.mkdtemp(prefix="ppb-bench-"))
    try:
        bench = Bench(args, work)
        bench.floors()
        sized = {"read", "cold", "write", "check", "fmt", "carry", "table"} & bench.only
        for n in args.sizes if sized else ():
            bench.sized(n)
        for m in args.meetings if "meetings" in bench.only else ():
            bench.meetings(m)
        timings, failed = bench.run()
        if args.million:
            bench.million(timings, failed)
        report(bench, timings, failed)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
