"""The command line end to end, on a copy of the embedded board in a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import snapshot

T_ACC_OPEN = ["PPB 56", "PPB 59", "PPB 61", "PPB 62", "PPB 63", "PPB 66"]
ALL_OPEN = ["PPB 50", "PPB 52", "PPB 53", "PPB 56", "PPB 57", "PPB 59"] + [
    f"PPB {n}" for n in range(60, 71)
]


def ids(out: str) -> list[str]:
    return [record["id"] for record in json.loads(out)]


def test_open_for_t_acc_is_a_table_of_its_six_actions(board: Path, ppb) -> None:
    result = ppb("open", "--owner", "T/ACC")
    assert (result.code, result.err) == (0, "")
    rows = [line for line in result.out.splitlines() if line.strip().startswith("PPB ")]
    assert [row.split()[0] + " " + row.split()[1] for row in rows] == T_ACC_OPEN
    assert "T/ACC to inform OPCC of developments regarding rape reporting" in result.out
    assert "paper to be sent to OPCC (2014-03-13)" in result.out
    assert "In progress" in result.out and "Open" in result.out
    assert "PPB 50" not in result.out and "PPB 55" not in result.out


def test_open_json_has_the_contract_shape(board: Path, ppb) -> None:
    result = ppb("open", "--owner", "t/acc", "--format", "json")
    records = json.loads(result.out)
    assert [r["id"] for r in records] == T_ACC_OPEN
    assert set(records[0]) >= {"id", "summary", "owners", "status", "raised", "due", "history"}
    assert records[0]["history"] == [
        {
            "date": "2014-03-13",
            "meeting": "2014-03-13",
            "status": "in progress",
            "note": "paper to be sent to OPCC",
        }
    ]
    assert records[2]["raised"] == "2014-03-13" and records[2]["history"] == []


def test_open_without_owner_lists_all_seventeen(board: Path, ppb) -> None:
    assert ids(ppb("open", "-f", "json").out) == ALL_OPEN


def test_open_for_several_owners_and_by_alias_or_name(board: Path, ppb) -> None:
    assert ids(ppb("open", "-o", "LA", "-o", "dafydd llewelyn", "-f", "json").out) == [
        "PPB 67",
        "PPB 70",
    ]
    assert ids(ppb("open", "-o", "Pam Kelly", "-f", "json").out) == T_ACC_OPEN


def test_open_for_an_unknown_owner_is_a_lookup_error(board: Path, ppb) -> None:
    result = ppb("open", "--owner", "T/AC")
    assert result.code == 1 and result.out == ""
    assert (
        result.err
        == "ppb: unknown handle 'T/AC' (did you mean 'T/ACC'?); see `ppb people`, or add it with `ppb people add`\n"
    )


def test_csv_has_a_header_row_with_the_json_names(board: Path, ppb) -> None:
    rows = list(csv.DictReader(io.StringIO(ppb("open", "-o", "CG", "--format", "csv").out)))
    assert [r["id"] for r in rows] == ["PPB 67"]
    assert rows[0]["owners"] == "CG; Dafydd Llewelyn"
    assert rows[0]["status"] == "open" and rows[0]["raised"] == "2014-03-13"
    assert json.loads(rows[0]["history"]) == []


def test_markdown_is_a_table(board: Path, ppb) -> None:
    out = ppb("open", "-o", "LA", "--format", "md").out
    assert out.splitlines()[0] == "| Action | Owners | Summary | Status | Latest progress |"
    assert out.splitlines()[2].startswith("| PPB 70 | LA | LA to forward integrity questions")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--status", "completed"], ["PPB 51", "PPB 54", "PPB 55", "PPB 58"]),
        (["--status", "In-Progress", "--owner", "T/ACC"], ["PPB 56", "PPB 59"]),
        (["--search", "idva"], ["PPB 64", "PPB 65"]),
        (["--search", "paper to be sent"], ["PPB 53", "PPB 56"]),
        (
            ["--raised", "2014-03-13", "--owner", "CC"],
            ["PPB 60", "PPB 64", "PPB 65", "PPB 68", "PPB 69"],
        ),
        ([], [f"PPB {n}" for n in range(50, 71)]),
    ],
)
def test_list_selects(board: Path, ppb, args: list[str], expected: list[str]) -> None:
    result = ppb("list", *args, "--format", "json")
    assert result.code == 0, result.err
    assert ids(result.out) == expected


def test_list_with_a_bad_status_is_a_usage_error(board: Path, ppb) -> None:
    result = ppb("list", "--status", "finished")
    assert result.code == 2
    assert result.err.startswith("ppb: --status: unknown status 'finished'")


def test_show_accepts_any_spelling_of_the_id(board: Path, ppb) -> None:
    expected = json.loads(ppb("show", "PPB 59", "--format", "json").out)
    assert expected["id"] == "PPB 59" and expected["see"] == ["PPB 56"]
    for spelling in ("59", "ppb59", "PPB-59"):
        assert json.loads(ppb("show", spelling, "-f", "json").out) == expected


def test_show_table_has_the_history(board: Path, ppb) -> None:
    out = ppb("show", "51").out
    assert "Samantha Waters" in out and "CM (Carys Morgans)" in out
    assert "report published" in out and "Completed" in out


def test_show_unknown_id_is_one_line_exit_1(board: Path, ppb) -> None:
    result = ppb("show", "99")
    assert (result.code, result.out, result.err) == (1, "", "ppb: no action PPB 99 on this board\n")


def test_add_takes_the_next_number_and_appends_only_its_lines(board: Path, ppb) -> None:
    before = (board / "actions.yaml").read_text()
    result = ppb(
        "add",
        "CC to report on  use of force",
        "--owner",
        "cc",
        "--meeting",
        "2014-03-13",
        "--item",
        "Data Quality",
    )
    assert (result.code, result.out, result.err) == (0, "PPB 71\n", "")
    after = (board / "actions.yaml").read_text()
    assert after.startswith(before)
    assert after[len(before) :] == (
        "\n  - id: PPB 71\n    summary: CC to report on use of force\n    owners: [CC]\n"
        "    raised: 2014-03-13\n    item: Data Quality\n    status: open\n"
    )
    assert ppb("add", "Second", "-o", "LA").out == "PPB 72\n"
    shown = json.loads(ppb("show", "72", "-f", "json").out)
    assert shown["owners"] == ["LA"] and shown["raised"] is None and shown["status"] == "open"


def test_add_refuses_an_unknown_handle_and_writes_nothing(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("add", "Something", "--owner", "XYZ")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("ppb: unknown handle 'XYZ'")
    assert snapshot(board) == before


def test_add_refuses_an_unknown_meeting_and_writes_nothing(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("add", "Something", "--owner", "CC", "--meeting", "2014-04-10")
    assert result.code == 1
    assert result.err == "ppb: no meeting 2014-04-10 on this board (no meetings/2014-04-10.yaml)\n"
    assert ppb("add", "Something", "--owner", "CC", "--meeting", "10 April").code == 2
    assert snapshot(board) == before


def test_update_appends_to_the_history_and_never_overwrites_it(board: Path, ppb) -> None:
    old = json.loads(ppb("show", "56", "-f", "json").out)
    result = ppb(
        "update",
        "56",
        "--status",
        "In Progress",
        "--note",
        "draft with the DoC",
        "--date",
        "2014-03-20",
    )
    assert (result.code, result.out) == (0, "PPB 56: In progress – draft with the DoC\n")
    result = ppb(
        "update", "PPB56", "-s", "completed", "-n", "paper sent", "--meeting", "2014-03-13"
    )
    assert result.code == 0, result.err
    new = json.loads(ppb("show", "56", "-f", "json").out)
    assert new["history"][:1] == old["history"]
    assert new["history"][1:] == [
        {
            "date": "2014-03-20",
            "meeting": None,
            "status": "in progress",
            "note": "draft with the DoC",
        },
        {
            "date": "2014-03-13",
            "meeting": "2014-03-13",
            "status": "completed",
            "note": "paper sent",
        },
    ]
    assert new["status"] == "in progress"  # the entry of 2014-03-20 is the latest in time


def test_update_owner_replaces_the_owners(board: Path, ppb) -> None:
    assert ppb("update", "65", "--owner", "CC", "--owner", "T/ACC").code == 0
    record = json.loads(ppb("show", "65", "-f", "json").out)
    assert record["owners"] == ["CC", "T/ACC"] and record["history"][-1]["owners"] == [
        "CC",
        "T/ACC",
    ]
    assert "    owners: [CC, T/ACC]\n" in (board / "actions.yaml").read_text()


def test_update_with_nothing_to_record_is_a_usage_error(board: Path, ppb) -> None:
    before = snapshot(board)
    result = ppb("update", "56")
    assert (result.code, result.err) == (
        2,
        "ppb: nothing to record: give --status, --note or --owner\n",
    )
    assert ppb("update", "56", "--status", "done-ish").code == 2
    assert ppb("update", "56", "--note", "x", "--date", "13/03/2014").code == 2
    assert snapshot(board) == before


def test_update_writes_today_when_no_date_or_meeting(board: Path, ppb) -> None:
    import datetime as dt

    ppb("update", "60", "--note", "chased")
    entry = json.loads(ppb("show", "60", "-f", "json").out)["history"][-1]
    assert entry == {
        "date": dt.date.today().isoformat(),
        "meeting": None,
        "status": "open",
        "note": "chased",
    }


def test_close_completes_and_refuses_twice(board: Path, ppb) -> None:
    assert ppb("close", "54").code == 1  # already completed in the minutes
    result = ppb("close", "62", "--note", "reported to the PCC")
    assert (result.code, result.out) == (0, "PPB 62: Completed – reported to the PCC\n")
    assert ppb("close", "62").err == "ppb: PPB 62 is already completed\n"
    assert "PPB 62" not in ppb("open", "-o", "T/ACC").out


def test_people_lists_and_adds(board: Path, ppb) -> None:
    people = json.loads(ppb("people", "--format", "json").out)
    doc = next(p for p in people if p["handle"] == "DoC")
    assert doc == {
        "handle": "DoC",
        "name": "Alison Perry",
        "role": "Director of Commissioning, OPCC",
        "aliases": ["ALP"],
    }
    result = ppb(
        "people",
        "add",
        "DCC",
        "--name",
        "Jo Bloggs",
        "--role",
        "Deputy Chief Constable",
        "--alias",
        "JB",
    )
    assert (result.code, result.err) == (0, "")
    assert (
        "  DCC:\n    name: Jo Bloggs\n    role: Deputy Chief Constable\n    aliases: [JB]\n"
        in (board / "actions.yaml").read_text()
    )
    assert ppb("add", "Deputy's task", "-o", "jb").out == "PPB 71\n"
    assert json.loads(ppb("show", "71", "-f", "json").out)["owners"] == ["DCC"]


def test_people_add_refuses_a_taken_handle_or_alias(board: Path, ppb) -> None:
    before = snapshot(board)
    assert ppb("people", "add", "alp").err == "ppb: 'alp' already names DoC; see `ppb people`\n"
    assert ppb("people", "add", "X", "--alias", "cc").code == 1
    assert (
        ppb("people", "add", "TDCC", "--name", "carl  langley").err
        == "ppb: 'carl  langley' already names T/DCC; see `ppb people`\n"
    )
    assert snapshot(board) == before


def test_a_yaml_11_word_as_a_handle_stays_a_string_and_is_written_quoted(board: Path, ppb) -> None:
    assert ppb("people", "add", "NO", "--name", "Nora Owen").code == 0
    assert ppb("add", "Check the ON switch", "-o", "no").out == "PPB 71\n"
    text = (board / "actions.yaml").read_text()
    assert "  'NO':\n    name: Nora Owen\n" in text and "    owners: ['NO']\n" in text
    import yaml

    assert yaml.safe_load(text)["actions"][-1]["owners"] == ["NO"]  # a YAML 1.1 reader agrees
    assert ids(ppb("open", "-o", "No", "-f", "json").out) == ["PPB 71"]


def test_init_starts_a_board_that_works(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = ppb("init", "new", "--board", "Audit Committee", "--prefix", "ac")
    assert result.code == 0, result.err
    assert (tmp_path / "new" / "meetings").is_dir()
    assert (tmp_path / "new" / ".gitignore").read_text() == ".ppb/\n"
    monkeypatch.chdir(tmp_path / "new")
    assert ppb("people", "add", "CHAIR", "--name", "A Chair").code == 0
    assert ppb("add", "Review the risk register", "-o", "chair").out == "AC 1\n"
    assert ppb("add", "Second", "-o", "chair").out == "AC 2\n"
    assert ids(ppb("open", "-f", "json").out) == ["AC 1", "AC 2"]
    again = ppb("init", ".")
    assert again.code == 1 and "already exists" in again.err


def test_init_refuses_a_bad_prefix(tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "x", "--prefix", "P 1").code == 2
    assert not (tmp_path / "x" / "actions.yaml").exists()


def test_board_found_by_dir_env_and_walking_up(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (board / "meetings" / "deep").mkdir()
    monkeypatch.chdir(board / "meetings" / "deep")
    assert ids(ppb("open", "-o", "LA", "-f", "json").out) == ["PPB 70"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = ppb("open")
    assert result.code == 1 and result.err.startswith("ppb: no board here")
    assert ids(ppb("--dir", str(board), "open", "-o", "LA", "-f", "json").out) == ["PPB 70"]
    monkeypatch.setenv("PPB_DIR", str(board))
    assert ids(ppb("open", "-o", "LA", "-f", "json").out) == ["PPB 70"]
    missing = ppb("--dir", str(elsewhere), "open")
    assert missing.code == 1 and "no board in" in missing.err


def test_usage_errors_are_one_line_exit_2(board: Path, ppb) -> None:
    result = ppb("open", "--colour")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "No such option" in result.err
    assert ppb("open", "--format", "xml").code == 2
    assert ppb("show").code == 2


def test_a_broken_file_is_reported_at_its_line_and_column(board: Path, ppb) -> None:
    text = (
        (board / "actions.yaml")
        .read_text()
        .replace("status: in progress\n    history:", "statuz: in progress\n    history:", 1)
    )
    (board / "actions.yaml").write_text(text)
    line = text.splitlines().index("    statuz: in progress") + 1
    result = ppb("open")
    assert result.code == 1
    assert result.err.startswith(f"ppb: actions.yaml:{line}:5: unknown key 'statuz'")


@pytest.mark.slow
def test_every_command_has_help_with_an_example(board: Path, ppb) -> None:
    commands = [
        ["open"],
        ["list"],
        ["show"],
        ["add"],
        ["update"],
        ["close"],
        ["people"],
        ["people", "add"],
        ["init"],
        ["meeting", "new"],
        ["meeting", "list"],
        ["meeting", "show"],
        ["carry-forward"],
        ["minutes"],
        ["decisions"],
        ["check"],
        ["fmt"],
        ["renumber"],
        ["git-setup"],
        ["translate", "export"],
        ["translate", "import"],
        ["import"],
        ["schema"],
        ["report"],
    ]
    for command in commands:
        result = ppb(*command, "--help")
        assert result.code == 0, command
        assert "Examples:" in result.out and f"ppb {' '.join(command)}" in result.out, command
    assert "ppb open --owner T/ACC" in ppb("--help").out


def test_completion_offers_handles_ids_and_meetings(board: Path) -> None:
    from ppb.cli import options as cli

    assert cli.complete_handles(None, "t/") == ["T/ACC", "T/DCC"]  # type: ignore[arg-type]
    assert "ALP" in cli.complete_handles(None, "a")  # type: ignore[arg-type]
    assert cli.complete_ids(None, "PPB 6")[:2] == ["PPB60", "PPB61"]  # type: ignore[arg-type]
    assert cli.complete_ids(None, "ppb7") == ["PPB70"]  # type: ignore[arg-type]
    assert cli.complete_ids(None, "5")[:2] == ["50", "51"]  # type: ignore[arg-type]
    assert cli.complete_open_ids(None, "5") == ["50", "52", "53", "56", "57", "59"]  # type: ignore[arg-type]
    assert cli.complete_meetings(None, "2014") == ["2014-03-13"]  # type: ignore[arg-type]


def test_shell_completion_runs_through_the_real_program(board: Path) -> None:
    env = {
        **os.environ,
        "_PPB_COMPLETE": "complete_bash",
        "COMP_WORDS": "ppb open --owner T/",
        "COMP_CWORD": "3",
    }
    done = subprocess.run(
        [sys.executable, "-m", "ppb"],
        capture_output=True,
        text=True,
        env=env,
        cwd=board,
        check=False,
    )
    assert done.stdout.split() == ["T/ACC", "T/DCC"]


def test_the_installed_command_runs_as_a_process(board: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ppb", "open", "--owner", "T/ACC", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=board,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert ids(done.stdout) == T_ACC_OPEN
    done = subprocess.run(
        [sys.executable, "-m", "ppb", "show", "x"],
        capture_output=True,
        text=True,
        env=env,
        cwd=board,
        check=False,
    )
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    import typer.main

    from ppb import cli

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(cli.app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if command.hidden:
            continue
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    assert len(names) > 15
    for name in names:
        assert f"ppb {name}" in readme, name


def test_people_add_to_a_register_without_a_people_section(
    tmp_path: Path, ppb, monkeypatch
) -> None:
    (tmp_path / "actions.yaml").write_text("board:\n  name: B\n  prefix: B\n\nactions: []\n")
    monkeypatch.chdir(tmp_path)
    assert ppb("people", "add", "CC", "--name", "Chief").code == 0
    assert (tmp_path / "actions.yaml").read_text() == (
        "board:\n  name: B\n  prefix: B\n\npeople:\n  CC:\n    name: Chief\n\nactions: []\n"
    )
    assert ppb("add", "First", "-o", "cc").out == "B 1\n"


@pytest.mark.slow
def test_every_example_in_the_help_works_on_the_embedded_board(
    tmp_path: Path, ppb, monkeypatch
) -> None:
    """Each example runs, on a fresh copy of the embedded board, and succeeds. The files an
    example writes at the board's top (`-o cy.po`) are there for the examples after it in the
    same help text (`translate import cy.po`)."""
    import re
    import shlex
    import shutil
    import subprocess

    import typer.main

    from ppb import cli

    root = Path(__file__).resolve().parent.parent
    texts = []

    def walk(command) -> None:  # type: ignore[no-untyped-def]
        if getattr(command, "hidden", False):
            return
        texts.extend(filter(None, [command.help, getattr(command, "epilog", None)]))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(cli.app))
    runs = []
    for text in texts:
        found = re.search(r"Examples:\s*(.*?)(?:\n\s*\n|$)", text, re.S)
        if found:
            runs.append([e.strip() for e in " ".join(found.group(1).split()).split("·")])
    assert sum(len(run) for run in runs) > 30
    n = 0
    for examples in runs:
        written: dict[str, bytes] = {}
        for example in examples:
            words = shlex.split(example.split(" | ")[0])
            assert words[0] == "ppb", example
            n += 1
            folder = tmp_path / f"example-{n}"
            folder.mkdir()
            if words[1] != "init":
                shutil.copy(root / "actions.yaml", folder / "actions.yaml")
                shutil.copytree(root / "meetings", folder / "meetings")
                subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
            for name, data in written.items():
                (folder / name).write_bytes(data)
            before = {p.name for p in folder.iterdir()}
            monkeypatch.chdir(folder)
            result = ppb(*words[1:])
            assert result.code == 0, (example, result.err)
            written |= {
                p.name: p.read_bytes()
                for p in folder.iterdir()
                if p.is_file() and p.name not in before
            }


@pytest.mark.slow
def test_the_readme_walkthrough_runs_on_the_embedded_board(
    tmp_path: Path, ppb, monkeypatch
) -> None:
    """Every `ppb …` line of the README's usage sections, in order, on one copy of the board."""
    import re
    import shlex
    import shutil
    import subprocess

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Everyday use", 1)[1].split("## The files", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", usage, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split(" #", 1)[0].split(" | ", 1)[0].strip()
            if command.startswith("ppb "):
                lines.append(command)
    assert len(lines) >= 20
    board = tmp_path / "board"
    board.mkdir()
    shutil.copy(root / "actions.yaml", board / "actions.yaml")
    shutil.copytree(root / "meetings", board / "meetings")
    subprocess.run(["git", "init", "-q"], cwd=board, check=True)
    monkeypatch.chdir(board)
    for command in lines:
        words = shlex.split(command.replace("/tmp/minutes", str(tmp_path / "minutes")))
        result = ppb(*words[1:])
        assert result.code == 0, (command, result.err)


