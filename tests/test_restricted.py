"""Restricted matters never reach public output, in any command or format; what is withheld is
said, with its reason, and logged for the officer who signs the public version off."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import cli

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("table", "json", "csv", "md")


def restrict(board: Path) -> None:
    """One restricted action, one restricted item with an action raised in it, one restricted
    opening entry: on the embedded board, with reasons."""
    register = board / "actions.yaml"
    text = register.read_text()
    at = text.index("  - id: PPB 62")
    end = text.index("\n", text.index("    status:", at))
    register.write_text(
        text[:end] + "\n    restricted: true\n    reason: Schedule 12A para 3" + text[end:]
    )
    meeting = board / "meetings" / "2014-03-13.yaml"
    text = meeting.read_text()
    text = text.replace(
        "opening:\n",
        "opening:\n  - text: The PCC briefed members on the SECRET-OPENING inquiry.\n"
        "    restricted: true\n    reason: FOI s31 law enforcement\n",
        1,
    )
    text = (
        text.replace(
            "other_business:\n",
            "other_business:\n  - The PCC thanked the staff.\n",
            1,
        )
        if "other_business:\n" in text
        else text
    )
    text = text.replace(
        "items:\n",
        "items:\n  - title: SECRET-ITEM Mediation pilots\n    restricted: true\n"
        "    reason: FOI s43 commercial interests\n    text:\n"
        "      - The SECRET-TEXT mediation pilots were discussed.\n"
        "      - action: PPB 71\n",
        1,
    )
    meeting.write_text(text)
    register.write_text(
        register.read_text()
        + "  - id: PPB 71\n    summary: DoC to report on the SECRET-ACTION mediation pilots\n"
        "    owners: [DoC]\n    raised: 2014-03-13\n    item: SECRET-ITEM Mediation pilots\n"
        "    status: open\n"
    )


def outputs(ppb, board: Path, tmp: Path) -> dict[str, str]:
    """Every public output of the board, by command."""
    out = {}
    for fmt in FORMATS:
        for args in (["open"], ["list"], ["show", "62"], ["show", "71"], ["decisions"],
                     ["meeting", "show", "2014-03-13"]):  # fmt: skip
            result = ppb(*args, "--public", "-f", fmt)
            assert result.code == 0, (args, result.err)
            out[f"{' '.join(args)} {fmt}"] = result.out + result.err
    for fmt in ("md", "html"):
        out[f"minutes {fmt}"] = ppb("minutes", "2014-03-13", "--public", "-f", fmt).out
    docx = tmp / "public.docx"
    assert ppb("minutes", "2014-03-13", "--public", "-f", "docx", "-o", str(docx)).code == 0
    with zipfile.ZipFile(docx) as parts:
        out["minutes docx"] = " ".join(
            parts.read(n).decode() for n in parts.namelist() if n.endswith(".xml")
        )
    return out


def test_nothing_restricted_reaches_any_public_output(board: Path, ppb, tmp_path: Path) -> None:
    restrict(board)
    assert ppb("check").code == 0
    for name, text in outputs(ppb, board, tmp_path).items():
        assert "SECRET" not in text, name
        assert "recommendations from Powys serious case review to PCC" not in text, name
    md = ppb("minutes", "2014-03-13", "--public").out
    assert "(Restricted: Schedule 12A para 3)" in md  # PPB 62, in the table
    assert "(Restricted: FOI s31 law enforcement)" in md  # the opening entry
    assert "(Restricted: FOI s43 commercial interests)" in md  # the item, and PPB 71 in it
    assert (
        "This public version of the minutes withholds 2 restricted actions, 1 restricted item "
        "and 1 restricted entry." in md
    )
    full = ppb("minutes", "2014-03-13").out
    assert "SECRET-ITEM" in full and "SECRET-ACTION" in full  # the internal version has it all
    listed = json.loads(ppb("list", "--public", "-f", "json").out)
    secret = {r["id"]: (r["restricted"], r["reason"]) for r in listed if r["restricted"]}
    assert secret == {
        "PPB 62": (True, "Schedule 12A para 3"),
        "PPB 71": (True, "FOI s43 commercial interests"),
    }


def test_the_log_of_redactions_lists_what_was_withheld_with_reasons(
    board: Path, ppb, tmp_path: Path
) -> None:
    restrict(board)
    log = tmp_path / "withheld.csv"
    result = ppb("minutes", "2014-03-13", "--public", "--redactions", str(log))
    assert result.code == 0
    rows = list(csv.reader(log.open(encoding="utf-8")))
    assert rows[0] == ["what", "id or title", "reason"]
    assert sorted(rows[1:]) == [
        ["action", "PPB 62", "Schedule 12A para 3"],
        ["action", "PPB 71", "FOI s43 commercial interests"],
        [
            "entry",
            "The PCC briefed members on the SECRET-OPENING inquiry.",
            "FOI s31 law enforcement",
        ],
        ["item", "SECRET-ITEM Mediation pilots", "FOI s43 commercial interests"],
    ]
    refused = ppb("minutes", "2014-03-13", "--redactions", str(log))
    assert refused.code == 2 and "give --public too" in refused.err


def test_an_action_raised_in_a_restricted_item_can_be_published_by_saying_so(
    board: Path, ppb
) -> None:
    restrict(board)
    register = board / "actions.yaml"
    register.write_text(register.read_text().replace(
        "    item: SECRET-ITEM Mediation pilots\n", "    item: SECRET-ITEM Mediation pilots\n    restricted: false\n"
    ))  # fmt: skip
    shown = json.loads(ppb("show", "71", "--public", "-f", "json").out)
    assert shown["summary"].startswith("DoC to report") and shown["item"] == "Restricted item"


def test_add_takes_a_reason(board: Path, ppb) -> None:
    assert ppb("add", "CC to brief on the operation", "-o", "CC", "-m", "2014-03-13",
               "--restricted", "--reason", "FOI s31").out == "PPB 71\n"  # fmt: skip
    shown = json.loads(ppb("show", "71", "--public", "-f", "json").out)
    assert (shown["summary"], shown["reason"]) == ("(Restricted: FOI s31)", "FOI s31")
    assert ppb("add", "x", "-o", "CC", "--reason", "why").code == 2


# The property: canaries in every restricted text of a generated board


def _run(board: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.run(["--dir", str(board), *args])
    return code, out.getvalue() + err.getvalue()


KINDS = ("opening", "arising", "ref", "item", "subitem", "decision", "note", "aob")
flags = st.fixed_dictionaries(
    {kind: st.lists(st.booleans(), min_size=2, max_size=2) for kind in KINDS}
)


def _board(
    folder: Path, actions_restricted: list[bool | None], f: dict[str, list[bool]]
) -> tuple[set[str], set[str]]:
    """Write a board with canaries in every restricted text; return (canaries, public ids)."""
    canaries: set[str] = set()
    n = [0]

    def say(secret: bool, words: str) -> str:
        n[0] += 1
        if secret:
            canaries.add(f"CANARY{n[0]}X")
            return f"{words} CANARY{n[0]}X"
        return f"{words} public{n[0]}"

    def flag(secret: bool, indent: str) -> str:
        return f"{indent}restricted: true\n{indent}reason: Schedule 12A\n" if secret else ""

    items, refs, titles = [], [], []
    for i in range(2):
        secret = f["item"][i]
        title = say(secret, f"Item {i}")
        titles.append((title, secret))
        sub = f["subitem"][i] or secret
        items.append(
            f"  - title: {title}\n{flag(secret, '    ')}    text:\n"
            f"      - text: {say(secret or f['note'][i], 'Note')}\n{flag(f['note'][i], '        ')}"
            f"      - decision: {say(secret or f['decision'][i], 'It was agreed')}\n{flag(f['decision'][i], '        ')}"
            f"      - action: AC {i + 1}\n"
            f"    items:\n      - title: {say(sub, 'Sub')}\n{flag(f['subitem'][i], '        ')}"
            f"        text:\n          - {say(sub, 'Sub text')}\n"
        )
    actions, public = [], set()
    for number, explicit in enumerate(actions_restricted, start=1):
        title, in_secret_item = titles[(number - 1) % 2]
        inside = number <= 2  # AC 1 and AC 2 are listed in items 0 and 1
        secret = explicit is True or (explicit is None and inside and in_secret_item)
        item = f"    item: {title}\n" if inside else ""
        if inside and in_secret_item and not secret:
            item = ""  # a public action raised in a secret item would carry its title: keep apart
        flag_line = (
            "" if explicit is None else f"    restricted: {'true' if explicit else 'false'}\n"
        )
        actions.append(
            f"  - id: AC {number}\n    summary: {say(secret, 'Do a thing')}\n    owners: [CC]\n"
            f"    raised: 2014-04-10\n{item}{flag_line}    status: open\n"
        )
        if not secret:
            public.add(f"AC {number}")
    for i in range(2):
        refs.append(
            f"  - action: AC {3 + i}\n    text: {say(f['ref'][i] or actions_restricted[2 + i] is True, 'Update')}\n"
            + flag(f["ref"][i], "    ")
        )
    opening = "".join(f"  - text: {say(s, 'Opening')}\n{flag(s, '    ')}" for s in f["opening"])
    arising = "".join(f"  - text: {say(s, 'Arising')}\n{flag(s, '    ')}" for s in f["arising"])
    aob = "".join(f"  - text: {say(s, 'Other')}\n{flag(s, '    ')}" for s in f["aob"])
    (folder / "actions.yaml").write_text(
        "board:\n  name: Audit Committee\n  prefix: AC\npeople:\n  CC: {}\nactions:\n"
        + "".join(actions)
    )
    (folder / "meetings").mkdir()
    (folder / "meetings" / "2014-04-10.yaml").write_text(
        "date: 2014-04-10\nattendance:\n  members: [CC]\n"
        f"opening:\n{opening}matters_arising:\n{arising}{''.join(refs)}items:\n{''.join(items)}"
        f"other_business:\n{aob}"
    )
    return canaries, public


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(st.sampled_from([None, True, False]), min_size=4, max_size=4), f=flags)
def test_no_canary_reaches_any_public_output(
    actions: list[bool | None], f: dict[str, list[bool]]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ppb-canary-"))
    try:
        canaries, public = _board(folder, actions, f)
        assert _run(folder, "check")[0] == 0, _run(folder, "check")[1]
        seen = []
        for fmt in FORMATS:
            for args in (["open"], ["list"], ["decisions"], ["meeting", "show", "2014-04-10"],
                         *(["show", f"AC {n}"] for n in range(1, 5))):  # fmt: skip
                code, text = _run(folder, *args, "--public", "-f", fmt)
                assert code == 0, (args, text)
                seen.append((args, fmt, text))
        for fmt in ("md", "html"):
            seen.append(
                (["minutes"], fmt, _run(folder, "minutes", "2014-04-10", "--public", "-f", fmt)[1])
            )
        for args, fmt, text in seen:
            leaked = [c for c in canaries if c in text]
            assert not leaked, (args, fmt, leaked)
        for fmt in FORMATS:
            listed = _run(folder, "list", "--public", "-f", fmt)[1]
            assert all(i in listed for i in public), fmt
        minutes = _run(folder, "minutes", "2014-04-10", "--public")[1]
        assert all(i in minutes for i in public)
    finally:
        shutil.rmtree(folder)


def test_add_in_a_restricted_item_writes_the_restriction_down(board: Path, ppb) -> None:
    restrict(board)
    added = ppb("add", "DoC to cost the pilots", "-o", "DoC", "-m", "2014-03-13",
                "--item", "SECRET-ITEM Mediation pilots")  # fmt: skip
    assert added.out == "PPB 72\n"
    shown = json.loads(ppb("show", "72", "-f", "json").out)  # not public: as the register says
    assert (shown["restricted"], shown["reason"]) == (True, "FOI s43 commercial interests")


def test_every_public_listing_says_first_what_it_withheld(board: Path, ppb) -> None:
    restrict(board)
    shown = ppb("meeting", "show", "2014-03-13", "--public", "-f", "md").out
    assert shown.startswith(
        "This public version of this meeting withholds 0 restricted actions and 1 restricted "
        "item.\n\n"  # meeting show has no opening, and neither action is in its Matters Arising
    )
    listed = ppb("list", "--public", "-f", "json")
    assert listed.err == "note: This public version of this list withholds 2 restricted actions.\n"
    assert ppb("list", "--public").out.startswith("This public version of this list withholds 2")
