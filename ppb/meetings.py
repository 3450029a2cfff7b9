"""What you can do with meetings: start one, list them, show one, carry open actions forward.

What an action's state was at a meeting comes from `history`. Carry-forward
only ever adds Matters Arising entries; whatever a person wrote in the file
stays as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from ppb import history, normalise, people, restricted
from ppb.errors import LayoutError, PpbError, UsageError
from ppb.history import meeting_key
from ppb.models import ActionRef, Decision, Item, Meeting
from ppb.record import ID, RAISED
from ppb.store import Store, files, sections, yaml_edit
from ppb.store.files import Source
from ppb.store.snapshot import Snapshot
from ppb.text import printable


def parse_id(text: str) -> str:
    try:
        return normalise.meeting_id(text)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None


def previous(store: Store, meeting_id: str) -> str | None:
    earlier = [m for m in store.meeting_ids() if meeting_key(m) < meeting_key(meeting_id)]
    return max(earlier, key=meeting_key) if earlier else None


def new(
    store: Store, meeting_id: str, *, venue: str | None = None, time: str | None = None
) -> tuple[str, bool]:
    """Start meeting M's file, with attendance, venue and time from the meeting before it.

    Returns its path, and whether it was created: a meeting that exists already
    (carry-forward made it, say) is left as it is, unless a venue or time was
    asked for, which is refused."""
    meeting_id = parse_id(meeting_id)
    with store.locked():
        path = store.meeting_path(meeting_id)
        if store.has_meeting(meeting_id) and venue is None and time is None:
            return path, False
        text = new_text(store, meeting_id, venue=venue, time=time)
        path = store.meeting_path(meeting_id)
        store.create(path, text.encode("utf-8"))
    return path, True


def new_text(
    store: Store, meeting_id: str, *, venue: str | None = None, time: str | None = None
) -> str:
    """The text of a new meeting's file (refused if the meeting exists)."""
    if store.has_meeting(meeting_id):
        raise PpbError(
            f"meeting {meeting_id} already exists ({store.shown(store.meeting_path(meeting_id))}); "
            f"a second meeting that day is {_next_suffix(store, meeting_id)}"
        )
    snapshot = store.load()
    before = previous(store, meeting_id)
    template = store.meeting(before, snapshot.prefix) if before else None
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
    text = yaml_edit.render_document({k: v for k, v in data.items() if v is not None})
    text = _schema_line(store) + text
    store.meeting_from_text(meeting_id, text, snapshot.prefix)  # must read back as a meeting
    return text


def _schema_line(store: Store) -> str:
    """A board that keeps the meeting schema (`ppb init` writes it) names it in new meetings."""
    from ppb import schema

    kept = os.path.join(store.root, schema.FOLDER, schema.FILES["meeting"])
    return schema.line("meeting", "..") + "\n" if os.path.exists(kept) else ""


def _next_suffix(store: Store, meeting_id: str) -> str:
    day = meeting_id[:10]
    n = 2
    while store.has_meeting(f"{day}-{n}"):
        n += 1
    return f"{day}-{n}"


def listing(store: Store) -> list[dict[str, Any]]:
    """One record per meeting: id, date, time, venue and what it holds."""
    snapshot = store.load()
    by_meeting: dict[str, list[str]] = {}  # once, not once per meeting
    for row in snapshot.rows:
        if row[RAISED] is not None:
            by_meeting.setdefault(row[RAISED], []).append(row[ID])
    ids = store.meeting_ids()
    out = []
    for meeting_id, shown in zip(
        ids, store.meeting_facts(ids, snapshot.prefix, facts), strict=True
    ):
        date, time, venue, items, matters_arising, _ = shown
        out.append(
            {
                "id": meeting_id,
                "date": date,
                "time": time,
                "venue": venue,
                "items": items,
                "matters_arising": matters_arising,
                "raised": by_meeting.get(meeting_id, []),
            }
        )
    return out