def _by_id(out: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(out)}


def test_carried_counts_the_meetings_held_since_it_was_raised_while_open(board: Path, ppb) -> None:
    assert _by_id(ppb("open", "-f", "json").out)["PPB 60"]["carried"] == 0
    assert ppb("carry-forward", "2014-04-10").code == 0
    assert ppb("update", "61", "--status", "completed", "--meeting", "2014-04-10").code == 0
    assert ppb("carry-forward", "2014-05-08").code == 0
    records = _by_id(ppb("list", "-f", "json").out)
    assert records["PPB 60"]["carried"] == 2  # still open at both
    assert records["PPB 61"]["carried"] == 1  # completed at the first
    assert records["PPB 56"]["carried"] == 3  # carried to March as well, raised before it
    assert records["PPB 51"]["carried"] == 1  # came to March open, completed there
    rows = list(csv.DictReader(io.StringIO(ppb("open", "-o", "T/ACC", "-f", "csv").out)))
    assert list(rows[0])[-5:] == [
        "carried",
        "overdue",
        "latest_status",
        "latest_note",
        "latest_date",
    ]
    assert [(r["id"], r["carried"]) for r in rows][:2] == [("PPB 56", "3"), ("PPB 59", "3")]
    assert (rows[0]["latest_status"], rows[0]["latest_note"], rows[0]["latest_date"]) == (
        "in progress", "paper to be sent to OPCC", "2014-03-13",
    )  # fmt: skip
    aged = ids(ppb("open", "--sort", "age", "-f", "json").out)
    assert aged[:6] == ["PPB 50", "PPB 52", "PPB 53", "PPB 56", "PPB 57", "PPB 59"]
    assert aged[6:] == [f"PPB {n}" for n in range(60, 71) if n != 61]


