"""Whether a board's files are valid: every problem, where it is, and which rule it breaks.

Problems are values (`Problem`); `check` returns all of them, sorted, so that
editors and CI can jump to each. A file that does not parse gives its one
syntax problem; a file that parses is checked field by field, each action on
its own, so that one bad action does not hide the others. Then references
between the files are checked: owners, `see`, meetings, Matters Arising.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from ppb import normalise, parse
from ppb.errors import FileError, PpbError
from ppb.files import MAX_MEETING, MAX_REGISTER, read_source
from ppb.store import MEETINGS, REGISTER, Store


class Problem(NamedTuple):
    path: str  # relative to the board
    line: int
    col: int
    code: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message} [{self.code}]"

    def record(self) -> dict[str, Any]:
        return self._asdict()


class _Action(NamedTuple):
    """What the cross-file checks need of one valid action, and where its fields are."""

    position: int  # in the file
    id: str
    owners: list[str]
    raised: str | None
    due: str | None
    see: list[str]
    status: str
    history: list[tuple[str, str | None, str]]  # (date, meeting, status)
    node: Any  # a _Place


def check(board: Store) -> list[Problem]:
    """Every problem in the board's files, sorted by file, line and column."""
    problems: list[Problem] = []
    register = _register(board, problems)
    meetings = _meetings(board, register, problems)
    if register is not None:
        _references(register, meetings, problems)
    return sorted(set(problems), key=lambda p: (p.path != REGISTER, p.path, p.line, p.col, p.code))


def _read_text(path: str, shown: str, limit: int, problems: list[Problem]) -> str | None:
    """A file's text, or None after recording why it cannot be read."""
    try:
        text = read_source(path, shown, limit).text
        parse.check_conflict(text, shown)
    except FileError as exc:
        problems.append(Problem(shown, exc.line, exc.col, exc.code, exc.detail))
        return None
    except PpbError as exc:  # not a file, unreadable, gone
        problems.append(Problem(shown, 1, 1, "unreadable", exc.message.removeprefix(f"{shown}: ")))
        return None
    return text


def _validate(model: Any, data: Any, node: Any, shown: str, context: dict[str, Any], problems: list[Problem],
              prefix: tuple[Any, ...] = ()) -> Any:  # fmt: skip
    from pydantic import ValidationError

    from ppb.problems import located

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        for error in located(exc, node, shown, prefix):
            problems.append(Problem(shown, error.line, error.col, error.code, error.detail))
        return None


class _Register(NamedTuple):
    prefix: str
    people: dict[str, Any]
    handles: normalise.Handles
    actions: list[_Action]  # the valid ones, and what reads of the others
    ids: dict[str, list[Any]]  # every id that reads as one, valid action or not: its places
    node: Any
    text: str


class _Place:
    """Where one action is, to locate its fields when a problem is found.

    In a large register the actions are parsed a run at a time and their node
    trees dropped; a place keeps only where the action's text is and its first
    line, and parses it again in the rare case a problem needs a line and
    column (its id, the commonest, is found without parsing).
    """

    __slots__ = ("node", "text", "start", "end", "line")

    def __init__(
        self, node: Any = None, text: str = "", start: int = 0, end: int = 0, line: int = 0
    ) -> None:
        self.node, self.text, self.start, self.end, self.line = node, text, start, end, line

    def at(self, *path: Any) -> tuple[int, int]:
        if self.node is None and path == ("id",):
            match = _ID_LINE.match(self.text, self.start, self.end)
            if match:
                return self.line + 1, match.end(1) - self.start + 1
        if self.node is None:
            tree = parse.compose("\n" * self.line + self.text[self.start : self.end], REGISTER)
            self.node = tree.value[0] if tree is not None and tree.id == "sequence" else tree
        return parse.locate(self.node, path) if self.node is not None else (self.line + 1, 1)


_ID_LINE = re.compile(r"( *- id:[ \t]+)[^\s#]")  # to the value, as locate() gives it


