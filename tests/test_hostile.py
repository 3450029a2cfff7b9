"""Hostile files: every one a clean file:line:col error, fast, with bounded memory, and no write."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import snapshot

GOOD = (Path(__file__).resolve().parent.parent / "actions.yaml").read_text(encoding="utf-8")
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

CATALOGUE: list[tuple[str, bytes, str, str]] = [
    # name, content of actions.yaml, where, code
    (
        "unclosed quote",
        b'board:\n  name: "Policing\n  prefix: PPB\npeople: {}\n',
        "2:9",
        "yaml-syntax",
    ),
    ("tab indent", b"board:\n\tname: x\n", "2:1", "tab"),
    ("bad indentation", b"board:\n  name: x\n   prefix: PPB\n", "3:10", "yaml-syntax"),
    (
        "conflict markers",
        GOOD.replace("  - id: PPB 70", "<<<<<<< HEAD\n  - id: PPB 70", 1).encode(),
        "",
        "merge-conflict",
    ),
    ("invalid UTF-8", b"board:\n  name: caf\xe9\n", "2:12", "encoding"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "1:1", "encoding"),
    ("control character", b"board:\n  name: bell\x07\n", "2:13", "yaml-syntax"),
    ("empty", b"", "1:1", "empty-file"),
    ("comment only", b"# nothing here yet\n", "1:1", "empty-file"),
    ("a list at the top", b"- board\n- actions\n", "1:1", "bad-type"),
    ("text at the top", b"just some text\n", "1:1", "bad-type"),
    (
        "several documents",
        b"board: {name: B, prefix: B}\n---\nboard: {name: C, prefix: C}\n",
        "2:1",
        "documents",
    ),
    (
        "duplicate keys",
        b"board: {name: B, prefix: B}\npeople: {}\nboard: {name: C, prefix: C}\n",
        "3:1",
        "duplicate-key",
    ),
    ("anchor and alias", b"board: &b {name: B, prefix: B}\npeople: *b\n", "2:9", "alias"),
    ("alias bomb", BOMB.encode(), "2:8", "alias"),
    ("merge key", b"x: &x {name: B}\nboard:\n  <<: *x\n  prefix: B\n", "3:7", "alias"),
    ("python tag", b"board: !!python/object/apply:os.system [echo hi]\n", "1:8", "tag"),
    ("local tag", b"board: !board {name: B, prefix: B}\n", "1:8", "tag"),
    ("deep flow nesting", b"board: " + b"[" * 5000 + b"]" * 5000 + b"\n", "1:1007", "too-deep"),
    (
        "deep block nesting",
        b"board:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 80)),
        "",
        "too-deep",
    ),
    ("NUL in text", b"board:\n  name: a\x00b\n", "2:10", "encoding"),
]


@pytest.mark.parametrize(
    ("name", "content", "where", "code"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_every_command_refuses_a_hostile_file_cleanly(
    board: Path, ppb, name: str, content: bytes, where: str, code: str
) -> None:
    (board / "actions.yaml").write_bytes(content)
    before = snapshot(board)
    for args in (
        ["open"],
        ["list", "-f", "json"],
        ["show", "60"],
        ["add", "x", "-o", "CC"],
        ["update", "60", "-n", "x"],
        ["people"],
        ["carry-forward", "2014-04-10"],
        ["minutes", "2014-03-13"],
    ):
        started = time.perf_counter()
        result = ppb(*args)
        elapsed = time.perf_counter() - started
        assert result.code == 1, (args, result)
        assert result.out == "" and result.err.count("\n") == 1, (args, result.err)
        assert result.err.startswith(
            f"ppb: actions.yaml:{where}" if where else "ppb: actions.yaml:"
        ), (args, result.err)
        assert "Traceback" not in result.err and elapsed < 1.0, (args, elapsed)
    checked = ppb("check")
    assert checked.code == 1 and f"[{code}]" in checked.out.splitlines()[0], checked.out
    if where:
        assert checked.out.startswith(f"actions.yaml:{where}: ")
    assert snapshot(board) == before


def test_an_oversized_file_is_refused_before_it_is_read(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppb.store import files

    monkeypatch.setattr(files, "MAX_REGISTER", 1000)
    result = ppb("open")
    assert result.code == 1 and "more than ppb reads (1,000)" in result.err


def test_hostile_meeting_files_are_refused_too(board: Path, ppb) -> None:
    (board / "meetings" / "2014-03-13.yaml").write_bytes(BOMB.encode())
    before = snapshot(board)
    result = ppb("minutes", "2014-03-13")
    assert result.code == 1 and result.err.startswith(
        "ppb: meetings/2014-03-13.yaml:2:8: YAML aliases"
    )
    assert ppb("carry-forward", "2014-03-13").code == 1
    assert snapshot(board) == before


@pytest.mark.parametrize("content", [BOMB.encode(), b"board: " + b"[" * 999 + b"]" * 999 + b"\n"])
def test_memory_stays_bounded(board: Path, content: bytes) -> None:
    """The peak resident memory of reading a hostile file, measured in a process of its own.

    The peak is reset first (/proc/self/clear_refs): a child's high-water mark
    would otherwise include what it shared with its parent before exec.
    """
    (board / "actions.yaml").write_bytes(content)
    probe = (
        "import re\nfrom ppb import cli\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "code = cli.run(['open'])\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(code, peak)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=board, capture_output=True, text=True, check=True
    )
    code, peak_kib = done.stdout.split()
    assert code == "1" and 0 < int(peak_kib) < 100_000


def test_text_that_is_markup_or_an_escape_sequence_is_printed_literally(board: Path, ppb) -> None:
    path = board / "actions.yaml"
    path.write_text(
        path.read_text().replace(
            "summary: LA to forward integrity questions to CC in advance of discussion at Policing Board meeting",
            'summary: "[bold red]LA[/bold red] \\e[31mto\\e[0m forward integrity questions"',
        )
    )
    out = ppb("open", "-o", "LA").out
    assert "[bold red]LA[/bold red]" in out and "\x1b" not in out and "\\x1b[31mto" in out
    md = ppb("show", "70", "-f", "md").out
    assert "\x1b" not in md
    assert "\\u001b" in ppb("show", "70", "-f", "json").out
    err = ppb("show", "\x1b[2J").err
    assert "\x1b" not in err and "\\x1b" in err


def test_every_code_check_reports_is_in_the_one_list_of_codes() -> None:
    from ppb.check import rules

    known = rules.codes()
    assert {code for *_, code in CATALOGUE} <= set(known)
    assert len({r.code for r in rules.RULES}) == len(rules.RULES)  # one function per rule
    assert all(known[code] for code in known)  # each says what it finds
