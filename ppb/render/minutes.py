"""The minutes of a meeting: built once as typed blocks (`blocks`), laid out per format.

`build` gathers what the minutes say, in order: the notice and header,
attendance, the ACTION SUMMARY of earlier actions with their progress as at
the meeting, Matters Arising, every item with its text, actions, decisions and
departures, any other business, and the ACTION SUMMARY of new actions. Each
format (`minutes_md`, `minutes_html`, `minutes_docx`) lays those blocks out, one
function per kind of block; a new format is a new module with the same functions.
With `public`, everything restricted (see `restricted`) is withheld with its
placeholder, logged, and counted at the top.
"""

from __future__ import annotations

from collections.abc import Callable

from ppb import history, normalise, people, restricted, translatable
from ppb.errors import UsageError
from ppb.models import ActionRef, Decision, Item, Meeting, Note
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
from ppb.restricted import Redactions
from ppb.store import Store
from ppb.store.snapshot import Snapshot
from ppb.translatable import Translations

LANGS = ("en", "cy", "both")


def build(
    store: Store, meeting_id: str, public: bool = False, lang: str = "en",
    redactions: Redactions | None = None,
) -> Document | Bilingual:  # fmt: skip
    """The minutes of meeting M, in English, in Welsh, or in both (`lang`: one of LANGS).

    With `public`, everything restricted is replaced by its placeholder wherever
    it would appear, logged in `redactions`, and the minutes say how much was
    withheld. In Welsh, every label is Welsh and every minuted text is its kept
    Welsh translation where there is a current one, else its English, marked.
    """
    if lang not in LANGS:
        raise UsageError(f"--lang: minutes come in {', '.join(LANGS)}, not {lang!r}")
    try:
        meeting_id = normalise.meeting_id(meeting_id)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    hidden = restricted.of_board(store, snapshot).actions if public else None
    log = redactions if redactions is not None else Redactions()
    english = _Minutes(snapshot, meeting, meeting_id, hidden, log, labels.of("en"))
    english.held = store.meeting_ids()
    if lang == "en":
        return english.build()
    kept = store.translations("cy", meeting_id)
    welsh = _Minutes(snapshot, meeting, meeting_id, hidden, log, labels.of("cy"), kept)
    welsh.held = english.held
    return welsh.build() if lang == "cy" else Bilingual(welsh.build(), english.build())


def texts(
    snapshot: Snapshot, meeting: Meeting, meeting_id: str, actions: dict[str, Action] | None = None
) -> list[tuple[str, str]]:
    """(key, English) of every text the Welsh minutes of a meeting say, in order, once each
    (`actions`: the snapshot's by id, where the caller has them already)."""
    document = _Minutes(
        snapshot, meeting, meeting_id, None, Redactions(), labels.of("cy"), Translations(), actions
    )
    said = {key: english for key, english, _ in document.build().texts}
    return list(said.items())