def facts(meeting: Meeting) -> tuple[Any, ...]:
    """What `meeting list` and `decisions` show of a meeting, as plain data the cache keeps
    (`Store.meeting_facts`): date, time, venue, how many items and matters arising, and
    each decision as (item, decision, restricted, reason, inside a restricted item)."""
    hidden = {id(item): why for item, why in restricted.restricted_items(meeting.items)}
    decisions = []
    for item, title, entry in _walk_entries(meeting):
        if not isinstance(entry, Decision):
            continue
        inside = item is not None and id(item) in hidden
        reason = entry.reason or (hidden.get(id(item)) if item is not None else None)
        decisions.append((title, entry.decision, bool(entry.restricted or inside), reason, inside))
    return (
        meeting.date.isoformat(), meeting.time, meeting.venue, len(meeting.items),
        len(meeting.matters_arising), tuple(decisions),
    )  # fmt: skip


def entry_comment(
    snapshot: Snapshot, index: int, meeting_id: str, carrying: history.Carrying
) -> list[str]:
    """What a carried entry shows a reader of the file: owners, progress, carried, summary
    (`carrying`: how often each action has been carried to the meeting)."""
    action = snapshot.action(index)
    owners = ", ".join(snapshot.owners(action)) or "no owner named"
    entry = history.latest_at(action, meeting_id)
    progress = f"{history.progress(entry.status, entry.note)} ({entry.date})" if entry else "Open"
    times = carrying(action)
    lines = [
        f"{owners} · {progress} · carried {times} time{'s' if times != 1 else ''}",
        action.summary,
    ]
    return [printable(line) for line in lines]


class Carried(NamedTuple):
    added: list[str]  # the ids given an entry
    refreshed: list[str]  # the ids whose comment ppb wrote was brought up to date
    diff: str  # the change to the file, on a dry run (empty if nothing changed)
    created: str | None  # the meeting file, if this made it


def carry_forward(store: Store, meeting_id: str, *, dry_run: bool = False) -> Carried:
    """Add a Matters Arising entry for every action open at M that M does not list yet.

    Creates the meeting if it does not exist, in the same write.
    """
    import difflib

    meeting_id = parse_id(meeting_id)
    with store.locked():
        snapshot = store.load()
        if store.has_meeting(meeting_id):
            source, meeting = store.meeting_source(meeting_id, snapshot.prefix)
            original = source.text
        else:  # created with the entries, in one write
            path = store.meeting_path(meeting_id)
            fresh = new_text(store, meeting_id)
            source = Source(path, store.shown(path), b"", fresh, False, False)
            meeting = store.meeting_from_text(meeting_id, fresh, snapshot.prefix)
            original = ""
        listed = {
            e.action
            for e in meeting.matters_arising
            if not isinstance(e, str) and hasattr(e, "action")
        }
        carrying = history.Carrying(meeting_id, store.meeting_ids())
        wanted = [
            i
            for i, action in enumerate(snapshot.actions())
            if history.open_at(action, meeting_id) and action.id not in listed
        ]
        wanted.sort(key=lambda i: normalise.action_number(snapshot.rows[i][ID]))
        entries = [
            (snapshot.rows[i][ID], entry_comment(snapshot, i, meeting_id, carrying)) for i in wanted
        ]
        # Comments of the entries already there brought up to date first: the new ones
        # are written fresh (refreshing them after would work out each comment twice).
        text, refreshed = refresh_comments(source.text, snapshot, meeting_id, carrying)
        if entries:
            text = insert_entries(text, meeting, entries, store.shown(source.path))
        created = None if original else store.shown(source.path)
        if text == original:
            return Carried([], [], "", None)
        after = store.meeting_from_text(meeting_id, text, snapshot.prefix)
        _check_only_added(meeting, after, [i for i, _ in entries])
        shown = store.shown(source.path)
        diff = "".join(
            difflib.unified_diff(
                original.splitlines(keepends=True), text.splitlines(keepends=True),
                f"a/{shown}" if original else "/dev/null", f"b/{shown}",
            )
        ) if dry_run else ""  # fmt: skip
        if not dry_run:
            if original:
                files.replace(source, text)
            else:
                store.create(source.path, text.encode("utf-8"))
        return Carried([i for i, _ in entries], refreshed, diff, created)


