"""`ppb import`: legacy minutes into the register and a meeting file, as one change.

Each file is read (`readers`) and parsed (`parse`); what it says is then made
a change of the board's files: new people in the people section, new actions
appended, progress appended to the history of actions the board has (never an
entry it has already), and the meeting's file. Every action and entry records
its `source`. The whole change is checked, then written at once through the
journal (`Store.write_all`), or shown as a diff (`dry_run`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Any

from ppb import history, normalise, record
from ppb.errors import PpbError, UsageError
from ppb.importer import parse, readers
from ppb.record import HISTORY, ID, RAISED, SUMMARY
from ppb.store import MEETINGS, REGISTER, Store, splice
from ppb.store.snapshot import Snapshot

PROSE = ("opening", "matters_arising", "text", "other_business")  # lists of minuted paragraphs
LONG = 200_000  # bytes of minutes past which even one file's import shows progress
MANY = 200  # actions in one file past which applying them shows progress (each is an edit)


@dataclass
class Imported:
    """What an import did (or would do): counts, problems, and the diff of the files."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    diff: str = ""


def import_files(store: Store, paths: list[str], *, meeting: str | None = None,
                 dry_run: bool = False) -> Imported:  # fmt: skip
    """Import each file in turn, as one change of the board."""
    if meeting is not None:
        if len(paths) > 1:
            raise UsageError("--meeting names one meeting: import one file with it")
        try:
            meeting = normalise.meeting_id(meeting)
        except normalise.SpellingError as exc:
            raise UsageError(f"--meeting: {exc}") from None
    with _bar("ppb import", 2 * len(paths) + 1, _long(paths)) as advance:  # read, apply, write
        blocks = []
        for path in paths:  # every file readable, or nothing
            blocks.append((path, readers.read(path)))
            advance(1)
        with store.locked():
            snapshot = store.load()
            change = Change(store, snapshot)
            for path, found in blocks:
                change.add(path, found, meeting)
                advance(1)
            done = change.finish(dry_run)
            advance(1)
            return done


def _bar(description: str, total: int, needed: bool) -> Any:
    """A bar on a terminal (`ppb.progress`) where the work is long enough to need one, under
    the bar already showing if there is one; else a step that does nothing."""
    from contextlib import nullcontext

    from ppb import progress

    return progress.task(description, total) if needed else nullcontext(lambda steps=1: None)


def _long(paths: list[str]) -> bool:
    """Several files, or a long one: not the one short file of the usual import."""

    def size(path: str) -> int:
        try:
            return os.path.getsize(path)
        except OSError:
            return 0  # the reader says why it cannot read it

    return len(paths) > 1 or sum(map(size, paths)) >= LONG


