"""`ppb report`: what the chair wants to see of a board at a glance, worked out from the data.

Open actions by owner, how many meetings each has been carried (`history.Carrying`),
the overdue ones, and how many actions each meeting raised and closed. Every count
follows the one set of rules in `history`; with `public`, a restricted action is
counted but shows no words and no owner (`restricted.Secrets`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ppb import history, restricted
from ppb.normalise import OPEN_STATUSES

if TYPE_CHECKING:
    from ppb.record import Action
    from ppb.store import Store

NO_OWNER = "No owner"
RESTRICTED = "Restricted"


@dataclass
class Row:
    """One open action as the report shows it."""

    id: str
    summary: str
    owners: list[str]
    status: str
    due: str | None
    carried: int
    progress: str | None
    overdue: bool


@dataclass
class Dashboard:
    board: str
    today: str
    latest: str | None  # the latest meeting held, if any
    open: list[Row]
    by_owner: list[tuple[str, int, int]]  # owner, open, of which overdue
    per_meeting: list[tuple[str, int, int]]  # meeting, raised, closed
    withheld: str | None = None  # what a public version says it withheld
    names: dict[str, str] = field(default_factory=dict)  # handle -> full name


def dashboard(store: Store, *, public: bool = False, today: dt.date | None = None) -> Dashboard:
    """The report's data: open actions as they stand now, and each meeting's raised and closed."""
    snapshot = store.load()
    day = (today or dt.date.today()).isoformat()
    held = [m for m in store.meeting_ids() if m[:10] <= day]
    latest = max(held, key=history.meeting_key) if held else None
    secrets = restricted.of_board(store, snapshot) if public else None
    log = restricted.Redactions()
    carrying = history.Carrying(latest, held) if latest else None
    rows = []
    for index, action in enumerate(snapshot.actions()):
        if action.status not in OPEN_STATUSES:
            continue
        shown = snapshot.record(index)
        if secrets is not None:
            shown = secrets.record(shown, log)
        rows.append(_row(action, shown, carrying, day, withheld=bool(shown.get("reason"))))
    rows.sort(key=lambda r: (-r.carried, _number(r.id)))
    people = {h: str(p.get("name") or "") for h, p in snapshot.people.items()}
    return Dashboard(
        board=str(snapshot.board.get("name") or "Board"),
        today=day,
        latest=latest,
        open=rows,
        by_owner=_by_owner(rows),
        per_meeting=_per_meeting(list(snapshot.actions()), held),
        withheld=log.said("this report") if public else None,
        names={h: n for h, n in people.items() if n},
    )


def _number(action_id: str) -> int:
    digits = "".join(c for c in action_id.rsplit(" ", 1)[-1] if c.isdigit())
    return int(digits) if digits else 0


def _row(
    action: Action,
    shown: dict[str, Any],
    carrying: history.Carrying | None,  # how often each was carried to the latest meeting
    day: str,
    withheld: bool,
) -> Row:
    carried = carrying(action) if carrying else 0
    entry = history.latest(action)
    progress = history.progress(entry.status, entry.note) if entry and not withheld else None
    due = shown.get("due")
    owners = list(shown["owners"]) or ([RESTRICTED] if withheld else [NO_OWNER])
    return Row(
        id=shown["id"],
        summary=shown["summary"],
        owners=owners,
        status=action.status,
        due=due,
        carried=carried,
        progress=progress,
        overdue=due is not None and due[:10] < day,
    )


def _by_owner(rows: list[Row]) -> list[tuple[str, int, int]]:
    """Each owner's open actions and how many of them are overdue, most first."""
    total: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for row in rows:
        for owner in row.owners:
            total[owner] += 1
            late[owner] += row.overdue
    return sorted(((o, n, late[o]) for o, n in total.items()), key=lambda t: (-t[1], t[0]))


def _per_meeting(actions: list[Action], held: list[str]) -> list[tuple[str, int, int]]:
    """For each meeting in order: the actions raised at it (or between it and the one before,
    which it first sees) and those closed since the one before (completed or withdrawn)."""
    ordered = sorted(held, key=history.meeting_key)
    out = []
    for n, meeting in enumerate(ordered):
        before = ordered[n - 1] if n else None
        raised = sum(1 for a in actions if _first_seen(a, meeting, before))
        closed = sum(1 for a in actions if _closed_at(a, meeting, before))
        out.append((meeting, raised, closed))
    return out


def _closed_at(action: Action, meeting: str, before: str | None) -> bool:
    """Closed as at the meeting, by progress standing after the meeting before it."""
    entry = history.latest_at(action, meeting)
    if entry is None or entry.status in OPEN_STATUSES:
        return False
    return before is None or history.when(entry) > history.meeting_key(before)


def _first_seen(action: Action, meeting: str, before: str | None) -> bool:
    if action.raised is not None:
        return action.raised == meeting
    if action.raised_on is None:
        return False
    after_before = before is None or action.raised_on >= before[:10]
    return after_before and action.raised_on < meeting[:10]
