"""What you can do with meetings: start one, list them, carry open actions forward.

The status of an action *as at* a meeting is derived from its dated history
(`status_at`), so the record of an earlier meeting never changes when later
progress is recorded. Carry-forward only ever adds Matters Arising entries;
whatever a person wrote in the file stays as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ppb import normalise, render
from ppb.errors import PpbError, UsageError
from ppb.models import Decision
from ppb.snapshot import HISTORY, ID, RAISED, SUMMARY, Row, Snapshot
from ppb.store import Store


def meeting_key(meeting_id: str) -> tuple[str, int]:
    """Meetings in the order they were held: 2014-03-13 < 2014-03-13-2 < 2014-03-13-10."""
    day, _, suffix = meeting_id[:10], meeting_id[10:11], meeting_id[11:]
    return day, int(suffix) if suffix else 1


def parse_id(text: str) -> str:
    try:
        return normalise.meeting_id(text)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None


def counts_at(entry: Sequence[Any], meeting_id: str) -> bool:
    """Whether a history entry (date, meeting, status, note) had happened as at the meeting."""
    date, meeting = entry[0], entry[1]
    if meeting:
        return meeting_key(meeting) <= meeting_key(meeting_id)
    return date <= meeting_id[:10]


def latest_at(row: Row, meeting_id: str, *, before: bool = False) -> Sequence[Any] | None:
    """The latest history entry as at the meeting (or strictly before it)."""
    best = None
    for entry in row[HISTORY]:
        if before:
            if entry[1] == meeting_id or not _before(entry, meeting_id):
                continue
        elif not counts_at(entry, meeting_id):
            continue
        if best is None or entry[0] >= best[0]:
            best = entry
    return best


def _before(entry: Sequence[Any], meeting_id: str) -> bool:
    date, meeting = entry[0], entry[1]
    if meeting:
        return meeting_key(meeting) < meeting_key(meeting_id)
    return date < meeting_id[:10]


def status_at(row: Row, meeting_id: str, *, before: bool = False) -> str:
    entry = latest_at(row, meeting_id, before=before)
    return entry[2] if entry else "open"


def raised_before(row: Row, meeting_id: str) -> bool:
    raised = row[RAISED]
    return raised is None or meeting_key(raised) < meeting_key(meeting_id)


def open_at(row: Row, meeting_id: str) -> bool:
    """Open or in progress as at the meeting, and raised before it: what it carries forward."""
    return raised_before(row, meeting_id) and status_at(row, meeting_id) in normalise.OPEN_STATUSES


def carried(row: Row, meeting_id: str, held: Iterable[str]) -> int:
    """How many meetings, up to and including this one, the action has been carried to."""
    start = row[RAISED]
    if start is None:  # raised before the log began: count from its first recorded progress
        seen = [e[1] for e in row[HISTORY] if e[1]]
        if not seen:
            return 1
        first = min(seen, key=meeting_key)
        return 1 + sum(
            1 for m in held if meeting_key(first) <= meeting_key(m) < meeting_key(meeting_id)
        )
    return sum(
        1
        for m in {*held, meeting_id}
        if meeting_key(start) < meeting_key(m) <= meeting_key(meeting_id)
    )


def previous(board: Store, meeting_id: str) -> str | None:
    earlier = [m for m in board.meeting_ids() if meeting_key(m) < meeting_key(meeting_id)]
    return max(earlier, key=meeting_key) if earlier else None


def new(board: Store, meeting_id: str, *, venue: str | None = None, time: str | None = None) -> str:
    """Start meeting M's file, with attendance, venue and time from the meeting before it."""
    from ppb import files

    meeting_id = parse_id(meeting_id)
    with board.locked():
        text = new_text(board, meeting_id, venue=venue, time=time)
        path = board.meeting_path(meeting_id)
        try:
            os.makedirs(board.meetings_dir, exist_ok=True)
            files.write_atomically(path, text.encode("utf-8"))
        except OSError as exc:
            raise PpbError(f"cannot write {board.shown(path)}: {exc.strerror}") from None
    return path


