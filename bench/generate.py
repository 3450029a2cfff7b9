"""Generate a board of N actions in the shape of the embedded board, for the benchmark.

Each action has an id, a summary of about 100 characters, one or two owners,
the meeting it was raised at, a status and up to three dated history entries;
about one in fifteen is open for any one owner. Meetings are weekly, each with
attendance and the actions raised at it. The same actions can be written as
Taskwarrior data, owners as tags, so both tools answer the same question.

    python bench/generate.py DIR N [--taskwarrior TASKDATA]
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


def write_taskwarrior(taskdata: Path, tasks: list[tuple[int, str, list[str], str, str]]) -> None:
    """The same actions as Taskwarrior 2.6 data files (pending and completed)."""
    taskdata.mkdir(parents=True, exist_ok=True)
    pending, completed = [], []
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
    parser.add_argument("n", type=int)
    parser.add_argument("--taskwarrior", type=Path, help="also write Taskwarrior data here")
    args = parser.parse_args()
    facts = generate(args.folder, args.n)
    if args.taskwarrior:
        write_taskwarrior(args.taskwarrior, facts["tasks"])  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
