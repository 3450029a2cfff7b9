"""Editing one part of a YAML file in place, with ruamel.yaml's round-trip mode.

This is the only module that imports ruamel.yaml. A part is edited only if
ruamel reproduces it byte for byte before the edit: then the edit changes the
nodes it means to change and nothing else. Otherwise LayoutError, and nothing
is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Mapping
from typing import Any

from ppb import normalise
from ppb.errors import LayoutError

# (mapping, sequence, offset) indents ppb can keep: its own canonical layout
# first, then the other common one, with list dashes under their parent key.
_STYLES = ((2, 4, 2), (2, 2, 0))
CANONICAL = _STYLES[0]
# ruamel's round trip costs ~10 s and ~130 times the text's size in memory per MB: what
# it is given is bounded (an action, the people section, a file ppb fmt rewrites).
MAX_EDIT = 128 * 1024  # characters


def _yaml(style: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    yaml.width = 1_000_000  # never fold a long summary onto two lines
    yaml.preserve_quotes = True
    return yaml


def yaml_for(style: tuple[int, int, int]) -> Any:
    """A round-trip YAML object that writes in this indent style."""
    return _yaml(style)


def dump(yaml: Any, data: Any) -> str:
    return _dump(yaml, data)


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _fit(text: str) -> tuple[tuple[int, int, int], int, Any, Any] | None:
    """The style and shift with which ruamel reproduces `text` exactly, and its document."""
    if len(text) > MAX_EDIT:
        return None
    indent = len(text) - len(text.lstrip(" "))
    for style in _STYLES:
        shift = indent - style[2] if text.lstrip(" ").startswith("-") else indent
        if shift < 0 or any(
            line.strip() and not line.startswith(" " * shift) for line in text.splitlines()
        ):
            continue
        local = "".join(line[shift:] for line in text.splitlines(keepends=True))
        yaml = _yaml(style)
        try:
            document = yaml.load(local)
        except Exception:  # ruamel raises many types; any failure means "not editable"
            continue
        if _dump(yaml, document) == local:
            return style, shift, yaml, document
    return None


def edit(text: str, change: Callable[[Any], None], where: str) -> str:
    """Apply `change` to the round-trip document of `text` and return the new text.

    `text` is a whole top-level part: one `- ` list item at its own indent, or one
    `key:` section. `where` names it in errors.
    """
    if len(text) > MAX_EDIT:
        raise LayoutError(
            f"{where} is {len(text):,} characters long, more than ppb changes in place "
            f"({MAX_EDIT:,}); is something pasted in twice?"
        )
    fit = _fit(text)
    if fit is None:
        raise LayoutError(
            f"{where} is laid out in a way ppb cannot change without rewriting other lines "
            "(indentation, line breaks or flow style); lay it out like the other entries "
            "and try again"
        )
    _, shift, yaml, document = fit
    change(document)
    return _indent(_dump(yaml, document), shift)


def _indent(text: str, shift: int) -> str:
    if shift >= 0:
        pad = " " * shift
        return "".join(pad + line if line.strip() else line for line in text.splitlines(True))
    return "".join(line[-shift:] for line in text.splitlines(True))


def render_document(data: Mapping[str, Any], prose: Collection[str] = ()) -> str:
    """A new file's text in the canonical layout; lists under the keys in `prose` (minuted
    paragraphs) one entry a line, however short."""
    document = to_yaml(data)
    if prose:
        _block_lists(document, prose)
    return _dump(_yaml(CANONICAL), document)


def _block_lists(node: Any, prose: Collection[str], key: Any = None) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        for k, value in node.items():
            _block_lists(value, prose, k)
    elif isinstance(node, CommentedSeq):
        if key in prose:
            node.fa.set_block_style()
        for value in node:
            _block_lists(value, prose, key)


def render_item(data: Mapping[str, Any], indent: int, style: tuple[int, int, int]) -> str:
    """A new list item (one action) in the file's layout, at `indent` spaces."""
    yaml = _yaml(style)
    text = _dump(yaml, [to_yaml(data)])
    return _indent(text, indent - style[2])


def to_yaml(value: Any) -> Any:
    """Plain data as ruamel nodes: short lists in flow style, YAML 1.1 words quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[to_yaml(key)] = to_yaml(item)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(to_yaml(v) for v in value)
        if all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and normalise.needs_quotes(value):
        return SingleQuotedScalarString(value)
    return value


def style_of(text: str) -> tuple[int, int, int]:
    """The indent style ruamel reproduces `text` with (canonical if none does)."""
    fit = _fit(text)
    return fit[0] if fit else CANONICAL


def scalar(text: str) -> str:
    """One string as YAML would write it as a plain or quoted value on one line."""
    yaml = _yaml(CANONICAL)
    return _dump(yaml, {"x": to_yaml(text)})[3:].rstrip("\n")


def canonical(text: str, flow: Collection[str], spell: Callable[[Any, str], str | None]) -> str:
    """The whole text re-laid out canonically, comments kept: block mappings, block lists
    but for the lists of words under the keys in `flow`, and each string under a key
    re-spelt as `spell(key, value)` says (None: as it is; YAML 1.1 words get quotes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml(CANONICAL)
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
            if node and all(isinstance(v, str) for v in node) and key in flow:
                node.fa.set_flow_style()
            elif key not in flow:
                node.fa.set_block_style()
            return node
        if isinstance(node, int) and not isinstance(node, bool) and key in ("id", "see", "action"):
            node = str(node)  # `id: 60` is PPB 60
        if isinstance(node, str):
            respelt = spell(key, str(node))
            return to_yaml(respelt) if respelt is not None else _quoted(node)
        return node

    walk(document)
    return _dump(yaml, document)


def _quoted(value: Any) -> Any:
    """Plain strings that YAML 1.1 would misread get quotes; anything already quoted keeps its style."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(value, ScalarString):
        return value
    return to_yaml(value)
