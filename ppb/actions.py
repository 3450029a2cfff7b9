"""What you can do to actions: select them, raise them, record progress, close them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from ppb import normalise, store
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.models import Action, HistoryEntry, Register
from ppb.store import Store


def resolve_id(register: Register, text: str) -> str:
    """The canonical id for what the user typed, if the board has that action."""
    try:
        canonical = normalise.action_id(text, register.board.prefix)
    except normalise.SpellingError as exc:
        raise NotFoundError(str(exc)) from None
    if register.find(canonical) is None:
        raise NotFoundError(f"no action {canonical} on this board")
    return canonical


def resolve_owners(register: Register, given: Iterable[str]) -> list[str]:
    """Registered handles for what the user typed, each once, in the order given."""
    handles = normalise.Handles({k: v.model_dump() for k, v in register.people.items()})
    owners: list[str] = []
    for text in given:
        try:
            handle = handles.resolve(text)
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


def resolve_meeting(board: Store, text: str, option: str = "--meeting") -> str:
    """A meeting id the board has a file for."""
    try:
        meeting = normalise.meeting_id(text)
    except normalise.SpellingError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if not board.has_meeting(meeting):
        raise NotFoundError(
            f"no meeting {meeting} on this board (no {store.MEETINGS}/{meeting}.yaml)"
        )
    return meeting


def select(
    register: Register,
    *,
    owners: Sequence[str] = (),
    statuses: Sequence[str] = (),
    raised: str | None = None,
    search: str | None = None,
) -> list[Action]:
    """The actions that match every filter given, in number order."""
    wanted_owners = set(resolve_owners(register, owners)) if owners else None
    wanted_status = {resolve_status(s) for s in statuses} if statuses else None
    needle = search.casefold() if search else None
    chosen = []
    for action in register.actions:
        if wanted_owners is not None and wanted_owners.isdisjoint(action.owners):
            continue
        if wanted_status is not None and action.status not in wanted_status:
            continue
        if raised is not None and action.raised != raised:
            continue
        if needle is not None and not _matches(action, needle):
            continue
        chosen.append(action)
    return sorted(chosen, key=lambda a: a.number)


def _matches(action: Action, needle: str) -> bool:
    texts = [action.id, action.summary, action.item or ""]
    texts += [entry.note or "" for entry in action.history]
    return any(needle in text.casefold() for text in texts)


def _yaml_date(value: str | None) -> Any:
    """Meeting ids that are plain dates are written as YAML dates (unquoted)."""
    if value is not None and len(value) == 10:
        return dt.date.fromisoformat(value)
    return value


def add(
    board: Store,
    summary: str,
    owners: Sequence[str],
    *,
    meeting: str | None = None,
    item: str | None = None,
    due: str | None = None,
    see: Sequence[str] = (),
    restricted: bool = False,
) -> Action:
    """Raise an action numbered one above the highest so far."""
    summary = " ".join(summary.split())
    if not summary:
        raise UsageError("the summary is empty")
    with board.locked():
        loaded = board.load()
        register = loaded.register
        owner_handles = resolve_owners(register, owners)
        raised = resolve_meeting(board, meeting) if meeting else None
        due_value = _due(board, due) if due else None
        related = [resolve_id(register, s) for s in see]
        number = max((a.number for a in register.actions), default=0) + 1
        action = Action(
            id=f"{register.board.prefix} {number}",
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
        for key in ("item", "due"):
            if getattr(action, key) is not None:
                data[key] = _yaml_date(getattr(action, key)) if key == "due" else action.item
        if related:
            data["see"] = related
        if restricted:
            data["restricted"] = True
        data["status"] = "open"
        text = store.append_action(loaded.source, register, data)
        intended = register.model_copy(update={"actions": [*register.actions, action]})
        board.rewrite(loaded.source, text, intended)
    return action


def _due(board: Store, text: str) -> str:
    """A due point: a date, or a meeting id (which need not have a file yet)."""
    try:
        return normalise.meeting_id(text)
    except normalise.SpellingError:
        raise UsageError(
            f"--due: {text!r} is not a date or meeting id such as 2014-04-10"
        ) from None


def update(
    board: Store,
    action_id: str,
    *,
    status: str | None = None,
    note: str | None = None,
    meeting: str | None = None,
    owners: Sequence[str] = (),
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> Action:
    """Record progress: append a dated history entry and/or replace the owners."""
    new_status = resolve_status(status) if status is not None else None
    note = " ".join(note.split()) if note is not None else None
    if new_status is None and not note and not owners:
        raise UsageError("nothing to record: give --status, --note or --owner")
    with board.locked():
        loaded = board.load()
        register = loaded.register
        canonical = resolve_id(register, action_id)
        index, action = next((i, a) for i, a in enumerate(register.actions) if a.id == canonical)
        new_owners = resolve_owners(register, owners) if owners else None
        at = resolve_meeting(board, meeting) if meeting else None
        changes: dict[str, Any] = {}
        entry: HistoryEntry | None = None
        if new_status is not None or note:
            when = on or (normalise.meeting_date(at) if at else (today or dt.date.today()))
            entry = HistoryEntry(
                date=when, meeting=at, status=new_status or action.status, note=note or None
            )
            changes["history"] = [*action.history, entry]
            changes["status"] = entry.status
        if new_owners is not None:
            changes["owners"] = new_owners
        updated = action.model_copy(update=changes)
        text = store.edit_action(
            loaded.source, register, index, lambda item: _apply(item, updated, entry, new_owners)
        )
        actions = list(register.actions)
        actions[index] = updated
        board.rewrite(loaded.source, text, register.model_copy(update={"actions": actions}))
    return updated


def _apply(item: Any, action: Action, entry: HistoryEntry | None, owners: list[str] | None) -> None:
    """Change the round-trip item in place: owners, status, and one more history entry."""
    from ppb import edit

    if owners is not None:
        item["owners"] = edit.to_yaml(owners)
    if entry is None:
        return
    record: dict[str, Any] = {"date": entry.date}
    if entry.meeting:
        record["meeting"] = _yaml_date(entry.meeting)
    record["status"] = entry.status
    if entry.note:
        record["note"] = entry.note
    item["status"] = edit.to_yaml(action.status)
    history = item.get("history")
    if not history:
        item["history"] = edit.to_yaml([record])
    else:
        history.append(edit.to_yaml(record))


def close(
    board: Store,
    action_id: str,
    *,
    note: str | None = None,
    meeting: str | None = None,
    on: dt.date | None = None,
) -> Action:
    """Record an action as completed."""
    register = board.register()
    canonical = resolve_id(register, action_id)
    current = register.find(canonical)
    if current is not None and current.status == "completed":
        raise PpbError(f"{canonical} is already completed")
    return update(board, canonical, status="completed", note=note, meeting=meeting, on=on)
