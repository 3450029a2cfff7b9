"""The quick path prints exactly what the full command line prints, and imports far less."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ppb import cli, quick

CASES = [
    ["open"],
    ["open", "--owner", "T/ACC"],
    ["open", "-o", "t/acc", "-f", "json"],
    ["open", "--owner=CC", "--format=csv"],
    ["open", "-o", "LA", "-o", "Dafydd Llewelyn", "--format", "md"],
    ["open", "--owner", "NOBODY"],
    ["open", "--overdue", "-f", "json"],
    ["open", "--sort", "age", "-o", "T/ACC", "-f", "csv"],
    ["open", "--sort=due", "--overdue"],
    ["list", "--status", "completed", "-f", "json"],
    ["list", "-s", "in-progress", "-s", "open", "--owner", "CC", "-f", "csv"],
    ["list", "--raised", "2014-03-13", "--search", "IDVA"],
    ["list", "--raised", "March"],
    ["list", "--status", "finished"],
    ["show", "56"],
    ["show", "PPB59", "--format", "json"],
    ["show", "-f", "md", "ppb-51"],
    ["show", "99"],
    ["show", "x"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_fast_and_full_command_lines_agree(
    board: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    capsys.readouterr()
    fast_code = quick.run(args)
    fast_out = capsys.readouterr()
    full_code = cli.run(args)
    full_out = capsys.readouterr()
    assert fast_code is not None, "the fast path should handle this"
    assert (fast_code, fast_out.out, fast_out.err) == (full_code, full_out.out, full_out.err)


WRITES = [
    ["add", "CC to brief the panel", "--owner", "CC"],
    ["add", "CC and T/ACC to report", "-o", "cc", "-o", "T/ACC", "--meeting", "2014-03-13",
     "--item", "Custody", "--due", "2014-04-10", "--see", "56", "--see", "PPB 57"],
    ["add", "To be owned", "--no-owner", "--on", "2014-03-20"],
    ["add", "Restricted", "--no-owner", "--restricted", "--reason", "FOI s31 law enforcement"],
    ["add", "Nobody"],
    ["add", "x", "--owner", "NOBODY"],
    ["add", "x", "--no-owner", "--on", "someday"],
    ["add", "x", "--no-owner", "--reason", "why"],
    ["update", "56", "--status", "in progress", "--note", "paper to be sent to OPCC"],
    ["update", "PPB56", "-s", "completed", "-n", "report published", "--meeting", "2014-03-13"],
    ["update", "67", "--owner", "CG", "--date", "2014-03-20"],
    ["update", "56"],
    ["update", "99", "-n", "x"],
    ["update", "56", "-s", "finished"],
    ["update", "56", "-n", "late", "--date", "2014-03-14"],
    ["close", "62"],
    ["close", "64", "--note", "raised with the Minister", "-m", "2014-03-13"],
    ["close", "51"],
    ["close", "56", "--date", "2014-02-01"],
    ["--dir", ".", "close", "60", "-n", "done"],
]  # fmt: skip


@pytest.mark.parametrize("args", WRITES, ids=[" ".join(c) for c in WRITES])
def test_fast_and_full_writes_agree(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The same output, exit code and files, from a copy of the board each."""
    import shutil

    from tests.conftest import snapshot

    twin = tmp_path / "twin"
    shutil.copytree(board, twin)
    capsys.readouterr()
    fast_code = quick.run(args)
    fast_out = capsys.readouterr()
    monkeypatch.chdir(twin)
    full_code = cli.run(args)
    full_out = capsys.readouterr()
    assert fast_code is not None, "the fast path should handle this"
    assert (fast_code, fast_out.out, fast_out.err) == (full_code, full_out.out, full_out.err)
    assert snapshot(board) == snapshot(twin)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["open", "--help"],
        ["open", "--colour"],
        ["open", "-f", "xml"],
        ["show"],
        ["show", "1", "2"],
        ["open", "extra"],
        ["add"],
        ["add", "x", "y"],
        ["update", "56", "--note"],
        ["close", "56", "--no-owner"],
        ["add", "x", "--no-owner", "--no-owner"],
        ["add", "-5 officers"],
        ["update", "56", "-s", "open", "-s", "completed"],
        ["update", "56", "--note=", "paper sent"],  # an empty note, then an extra argument
        ["add", "--owner=", "CC", "CC to brief"],
        ["open", "--overdue="],
        ["open", "--owner"],
        ["--dir"],
        ["list", "--raised", "a", "--raised", "b"],
        ["--version"],
        ["show", "-5"],
        ["open", "--sort", "oldest"],
        ["open", "--overdue=yes"],
    ],
)
def test_anything_else_is_left_to_the_full_command_line(args: list[str]) -> None:
    assert quick.parse(args) is None


