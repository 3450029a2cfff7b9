"""Whether a board's files are valid: every problem, where it is, and which rule it breaks.

Problems are values (`Problem`); `check` returns all of them, sorted, so that
editors and CI can jump to each. The files are read by the store's own reader,
asked to collect every problem instead of stopping at the first (a file that
does not parse gives its one syntax problem; one that parses is checked field
by field, each action on its own, so one bad action hides no other). Then the
rules of `rules` run over what was read: one function per rule, each with its
code, like yamllint's.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any, NamedTuple

from ppb import normalise, record
from ppb.errors import FileError, PpbError
from ppb.models import Meeting
from ppb.record import HISTORY, Action, Progress
from ppb.store import MEETINGS, REGISTER, STATE, Store, sections
from ppb.store.files import MAX_MEETING, MAX_REGISTER, Source, collector_paused, read_source
from ppb.store.register import Item, Place, inspect, inspect_meeting, item_end
from ppb.store.yaml_read import check_conflict
from ppb.translatable import Translation


class Severity(str, Enum):
    ERROR = "error"  # `ppb check` exits 1
    WARNING = "warning"


class Problem(NamedTuple):
    path: str  # relative to the board
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message} [{self.code}]"

    def record(self) -> dict[str, Any]:
        return {**self._asdict(), "severity": self.severity.value}


def from_error(error: FileError, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(error.path, error.line, error.col, error.code, error.detail, severity)


class Checked(NamedTuple):
    """One action as check sees it: what it says (as far as it reads), and where it is."""

    action: Action  # status "unknown" where the action is invalid
    place: Place
    raw: Any  # as written in the file: the whole mapping if invalid; of a valid one, its id


class Facts(NamedTuple):
    """What the rules look at of a valid meeting file (`meeting_facts`), as plain data that
    `memo` keeps."""

    date: str  # YYYY-MM-DD
    final: bool
    attendance: tuple[tuple[str, int, str], ...]  # (group, position, handle)
    departures: tuple[tuple[str, str | None], ...]  # (who, after)
    references: tuple[tuple[tuple[Any, ...], str, str], ...]  # (path, where, action id)
    titles: tuple[str, ...]  # of every item and sub-item
    arising: tuple[str | None, ...]  # the action of each Matters Arising entry


GROUPS = ("members", "also_present", "apologies")


def meeting_facts(meeting: Meeting) -> Facts:
    from ppb.check import rules

    attendance = tuple(
        (group, position, handle)
        for group in GROUPS
        for position, handle in enumerate(getattr(meeting.attendance, group))
    )
    return Facts(
        meeting.date.isoformat(), bool(meeting.final), attendance,
        tuple((d.who, d.after) for d in meeting.departures),
        tuple(rules.references(meeting)), tuple(rules.titles(meeting.items)),
        tuple(getattr(e, "action", None) for e in meeting.matters_arising),
    )  # fmt: skip


class MeetingFile:
    """One valid meeting file: its facts, and the meeting and its node tree, read again
    only if a rule needs them (when the facts were kept from an earlier check)."""

    __slots__ = ("id", "shown", "facts", "text", "prefix", "_meeting", "_node")

    def __init__(self, id: str, shown: str, facts: Facts, text: str, prefix: str | None,
                 meeting: Meeting | None = None, node: Any = None) -> None:  # fmt: skip
        self.id, self.shown, self.facts, self.text, self.prefix = id, shown, facts, text, prefix
        self._meeting, self._node = meeting, node

    @property
    def meeting(self) -> Meeting:
        if self._meeting is None:
            self._read()
        assert self._meeting is not None
        return self._meeting

    @property
    def node(self) -> Any:
        if self._node is None:
            self._read()
        return self._node

    def _read(self) -> None:
        meeting, node, _ = inspect_meeting(self.text, self.shown, self.prefix)
        assert meeting is not None, "a kept meeting reads as it did"
        self._meeting, self._node = meeting, node


@dataclass
class KeptFile:
    """One file of kept translations as read."""

    shown: str  # relative to the board
    lang: str
    file: str  # what it translates: "actions" or a meeting id
    kept: dict[str, Translation]


@dataclass
class Board:
    """What the rules look at: every file of the board as read, valid or not."""

    problems: list[Problem] = field(default_factory=list)
    prefix: str | None = None
    people: dict[str, Any] = field(default_factory=dict)
    handles: normalise.Handles = field(default_factory=lambda: normalise.Handles({}))
    head: Any = None  # the node tree of the register around its actions
    actions: list[Checked] = field(default_factory=list)  # the valid ones, and what reads of others
    ids: dict[str, list[Place]] = field(default_factory=dict)  # every id read, valid or not
    meetings: list[MeetingFile] = field(default_factory=list)  # the valid ones
    held: set[str] = field(default_factory=set)  # every meeting with a file, valid or not
    names: list[str] = field(default_factory=list)  # every file in meetings/
    info: dict[str, Any] = field(default_factory=dict)  # the register's board: name, languages …
    kept: list[KeptFile] = field(default_factory=list)  # every file under translations/
    store: Store | None = None
    _texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _snapshot: Any = None
    _actions: dict[str, Any] = field(default_factory=dict)  # the snapshot's, by id
    _by_id: dict[str, Checked] | None = None
    memo: Any = None  # what earlier checks found (`memo.Memo`), or None to keep nothing

    def by_id(self) -> dict[str, Checked]:
        """Each action read, by id (the first, where an id is used twice)."""
        if self._by_id is None:
            self._by_id = {}
            for checked in self.actions:
                self._by_id.setdefault(checked.action.id, checked)
        return self._by_id

    @property
    def welsh(self) -> bool:
        """Whether the board publishes in Welsh (`languages` includes cy)."""
        return "cy" in (self.info.get("languages") or ())

    def translated(self, meeting_id: str) -> bool:
        """Whether the meeting's Welsh is wanted: the board publishes in Welsh, or the
        meeting has translations kept."""
        return self.welsh or any(k.file == meeting_id for k in self.kept)

    def texts(self, m: MeetingFile) -> list[tuple[str, str]]:
        """(key, English) of every text the meeting's Welsh minutes say, in order (empty if the
        register cannot be read)."""
        if m.id not in self._texts:
            from ppb.render import minutes

            if self._snapshot is None:
                try:
                    assert self.store is not None
                    self._snapshot = self.store.load()
                except PpbError:
                    return []
                self._actions = {a.id: a for a in self._snapshot.actions()}
            self._texts[m.id] = minutes.texts(self._snapshot, m.meeting, m.id, self._actions)
        return self._texts[m.id]

    files: list[Source] = field(default_factory=list)  # every file read

    def add(self, shown: str, place: Any, path: tuple[Any, ...], code: str, message: str,
            severity: Severity = Severity.ERROR) -> None:  # fmt: skip
        """Record a problem at the field that `path` leads to from `place`."""
        line, col = at(place, *path)
        self.problems.append(Problem(shown, line, col, code, message, severity))

    def add_at(self, shown: str, line: int, col: int, code: str, message: str,
               severity: Severity = Severity.ERROR) -> None:  # fmt: skip
        self.problems.append(Problem(shown, line, col, code, message, severity))


def at(place: Any, *path: Any) -> tuple[int, int]:
    """Line and column of a field, from a Place or a node tree."""
    if isinstance(place, Place):  # most: a hundred thousand warnings ask here
        return place.at(*path)
    if place is None:
        return 1, 1
    from ppb.store import yaml_read

    return yaml_read.locate(place, path)


def check(store: Store, *, kept: bool = True) -> list[Problem]:
    """Every problem in the board's files, sorted by file, line and column.

    What reading each action and meeting file gave is kept by digest for the next check
    (`memo`); `kept=False` reads everything and keeps nothing."""
    from ppb import progress
    from ppb.check import memo, rules

    board = Board(store=store)
    with collector_paused():  # millions of small objects, none in a cycle (see there)
        usable = kept and store.state_problem() is None  # never a cache through a link, say
        board.memo = memo.load(store.state_dir, _most(store)) if usable else None
    with (
        collector_paused(),
        progress.task("ppb check", files_checked(store) + len(rules.RULES)) as advance,
    ):
        _read_register(store, board)
        advance(1)
        _read_meetings(store, board, advance)
        _read_translations(store, board)
        _read_state(store, board)
        for rule in rules.RULES:
            if rule.alone or board.prefix is not None:
                rule.check(board)
            advance(1)
    if board.memo is not None:
        board.memo.save_meetings(store.state_dir)
    return sorted(
        set(board.problems), key=lambda p: (p.path != REGISTER, p.path, p.line, p.col, p.code)
    )


def _most(store: Store) -> int:
    """The most bytes a kept entry of this board can be: a few times the board's files."""
    total = 0
    for path in (store.register_path, store.meetings_dir):
        try:
            total += os.stat(path).st_size
        except OSError:
            pass
    try:
        with os.scandir(store.meetings_dir) as entries:
            total += sum(e.stat(follow_symlinks=False).st_size for e in entries)
    except OSError:
        pass
    return 8 * total + (1 << 20)


