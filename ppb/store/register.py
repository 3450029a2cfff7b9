"""Reading a register and a meeting file: the one reader, for commands and for check.

Commands want a snapshot and stop at the first problem (`read`); `ppb check`
wants every problem and what each action says, valid or not (`inspect`). Both
go the same way: the file is split into its sections and one part per action
(`sections`); the text around the actions is parsed once; the actions are
parsed a run at a time (a cold read of a large register never holds the node
tree of the whole file), each run validated as one list; and a file whose
layout cannot be split that way is read whole. Commands also skip the actions
whose lines a cache entry (`previous`) already parsed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Collection, Iterator
from contextlib import nullcontext
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from ppb import normalise, record
from ppb.errors import FileError
from ppb.record import Row
from ppb.store import canonical, sections, yaml_read
from ppb.store.files import Source, blake2b, collector_paused, item_digest
from ppb.store.snapshot import Snapshot

if TYPE_CHECKING:
    from ppb.models import Meeting, Register

# Pydantic (models, located) is imported only when a file is parsed: a read
# served from the cache never needs it.

RUN = 500  # actions parsed at a time: big enough to be quick, small enough to keep memory flat
RUN_TEXT = 256 * 1024  # characters of actions parsed at a time (one larger action goes alone)
# What a real board needs, with room to spare (twenty years of monthly progress is 240
# entries), and no more: each bounds what one read holds at once, whatever the file's size.
MAX_ACTION = 4 * 1024 * 1024  # characters of one action (a long summary costs little)
MAX_HISTORY = 5000  # entries in one action's history (each costs a model while it is read)
MAX_HEAD = 1024 * 1024  # characters around the actions: board, people (a person is ~100)
MAX_WHOLE = 4 * 1024 * 1024  # characters of a register read in one piece (not one item each)


class _Later:
    """A node tree built only when asked for: a command needs one only to say where a
    problem is, and building it costs more than the data."""

    __slots__ = ("make", "made")

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make, self.made = make, None

    def __call__(self) -> Any:
        if self.made is None:
            self.made = self.make()
        return self.made


def _nodes(node: Any) -> Any:
    return node() if isinstance(node, _Later) else node


def read(source: Source, previous: dict[str, Any] | None = None) -> Snapshot:
    """The snapshot of a register's text, re-using what `previous` (a cache entry) parsed."""
    snapshot = Reader(source, previous).read()
    assert snapshot is not None  # a reader that does not collect raises instead
    return snapshot


def inspect(source: Source, on_tree: Callable[[Any, str, int], None] | None = None,
            known: Callable[[sections.Sections, str], Collection[int]] | None = None) -> Reader:  # fmt: skip
    """A reader that has read the whole register and kept every problem and every action.

    `on_tree(node, text, lines)` sees each node tree parsed, with the text it came from and
    how many lines of the file come before that text. `known(sections, prefix)` names the
    actions (by index) the caller already knows, which are not read when the file reads a
    run at a time (`reader.sections` is then the split; None when the file was read whole)."""
    reader = Reader(source, collect=True, on_tree=on_tree)
    reader.skip = known
    reader.snapshot = reader.read()
    return reader


def read_item(text: str, shown: str, prefix: str, indent: int, lines: int = 0) -> Row:
    """The row of one action's lines alone (an item at `indent`, `lines` lines into the
    file), read as `read` reads each action of a register, or FileError at its first
    problem: from its lines where ppb laid it out, else parsed and validated."""
    if len(text) > MAX_ACTION:
        raise _too_long(shown, lines + 1, len(text))
    row = canonical.lines(prefix, indent).row(text, 0, len(text), MAX_HISTORY)
    if row is not None:
        return row
    from ppb.models import ActionList

    with collector_paused():
        data = yaml_read.load(text, shown, lines)
    if not isinstance(data, list) or len(data) != 1:
        raise FileError(shown, lines + 1, 1, "expected one action, an item `- id: …`", "bad-type")
    if _long_history(data[0]):
        raise _long(data[0], shown, lines + 1, 1)
    node = _Later(lambda: yaml_read.compose(text, shown, lines))
    actions = _validate(ActionList, data, node, shown, {"prefix": prefix})
    return record.from_model(actions.root[0])


