"""The minutes of a meeting: built once as typed blocks (`blocks`), laid out per format.

`build` gathers what the minutes say, in order: the notice and header,
attendance, the ACTION SUMMARY of earlier actions with their progress as at
the meeting, Matters Arising, every item with its text, actions, decisions and
departures, any other business, and the ACTION SUMMARY of new actions. Each
format (`minutes_md`, `minutes_html`, `minutes_docx`) lays those blocks out,
one function per kind of block; a new format is a new module with the same
functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ppb import history, normalise, restricted
from ppb.errors import PpbError, UsageError
from ppb.models import ActionRef, Decision, Item, Meeting, Note
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
from ppb.restricted import Redactions
from ppb.store import Store
from ppb.store.snapshot import Snapshot


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


def build(
    store: Store, meeting_id: str, public: bool = False, redactions: Redactions | None = None
) -> Document:
    """The minutes of meeting M.

    With `public`, everything restricted (see `restricted`) is replaced by its
    placeholder wherever it would appear, logged in `redactions`, and the
    minutes say how many things were withheld.
    """
    try:
        meeting_id = normalise.meeting_id(meeting_id)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    hidden = restricted.of_board(store, snapshot).actions if public else None
    return _Minutes(snapshot, meeting, meeting_id, hidden, redactions or Redactions()).build()


Entry = str | ActionRef | Decision | Note


class _Minutes:
    """The minutes of one meeting, built block by block in the order they are read."""

    def __init__(self, snapshot: Snapshot, meeting: Meeting, meeting_id: str,
                 hidden: dict[str, str | None] | None, redactions: Redactions) -> None:  # fmt: skip
        self.snapshot, self.meeting, self.meeting_id = snapshot, meeting, meeting_id
        self.actions = {a.id: a for a in snapshot.actions()}
        self.public = hidden is not None
        self.hidden = hidden or {}  # restricted actions and their reasons, when public
        self.redactions = redactions
        self.departures = list(meeting.departures)
        self.name = meeting.board or snapshot.board["name"]
        self.document = Document(f"{self.name}: minutes of {ordinal_date(meeting.date)}")

    def add(self, block: Block) -> None:
        self.document.blocks.append(block)

    def build(self) -> Document:
        self.header()
        notice_at = len(self.document.blocks)  # where the public version says what it withheld
        for entry in self.meeting.opening:
            self.add(self.entry(entry, plain=True))
        earlier = [a for a in self.actions.values() if history.reported_at(a, self.meeting_id)]
        self.add(self.summary(earlier, "Progress", self.progress))
        self.add(Heading(2, "Matters Arising"))
        for entry in self.meeting.matters_arising:
            if not isinstance(entry, ActionRef) or entry.text or self.withheld(entry):
                self.add(self.entry(entry, plain=True))  # a bare action is in the table alone
        self.items(self.meeting.items, 2)
        for departure in self.departures:  # placed after nothing that exists: at the end
            self.add(Paragraph(f"The {departure.who} left the meeting."))
        if self.meeting.other_business:
            self.add(Heading(2, "Any Other Business"))
            for entry in self.meeting.other_business:
                self.add(self.entry(entry))
        new = [a for a in self.actions.values() if a.raised == self.meeting_id]
        self.add(self.summary(new, "To be progressed by:", self.progressed_by))
        said = self.redactions.said("the minutes")
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

    def items(self, items: list[Item], level: int) -> None:
        for item in items:
            if self.public and item.restricted:
                self.add(Heading(level, "Restricted item"))
                self.add(Paragraph(self.redactions.withhold("item", item.title, item.reason)))
                self._withhold_inside(item)
                continue
            self.add(Heading(level, item.title))
            for entry in item.text:
                self.add(self.entry(entry))
                if isinstance(entry, ActionRef):
                    self.departed(entry.action)
            self.items(item.items, min(level + 1, 4))
            self.departed(item.title)

    def _withhold_inside(self, item: Item) -> None:
        """Departures placed inside a withheld item are said after it, without the anchor."""
        inside = {i.title for i, _ in restricted.restricted_items([item], inside=True)}
        inside |= {e.action for i, _ in restricted.restricted_items([item], inside=True)
                   for e in i.text if isinstance(e, ActionRef)}  # fmt: skip
        for anchor in sorted(inside):
            self.departed(anchor)

    def departed(self, anchor: str) -> None:
        for departure in [d for d in self.departures if d.after == anchor]:
            self.add(Paragraph(f"The {departure.who} left the meeting."))
            self.departures.remove(departure)

    def withheld(self, entry: Entry) -> str | None:
        """The placeholder for a restricted entry (or one about a restricted action), or None."""
        if not self.public or isinstance(entry, str):
            return None
        if entry.restricted:
            return self.redactions.withhold("entry", _named(entry), entry.reason)
        if isinstance(entry, ActionRef) and entry.action in self.hidden:
            return self.redactions.withhold("action", entry.action, self.hidden[entry.action])
        return None

    def entry(self, entry: Entry, plain: bool = False) -> Block:
        """One minuted entry: text, a decision, or an action (`plain`: as a paragraph)."""
        said = self.withheld(entry)
        if isinstance(entry, ActionRef):
            action = self.actions.get(entry.action)
            text = said or entry.text or (action.summary if action else entry.action)
            return (
                Paragraph(f"{entry.action} – {text}") if plain else ActionLine(entry.action, text)
            )
        if isinstance(entry, str):
            return Paragraph(entry)
        if isinstance(entry, Decision):
            return (
                Paragraph(said or entry.decision) if plain else DecisionLine(said or entry.decision)
            )
        return Paragraph(said or entry.text)

    def summary(
        self, actions: list[Action], third: str, column: Callable[[Action], str]
    ) -> SummaryTable:
        """An ACTION SUMMARY table of these actions, in number order, with a third column."""
        actions = sorted(actions, key=lambda a: normalise.action_number(a.id))
        rows = tuple(
            (a.id, self.redactions.withhold("action", a.id, self.hidden[a.id]), "")
            if a.id in self.hidden
            else (a.id, a.summary, column(a))
            for a in actions
        )
        return SummaryTable("ACTION SUMMARY", ("Action N°", "Action Summary", third), rows)

    def progress(self, action: Action) -> str:
        entry = history.latest_at(action, self.meeting_id)
        return history.progress(entry.status, entry.note) if entry else "Open"

    def progressed_by(self, action: Action) -> str:
        return " / ".join(self.snapshot.owners(action))


FORMATS = ("md", "html", "docx")


def _named(entry: ActionRef | Decision | Note) -> str:
    """How the log of redactions names a withheld entry: its action, or its first words."""
    if isinstance(entry, ActionRef):
        return entry.action
    text = entry.decision if isinstance(entry, Decision) else entry.text
    return text if len(text) <= 60 else text[:59] + "…"


def render(document: Document, fmt: str, template: str | None = None) -> str | bytes:
    """The document laid out in one of FORMATS: text, or a .docx file's bytes."""
    if fmt == "docx":
        from ppb.render import minutes_docx

        return minutes_docx.render(document, template)
    if fmt == "md":
        from ppb.render import minutes_md as layout
    elif fmt == "html":
        from ppb.render import minutes_html as layout  # type: ignore[no-redef]
    else:
        raise UsageError(f"--format: minutes come as {', '.join(FORMATS)}, not {fmt!r}")
    return layout.render(document)


def write(
    store: Store,
    meeting_id: str,
    fmt: str,
    output: str | None,
    public: bool = False,
    template: str | None = None,
    redactions: str | None = None,
) -> str | None:
    """Render the minutes; to a file (atomically) if `output` is given, else returned as text.

    A Word document is binary, so it is only ever written to a file. With
    `redactions`, a CSV log of what a public build withheld is written there too.
    """
    if fmt == "docx" and output is None:
        raise UsageError("--format docx writes a Word file: give it -o FILE.docx", "ppb minutes")
    if template is not None and fmt != "docx":
        raise UsageError("--template is for --format docx", "ppb minutes")
    if redactions is not None and not public:
        raise UsageError(
            "--redactions logs what --public withholds: give --public too", "ppb minutes"
        )
    log = Redactions()
    rendered = render(build(store, meeting_id, public, log), fmt, template)
    from ppb.store import files

    if redactions is not None:
        try:
            files.write_atomically(redactions, log.csv().encode("utf-8"))
        except OSError as exc:
            raise PpbError(f"cannot write {redactions}: {exc.strerror}") from None
    if output is None:
        assert isinstance(rendered, str)
        return rendered

    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    try:
        files.write_atomically(output, data)
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
    return None