def files_checked(store: Store) -> int:
    """How many files `check` reads: the register and every meeting file."""
    try:
        names = os.listdir(store.meetings_dir)
    except OSError:
        names = []
    return 1 + sum(1 for name in names if name.endswith((".yaml", ".yml")))


_MARKERS = ("<" * 7, "=" * 7, ">" * 7)  # what every git conflict marker holds


def _read(path: str, shown: str, limit: int, board: Board, root: str) -> Source | None:
    """A file as read, or None after recording why it cannot be read."""
    try:
        source = read_source(path, shown, limit, root=root)
        if any(marker in source.text for marker in _MARKERS):  # a scan in C, not a regex
            check_conflict(source.text, shown)
    except FileError as exc:
        board.problems.append(from_error(exc))
        return None
    except PpbError as exc:  # not a file, unreadable, gone
        message = exc.message.removeprefix(f"{shown}: ")
        board.problems.append(Problem(shown, 1, 1, "unreadable", message))
        return None
    board.files.append(source)
    return source


def _read_register(store: Store, board: Board) -> None:
    from ppb.check import rules

    source = _read(store.register_path, REGISTER, MAX_REGISTER, board, store.root)
    if source is None:
        return
    found: dict[int, Any] = {}  # what memo knows, by the index of the action
    digests: list[bytes] = []

    def known(split: sections.Sections, prefix: str) -> Collection[int]:
        from ppb.check import memo

        if board.memo is None:
            return ()
        text, blocks = source.text, split.blocks
        digests[:] = [
            memo.block_digest(text, span.start, item_end(split, i)) for i, span in enumerate(blocks)
        ]
        found.update(board.memo.known(digests, prefix))
        return found.keys()

    on_tree = partial(rules.on_tree, board, REGISTER)
    reader = inspect(source, on_tree=on_tree, known=known)
    board.problems += [from_error(e) for e in reader.problems]
    if reader.snapshot is None:
        return
    board.prefix = reader.prefix
    board.info = reader.snapshot.board
    board.people = reader.snapshot.people
    board.handles = normalise.Handles(board.people)
    board.head = reader.head
    if reader.sections is None:  # read whole: nothing known, nothing kept
        found.clear()
    _add_actions(board, _in_order(reader, found, source))
    if board.memo is not None and reader.sections is not None:
        _keep_actions(board, reader.sections, reader.items, found, digests)
    if board.memo is not None:
        found.clear()
        board.memo.save_actions(store.state_dir)