def parse_register(source: Source) -> Register:
    """The register as models, read whole (slower than `read`; for reformatting)."""
    from ppb.models import Register

    data = yaml_read.load(source.text, source.shown)
    node = _Later(lambda: yaml_read.compose(source.text, source.shown))
    _check_top(data, source.shown)
    return _validate(Register, data, node, source.shown, {"prefix": _prefix(data)})


class Place:
    """Where one action is, to find the line and column of one of its fields.

    In a large register the actions are parsed a run at a time and their node
    trees dropped; a place then keeps only where the action's text is, and
    parses it again in the rare case a problem needs a line and column (its id,
    the commonest, is found without parsing).
    """

    __slots__ = ("node", "text", "start", "end", "line", "shown")

    def __init__(self, shown: str, node: Any = None, text: str = "", start: int = 0,
                 end: int = 0, line: int = 0) -> None:  # fmt: skip
        self.shown, self.node, self.text = shown, node, text
        self.start, self.end, self.line = start, end, line

    def at(self, *path: Any) -> tuple[int, int]:
        if self.node is not None:
            return yaml_read.locate(self.node, path)
        if path == ("id",):
            match = _ID_LINE.match(self.text, self.start, self.end)
            if match:
                return self.line + 1, match.end(1) - self.start + 1
        if self.node is None and path == ("summary",):  # found without parsing too, if plain
            match = _SUMMARY_LINE.search(self.text, self.start, self.end)
            if match:
                start = self.text.rfind("\n", 0, match.start(2)) + 1
                line = self.line + self.text.count("\n", self.start, start)
                return line + 1, match.start(2) - start + 1
        node = _parsed(self)
        return yaml_read.locate(node, path) if node is not None else (self.line + 1, 1)


_LAST: list[Any] = [None, None]  # the place last parsed again, and its node tree


def _parsed(place: Place) -> Any:
    """The node tree of a place's own text (lines counted from its first), kept for the
    place asked about last only: rules ask about each action in turn, and a tree kept
    for each of a hundred thousand actions would cost more than the register."""
    if _LAST[0] is not place:
        tree = yaml_read.compose(place.text[place.start : place.end], place.shown, place.line)
        node = tree.value[0] if tree is not None and tree.id == "sequence" else tree
        _LAST[:] = [place, node]
    return _LAST[1]


_ID_LINE = re.compile(r"( *- id:[ \t]+)[^\s#]")  # to the value, as locate() gives it
# A summary on one line, plain, at the indent of the action's other keys (after its `- `).
_SUMMARY_LINE = re.compile(r"^( *(?:- )?)summary:[ \t]+([^\s#'\"|>&*!%@`{\[][^\n]*)$", re.M)


class Item(NamedTuple):
    """One action as `inspect` read it: where it is, its plain data, its row if valid."""

    position: int  # in file order
    place: Place
    raw: Any  # as written: the whole mapping if invalid; of a valid one, its id and status
    row: Row | None


class _ReadWhole(Exception):
    """The actions do not parse a run at a time: the file is read in one piece instead."""


