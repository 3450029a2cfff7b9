"""How a board is stored: finding it, reading its files fast, writing them line by line.

A board is a folder with `actions.yaml` (the register) and `meetings/`; ppb's
own state (the cache and the write lock) lives in `.ppb/`. `Store` is one
board's files. Reading goes through the cache (`cache`), keyed by the digest
of the file's bytes, and the one reader (`register`). Writing happens under
the board's lock: the file is read again, one part is edited (`splice`, with
ruamel.yaml in `yaml_edit`), the new text must read back as exactly the
intended data, and only then is the file replaced atomically (`files`), if it
has not changed on disk meanwhile.

Nothing heavy is imported here: a read served from the cache needs neither
YAML nor Pydantic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ppb import normalise
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.store import cache, files, journal
from ppb.store.files import Source, read_source
from ppb.store.snapshot import Snapshot

if TYPE_CHECKING:
    from ppb.models import Meeting, Register
    from ppb.translatable import Translations

REGISTER = "actions.yaml"
MEETINGS = "meetings"
TRANSLATIONS = "translations"
STATE = ".ppb"
ENV = "PPB_DIR"


class Store:
    """The files of one board, in the folder that holds its actions.yaml."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        # Plain strings and os.path: pathlib costs ~5 ms of start-up on every command.
        self.root = os.fspath(root)
        self.register_path = os.path.join(self.root, REGISTER)
        self.meetings_dir = os.path.join(self.root, MEETINGS)
        self.state_dir = os.path.join(self.root, STATE)
        self.translations_dir = os.path.join(self.root, TRANSLATIONS)

    def shown(self, path: str) -> str:
        """A path as errors print it: relative to the current folder where that is shorter."""
        try:
            relative = os.path.relpath(path)
        except ValueError:
            return str(path)
        return relative if len(relative) < len(str(path)) else str(path)

    # the register

    def load(self) -> Snapshot:
        from ppb.store.register import read

        if journal.pending(self.state_dir):  # a change a killed ppb left half done
            with self.locked():
                pass
        source = self.register_source()
        entry = cache.read(self.state_dir)
        if entry is not None and entry.get("digest") == source.digest:
            return Snapshot.from_entry(source, entry)
        snapshot = read(source, entry)
        cache.write(self.state_dir, snapshot.entry())
        return snapshot

    def register_source(self) -> Source:
        return read_source(self.register_path, self.shown(self.register_path))

    def register(self) -> Register:
        """The whole register as validated models (slower than `load`; for reformatting)."""
        from ppb.store.register import parse_register

        return parse_register(self.register_source())

    # meetings

    def meeting_path(self, meeting_id: str) -> str:
        return os.path.join(self.meetings_dir, f"{meeting_id}.yaml")

    def meeting_ids(self) -> list[str]:
        try:
            names = os.listdir(self.meetings_dir)
        except OSError:
            return []
        ids = []
        for name in names:
            if not name.endswith(".yaml"):
                continue
            try:
                ids.append(normalise.meeting_id(name[: -len(".yaml")]))
            except normalise.SpellingError:
                continue
        return sorted(ids)

    def has_meeting(self, meeting_id: str) -> bool:
        return os.path.isfile(self.meeting_path(meeting_id))

    def meeting(self, meeting_id: str, prefix: str | None = None) -> Meeting:
        return self.meeting_source(meeting_id, prefix)[1]

    def meeting_source(self, meeting_id: str, prefix: str | None = None) -> tuple[Source, Meeting]:
        """A meeting's file as read, and the meeting it holds."""
        from ppb.store.register import parse_meeting

        path = self.meeting_path(meeting_id)
        shown = self.shown(path)
        if not os.path.isfile(path):
            raise NotFoundError(f"no meeting {meeting_id} (no file {shown})")
        source = read_source(path, shown, files.MAX_MEETING)
        return source, parse_meeting(source.text, shown, prefix)

    def meeting_from_text(self, meeting_id: str, text: str, prefix: str | None = None) -> Meeting:
        """The meeting that `text` would be as meeting_id's file (to check before writing)."""
        from ppb.store.register import parse_meeting

        return parse_meeting(text, self.shown(self.meeting_path(meeting_id)), prefix)

    # translations

    def translation_path(self, lang: str, file: str) -> str:
        """Where the translations of `file` ("actions" or a meeting id) into `lang` are kept."""
        from ppb.translatable import REGISTER as ACTIONS

        if file == ACTIONS:
            return os.path.join(self.translations_dir, lang, f"{ACTIONS}.po")
        return os.path.join(self.translations_dir, lang, MEETINGS, f"{file}.po")

    def translation_files(self) -> list[tuple[str, str, str]]:
        """(lang, file, path) of every file of kept translations: translations/<lang>/actions.po
        and translations/<lang>/meetings/<id>.po."""
        from ppb.translatable import REGISTER as ACTIONS

        try:
            langs = sorted(os.listdir(self.translations_dir))
        except OSError:
            return []
        found = []
        for lang in langs:
            path = self.translation_path(lang, ACTIONS)
            if os.path.isfile(path):
                found.append((lang, ACTIONS, path))
            folder = os.path.join(self.translations_dir, lang, MEETINGS)
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith(".po"))
            except OSError:
                continue
            found += [(lang, n[: -len(".po")], os.path.join(folder, n)) for n in names]
        return [(lang, file, path) for lang, file, path in found if os.path.isfile(path)]

    def translation_source(self, lang: str, file: str) -> Source | None:
        """A kept translation file as read, or None if there is none."""
        path = self.translation_path(lang, file)
        if not os.path.isfile(path):
            return None
        return read_source(path, self.shown(path), files.MAX_MEETING)

    def translations(self, lang: str, meeting_id: str) -> Translations:
        """The translations kept of the register and of one meeting (FileError if unreadable)."""
        from ppb.store import po
        from ppb.translatable import REGISTER as ACTIONS
        from ppb.translatable import Translation, Translations, parse

        kept: dict[str, Translation] = {}
        for file in (ACTIONS, meeting_id):
            source = self.translation_source(lang, file)
            if source is None:
                continue
            found, problems = po.kept(po.parse(source.text, source.shown), source.shown)
            if problems:
                raise problems[0]
            kept.update(
                (key, t) for key, t in found.items() if (w := parse(key)) and w.file == file
            )
        return Translations(kept)

    # writing

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the board's write lock, after finishing or clearing what a killed ppb left."""
        with files.locked(self.state_dir, self.shown(self.state_dir)):
            journal.recover(self.root, self.state_dir)
            files.remove_stale_temps(self.root, REGISTER)
            files.remove_stale_temps(self.meetings_dir)
            files.remove_stale_temps(self.state_dir, journal.NAME)
            yield

    def commit(self, before: Snapshot, text: str, intended: Snapshot) -> Snapshot:
        """Write `text` as the register if it reads back as exactly `intended`."""
        from ppb.store.register import read

        after = read(before.source.with_text(text), before.entry())
        if (after.board, after.people, after.rows) != (
            intended.board,
            intended.people,
            intended.rows,
        ):
            raise PpbError(
                f"{before.source.shown}: the edit would change more than intended; nothing was "
                "written (please report this, with the file)"
            )
        encoded = after.source.raw  # encoded once (by with_text), like the file was
        files.replace(before.source, encoded if encoded is not None else text)
        cache.write(self.state_dir, after.entry())
        return after

    def write_all(self, writes: list[tuple[Source | str, str]]) -> None:
        """Write several files as one change (a path: a new UTF-8 file): all land, or none."""
        changes = [
            (t, t.encode(text) if isinstance(t, Source) else text.encode("utf-8"))
            for t, text in writes
        ]
        journal.replace_all(self.root, self.state_dir, changes)

    def commit_all(
        self, before: Snapshot, text: str, intended: Snapshot, others: list[tuple[Source, str]]
    ) -> Snapshot:
        """Write the register and other files as one change: all of them land, or none."""
        from ppb.store.register import read

        after = read(before.source.with_text(text), before.entry())
        if (after.board, after.people, after.rows) != (
            intended.board,
            intended.people,
            intended.rows,
        ):
            raise PpbError(
                f"{before.source.shown}: the edit would change more than intended; nothing was "
                "written (please report this, with the file)"
            )
        register = after.source.raw if after.source.raw is not None else before.source.encode(text)
        changes = [(before.source, register)] + [(s, s.encode(t)) for s, t in others]
        journal.replace_all(self.root, self.state_dir, changes)
        cache.write(self.state_dir, after.entry())
        return after


