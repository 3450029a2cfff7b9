"""Generate a board of N actions in the shape of the embedded board, for the benchmark.

Each action has an id, a summary of about 100 characters, one or two owners,
the meeting it was raised at, a status and up to three dated history entries;
about one in fifteen is open for any one owner. Meetings are weekly, each with
attendance and the actions raised at it. The same actions can be written as
Taskwarrior data, owners as tags, so both tools answer the same question.

A board of many meetings (`generate_meetings`) is in the shape a board gets
from `ppb carry-forward` before every meeting: each meeting raises a few
actions, most are closed a few meetings later, and every meeting's Matters
Arising lists each action open at it with the two comment lines carry-forward
writes, so that running carry-forward again changes nothing.

    python bench/generate.py DIR N [--taskwarrior TASKDATA]
    python bench/generate.py DIR --meetings 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import uuid
from pathlib import Path

WORDS = (
    "report review develop present business case provision partnership funding custody health victims "
    "services evaluation commissioning strategy data analysis publish performance update force officers "
    "training domestic abuse safeguarding action plan meeting board scheduled future consider share OPCC"
).split()
OWNERS = ["CC", "T/ACC", "PCC", "DPCC", "DoF", "CM", "DoC", "SR", "CJJ", "CB", "T/DCC", "CG", "LA"]
PEOPLE_BLOCK_FROM = Path(__file__).resolve().parent.parent / "actions.yaml"


def people_section() -> str:
    text = PEOPLE_BLOCK_FROM.read_text(encoding="utf-8")
    start = text.index("\npeople:\n") + 1
    return text[start : text.index("\nactions:\n") + 1]


def summary(rng: random.Random, owner: str) -> str:
    words = [owner, "to"]
    while sum(len(w) + 1 for w in words) < 100:
        words.append(rng.choice(WORDS))
    return " ".join(words)


def generate(folder: Path, n: int, seed: int = 2014) -> dict[str, object]:
    """Write actions.yaml and meetings/ for N actions; returns facts the benchmark uses."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    meetings_dir = folder / "meetings"
    meetings_dir.mkdir(exist_ok=True)
    n_meetings = max(12, n // 100)
    first = dt.date(2014, 3, 13)
    meetings = [(first + dt.timedelta(weeks=w)).isoformat() for w in range(n_meetings)]
    raised_at: dict[str, list[str]] = {m: [] for m in meetings}
    out = [
        "# A generated board for ppb's benchmark.\n\n",
        "board:\n  name: Policing Performance Board\n  prefix: PPB\n\n",
        people_section(),
        "\nactions:\n",
    ]
    tasks = []
    for number in range(1, n + 1):
        owners = rng.sample(OWNERS, rng.choice((1, 1, 2)))
        meeting_index = min(n_meetings - 1, (number - 1) * n_meetings // n)
        meeting = meetings[meeting_index]
        raised_at[meeting].append(f"PPB {number}")
        status = rng.choices(["open", "in progress", "completed", "withdrawn"], [45, 30, 22, 3])[0]
        text = summary(rng, owners[0])
        lines = [
            f"  - id: PPB {number}\n",
            f"    summary: {text}\n",
            f"    owners: [{', '.join(owners)}]\n",
            f"    raised: {meeting}\n",
            f"    status: {status}\n",
        ]
        history = rng.randint(0, 3) if status != "open" else rng.randint(0, 1)
        if history:
            lines.append("    history:\n")
            day = dt.date.fromisoformat(meeting)
            for k in range(history):
                day += dt.timedelta(days=rng.randint(7, 60))
                entry_status = status if k == history - 1 else "in progress"
                lines.append(f"      - date: {day.isoformat()}\n")
                lines.append(f"        status: {entry_status}\n")
                lines.append(f"        note: {' '.join(rng.choice(WORDS) for _ in range(5))}\n")
        out.append("\n" + "".join(lines))
        tasks.append((number, text, owners, status, meeting))
    (folder / "actions.yaml").write_text("".join(out), encoding="utf-8")
    for meeting, ids in raised_at.items():
        items = "".join(f"          - action: {i}\n" for i in ids)
        body = (
            f"board: Policing Performance Board\ndate: {meeting}\ntime: 10.00 – 12.00\n"
            "venue: Police Headquarters\nattendance:\n  members: [PCC, CC, DoF, DPCC]\n"
            "  also_present: [T/ACC, CM, DoC]\n  apologies: [T/DCC]\n"
            f"items:\n  - title: Performance update\n    text:\n      - The board reviewed performance.\n"
            + (f"    items:\n      - title: Actions\n        text:\n{items}" if ids else "")
        )
        (meetings_dir / f"{meeting}.yaml").write_text(body, encoding="utf-8")
    return {"tasks": tasks, "last_meeting": meetings[-1], "n": n}


LAST_MEETING = dt.date(2025, 12, 18)  # a Thursday in the past, so every meeting has been held
PER_MEETING = 10  # actions raised at each meeting of the many-meetings board
LIFETIMES = (1, 2, 3, 4, 5, 6, 8, 12, 26, 52)  # meetings from raised to closed
LIFETIME_WEIGHTS = (20, 25, 18, 12, 8, 6, 4, 4, 2, 1)


def generate_meetings(
    folder: Path, n_meetings: int, per_meeting: int = PER_MEETING, seed: int = 2014
) -> dict[str, object]:
    """Write a board of N weekly meetings, each with its Matters Arising as carry-forward
    writes it; returns facts the benchmark uses."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    meetings_dir = folder / "meetings"
    meetings_dir.mkdir(exist_ok=True)
    first = LAST_MEETING - dt.timedelta(weeks=n_meetings - 1)
    meetings = [(first + dt.timedelta(weeks=w)).isoformat() for w in range(n_meetings)]
    out = [
        "# A generated board of many meetings for ppb's benchmark.\n\n",
        "board:\n  name: Policing Performance Board\n  prefix: PPB\n\n",
        people_section(),
        "\nactions:\n",
    ]
    # Per meeting: the actions raised there, and the Matters Arising entries (id, comment).
    raised_at: list[list[str]] = [[] for _ in meetings]
    arising: list[list[tuple[str, str]]] = [[] for _ in meetings]
    number = 0
    for i, meeting in enumerate(meetings):
        for _ in range(per_meeting):
            number += 1
            action_id = f"PPB {number}"
            owners = rng.sample(OWNERS, rng.choice((1, 1, 2)))
            text = summary(rng, owners[0])
            closes = i + rng.choices(LIFETIMES, LIFETIME_WEIGHTS)[0]
            # progress at the next meeting, for most that run on past it
            noted = i + 1 < min(closes, n_meetings) and rng.random() < 0.6
            note = " ".join(rng.choice(WORDS) for _ in range(4)) if noted else None
            history = []
            if noted:
                day = meetings[i + 1]
                history.append(f"      - date: {day}\n        meeting: {day}\n")
                history.append(f"        status: in progress\n        note: {note}\n")
            if closes < n_meetings:
                status = rng.choices(["completed", "withdrawn"], [19, 1])[0]
                day = meetings[closes]
                history.append(f"      - date: {day}\n        meeting: {day}\n")
                history.append(f"        status: {status}\n")
            else:
                status = "in progress" if noted else "open"
            lines = [
                f"  - id: {action_id}\n",
                f"    summary: {text}\n",
                f"    owners: [{', '.join(owners)}]\n",
                f"    raised: {meeting}\n",
                f"    status: {status}\n",
            ]
            if history:
                lines += ["    history:\n", *history]
            out.append("\n" + "".join(lines))
            raised_at[i].append(action_id)
            # open at every later meeting before the one that closes it
            for k in range(i + 1, min(closes, n_meetings)):
                if noted:
                    progress = f"In progress – {note} ({meetings[i + 1]})"
                else:
                    progress = "Open"
                times = k - i
                comment = (
                    f"{', '.join(owners)} · {progress} · carried {times} "
                    f"time{'s' if times != 1 else ''}"
                )
                arising[k].append((action_id, f"    # {comment}\n    # {text}\n"))
    (folder / "actions.yaml").write_text("".join(out), encoding="utf-8")
    for i, meeting in enumerate(meetings):
        (meetings_dir / f"{meeting}.yaml").write_text(
            meeting_text(meeting, arising[i], raised_at[i], rng), encoding="utf-8"
        )
    open_now = sum(1 for _ in arising[-1])
    return {"n": number, "meetings": meetings, "arising": sum(map(len, arising)), "open": open_now}


def meeting_text(
    meeting: str, arising: list[tuple[str, str]], raised: list[str], rng: random.Random
) -> str:
    """A meeting file as `ppb meeting new` and `ppb carry-forward` leave it, with its items."""
    entries = "".join(f"  - action: {i}\n{comment}" for i, comment in arising)
    decision = " ".join(rng.choice(WORDS) for _ in range(12))
    actions = "".join(f"      - action: {i}\n" for i in raised)
    return (
        f"board: Policing Performance Board\ndate: {meeting}\ntime: 10.00 – 12.00\n"
        "venue: Police Headquarters\nattendance:\n  members: [PCC, CC, DoF, DPCC]\n"
        "  also_present: [T/ACC, CM, DoC]\n  apologies: [T/DCC]\ndepartures: []\n"
        + (f"matters_arising:\n{entries}" if arising else "matters_arising: []\n")
        + "items:\n  - title: Performance update\n    text:\n"
        "      - The board reviewed performance.\n"
        f"      - decision: It was agreed that the {decision}.\n"
        f"{actions}"
        "other_business: []\n"
    )


def write_taskwarrior(taskdata: Path, tasks: list[tuple[int, str, list[str], str, str]]) -> None:
    """The same actions as Taskwarrior 2.6 data files (pending and completed)."""
    taskdata.mkdir(parents=True, exist_ok=True)
    pending: list[str] = []
    completed: list[str] = []
    for number, text, owners, status, meeting in tasks:
        entry = int(dt.datetime.fromisoformat(meeting).timestamp())
        tags = ",".join(o.replace("/", "_") for o in owners)
        done = status in ("completed", "withdrawn")
        line = (
            f'[description:"PPB {number} {text}" entry:"{entry}" '
            + (f'end:"{entry + 86400}" ' if done else "")
            + f'modified:"{entry}" status:"{"completed" if done else "pending"}" tags:"{tags}" '
            f'uuid:"{uuid.UUID(int=number)}"]\n'
        )
        (completed if done else pending).append(line)
    (taskdata / "pending.data").write_text("".join(pending), encoding="utf-8")
    (taskdata / "completed.data").write_text("".join(completed), encoding="utf-8")
    for name in ("undo.data", "backlog.data"):
        (taskdata / name).write_text("", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=2500, help="actions (default 2,500)")
    parser.add_argument("--taskwarrior", type=Path, help="also write Taskwarrior data here")
    parser.add_argument(
        "--meetings",
        type=int,
        help="instead: a board of this many meetings, as carry-forward leaves it",
    )
    args = parser.parse_args()
    if args.meetings:
        generate_meetings(args.folder, args.meetings)
        return
    facts = generate(args.folder, args.n)
    if args.taskwarrior:
        write_taskwarrior(args.taskwarrior, facts["tasks"])  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
