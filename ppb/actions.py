"""What you can do to actions: select them, raise them, record progress, close them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from ppb import normalise, record
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.record import HISTORY, ID, ITEM, OWNERS, RAISED, STATUS, SUMMARY, with_changes
from ppb.store import MEETINGS, Store, splice
from ppb.store.snapshot import Snapshot


def resolve_id(snapshot: Snapshot, text: str) -> str:
    """The canonical id for what the user typed, if the board has that action."""
    try:
        canonical = normalise.action_id(text, snapshot.prefix)
    except normalise.SpellingError as exc:
        raise NotFoundError(str(exc)) from None
    if snapshot.index_of(canonical) is None:
        raise NotFoundError(f"no action {canonical} on this board")
    return canonical


def resolve_owners(snapshot: Snapshot, given: Iterable[str]) -> list[str]:
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
    chosen = []
    for index, row in enumerate(snapshot.rows):
        if wanted_status is not None and row[STATUS] not in wanted_status:
            continue
        if spellings is not None and not any(o.casefold() in spellings for o in row[OWNERS]):
            continue
        if raised is not None and row[RAISED] != raised:
            continue
        if needle is not None and not _matches(row, needle):
            continue
        chosen.append(index)
    chosen.sort(key=lambda i: normalise.action_number(snapshot.rows[i][ID]))
    return snapshot.records(chosen)  # made as they are printed


def open_actions(store: Store, owners: Sequence[str]) -> tuple[str, Sequence[dict[str, Any]]]:
    """`ppb open`: the title of the list, and the actions still open or in progress."""
    snapshot = store.load()
    found = select(snapshot, owners=owners, statuses=normalise.OPEN_STATUSES)
    named = resolve_owners(snapshot, owners)
    return (f"Open actions of {', '.join(named)}" if named else "Open actions"), found


def list_actions(
    store: Store,
    owners: Sequence[str],
    statuses: Sequence[str],
    raised: str | None,
    search: str | None,
) -> Sequence[dict[str, Any]]:
    """`ppb list`: any selection of actions."""
    if raised is not None:
        try:
            raised = normalise.meeting_id(raised)
        except normalise.SpellingError as exc:
            raise UsageError(f"--raised: {exc}") from None
    snapshot = store.load()
    return select(snapshot, owners=owners, statuses=statuses, raised=raised, search=search)


def show(store: Store, action_id: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """`ppb show`: one action's record, and the people (to name its owners)."""
    snapshot = store.load()
    index = snapshot.index_of(resolve_id(snapshot, action_id))
    assert index is not None
    return snapshot.record(index), snapshot.people


def _matches(row: Any, needle: str) -> bool:
    texts = [row[ID], row[SUMMARY], row[ITEM] or ""] + [note or "" for *_, note in row[HISTORY]]
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
    meeting: str | None = None,
    item: str | None = None,
    due: str | None = None,
    see: Sequence[str] = (),
    restricted: bool = False,
) -> dict[str, Any]:
    """Raise an action numbered one above the highest so far; returns its record."""
    from ppb.models import Action

    summary = " ".join(summary.split())
    if not summary:
        raise UsageError("the summary is empty")
    with store.locked():
        snapshot = store.load()
        owner_handles = resolve_owners(snapshot, owners)
        raised = resolve_meeting(store, meeting) if meeting else None
        due_value = _due(due) if due else None
        related = [resolve_id(snapshot, s) for s in see]
        number = max(snapshot.numbers(), default=0) + 1
        action = Action(
            id=f"{snapshot.prefix} {number}",
            summary=summary,
            owners=owner_handles,
            raised=raised,
            status="open",
            item=" ".join(item.split()) if item else None,
            due=due_value,
            see=related,
            restricted=restricted,
        )
        data: dict[str, Any] = {"id": action.id, "summary": action.summary, "owners": owner_handles}
        data["raised"] = _yaml_date(raised)
        if action.item:
            data["item"] = action.item
        if action.due:
            data["due"] = _yaml_date(action.due)
        if related:
            data["see"] = related
        if restricted:
            data["restricted"] = True
        data["status"] = "open"
        text = splice.append_action(snapshot, data)
        intended = snapshot.replace(rows=[*snapshot.rows, record.from_model(action)])
        after = store.commit(snapshot, text, intended)
    return after.record(len(after.rows) - 1)


def _due(text: str) -> str:
    """A due point: a date, or a meeting id (which need not have a file yet)."""
    try:
        return normalise.meeting_id(text)
    except normalise.SpellingError:
        raise UsageError(
            f"--due: {text!r} is not a date or meeting id such as 2014-04-10"
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
    """Record progress: append a dated history entry and/or replace the owners."""
    from ppb.models import HistoryEntry

    new_status = resolve_status(status) if status is not None else None
    note = " ".join(note.split()) if note is not None else None
    if new_status is None and not note and not owners:
        raise UsageError("nothing to record: give --status, --note or --owner")
    with store.locked():
        snapshot = store.load()
        canonical = resolve_id(snapshot, action_id)
        index = snapshot.index_of(canonical)
        assert index is not None
        row = snapshot.rows[index]
        if unless_status is not None and row[STATUS] == unless_status:
            raise PpbError(f"{canonical} is already {unless_status}")
        new_owners = resolve_owners(snapshot, owners) if owners else None
        at = resolve_meeting(store, meeting) if meeting else None
        entry = None
        changes: dict[str, Any] = {}
        if new_status is not None or note:
            when = on or (normalise.meeting_date(at) if at else dt.date.today())
            entry = HistoryEntry(
                date=when, meeting=at, status=new_status or row[STATUS], note=note or None
            )
            given = (entry.date.isoformat(), entry.meeting, entry.status, entry.note)
            changes.update(status=entry.status, history=(*row[HISTORY], given))
        if new_owners is not None:
            changes["owners"] = tuple(new_owners)
        new_row = with_changes(row, **changes)
        text = splice.edit_action(snapshot, index, lambda item: _apply(item, entry, new_owners))
        rows = list(snapshot.rows)
        rows[index] = new_row
        after = store.commit(snapshot, text, snapshot.replace(rows=rows))
        return after.record(index)


def _apply(item: Any, entry: Any, owners: list[str] | None) -> None:
    """Change the round-trip item in place: owners, status, and one more history entry."""
    from ppb.store import yaml_edit

    if owners is not None:
        item["owners"] = yaml_edit.to_yaml(owners)
    if entry is None:
        return
    written: dict[str, Any] = {"date": entry.date}
    if entry.meeting:
        written["meeting"] = _yaml_date(entry.meeting)
    written["status"] = entry.status
    if entry.note:
        written["note"] = entry.note
    item["status"] = yaml_edit.to_yaml(entry.status)
    history = item.get("history")
    if not history:
        item["history"] = yaml_edit.to_yaml([written])
    else:
        history.append(yaml_edit.to_yaml(written))


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