class Change:
    """The register's text and the meeting files as they become, file by file."""

    def __init__(self, store: Store, snapshot: Snapshot) -> None:
        self.store = store
        self.before = snapshot
        self.snapshot = snapshot
        self.text = snapshot.source.text
        self.meetings: dict[str, str] = {}  # meeting id -> new text
        self.done = Imported()

    def add(self, path: str, blocks: list[readers.Block], meeting: str | None) -> None:
        numbers = list(self.snapshot.numbers())
        existing = {(row[RAISED], row[SUMMARY]): row[ID] for row in self.snapshot.rows}
        try:
            minutes = parse.parse(blocks, self.snapshot.prefix, self.snapshot.people, meeting,
                                  os.path.basename(path), numbers, existing)  # fmt: skip
        except parse.ParseError as exc:
            raise PpbError(str(exc)) from None
        self.done.problems += minutes.problems
        self.add_people(minutes.people)
        name, many = os.path.basename(path), len(minutes.actions)
        with _bar(name, many, many >= MANY) as advance:
            for found in minutes.actions:
                self.add_action(found)
                advance(1)
        self.add_meeting(minutes)

    # the register

    def reread(self) -> None:
        from ppb.store.register import read

        self.snapshot = read(self.before.source.with_text(self.text), self.snapshot.entry())

    def add_people(self, people: dict[str, dict[str, Any]]) -> None:
        handles = self.snapshot.handles
        new = {h: p for h, p in people.items() if handles.find(h) is None}
        if not new:
            return
        from ppb.store import yaml_edit

        def change(document: Any) -> None:
            section = document.get("people")
            if not section:
                document["people"] = yaml_edit.to_yaml(new)
                return
            for handle, person in new.items():
                section[yaml_edit.to_yaml(handle)] = yaml_edit.to_yaml(person)

        self.text = splice.edit_section(self.snapshot, "people", change)
        self.done.people += list(new)
        self.reread()

    def add_action(self, found: parse.Found) -> None:
        assert found.id is not None
        index = self.snapshot.index_of(found.id)
        if index is None and not found.summary:  # progress in prose on an action not here
            self.done.problems.append(
                f"{found.source}: progress on {found.id}, which this board does not have "
                "(import the minutes that raised it first); left out"
            )
            return
        if index is None:
            self.text = splice.append_action(self.snapshot, _written(found))
            self.done.added.append(found.id)
            self.reread()
            return
        row = self.snapshot.rows[index]
        if found.summary and not _alike(found.summary, row[SUMMARY]):
            self.done.problems.append(
                f"{found.source}: {found.id} reads {_short(found.summary)!r} here, but this "
                f"board's {found.id} is {_short(row[SUMMARY])!r}; its progress was left out"
            )
            return
        have = {(e[1], e[2], e[3]) for e in row[HISTORY]}
        entries = [e for e in found.history if (e["meeting"], e["status"], e["note"]) not in have]
        if not entries:
            return
        action = record.action(row)
        progress = [*action.history, *(_progress(e) for e in entries)]
        now = history.current(progress)
        status = now.status if now else action.status

        def change(item: Any) -> None:
            from ppb.store import yaml_edit

            item["status"] = yaml_edit.to_yaml(status)
            written = [yaml_edit.to_yaml(_entry(e)) for e in entries]
            if not item.get("history"):
                item["history"] = yaml_edit.to_yaml([_entry(e) for e in entries])
            else:
                item["history"].extend(written)
            if found.see and not item.get("see"):
                item["see"] = yaml_edit.to_yaml(found.see)

        self.text = splice.edit_action(self.snapshot, index, change)
        self.done.updated.append(found.id)
        self.reread()

    # the meeting

    def add_meeting(self, minutes: parse.Minutes) -> None:
        from ppb.store import yaml_edit

        meeting_id = minutes.meeting_id
        data = {"board": self.snapshot.board["name"], **minutes.meeting}  # its own name first
        text = yaml_edit.render_document(data, PROSE)
        prefix = self.snapshot.prefix
        try:
            new = self.store.meeting_from_text(meeting_id, text, prefix)
        except PpbError as exc:
            raise PpbError(
                f"the meeting read from the minutes is not valid ({exc}); nothing was written"
            ) from None
        if meeting_id in self.meetings or self.store.has_meeting(meeting_id):
            if meeting_id not in self.meetings and self.store.meeting(meeting_id, prefix) == new:
                return
            self.done.problems.append(
                f"{self.store.shown(self.store.meeting_path(meeting_id))}: meeting {meeting_id} "
                "exists and says something else; left as it is (import with --meeting to keep both)"
            )
            return
        self.meetings[meeting_id] = text
        self.done.meetings.append(meeting_id)

    # the whole change

    def finish(self, dry_run: bool) -> Imported:
        from ppb.store.register import parse_register

        changed = self.text != self.before.source.text
        if changed:
            parse_register(self.before.source.with_text(self.text))  # the whole must validate
        self.done.diff = self.diff()
        if dry_run or (not changed and not self.meetings):
            return self.done
        writes: list[Any] = []
        if changed:
            writes.append((self.before.source, self.text))
        writes += [(self.store.meeting_path(m), t) for m, t in self.meetings.items()]
        self.store.write_all(writes)
        return self.done

    def diff(self) -> str:
        out = difflib.unified_diff(
            self.before.source.text.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            f"a/{REGISTER}",
            f"b/{REGISTER}",
        )
        parts = ["".join(out)]
        for meeting_id, text in self.meetings.items():
            name = f"{MEETINGS}/{meeting_id}.yaml"
            lines = text.splitlines(keepends=True)
            parts.append("".join(difflib.unified_diff([], lines, "/dev/null", f"b/{name}")))
        return "".join(parts)


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _alike(minuted: str, registered: str) -> bool:
    """Whether two summaries are one action's: most of the shorter one's words are in the other
    (minutes shorten and reword a summary; another board's action shares few words)."""
    a, b = (set(re.findall(r"\w+", t.casefold())) for t in (minuted, registered))
    shorter = min(a, b, key=len)
    return bool(shorter) and len(a & b) >= 0.6 * len(shorter)


def _yaml_date(value: str | None) -> Any:
    if value is not None and len(value) == 10:
        return dt.date.fromisoformat(value)
    return value


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    written: dict[str, Any] = {"date": dt.date.fromisoformat(entry["date"][:10])}
    written["meeting"] = _yaml_date(entry["meeting"])
    written["status"] = entry["status"]
    if entry.get("note"):
        written["note"] = entry["note"]
    written["source"] = entry["source"]
    return written


def _progress(entry: dict[str, Any]) -> record.Progress:
    return record.Progress(
        entry["date"][:10], entry["meeting"], entry["status"], entry["note"], None
    )


def _written(found: parse.Found) -> dict[str, Any]:
    """A new action as the file holds it, in the embedded board's key order."""
    data: dict[str, Any] = {"id": found.id, "summary": found.summary, "owners": found.owners}
    data["raised"] = _yaml_date(found.raised)
    if found.item:
        data["item"] = found.item
    if found.due:
        data["due"] = _yaml_date(found.due)
    data["status"] = found.status
    if found.see:
        data["see"] = found.see
    data["source"] = found.source
    if found.history:
        data["history"] = [_entry(e) for e in found.history]
    return data


__all__ = ["ID", "Imported", "import_files"]
