"""Reading YAML fast and safely: every scalar a string, every problem at path:line:col.

This is the only module that imports PyYAML. Its C parser gives a stream of
events, and we build from them ourselves, in one pass and without recursion:
plain dicts, lists and strings (`load`), and where a caller needs to know
where things are, a lean tree of nodes (`compose`: slotted, with line and
column, a fraction of PyYAML's own nodes). No tag, alias or duplicate key
slips through, no YAML 1.1 word turns into a bool, and nothing is built twice:
PyYAML's composer costs several times the time and memory of the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from sys import intern
from typing import Any, NamedTuple

from ppb.errors import FileError

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])
_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)


def _yaml() -> Any:
    import yaml

    return yaml


MAX_DEPTH = 50  # ppb's files nest a handful of levels; far deeper is an attack or an accident


class Mark(NamedTuple):
    line: int  # 0-based, as PyYAML's marks
    column: int


class Node:
    """One node of a document: a scalar (value: str), a sequence (value: nodes) or a
    mapping (value: (key node, value node) pairs), and where it starts and ends."""

    __slots__ = ("id", "value", "style", "line", "column", "end_line", "end_column")

    def __init__(self, kind: str, value: Any, style: Any, start: Any, end: Any, lines: int) -> None:
        self.id, self.value, self.style = kind, value, style
        self.line, self.column = start.line + lines, start.column
        self.end_line, self.end_column = end.line + lines, end.column

    @property
    def start_mark(self) -> Mark:
        return Mark(self.line, self.column)

    @property
    def end_mark(self) -> Mark:
        return Mark(self.end_line, self.end_column)


def load(text: str, path: str, lines: int = 0) -> Any:
    """The plain data of one YAML document, or FileError at its first problem.

    `lines` is how many lines of the file come before the text (for line numbers)."""
    return _read(text, path, False, lines)[1]


def compose(text: str, path: str, lines: int = 0) -> Node | None:
    """The node tree of one YAML document (None if empty), or FileError."""
    return _read(text, path, True, lines)[0]


def tree(text: str, path: str, lines: int = 0) -> tuple[Node | None, Any]:
    """The node tree and the plain data of one YAML document (FileError if either fails)."""
    return _read(text, path, True, lines)


def _read(text: str, path: str, nodes: bool, lines: int) -> tuple[Node | None, Any]:
    yaml = _yaml()
    loader = yaml.CBaseLoader(text) if yaml.__with_libyaml__ else yaml.BaseLoader(text)
    try:
        return _Builder(path, nodes, lines).run(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed quote: where it opens, not the end of the file
        check_conflict(text, path, lines)
        message = " ".join(filter(None, [exc.problem, exc.context and f"({exc.context})"]))
        code = "yaml-syntax"
        if _char_at(text, mark.line, mark.column) == "\t":
            message, code = "a tab character: YAML indents with spaces only", "tab"
        elif "nesting depth" in message:
            code = "too-deep"
        line, col = mark.line + 1 + lines, mark.column + 1
        raise FileError(path, line, col, message or "YAML syntax error", code) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 1 + lines
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        message = f"character {exc.character!r} is not allowed in YAML (a control character?)"
        raise FileError(path, line, col, message, "yaml-syntax") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "YAML error"
        raise FileError(path, 1, 1, f"YAML error: {first}", "yaml-syntax") from None
    finally:
        loader.dispose()


_KEY = object()  # a mapping waiting for its next key


class _Frame:
    """A sequence or mapping being built: its data, its nodes, the key awaiting a value."""

    __slots__ = ("data", "pairs", "key", "key_node", "start", "lines")

    def __init__(self, data: Any, start: Any) -> None:
        self.data, self.start = data, start
        self.pairs: list[Any] = []
        self.key: Any = _KEY
        self.key_node: Any = None
        self.lines: dict[Any, int] = {}  # a mapping's keys, and the line each was first at


class _Builder:
    def __init__(self, path: str, nodes: bool, lines: int) -> None:
        self.path, self.nodes, self.lines = path, nodes, lines
        yaml = _yaml()
        self.kinds = {yaml.ScalarEvent: "scalar", yaml.SequenceStartEvent: "sequence",
                      yaml.MappingStartEvent: "mapping", yaml.SequenceEndEvent: "end",
                      yaml.MappingEndEvent: "end", yaml.AliasEvent: "alias",
                      yaml.DocumentStartEvent: "document", yaml.DocumentEndEvent: "skip",
                      yaml.StreamStartEvent: "skip", yaml.StreamEndEvent: "stream-end"}  # fmt: skip

    def fail(self, mark: Any, message: str, code: str) -> FileError:
        return FileError(self.path, mark.line + 1 + self.lines, mark.column + 1, message, code)

    def run(self, get: Any) -> tuple[Node | None, Any]:
        """Every event of the stream, one document's worth: its nodes and data."""
        stack: list[_Frame] = []
        root: list[Any] = []  # (node, data) of the document, once built
        documents = 0
        while (event := get()) is not None:
            kind = self.kinds[type(event)]
            if kind == "scalar":
                self.attach(stack, root, *self.scalar(event), event.start_mark)
            elif kind in ("sequence", "mapping"):
                self.check(event, kind, stack)
                data: Any = {} if kind == "mapping" else []
                stack.append(_Frame(data, event))
            elif kind == "end":
                frame = stack.pop()
                node = None
                if self.nodes:
                    start = frame.start
                    collection = "mapping" if isinstance(frame.data, dict) else "sequence"
                    style = start.flow_style
                    node = Node(collection, frame.pairs, style, start.start_mark,
                                event.end_mark, self.lines)  # fmt: skip
                self.attach(stack, root, node, frame.data, frame.start.start_mark)
            elif kind == "alias":
                message = "YAML aliases (*name) are not allowed; write the value out"
                raise self.fail(event.start_mark, message, "alias")
            elif kind == "document":
                documents += 1
                if documents > 1:
                    message = "more than one YAML document (---); a ppb file holds one"
                    raise self.fail(event.start_mark, message, "documents")
        return (root[0], root[1]) if root else (None, None)

    def scalar(self, event: Any) -> tuple[Node | None, Any]:
        if event.tag not in (None, "!", _STR):
            raise self.fail(
                event.start_mark, f"YAML tags such as {event.tag} are not allowed", "tag"
            )
        value = event.value
        if len(value) <= 32:  # keys, dates, statuses, handles: the same few words, held once
            value = intern(value)
        plain = not event.style
        data = None if plain and value in _NULLS else value  # only a plain ~ or null is nothing
        node = None
        if self.nodes:
            node = Node("scalar", value, event.style, event.start_mark, event.end_mark, self.lines)
        return node, data

    def check(self, event: Any, kind: str, stack: list[_Frame]) -> None:
        """A sequence or mapping may start here: not as a key, not too deep, not tagged."""
        if event.tag not in (None, "!", _SEQ if kind == "sequence" else _MAP):
            raise self.fail(
                event.start_mark, f"YAML tags such as {event.tag} are not allowed", "tag"
            )
        if stack and isinstance(stack[-1].data, dict) and stack[-1].key is _KEY:
            raise self.fail(event.start_mark, "a key must be plain text", "bad-key")
        if len(stack) >= MAX_DEPTH:
            message = f"nested more than {MAX_DEPTH} levels deep"
            raise self.fail(event.start_mark, message, "too-deep")

    def attach(self, stack: list[_Frame], root: list[Any], node: Any, data: Any, mark: Any) -> None:
        """Put a finished value where it belongs: in its parent, or as the document."""
        if not stack:
            root[:] = [node, data]
            return
        frame = stack[-1]
        if not isinstance(frame.data, dict):
            frame.data.append(data)
            if node is not None:
                frame.pairs.append(node)
            return
        if frame.key is _KEY:  # this is a key
            if data in frame.lines:
                message = f"duplicate key {data!r} (first at line {frame.lines[data]})"
                raise self.fail(mark, message, "duplicate-key")
            frame.lines[data] = mark.line + 1 + self.lines
            frame.key, frame.key_node = data, node
            return
        frame.data[frame.key] = data
        if node is not None:
            frame.pairs.append((frame.key_node, node))
        frame.key, frame.key_node = _KEY, None


def locate(node: Any, loc: Sequence[Any], key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value at a Pydantic error location.

    With `key`, the position of the last key itself (for unknown keys). Parts of
    the location that name no node (union branch names) are skipped.
    """
    best = node
    for part in loc:
        if node is None:
            break
        if node.id == "mapping":
            for key_node, value_node in node.value:
                if key_node.value == part:
                    best, node = (key_node if key else value_node), value_node
                    break
            else:
                continue
        elif node.id == "sequence" and isinstance(part, int):
            if 0 <= part < len(node.value):
                best = node = node.value[part]
            else:
                break
    mark = best.start_mark
    return mark.line + 1, mark.column + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def check_conflict(text: str, path: str, lines: int = 0) -> None:
    """FileError if the text holds git conflict markers."""
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1 + lines
        message = "unresolved git merge conflict marker; resolve the merge first"
        raise FileError(path, line, 1, message, "merge-conflict")