def test_dir_options_are_understood(board: Path) -> None:
    assert quick.parse(["--dir", "x", "open"]) == ("x", "open", {}, [])
    assert quick.parse(["--dir=y", "show", "5"]) == ("y", "show", {}, ["5"])
    assert quick.parse(["-C", "z", "list", "-s", "open", "-s", "completed"]) == (
        "z",
        "list",
        {"status": ["open", "completed"]},
        [],
    )


def test_a_cached_read_imports_neither_the_framework_nor_yaml_nor_rich_nor_translation(
    board: Path,
) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from ppb import quick\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert quick.run(['open', '--owner', 'T/ACC', '--format', 'json']) == 0\n"
        "print(len(__import__('json').loads(out.getvalue())))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'pydantic', 'yaml', 'ruamel', 'rich', 'docx', 'lxml', 'babel', 'polib'}))\n"
    )
    subprocess.run(
        [sys.executable, "-c", probe], cwd=board, check=True, capture_output=True
    )  # fills the cache
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=board, check=True, capture_output=True, text=True
    )
    count, imported = done.stdout.splitlines()
    assert count == "6" and json.loads(imported.replace("'", '"')) == []


def test_a_write_through_the_index_imports_neither_the_framework_nor_the_models(
    board: Path,
) -> None:
    """add, update and close of an action in ppb's own layout: no Typer, no Pydantic, no Rich
    (ruamel.yaml lays out the lines written)."""
    probe = (
        "import sys\n"
        "from ppb import quick\n"
        "assert quick.run(sys.argv[1:]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'pydantic', 'rich', 'docx', 'babel', 'polib'}))\n"
    )
    run = [sys.executable, "-c", probe]
    subprocess.run([*run, "open"], cwd=board, check=True, capture_output=True)  # keeps the index
    for args in (
        ["add", "CC to brief", "-o", "CC"],
        ["update", "56", "-n", "sent"],
        ["close", "62"],
    ):
        done = subprocess.run([*run, *args], cwd=board, check=True, capture_output=True, text=True)
        assert done.stdout.splitlines()[-1] == "[]", args
    assert "sent" in (board / "actions.yaml").read_text()


def test_importing_the_cli_pulls_in_neither_yaml_nor_rich_nor_word_nor_translation() -> None:
    probe = "import sys, ppb.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'ruamel', 'rich', 'docx', 'lxml', 'babel', 'polib'}))"
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_a_bug_on_the_fast_path_is_one_line_not_a_traceback(
    board: Path, capsys, monkeypatch
) -> None:
    from ppb import actions

    def broken(*args: object, **options: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(actions, "open_actions", broken)
    assert quick.run(["open"]) == 1
    assert (
        capsys.readouterr().err
        == "ppb: internal error: ValueError: boom (set PPB_DEBUG=1 for details)\n"
    )


def test_the_quick_path_knows_exactly_the_options_of_the_typer_commands() -> None:
    """A new option on `open`, `list` or `show` must reach the quick path too (or it would
    silently fall back to the slow one)."""
    import typer.main

    from ppb.cli import app

    group = typer.main.get_command(app)
    for name, known in quick.OPTIONS.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        typer_options = {
            flag: param.name
            for param in command.params
            if param.param_type_name == "option" and param.name != "help"
            for flag in param.opts
            if flag not in quick.SLOW[name]  # left to the full command line, on purpose
        }
        mine = {flag: key for flag, key in known.items()}
        fields = {"fmt": "format"}  # the Typer parameter is named fmt, the quick path format
        assert mine == {flag: fields.get(key, key) for flag, key in typer_options.items()}, name
        repeatable = {
            fields.get(p.name, p.name) for p in command.params if getattr(p, "multiple", False)
        }
        assert repeatable == quick.REPEATABLE[name], name
        flags = {
            fields.get(p.name, p.name)
            for p in command.params
            if getattr(p, "is_flag", False) and not set(p.opts) <= quick.SLOW[name]
        }
        assert flags - {"help"} == quick.FLAGS & set(known.values()), name
        assert not any(getattr(p, "secondary_opts", None) for p in command.params), name
    root = {flag for param in group.params for flag in param.opts if param.name == "directory"}
    assert root == {"--dir", "-C"}


def test_a_usage_error_names_the_command_once(board: Path, capsys) -> None:
    assert cli.run(["open", "--owner"]) == 2
    err = capsys.readouterr().err
    assert err == "ppb open: Option '--owner' requires an argument. (see `ppb open --help`)\n"
