"""How a board is stored: reading its register fast and writing it line by line.

Reading: the file's digest is looked up in the cache (.ppb/); on a miss the
file is split into its sections and one part per action (`layout`), the
actions whose lines are unchanged are taken from the cache and the others
parsed, so a hand edit costs what it changed. A file whose layout cannot be
split that way is read whole.

Writing: under the board's lock, the file is read again, one part is edited
(`edit`) and spliced back, the new text is read back the same way and must
give exactly the intended data, and only then is the file replaced
atomically, if it has not changed on disk meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ppb import cache, files, normalise
from ppb.errors import FileError, LayoutError, NotFoundError, PpbError
from ppb.files import Source, blake2b, read_source
from ppb.snapshot import Row, Snapshot, to_row

if TYPE_CHECKING:
    from ppb.models import Meeting, Register

# Pydantic (models, problems) is imported only when a file is parsed: a read
# served from the cache never needs it.

REGISTER = "actions.yaml"
MEETINGS = "meetings"
STATE = ".ppb"


class Store:
    """The files of one board, in the folder that holds its actions.yaml."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        # Plain strings and os.path: pathlib costs ~5 ms of start-up on every command.
        self.root = os.fspath(root)
        self.register_path = os.path.join(self.root, REGISTER)
        self.meetings_dir = os.path.join(self.root, MEETINGS)
        self.state_dir = os.path.join(self.root, STATE)

    def shown(self, path: str) -> str:
        """A path as errors print it: relative to the current folder where that is shorter."""
        try:
            relative = os.path.relpath(path)
        except ValueError:
            return str(path)
        return relative if len(relative) < len(str(path)) else str(path)

    # reading the register

    def load(self) -> Snapshot:
        source = read_source(self.register_path, self.shown(self.register_path))
        entry = cache.read(self.state_dir)
        if entry is not None and entry.get("digest") == source.digest:
            return Snapshot.from_entry(source, entry)
        snapshot = read(source, entry)
        cache.write(self.state_dir, snapshot.entry())
        return snapshot

    def register(self) -> Register:
        """The whole register as validated models (slower than `load`; for checks)."""
        source = read_source(self.register_path, self.shown(self.register_path))
        return parse_register(source)

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
        path = self.meeting_path(meeting_id)
        shown = self.shown(path)
        if not os.path.isfile(path):
            raise NotFoundError(f"no meeting {meeting_id} (no file {shown})")
        source = read_source(path, shown, files.MAX_MEETING)
        return source, parse_meeting(source.text, shown, prefix)

    def meeting_from_text(self, meeting_id: str, text: str, prefix: str | None = None) -> Meeting:
        """The meeting that `text` would be as meeting_id's file (to check before writing)."""
        return parse_meeting(text, self.shown(self.meeting_path(meeting_id)), prefix)

    # writing

    @contextmanager
    def locked(self) -> Iterator[None]:
        with files.locked(self.state_dir, self.shown(self.state_dir)):
            files.remove_stale_temps(self.root, REGISTER)
            yield

    def commit(self, before: Snapshot, text: str, intended: Snapshot) -> Snapshot:
        """Write `text` as the register if it reads back as exactly `intended`."""
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


# Reading


