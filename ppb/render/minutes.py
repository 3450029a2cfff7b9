"""The minutes of a meeting: built once as typed blocks (`blocks`), laid out per format.

`build` gathers what the minutes say, in order: the notice and header,
attendance, the ACTION SUMMARY of earlier actions with their progress as at
the meeting, Matters Arising, every item with its text, actions, decisions and
departures, any other business, and the ACTION SUMMARY of new actions. Each
format (`minutes_md`, `minutes_html`) lays those blocks out, one function per
kind of block; a new format is a new module with the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ppb import history, normalise
from ppb.errors import UsageError
from ppb.models import ActionRef, Decision, Item, Meeting
from ppb.record import Action
from ppb.render.blocks import (
    ActionLine,
    Attendance,
    Block,
    DecisionLine,
    Document,
    Fields,
    Heading,
    Notice,
    Organisation,
    Paragraph,
    SummaryTable,
    Title,
)
from ppb.store import Store
from ppb.store.snapshot import Snapshot

WITHHELD = "(Restricted: not published)"


def ordinal_date(day: dt.date) -> str:
    """13th March 2014, as minutes write it."""
    n = day.day
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} {day:%B %Y}"


def person(handle: str, people: dict[str, dict[str, Any]]) -> str:
    """Christopher Salmon, Police and Crime Commissioner (PCC)."""
    details = people.get(handle) or {}
    words = ", ".join(w for w in (details.get("name"), details.get("role")) if w and w != handle)
    return f"{words} ({handle})" if words else handle


def build(store: Store, meeting_id: str, public: bool = False) -> Document:
    """The minutes of meeting M.

    With `public`, restricted actions and items are replaced by a placeholder
    everywhere they would appear, and the minutes say how many were withheld.
    """
    try:
        meeting_id = normalise.meeting_id(meeting_id)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    return _Minutes(snapshot, meeting, meeting_id, public).build()


class _Minutes:
    """The minutes of one meeting, built block by block in the order they are read."""

    def __init__(self, snapshot: Snapshot, meeting: Meeting, meeting_id: str, public: bool) -> None:
        self.snapshot, self.meeting, self.meeting_id = snapshot, meeting, meeting_id
        self.actions = {a.id: a for a in snapshot.actions()}
        self.hidden = {a.id for a in self.actions.values() if a.restricted} if public else set()
        self.public = public
        self.withheld_actions: set[str] = set()  # mentioned though in no table
        self.withheld_items = 0
        self.departures = list(meeting.departures)
        self.name = meeting.board or snapshot.board["name"]
        self.document = Document(f"{self.name}: minutes of {ordinal_date(meeting.date)}")

    def add(self, block: Block) -> None:
        self.document.blocks.append(block)

    def build(self) -> Document:
        self.header()
        notice_at = len(self.document.blocks)  # where the public version says what it withheld
        for entry in self.meeting.opening:
            self.add(Paragraph(self.text(entry)))
        earlier = [a for a in self.actions.values() if self.earlier(a)]
        self.add(self.summary(earlier, "Progress", self.progress))
        self.matters_arising()
        self.items(self.meeting.items, 2)
        for departure in self.departures:  # placed after nothing that exists: at the end
            self.add(Paragraph(f"The {departure.who} left the meeting."))
        if self.meeting.other_business:
            self.add(Heading(2, "Any Other Business"))
            for entry in self.meeting.other_business:
                self.add(self.entry(entry))
        new = [a for a in self.actions.values() if a.raised == self.meeting_id]
        self.add(self.summary(new, "To be progressed by:", self.progressed_by))
        said = self.withheld({a.id for a in (*earlier, *new)} | self.withheld_actions)
        if said:
            self.document.blocks.insert(notice_at, Paragraph(said))
        return self.document

    def header(self) -> None:
        info, meeting = self.snapshot.board, self.meeting
        if info.get("notice_cy"):
            self.add(Notice(info["notice_cy"], "cy"))
        if info.get("notice"):
            self.add(Notice(info["notice"], "en"))
        lines = tuple(o for o in (info.get("organisation_cy"), info.get("organisation")) if o)
        self.add(Organisation(lines))
        self.add(Title("Minutes of Meeting"))
        pairs = (
            ("Meeting", self.name),
            ("Venue", meeting.venue),
            ("Date", ordinal_date(meeting.date)),
            ("Time", meeting.time),
        )
        self.add(Fields(tuple((label, value) for label, value in pairs if value)))
        groups = (
            ("Members", meeting.attendance.members),
            ("Also present", meeting.attendance.also_present),
            ("Apologies", meeting.attendance.apologies),
        )
        people = self.snapshot.people
        present = tuple(
            (label, tuple(person(h, people) for h in handles))
            for label, handles in groups
            if handles
        )
        if present:
            self.add(Attendance(present))

    def earlier(self, action: Action) -> bool:
        """Raised before this meeting and still open as the meeting began."""
        status = history.status_at(action, self.meeting_id, before=True)
        return history.raised_before(action, self.meeting_id) and status in normalise.OPEN_STATUSES

    def matters_arising(self) -> None:
        self.add(Heading(2, "Matters Arising"))
        for entry in self.meeting.matters_arising:
            if isinstance(entry, str):
                self.add(Paragraph(entry))
            elif isinstance(entry, Decision):
                self.add(Paragraph(entry.decision))
            elif entry.action in self.hidden:
                self.withheld_actions.add(entry.action)
                self.add(Paragraph(f"{entry.action} – {WITHHELD}"))
            elif entry.text:  # an entry with nothing minuted yet is in the ACTION SUMMARY alone
                self.add(Paragraph(f"{entry.action} – {entry.text}"))

    def items(self, items: list[Item], level: int) -> None:
        for item in items:
            if self.public and item.restricted:
                self.withheld_items += 1
                self.add(Heading(level, "Restricted item"))
                self.add(Paragraph(WITHHELD))
                continue
            self.add(Heading(level, item.title))
            for entry in item.text:
                self.add(self.entry(entry))
                if isinstance(entry, ActionRef):
                    self.departed(entry.action)
            self.items(item.items, min(level + 1, 4))
            self.departed(item.title)

    def departed(self, anchor: str) -> None:
        for departure in [d for d in self.departures if d.after == anchor]:
            self.add(Paragraph(f"The {departure.who} left the meeting."))
            self.departures.remove(departure)

    def entry(self, entry: str | ActionRef | Decision) -> Block:
        if isinstance(entry, str):
            return Paragraph(entry)
        if isinstance(entry, Decision):
            return DecisionLine(entry.decision)
        if entry.action in self.hidden:
            return ActionLine(entry.action, WITHHELD)
        action = self.actions.get(entry.action)
        return ActionLine(entry.action, entry.text or (action.summary if action else ""))

    def text(self, entry: str | ActionRef | Decision) -> str:
        if isinstance(entry, str):
            return entry
        if isinstance(entry, Decision):
            return entry.decision
        action = self.actions.get(entry.action)
        if entry.text or action is None:
            return entry.text or entry.action
        return action.summary

    def summary(
        self, actions: list[Action], third: str, column: Callable[[Action], str]
    ) -> SummaryTable:
        """An ACTION SUMMARY table of these actions, in number order, with a third column."""
        actions = sorted(actions, key=lambda a: normalise.action_number(a.id))
        rows = tuple(
            (a.id, WITHHELD, "") if a.id in self.hidden else (a.id, a.summary, column(a))
            for a in actions
        )
        return SummaryTable("ACTION SUMMARY", ("Action N°", "Action Summary", third), rows)

    def progress(self, action: Action) -> str:
        entry = history.latest_at(action, self.meeting_id)
        return history.progress(entry.status, entry.note) if entry else "Open"

    def progressed_by(self, action: Action) -> str:
        return " / ".join(self.snapshot.owners(action))

    def withheld(self, mentioned: set[str]) -> str | None:
        """What the public version says it withheld, if anything."""
        actions = len(self.hidden & mentioned)
        if not actions and not self.withheld_items:
            return None
        said = (
            f"This public version of the minutes withholds {_count(actions, 'restricted action')}"
        )
        if self.withheld_items:
            said += f" and {_count(self.withheld_items, 'restricted item')}"
        return said + "."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


FORMATS = ("md", "html")


def render(document: Document, fmt: str) -> str:
    """The document laid out in one of FORMATS."""
    if fmt == "md":
        from ppb.render import minutes_md as layout
    elif fmt == "html":
        from ppb.render import minutes_html as layout  # type: ignore[no-redef]
    else:
        raise UsageError(f"--format: minutes come as {' or '.join(FORMATS)}, not {fmt!r}")
    return layout.render(document)


def write(
    store: Store, meeting_id: str, fmt: str, output: str | None, public: bool = False
) -> str | None:
    """Render the minutes; to `output` if given (see `Store.write_output`), else returned
    (`-` is standard output too)."""
    text = render(build(store, meeting_id, public), fmt)
    if output is None or output == "-":
        return text
    store.write_output(output, text.encode("utf-8"))
    return None
