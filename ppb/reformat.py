"""`ppb fmt`: put files into the canonical layout in one reviewable change, comments kept.

Kept translations (translations/<lang>/*.po) are laid out as ppb writes them:
the header, then one entry a paragraph, in reading order.

The canonical layout is the one ppb writes: two-space indents with list
dashes indented under their key, mappings in block style, short lists of
words in flow style, one line per value, ids and statuses in their canonical
spelling, owners as registered handles, and YAML 1.1 words such as NO quoted. Comments stay where they are.
The result must read back as exactly the same data, or nothing is written.
"""

from __future__ import annotations

import difflib
from typing import Any

from ppb import normalise
from ppb.errors import PpbError
from ppb.store import Store, files, yaml_edit
from ppb.store.register import parse_register


def canonical(text: str, kind: str, prefix: str | None, handles: normalise.Handles | None) -> str:
    """The text in the canonical layout (`kind` is "register" or "meeting")."""

    def spell(key: Any, value: str) -> str | None:
        return _spelling(value, key, prefix, handles) if key in _CANONICAL else None

    return yaml_edit.canonical(text, _FLOW, spell)


_FLOW = {"owners", "see", "aliases", "members", "also_present", "apologies", "languages"}
_CANONICAL = {"id", "see", "action", "status", "owners", "who"}


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


# ruamel's round trip costs ~10 s and ~130 times the text's size a MB: fmt lays out files
# up to this size, and only makes the line ends of a larger one one kind.
MAX_REFORMAT = 1024 * 1024  # characters


def reformat(
    store: Store, *, write: bool = True, too_large: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """(shown path, old text, new text) for every file fmt would change; written unless not
    `write`. The files too large to lay out are added to `too_large`."""
    from ppb import progress

    changes = []
    large = too_large if too_large is not None else []
    with store.locked(), progress.task("ppb fmt", 1 + len(store.meeting_ids())) as advance:
        snapshot = store.load()
        handles = snapshot.handles
        register = store.register_source()
        new = register.text
        if len(new) > MAX_REFORMAT:
            large.append(register.shown)
        else:
            new = canonical(register.text, "register", snapshot.prefix, handles)
        if new == register.text and register.mixed:
            changes.append((register, new))  # the same text, its line ends one kind
        elif new != register.text:
            after = parse_register(register.uniform().with_text(new))
            _same_data(parse_register(register), after, handles, register.shown)
            changes.append((register, new))
        advance(1)
        for meeting_id in store.meeting_ids():
            source, meeting = store.meeting_source(meeting_id, snapshot.prefix)
            new = canonical(source.text, "meeting", snapshot.prefix, handles)  # 1 MB at most
            if new != source.text or source.mixed:
                formatted = store.meeting_from_text(meeting_id, new, snapshot.prefix)
                _same_data(meeting, formatted, handles, source.shown)
                changes.append((source, new))
            advance(1)
        changes += _translations(store)
        if write:
            for source, new in changes:
                files.replace(source.uniform(), new)
    return [(source.shown, source.text, new) for source, new in changes]


def _translations(store: Store) -> list[tuple[files.Source, str]]:
    """Each file of kept translations not in the layout ppb edits (see `store.po.canonical`)."""
    from ppb.store import po

    changes = []
    for _, _, path in store.translation_files():
        source = files.read_source(path, store.shown(path), files.MAX_MEETING)
        new = po.canonical(source.text, source.shown)
        if new == source.text:
            continue
        before = po.parse(source.text, source.shown).entries
        after = po.parse(new, source.shown).entries
        if sorted(map(_entry, before)) != sorted(map(_entry, after)):
            raise PpbError(f"{source.shown}: formatting would change the data; nothing was written")
        changes.append((source, new))
    return changes


def _entry(entry: Any) -> tuple[Any, ...]:
    return (entry.key or "", entry.english, entry.text, entry.fuzzy, entry.obsolete)


def _same_data(before: Any, after: Any, handles: normalise.Handles, shown: str) -> None:
    """Refuse a layout that would read back as other data (owner spellings aside)."""
    if _normalised(before.model_dump(), handles) != _normalised(after.model_dump(), handles):
        raise PpbError(f"{shown}: formatting would change the data; nothing was written")


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
