"""Update requests: an owner's Word form of their actions open at a meeting, and the
filled-in form read back as history entries at that meeting.

Reading back is all or nothing: every filled row is checked first (an action open at
the meeting and owned by the owner, a status word ppb knows), and one refused row
refuses the form, naming the row, with nothing written. A row whose entry the
action already has at the meeting adds nothing, so reading a form twice changes
nothing the second time.
"""

from __future__ import annotations

import re
from typing import Any

from ppb import actions, history, normalise
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.record import Action, Progress
from ppb.store import Store, files
from ppb.store.snapshot import Snapshot


def open_of(snapshot: Snapshot, owner: str, meeting: str) -> list[tuple[int, Action]]:
    """The owner's actions open at the meeting, in number order, with their indexes."""
    found = [
        (index, snapshot.action(index))
        for index, row in enumerate(snapshot.rows)
        if owner in snapshot.owners(row)
    ]
    found = [  # open as the meeting began: what the owner reports on at it
        (i, a) for i, a in found
        if history.raised_before(a, meeting)
        and history.status_at(a, meeting, before=True) in normalise.OPEN_STATUSES
    ]  # fmt: skip
    return sorted(found, key=lambda pair: normalise.action_number(pair[1].id))


def form(store: Store, owner: str, meeting: str, output: str) -> int:
    """`ppb request`: write the owner's form for the meeting; how many actions it lists."""
    from ppb.render import request_docx

    if not output.lower().endswith(".docx"):
        raise UsageError(f"-o: {output!r}: the form is a Word document; name it FILE.docx")
    snapshot = store.load()
    handle = actions.resolve_owners(snapshot, [owner])[0]
    meeting = actions.resolve_meeting(store, meeting)
    rows = []
    for _, action in open_of(snapshot, handle, meeting):
        before = history.latest_at(action, meeting, before=True)
        latest = f"{history.progress(before.status, before.note)} ({before.date})" if before else ""
        status = history.status_word(before.status if before else "open")
        rows.append((action.id, action.summary, status, latest))
    board = str(snapshot.board["name"])
    marker = request_docx.Marker(board, snapshot.prefix, handle, meeting)
    title = f"{board}: update request for {handle}, meeting of {meeting}"
    note = (
        "For each action, write its new status (open, in progress, completed or withdrawn) "
        "and your update, then return this document. Leave a row empty to give no update."
    )
    data = request_docx.render(marker, title, rows, note)
    try:
        files.write_atomically(output, data)
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
    return len(rows)


_DASH = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")


def _answer(text: str, update: str) -> tuple[str | None, str | None]:
    """(status, note) from "Completed – reported to the PCC" and the Update column."""
    parts = _DASH.split(text, maxsplit=1) if text else [""]
    word, rest = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    status = normalise.status(word) if word else None
    notes = [n for n in (rest, update) if n]
    return status, " – ".join(notes) or None


def read_back(store: Store, path: str, *, dry_run: bool = False) -> list[str]:
    """`ppb request read`: the form's rows as history at its meeting; what each changed."""
    from ppb.render import request_docx

    marker, answers = request_docx.read(path)
    with store.locked():
        snapshot = store.load()
        if (marker.board, marker.prefix) != (str(snapshot.board["name"]), snapshot.prefix):
            raise PpbError(f"{path}: a form of another board ({marker.board}); nothing was written")
        if not store.has_meeting(marker.meeting):
            raise NotFoundError(
                f"{path}: a form for meeting {marker.meeting}, which this board has not"
            )
        if marker.owner not in snapshot.people:
            raise NotFoundError(f"{path}: a form for {marker.owner}, whom this board has not")
        wanted = {a.id: (i, a) for i, a in open_of(snapshot, marker.owner, marker.meeting)}
        entries: dict[int, Progress] = {}
        said = []
        for answer in answers:
            index, entry = _checked(path, snapshot, marker, wanted, answer)
            if entry is None or index in entries:
                continue
            entries[index] = entry
            said.append(f"{snapshot.rows[index][0]}: {history.progress(entry.status, entry.note)}")
        if entries and not dry_run:
            actions.append_entries(store, snapshot, entries)
    return said


def _checked(path: str, snapshot: Snapshot, marker: Any, wanted: dict[str, tuple[int, Action]],
             answer: Any) -> tuple[int, Progress | None]:  # fmt: skip
    """The entry a row adds (None: the action has it already), or refused naming the row."""
    where = f"{path}: row {answer.row}"
    try:
        action_id = normalise.action_id(answer.action, snapshot.prefix)
    except normalise.SpellingError as exc:
        raise PpbError(f"{where}: {exc}; nothing was written") from None
    if action_id not in wanted:
        raise PpbError(
            f"{where}: {action_id} is not an action of {marker.owner} open at {marker.meeting}; "
            "nothing was written"
        )
    try:
        status, note = _answer(answer.status, answer.update)
    except normalise.SpellingError as exc:
        raise PpbError(f"{where}: {exc}; nothing was written") from None
    index, action = wanted[action_id]
    standing = history.latest_at(action, marker.meeting)
    status = status or (standing.status if standing else "open")
    day = normalise.meeting_date(marker.meeting).isoformat()
    entry = Progress(day, marker.meeting, status, note, None)
    had = any(
        (e.meeting, e.status, e.note) == (marker.meeting, status, note) for e in action.history
    )
    return index, None if had else entry