def _register(board: Store, problems: list[Problem]) -> _Register | None:
    from ppb import layout

    text = _read_text(board.register_path, REGISTER, MAX_REGISTER, problems)
    if text is None:
        return None
    found = layout.split(text)
    if not found.problems and found.blocks:
        try:
            return _register_in_runs(text, found, problems)
        except _ReadWhole:
            pass
    return _register_whole(text, problems)


class _ReadWhole(Exception):
    """The actions do not parse a run at a time: check the file in one piece."""


def _register_head(text: str, node: Any, problems: list[Problem]) -> tuple[Any, Any] | None:
    """The validated board and people, and the raw actions (None after recording why not)."""
    from ppb.models import Register

    data = parse.build(node, REGISTER, text) if node is not None else None
    if data is None:
        message = "no board here (the file is empty); start one with `ppb init`"
        problems.append(Problem(REGISTER, 1, 1, "empty-file", message))
        return None
    if not isinstance(data, dict):
        message = "expected the keys board, people and actions at the top"
        problems.append(Problem(REGISTER, 1, 1, "bad-type", message))
        return None
    _cut_comments(text, node, REGISTER, problems)
    head = _validate(Register, {**data, "actions": []}, node, REGISTER, {}, problems)
    if head is None:
        return None
    raw_actions = data.get("actions")
    if raw_actions is not None and not isinstance(raw_actions, list):
        line, col = parse.locate(node, ("actions",))
        problems.append(
            Problem(REGISTER, line, col, "bad-type", "actions: expected a list of actions")
        )
        raw_actions = []
    return head, raw_actions or []


def _parsed(text: str, shown: str, problems: list[Problem]) -> tuple[bool, Any]:
    """(True, node tree) if the text parses; else (False, None) after recording why not."""
    try:
        return True, parse.tree(text, shown)[0]
    except FileError as exc:
        problems.append(Problem(shown, exc.line, exc.col, exc.code, exc.detail))
        return False, None


def _start(text: str, problems: list[Problem]) -> tuple[_Register, list[Any], Any] | None:
    """The register's board and people checked, its raw actions and its node tree."""
    ok, node = _parsed(text, REGISTER, problems)
    read = _register_head(text, node, problems) if ok else None
    if read is None:
        return None
    head, raw_actions = read
    return _new_register(head, node), raw_actions, node


def _register_whole(text: str, problems: list[Problem]) -> _Register | None:
    started = _start(text, problems)
    if started is None:
        return None
    register, raw_actions, node = started
    items = _child(node, "actions")
    for index, raw in enumerate(raw_actions):
        place = _Place(items.value[index] if items is not None else None)
        _check_action(register, index, raw, node, ("actions", index), place, problems)
    _people_clashes(register.people, node, problems)
    return register


def _register_in_runs(text: str, found: Any, problems: list[Problem]) -> _Register | None:
    started = _start(found.skeleton(), problems)
    if started is None:
        return None
    register, _, node = started
    _people_clashes(register.people, node, problems)
    blocks = found.blocks
    for start in range(0, len(blocks), 500):
        run = blocks[start : start + 500]
        chunk = found.items_text(start, start + len(run) - 1)
        try:
            tree, raw = parse.tree(chunk, REGISTER)
        except FileError:
            raise _ReadWhole from None
        if not isinstance(raw, list) or len(raw) != len(run):
            raise _ReadWhole
        _cut_comments(chunk, tree, REGISTER, problems)
        for offset, (span, item) in enumerate(zip(run, raw, strict=True)):
            place = _Place(None, text, span.start, span.end, found.line_of(span.start))
            _check_action(register, start + offset, item, tree, (offset,), place, problems)
    return register


def _new_register(head: Any, node: Any) -> _Register:
    people = {handle: person.model_dump() for handle, person in head.people.items()}
    return _Register(head.board.prefix, people, normalise.Handles(people), [], {}, node, "")


