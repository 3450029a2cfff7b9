"""The git merge driver, with real git in a temporary repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "actions.yaml", tmp_path / "actions.yaml")
    shutil.copytree(ROOT / "meetings", tmp_path / "meetings")
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def environment() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GIT_AUTHOR_NAME": "Secretary", "GIT_AUTHOR_EMAIL": "secretary@example.org",
        "GIT_COMMITTER_NAME": "Secretary", "GIT_COMMITTER_EMAIL": "secretary@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
    }  # fmt: skip


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, env=environment(), capture_output=True, text=True, check=check
    )


def ppb(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ppb", *args], cwd=repo, env=environment(), capture_output=True,
                          text=True, check=False)  # fmt: skip


def branches(repo: Path, ours: list[list[str]], theirs: list[list[str]]) -> None:
    """Commit the board, then run `ours` commands on main and `theirs` on a branch."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "board")
    git(repo, "checkout", "-q", "-b", "theirs")
    for command in theirs:
        assert ppb(repo, *command).returncode == 0
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    for command in ours:
        assert ppb(repo, *command).returncode == 0
    git(repo, "commit", "-q", "-am", "ours")


def test_actions_raised_on_two_branches_merge_without_conflict(repo: Path) -> None:
    setup = ppb(repo, "git-setup")
    assert setup.returncode == 0, setup.stderr
    assert (repo / ".gitattributes").read_text() == "actions.yaml merge=ppb\n"
    branches(
        repo,
        ours=[
            ["add", "Raised on main", "-o", "CC"],
            ["update", "56", "-n", "chased on main", "--date", "2014-03-20"],
        ],
        theirs=[["add", "Raised on a branch", "-o", "LA"], ["close", "62", "--date", "2014-03-21"]],
    )
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "PPB 71 raised on both branches; theirs is now PPB 72" in merged.stderr
    text = (repo / "actions.yaml").read_text()
    assert "<<<<<<<" not in text
    records = {r["id"]: r for r in json.loads(ppb(repo, "list", "-f", "json").stdout)}
    assert (
        records["PPB 71"]["summary"] == "Raised on main"
        and records["PPB 72"]["summary"] == "Raised on a branch"
    )
    assert records["PPB 56"]["history"][-1]["note"] == "chased on main"
    assert records["PPB 62"]["status"] == "completed"
    assert ppb(repo, "check").returncode == 0
    assert "# Raised at the meeting of 13 March 2014." in text  # ours' comments stay


def test_without_the_driver_git_leaves_conflict_markers_that_check_names(repo: Path) -> None:
    branches(
        repo,
        ours=[["add", "Raised on main", "-o", "CC"]],
        theirs=[["add", "Raised on a branch", "-o", "LA"]],
    )
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode != 0
    result = ppb(repo, "check")
    assert result.returncode == 1 and "[merge-conflict]" in result.stdout


def test_both_branches_changing_one_action_differently_is_a_real_conflict(repo: Path) -> None:
    assert ppb(repo, "git-setup").returncode == 0
    branches(
        repo,
        ours=[["update", "60", "--owner", "CC", "--owner", "LA"]],
        theirs=[["update", "60", "--owner", "T/ACC"]],
    )
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode != 0
    assert "merged line by line with conflict markers" in merged.stderr
    assert "<<<<<<< ours" in (repo / "actions.yaml").read_text()


def test_an_action_removed_on_one_branch_and_untouched_on_the_other_goes(repo: Path) -> None:
    assert ppb(repo, "git-setup").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "board")
    git(repo, "checkout", "-q", "-b", "theirs")
    text = (repo / "actions.yaml").read_text()
    start = text.index("  - id: PPB 70")
    (repo / "actions.yaml").write_text(text[:start].rstrip("\n") + "\n")
    git(repo, "commit", "-q", "-am", "remove 70")
    git(repo, "checkout", "-q", "main")
    assert ppb(repo, "add", "New on main", "-o", "CC").returncode == 0
    git(repo, "commit", "-q", "-am", "ours")
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode == 0, merged.stderr
    ids = [r["id"] for r in json.loads(ppb(repo, "list", "-f", "json").stdout)]
    assert "PPB 70" not in ids and "PPB 71" in ids


