"""The translator's round trip: a meeting's untranslated texts out as a PO file, translations in.

`export` lists what the Welsh minutes of a meeting would show in English: one
entry per text with no translation (msgstr empty) or a stale one (msgstr the
old Welsh, marked fuzzy, with the English it was made for as `#| msgid`), each
with its place as msgctxt, in the order the minutes read. `import_` stores
every translated entry of such a file in the board's kept translations
(`translations/cy/`), editing only the entries it changes, and writes all the
files it changes or none. It refuses a file for another board, and any entry
whose English has changed since it was exported, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ppb import translatable
from ppb.errors import FileError, PpbError, UsageError
from ppb.models import Meeting
from ppb.store import MEETINGS, REGISTER, Store, files, po
from ppb.store.snapshot import Snapshot
from ppb.translatable import REGISTER as ACTIONS
from ppb.translatable import Translation, Where

LANGS = ("cy",)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"--lang: ppb translates into {', '.join(LANGS)}, not {lang!r}")
    return lang


@dataclass
class Exported:
    text: str  # the PO file
    missing: int
    stale: int


def export(store: Store, meeting_id: str, lang: str = "cy", public: bool = False) -> Exported:
    """The PO file of every text of meeting M's minutes that has no current translation."""
    from ppb.render import minutes

    lang, meeting_id = _lang(lang), _meeting_id(meeting_id)
    document = minutes.build(store, meeting_id, public, lang)
    assert not isinstance(document, minutes.Bilingual)
    snapshot = store.load()
    meeting = store.meeting(meeting_id, snapshot.prefix)
    kept = store.translations(lang, meeting_id).kept
    where = _Lines(store, meeting)
    entries, seen, missing, stale = [], set(), 0, 0
    for key, english, state in document.texts:
        if state == translatable.CURRENT or key in seen:
            continue
        seen.add(key)
        place = translatable.parse(key)
        assert place is not None
        previous = kept[key] if state == translatable.STALE else None
        missing += previous is None
        stale += previous is not None
        entries.append(
            po.entry(
                key, english, previous.text if previous else "",
                comment=describe(place, meeting, snapshot),
                where=[where.of(place, snapshot)],
                previous=previous.english if previous else None,
            )
        )  # fmt: skip
    name = snapshot.board["name"]
    fields = {"Project-Id-Version": f"{name} {meeting_id}", po.BOARD: name,
              po.PREFIX: snapshot.prefix, po.MEETING: meeting_id}  # fmt: skip
    head = po.header(
        lang,
        fields,
        _EXPORT_COMMENT.format(board=snapshot.board["name"], meeting=meeting_id, n=len(entries)),
    )
    return Exported(po.document(head, entries), missing, stale)


_EXPORT_COMMENT = """\
Welsh translations wanted for the minutes of the {board}
of {meeting}: {n} texts.
Fill in each msgstr. An entry marked fuzzy was translated for English that has
since changed (the old English is under #|): check its Welsh, then remove the
fuzzy mark. Entries left empty or fuzzy are not stored. Send the file back to
be read with `ppb translate import FILE.po`."""


def _meeting_id(meeting_id: str) -> str:
    from ppb import normalise

    try:
        return normalise.meeting_id(meeting_id)
    except normalise.SpellingError as exc:
        raise UsageError(str(exc)) from None


class _Lines:
    """Where each text is in the board's files, for the `#:` line of its entry."""

    def __init__(self, store: Store, meeting: Meeting) -> None:
        self.store, self.meeting = store, meeting  # the meeting exported: every place is in it
        self._trees: dict[str, Any] = {}

    def tree(self, name: str, path: str) -> Any:
        from ppb.store import yaml_read

        if name not in self._trees:
            source = files.read_source(path, name)
            self._trees[name] = yaml_read.tree(source.text, name)[0]
        return self._trees[name]

    def of(self, place: Where, snapshot: Snapshot) -> tuple[str, str]:
        from ppb.store import yaml_read

        if place.meeting is not None:
            name = f"{MEETINGS}/{place.meeting}.yaml"
            node = self.tree(name, self.store.meeting_path(place.meeting))
            _, path = translatable.meeting_text(self.meeting, place)
            return name, str(yaml_read.locate(node, path)[0])
        node = self.tree(REGISTER, self.store.register_path)
        return REGISTER, str(yaml_read.locate(node, _register_path(place, snapshot))[0])