def find(directory: str | None = None) -> Store:
    """The board named by --dir or PPB_DIR, else the nearest actions.yaml at or above here."""
    named = directory or os.environ.get(ENV) or None
    if named:
        root = os.path.expanduser(named)
        if not os.path.isfile(os.path.join(root, REGISTER)):
            source = "--dir" if directory else ENV
            raise NotFoundError(
                f"no board in {named} ({source}): it has no {REGISTER}; start one with `ppb init {named}`"
            )
        return Store(root)
    folder = os.getcwd()
    while True:
        if os.path.isfile(os.path.join(folder, REGISTER)):
            return Store(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise NotFoundError(
        f"no board here: no {REGISTER} in this folder or any above it; "
        "pass --dir, set PPB_DIR, or start one with `ppb init`"
    )


TEMPLATE = """\
{schema_line}
# The action log of the {name}.
# Edit by hand or with `ppb`; check with `ppb check`.

board:
  name: {name}
  prefix: {prefix}

people: {{}}

actions: []
"""


def init(directory: str, name: str, prefix: str) -> Store:
    """Start a board in `directory`: actions.yaml (naming its schema), meetings/, the
    JSON Schemas in schema/, and .ppb/ kept out of git."""
    from ppb.store import yaml_edit

    try:
        prefix = normalise.prefix(prefix)
    except normalise.SpellingError as exc:
        raise UsageError(f"--prefix: {exc}") from None
    name = " ".join(name.split())
    if not name:
        raise UsageError("--board: the board needs a name")
    store = Store(os.path.expanduser(directory))
    if os.path.exists(store.register_path):
        raise PpbError(f"{store.shown(store.register_path)} already exists; nothing was changed")
    from ppb import schema

    text = TEMPLATE.format(
        name=yaml_edit.scalar(name), prefix=prefix, schema_line=schema.line("actions")
    )
    try:
        os.makedirs(store.meetings_dir, exist_ok=True)
        schema.write(os.path.join(store.root, schema.FOLDER))
        files.write_atomically(store.register_path, text.encode())
        _ignore_state(os.path.join(store.root, ".gitignore"))
    except OSError as exc:
        raise PpbError(f"cannot create the board in {directory}: {exc.strerror}") from None
    return store


def _ignore_state(gitignore: str) -> None:
    line = f"{STATE}/"
    existing = ""
    if os.path.exists(gitignore):
        with open(gitignore, encoding="utf-8") as handle:
            existing = handle.read()
    if line in existing.splitlines():
        return
    gap = "" if not existing or existing.endswith("\n") else "\n"
    files.write_atomically(gitignore, (existing + gap + line + "\n").encode("utf-8"))
