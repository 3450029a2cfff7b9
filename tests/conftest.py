"""Shared fixtures: a copy of the embedded board in a temporary folder, and a CLI runner."""

from __future__ import annotations

import gc
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ppb import cli

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _collector_unfrozen() -> Iterator[None]:
    """Reads freeze what they read out of the collector's sight (right for one command,
    which then exits); a test session runs thousands, so each test's leftovers are
    handed back to the collector after it."""
    yield
    gc.unfreeze()


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the embedded board; the current folder is inside it."""
    folder = tmp_path / "board"
    folder.mkdir()
    shutil.copy(ROOT / "actions.yaml", folder / "actions.yaml")
    shutil.copytree(ROOT / "meetings", folder / "meetings")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("PPB_DIR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return folder


@pytest.fixture
def ppb(capsys: pytest.CaptureFixture[str]):
    """Run the real command line in-process: ppb("open", "--owner", "T/ACC")."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = cli.run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path (the lock folder aside)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ppb" not in p.parts
    }


def need(program: str, package: str) -> str:
    """The path of an outside program a slow test drives, such as LibreOffice or Chromium.

    Missing, it fails the test where CI is set (to anything), as `.ci/run` sets it after
    installing the program; only where CI is unset does it skip, saying so and naming the
    Debian package that brings it.
    """
    import os

    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed (apt-get install {package})"
    if "CI" in os.environ:
        pytest.fail(f"{message}, and CI is set, so this test may not skip")
    pytest.skip(f"{message}; skipped only because CI is unset")


def more_actions(board: Path, count: int) -> None:
    """The embedded board with `count` more actions raised at its meeting."""
    extra = "".join(
        f"\n  - id: PPB {n}\n    summary: Action {n} of a long meeting, to run the table onto"
        f" more pages\n    owners: [CC]\n    raised: 2014-03-13\n    status: open\n"
        for n in range(71, 71 + count)
    )
    with open(board / "actions.yaml", "a", encoding="utf-8") as register:
        register.write(extra)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, by poppler's pdftotext."""
    pdftotext = need("pdftotext", "poppler-utils")
    done = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]
