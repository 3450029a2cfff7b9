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
from collections.abc import Callable
from typing import Any

from ppb import normalise
from ppb.errors import PpbError
from ppb.store import Store, canonical_blocks, files, yaml_edit
from ppb.store.register import parse_meeting, parse_register


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


# ruamel's round trip costs ~10 s and ~130 times the text's size a MB: it is given one part
# of a register at a time (an action, or the text around the actions; see
# `store.canonical_blocks`), or a file that does not split into parts, of up to this size.
# A file with a larger part only has its line ends made one kind.
MAX_REFORMAT = 1024 * 1024  # characters


def reformat(
    store: Store, *, write: bool = True, too_large: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """(shown path, old text, new text) for every file fmt would change; written unless not
    `write`. The files too large to lay out are added to `too_large`.

    What is known to be canonical already (a register's part, a meeting's file, by the
    digest of its text) is not laid out again; what lays out as itself is remembered."""
    from ppb import progress

    changes = []
    large = too_large if too_large is not None else []
    with store.locked(), progress.task("ppb fmt", 1 + len(store.meeting_ids())) as advance:
        snapshot = store.load()
        handles, prefix = snapshot.handles, snapshot.prefix
        register = store.register_source()
        known = _known(store, snapshot, register)
        new = _register(register, known, prefix, handles, large)
        if new != register.text or register.mixed:  # the same text: its line ends one kind
            changes.append((register, new))
        advance(1)
        for meeting_id in store.meeting_ids():
            path = store.meeting_path(meeting_id)
            source = files.read_source(path, store.shown(path), files.MAX_MEETING, store.root)
            new = _meeting(store, meeting_id, source, known, prefix, handles, large)
            if new != source.text or source.mixed:
                changes.append((source, new))
            advance(1)
        changes += _translations(store)
        if write:
            for source, new in changes:
                files.replace(source.uniform(), new)
        known.save()
    return [(source.shown, source.text, new) for source, new in changes]


def _known(store: Store, snapshot: Any, register: files.Source) -> canonical_blocks.Known:
    """What is known to be canonical with this board's prefix and people (which decide how
    ids and owners are spelt), from .ppb/ unless it cannot hold a cache."""
    context = repr((snapshot.prefix, snapshot.people))
    state = store.state_dir if store.state_problem() is None else None
    return canonical_blocks.Known(state, context, 4 * register.size + (1 << 20))


def _meeting(
    store: Store,
    meeting_id: str,
    source: files.Source,
    known: canonical_blocks.Known,
    prefix: str,
    handles: normalise.Handles,
    large: list[str],
) -> str:
    """A meeting's text laid out, checked to read back as the same meeting; as it is if it
    is known canonical (read as valid and laid out as itself before, with this prefix and
    these people), or too large to lay out (ppb reads, and carry-forward writes, more)."""
    key = canonical_blocks.key("meeting", source.text)
    if key in known:
        return source.text
    meeting = parse_meeting(source.text, source.shown, prefix)
    if len(source.text) > MAX_REFORMAT:
        large.append(source.shown)
        return source.text
    new = canonical(source.text, "meeting", prefix, handles)
    if new == source.text:
        known.add(key)
    else:
        formatted = store.meeting_from_text(meeting_id, new, prefix)
        _same_data(meeting, formatted, handles, source.shown)
    return new


def _plainly(prefix: str, handles: normalise.Handles) -> Callable[[str], bool]:
    """Whether an action's part is canonical by its lines alone (`canonical_blocks.settled`)."""

    def plain(key: str, value: str) -> bool:
        respelt = _spelling(value, key, prefix, handles) if key in _CANONICAL else value
        return respelt == value and not normalise.needs_quotes(value)

    return lambda part: canonical_blocks.settled(part, _FLOW, plain)


def _register(
    register: files.Source,
    known: canonical_blocks.Known,
    prefix: str,
    handles: normalise.Handles,
    large: list[str],
) -> str:
    """The register's text laid out a part at a time (or whole, if it does not split),
    checked to read back as the same data; as it is if a part is too large to lay out."""
    text, shown = register.text, register.shown

    def lay(part: str) -> str:
        return canonical(part, "register", prefix, handles)

    def read(new: str) -> Any:
        return parse_register(register.uniform().with_text(new))

    try:
        layout = canonical_blocks.lay_out(text, lay, known, MAX_REFORMAT, _plainly(prefix, handles))
    except canonical_blocks.TooLarge:
        large.append(shown)
        return text
    except Exception:  # ruamel cannot read a part (it raises many types): the whole file
        if len(text) > MAX_REFORMAT:  # laid out fails as it did, at the file's own line
            raise
        layout = None
    if layout is None:  # not one item per action: laid out whole, if it is small enough
        if len(text) > MAX_REFORMAT:
            large.append(shown)
            return text
        new = lay(text)
        if new != text:
            _same_data(parse_register(register), read(new), handles, shown)
        return new
    if layout.text is not text:
        for before, after in layout.documents():
            _same_data(read(before), read(after), handles, shown)
    return layout.text


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
