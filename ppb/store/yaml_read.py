"""Reading YAML fast and safely: every scalar a string, every problem at path:line:col.

This is the only module that imports PyYAML. Its C parser builds the node tree;
we construct plain dicts, lists and strings from it ourselves, so that no tag,
alias or duplicate key slips through and no YAML 1.1 word turns into a bool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ppb.errors import FileError

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TAGS = {"scalar": _STR, "sequence": _SEQ, "mapping": _MAP}  # the only tags allowed
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])
_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)


def _yaml() -> Any:
    import yaml

    return yaml


MAX_DEPTH = 50  # ppb's files nest a handful of levels; far deeper is an attack or an accident


def compose(text: str, path: str) -> Any:
    """The node tree of one YAML document, or FileError at the first syntax problem."""
    yaml = _yaml()
    loader = yaml.CBaseLoader(text) if yaml.__with_libyaml__ else yaml.BaseLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed quote: where it opens, not the end of the file
        check_conflict(text, path)
        message = " ".join(filter(None, [exc.problem, exc.context and f"({exc.context})"]))
        code = "yaml-syntax"
        if _char_at(text, mark.line, mark.column) == "\t":
            message, code = "a tab character: YAML indents with spaces only", "tab"
        elif "single document" in message:
            message, code = "more than one YAML document (---); a ppb file holds one", "documents"
        elif "nesting depth" in message:
            code = "too-deep"
        line, col = mark.line + 1, mark.column + 1
        raise FileError(path, line, col, message or "YAML syntax error", code) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        message = f"character {exc.character!r} is not allowed in YAML (a control character?)"
        raise FileError(path, line, col, message, "yaml-syntax") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "YAML error"
        raise FileError(path, 1, 1, f"YAML error: {first}", "yaml-syntax") from None
    except RecursionError:
        raise FileError(path, 1, 1, "nested too deeply to read", "too-deep") from None
    finally:
        loader.dispose()
    return node


def tree(text: str, path: str) -> tuple[Any, Any]:
    """The node tree and the plain data of one YAML document (FileError if either fails)."""
    node = compose(text, path)
    return node, (None if node is None else build(node, path, text))


def build(node: Any, path: str, text: str = "") -> Any:
    """Plain data from a node: refuses tags, aliases, duplicate keys and deep nesting.

    `text` is the YAML the node came from; it is read again only to say where
    an alias is.
    """
    return _Builder(path, text).walk(node, 0)


class _Builder:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.seen: set[int] = set()

    def fail(self, at: Any, message: str, code: str) -> FileError:
        mark = at.start_mark
        return FileError(self.path, mark.line + 1, mark.column + 1, message, code)

    def walk(self, n: Any, depth: int) -> Any:
        if id(n) in self.seen:
            line, col = _first_alias(self.text)
            message = "YAML aliases (*name) are not allowed; write the value out"
            raise FileError(self.path, line, col, message, "alias")
        self.seen.add(id(n))
        if depth > MAX_DEPTH:
            raise self.fail(n, f"nested more than {MAX_DEPTH} levels deep", "too-deep")
        if n.tag != _TAGS[n.id]:
            raise self.fail(n, f"YAML tags such as {n.tag} are not allowed", "tag")
        if n.id == "scalar":
            if not n.style and n.value in _NULLS:  # plain (the C parser says "", Python None)
                return None  # only an unquoted ~ or null is nothing; '~' is text
            return n.value
        if n.id == "sequence":
            return [self.walk(child, depth + 1) for child in n.value]
        return self.mapping(n, depth)

    def mapping(self, n: Any, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, Any] = {}
        for key_node, value_node in n.value:
            if key_node.id != "scalar":
                raise self.fail(key_node, "a key must be plain text", "bad-key")
            key = self.walk(key_node, depth + 1)
            if key in out:
                line = first[key].start_mark.line + 1
                message = f"duplicate key {key!r} (first at line {line})"
                raise self.fail(key_node, message, "duplicate-key")
            first[key] = key_node
            out[key] = self.walk(value_node, depth + 1)
        return out


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


def _first_alias(text: str) -> tuple[int, int]:
    """Where the first alias is (1-based), found again from the event stream."""
    yaml = _yaml()
    loader = yaml.CBaseLoader if yaml.__with_libyaml__ else yaml.BaseLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except yaml.YAMLError:
        pass
    return 1, 1


def check_conflict(text: str, path: str) -> None:
    """FileError if the text holds git conflict markers."""
    match = _CONFLICT.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        message = "unresolved git merge conflict marker; resolve the merge first"
        raise FileError(path, line, 1, message, "merge-conflict")