class _Minutes:
    """The minutes of one meeting in one language, built block by block in reading order."""

    def __init__(self, snapshot: Snapshot, meeting: Meeting, meeting_id: str,
                 hidden: dict[str, str | None] | None, redactions: Redactions,
                 words: labels.Labels, translations: Translations | None = None,
                 actions: dict[str, Action] | None = None) -> None:  # fmt: skip
        self.snapshot, self.meeting, self.meeting_id = snapshot, meeting, meeting_id
        self.words, self.translations = words, translations
        self.actions = actions if actions is not None else {a.id: a for a in snapshot.actions()}
        self.public = hidden is not None
        self.hidden = hidden or {}  # restricted actions and their reasons, when public
        self.redactions = redactions
        self.counts: dict[str, set[str]] = {"action": set(), "item": set(), "entry": set()}
        self.departures = list(meeting.departures)
        self.held: list[str] = []  # the board's meetings, for how often an action was carried
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
            said = self.withheld(entry)
            self.add(Paragraph(said or self.text(entry, key, unknown=getattr(entry, "action", ""))))
        earlier = [a for a in self.actions.values() if history.reported_at(a, self.meeting_id)]
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
        said = self.said()
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
        name = people.name_on(details, self.meeting.date.isoformat())
        words = [w for w in (name, role) if w and w != handle]
        if not words:
            return handle
        return _marked(f"{', '.join(words)} ({handle})", role)

    def left(self, who: str) -> str:
        return self.words("The {who} left the meeting.", who=who)

    def matters_arising(self) -> None:
        self.add(Heading(2, self.words("Matters Arising")))
        for position, entry in enumerate(self.meeting.matters_arising):
            key = translatable.entry(self.meeting_id, "matters arising", position)
            said = self.withheld(entry)
            if isinstance(entry, ActionRef) and (said or entry.text):
                text = said or self.say(key, entry.text or "")
                self.add(Paragraph(_marked(f"{entry.action} – {text}", text)))
            elif not isinstance(entry, ActionRef):  # a bare action is in the ACTION SUMMARY alone
                self.add(Paragraph(said or self.text(entry, key)))

    def placeholder(self, what: str, name: str, reason: str | None) -> str:
        """Log a withheld thing; what the public version says instead, in its language."""
        self.redactions.withhold(what, name, reason)
        self.counts[what].add(name)
        if reason:
            return self.words("(Restricted: {reason})", reason=reason)
        return self.words("(Restricted: not published)")

    def withheld(self, entry: str | ActionRef | Decision | Note) -> str | None:
        """The placeholder for a restricted entry (or one about a restricted action), or None."""
        if not self.public or isinstance(entry, str):
            return None
        if entry.restricted:
            return self.placeholder("entry", restricted.named(entry), entry.reason)
        if isinstance(entry, ActionRef) and entry.action in self.hidden:
            return self.placeholder("action", entry.action, self.hidden[entry.action])
        return None

    def items(self, items: list[Item], level: int, number: tuple[int, ...]) -> None:
        for position, item in enumerate(items):
            here = (*number, position)
            if self.public and item.restricted:
                self.add(Heading(level, self.words("Restricted item")))
                self.add(Paragraph(self.placeholder("item", item.title, item.reason)))
                self._withhold_inside(item)
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

    def _withhold_inside(self, item: Item) -> None:
        """Departures placed inside a withheld item are said after it, without the anchor."""
        inside = list(restricted.restricted_items([item], inside=True))
        anchors = {i.title for i, _ in inside}
        anchors |= {e.action for i, _ in inside for e in i.text if isinstance(e, ActionRef)}
        for anchor in sorted(anchors):
            self.departed(anchor)

    def departed(self, anchor: str) -> None:
        for departure in [d for d in self.departures if d.after == anchor]:
            self.add(Paragraph(self.left(departure.who)))
            self.departures.remove(departure)

    def entry(self, entry: str | ActionRef | Decision | Note, key: str) -> Block:
        said = self.withheld(entry)
        if isinstance(entry, ActionRef):
            return ActionLine(entry.action, said or self.text(entry, key), self.words("Action"))
        if isinstance(entry, Decision):
            return DecisionLine(said or self.say(key, entry.decision))
        return Paragraph(said or self.text(entry, key))

    def text(self, entry: str | ActionRef | Decision | Note, key: str, unknown: str = "") -> str:
        """An entry's minuted text; an action's own summary where the entry gives no wording
        (`unknown` for an action that does not exist)."""
        if isinstance(entry, str):
            return self.say(key, entry)
        if isinstance(entry, Decision):
            return self.say(key, entry.decision)
        if entry.text or isinstance(entry, Note):
            return self.say(key, entry.text or "")
        action = self.actions.get(entry.action)
        if action is None:
            return unknown or entry.action
        return self.say(translatable.summary(action.id), action.summary)

    def summary(
        self, actions: list[Action], third: str, column: Callable[[Action], str]
    ) -> SummaryTable:
        """An ACTION SUMMARY table of these actions, in number order, with a third column."""
        actions = sorted(actions, key=lambda a: normalise.action_number(a.id))
        rows = tuple(
            (a.id, self.placeholder("action", a.id, self.hidden[a.id]), "")
            if a.id in self.hidden
            else (a.id, self.say(translatable.summary(a.id), a.summary), column(a))
            for a in actions
        )
        words = self.words
        headers = (words("Action N°"), words("Action Summary"), third)
        return SummaryTable(words("ACTION SUMMARY"), headers, rows, words("None."))

    def progress(self, action: Action) -> str:
        said = self.progress_only(action)
        if not self.snapshot.board.get("show_carried"):
            return said
        if history.status_at(action, self.meeting_id) not in normalise.OPEN_STATUSES:
            return said
        here = history.meeting_key(self.meeting_id)
        held = [k for k in history.held_keys({*self.held, self.meeting_id}, "9999") if k <= here]
        times = history.carried_to(action, held)
        carried = self.words.ngettext("carried {n} time", "carried {n} times", times)
        return _marked(f"{said} ({carried})", said)

    def progress_only(self, action: Action) -> str:
        entry = history.latest_at(action, self.meeting_id)
        if entry is None:
            return self.words.status("open")
        word = self.words.status(entry.status)
        if not entry.note:
            return word
        at = history.when(entry)  # the entry whose note it is (a repeat keeps an earlier note)
        position = max(
            i
            for i, e in enumerate(action.history)
            if e.note == entry.note and history.when(e) == at
        )
        note = self.say(translatable.progress(action.id, position), entry.note)
        return _marked(f"{word} – {note}", note)

    def progressed_by(self, action: Action) -> str:
        return " / ".join(self.snapshot.owners(action))

    def said(self) -> str | None:
        """What the public version says it withheld, if anything."""
        words = self.words
        actions, items, entries = (len(self.counts[w]) for w in ("action", "item", "entry"))
        if not (actions or items or entries):
            return None
        counted = {
            "actions": words.ngettext("{n} restricted action", "{n} restricted actions", actions),
            "items": words.ngettext("{n} restricted item", "{n} restricted items", items),
            "entries": words.ngettext("{n} restricted entry", "{n} restricted entries", entries),
        }
        if items and entries:
            return words(
                "This public version of the minutes withholds {actions}, {items} and {entries}.",
                **counted,
            )
        if entries:
            return words(
                "This public version of the minutes withholds {actions} and {entries}.", **counted
            )
        if items:
            return words(
                "This public version of the minutes withholds {actions} and {items}.", **counted
            )
        return words("This public version of the minutes withholds {actions}.", **counted)