def read(source: Source, previous: dict[str, Any] | None = None) -> Snapshot:
    """The snapshot of a register's text, re-using what `previous` (a cache entry) parsed.

    The text outside the actions (board, people, anything after) is parsed only
    if it changed; each action only if its lines changed.
    """
    from ppb import layout, parse

    found = layout.split(source.text)
    if found.problems:
        return read_whole(source)
    text = source.text
    if not found.blocks:
        return _snapshot(source, parse_register(source), [])
    first, last = found.blocks[0].start, found.blocks[-1].end
    outside = blake2b(f"{text[:first]}\0{text[last:]}".encode(), digest_size=16).hexdigest()
    if previous is not None and previous.get("outside") == outside:
        board, people = previous["board"], previous["people"]
    else:
        node, data = parse.tree(found.skeleton(), source.shown)
        head = _register(data, node, source.shown)
        if head.actions:
            return read_whole(source)
        board = head.board.model_dump()
        people = {handle: person.model_dump() for handle, person in head.people.items()}
    prefix = board["prefix"]
    known: dict[bytes, Row] = {}
    if previous is not None and previous.get("prefix") == prefix and previous.get("digests"):
        known = dict(zip(previous["digests"], previous["rows"], strict=True))
    digests = [_block_digest(text, span) for span in found.blocks]
    rows: list[Row | None] = [known.get(d) for d in digests]
    del known
    missing = [i for i, row in enumerate(rows) if row is None]
    try:
        for run in _runs(missing):
            parsed = _parse_run(text, found, run, source.shown, prefix)
            for index, row in zip(run, parsed, strict=True):
                rows[index] = row
    except _NotSplittable:
        return read_whole(source)
    return Snapshot(source, board, people, rows, digests, outside)  # type: ignore[arg-type]


def _snapshot(source: Source, register: Register, digests: list[bytes] | None) -> Snapshot:
    board = register.board.model_dump()
    people = {handle: person.model_dump() for handle, person in register.people.items()}
    return Snapshot(source, board, people, [to_row(a) for a in register.actions], digests)


class _NotSplittable(Exception):
    """The actions do not parse one by one; the file is read whole instead."""


def _block_digest(text: str, span: Any) -> bytes:
    return blake2b(text[span.start : span.end].encode("utf-8"), digest_size=16).digest()


def _runs(indexes: list[int], most: int = 500) -> Iterator[list[int]]:
    """Consecutive indexes grouped, `most` at a time: [1, 2, 3, 7, 8] -> [1, 2, 3], [7, 8].

    Parsing a run at a time keeps the node tree of a cold read small."""
    run: list[int] = []
    for index in indexes:
        if run and (index != run[-1] + 1 or len(run) >= most):
            yield run
            run = []
        run.append(index)
    if run:
        yield run


def _parse_run(text: str, found: Any, run: list[int], shown: str, prefix: str) -> list[Row]:
    """Rows for consecutive actions, parsed as one list (line numbers kept)."""
    from ppb import parse
    from ppb.models import ActionList
    from ppb.problems import validate

    try:
        node, data = parse.tree(found.items_text(run[0], run[-1]), shown)
    except FileError:
        raise _NotSplittable from None
    if not isinstance(data, list) or len(data) != len(run):
        raise _NotSplittable
    actions = validate(ActionList, data, node, shown, {"prefix": prefix})
    return [to_row(a) for a in actions.root]


def parse_meeting(text: str, shown: str, prefix: str | None) -> Meeting:
    from ppb import parse
    from ppb.models import Meeting
    from ppb.problems import validate

    node = parse.compose(text, shown)
    data = None if node is None else parse.build(node, shown, text)
    if not isinstance(data, dict):
        raise FileError(shown, 1, 1, "expected a meeting: keys such as date, attendance, items")
    return validate(Meeting, data, node, shown, {"prefix": prefix})


def read_whole(source: Source) -> Snapshot:
    """The snapshot of a register read in one piece (not editable line by line)."""
    return _snapshot(source, parse_register(source), None)


def parse_register(source: Source) -> Register:
    """The register as models, read whole."""
    from ppb import parse

    node = parse.compose(source.text, source.shown)
    data = None if node is None else parse.build(node, source.shown, source.text)
    return _register(data, node, source.shown)


def _register(data: Any, node: Any, shown: str) -> Register:
    from ppb.models import Register
    from ppb.problems import validate

    if data is None:
        raise FileError(shown, 1, 1, "no board here (the file is empty); start one with `ppb init`")
    if not isinstance(data, dict):
        raise FileError(shown, 1, 1, "expected the keys board, people and actions at the top")
    return validate(Register, data, node, shown, {"prefix": _prefix(data)})


def _prefix(data: dict[str, Any]) -> str | None:
    board = data.get("board")
    raw = board.get("prefix") if isinstance(board, dict) else None
    try:
        return normalise.prefix(raw) if isinstance(raw, str) else None
    except normalise.SpellingError:
        return None