def new_text(
    board: Store, meeting_id: str, *, venue: str | None = None, time: str | None = None
) -> str:
    """The text of a new meeting's file (refused if the meeting exists)."""
    from ppb import edit

    if board.has_meeting(meeting_id):
        raise PpbError(
            f"meeting {meeting_id} already exists ({board.shown(board.meeting_path(meeting_id))}); "
            f"a second meeting that day is {_next_suffix(board, meeting_id)}"
        )
    snapshot = board.load()
    before = previous(board, meeting_id)
    template = board.meeting(before, snapshot.prefix) if before else None
    data: dict[str, Any] = {
        "board": snapshot.board["name"],
        "date": normalise.meeting_date(meeting_id),
    }
    data["time"] = time or (template.time if template else None)
    data["venue"] = venue or (template.venue if template else None)
    attendance = template.attendance if template else None
    data["attendance"] = {
        "members": list(attendance.members) if attendance else [],
        "also_present": list(attendance.also_present) if attendance else [],
        "apologies": list(attendance.apologies) if attendance else [],
    }
    data.update(departures=[], matters_arising=[], items=[], other_business=[])
    text = edit.render_document({k: v for k, v in data.items() if v is not None})
    board.meeting_from_text(meeting_id, text, snapshot.prefix)  # must read back as a meeting
    return text


def _next_suffix(board: Store, meeting_id: str) -> str:
    day = meeting_id[:10]
    n = 2
    while board.has_meeting(f"{day}-{n}"):
        n += 1
    return f"{day}-{n}"


def listing(board: Store) -> list[dict[str, Any]]:
    """One record per meeting: id, date, time, venue and what it holds."""
    snapshot = board.load()
    out = []
    for meeting_id in board.meeting_ids():
        meeting = board.meeting(meeting_id, snapshot.prefix)
        raised = [r[ID] for r in snapshot.rows if r[RAISED] == meeting_id]
        out.append(
            {
                "id": meeting_id,
                "date": meeting.date.isoformat(),
                "time": meeting.time,
                "venue": meeting.venue,
                "items": len(meeting.items),
                "matters_arising": len(meeting.matters_arising),
                "raised": raised,
            }
        )
    return out


def entry_comment(
    snapshot: Snapshot, index: int, meeting_id: str, held: Iterable[str]
) -> list[str]:
    """What a carried entry shows a reader of the file: owners, progress, carried, summary."""
    row = snapshot.rows[index]
    owners = ", ".join(snapshot.owners(row)) or "no owner named"
    entry = latest_at(row, meeting_id)
    progress = render.progress(_entry_record(entry)) if entry else "Open"
    if entry:
        progress += f" ({entry[0]})"
    times = carried(row, meeting_id, held)
    lines = [
        f"{owners} · {progress} · carried {times} time{'s' if times != 1 else ''}",
        row[SUMMARY],
    ]
    return [render.safe(line) for line in lines]


def _entry_record(entry: Sequence[Any]) -> dict[str, Any]:
    return {"date": entry[0], "meeting": entry[1], "status": entry[2], "note": entry[3]}


def carry_forward(
    board: Store, meeting_id: str, *, dry_run: bool = False
) -> tuple[list[str], list[str], str]:
    """Add a Matters Arising entry for every action open at M that M does not list yet.

    Returns the ids added, the ids whose comment ppb wrote was brought up to date,
    and the unified diff of the file (empty if nothing changed). Creates the
    meeting if it does not exist, in the same write.
    """
    import difflib

    from ppb.files import Source

    meeting_id = parse_id(meeting_id)
    with board.locked():
        snapshot = board.load()
        if board.has_meeting(meeting_id):
            source, meeting = board.meeting_source(meeting_id, snapshot.prefix)
            original = source.text
        else:  # created with the entries, in one write
            path = board.meeting_path(meeting_id)
            created = new_text(board, meeting_id)
            source = Source(path, board.shown(path), b"", created, False, False)
            meeting = board.meeting_from_text(meeting_id, created, snapshot.prefix)
            original = ""
        listed = {
            e.action
            for e in meeting.matters_arising
            if not isinstance(e, str) and hasattr(e, "action")
        }
        held = board.meeting_ids()
        wanted = [
            i
            for i, row in enumerate(snapshot.rows)
            if open_at(row, meeting_id) and row[ID] not in listed
        ]
        wanted.sort(key=lambda i: normalise.action_number(snapshot.rows[i][ID]))
        entries = [
            (snapshot.rows[i][ID], entry_comment(snapshot, i, meeting_id, held)) for i in wanted
        ]
        text = source.text
        if entries:
            text = insert_entries(text, meeting, entries, board.shown(source.path))
        text, refreshed = refresh_comments(text, snapshot, meeting_id, held)
        if text == original:
            return [], [], ""
        after = board.meeting_from_text(meeting_id, text, snapshot.prefix)
        _check_only_added(meeting, after, [i for i, _ in entries])
        shown = board.shown(source.path)
        diff = "".join(
            difflib.unified_diff(
                original.splitlines(keepends=True), text.splitlines(keepends=True),
                f"a/{shown}" if original else "/dev/null", f"b/{shown}",
            )
        )  # fmt: skip
        if not dry_run:
            from ppb import files

            if original:
                files.replace(source, text)
            else:
                os.makedirs(board.meetings_dir, exist_ok=True)
                files.write_atomically(source.path, text.encode("utf-8"))
        return [i for i, _ in entries], refreshed, diff