_GENERATED = re.compile(r" *# .* · carried \d+ times?\n?")
_ENTRY = re.compile(r"( *)- action: *([^#\n]+?) *\n")


def refresh_comments(
    text: str, snapshot: Snapshot, meeting_id: str, carrying: history.Carrying
) -> tuple[str, list[str]]:
    """The text with the comments ppb wrote under Matters Arising entries brought up to date.

    Only the two lines carry-forward writes are touched, and only while they
    still look as it wrote them: a comment a person changed stays theirs.
    """
    found = sections.split(text, items="matters_arising")
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
            f"{pad}# {line}\n"
            for line in entry_comment(snapshot, by_id[action], meeting_id, carrying)
        )
        start = span.start + len(lines[0])
        end = start + len(lines[1]) + len(lines[2])
        if text[start:end] != fresh:
            edits.append((start, end, fresh))
            refreshed.append(action)
    if not edits:
        return text, refreshed
    pieces, done = [], 0  # joined once: 75,000 edits of a 16 MB text stay linear
    for start, end, fresh in edits:
        pieces += [text[done:start], fresh]
        done = end
    pieces.append(text[done:])
    return "".join(pieces), refreshed


def _check_only_added(before: Any, after: Any, added: list[str]) -> None:
    old = before.model_dump()
    new_ = after.model_dump()
    old_ma, new_ma = old.pop("matters_arising"), new_.pop("matters_arising")
    new_ids = set(added)  # a set: carrying 75,000 actions forward stays linear
    kept = [
        e
        for e in new_ma
        if not (isinstance(e, dict) and e.get("action") in new_ids and e.get("text") is None)
    ]
    if old != new_ or kept != old_ma or len(new_ma) != len(old_ma) + len(added):
        raise PpbError("carry-forward would change more than the new entries; nothing was written")


def insert_entries(
    text: str, meeting: Any, entries: list[tuple[str, list[str]]], shown: str
) -> str:
    """The meeting text with `- action: ID` entries added to matters_arising, in number order."""
    found = sections.split(text, items="matters_arising")
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
    # Each before the first entry numbered above it: in number order, that entry is never
    # earlier than the last one's, so one sweep finds them all (not one scan an action).
    later = 0
    for action_id, comment in sorted(entries, key=lambda e: normalise.action_number(e[0])):
        number = normalise.action_number(action_id)
        while later < len(numbers) and (numbers[later] or 0) <= number:
            later += 1  # an entry with no number (free text) is passed, as before
        offset = found.blocks[later].start if later < len(numbers) else found.blocks[-1].end
        inserts.setdefault(offset, []).append(block(action_id, comment))
    out, last = [], 0
    for offset in sorted(inserts):
        out += [text[last:offset], *inserts[offset]]
        last = offset
    out.append(text[last:])
    if not text[: found.blocks[-1].end].endswith("\n"):
        raise LayoutError(f"{shown}: end the last Matters Arising entry with a new line")
    return "".join(out)


def decisions(
    store: Store, meeting_id: str | None = None, *, public: bool = False
) -> list[dict[str, Any]]:
    """Every decision minuted, with its meeting and item (`public`: restricted ones withheld)."""
    snapshot = store.load()
    ids = [parse_id(meeting_id)] if meeting_id else store.meeting_ids()
    out = []
    for mid, shown in zip(ids, store.meeting_facts(ids, snapshot.prefix, facts), strict=True):
        for title, decision, secret, reason, inside in shown[5]:
            record = {"meeting": mid, "item": title, "decision": decision,
                      "restricted": secret, "reason": reason if secret else None}  # fmt: skip
            if public and secret:
                record["item"] = "Restricted item" if inside else title
                record["decision"] = restricted.placeholder(reason)
            out.append(record)
    return out


def _walk_entries(meeting: Meeting) -> Iterable[tuple[Item | None, str, Any]]:
    """(item, title as shown, entry) for every entry of the items and other business."""

    def items(entries: Iterable[Item], prefix: str = "") -> Iterable[tuple[Item | None, str, Any]]:
        for item in entries:
            title = f"{prefix}{item.title}"
            for entry in item.text:
                yield item, title, entry
            yield from items(item.items, f"{title} › ")

    yield from items(meeting.items)
    for entry in meeting.other_business:
        yield None, "Any Other Business", entry


