"""Progress on stderr for a person at a terminal; nothing when piped, under NO_COLOR or in CI."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import more_actions


def run(board: Path, *args: str, terminal: bool, **env: str) -> tuple[int, str, str]:
    """ppb as a process, stdout piped; stderr a pseudo-terminal if `terminal`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM")}
    environ |= {"TERM": "xterm-256color", "COLUMNS": "100", **env}
    command = [sys.executable, "-m", "ppb", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, cwd=board, env=environ)
        return done.returncode, done.stdout, done.stderr
    main, other = pty.openpty()
    with tempfile.TemporaryFile() as stdout:  # a file, not a pipe: nothing can fill up and block
        child = subprocess.Popen(command, stdout=stdout, stderr=other, cwd=board, env=environ)
        os.close(other)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        os.close(main)
        code = child.wait(timeout=60)
        stdout.seek(0)
        out = stdout.read()
    return code, out.decode(), seen.decode(errors="replace")


def test_check_shows_progress_on_a_terminal_and_nothing_on_stdout(board: Path) -> None:
    code, out, err = run(board, "check", terminal=True)
    assert (code, out) == (0, "")
    assert "ppb check" in err and "━" in err  # Rich's bar, then the summary line
    assert err.rstrip().endswith("ppb check: 2 files, no problems")


@pytest.mark.parametrize(
    ("terminal", "env"),
    [(False, {}), (True, {"NO_COLOR": "1"}), (True, {"CI": "true"}), (True, {"TERM": "dumb"})],
)
def test_no_progress_when_piped_or_asked_not_to(
    board: Path, terminal: bool, env: dict[str, str]
) -> None:
    code, out, err = run(board, "check", terminal=terminal, **env)
    assert (code, out) == (0, "")
    assert err.replace("\r\n", "\n") == "ppb check: 2 files, no problems\n"


@pytest.mark.slow
def test_a_first_read_of_a_large_board_shows_progress_and_the_same_output(board: Path) -> None:
    more_actions(board, 3000)
    register = board / "actions.yaml"  # spelt by hand: parsed, not read from their lines alone
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("status: open\n", "status: Open\n"), encoding="utf-8")
    code, out, err = run(board, "open", "--owner", "CC", "--format", "json", terminal=True)
    assert code == 0 and "Reading actions.yaml" in err
    assert len(json.loads(out)) == 3006  # stdout is the JSON alone: six of CC's, 3,000 more
    code, again, err = run(board, "open", "--owner", "CC", "--format", "json", terminal=True)
    assert (code, again) == (0, out) and "Reading" not in err  # warm: nothing to show
    code, piped, err = run(board, "open", "--owner", "CC", "--format", "json", terminal=False)
    assert (code, piped, err) == (0, out, "")


def test_fmt_shows_progress_on_a_terminal_only(board: Path) -> None:
    code, out, err = run(board, "fmt", "--check", terminal=True)
    assert (code, out) == (0, "") and "ppb fmt" in err and "━" in err
    assert run(board, "fmt", "--check", terminal=False) == (0, "", "")