_GENERATED = re.compile(r" *# .* · carried \d+ times?\n?")
_ENTRY = re.compile(r"( *)- action: *([^#\n]+?) *\n")


def refresh_comments(
    text: str, snapshot: Snapshot, meeting_id: str, held: Iterable[str]
) -> tuple[str, list[str]]:
    """The text with the comments ppb wrote under Matters Arising entries brought up to date.

    Only the two lines carry-forward writes are touched, and only while they
    still look as it wrote them: a comment a person changed stays theirs.
    """
    from ppb import layout

    found = layout.split(text, items="matters_arising")
    if found.problems:
        return text, []
    by_id = {row[ID]: i for i, row in enumerate(snapshot.rows)}
    edits: list[tuple[int, int, str]] = []
    refreshed = []
    for span in found.blocks:
        lines = text[span.start : span.end].splitlines(keepends=True)
        entry = _ENTRY.fullmatch(lines[0])
        if not entry or len(lines) < 3 or not _GENERATED.fullmatch(lines[1]):
            continue
        if not lines[2].lstrip().startswith("# "):
            continue
        try:
            action = normalise.action_id(entry.group(2).strip("'\""), snapshot.prefix)
        except normalise.SpellingError:
            continue
        if action not in by_id:
            continue
        pad = entry.group(1) + "  "
        fresh = "".join(
            f"{pad}# {line}\n" for line in entry_comment(snapshot, by_id[action], meeting_id, held)
        )
        start = span.start + len(lines[0])
        end = start + len(lines[1]) + len(lines[2])
        if text[start:end] != fresh:
            edits.append((start, end, fresh))
            refreshed.append(action)
    for start, end, fresh in reversed(edits):
        text = text[:start] + fresh + text[end:]
    return text, refreshed


def _check_only_added(before: Any, after: Any, added: list[str]) -> None:
    old = before.model_dump()
    new_ = after.model_dump()
    old_ma, new_ma = old.pop("matters_arising"), new_.pop("matters_arising")
    kept = [
        e
        for e in new_ma
        if not (isinstance(e, dict) and e.get("action") in added and e.get("text") is None)
    ]
    if old != new_ or kept != old_ma or len(new_ma) != len(old_ma) + len(added):
        raise PpbError("carry-forward would change more than the new entries; nothing was written")


def insert_entries(
    text: str, meeting: Any, entries: list[tuple[str, list[str]]], shown: str
) -> str:
    """The meeting text with `- action: ID` entries added to matters_arising, in number order."""
    from ppb import layout
    from ppb.errors import LayoutError

    found = layout.split(text, items="matters_arising")
    if found.problems:
        raise LayoutError(f"{shown}: cannot find each Matters Arising entry ({found.problems[0]})")
    indent = found.item_indent if found.item_indent is not None else 2

    def block(action_id: str, comment: list[str]) -> str:
        pad = " " * indent
        lines = [f"{pad}- action: {action_id}\n"] + [f"{pad}  # {line}\n" for line in comment]
        return "".join(lines)

    if "matters_arising" not in found.sections:
        body = "".join(block(i, c) for i, c in entries)
        anchor = found.sections.get("items") or found.sections.get("other_business")
        at = anchor.start if anchor else len(text)
        head = "" if at == 0 or text[at - 1 : at] == "\n" else "\n"
        return text[:at] + head + "matters_arising:\n" + body + text[at:]
    span = found.sections["matters_arising"]
    line_end = text.find("\n", span.start) + 1 or len(text)
    inline = text[span.start : line_end].split(":", 1)[1].split("#", 1)[0].strip()
    if not found.blocks:
        if inline not in ("", "[]"):
            raise LayoutError(
                f"{shown}: matters_arising is written inline; write it as a list of `- ` entries"
            )
        body = "".join(block(i, c) for i, c in entries)
        return text[: span.start] + "matters_arising:\n" + body + text[line_end:]
    # Existing entries, as (number or None) per block, in file order.
    numbers: list[int | None] = []
    for entry in meeting.matters_arising:
        action = getattr(entry, "action", None)
        numbers.append(normalise.action_number(action) if action else None)
    if len(numbers) != len(found.blocks):
        raise LayoutError(f"{shown}: cannot find each Matters Arising entry's lines")
    inserts: dict[int, list[str]] = {}
    for action_id, comment in entries:
        number = normalise.action_number(action_id)
        later = next((b for b, n in enumerate(numbers) if n is not None and n > number), None)
        offset = found.blocks[later].start if later is not None else found.blocks[-1].end
        inserts.setdefault(offset, []).append(block(action_id, comment))
    out, last = [], 0
    for offset in sorted(inserts):
        out += [text[last:offset], *inserts[offset]]
        last = offset
    out.append(text[last:])
    if not text[: found.blocks[-1].end].endswith("\n"):
        raise LayoutError(f"{shown}: end the last Matters Arising entry with a new line")
    return "".join(out)