# Line-level edits of a register's text. Each returns the whole new text; every
# character outside the edited part is kept as it was.


def _editable(snapshot: Snapshot) -> Any:
    from ppb import layout

    found = layout.split(snapshot.source.text)
    if snapshot.digests is None or found.problems or len(found.blocks) != len(snapshot.rows):
        detail = (
            found.problems[0] if found.problems else "the actions are not one `- id: …` item each"
        )
        raise LayoutError(
            f"{snapshot.source.shown}: cannot find each action's own lines ({detail}); "
            "keep one `- id: …` item per action, all at the same indent"
        )
    return found


def edit_action(snapshot: Snapshot, index: int, change: Callable[[Any], None]) -> str:
    """The text with action number `index` (in file order) changed by `change(item)`."""
    return edit_actions(snapshot, {index: change})


def edit_actions(snapshot: Snapshot, changes: dict[int, Callable[[Any], None]]) -> str:
    """The text with several actions (by index in file order) each changed by its function."""
    from ppb import edit

    found = _editable(snapshot)
    text = snapshot.source.text
    for index in sorted(changes, reverse=True):  # from the end, so earlier offsets stay right
        span = found.blocks[index]
        where = (
            f"{snapshot.source.shown}:{found.line_of(span.start) + 1}: {snapshot.rows[index][0]}"
        )
        new = edit.edit(text[span.start : span.end], _on_item(changes[index]), where)
        text = text[: span.start] + new + text[span.end :]
    return text


def _on_item(change: Callable[[Any], None]) -> Callable[[Any], None]:
    """A change of one item, applied to the one-item list that holds it."""
    return lambda document: change(document[0])


def append_action(snapshot: Snapshot, data: dict[str, Any]) -> str:
    """The text with a new action item after the last one, laid out like its neighbours."""
    from ppb import edit

    found = _editable(snapshot)
    text = snapshot.source.text
    if text and not text.endswith("\n"):
        text += "\n"
    if "actions" not in found.sections:
        gap = "\n" if text.strip() else ""
        return text + gap + "actions:\n" + edit.render_item(data, 2, edit.CANONICAL)
    head = found.sections["actions"].start
    head_end = text.find("\n", head) + 1 or len(text)
    inline = text[head:head_end].split(":", 1)[1].split("#", 1)[0].strip()
    if inline not in ("", "[]"):
        raise LayoutError(
            f"{snapshot.source.shown}:{found.line_of(head) + 1}: actions is written inline; "
            "write it as a list of `- id: …` items, one per action"
        )
    if not found.blocks:
        item = edit.render_item(data, 2, edit.CANONICAL)
        return text[:head] + "actions:\n" + item + text[head_end:]
    last = found.blocks[-1]
    style = edit.style_of(text[last.start : last.end])
    item = edit.render_item(data, found.item_indent or 0, style)
    blank = 0
    if len(found.blocks) > 1:
        between = text[found.blocks[-2].end : last.start]
        blank = sum(1 for line in between.splitlines() if not line.strip())
    return text[: last.end] + "\n" * blank + item + text[last.end :]


def edit_section(snapshot: Snapshot, key: str, change: Callable[[Any], None]) -> str:
    """The text with the top-level section `key` changed by `change(document)`."""
    from ppb import edit, layout

    text = snapshot.source.text
    found = layout.split(text)
    if key not in found.sections:  # a new section, before the actions
        document = edit.to_yaml({key: None})
        change(document)
        section = edit.render_document(document)
        at = found.sections["actions"].start if "actions" in found.sections else len(text)
        before = text[:at] if not at or text[:at].endswith("\n") else text[:at] + "\n"
        return before + section + ("\n" if at < len(text) else "") + text[at:]
    start = found.sections[key].start
    end = found.section_body_end(key)
    section = text[start:end]
    if not section.endswith("\n"):
        section += "\n"
    where = f"{snapshot.source.shown}:{found.line_of(start) + 1}: the {key} section"
    return text[:start] + edit.edit(section, change, where) + text[end:]
