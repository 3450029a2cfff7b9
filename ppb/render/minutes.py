"""The minutes of a meeting: built once as typed blocks (`blocks`), laid out per format.

`build` gathers what the minutes say, in order: the notice and header,
attendance, the ACTION SUMMARY of earlier actions with their progress as at
the meeting, Matters Arising, every item with its text, actions, decisions and
departures, any other business, and the ACTION SUMMARY of new actions. Each
format (`minutes_md`, `minutes_html`) lays those blocks out, one function per
kind of block; a new format is a new module with the same functions.
"""

from __future__ import annotations

from collections.abc import Callable

from ppb import history, normalise, translatable
from ppb.errors import PpbError, UsageError
from ppb.models import ActionRef, Decision, Item, Meeting
from ppb.record import Action
from ppb.render import labels
from ppb.render.blocks import (
    ActionLine,
    Attendance,
    Bilingual,
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
    Untranslated,
)
from ppb.store import Store
from ppb.store.snapshot import Snapshot
from ppb.translatable import Translations

LANGS = ("en", "cy", "both")


def build(
    store: Store, meeting_id: str, public: bool = False, lang: str = "en"
) -> Document | Bilingual:
    """The minutes of meeting M, in English, in Welsh, or in both (`lang`: one of LANGS).

    With `public`, restricted actions and items are replaced by a placeholder
    everywhere they would appear, and the minutes say how many were withheld.
    In Welsh, every label is Welsh and every minuted text is its kept Welsh
    translation where there is a current one, else its English, marked.
    """
    if lang not in LANGS:
        raise UsageError(f"--lang: minutes come in {', '.join(LANGS)}, not {lang!r}")
    try:
        meeting_id = normalise.meeting_id(meeting_id)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    english = _Minutes(snapshot, meeting, meeting_id, public, labels.of("en"))
    if lang == "en":
        return english.build()
    welsh = _Minutes(
        snapshot, meeting, meeting_id, public, labels.of("cy"), store.translations("cy", meeting_id)
    ).build()
    return welsh if lang == "cy" else Bilingual(welsh, english.build())


def texts(
    snapshot: Snapshot, meeting: Meeting, meeting_id: str, actions: dict[str, Action] | None = None
) -> list[tuple[str, str]]:
    """(key, English) of every text the Welsh minutes of a meeting say, in order, once each
    (`actions`: the snapshot's by id, where the caller has them already)."""
    document = _Minutes(
        snapshot, meeting, meeting_id, False, labels.of("cy"), Translations(), actions
    )
    said = {key: english for key, english, _ in document.build().texts}
    return list(said.items())


