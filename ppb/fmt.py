"""`ppb fmt`: put files into the canonical layout in one reviewable change, comments kept.

The canonical layout is the one ppb writes: two-space indents with list
dashes indented under their key, mappings in block style, short lists of
words in flow style, one line per value, ids and statuses in their canonical
spelling, owners as registered handles, and YAML 1.1 words such as NO quoted. Comments stay where they are.
The result must read back as exactly the same data, or nothing is written.
"""

from __future__ import annotations

import difflib
from typing import Any

from ppb import edit, files, normalise, store
from ppb.errors import PpbError
from ppb.store import Store


def canonical(text: str, kind: str, prefix: str | None, handles: normalise.Handles | None) -> str:
    """The text in the canonical layout (`kind` is "register" or "meeting")."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # noqa: TID253

    yaml = edit.yaml_for(edit.CANONICAL)
    document = yaml.load(text)
    if document is None:
        return text

    def walk(node: Any, key: Any = None) -> Any:
        if isinstance(node, CommentedMap):
            for k in list(node.keys()):
                node[k] = walk(node[k], k)
            if node:
                node.fa.set_block_style()
            return node
        if isinstance(node, CommentedSeq):
            for i, value in enumerate(node):
                node[i] = walk(value, key)
            if node and all(isinstance(v, str) for v in node) and key in _FLOW:
                node.fa.set_flow_style()
            elif key not in _FLOW:
                node.fa.set_block_style()
            return node
        if isinstance(node, int) and not isinstance(node, bool) and key in ("id", "see", "action"):
            node = str(node)  # `id: 60` is PPB 60
        if isinstance(node, str):
            return (
                edit.to_yaml(_spelling(str(node), key, prefix, handles))
                if key in _CANONICAL
                else _quoted(node)
            )
        return node

    walk(document)
    return edit.dump(yaml, document)


_FLOW = {"owners", "see", "aliases", "members", "also_present", "apologies"}
_CANONICAL = {"id", "see", "action", "status", "owners", "who"}


def _quoted(value: Any) -> Any:
    """Plain strings that YAML 1.1 would misread get quotes; anything already quoted keeps its style."""
    from ruamel.yaml.scalarstring import ScalarString  # noqa: TID253

    if isinstance(value, ScalarString):
        return value
    return edit.to_yaml(value)


def _spelling(value: str, key: Any, prefix: str | None, handles: normalise.Handles | None) -> str:
    try:
        if key in ("id", "see", "action") and prefix:
            return normalise.action_id(value, prefix)
        if key == "status":
            return normalise.status(value)
        if key in ("owners", "who") and handles is not None:
            return handles.find(value) or value
    except normalise.SpellingError:
        return value  # `ppb check` reports it; fmt changes layout, not meaning
    return value


def fmt(board: Store, *, write: bool = True) -> list[tuple[str, str, str]]:
    """(shown path, old text, new text) for every file fmt would change; written unless not `write`."""
    changes = []
    with board.locked():
        snapshot = board.load()
        handles = snapshot.handles
        register = files.read_source(board.register_path, board.shown(board.register_path))
        new = canonical(register.text, "register", snapshot.prefix, handles)
        if new != register.text:
            before = store.parse_register(register)
            after = store.parse_register(register.with_text(new))
            if _normalised(before.model_dump(), handles) != _normalised(
                after.model_dump(), handles
            ):
                raise PpbError(
                    f"{register.shown}: formatting would change the data; nothing was written"
                )
            changes.append((register, new))
        for meeting_id in board.meeting_ids():
            source, meeting = board.meeting_source(meeting_id, snapshot.prefix)
            new = canonical(source.text, "meeting", snapshot.prefix, handles)
            if new != source.text:
                formatted = board.meeting_from_text(meeting_id, new, snapshot.prefix)
                if _normalised(meeting.model_dump(), handles) != _normalised(
                    formatted.model_dump(), handles
                ):
                    raise PpbError(
                        f"{source.shown}: formatting would change the data; nothing was written"
                    )
                changes.append((source, new))
        if write:
            for source, new in changes:
                files.replace(source, new)
    return [(source.shown, source.text, new) for source, new in changes]


def _normalised(data: Any, handles: normalise.Handles) -> Any:
    """Data with owner spellings resolved, which fmt may rewrite."""
    if isinstance(data, dict):
        return {
            k: (
                [handles.find(o) or o for o in v]
                if k == "owners" and isinstance(v, list)
                else _normalised(v, handles)
            )
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_normalised(v, handles) for v in data]
    return data


def diff(changes: list[tuple[str, str, str]]) -> str:
    return "".join(
        "".join(
            difflib.unified_diff(
                old.splitlines(True), new.splitlines(True), f"a/{shown}", f"b/{shown}"
            )
        )
        for shown, old, new in changes
    )