def test_the_driver_keeps_crlf_line_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ppb import merge

    monkeypatch.setattr(merge, "theirs_mentions", lambda *args: set())  # no meetings to mislead

    base = (ROOT / "actions.yaml").read_text()
    ours = base + "\n  - id: PPB 71\n    summary: Ours\n    owners: [CC]\n    status: open\n"
    theirs = base + "\n  - id: PPB 71\n    summary: Theirs\n    owners: [LA]\n    status: open\n"
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / name
        path.write_bytes(text.replace("\n", "\r\n").encode())
        paths.append(str(path))
    code, message = merge.driver(*paths)
    assert code == 0 and "PPB 71 raised on both branches; theirs is now PPB 72" in message
    merged = (tmp_path / "ours").read_bytes()
    assert b"\n" not in merged.replace(b"\r\n", b"") and b"    summary: Theirs\r\n" in merged
    assert b"  - id: PPB 72\r\n" in merged


def test_a_renumbered_action_takes_theirs_see_references_with_it(repo: Path) -> None:
    assert ppb(repo, "git-setup").returncode == 0
    branches(
        repo,
        ours=[["add", "Ours", "-o", "CC", "-m", "2014-03-13"]],
        theirs=[
            ["add", "Theirs first", "-o", "LA", "-m", "2014-03-13"],
            ["add", "Theirs second", "-o", "LA", "-m", "2014-03-13", "--see", "71"],
        ],
    )
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode == 0, merged.stderr
    records = {r["id"]: r for r in json.loads(ppb(repo, "list", "-f", "json").stdout)}
    assert records["PPB 71"]["summary"] == "Ours"
    renamed = next(r for r in records.values() if r["summary"] == "Theirs first")
    assert renamed["id"] == "PPB 73"
    second = next(r for r in records.values() if r["summary"] == "Theirs second")
    assert second["id"] == "PPB 72" and second["see"] == ["PPB 73"]


def test_a_renumber_that_would_retarget_theirs_meetings_is_refused(repo: Path) -> None:
    """Theirs' minutes name theirs' PPB 71; renumbering it would point them at ours'."""
    assert ppb(repo, "git-setup").returncode == 0
    assert ppb(repo, "meeting", "new", "2014-04-10").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "April")
    git(repo, "checkout", "-q", "-b", "theirs")
    assert ppb(repo, "add", "Theirs", "-o", "LA", "-m", "2014-04-10").returncode == 0
    meeting = repo / "meetings" / "2014-04-10.yaml"
    text = meeting.read_text()
    meeting.write_text(
        text.replace("items: []", "items:\n  - title: Mediation\n    text:\n      - action: PPB 71")
    )
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    assert ppb(repo, "add", "Ours", "-o", "CC", "-m", "2014-04-10").returncode == 0
    git(repo, "commit", "-q", "-am", "ours")
    merged = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert merged.returncode != 0
    assert "PPB 71 was raised on both branches and theirs' meetings name it" in merged.stderr
    assert "<<<<<<< ours" in (repo / "actions.yaml").read_text()


def test_a_clash_is_not_renumbered_when_theirs_meetings_cannot_be_seen() -> None:
    from ppb import merge

    base = (ROOT / "actions.yaml").read_text()
    ours = base + "\n  - id: PPB 71\n    summary: Ours\n    owners: [CC]\n    status: open\n"
    theirs = base + "\n  - id: PPB 71\n    summary: Theirs\n    owners: [LA]\n    status: open\n"
    with pytest.raises(merge.Unmergeable, match="ppb cannot see them here"):
        merge.merge(base, ours, theirs, None)
    text, moved = merge.merge(base, ours, theirs, set())
    assert moved == [("PPB 71", "PPB 72")] and "summary: Theirs" in text
