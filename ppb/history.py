"""What an action's dated history says: its status now and as at a meeting, the progress
a meeting minutes, how often it has been carried.

The register is the one source of truth, and these are the one set of rules
every view uses (open, list, show, minutes, meeting show, carry-forward,
check):

- History is only ever appended to, but it is read in the order things
  happened: an entry given at a meeting stands at that meeting; one given
  between meetings stands on its date, after any meeting held that day. Of
  entries that stand at the same point, the one appended later wins.
- An action's status now is that of its latest entry in that order
  (`current`), so an entry recorded late for an earlier meeting changes what
  that meeting says and nothing after it.
- Its status as at a meeting is that of its latest entry standing at or
  before the meeting (`latest_at`); a later entry at the same meeting with no
  note keeps the note of the one before it, so a status-only repeat never
  loses what the minutes said.
- An action appears from the first meeting after it was raised: after the
  meeting it was raised at, or after the day it was raised between meetings
  (which stands after that day's meetings, like an entry); one raised before
  the log began appears everywhere. No progress stands before it was raised.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from math import inf
from typing import TYPE_CHECKING

from ppb.normalise import OPEN_STATUSES

if TYPE_CHECKING:
    from ppb.record import Action, Progress


def meeting_key(meeting_id: str) -> tuple[str, int]:
    """Meetings in the order they were held: 2014-03-13 < 2014-03-13-2 < 2014-03-13-10."""
    day, suffix = meeting_id[:10], meeting_id[11:]
    return day, int(suffix) if suffix else 1


AFTER_MEETINGS = 1 << 30  # a day's entries between meetings stand after its meetings


def when(entry: Progress) -> tuple[str, int]:
    """Where an entry stands in time: at its meeting, or on its day after that day's meetings."""
    return meeting_key(entry.meeting) if entry.meeting else (entry.date, AFTER_MEETINGS)


def current(entries: Sequence[Progress]) -> Progress | None:
    """The entry that says where the action stands now (None if it has no history)."""
    return _latest(entries, None)


def latest_at(action: Action, meeting_id: str, *, before: bool = False) -> Progress | None:
    """The latest entry as at the meeting (or, `before`, standing before it), with its note."""
    return _latest(action.history, meeting_key(meeting_id), before=before)


def _latest(
    entries: Sequence[Progress], until: tuple[str, int] | None, before: bool = False
) -> Progress | None:
    best: Progress | None = None
    for entry in entries:
        at = when(entry)
        if until is not None and (at >= until if before else at > until):
            continue
        if best is None or at >= when(best):
            if best is not None and not entry.note and at == when(best):
                entry = entry._replace(note=best.note)  # a status-only repeat keeps the note
            best = entry
    return best


def status_at(action: Action, meeting_id: str, *, before: bool = False) -> str:
    entry = latest_at(action, meeting_id, before=before)
    return entry.status if entry else "open"


def latest(action: Action) -> Progress | None:
    """Where the action stands now: the latest entry in the order things happened."""
    return current(action.history)


def raised(action: Action) -> tuple[str, int] | None:
    """Where the action was raised in time (None: before the log began)."""
    if action.raised is not None:
        return meeting_key(action.raised)
    if action.raised_on is not None:
        return action.raised_on, AFTER_MEETINGS
    return None


def raised_before(action: Action, meeting_id: str) -> bool:
    """Whether the action existed when the meeting began."""
    start = raised(action)
    return start is None or start < meeting_key(meeting_id)


def stands_after_raised(action: Action, entry: Progress) -> bool:
    """Whether progress can be given there: at or after where the action was raised."""
    start = raised(action)
    return start is None or when(entry) >= start


def reported_at(action: Action, meeting_id: str) -> bool:
    """Whether the meeting's ACTION SUMMARY of earlier actions lists it: raised before the
    meeting, and open as it began or given progress at it (reopened, say)."""
    if not raised_before(action, meeting_id):
        return False
    at = meeting_key(meeting_id)
    return status_at(action, meeting_id, before=True) in OPEN_STATUSES or any(
        when(entry) == at for entry in action.history
    )


def open_at(action: Action, meeting_id: str) -> bool:
    """Open or in progress as at the meeting, and raised before it: what it carries forward."""
    return raised_before(action, meeting_id) and status_at(action, meeting_id) in OPEN_STATUSES


class Carrying:
    """How many meetings, up to and including this one, each action has been carried to:
    the meetings after it was raised (after its day, if raised between meetings; from
    its first progress, if raised before the log began, counting that one). The meetings
    are sorted once and each action counted with a bisection or two, not a pass over
    every meeting (carry-forward of 75,000 actions on a board of 1,000 meetings asks
    150,000 times); a property test holds it to counting them one by one."""

    def __init__(self, meeting_id: str, held: Iterable[str]) -> None:
        held = set(held)
        self.here = meeting_key(meeting_id)
        self.keys = sorted(meeting_key(m) for m in {*held, meeting_id})
        self.held = sorted(meeting_key(m) for m in held)
        self.upto = bisect_right(self.keys, self.here)  # meetings at or before this one

    def __call__(self, action: Action) -> int:
        if action.raised is None and action.raised_on is not None:
            after_day = bisect_right(self.keys, (action.raised_on, inf))  # days after it
            return max(0, self.upto - after_day)
        if action.raised is None:
            seen = [e.meeting for e in action.history if e.meeting]
            if not seen:
                return 1
            first = meeting_key(min(seen, key=meeting_key))
            between = bisect_left(self.held, self.here) - bisect_left(self.held, first)
            return 1 + max(0, between)
        return max(0, self.upto - bisect_right(self.keys, meeting_key(action.raised)))


def progress(status: str, note: str | None) -> str:
    """Progress as the minutes write it: 'In progress – paper to be sent to OPCC'."""
    word = status_word(status)
    return f"{word} – {note}" if note else word


def status_word(status: str) -> str:
    return status[:1].upper() + status[1:]


def held_keys(meeting_ids: Iterable[str], today: str) -> list[tuple[str, int]]:
    """The meetings held by today (a meeting's file dated today or earlier), in order."""
    return sorted(meeting_key(m) for m in meeting_ids if m[:10] <= today)


def carried_to(action: Action, held: Sequence[tuple[str, int]]) -> int:
    """How many held meetings (`held_keys`) it has been carried to: meetings after it was
    raised that it came to still open, as `status_at(…, before=True)` would say of each.

    Worked out over the runs of its history, not meeting by meeting, so that a register
    of thousands of actions pays a few bisections per action."""
    from bisect import bisect_right

    start = raised(action)
    lo = bisect_right(held, start) if start is not None else 0
    ordered = sorted(action.history, key=when)  # stable: of equal times, the later appended wins
    count, status, since = 0, "open", lo
    for entry in ordered:
        # meetings strictly after the previous entry and at or before this one see `status`
        upto = bisect_right(held, when(entry))
        if status in OPEN_STATUSES and upto > since:
            count += upto - since
        since, status = max(since, upto), entry.status
    if status in OPEN_STATUSES:
        count += max(0, len(held) - since)
    return count


def overdue(action: Action, held: Sequence[tuple[str, int]], today: str) -> bool:
    """Open now, and its due date has passed or its due meeting has been held."""
    due = action.due
    if not due or action.status not in OPEN_STATUSES:
        return False
    return due[:10] < today or meeting_key(due) in held
