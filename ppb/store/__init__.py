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

import contextlib
import datetime as dt
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ppb import history, normalise, record
from ppb.errors import FileError, NotFoundError, PpbError, UsageError
from ppb.record import Row
from ppb.store import cache, files, journal, paths
from ppb.store.files import Source, collector_paused, read_source
from ppb.store.snapshot import Snapshot

if TYPE_CHECKING:
    from ppb.models import Meeting, Register
    from ppb.store.index import Indexed
    from ppb.translatable import Translations

    View = Snapshot | Indexed  # the register as a command that changes one action sees it

REGISTER = "actions.yaml"
MEETINGS = "meetings"
TRANSLATIONS = "translations"
STATE = ".ppb"
ENV = "PPB_DIR"


_MOST_FACTS = 256 * 1024 * 1024  # bytes of the meetings' facts: far more than 100,000 meetings


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

    def load(self, file: files.Bytes | None = None) -> Snapshot:
        """The register as read (`file`: its bytes, if just read under the lock)."""
        with collector_paused():  # a cached entry is millions of objects too
            return self._load(file)

    def _load(self, file: files.Bytes | None) -> Snapshot:
        if file is None:
            if journal.pending(self.state_dir):  # a change a killed ppb left half done
                with self.locked():
                    pass
            file = self._register_bytes()
        usable = self.state_problem() is None  # never a cache through a link, say
        most = 4 * file.size + (1 << 20)  # an entry is about as large as its register
        entry = cache.read(self.state_dir, most) if usable else None
        if entry is not None and entry.get("digest") == file.digest:
            # what these very bytes read as: their text is not even needed
            snapshot = Snapshot.from_entry(files.Source.undecoded(file), entry)
        else:
            source = files.decode(file)
            del file
            patched = self._patched(entry, source) if usable else None
            if patched is not None:
                snapshot = patched  # the cached rows, and those ppb's writes made since
            else:
                from ppb.store.register import read  # only now: a warm read never imports it

                snapshot = read(source, entry)
                if usable:
                    self._keep(snapshot)
        snapshot.held = self.held()
        return snapshot

    def _patched(self, entry: dict[str, Any] | None, source: Source) -> Snapshot | None:
        from ppb.store import index

        return index.patched(self.state_dir, entry, source)

    def _keep(self, snapshot: Snapshot) -> None:
        """Keep a register just read the full way in the cache, and its index for writes."""
        from ppb.store import index

        cache.write(self.state_dir, snapshot.entry())
        index.keep(self.state_dir, snapshot)
        snapshot.layout = None  # kept: let it go (a hundred thousand spans)

    def for_writing(self) -> View:
        """The register as a write (under the lock) needs it: through its index when the
        index was made from the file as it is now, else read in full."""
        from ppb.store import index

        file = self._register_bytes()
        if self.state_problem() is None:
            indexed = index.Indexed.of(self.state_dir, file)
            if indexed is not None:
                indexed.held = self.held()
                return indexed
        return self.load(file)

    def _register_bytes(self) -> files.Bytes:
        return files.read_bytes(self.register_path, self.shown(self.register_path), root=self.root)

    def append(self, view: View, data: dict[str, Any], intended: Row) -> Row:
        """Add a new action after the last (`data`, as the file will hold it), if it reads
        back as `intended`; the row written."""
        from ppb.store import index, splice

        if isinstance(view, index.Indexed):
            return view.append(self.state_dir, data, intended)
        text = splice.append_action(view, data)
        return self.commit(view, text, view.replace(rows=[*view.rows, intended])).rows[-1]

    def edit(self, view: View, at: int, change: Callable[[Any], None], intended: Row) -> Row:
        """Change the action at index `at` by `change(item)` (its round-trip item), if it
        then reads back as `intended`; the row written."""
        from ppb.store import index, splice

        if isinstance(view, index.Indexed):
            return view.edit(self.state_dir, at, change, intended)
        rows = list(view.rows)
        rows[at] = intended
        text = splice.edit_action(view, at, change)
        return self.commit(view, text, view.replace(rows=rows)).rows[at]

    def held(self) -> record.Held:
        """The meetings held by today, that ageing counts (a listing of meetings/ only)."""
        today = dt.date.today().isoformat()
        return record.Held(history.held_keys(self.meeting_ids(), today), today)

    def register_source(self) -> Source:
        return files.decode(self._register_bytes())

    def state_problem(self) -> str | None:
        """Why .ppb/ cannot hold the lock and the cache (a link, a file), or None."""
        try:
            info = os.lstat(self.state_dir)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"cannot be read ({exc.strerror})"
        if stat.S_ISDIR(info.st_mode):
            return None
        return paths.kind(info.st_mode)

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
        if not paths.inside(self.root, self.meetings_dir):
            return []  # check names the link
        ids = []
        for name in names:
            if not name.endswith(".yaml"):
                continue
            try:
                meeting_id = normalise.meeting_id(name[: -len(".yaml")])
            except normalise.SpellingError:
                continue
            if paths.entry(self.meeting_path(meeting_id), self.root) is None:
                ids.append(meeting_id)  # not a FIFO, a folder, a link out: check names them
        return sorted(ids)

    def has_meeting(self, meeting_id: str) -> bool:
        """Whether the meeting's file is a regular file in the board."""
        path = self.meeting_path(meeting_id)
        return paths.entry(path, self.root) is None and paths.inside(self.root, path)

    def meeting(self, meeting_id: str, prefix: str | None = None) -> Meeting:
        return self.meeting_source(meeting_id, prefix)[1]

    def meeting_source(self, meeting_id: str, prefix: str | None = None) -> tuple[Source, Meeting]:
        """A meeting's file as read, and the meeting it holds."""
        from ppb.store.register import parse_meeting

        path = self.meeting_path(meeting_id)
        shown = self.shown(path)
        if not os.path.lexists(path):
            raise NotFoundError(f"no meeting {meeting_id} (no file {shown})")
        source = read_source(path, shown, files.MAX_MEETING, root=self.root)
        return source, parse_meeting(source.text, shown, prefix)

    def meeting_facts(
        self, meeting_ids: Sequence[str], prefix: str | None, derive: Callable[[Meeting], Any]
    ) -> list[Any]:
        """`derive(meeting)` of each meeting, kept in the cache by the digest of its file
        (and the board's prefix): what listings show of a thousand meetings is read from
        one file instead of parsing a thousand. Never stale: a file changed in any byte has
        another digest. What `derive` gives must be of the shape `cache.valid_facts` checks."""
        usable = self.state_problem() is None  # never a cache through a link, say
        entry = (
            cache.read(self.state_dir, _MOST_FACTS, cache.MEETINGS, cache.valid_facts)
            if usable
            else None
        )
        known: dict[str, Any] = entry["facts"] if entry else {}
        keys, new = [], False
        for meeting_id in meeting_ids:
            path = self.meeting_path(meeting_id)
            shown = self.shown(path)
            if not os.path.lexists(path):
                raise NotFoundError(f"no meeting {meeting_id} (no file {shown})")
            source = read_source(path, shown, files.MAX_MEETING, root=self.root)
            key = f"{source.digest}:{prefix or ''}"
            if key not in known:
                from ppb.store.register import parse_meeting  # only now: Pydantic and all

                known[key] = derive(parse_meeting(source.text, shown, prefix))
                new = True
            keys.append(key)
        if usable and new:
            if len(meeting_ids) == len(self.meeting_ids()):  # every file: keep only theirs
                known = {k: known[k] for k in keys}
            cache.write(self.state_dir, {"facts": known}, cache.MEETINGS)
        return [known[k] for k in keys]

    def meeting_from_text(self, meeting_id: str, text: str, prefix: str | None = None) -> Meeting:
        """The meeting that `text` would be as meeting_id's file (to check before writing)."""
        from ppb.store.register import parse_meeting

        shown = self.shown(self.meeting_path(meeting_id))
        files.within_limit(shown, len(text.encode("utf-8")), files.MAX_MEETING)
        with new_text(shown):
            return parse_meeting(text, shown, prefix)

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

    def create(self, path: str, data: bytes) -> None:
        """Write a new file of the board (a meeting's), refused if anything is at `path`."""
        folder = os.path.dirname(path)
        shown = self.shown(path)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise PpbError(f"cannot write {shown}: {exc.strerror}") from None
        if not paths.inside(self.root, folder):
            raise PpbError(f"{self.shown(folder)}: {paths.OUTSIDE}; nothing was written")
        files.create(path, data, shown)

    def write_output(self, path: str, data: bytes) -> None:
        """Write a document the user asked for (-o PATH), never over the board's own files:
        the register, anything in meetings/ or .ppb/, or a hard link to one of them."""
        if self.is_own(path):
            raise PpbError(
                f"{path} is one of the board's own files; nothing was written "
                "(write the minutes elsewhere)"
            )
        files.write_output(path, data, path)

    def is_own(self, path: str) -> bool:
        real = os.path.realpath(path)
        if real == os.path.realpath(self.register_path):
            return True
        if any(paths.inside(folder, real) for folder in (self.meetings_dir, self.state_dir)):
            return True
        try:
            target = os.stat(path)
        except OSError:
            return False
        own = [self.register_path] + [self.meeting_path(m) for m in self.meeting_ids()]
        for other in own:
            with contextlib.suppress(OSError):
                info = os.stat(other)
                if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
                    return True
        return False

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the board's write lock, after finishing a change a killed ppb left half done."""
        shown = self.shown(self.state_dir)
        problem = self.state_problem()
        if problem is not None:
            raise PpbError(
                f"cannot lock the board: {shown} is {problem}; ppb keeps its lock and cache "
                "in a folder of its own there (remove it, and ppb makes one)"
            )
        with files.locked(self.state_dir, shown):
            journal.recover(self.root, self.state_dir)
            yield
            # What killed writers left (none is in progress while we hold the lock), cleared
            # after a command that worked: one refused leaves every byte as it was.
            files.remove_stale_temps(self.root, r"actions\.yaml|\.gitignore")
            files.remove_stale_temps(self.meetings_dir, r".+\.yaml")
            files.remove_stale_temps(
                self.state_dir,
                # every cache kept there is a NAME.cache (the register's, the meetings'
                # facts, check's and fmt's), beside the key and the journal
                r"[a-z-]+\.cache|" + rf"{cache.KEY}|{journal.NAME}".replace(".", r"\."),
            )

    def commit(self, before: Snapshot, text: str, intended: Snapshot) -> Snapshot:
        """Write `text` as the register if it reads back as exactly `intended`."""
        after = self._read_back(before, text, intended)
        encoded = after.source.raw  # encoded once (by with_text), like the file was
        files.replace(before.source, encoded if encoded is not None else text)
        self._keep(after)
        return after

    def _read_back(self, before: Snapshot, text: str, intended: Snapshot) -> Snapshot:
        """The register `text` would be; refused unless it is exactly `intended`."""
        from ppb.store.register import read

        new = before.source.with_text(text)
        assert new.raw is not None  # encoded, as it will be written
        files.within_limit(before.source.shown, len(new.raw))
        with new_text(before.source.shown):
            after = read(new, before.entry())
        if (after.board, after.people, after.rows) != (
            intended.board,
            intended.people,
            intended.rows,
        ):
            raise PpbError(
                f"{before.source.shown}: the edit would change more than intended; nothing was "
                "written (please report this, with the file)"
            )
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
        after = self._read_back(before, text, intended)
        register = after.source.raw if after.source.raw is not None else before.source.encode(text)
        changes = [(before.source, register)] + [(s, s.encode(t)) for s, t in others]
        journal.replace_all(self.root, self.state_dir, changes)
        self._keep(after)
        return after