def _register_path(place: Where, snapshot: Snapshot) -> tuple[Any, ...]:
    if place.kind == "board":
        return ("board", "name")
    if place.kind == "role":
        return ("people", place.ref, "role")
    index = snapshot.index_of(place.ref)
    if place.kind == "summary":
        return ("actions", index, "summary")
    return ("actions", index, "history", place.position, "note")


def describe(place: Where, meeting: Meeting, snapshot: Snapshot) -> str:
    """What a text is, for the translator: the item it is in, the action it words."""
    if place.kind == "board":
        return "The board's name"
    if place.kind == "role":
        name = (snapshot.people.get(place.ref) or {}).get("name")
        return f"The role of {name} ({place.ref})" if name else f"The role of {place.ref}"
    if place.kind == "summary":
        return f"Action {place.ref}: its summary"
    if place.kind == "progress":
        index = snapshot.index_of(place.ref)
        entry = snapshot.action(index).history[place.position] if index is not None else None
        return f"Action {place.ref}: progress given on {entry.date}" if entry else place.ref
    if place.kind in ("venue", "board"):
        return f"The meeting's {place.kind}"
    if place.kind in translatable.SECTIONS:
        return f"{place.kind.capitalize()}, entry {place.number[0] + 1}"
    number = ".".join(str(n + 1) for n in place.number)
    title = _title(meeting, place.number)
    if place.kind == "title":
        return f"The title of item {number}"
    return f"Item {number} “{title}”, entry {place.position + 1}"


def _title(meeting: Meeting, number: tuple[int, ...]) -> str:
    item, _ = translatable.item_at(meeting.items, number)
    return item.title if item is not None else ""


# Import


@dataclass
class Imported:
    stored: list[tuple[str, str, str]] = field(default_factory=list)  # (file shown, key, text)
    unchanged: int = 0  # translated as the board already keeps them
    empty: int = 0  # left untranslated
    fuzzy: int = 0  # marked for review: not stored


def import_(store: Store, path: str, dry_run: bool = False) -> Imported:
    """Store every translated entry of a PO file exported by `export` (all of them, or none)."""
    shown = path  # as the user named it
    with store.locked():
        source = files.read_source(path, shown, files.MAX_MEETING)
        catalogue = po.parse(source.text, shown)
        snapshot = store.load()
        lang = _header(catalogue, snapshot, shown)
        reader = _Board(store, snapshot)
        result = Imported()
        wanted: dict[str, dict[str, tuple[str, str]]] = {}  # file -> key -> (English, text)
        seen: dict[str, int] = {}
        for entry in catalogue.entries:
            if entry.obsolete:
                continue
            if entry.key in seen:
                message = f"{entry.key!r} is given twice (first at line {seen[entry.key]})"
                raise FileError(shown, entry.line, 1, message, "po-entry")
            seen[entry.key or ""] = entry.line
            if not entry.text or entry.fuzzy:
                result.empty += not entry.text
                result.fuzzy += bool(entry.text and entry.fuzzy)
                continue
            place = reader.check(entry, shown)
            wanted.setdefault(place.file, {})[entry.key or ""] = (entry.english, entry.text)
        writes = []
        for file, stored in sorted(wanted.items()):
            change = _change(store, lang, file, stored, snapshot, result)
            if change is not None:
                writes.append(change)
        if writes and not dry_run:
            store.write_all(writes)
    result.stored.sort(key=lambda s: (s[0], translatable.sort_key(s[1])))
    return result


def _header(catalogue: po.Catalogue, snapshot: Snapshot, shown: str) -> str:
    """The file's language, once its header says it is for this board."""
    fields = catalogue.metadata
    board, prefix = fields.get(po.BOARD), fields.get(po.PREFIX)
    if board is None or prefix is None:
        message = f"not a file of `ppb translate export` (no {po.BOARD} in its header); nothing was stored"
        raise FileError(shown, 1, 1, message, "po-header")
    here = (snapshot.board["name"], snapshot.prefix)
    if (board, prefix) != here:
        message = (
            f"this file is for the board {board!r} ({prefix}), not {here[0]!r} ({here[1]}); "
            "nothing was stored"
        )
        raise FileError(shown, 1, 1, message, "po-header")
    lang = fields.get("Language", "")
    if lang not in LANGS:
        message = f"the file's Language is {lang!r}; ppb keeps translations into {', '.join(LANGS)}"
        raise FileError(shown, 1, 1, message, "po-header")
    return lang