def _marked(text: str, part: str | None) -> str:
    """`text`, marked untranslated if the `part` of it that was looked up is."""
    return Untranslated(text, part.mark) if isinstance(part, Untranslated) else text


FORMATS = ("md", "html", "docx")


def render(document: Document | Bilingual, fmt: str, template: str | None = None) -> str | bytes:
    """The document (or the two of a bilingual one) laid out in one of FORMATS: text, or a
    .docx file's bytes."""
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
    store: Store, meeting_id: str, fmt: str, output: str | None, public: bool = False,
    lang: str = "en", template: str | None = None, redactions: str | None = None,
) -> tuple[str | None, Document | Bilingual]:  # fmt: skip
    """Render the minutes; to `output` if given (see `Store.write_output`; `-` is standard
    output), else returned, with the document (to say what it could not translate).

    A Word document is binary, so it is only ever written to a file. With
    `redactions`, a CSV log of what a public build withheld is written there too.
    """
    if fmt == "docx" and (output is None or output == "-"):
        raise UsageError("--format docx writes a Word file: give it -o FILE.docx", "ppb minutes")
    if template is not None and fmt != "docx":
        raise UsageError("--template is for --format docx", "ppb minutes")
    if redactions is not None and not public:
        raise UsageError(
            "--redactions logs what --public withholds: give --public too", "ppb minutes"
        )
    log = Redactions()
    document = build(store, meeting_id, public, lang, log)
    rendered = render(document, fmt, template)
    if redactions is not None:
        store.write_output(redactions, log.csv().encode("utf-8"))
    if output is None or output == "-":
        assert isinstance(rendered, str)
        return rendered, document
    store.write_output(output, rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
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