def _add_actions(board: Board, read: list[Any]) -> None:
    """Each action read (an Item), or known (a Checked), and its id."""
    for item in read:
        if type(item) is Checked:  # as memo knows it: valid
            board.ids.setdefault(item.action.id, []).append(item.place)
            board.actions.append(item)
            continue
        ident = item.row[0] if item.row is not None else _id(item.raw, board.prefix)
        if ident is not None:
            board.ids.setdefault(ident, []).append(item.place)
        if item.row is not None:
            board.actions.append(Checked(record.action(item.row), item.place, item.raw))
        elif ident is not None:
            board.actions.append(
                Checked(_partial(ident, item.raw, board.prefix), item.place, item.raw)
            )


def _in_order(reader: Any, found: dict[int, Any], source: Source) -> list[Any]:
    """Every action in file order: each Item read now, or the Checked that memo knows."""
    if not found:
        return reader.items
    split = reader.sections
    assert split is not None
    read: list[Any] = [None] * len(split.blocks)
    for item in reader.items:
        read[item.position] = item
    text, new = source.text, tuple.__new__
    for index, (row, ident, status) in found.items():
        span = split.blocks[index]
        place = Place(REGISTER, None, text, span.start, span.end, split.line_of(span.start))
        entries = tuple([new(Progress, e) for e in row[HISTORY]])
        action = new(Action, (*row[:HISTORY], entries, *row[HISTORY + 1 :]))  # as record.action
        read[index] = Checked(action, place, {"id": ident, "status": status})
        found[index] = None  # the row as kept is let go: the record holds its fields
    return [r for r in read if r is not None]


def _keep_actions(board: Board, split: sections.Sections, read: list[Item],
                  found: dict[int, Any], digests: list[bytes]) -> None:  # fmt: skip
    """What memo keeps of the actions: each that read with no problem, by its digest."""
    assert board.memo is not None and board.prefix is not None
    starts = [split.line_of(span.start) for span in split.blocks]  # 0-based
    dirty: set[int] = set()
    for problem in board.problems:
        if problem.path != REGISTER:
            continue
        line = problem.line - 1
        index = bisect_right(starts, line) - 1
        dirty.update((index, index - 1) if index >= 0 and starts[index] == line else (index,))
    for index in found.keys() - dirty:
        board.memo.keep_known(digests[index])
    for item in read:
        index = item.position
        if index in dirty or item.row is None:
            continue
        ident, status = item.raw.get("id"), item.raw.get("status")
        if type(ident) is str and type(status) in (str, type(None)):
            board.memo.keep(digests[index], item.row, ident, status)
    board.memo.new_prefix = board.prefix