class _Board:
    """The board's current English, to hold each entry of an imported file against."""

    def __init__(self, store: Store, snapshot: Snapshot) -> None:
        self.store, self.snapshot = store, snapshot
        self.actions = {a.id: a for a in snapshot.actions()}
        self.meetings: dict[str, Meeting | None] = {}

    def meeting(self, meeting_id: str) -> Meeting | None:
        if meeting_id not in self.meetings:
            held = self.store.has_meeting(meeting_id)
            found = self.store.meeting(meeting_id, self.snapshot.prefix) if held else None
            self.meetings[meeting_id] = found
        return self.meetings[meeting_id]

    def english(self, place: Where) -> str | None:
        if place.meeting is None:
            board, people = self.snapshot.board, self.snapshot.people
            return translatable.register_text(place, board, people, self.actions)
        meeting = self.meeting(place.meeting)
        return translatable.meeting_text(meeting, place)[0] if meeting is not None else None

    def check(self, entry: po.Entry, shown: str) -> Where:
        """The place of a translated entry whose English is the board's English still."""
        place = translatable.parse(entry.key or "")
        if entry.plural or place is None:
            what = "a plural entry" if entry.plural else f"msgctxt {entry.key!r}"
            what = "an entry with no msgctxt" if entry.key is None else what
            message = f"{what} names no place ppb knows; nothing was stored"
            raise FileError(shown, entry.line, 1, message, "po-entry")
        english = self.english(place)
        if english is None:
            message = (
                f"{entry.key!r} names nothing on this board now (removed?); nothing was stored"
            )
            raise FileError(shown, entry.line, 1, message, "po-entry")
        if english != entry.english:
            message = (
                f"the English of {entry.key!r} has changed since the file was exported: it now "
                f"reads {_short(english)!r}; nothing was stored (export it again)"
            )
            raise FileError(shown, entry.line, 1, message, "po-stale")
        return place


def _short(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _change(
    store: Store, lang: str, file: str, stored: dict[str, tuple[str, str]], snapshot: Snapshot,
    result: Imported,
) -> tuple[files.Source | str, str] | None:  # fmt: skip
    """The new text of one kept file with these translations stored (None if nothing changes)."""
    source = store.translation_source(lang, file)
    path = store.translation_path(lang, file)
    shown = store.shown(path)
    kept: dict[str, Translation] = {}
    if source is not None:
        kept, problems = po.kept(po.parse(source.text, shown), shown)
        if problems:
            raise problems[0]
    changed = {
        key: value for key, value in stored.items()
        if key not in kept or (kept[key].english, kept[key].text, kept[key].fuzzy) != (*value, False)
    }  # fmt: skip
    result.unchanged += len(stored) - len(changed)
    if not changed:
        return None
    if source is not None:
        text = po.edit(source.text, shown, changed)
    else:
        what = "the register" if file == ACTIONS else f"the meeting of {file}"
        comment = (
            f"Welsh translations of {what} of the {snapshot.board['name']}, kept by ppb: each\n"
            "msgid is the English the msgstr translated (`ppb translate import` adds to it)."
        )
        entries = [
            po.entry(key, english, text)
            for key, (english, text) in sorted(
                changed.items(), key=lambda kv: translatable.sort_key(kv[0])
            )
        ]
        text = po.document(po.header(lang, comment=comment), entries)
    after, problems = po.kept(po.parse(text, shown), shown)
    intended = {k: (t.english, t.text) for k, t in kept.items()} | changed
    if problems or {k: (t.english, t.text) for k, t in after.items()} != intended:
        raise PpbError(f"{shown}: the edit would change more than intended; nothing was written")
    result.stored += [(shown, key, value[1]) for key, value in changed.items()]
    return (source if source is not None else path), text