def _check_action(register: _Register, index: int, raw: Any, node: Any, path: tuple[Any, ...],
                  place: _Place, problems: list[Problem]) -> None:  # fmt: skip
    """Validate one action; keep what the cross-file checks need of it."""
    from ppb.models import Action

    prefix = register.prefix
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        try:
            register.ids.setdefault(normalise.action_id(raw["id"], prefix), []).append(place)
        except normalise.SpellingError:
            pass
    action = _validate(Action, raw, node, REGISTER, {"prefix": prefix}, problems, path)
    if action is None:  # still check the references it makes, as far as they read
        partial = _partial(index, raw, prefix, place)
        if partial is not None:
            register.actions.append(partial)
        return
    history = [(e.date.isoformat(), e.meeting, e.status) for e in action.history]
    register.actions.append(_Action(index, action.id, list(action.owners), action.raised, action.due,
                                    list(action.see), action.status, history, place))  # fmt: skip
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"] != action.id:
        _add(
            problems,
            REGISTER,
            place,
            ("id",),
            "spelling",
            f"write the id as {action.id!r}",
            "warning",
        )


def _partial(index: int, raw: Any, prefix: str, node: Any) -> _Action | None:
    """The readable parts of an action that failed validation (`status` counts as closed)."""
    if not isinstance(raw, dict):
        return None

    def attempt(function: Any, value: Any) -> Any:
        try:
            return function(value) if isinstance(value, str) else None
        except normalise.SpellingError:
            return None

    ident = attempt(lambda v: normalise.action_id(v, prefix), raw.get("id"))
    if ident is None:
        return None
    owners = (
        [o for o in raw.get("owners") or [] if isinstance(o, str)]
        if isinstance(raw.get("owners"), list)
        else []
    )
    see: list[Any] = raw["see"] if isinstance(raw.get("see"), list) else []
    history: list[Any] = raw["history"] if isinstance(raw.get("history"), list) else []
    return _Action(
        index, ident, owners, attempt(normalise.meeting_id, raw.get("raised")),
        attempt(normalise.meeting_id, raw.get("due")),
        [i for i in (attempt(lambda v: normalise.action_id(v, prefix), x) for x in see) if i],
        "unknown",
        [("", attempt(normalise.meeting_id, e.get("meeting")), "") for e in history if isinstance(e, dict)],
        node,
    )  # fmt: skip


def _child(node: Any, key: str) -> Any:
    if node is None or node.id != "mapping":
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _at(node: Any, *path: Any) -> tuple[int, int]:
    if isinstance(node, _Place):
        return node.at(*path)
    if node is None:
        return 1, 1
    return parse.locate(node, path)


