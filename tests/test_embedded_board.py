"""The embedded board is a faithful transcription of the minutes of 13 March 2014."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ppb import history
from ppb.models import Register
from ppb.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEED = (Path(__file__).parent / "data" / "minutes-2014-03-13.txt").read_text(encoding="utf-8")


def seed_tables() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The two ACTION SUMMARY tables: id -> (summary, progress or 'to be progressed by')."""
    tables: list[dict[str, tuple[str, str]]] = []
    current: dict[str, tuple[str, str]] = {}
    last = None
    for line in SEED.splitlines():
        if line.startswith("ACTION SUMMARY"):
            current = {}
            tables.append(current)
        elif re.match(r"PPB \d+\t", line):
            number, summary, third = (line.split("\t") + [""])[:3]
            current[number] = (summary.strip(), third.strip())
            last = number
        elif line.startswith("\t") and line.strip() and last in current:  # a wrapped table row
            summary, third = current[last]
            current[last] = (f"{summary} {line.strip()}", third)
    return tables[0], tables[1]


@pytest.fixture(scope="module")
def register() -> Register:
    return Store(ROOT).register()


def test_every_action_of_both_tables_is_in_the_register(register: Register) -> None:
    earlier, new = seed_tables()
    assert sorted(earlier) == [f"PPB {n}" for n in range(50, 60)]
    assert sorted(new) == [f"PPB {n}" for n in range(60, 71)]
    assert [a.id for a in register.actions] == [f"PPB {n}" for n in range(50, 71)]
    for number, (summary, _) in {**earlier, **new}.items():
        action = register.find(number)
        assert action is not None and action.summary == summary


def test_progress_words_of_earlier_actions_as_minuted(register: Register) -> None:
    earlier, _ = seed_tables()
    for number, (_, progress) in earlier.items():
        action = register.find(number)
        assert action is not None
        at_meeting = [e for e in action.history if e.meeting == "2014-03-13"]
        entry = at_meeting[-1]
        assert history.progress(entry.status, entry.note) == progress
        assert action.raised is None


def test_new_actions_owned_by_the_to_be_progressed_by_column(register: Register) -> None:
    _, new = seed_tables()
    for number, (_, progressed_by) in new.items():
        action = register.find(number)
        assert action is not None
        assert " / ".join(action.owners) == progressed_by
        assert action.raised == "2014-03-13" and action.status == "open" and not action.history


def test_owners_of_earlier_actions_open_their_summary(register: Register) -> None:
    handles = set(register.people)
    for number in range(50, 60):
        action = register.find(f"PPB {number}")
        assert action is not None
        opening = re.match(r"((?:[\w/]+)(?: and [\w/]+)*) to ", action.summary)
        named = [w for w in opening.group(1).split(" and ")] if opening else []
        expected = [w for w in named if w in handles]
        assert action.owners == expected, number
    assert [n for n in range(50, 60) if not register.find(f"PPB {n}").owners] == [53, 57, 58]  # type: ignore[union-attr]


def test_every_handle_in_the_minutes_is_registered(register: Register) -> None:
    bracketed = set(re.findall(r"\(([A-Za-z/]+)\)", SEED.split("The PCC commended")[0]))
    assert bracketed <= set(register.people)
    for handle in ("LA", "CG", "Dafydd Llewelyn", "Samantha Waters"):
        assert handle in register.people
    assert "ALP" in register.people["DoC"].aliases
    for action in register.actions:
        assert set(action.owners) <= set(register.people)


def test_the_meeting_keeps_every_paragraph_of_the_minutes() -> None:
    store = Store(ROOT)
    register = store.register()
    meeting = store.meeting("2014-03-13", register.board.prefix)
    texts: list[str] = list(map(str, meeting.opening))

    def collect(entries: list) -> None:  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, str):
                texts.append(entry)
            else:
                texts.append(getattr(entry, "text", None) or getattr(entry, "decision", ""))

    collect(meeting.matters_arising)
    stack = list(meeting.items)
    while stack:
        item = stack.pop()
        texts.append(item.title)
        collect(item.text)
        stack.extend(item.items)
    collect(meeting.other_business)
    body = SEED.split("The PCC commended")[1].split("ACTION SUMMARY")[0]
    after = SEED.split("Matters Arising", 1)[1].rsplit("ACTION SUMMARY", 1)[0]
    paragraphs = [
        p.strip() for p in ("The PCC commended" + body + after).split("\n\n") if p.strip()
    ]
    for paragraph in paragraphs:
        plain = re.sub(r"^(Action: |PPB \d+ – )", "", paragraph)
        if paragraph == "Any Other Business":
            assert meeting.other_business
        elif paragraph.endswith("left the meeting."):
            who = paragraph.split()[1]
            assert any(d.who == who for d in meeting.departures)
        else:
            assert plain in texts or any(
                plain == register.find(a).summary
                for a in [f"PPB {n}" for n in range(60, 71)]  # type: ignore[union-attr]
            ), paragraph
    assert meeting.attendance.members == ["PCC", "CC", "DoF", "DPCC"]
    assert meeting.attendance.apologies == ["T/DCC"]
    assert meeting.time == "10.00 – 11.55" and meeting.venue == "Police Headquarters"