class Reader:
    """Reads one register's text, stopping at the first problem unless it `collect`s them."""

    def __init__(self, source: Source, previous: dict[str, Any] | None = None, *,
                 collect: bool = False, on_tree: Callable[[Any, str, int], None] | None = None) -> None:  # fmt: skip
        self.source = source
        self.previous = previous if not collect else None
        self.collect = collect
        self.on_tree = on_tree
        self.problems: list[FileError] = []
        self.items: list[Item] = []  # every action read, when collecting
        self.head: Any = None  # the node tree of the text around the actions
        self.prefix: str | None = None
        self.snapshot: Snapshot | None = None
        self.skip: Callable[[sections.Sections, str], Collection[int]] | None = None
        self.sections: sections.Sections | None = None  # the split, when read a run at a time

    def fail(self, error: FileError) -> None:
        if not self.collect:
            raise error
        self.problems.append(error)

    def read(self) -> Snapshot | None:
        """The snapshot (None when collecting and the board itself is unreadable)."""
        with collector_paused():
            return self._read()

    def _read(self) -> Snapshot | None:
        found = sections.split(self.source.text)
        if not found.problems and found.blocks:
            try:
                return self._in_runs(found)
            except _ReadWhole:  # the split was wrong: the whole file says what is what
                self.problems, self.items, self.head, self.sections = [], [], None, None
                return self._whole(editable=False)
        return self._whole(not found.problems, found.problems[0] if found.problems else None)

    def _in_runs(self, found: sections.Sections) -> Snapshot | None:
        text = self.source.text
        first, last = found.blocks[0].start, found.blocks[-1].end
        outside = blake2b(f"{text[:first]}\0{text[last:]}".encode(), digest_size=16).hexdigest()
        previous = self.previous
        if previous is not None and previous.get("outside") == outside:
            board, people = previous["board"], previous["people"]
        else:
            # Text the split took for the outside of the actions may be the inside of one
            # (a quoted summary continued at column 0): then the skeleton does not read,
            # or reads as something else, and the whole file is read instead.
            if len(text) - (last - first) > MAX_HEAD:
                self.fail(FileError(self.source.shown, 1, 1, (
                    f"{len(text) - (last - first):,} characters around the actions (board, "
                    f"people), more than ppb reads ({MAX_HEAD:,})"), "too-large"))  # fmt: skip
                return None
            skeleton = found.skeleton()
            try:
                parsed = self._parse(skeleton)
            except FileError:
                raise _ReadWhole from None
            if not isinstance(parsed[1], dict) or parsed[1].get("actions"):
                raise _ReadWhole  # something at the actions' indent that is not an action
            head = self._head(*parsed, skeleton)
            if head is None:
                raise _ReadWhole
            board, people = head
        prefix = self.prefix = board["prefix"]
        too_large = self._too_large(found)
        known: dict[bytes, Row] = {}
        if previous is not None and previous.get("prefix") == prefix and previous.get("digests"):
            known = dict(zip(previous["digests"], previous["rows"], strict=True))
        digests = [_block_digest(text, span) for span in found.blocks] if not self.collect else []
        rows: list[Row | None] = [known.get(d) for d in digests] or [None] * len(found.blocks)
        del known
        skip = self.skip(found, prefix) if self.skip is not None else ()
        self.sections = found
        missing = [
            i for i, row in enumerate(rows) if row is None and i not in too_large and i not in skip
        ]
        if not self.collect:  # most are read from their lines alone; the rest are parsed
            missing = canonical.read(found, missing, rows, prefix, MAX_HISTORY)
        with _progress(f"Reading {self.source.shown}", len(missing)) as advance:
            for run in _runs(missing, found.blocks):
                for index, row in zip(run, self._run(found, run, prefix), strict=True):
                    rows[index] = row
                advance(len(run))
        if self.collect:  # the rows are in `items`, each with its place
            return Snapshot(self.source, board, people, [])
        snapshot = Snapshot(self.source, board, people, rows, digests, outside)  # type: ignore[arg-type]
        if found.item_indent is not None:  # each action's start and end, compactly
            snapshot.layout = (array("q", chain.from_iterable(found.blocks)), found.item_indent)
        return snapshot

    def _too_large(self, found: sections.Sections) -> set[int]:
        """The actions longer than ppb reads, each a problem (only collecting goes past one)."""
        large = set()
        for index, span in enumerate(found.blocks):
            if span.end - span.start > MAX_ACTION:
                line = found.line_of(span.start) + 1
                self.fail(_too_long(self.source.shown, line, span.end - span.start))
                large.add(index)
        return large

    def _run(self, found: sections.Sections, run: list[int], prefix: str) -> list[Row | None]:
        """Rows for consecutive actions, parsed as one list (line numbers kept)."""
        chunk, lines = found.items_text(run[0], run[-1])
        alone = len(chunk) > RUN_TEXT
        if self.collect:  # and the blank lines and comments after: an item reads alike in any run
            chunk = self.source.text[found.blocks[run[0]].start : item_end(found, run[-1])]
        try:
            if self.collect and alone:  # one action (a run ends there)
                one = yaml_read.load(chunk, self.source.shown, lines)
                if isinstance(one, list) and len(one) == 1 and _long_history(one[0]):
                    return self._skipped(found, run[0], one[0])  # its nodes would cost more
            node, data = self._parse(chunk, lines)
        except FileError:
            raise _ReadWhole from None
        if not isinstance(data, list) or len(data) != len(run):
            raise _ReadWhole
        for offset, raw in enumerate(data):
            if _long_history(raw):  # only when reading: stops here
                self.fail(self._long(raw, found.line_of(found.blocks[run[offset]].start) + 1, 1))
        if self.on_tree is not None:
            self.on_tree(node, chunk, lines)
        places = None
        if self.collect:
            text, shown = self.source.text, self.source.shown
            places = []
            for index in run:
                span = found.blocks[index]
                places.append(
                    Place(shown, None, text, span.start, span.end, found.line_of(span.start))
                )
        return self._actions(data, node, run[0], prefix, places)

    def _whole(self, editable: bool, why: str | None = None) -> Snapshot | None:
        text, shown = self.source.text, self.source.shown
        if len(text) > MAX_WHOLE:  # a whole file's data, or node tree, is many times its size
            self.fail(FileError(shown, 1, 1, (
                f"{len(text):,} characters not laid out one `- id: …` item per action "
                f"({why or 'they do not read one at a time'}); ppb reads a register that large "
                f"only laid out so, and one of up to {MAX_WHOLE:,} in any layout"
            ), "too-large"))  # fmt: skip
            return None
        parsed = self._tree(text)
        head = parsed and self._head(*parsed, text)
        if parsed is None or head is None:
            return None
        node, data = parsed
        board, people = head
        prefix = self.prefix = board["prefix"]
        raw = data.get("actions")
        del data
        items = _Later(lambda: _child(_nodes(node), "actions"))
        if raw is not None and not isinstance(raw, list):
            line, col = yaml_read.locate(_nodes(node), ("actions",))
            self.fail(
                FileError(shown, line, col, "actions: expected a list of actions", "bad-type")
            )
            raw = []
        raw = raw or []
        rows: list[Row] = []
        if self.collect:
            for offset, action in enumerate(raw):
                if _long_history(action):
                    where = yaml_read.locate(items(), (offset, "history"), key=True)
                    self.fail(self._long(action, *where))
                    raw[offset] = None
            places = [Place(shown, items().value[i]) for i in range(len(raw))]
            rows = [r for r in self._actions(raw, items(), 0, prefix, places) if r is not None]
        for first in range(0, len(raw) if not self.collect else 0, RUN):
            run = raw[first : first + RUN]
            rows += self._validated(run, items, first, prefix)
            raw[first : first + RUN] = [None] * len(run)  # done with: let it go
        digests: list[bytes] | None = [] if editable and not rows else None  # appendable
        return Snapshot(self.source, board, people, rows, digests)

    def _skipped(self, found: sections.Sections, index: int, raw: Any) -> list[Row | None]:
        """An action with too long a history, reported and read no further (collecting)."""
        span = found.blocks[index]
        line = found.line_of(span.start)
        self.fail(self._long(raw, line + 1, 1))
        place = Place(self.source.shown, None, self.source.text, span.start, span.end, line)
        self.items.append(Item(index, place, {"id": raw.get("id")}, None))
        return [None]

    def _long(self, raw: dict[str, Any], line: int, col: int) -> FileError:
        return _long(raw, self.source.shown, line, col)

    def _validated(self, run: list[Any], items: Any, first: int, prefix: str) -> list[Row]:
        """Rows of consecutive actions of a file read whole, validated as one list; the
        first problem is found again action by action, to say where it is."""
        from pydantic import ValidationError

        from ppb.models import Action, ActionList

        context = {"prefix": prefix}
        for offset, raw in enumerate(run):
            if _long_history(raw):
                where = yaml_read.locate(_nodes(items), (first + offset, "history"), key=True)
                self.fail(self._long(raw, *where))
        try:
            actions = ActionList.model_validate(run, context=context)
        except ValidationError:
            for offset, raw in enumerate(run):
                self._model(Action, raw, items, context, (first + offset,))
            raise  # pragma: no cover - the one by one validation raised first
        return [record.from_model(a) for a in actions.root]

    def _parse(self, text: str, lines: int = 0) -> tuple[Any, Any]:
        """The node tree and data of a text that starts `lines` lines into the file: nodes
        now if collecting (check's rules look at them), else only if a problem needs a
        line and column."""
        shown = self.source.shown
        if self.collect:
            return yaml_read.tree(text, shown, lines)
        nodes = _Later(lambda: yaml_read.compose(text, shown, lines))
        return nodes, yaml_read.load(text, shown, lines)

    def _tree(self, text: str) -> tuple[Any, Any] | None:
        try:
            return self._parse(text)
        except FileError as exc:
            self.fail(exc)
            return None

    def _head(
        self, node: Any, data: Any, text: str
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The board and people, validated (None after recording why they are not)."""
        shown = self.source.shown
        try:
            _check_top(data, shown)
        except FileError as exc:
            self.fail(exc)
            return None
        self.head = node
        if self.on_tree is not None:
            self.on_tree(node, text, 0)
        if not self.collect and (plain := canonical.head(data)) is not None:
            return plain  # as the models would give it, without importing them
        from ppb.models import Register

        context = {"prefix": _prefix(data)}
        register = self._model(Register, {**data, "actions": []}, node, context, ())
        if register is None:
            return None
        people = {handle: person.model_dump() for handle, person in register.people.items()}
        return register.board.model_dump(), people

    def _actions(self, data: list[Any], node: Any, first: int, prefix: str,
                 places: list[Place] | None) -> list[Row | None]:  # fmt: skip
        """Rows of a list of actions: validated as one list, or (collecting) one by one."""
        from ppb.models import Action, ActionList

        context = {"prefix": prefix}
        if places is None:
            actions = _validate(ActionList, data, node, self.source.shown, context)
            return [record.from_model(a) for a in actions.root]
        rows: list[Row | None] = []
        for offset, (raw, place) in enumerate(zip(data, places, strict=True)):
            if raw is None:  # too long a history (a file read whole): reported
                rows.append(None)
                continue
            action = self._model(Action, raw, node, context, (offset,))
            row = record.action(record.from_model(action)) if action is not None else None
            if row is not None:  # what a rule needs of a valid one's mapping: its id and status
                raw = {"id": raw["id"], "status": raw.get("status")}
            self.items.append(Item(first + offset, place, raw, row))
            rows.append(row)
        return rows

    def _model(self, model: Any, data: Any, node: Any, context: dict[str, Any],
               path: tuple[Any, ...]) -> Any:  # fmt: skip
        """The validated model, or None after recording every problem (when collecting)."""
        from pydantic import ValidationError

        from ppb.store.located import located

        try:
            return model.model_validate(data, context=context)
        except ValidationError as exc:
            errors = located(exc, _nodes(node), self.source.shown, path)
            for error in errors if self.collect else errors[:1]:
                self.fail(error)
            return None


def _too_long(shown: str, line: int, size: int) -> FileError:
    message = (f"an action of {size:,} characters, more than ppb reads of one ({MAX_ACTION:,}); "
               "is something pasted in twice?")  # fmt: skip
    return FileError(shown, line, 1, message, "too-large")


def _long(raw: dict[str, Any], shown: str, line: int, col: int) -> FileError:
    message = (f"{len(raw['history']):,} history entries, more than ppb reads of one action "
               f"({MAX_HISTORY:,})")  # fmt: skip
    return FileError(shown, line, col, message, "too-large")


def _long_history(raw: Any) -> bool:
    return isinstance(raw, dict) and len(raw.get("history") or ()) > MAX_HISTORY


def _progress(description: str, actions: int) -> Any:
    """A bar for a long read (a first, cold read of a large register); none for a short one."""
    from ppb import progress

    return progress.task(description, actions) if actions > 4 * RUN else nullcontext(_no_advance)


def _no_advance(advance: int = 1) -> None:
    pass


def _check_top(data: Any, shown: str) -> None:
    if data is None:
        message = "no board here (the file is empty); start one with `ppb init`"
        raise FileError(shown, 1, 1, message, "empty-file")
    if not isinstance(data, dict):
        raise FileError(
            shown, 1, 1, "expected the keys board, people and actions at the top", "bad-type"
        )


def _validate(model: Any, data: Any, node: Any, shown: str, context: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from ppb.store.located import located

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise located(exc, _nodes(node), shown)[0] from None


def _child(node: Any, key: str) -> Any:
    if node is None or node.id != "mapping":
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _prefix(data: dict[str, Any]) -> str | None:
    board = data.get("board")
    raw = board.get("prefix") if isinstance(board, dict) else None
    try:
        return normalise.prefix(raw) if isinstance(raw, str) else None
    except normalise.SpellingError:
        return None


def item_end(found: sections.Sections, index: int) -> int:
    """Where item `index` ends with the blank lines and comments after it (that a run
    parses too): at the next item, or where the actions end."""
    if index + 1 < len(found.blocks):
        return found.blocks[index + 1].start
    return found.sections["actions"].end


def _block_digest(text: str, span: sections.Span) -> bytes:
    return item_digest(text[span.start : span.end].encode("utf-8"))


def _runs(indexes: list[int], blocks: list[sections.Span], most: int = RUN,
          text: int = RUN_TEXT) -> Iterator[list[int]]:  # fmt: skip
    """Consecutive indexes grouped, at most `most` and about `text` characters at a time:
    [1, 2, 3, 7, 8] -> [1, 2, 3], [7, 8]."""
    run: list[int] = []
    size = 0
    for index in indexes:
        span = blocks[index].end - blocks[index].start
        if run and (index != run[-1] + 1 or len(run) >= most or size + span > text):
            yield run
            run, size = [], 0
        run.append(index)
        size += span
    if run:
        yield run


# Meetings


def parse_meeting(text: str, shown: str, prefix: str | None) -> Meeting:
    """The meeting a file's text holds, or FileError at its first problem."""
    meeting, _, _ = inspect_meeting(text, shown, prefix, collect=False)
    assert meeting is not None
    return meeting


def inspect_meeting(text: str, shown: str, prefix: str | None, *, collect: bool = True,
                    on_tree: Callable[[Any, str, int], None] | None = None) -> tuple[Meeting | None, Any, list[FileError]]:  # fmt: skip
    """The meeting (None if invalid), its node tree, and every problem (when collecting)."""
    from pydantic import ValidationError

    from ppb.models import Meeting
    from ppb.store.located import located

    try:
        node: Any
        with collector_paused():
            if collect or on_tree is not None:
                node, data = yaml_read.tree(text, shown)
            else:  # nodes only if a problem needs a line and column
                node = _Later(lambda: yaml_read.compose(text, shown))
                data = yaml_read.load(text, shown)
        if not isinstance(data, dict):
            message = "expected a meeting: keys such as date, attendance, items"
            raise FileError(shown, 1, 1, message, "bad-type")
    except FileError as exc:
        if not collect:
            raise
        return None, None, [exc]
    if on_tree is not None:
        on_tree(node, text, 0)
    try:
        with collector_paused():
            return Meeting.model_validate(data, context={"prefix": prefix}), node, []
    except ValidationError as exc:
        node = _nodes(node)
        errors = located(exc, node, shown)
        if not collect:
            raise errors[0] from None
        return None, node, errors