def _people_clashes(people: dict[str, Any], node: Any, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for handle, person in people.items():
        spellings = [handle, *(person.get("aliases") or [])]
        if person.get("name") and person["name"] != handle:
            spellings.append(person["name"])
        for spelling in spellings:
            key = " ".join(spelling.split()).casefold()
            other = seen.setdefault(key, handle)
            if other != handle:
                line, col = parse.locate(node, ("people", handle))
                problems.append(Problem(REGISTER, line, col, "ambiguous-handle",
                                        f"{spelling!r} names both {other} and {handle}"))  # fmt: skip


_CUT = re.compile(r"[ \t]+#\S")


def _cut_comments(text: str, node: Any, shown: str, problems: list[Problem]) -> None:
    """Plain values followed on their line by ` #word`: YAML took the rest for a comment."""
    lines = text.split("\n")
    for scalar in _scalars(node):
        if scalar.style or scalar.start_mark.line != scalar.end_mark.line:  # quoted or block
            continue
        line = lines[scalar.end_mark.line]
        if _CUT.match(line, scalar.end_mark.column):
            problems.append(Problem(
                shown, scalar.end_mark.line + 1, scalar.end_mark.column + 1, "cut-comment",
                f"the text after {scalar.value!r} was read as a comment (` #`); quote the whole value "
                "if it is part of it", "warning",
            ))  # fmt: skip


def _scalars(node: Any) -> Iterator[Any]:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.id == "scalar":
            yield current
        elif current.id == "sequence":
            stack.extend(current.value)
        else:
            stack.extend(value for _, value in current.value)


class _Meeting(NamedTuple):
    id: str
    shown: str
    meeting: Any
    node: Any


def _meetings(board: Store, register: _Register | None, problems: list[Problem]) -> list[_Meeting]:
    from ppb.models import Meeting

    try:
        names = sorted(os.listdir(board.meetings_dir))
    except OSError:
        return []
    found = []
    for name in names:
        path = os.path.join(board.meetings_dir, name)
        shown = f"{MEETINGS}/{name}"
        if not name.endswith((".yaml", ".yml")) or not os.path.isfile(path):
            continue
        stem = name.rsplit(".", 1)[0]
        try:
            meeting_id = normalise.meeting_id(stem)
        except normalise.SpellingError:
            problems.append(Problem(shown, 1, 1, "meeting-name",
                                    "a meeting file is named by its id, such as 2014-03-13.yaml", "warning"))  # fmt: skip
            continue
        if name.endswith(".yml"):
            problems.append(
                Problem(shown, 1, 1, "meeting-name", f"name it {stem}.yaml; ppb reads .yaml files")
            )
        text = _read_text(path, shown, MAX_MEETING, problems)
        if text is None:
            continue
        ok, node = _parsed(text, shown, problems)
        if not ok:
            continue
        data = parse.build(node, shown, text) if node is not None else None
        if not isinstance(data, dict):
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "bad-type",
                    "expected a meeting: keys such as date, attendance, items",
                )
            )
            continue
        _cut_comments(text, node, shown, problems)
        context = {"prefix": register.prefix if register else None}
        meeting = _validate(Meeting, data, node, shown, context, problems)
        if meeting is None:
            continue
        if meeting.date.isoformat() != meeting_id[:10]:
            line, col = _at(node, "date")
            problems.append(Problem(shown, line, col, "meeting-date",
                                    f"the file is named for {meeting_id[:10]} but says date {meeting.date}"))  # fmt: skip
        found.append(_Meeting(meeting_id, shown, meeting, node))
    return found


def _add(problems: list[Problem], shown: str, node: Any, path: tuple[Any, ...], code: str, message: str,
         severity: str = "error") -> None:  # fmt: skip
    """Record a problem at the node found by following `path` from `node`."""
    line, col = _at(node, *path)
    problems.append(Problem(shown, line, col, code, message, severity))


def _references(register: _Register, meetings: list[_Meeting], problems: list[Problem]) -> None:
    from ppb import meetings as meeting_rules

    by_id = register.ids
    for action_id, nodes in by_id.items():
        if len(nodes) > 1:
            places = [_at(n, "id") for n in nodes]
            for line, col in places:
                others = ", ".join(f"line {p[0]}" for p in places if p != (line, col))
                message = f"{action_id} is used again at {others}; `ppb renumber` fixes one"
                problems.append(Problem(REGISTER, line, col, "duplicate-id", message))
    held = {m.id for m in meetings}
    for action in register.actions:
        here = action.node
        for position, owner in enumerate(action.owners):
            if register.handles.find(owner) is None:
                message = f"{action.id}: unknown owner {owner!r}; add them with `ppb people add`"
                _add(problems, REGISTER, here, ("owners", position), "unknown-handle", message)
        for position, other in enumerate(action.see):
            if other not in by_id:
                message = f"{action.id}: see {other}, which does not exist"
                _add(problems, REGISTER, here, ("see", position), "dangling-see", message)
        if action.raised and action.raised not in held:
            message = f"{action.id}: raised at {action.raised}, which has no meeting file"
            _add(problems, REGISTER, here, ("raised",), "dangling-meeting", message)
        if action.due and len(action.due) > 10 and action.due not in held:
            message = f"{action.id}: due at meeting {action.due}, which has no meeting file"
            _add(problems, REGISTER, here, ("due",), "dangling-meeting", message)
        if action.history and action.status in normalise.STATUSES:
            said = action.history[-1][2]
            if said and said != action.status:
                message = (
                    f"{action.id}: status is {action.status!r} but its latest progress says "
                    f"{said!r}; record changes with `ppb update`"
                )
                _add(problems, REGISTER, here, ("status",), "status-mismatch", message, "warning")
        for position, (_, meeting, _) in enumerate(action.history):
            if meeting and meeting not in held:
                message = f"{action.id}: progress given at {meeting}, which has no meeting file"
                _add(
                    problems,
                    REGISTER,
                    here,
                    ("history", position, "meeting"),
                    "dangling-meeting",
                    message,
                )
    for m in meetings:
        _meeting_references(m, register, problems)
    if meetings:
        latest = max(meetings, key=lambda m: meeting_rules.meeting_key(m.id))
        _not_carried(latest, register, problems)