def summary(store: Store, meeting_id: str, *, public: bool = False) -> dict[str, Any]:
    """A meeting as `meeting show` prints it, with each carried action's state as at it.

    With `public`, restricted entries, items and actions are withheld, with their
    placeholders, and `withheld` says how many."""
    meeting_id = parse_id(meeting_id)
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    hidden = restricted.of_board(store, snapshot).actions if public else None
    log = restricted.Redactions()
    shown = _Shown(snapshot, meeting_id, store.meeting_ids(), hidden, log)

    def who(handle: str) -> dict[str, Any]:
        details = snapshot.people.get(handle) or {}
        name = people.name_on(details, meeting.date.isoformat())
        return {"handle": handle, "name": name, "role": details.get("role")}

    record = {
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
        "matters_arising": [shown.arising(entry) for entry in meeting.matters_arising],
        "items": shown.items(meeting.items),
        "raised": sorted(
            (row[ID] for row in snapshot.rows if row[RAISED] == meeting_id),
            key=normalise.action_number,
        ),
    }
    if public:
        record["withheld"] = {what: log.count(what) for what in ("action", "item", "entry")}
    return record


class _Shown:
    """The parts of `meeting show`, each withheld when public and restricted."""

    def __init__(self, snapshot: Snapshot, meeting_id: str, held: list[str],
                 hidden: dict[str, str | None] | None, log: restricted.Redactions) -> None:  # fmt: skip
        self.snapshot, self.meeting_id = snapshot, meeting_id
        self.carrying = history.Carrying(meeting_id, held)
        self.by_id = {row[ID]: i for i, row in enumerate(snapshot.rows)}
        self.public, self.hidden, self.log = hidden is not None, hidden or {}, log

    def arising(self, entry: Any) -> dict[str, Any]:
        if isinstance(entry, str):
            return {"action": None, "text": entry, "restricted": False, "reason": None}
        if not isinstance(entry, ActionRef):
            text = entry.decision if isinstance(entry, Decision) else entry.text
            if self.public and entry.restricted:
                text = self.log.withhold("entry", restricted.named(entry), entry.reason)
            return {
                "action": None,
                "text": text,
                "restricted": entry.restricted,
                "reason": entry.reason,
            }
        action = entry.action
        secret = entry.restricted or action in self.hidden
        reason = entry.reason if entry.restricted else self.hidden.get(action)
        record: dict[str, Any] = {"action": action, "text": entry.text, "restricted": secret,
                                  "reason": reason if secret else None}  # fmt: skip
        if action in self.by_id:
            carried = self.snapshot.action(self.by_id[action])
            latest = history.latest_at(carried, self.meeting_id)
            record.update(
                summary=carried.summary,
                owners=self.snapshot.owners(carried),
                status=history.status_at(carried, self.meeting_id),
                progress=history.progress(latest.status, latest.note) if latest else "Open",
                carried=self.carrying(carried),
            )
        if self.public and secret:
            said = self.log.withhold("action" if action in self.hidden else "entry", action, reason)
            record.update(text=said, summary=said, owners=[], progress="")
        return record

    def items(self, entries: list[Item], inside: bool = False) -> list[dict[str, Any]]:
        out = []
        for item in entries:
            secret = inside or item.restricted
            if self.public and item.restricted and not inside:
                self.log.withhold("item", item.title, item.reason)
            if self.public and secret:
                out.append({"title": "Restricted item", "actions": [], "decisions": [], "items": [],
                            "restricted": True, "reason": item.reason})  # fmt: skip
                continue
            out.append({
                "title": item.title,
                "actions": [e.action for e in item.text if isinstance(e, ActionRef)],
                "decisions": [e.decision if not (self.public and e.restricted)
                              else restricted.placeholder(e.reason)
                              for e in item.text if isinstance(e, Decision)],
                "items": self.items(item.items, secret),
                "restricted": secret,
                "reason": item.reason,
            })  # fmt: skip
        return out
