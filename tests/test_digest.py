"""Digests end to end: each owner's open actions, printed or one file per owner."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest

from tests.conftest import snapshot

T_ACC_OPEN = ["PPB 56", "PPB 59", "PPB 61", "PPB 62", "PPB 63", "PPB 66"]


def _ids(text: str) -> list[str]:
    return re.findall(r"\| (PPB \d+) \|", text)


def test_one_file_per_owner_with_their_open_actions(board: Path, ppb, tmp_path: Path) -> None:
    out = tmp_path / "digests"
    before = snapshot(board)
    result = ppb("digest", "-o", str(out))
    assert (result.code, result.err) == (0, "")
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["PCC.md", "CC.md", "T-ACC.md", "T-DCC.md", "CG.md", "LA.md",
                            "Dafydd-Llewelyn.md"])  # fmt: skip
    assert result.out.splitlines() == [f"{out}/{n}" for n in
        ["PCC.md", "CC.md", "T-ACC.md", "T-DCC.md", "CG.md", "LA.md", "Dafydd-Llewelyn.md"]]  # fmt: skip
    t_acc = (out / "T-ACC.md").read_text()
    assert _ids(t_acc) == T_ACC_OPEN
    assert t_acc.startswith("# Policing Performance Board: open actions of T/ACC (Pam Kelly)\n")
    assert "| PPB 56 | T/ACC to inform OPCC" in t_acc
    assert "| — | 1 |  | In progress – paper to be sent to OPCC (2014-03-13) |" in t_acc
    assert "PPB 67" in (out / "CG.md").read_text()  # joint owners: in each digest
    assert "PPB 67" in (out / "Dafydd-Llewelyn.md").read_text()
    assert "PPB 52" in (out / "PCC.md").read_text() and "PPB 52" in (out / "CC.md").read_text()
    assert snapshot(board) == before  # the board itself is untouched


def test_digest_shows_due_and_overdue_and_prints_without_o(board: Path, ppb) -> None:
    assert (
        ppb(
            "add", "CC to report", "--owner", "CC", "--due", "2014-04-10", "--on", "2014-03-20"
        ).code
        == 0
    )
    result = ppb("digest", "--owner", "cc")
    assert result.code == 0 and result.out.startswith(
        "# Policing Performance Board: open actions of CC"
    )
    assert "| PPB 71 | CC to report | 2014-03-20 | 0 | 2014-04-10 (overdue) | Open |" in result.out
    assert "2 overdue" not in result.out and ", 1 overdue." in result.out


def test_formats_html_docx_and_eml(board: Path, ppb, tmp_path: Path) -> None:
    import docx

    page = ppb("digest", "--owner", "T/ACC", "-f", "html").out
    assert page.startswith("<!DOCTYPE html>") and page.count("<tr><td>PPB ") == 6
    assert ppb("digest", "-o", str(tmp_path / "w"), "-f", "docx", "--owner", "T/ACC").code == 0
    word = docx.Document(str(tmp_path / "w" / "T-ACC.docx"))
    assert [row.cells[0].text for row in word.tables[0].rows[1:]] == T_ACC_OPEN
    text = (board / "actions.yaml").read_text()
    (board / "actions.yaml").write_text(
        text.replace(
            "    name: Pam Kelly\n", "    name: Pam Kelly\n    email: pam.kelly@example.org\n"
        )
    )
    result = ppb(
        "digest", "-o", str(tmp_path / "m"), "-f", "eml", "--owner", "T/ACC", "--owner", "CC"
    )
    assert result.code == 0
    assert result.err == "note: CC has no email: in people; its message has no To\n"
    message = email.message_from_bytes(
        (tmp_path / "m" / "T-ACC.eml").read_bytes(), policy=email.policy.default
    )
    assert message["To"] == "pam.kelly@example.org"
    assert message["Subject"] == "Policing Performance Board: open actions of T/ACC (Pam Kelly)"
    assert message["Date"]
    plain = message.get_body(("plain",)).get_content()
    assert _ids(plain) == T_ACC_OPEN
    assert message.get_body(("html",)).get_content().count("<tr><td>PPB ") == 6


def test_public_digests_withhold_restricted_actions(board: Path, ppb) -> None:
    text = (board / "actions.yaml").read_text()
    marked = text.replace(
        "  - id: PPB 62\n", "  - id: PPB 62\n    restricted: true\n    reason: FOI s31\n"
    )
    assert marked != text
    (board / "actions.yaml").write_text(marked)
    public = ppb("digest", "--owner", "T/ACC", "--public").out
    assert "| PPB 62 | (Restricted: FOI s31) |" in public
    assert "Powys serious case review" not in public
    assert "Powys serious case review" in ppb("digest", "--owner", "T/ACC").out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "docx"], 2, "--format docx writes files: give -o DIR"),
        (["-f", "eml"], 2, "--format eml writes files: give -o DIR"),
        (["--owner", "NOBODY"], 1, "unknown handle 'NOBODY'"),
        (["-o", "actions.yaml"], 2, "is a file; give a folder"),
        (["-f", "pdf"], 2, "pdf"),
    ],
)
def test_bad_digest_input_is_one_line_and_writes_nothing(
    board: Path, ppb, args: list[str], code: int, message: str
) -> None:
    before = snapshot(board)
    result = ppb("digest", *args)
    assert (result.code, result.out) == (code, "")
    assert message in result.err and "Traceback" not in result.err
    assert snapshot(board) == before
