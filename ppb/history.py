"""What an action's dated history says: its status as at a meeting, its latest progress,
how often it has been carried.

The register is the one source of truth, and an action's state *as at* a
meeting is worked out from its history here, by one set of rules that every
view uses (open, minutes, meeting show, carry-forward, check), so recording
progress later never changes what an earlier meeting's minutes say.
"""

from __future__ import annotations

from collections.abc import Iterable

from ppb.normalise import OPEN_STATUSES
from ppb.record import Action, Progress


def meeting_key(meeting_id: str) -> tuple[str, int]:
    """Meetings in the order they were held: 2014-03-13 < 2014-03-13-2 < 2014-03-13-10."""
    day, suffix = meeting_id[:10], meeting_id[11:]
    return day, int(suffix) if suffix else 1


def held_by(entry: Progress, meeting_id: str, *, strictly: bool = False) -> bool:
    """Whether a history entry had happened as at the meeting (or, `strictly`, before it)."""
    if entry.meeting:
        here, there = meeting_key(entry.meeting), meeting_key(meeting_id)
        return here < there if strictly else here <= there
    return entry.date < meeting_id[:10] if strictly else entry.date <= meeting_id[:10]


def latest_at(action: Action, meeting_id: str, *, before: bool = False) -> Progress | None:
    """The latest history entry as at the meeting (or, `before`, given before it)."""
    best = None
    for entry in action.history:
        if before:
            if entry.meeting == meeting_id or not held_by(entry, meeting_id, strictly=True):
                continue
        elif not held_by(entry, meeting_id):
            continue
        if best is None or entry.date >= best.date:
            best = entry
    return best


def status_at(action: Action, meeting_id: str, *, before: bool = False) -> str:
    entry = latest_at(action, meeting_id, before=before)
    return entry.status if entry else "open"


def latest(action: Action) -> Progress | None:
    """The last progress recorded, at whatever date."""
    return action.history[-1] if action.history else None


def raised_before(action: Action, meeting_id: str) -> bool:
    return action.raised is None or meeting_key(action.raised) < meeting_key(meeting_id)


def open_at(action: Action, meeting_id: str) -> bool:
    """Open or in progress as at the meeting, and raised before it: what it carries forward."""
    return raised_before(action, meeting_id) and status_at(action, meeting_id) in OPEN_STATUSES


def carried(action: Action, meeting_id: str, held: Iterable[str]) -> int:
    """How many meetings, up to and including this one, the action has been carried to."""
    here = meeting_key(meeting_id)
    if action.raised is None:  # raised before the log began: count from its first progress
        seen = [e.meeting for e in action.history if e.meeting]
        if not seen:
            return 1
        first = meeting_key(min(seen, key=meeting_key))
        return 1 + sum(1 for m in held if first <= meeting_key(m) < here)
    start = meeting_key(action.raised)
    return sum(1 for m in {*held, meeting_id} if start < meeting_key(m) <= here)


def progress(status: str, note: str | None) -> str:
    """Progress as the minutes write it: 'In progress – paper to be sent to OPCC'."""
    word = status_word(status)
    return f"{word} – {note}" if note else word


def status_word(status: str) -> str:
    return status[:1].upper() + status[1:]