def test_due_and_overdue_and_the_overdue_filter(board: Path, ppb) -> None:
    assert (
        ppb("add", "CC to report", "--owner", "CC", "--due", "2014-04-10", "--on", "2014-03-20").out
        == "PPB 71\n"
    )
    assert (
        ppb("add", "CC to plan", "--owner", "CC", "--due", "2099-01-01", "--on", "2014-03-20").code
        == 0
    )
    assert (
        ppb("add", "CC to brief", "--owner", "CC", "--due", "2014-05-08", "--on", "2014-03-20").code
        == 0
    )
    records = _by_id(ppb("open", "-o", "CC", "-f", "json").out)
    assert [records[f"PPB {n}"]["overdue"] for n in (71, 72, 73)] == [True, False, True]
    assert records["PPB 71"]["due"] == "2014-04-10" and records["PPB 64"]["overdue"] is False
    assert ids(ppb("open", "--overdue", "-f", "json").out) == ["PPB 71", "PPB 73"]
    assert ids(ppb("open", "--sort", "due", "-o", "CC", "-f", "json").out)[:3] == [
        "PPB 71", "PPB 73", "PPB 72",
    ]  # fmt: skip
    assert ppb("close", "71").code == 0
    assert ids(ppb("open", "--overdue", "-f", "json").out) == ["PPB 73"]
    table = ppb("open", "--overdue").out
    assert table.startswith("Overdue open actions") and "PPB 73" in table
    bad = ppb("open", "--sort", "oldest")
    assert bad.code == 2 and bad.out == "" and "oldest" in bad.err and "Traceback" not in bad.err


