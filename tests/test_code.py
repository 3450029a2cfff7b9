"""The code keeps its own standards: ruff's lint and format, and mypy's types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing() -> None:
    lint = run("ruff", "check", "ppb", "tests", "bench")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    layout = run("ruff", "format", "--check", "ppb", "tests", "bench")
    assert layout.returncode == 0, layout.stdout + layout.stderr


def test_mypy_finds_nothing() -> None:
    types = run("mypy", "ppb")
    assert types.returncode == 0, types.stdout + types.stderr