def _meeting_references(m: _Meeting, register: _Register, problems: list[Problem]) -> None:
    meeting, by_id = m.meeting, register.ids
    for group in ("members", "also_present", "apologies"):
        for position, handle in enumerate(getattr(meeting.attendance, group)):
            if register.handles.find(handle) is None:
                message = f"unknown person {handle!r} in {group}"
                _add(
                    problems,
                    m.shown,
                    m.node,
                    ("attendance", group, position),
                    "unknown-handle",
                    message,
                )
    for position, departure in enumerate(meeting.departures):
        if register.handles.find(departure.who) is None:
            message = f"unknown person {departure.who!r} left"
            _add(
                problems,
                m.shown,
                m.node,
                ("departures", position, "who"),
                "unknown-handle",
                message,
            )
    seen: set[str] = set()
    for position, entry in enumerate(meeting.matters_arising):
        action = getattr(entry, "action", None)
        path = ("matters_arising", position, "action")
        if action is None:
            continue
        if action not in by_id:
            message = f"Matters Arising names {action}, which does not exist"
            _add(problems, m.shown, m.node, path, "dangling-action", message)
        elif action in seen:
            message = f"{action} is listed twice in Matters Arising"
            _add(problems, m.shown, m.node, path, "duplicate-entry", message, "warning")
        seen.add(action)

    def entries(listed: list[Any], path: tuple[Any, ...], where: str) -> None:
        for position, entry in enumerate(listed):
            action = getattr(entry, "action", None)
            if action is not None and action not in by_id:
                message = f"{where} names {action}, which does not exist"
                _add(
                    problems,
                    m.shown,
                    m.node,
                    (*path, position, "action"),
                    "dangling-action",
                    message,
                )

    def items(listed: list[Any], path: tuple[Any, ...]) -> None:
        for i, item in enumerate(listed):
            entries(item.text, (*path, i, "text"), repr(item.title))
            items(item.items, (*path, i, "items"))

    items(meeting.items, ("items",))
    entries(meeting.other_business, ("other_business",), "other business")


def _not_carried(latest: _Meeting, register: _Register, problems: list[Problem]) -> None:
    from ppb import meetings as meeting_rules

    listed = {getattr(e, "action", None) for e in latest.meeting.matters_arising}
    for action in register.actions:
        if action.status not in normalise.STATUSES:
            continue
        row = (
            action.id,
            "",
            (),
            action.raised,
            action.status,
            tuple((*h, None) for h in action.history),
        )
        if action.id not in listed and meeting_rules.open_at(row, latest.id):
            message = (
                f"{action.id} is open but not in the Matters Arising of {latest.id} "
                f"(`ppb carry-forward {latest.id}`)"
            )
            _add(problems, REGISTER, action.node, ("id",), "not-carried", message, "warning")
