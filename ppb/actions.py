"""What you can do to actions: select them, raise them, record progress, close them."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ppb import history, normalise, record, restricted
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.record import (
    HISTORY,
    ID,
    ITEM,
    NOTE,
    OWNERS,
    RAISED,
    STATUS,
    SUMMARY,
    Action,
    Progress,
    with_changes,
)
from ppb.store import MEETINGS, Store, splice
from ppb.store.snapshot import Snapshot

if TYPE_CHECKING:
    from ppb.store import View


def resolve_id(snapshot: View, text: str) -> str:
    """The canonical id for what the user typed, if the board has that action."""
    try:
        canonical = normalise.action_id(text, snapshot.prefix)
    except normalise.SpellingError as exc:
        raise NotFoundError(str(exc)) from None
    uses = snapshot.uses(canonical)
    if not uses:
        raise NotFoundError(f"no action {canonical} on this board")
    if uses > 1:
        number = canonical.rsplit(" ", 1)[-1]
        raise PpbError(
            f"{canonical} is used by {uses} actions; nothing was done (`ppb renumber {number}` "
            "gives the last one the next free number)"
        )
    return canonical


def resolve_owners(snapshot: View, given: Iterable[str]) -> list[str]:
    """Registered handles for what the user typed, each once, in the order given."""
    owners: list[str] = []
    for text in given:
        try:
            handle = snapshot.handles.resolve(text)
        except normalise.SpellingError as exc:
            raise NotFoundError(str(exc)) from None
        if handle not in owners:
            owners.append(handle)
    return owners


def resolve_status(text: str) -> str:
    try:
        return normalise.status(text)
    except normalise.SpellingError as exc:
        raise UsageError(f"--status: {exc}") from None


def resolve_date(text: str | None, option: str = "--date") -> dt.date | None:
    """The day an option gives (YYYY-MM-DD, or as people write it), or None if not given."""
    if text is None:
        return None
    try:
        return normalise.date(text)
    except normalise.SpellingError as exc:
        raise UsageError(f"{option}: {exc}") from None


def resolve_meeting(store: Store, text: str, option: str = "--meeting") -> str:
    """A meeting id the board has a file for."""
    try:
        meeting = normalise.meeting_id(text)
    except normalise.SpellingError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if not store.has_meeting(meeting):
        raise NotFoundError(f"no meeting {meeting} on this board (no {MEETINGS}/{meeting}.yaml)")
    return meeting


def select(
    snapshot: Snapshot,
    *,
    owners: Sequence[str] = (),
    statuses: Sequence[str] = (),
    raised: str | None = None,
    search: str | None = None,
) -> Sequence[dict[str, Any]]:
    """The actions that match every filter given, in number order, as records.

    Filters run over the plain rows; models are built only for the matches.
    """
    spellings = snapshot.owner_spellings(resolve_owners(snapshot, owners)) if owners else None
    wanted_status = {resolve_status(s) for s in statuses} if statuses else None
    needle = search.casefold() if search else None
    rows = snapshot.rows
    chosen: Sequence[int] = range(len(rows))
    # Each filter is one pass over the survivors of the last; owners are matched once
    # for each different list of them (a board has a few hundred, not 100,000).
    if wanted_status is not None:
        chosen = [
            i
            for i, s in zip(chosen, map(itemgetter(STATUS), rows), strict=True)
            if s in wanted_status
        ]
    if spellings is not None:
        match: dict[tuple[str, ...], bool] = {}

        def named(owners: tuple[str, ...]) -> bool:
            found = match.get(owners)
            if found is None:
                found = match[owners] = any(o.casefold() in spellings for o in owners)
            return found

        chosen = [i for i in chosen if named(rows[i][OWNERS])]
    if raised is not None:
        chosen = [i for i in chosen if rows[i][RAISED] == raised]
    if needle is not None:
        chosen = [i for i in chosen if _matches(rows[i], needle)]
    chosen = sorted(chosen, key=lambda i: normalise.action_number(rows[i][ID]))
    return snapshot.records(chosen)  # made as they are printed


SORTS = ("id", "age", "due")


def open_actions(
    store: Store,
    owners: Sequence[str],
    *,
    public: bool = False,
    overdue: bool = False,
    sort: str = "id",
) -> tuple[str, Sequence[dict[str, Any]]]:
    """`ppb open`: the title of the list, and the actions still open or in progress
    (`overdue`: only those overdue), in number order or by `sort` (see `SORTS`)."""
    if sort not in SORTS:
        raise UsageError(f"--sort: {sort!r} is not one of {', '.join(SORTS)}")
    snapshot = store.load()
    found = select(snapshot, owners=owners, statuses=normalise.OPEN_STATUSES)
    if overdue:
        found = [r for r in found if r["overdue"]]
    if sort == "age":
        found = sorted(found, key=lambda r: -r["carried"])  # stable: number order within an age
    elif sort == "due":
        found = sorted(found, key=lambda r: (r["due"] is None, (r["due"] or "")[:10]))
    named = resolve_owners(snapshot, owners)
    title = f"Open actions of {', '.join(named)}" if named else "Open actions"
    if overdue:
        title = f"Overdue {title[0].lower()}{title[1:]}"
    return title, _public(store, snapshot, found) if public else found


def list_actions(
    store: Store,
    owners: Sequence[str],
    statuses: Sequence[str],
    raised: str | None,
    search: str | None,
    *,
    public: bool = False,
) -> Sequence[dict[str, Any]]:
    """`ppb list`: any selection of actions."""
    if raised is not None:
        try:
            raised = normalise.meeting_id(raised)
        except normalise.SpellingError as exc:
            raise UsageError(f"--raised: {exc}") from None
    snapshot = store.load()
    found = select(snapshot, owners=owners, statuses=statuses, raised=raised, search=search)
    return _public(store, snapshot, found) if public else found


def show(
    store: Store, action_id: str, *, public: bool = False
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """`ppb show`: one action's record, and the people (to name its owners)."""
    snapshot = store.load()
    index = snapshot.index_of(resolve_id(snapshot, action_id))
    assert index is not None
    found = [snapshot.record(index)]
    return (_public(store, snapshot, found) if public else found)[0], snapshot.people


