"""ppb's benchmark: every everyday command, timed against same-run floors and Taskwarrior.

    python bench/run.py                     # 2,500 / 10,000 / 100,000 actions, 10 runs each
    python bench/run.py --sizes 2500 --runs 5

Boards are generated in a temporary folder (bench/generate.py) in the shape of
the embedded board. Runs are interleaved (every command once, then again), so
a slow moment of the machine hurts all commands alike; the table shows medians
and ratios against the floors measured in the same run: the bare interpreter,
a Typer hello-world command and its --help, and Taskwarrior 2.6 answering the
same question on the same actions when `task` is installed
(apt-get install taskwarrior). Reads are timed with a warm cache; the first,
cold read of each board is shown on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, write_taskwarrior

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


GNU_TIME = "/usr/bin/time"  # peak memory of the command itself (a forked child's own
# rusage would count the pages it shared with the benchmark before exec)


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB, 0 if unknown) of one run."""
    report = None
    if os.access(GNU_TIME, os.X_OK):
        fd, report = tempfile.mkstemp(prefix="ppb-bench-rss.")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", report, *argv]
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        command = " ".join(argv)
        raise SystemExit(
            f"benchmark command failed ({done.returncode}): {command}\n{done.stderr.decode()}"
        )
    peak = 0
    if report:
        with open(report) as handle:
            peak = int(handle.read().split()[-1])
        os.unlink(report)
    return elapsed, peak


def ppb_command() -> list[str]:
    found = shutil.which("ppb", path=str(Path(sys.executable).parent)) or shutil.which("ppb")
    return [found] if found else [sys.executable, "-m", "ppb"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Time ppb against its floors and Taskwarrior.")
    parser.add_argument(
        "--sizes", default="2500,10000,100000", help="comma-separated action counts"
    )
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    env = {**os.environ, "NO_COLOR": "1", "PPB_LOCK_TIMEOUT": "60"}
    env.pop("PPB_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # time ppb as installed: with its bytecode
    package = Path(__file__).resolve().parent.parent / "ppb"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, env=env)
    ppb = ppb_command()
    task = shutil.which("task")
    work = Path(tempfile.mkdtemp(prefix="ppb-bench-"))
    try:
        hello = work / "hello.py"
        hello.write_text(HELLO)
        floors = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "typer hello-world": [sys.executable, str(hello), "hello"],
            "typer hello-world --help": [sys.executable, str(hello), "--help"],
        }
        cases: list[tuple[str, str, list[str] | None, dict[str, str]]] = []  # size, name, argv, env
        cases += [("-", name, argv, env) for name, argv in floors.items()]
        root = Path(__file__).resolve().parent.parent
        cases.append(
            (
                "embedded",
                "ppb open --owner T/ACC --format json",
                [*ppb, "--dir", str(root), "open", "--owner", "T/ACC", "--format", "json"],
                env,
            )
        )
        cases.append(("embedded", "ppb --help", [*ppb, "--help"], env))
        cold: dict[int, float] = {}
        open_ids: dict[int, list[str]] = {}
        for n in sizes:
            board = work / f"board-{n}"
            print(f"generating {n:,} actions …", file=sys.stderr)
            facts = generate(board, n)
            open_ids[n] = [
                f"PPB {number}"
                for number, _, _, status, _ in facts["tasks"]  # type: ignore[attr-defined]
                if status in ("open", "in progress")
            ]
            base = [*ppb, "--dir", str(board)]
            cold[n] = timed([*base, "open", "--owner", "T/ACC", "--format", "json"], env)[0]
            middle = f"PPB {n // 2}"
            cases += [
                (
                    str(n),
                    "ppb open --owner T/ACC --format json",
                    [*base, "open", "--owner", "T/ACC", "--format", "json"],
                    env,
                ),
                (
                    str(n),
                    "ppb open --owner T/ACC (table)",
                    [*base, "open", "--owner", "T/ACC"],
                    env,
                ),
                (
                    str(n),
                    "ppb list --owner CC --status completed --format json",
                    [*base, "list", "--owner", "CC", "--status", "completed", "--format", "json"],
                    env,
                ),
                (
                    str(n),
                    "ppb show ID --format json",
                    [*base, "show", middle, "--format", "json"],
                    env,
                ),
                (str(n), "ppb add", [*base, "add", "Benchmark action", "--owner", "CC"], env),
                (
                    str(n),
                    "ppb update ID --note",
                    [*base, "update", middle, "--note", "benchmark note"],
                    env,
                ),
                (str(n), "ppb close ID", None, env),  # a different open action each run
            ]
            if (
                subprocess.run([*ppb, "check", "--help"], capture_output=True, env=env).returncode
                == 0
            ):
                cases.append((str(n), "ppb check", [*base, "check"], env))
            if task:
                data = work / f"task-{n}"
                write_taskwarrior(data, facts["tasks"])  # type: ignore[arg-type]
                rc = work / f"taskrc-{n}"
                rc.write_text(
                    f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                )
                task_env = {**env, "TASKRC": str(rc)}
                cases.append(
                    (
                        str(n),
                        "task +T_ACC status:pending export",
                        [task, "+T_ACC", "status:pending", "export"],
                        task_env,
                    )
                )
        times: dict[tuple[str, str], list[float]] = {}
        memory: dict[tuple[str, str], int] = {}
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs} …", file=sys.stderr)
            for size, name, argv, case_env in cases:
                if argv is None:
                    n = int(size)
                    argv = [
                        *ppb,
                        "--dir",
                        str(work / f"board-{n}"),
                        "close",
                        open_ids[n].pop(),
                        "--note",
                        "done",
                    ]
                elapsed, peak = timed(argv, case_env)
                times.setdefault((size, name), []).append(elapsed)
                memory[(size, name)] = max(memory.get((size, name), 0), peak)
        report(times, memory, cold, sizes, args.runs, task)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(times, memory, cold, sizes, runs, task) -> None:  # type: ignore[no-untyped-def]
    median = {key: statistics.median(values) * 1000 for key, values in times.items()}
    hello = median[("-", "typer hello-world")]
    hello_help = median[("-", "typer hello-world --help")]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(
        f"\nppb benchmark, {dt.date.today().isoformat()}, {machine}; medians of {runs} interleaved runs\n"
    )
    print("| actions | command | median ms | × hello-world | × Taskwarrior | peak MB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for (size, name), value in median.items():
        floor = hello_help if name.endswith("--help") else hello
        versus_task = ""
        if task and size not in ("-", "embedded") and "task" not in name:
            tw = median.get((size, "task +T_ACC status:pending export"))
            if tw and name.startswith(("ppb open", "ppb list", "ppb show")):
                versus_task = f"{value / tw:.2f}"
        label = f"{int(size):,}" if size.isdigit() else size
        print(
            f"| {label} | {name} | {value:.0f} | {value / floor:.2f} | {versus_task} | "
            f"{memory[(size, name)] / 1024:.0f} |"
        )
    for n in sizes:
        print(f"| {n:,} | ppb open, first (cold) read, one run | {cold[n] * 1000:.0f} | | | |")


if __name__ == "__main__":
    main()
