"""The `ppb` program itself: Ctrl-C at any moment is one line and exit 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What the installed `ppb` script does (`from ppb.__main__ import main; main()`), saying
# when its entry module is loaded; the signal then lands while ppb imports, or later.
CHILD = (
    "import sys; from ppb.__main__ import main; sys.stdout.write('go\\n'); sys.stdout.flush(); "
    "sys.argv = ['ppb', *sys.argv[1:]]; main()"
)


def test_ctrl_c_right_after_start_is_one_line_and_130(board: Path) -> None:
    """The signal arrives as soon as ppb's entry module has run, before Typer is imported."""
    code = (
        "import os, signal, sys; import ppb.__main__ as entry; "
        "os.kill(os.getpid(), signal.SIGINT); sys.argv = ['ppb', '--help']; entry.main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=board, check=False
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "ppb: interrupted\n", "")


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.005, 0.01, 0.02, 0.04, 0.08])
def test_ctrl_c_at_any_moment_of_start_up_never_prints_a_traceback(
    board: Path, delay: float
) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "list", "--search", "IDVA"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=board,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "go\n"
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    if child.returncode == 130:
        assert err == "ppb: interrupted\n"
    else:  # it had finished before the signal came
        assert (child.returncode, err) == (0, ""), err


def test_output_that_cannot_be_written_at_the_end_is_one_line_and_exit_1() -> None:
    """What is still buffered when ppb leaves is flushed first: a full disk is said, a reader
    that went away is not an error."""
    code = "import sys; from ppb.__main__ import _leave; sys.stdout.write('x' * 10); _leave(0)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # so it is buffered
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-c", code], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, check=False)  # fmt: skip
    assert (done.returncode, done.stderr) == (
        1,
        "ppb: cannot write the output (No space left on device)\n",
    )
    reader = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert reader.stdout is not None
    reader.stdout.close()  # gone before ppb writes
    assert (reader.wait(timeout=30), reader.stderr.read() if reader.stderr else "") == (0, "")


@pytest.mark.parametrize("unbuffered", [False, True])
def test_output_that_cannot_be_written_as_it_goes_is_one_line_and_exit_1(unbuffered: bool) -> None:
    """A listing larger than the output's buffer meets the full disk while the command runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PPB_DIR")}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ppb", "--dir", str(ROOT), "list", "--format", "json"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        1,
        "ppb: cannot write the output (No space left on device)\n",
    )