def _id(raw: Any, prefix: str | None) -> str | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or prefix is None:
        return None
    try:
        return normalise.action_id(raw["id"], prefix)
    except normalise.SpellingError:
        return None


def _partial(ident: str, raw: dict[str, Any], prefix: str | None) -> Action:
    """The readable parts of an action that failed validation (its status "unknown")."""

    def attempt(function: Any, value: Any) -> Any:
        try:
            return function(value) if isinstance(value, str) else None
        except normalise.SpellingError:
            return None

    def listed(key: str) -> list[Any]:
        value = raw.get(key)
        return value if isinstance(value, list) else []

    owners = tuple(o for o in listed("owners") if isinstance(o, str))
    see = tuple(s for s in (_id({"id": x}, prefix) for x in listed("see")) if s)
    progress = tuple(
        Progress("", attempt(normalise.meeting_id, e.get("meeting")), "", None, None)
        for e in listed("history") if isinstance(e, dict)
    )  # fmt: skip
    raised = attempt(normalise.meeting_id, raw.get("raised"))
    due = attempt(normalise.meeting_id, raw.get("due"))
    return Action(ident, "", owners, "unknown", raised, None, due, None, see, None, None, progress)


def _read_meetings(store: Store, board: Board, advance: Callable[[int], None]) -> None:
    from ppb.check import memo, rules

    try:
        board.names = sorted(os.listdir(store.meetings_dir))
    except OSError:
        return
    known = board.memo.meetings if board.memo is not None else {}
    texts = board.welsh or bool(os.path.isdir(store.translations_dir))  # see `Board.texts`
    kept = board.memo.new_meetings if board.memo is not None else {}
    for name in board.names:
        path = os.path.join(store.meetings_dir, name)
        shown = f"{MEETINGS}/{name}"
        if not name.endswith((".yaml", ".yml")):
            continue
        try:
            meeting_id = normalise.meeting_id(name.rsplit(".", 1)[0])
        except normalise.SpellingError:
            continue  # a rule names it
        board.held.add(meeting_id)  # an invalid file is still that meeting: one problem, not many
        advance(1)
        source = _read(path, shown, MAX_MEETING, board, store.root)  # FIFOs, links out: named
        if source is None:
            continue
        key = memo.meeting_key(board.prefix, source.digest)
        if key in known:
            facts, problems = kept[key] = known[key]
            board.problems += [
                Problem(shown, line, col, code, message, Severity(severity))
                for line, col, code, message, severity in problems
            ]
            if facts is not None:
                m = MeetingFile(meeting_id, shown, Facts._make(facts), source.text, board.prefix)
                board.meetings.append(m)
            continue
        before = len(board.problems)
        on_tree = partial(rules.on_tree, board, shown)
        meeting, node, errors = inspect_meeting(source.text, shown, board.prefix, on_tree=on_tree)
        board.problems += [from_error(e) for e in errors]
        found = meeting_facts(meeting) if meeting is not None else None
        if meeting is not None and found is not None:
            # The node tree is many times the file, and the rules need it only to say where
            # a problem is: parsed again then. The meeting is kept where translations need it.
            kept_meeting = meeting if texts else None
            board.meetings.append(
                MeetingFile(meeting_id, shown, found, source.text, board.prefix, kept_meeting)
            )
            del meeting, node
        if board.memo is not None:
            said = tuple((p.line, p.col, p.code, p.message, p.severity.value)
                         for p in board.problems[before:])  # fmt: skip
            kept[key] = (tuple(found) if found is not None else None, said)


def _read_translations(store: Store, board: Board) -> None:
    """Every file of kept translations (see `Store.translation_files`)."""
    from ppb.store import po

    for lang, file, path in store.translation_files():
        shown = os.path.relpath(path, store.root).replace(os.sep, "/")
        source = _read(path, shown, MAX_MEETING, board, store.root)
        if source is None:
            continue
        try:
            kept, problems = po.kept(po.parse(source.text, shown), shown)
        except FileError as exc:
            board.problems.append(from_error(exc))
            continue
        board.problems += [from_error(p) for p in problems]
        board.kept.append(KeptFile(shown, lang, file, kept))


def _read_state(store: Store, board: Board) -> None:
    problem = store.state_problem()
    if problem is not None:
        message = f"{problem}; ppb keeps its lock and cache in a folder of its own"
        board.problems.append(Problem(STATE, 1, 1, "state-folder", message))