class _Minutes:
    """The minutes of one meeting in one language, built block by block in reading order."""

    def __init__(self, snapshot: Snapshot, meeting: Meeting, meeting_id: str, public: bool,
                 words: labels.Labels, translations: Translations | None = None,
                 actions: dict[str, Action] | None = None) -> None:  # fmt: skip
        self.snapshot, self.meeting, self.meeting_id = snapshot, meeting, meeting_id
        self.words, self.translations = words, translations
        self.actions = actions if actions is not None else {a.id: a for a in snapshot.actions()}
        self.hidden = {a.id for a in self.actions.values() if a.restricted} if public else set()
        self.public = public
        self.withheld_actions: set[str] = set()  # mentioned though in no table
        self.withheld_items = 0
        self.departures = list(meeting.departures)
        self.placeholder = words("(Restricted: not published)")
        self.mark = words("[English]")  # after English shown for want of a translation
        self.document = Document("", lang=words.lang)
        register_name = snapshot.board["name"]
        if meeting.board and meeting.board != register_name:
            self.name = self.say(translatable.meeting_board(meeting_id), meeting.board)
        else:
            self.name = self.say(translatable.board_name(), register_name)
        date = words.date(meeting.date)
        self.document.title = words("{board}: minutes of {date}", board=self.name, date=date)

    def add(self, block: Block) -> None:
        self.document.blocks.append(block)

    def say(self, key: str, english: str) -> str:
        """The text as this document says it: the English, or its current translation,
        or (where there is none) the English marked as such."""
        if self.translations is None:
            return english
        state = self.translations.state(key, english)
        self.document.texts.append((key, english, state))
        if state == translatable.CURRENT:
            return self.translations.kept[key].text
        return Untranslated(english, self.mark)

    def build(self) -> Document:
        self.header()
        notice_at = len(self.document.blocks)  # where the public version says what it withheld
        for position, entry in enumerate(self.meeting.opening):
            key = translatable.entry(self.meeting_id, "opening", position)
            self.add(Paragraph(self.text(entry, key, unknown=getattr(entry, "action", ""))))
        earlier = [a for a in self.actions.values() if self.earlier(a)]
        self.add(self.summary(earlier, self.words("Progress"), self.progress))
        self.matters_arising()
        self.items(self.meeting.items, 2, ())
        for departure in self.departures:  # placed after nothing that exists: at the end
            self.add(Paragraph(self.left(departure.who)))
        if self.meeting.other_business:
            self.add(Heading(2, self.words("Any Other Business")))
            for position, entry in enumerate(self.meeting.other_business):
                key = translatable.entry(self.meeting_id, "other business", position)
                self.add(self.entry(entry, key))
        new = [a for a in self.actions.values() if a.raised == self.meeting_id]
        self.add(self.summary(new, self.words("To be progressed by:"), self.progressed_by))
        said = self.withheld({a.id for a in (*earlier, *new)} | self.withheld_actions)
        if said:
            self.document.blocks.insert(notice_at, Paragraph(said))
        return self.document

    def header(self) -> None:
        info, meeting, words = self.snapshot.board, self.meeting, self.words
        if info.get("notice_cy"):
            self.add(Notice(info["notice_cy"], "cy"))
        if info.get("notice"):
            self.add(Notice(info["notice"], "en"))
        lines = tuple(o for o in (info.get("organisation_cy"), info.get("organisation")) if o)
        self.add(Organisation(lines))
        self.add(Title(words("Minutes of Meeting")))
        venue = meeting.venue and self.say(translatable.venue(self.meeting_id), meeting.venue)
        pairs = (
            (words("Meeting"), self.name),
            (words("Venue"), venue),
            (words("Date"), words.date(meeting.date)),
            (words("Time"), meeting.time),
        )
        self.add(Fields(tuple((label, value) for label, value in pairs if value)))
        groups = (
            (words("Members"), meeting.attendance.members),
            (words("Also present"), meeting.attendance.also_present),
            (words("Apologies"), meeting.attendance.apologies),
        )
        present = tuple(
            (label, tuple(self.person(h) for h in handles)) for label, handles in groups if handles
        )
        if present:
            self.add(Attendance(present, words("Attendance")))

    def person(self, handle: str) -> str:
        """Christopher Salmon, Police and Crime Commissioner (PCC)."""
        details = self.snapshot.people.get(handle) or {}
        role = details.get("role")
        if role and role != handle:
            role = self.say(translatable.role(handle), role)
        words = [w for w in (details.get("name"), role) if w and w != handle]
        if not words:
            return handle
        return _marked(f"{', '.join(words)} ({handle})", role)

    def left(self, who: str) -> str:
        return self.words("The {who} left the meeting.", who=who)

    def earlier(self, action: Action) -> bool:
        """Raised before this meeting and still open as the meeting began."""
        status = history.status_at(action, self.meeting_id, before=True)
        return history.raised_before(action, self.meeting_id) and status in normalise.OPEN_STATUSES

    def matters_arising(self) -> None:
        self.add(Heading(2, self.words("Matters Arising")))
        for position, entry in enumerate(self.meeting.matters_arising):
            key = translatable.entry(self.meeting_id, "matters arising", position)
            if isinstance(entry, str):
                self.add(Paragraph(self.say(key, entry)))
            elif isinstance(entry, Decision):
                self.add(Paragraph(self.say(key, entry.decision)))
            elif entry.action in self.hidden:
                self.withheld_actions.add(entry.action)
                self.add(Paragraph(f"{entry.action} – {self.placeholder}"))
            elif entry.text:  # an entry with nothing minuted yet is in the ACTION SUMMARY alone
                said = self.say(key, entry.text)
                self.add(Paragraph(_marked(f"{entry.action} – {said}", said)))

    def items(self, items: list[Item], level: int, number: tuple[int, ...]) -> None:
        for position, item in enumerate(items):
            here = (*number, position)
            if self.public and item.restricted:
                self.withheld_items += 1
                self.add(Heading(level, self.words("Restricted item")))
                self.add(Paragraph(self.placeholder))
                continue
            self.add(
                Heading(level, self.say(translatable.item_title(self.meeting_id, here), item.title))
            )
            for at, entry in enumerate(item.text):
                self.add(self.entry(entry, translatable.item_text(self.meeting_id, here, at)))
                if isinstance(entry, ActionRef):
                    self.departed(entry.action)
            self.items(item.items, min(level + 1, 4), here)
            self.departed(item.title)

    def departed(self, anchor: str) -> None:
        for departure in [d for d in self.departures if d.after == anchor]:
            self.add(Paragraph(self.left(departure.who)))
            self.departures.remove(departure)

    def entry(self, entry: str | ActionRef | Decision, key: str) -> Block:
        if isinstance(entry, str):
            return Paragraph(self.say(key, entry))
        if isinstance(entry, Decision):
            return DecisionLine(self.say(key, entry.decision))
        label = self.words("Action")
        if entry.action in self.hidden:
            return ActionLine(entry.action, self.placeholder, label)
        return ActionLine(entry.action, self.text(entry, key), label)

    def text(self, entry: str | ActionRef | Decision, key: str, unknown: str = "") -> str:
        """An entry's minuted text; an action's own summary where the entry gives no wording
        (`unknown` for an action that does not exist)."""
        if isinstance(entry, str):
            return self.say(key, entry)
        if isinstance(entry, Decision):
            return self.say(key, entry.decision)
        if entry.text:
            return self.say(key, entry.text)
        action = self.actions.get(entry.action)
        if action is None:
            return unknown
        return self.say(translatable.summary(action.id), action.summary)

    def summary(
        self, actions: list[Action], third: str, column: Callable[[Action], str]
    ) -> SummaryTable:
        """An ACTION SUMMARY table of these actions, in number order, with a third column."""
        actions = sorted(actions, key=lambda a: normalise.action_number(a.id))
        rows = tuple(
            (a.id, self.placeholder, "")
            if a.id in self.hidden
            else (a.id, self.say(translatable.summary(a.id), a.summary), column(a))
            for a in actions
        )
        words = self.words
        headers = (words("Action N°"), words("Action Summary"), third)
        return SummaryTable(words("ACTION SUMMARY"), headers, rows, words("None."))

    def progress(self, action: Action) -> str:
        entry = history.latest_at(action, self.meeting_id)
        if entry is None:
            return self.words.status("open")
        word = self.words.status(entry.status)
        if not entry.note:
            return word
        position = next(i for i, e in enumerate(action.history) if e is entry)
        note = self.say(translatable.progress(action.id, position), entry.note)
        return _marked(f"{word} – {note}", note)

    def progressed_by(self, action: Action) -> str:
        return " / ".join(self.snapshot.owners(action))

    def withheld(self, mentioned: set[str]) -> str | None:
        """What the public version says it withheld, if anything."""
        actions = len(self.hidden & mentioned)
        if not actions and not self.withheld_items:
            return None
        words = self.words
        counted = words.ngettext("{n} restricted action", "{n} restricted actions", actions)
        if not self.withheld_items:
            return words("This public version of the minutes withholds {actions}.", actions=counted)
        items = words.ngettext("{n} restricted item", "{n} restricted items", self.withheld_items)
        return words(
            "This public version of the minutes withholds {actions} and {items}.",
            actions=counted,
            items=items,
        )