def decisions(board: Store, meeting_id: str | None = None) -> list[dict[str, Any]]:
    """Every decision minuted, with its meeting and item."""
    snapshot = board.load()
    ids = [parse_id(meeting_id)] if meeting_id else board.meeting_ids()
    out = []
    for mid in ids:
        meeting = board.meeting(mid, snapshot.prefix)
        for title, entry in _walk_entries(meeting):
            if hasattr(entry, "decision"):
                out.append({"meeting": mid, "item": title, "decision": entry.decision})
    return out


def _walk_entries(meeting: Any) -> Iterable[tuple[str, Any]]:
    def items(entries: Iterable[Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
        for item in entries:
            title = f"{prefix}{item.title}"
            for entry in item.text:
                yield title, entry
            yield from items(item.items, f"{title} › ")

    yield from items(meeting.items)
    for entry in meeting.other_business:
        yield "Any Other Business", entry


def summary(board: Store, meeting_id: str) -> dict[str, Any]:
    """A meeting as `meeting show` prints it, with each carried action's state as at it."""
    meeting_id = parse_id(meeting_id)
    snapshot = board.load()
    meeting = board.meeting(meeting_id, snapshot.prefix)
    by_id = {row[ID]: i for i, row in enumerate(snapshot.rows)}
    held = board.meeting_ids()

    def who(handle: str) -> dict[str, Any]:
        details = snapshot.people.get(handle) or {}
        return {"handle": handle, "name": details.get("name"), "role": details.get("role")}

    arising = []
    for entry in meeting.matters_arising:
        if isinstance(entry, str):
            arising.append({"action": None, "text": entry})
            continue
        if isinstance(entry, Decision):
            arising.append({"action": None, "text": entry.decision})
            continue
        action = entry.action
        record: dict[str, Any] = {"action": action, "text": entry.text}
        if action in by_id:
            row = snapshot.rows[by_id[action]]
            latest = latest_at(row, meeting_id)
            record.update(
                summary=row[SUMMARY],
                owners=snapshot.owners(row),
                status=status_at(row, meeting_id),
                progress=render.progress(_entry_record(latest)) if latest else "Open",
                carried=carried(row, meeting_id, held),
            )
        arising.append(record)

    def items(entries: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "title": item.title,
                "actions": [e.action for e in item.text if hasattr(e, "action")],
                "decisions": [e.decision for e in item.text if hasattr(e, "decision")],
                "items": items(item.items),
            }
            for item in entries
        ]

    return {
        "id": meeting_id,
        "board": meeting.board or snapshot.board["name"],
        "date": meeting.date.isoformat(),
        "time": meeting.time,
        "venue": meeting.venue,
        "attendance": {
            group: [who(h) for h in getattr(meeting.attendance, group)]
            for group in ("members", "also_present", "apologies")
        },
        "departures": [{"who": d.who, "after": d.after} for d in meeting.departures],
        "matters_arising": arising,
        "items": items(meeting.items),
        "raised": sorted(
            (row[ID] for row in snapshot.rows if row[RAISED] == meeting_id),
            key=normalise.action_number,
        ),
    }