def _public(
    store: Store, snapshot: Snapshot, records: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The records as public output shows them: restricted ones withheld (and marked so,
    even where only the agenda item they were raised in is restricted)."""
    secrets = restricted.of_board(store, snapshot)
    log = restricted.Redactions()
    return [secrets.record(r, log) for r in records]


def _matches(row: Any, needle: str) -> bool:
    texts = [row[ID], row[SUMMARY], row[ITEM] or ""] + [e[NOTE] or "" for e in row[HISTORY]]
    return any(needle in text.casefold() for text in texts)


def _yaml_date(value: str | None) -> Any:
    """Meeting ids that are plain dates are written as YAML dates (unquoted)."""
    if value is not None and len(value) == 10:
        return dt.date.fromisoformat(value)
    return value


def add(
    store: Store,
    summary: str,
    owners: Sequence[str],
    *,
    no_owner: bool = False,
    meeting: str | None = None,
    on: dt.date | None = None,
    item: str | None = None,
    due: str | None = None,
    see: Sequence[str] = (),
    restricted: bool = False,
    reason: str | None = None,
) -> dict[str, Any]:
    """Raise an action numbered one above the highest so far; returns its record.

    It is raised at `meeting`, or between meetings on the day `on` (today by
    default), and appears from the next meeting on."""
    summary = " ".join(summary.split())
    if not summary:
        raise UsageError("the summary is empty")
    if not owners and not no_owner:
        raise UsageError(
            "give --owner (a handle, alias or name), or --no-owner for an action nobody owns yet"
        )
    if owners and no_owner:
        raise UsageError("--no-owner and --owner: say one or the other")
    if reason and not restricted:
        raise UsageError("--reason says why an action is restricted: give --restricted too")
    if meeting and on:
        raise UsageError(
            "--on and --meeting: an action is raised at a meeting, or on a day between meetings"
        )
    title = " ".join(item.split()) or None if item else None
    with store.locked():
        register = store.for_writing()
        owner_handles = tuple(resolve_owners(register, owners))
        raised = resolve_meeting(store, meeting) if meeting else None
        if raised and title and not restricted:  # raised in a restricted item: say so in the file
            inherited = _restricted_item(store, register.prefix, raised, title)
            if inherited is not None:
                restricted, reason = True, reason or inherited or None
        # The row as a read of what is written will give it: the store reads it back so.
        new = record.Action(
            id=normalise.next_id(register.prefix, register.numbers(), _year(raised, on)),
            summary=summary,
            owners=owner_handles,
            status="open",
            raised=raised,
            raised_on=None if raised else (on or dt.date.today()).isoformat(),
            due=_due(due) if due else None,
            item=title,
            see=tuple(resolve_id(register, s) for s in see),
            restricted=True if restricted else None,  # unsaid: as the item it was raised in
            reason=" ".join(reason.split()) or None if reason else None,
            history=(),
        )
        row = store.append(register, _written(new), tuple(new))
    return register.record_of(row)


def _year(raised: str | None, on: dt.date | None) -> int:
    """The year an action is raised in (a yearly scheme numbers from 1 each year)."""
    return int(raised[:4]) if raised else (on or dt.date.today()).year


def _restricted_item(store: Store, prefix: str, meeting: str, title: str) -> str | None:
    """The reason ("" for none) if `title` is a restricted item of the meeting, else None."""
    found = store.meeting(meeting, prefix)
    for item, reason in restricted.restricted_items(found.items):
        if item.title == title:
            return reason or ""
    return None


def _written(action: Action) -> dict[str, Any]:
    """A new action as the file holds it, keys in the canonical order."""
    data: dict[str, Any] = {
        "id": action.id,
        "summary": action.summary,
        "owners": list(action.owners),
    }
    if action.raised:
        data["raised"] = _yaml_date(action.raised)
    else:
        data["raised_on"] = _yaml_date(action.raised_on)
    optional = {"item": action.item, "due": _yaml_date(action.due), "see": list(action.see)}
    data.update((key, value) for key, value in optional.items() if value)
    if action.restricted:
        data["restricted"] = True
    if action.reason:
        data["reason"] = action.reason
    data["status"] = "open"
    return data


def _due(text: str) -> str:
    """A due point: a date, or a meeting id (which need not have a file yet)."""
    try:
        return normalise.meeting_id(text)
    except normalise.SpellingError:
        meant = normalise.iso_for(text)
        also = f" (did you mean {meant}?)" if meant else ""
        raise UsageError(
            f"--due: {text!r} is not a date or meeting id such as 2014-04-10{also}"
        ) from None


def update(
    store: Store,
    action_id: str,
    *,
    status: str | None = None,
    note: str | None = None,
    meeting: str | None = None,
    owners: Sequence[str] = (),
    on: dt.date | None = None,
    unless_status: str | None = None,
) -> dict[str, Any]:
    """Record progress: append one dated history entry (a new status, a note, new owners).

    The entry stands at `meeting`, or on the day `on` (today by default); the
    action's status is then what its latest entry in time says (see `history`),
    so an entry for an earlier meeting changes that meeting's record only."""
    new_status = resolve_status(status) if status is not None else None
    note = " ".join(note.split()) if note is not None else None
    if new_status is None and not note and not owners:
        raise UsageError("nothing to record: give --status, --note or --owner")
    with store.locked():
        register = store.for_writing()
        canonical = resolve_id(register, action_id)
        index = register.index_of(canonical)
        assert index is not None
        action = register.action(index)
        if unless_status is not None and action.status == unless_status:
            raise PpbError(f"{canonical} is already {unless_status}")
        at = resolve_meeting(store, meeting) if meeting else None
        entry = _entry(register, action, at, on, new_status, note, owners)
        entries = (*action.history, entry)
        now = history.current(entries)
        assert now is not None
        changes: dict[str, Any] = {"status": now.status, "history": entries}
        if entry.owners is not None:
            changes["owners"] = entry.owners
        intended = with_changes(register.row(index), **changes)
        change = functools.partial(_apply, entry=entry, status=now.status)
        row = store.edit(register, index, change, intended)
        return register.record_of(row)


def _entry(snapshot: View, action: Action, at: str | None, on: dt.date | None,
           status: str | None, note: str | None, owners: Sequence[str]) -> Progress:  # fmt: skip
    """The history entry an update appends, refused if it stands before the action existed."""
    day = (on or (normalise.meeting_date(at) if at else dt.date.today())).isoformat()
    if not history.stands_after_raised(action, Progress(day, at, "", None, None)):
        given = f"at {at}" if at else f"on {day}"
        where = (
            f"at {action.raised}" if action.raised else f"on {action.raised_on}, between meetings"
        )
        raise PpbError(
            f"{action.id} was raised {where}; progress cannot be given {given}, before it existed"
        )
    standing = history.latest_at(action, at) if at else history.current(action.history)
    new_owners = tuple(resolve_owners(snapshot, owners)) if owners else None
    if new_owners is not None and not note:
        before = " / ".join(snapshot.owners(action)) or "nobody"
        note = f"reassigned from {before} to {' / '.join(new_owners)}"
    return Progress(
        day, at, status or (standing.status if standing else "open"), note or None, new_owners
    )


def _apply(item: Any, entry: Progress, status: str) -> None:
    """Change the round-trip item in place: one more history entry, and what it changes."""
    from ppb.store import yaml_edit

    written: dict[str, Any] = {"date": dt.date.fromisoformat(entry.date)}
    if entry.meeting:
        written["meeting"] = _yaml_date(entry.meeting)
    written["status"] = entry.status
    if entry.note:
        written["note"] = entry.note
    if entry.owners is not None:
        written["owners"] = list(entry.owners)
        item["owners"] = yaml_edit.to_yaml(list(entry.owners))
    item["status"] = yaml_edit.to_yaml(status)
    entries = item.get("history")
    if not entries:
        item["history"] = yaml_edit.to_yaml([written])
    else:
        entries.append(yaml_edit.to_yaml(written))


def close(
    store: Store,
    action_id: str,
    *,
    note: str | None = None,
    meeting: str | None = None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Record an action as completed (refused if it already is)."""
    return update(
        store,
        action_id,
        status="completed",
        note=note,
        meeting=meeting,
        on=on,
        unless_status="completed",
    )


def append_entries(store: Store, snapshot: Snapshot, entries: dict[int, Progress]) -> Snapshot:
    """Append one history entry to each of several actions (by index) in one write; the
    caller holds the lock and has checked each entry."""
    rows = list(snapshot.rows)
    changes: dict[int, Callable[[Any], None]] = {}
    for index, entry in entries.items():
        action = snapshot.action(index)
        now = history.current((*action.history, entry))
        assert now is not None
        rows[index] = with_changes(rows[index], status=now.status, history=(*action.history, entry))
        changes[index] = functools.partial(_apply, entry=entry, status=now.status)
    text = splice.edit_actions(snapshot, changes)
    return store.commit(snapshot, text, snapshot.replace(rows=rows))


def said(changed: dict[str, Any]) -> str:
    """What an update or close says it recorded (`changed` is the action's record): the
    entry; and, when it was recorded late, that a later entry still stands."""
    from ppb.text import printable

    entries = [
        Progress(e["date"], e["meeting"], e["status"], e["note"], None) for e in changed["history"]
    ]
    added, now = entries[-1], history.current(entries)
    line = f"{changed['id']}: {history.progress(added.status, added.note)}"
    if now is not None and history.when(now) > history.when(added):
        line += (
            f" (at {added.meeting or added.date}); its status stays "
            f"{history.status_word(now.status)}, from {now.meeting or now.date}"
        )
    return printable(line, one_line=True)