def _marked(text: str, part: str | None) -> str:
    """`text`, marked untranslated if the `part` of it that was looked up is."""
    return Untranslated(text, part.mark) if isinstance(part, Untranslated) else text


FORMATS = ("md", "html")


def render(document: Document | Bilingual, fmt: str) -> str:
    """The document (or the two of a bilingual one) laid out in one of FORMATS."""
    if fmt == "md":
        from ppb.render import minutes_md as layout
    elif fmt == "html":
        from ppb.render import minutes_html as layout  # type: ignore[no-redef]
    else:
        raise UsageError(f"--format: minutes come as {' or '.join(FORMATS)}, not {fmt!r}")
    return layout.render(document)


def write(
    store: Store, meeting_id: str, fmt: str, output: str | None, public: bool = False,
    lang: str = "en",
) -> tuple[str | None, Document | Bilingual]:  # fmt: skip
    """Render the minutes; to a file (atomically) if `output` is given, else returned,
    with the document (to say what it could not translate)."""
    document = build(store, meeting_id, public, lang)
    text = render(document, fmt)
    if output is None:
        return text, document
    from ppb.store import files

    try:
        files.write_atomically(output, text.encode("utf-8"))
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
    return None, document


def shortfall(document: Document | Bilingual, meeting_id: str) -> str | None:
    """What a translated document shows in English for want of a translation, if anything."""
    translated = document.first if isinstance(document, Bilingual) else document
    states = {key: state for key, _, state in translated.texts}
    missing = sum(1 for state in states.values() if state != translatable.CURRENT)
    if not missing:
        return None
    stale = sum(1 for state in states.values() if state == translatable.STALE)
    mark = labels.of(translated.lang)("[English]")
    said = (
        f"{missing} of {len(states)} texts have no Welsh translation and are shown in English, "
        f"marked {mark}"
    )
    if stale:
        said += f" ({stale} of them stale: the English changed after it was translated)"
    return f"{said}; `ppb translate export {meeting_id} --lang cy -o cy.po` lists them"