@contextmanager
def new_text(shown: str) -> Iterator[None]:
    """A problem in text ppb made is ppb's, at a line of that text: never file:line:col,
    which would send the user to a line of their file that may not exist."""
    try:
        yield
    except FileError as exc:
        raise PpbError(
            f"{shown}: the edit would not read back (line {exc.line} of the new text: "
            f"{exc.detail}); nothing was written (please report this, with the file)"
        ) from None


def find(directory: str | None = None) -> Store:
    """The board named by --dir or PPB_DIR, else the nearest actions.yaml at or above here."""
    named = directory or os.environ.get(ENV) or None
    if named:
        root = os.path.expanduser(named)
        if not _holds_register(root):
            source = "--dir" if directory else ENV
            raise NotFoundError(
                f"no board in {named} ({source}): it has no {REGISTER}; start one with `ppb init {named}`"
            )
        return Store(root)
    folder = os.getcwd()
    while True:
        if _holds_register(folder):
            return Store(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise NotFoundError(
        f"no board here: no {REGISTER} in this folder or any above it; "
        "pass --dir, set PPB_DIR, or start one with `ppb init`"
    )


def _holds_register(folder: str) -> bool:
    """Whether there is an actions.yaml here (a FIFO or a dangling link named so counts: this
    is the board, and reading it says what is wrong, rather than a board further up)."""
    path = os.path.join(folder, REGISTER)
    return os.path.lexists(path) and not os.path.isdir(path)


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
        files.create(store.register_path, text.encode(), store.shown(store.register_path))
        _ignore_state(store)
    except OSError as exc:
        raise PpbError(f"cannot create the board in {directory}: {exc.strerror}") from None
    return store


def _ignore_state(store: Store) -> None:
    gitignore = os.path.join(store.root, ".gitignore")
    line = f"{STATE}/"
    if not os.path.lexists(gitignore):
        files.create(gitignore, (line + "\n").encode("utf-8"), store.shown(gitignore))
        return
    source = read_source(gitignore, store.shown(gitignore), files.MAX_MEETING, root=store.root)
    existing = source.text
    if line in existing.splitlines():
        return
    gap = "" if not existing or existing.endswith("\n") else "\n"
    files.replace(source.uniform(), existing + gap + line + "\n")  # mixed ends: its main kind