@pytest.mark.parametrize("width", [80, 120])
def test_the_open_table_fits_the_terminal_without_breaking_words(
    board: Path, ppb, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = ppb("open").out
    lines = out.splitlines()
    assert max(map(len, lines)) <= width
    starts = [line.split()[:2] for line in lines if line.strip().startswith("PPB ")]
    assert [" ".join(s) for s in starts] == ALL_OPEN  # ids never wrapped
    words = " ".join(line[25:] for line in lines).split()  # the summary column and after
    records = json.loads(ppb("open", "-f", "json").out)
    for record in records:  # every word of every summary whole, somewhere
        for word in record["summary"].split():
            assert word in words, (record["id"], word)
    assert "(2014-03-13)" in out and "↳ In progress – paper to be" in out
    assert " —  " in out  # nobody named: a dash, as in meeting show
    assert len(lines) < (82 if width == 80 else 46)
    pair = [line for line in lines if "PPB 67" in line or "D. Llewelyn" in line]
    assert pair[0].split()[2] == "CG" and pair[1].split()[0:2] == ["D.", "Llewelyn"]


def test_a_british_date_gets_its_iso_form_suggested_on_every_option(board: Path, ppb) -> None:
    before = snapshot(board)
    for args, said in [
        (["update", "56", "--note", "x", "--date", "10/04/2014"], "--date: '10/04/2014'"),
        (["add", "x", "--owner", "CC", "--due", "10th April 2014"], "--due: '10th April 2014'"),
        (["people", "hold", "CC", "--name", "A B", "--from", "1st June 2014"], "--from: '1st June"),
    ]:
        result = ppb(*args)
        assert (result.code, result.out) == (2, "")
        assert said in result.err and "(did you mean 2014-0" in result.err
        assert result.err.count("\n") == 1
    assert snapshot(board) == before


def test_show_says_due_overdue_and_how_often_carried(board: Path, ppb) -> None:
    assert (
        ppb(
            "add", "CC to report", "--owner", "CC", "--due", "2014-04-10", "--on", "2014-03-20"
        ).code
        == 0
    )
    assert ppb("carry-forward", "2014-04-10").code == 0
    out = ppb("show", "71", "-f", "md").out
    assert "- **Due:** 2014-04-10 (overdue)\n- **Carried:** 1 time\n" in out
    assert "- **Carried:** 2 times\n" in ppb("show", "56", "-f", "md").out
    assert "Carried" not in ppb("show", "51", "-f", "md").out  # completed


def _commands() -> list[tuple[list[str], object]]:
    """Every visible command and group, by the words that call it."""
    import typer.main

    from ppb import cli

    found: list[tuple[list[str], object]] = []

    def walk(path: list[str], command) -> None:  # type: ignore[no-untyped-def]
        if getattr(command, "hidden", False):
            return
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk([*path, name], sub)

    walk([], typer.main.get_command(cli.app))
    return found


@pytest.mark.slow
def test_every_help_reads_as_written_flags_take_no_value_and_no_markup_is_lost(
    board: Path, ppb
) -> None:
    import re

    for path, command in _commands():
        out = ppb(*path, "--help").out
        flat = " ".join(out.replace("│", " ").split())
        assert "<bool>" not in out and "<str>" not in out and "<list[str]>" not in out, path
        for param in command.params:  # type: ignore[attr-defined]
            if getattr(param, "is_flag", False):
                row = next(line for line in out.splitlines() if f" {param.opts[0]} " in line)
                assert "<" not in row and not re.search(r"  [A-Z_]{2,}  ", row), (path, row)
            texts = [command.help or "", getattr(param, "help", None) or ""]  # type: ignore[attr-defined]
            for text in texts:
                for bracketed in re.findall(r"\\?\[[^\]\n]*\]", text):
                    assert bracketed.lstrip("\\") in flat, (path, bracketed)
    check = ppb("check", "--help").out
    assert "path:line:col: message [code]" in check


def test_a_missing_value_names_the_subcommand_and_version_is_an_option(board: Path, ppb) -> None:
    missing = ppb("open", "--owner")
    assert missing.code == 2
    assert missing.err == (
        "ppb open: Option '--owner' requires an argument. (see `ppb open --help`)\n"
    )
    version = ppb("version")
    assert version.code == 2
    assert version.err == (
        "ppb: No such command 'version'; did you mean `ppb --version`? (see `ppb --help`)\n"
    )
    assert ppb("lst").err.startswith("ppb: No such command 'lst'. Did you mean 'list'?")


def _bash_complete(board: Path, tmp_path: Path, line: str) -> list[str]:
    """What bash offers for the last word of `line`, by the script `ppb --show-completion`
    prints, run in a real bash with a `ppb` on its PATH."""
    import shlex
    import shutil

    bin_dir = tmp_path / "bin"
    if not bin_dir.exists():
        bin_dir.mkdir()
        program = bin_dir / "ppb"
        program.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m ppb "$@"\n')
        program.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    script = subprocess.run(
        ["ppb", "--show-completion", "bash"],
        capture_output=True, text=True, env=env, cwd=board, check=True,
    ).stdout  # fmt: skip
    assert "complete -o default -F _ppb_completion ppb" in script
    driver = (
        f"{script}\n"
        f"COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}\n"
        'read -r -a COMP_WORDS <<< "$COMP_LINE"\n'
        '[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "$(complete -p ppb | sed 's/.*-F \\([^ ]*\\) .*/\\1/') ppb \"${COMP_WORDS[-1]}\"\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    bash = shutil.which("bash")
    assert bash is not None
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", driver],
        capture_output=True, text=True, env=env, cwd=board, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


@pytest.mark.slow
def test_bash_completion_keeps_a_multi_word_value_one_word(board: Path, tmp_path: Path) -> None:
    assert _bash_complete(board, tmp_path, "ppb open --owner Daf") == ["Dafydd\\ Llewelyn"]
    assert _bash_complete(board, tmp_path, "ppb list --status in") == ["in\\ progress"]
    assert _bash_complete(board, tmp_path, "ppb open --owner T/") == ["T/ACC", "T/DCC"]
    # What bash put on the line runs as one owner.
    bash_line = "ppb open --owner " + _bash_complete(board, tmp_path, "ppb open --owner Daf")[0]
    done = subprocess.run(
        ["bash", "--norc", "-c", bash_line.replace("ppb", f"{sys.executable} -m ppb", 1) + " -f json"],
        capture_output=True, text=True, cwd=board, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert ids(done.stdout) == ["PPB 67"]


def test_the_readme_starts_with_the_two_commands_and_says_how_to_install_for_daily_use() -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first is not None
    assert [line.split("  #")[0].strip() for line in first.group(1).splitlines()] == [
        "pip install -e . && ppb open --owner T/ACC",
        "pip install -e '.[test]' && python -m pytest",
    ]
    install = readme.split("## Installing", 1)[1].split("\n## ", 1)[0]
    assert "externally-managed-environment" in install
    assert "pipx install ." in install and "python3 -m venv" in install
    assert "ppb --install-completion" in install


def test_csv_for_a_spreadsheet_reads_back_with_a_real_csv_reader(board: Path, ppb) -> None:
    rows = list(csv.DictReader(io.StringIO(ppb("list", "-f", "csv").out)))
    assert len(rows) == 21 and rows[6]["id"] == "PPB 56"
    assert (rows[6]["latest_status"], rows[6]["latest_note"], rows[6]["latest_date"]) == (
        "in progress", "paper to be sent to OPCC", "2014-03-13",
    )  # fmt: skip
    assert "carried" in rows[0] and "due" in rows[0]
    history = list(csv.DictReader(io.StringIO(ppb("list", "-f", "csv", "--history").out)))
    records = json.loads(ppb("list", "-f", "json").out)
    assert len(history) == sum(max(1, len(r["history"])) for r in records)  # a row per entry
    row = next(r for r in history if r["id"] == "PPB 51")
    assert (row["date"], row["progress"], row["note"]) == (
        "2014-03-13",
        "completed",
        "report published",
    )
    assert list(history[0]) == [
        "id",
        "summary",
        "owners",
        "status",
        "date",
        "meeting",
        "progress",
        "note",
    ]


def test_csv_for_excel_starts_with_the_byte_order_mark_it_needs(
    board: Path, ppb, tmp_path: Path
) -> None:
    summary = "CC to brief on Clare’s Law – the “right to ask”"
    assert ppb("add", summary, "-o", "CC", "--on", "2014-03-20").code == 0
    out = ppb("open", "-f", "csv", "--bom").out
    assert out.startswith("\ufeffid,summary,")
    path = tmp_path / "open.csv"
    path.write_text(out, encoding="utf-8")
    with path.open(encoding="utf-8-sig", newline="") as handle:  # as Excel reads it
        rows = list(csv.DictReader(handle))
    assert rows[0]["id"] == "PPB 50" and rows[-1]["summary"] == summary  # the header is "id"
    assert not ppb("open", "-f", "csv").out.startswith("\ufeff")  # for scripts: none
    refused = ppb("open", "--bom")
    assert (refused.code, refused.err) == (2, "ppb: --bom is for --format csv\n")


def test_show_says_when_an_action_raised_between_meetings_was_raised(board: Path, ppb) -> None:
    """Not "Raised unknown": the day it was raised, between meetings."""
    assert (
        ppb("add", "CC to brief the panel", "--owner", "CC", "--on", "2014-03-20").out == "PPB 71\n"
    )
    lines = [line.split() for line in ppb("show", "71").out.splitlines()]
    assert ["Raised", "2014-03-20,", "between", "meetings"] in lines
    assert ["Raised", "2014-03-13"] in [line.split() for line in ppb("show", "60").out.splitlines()]
