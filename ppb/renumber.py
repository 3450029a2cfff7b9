"""`ppb renumber`: give an action a new id and follow every reference to it.

After a merge, two branches may have raised the same number. Renumbering the
later one (the last in the file) fixes the clash; an id used once has its
structured references changed too: `see` lists, Matters Arising and item
entries, and departures placed after it. Notes that mention the old id in
words are left as written, and reported.
"""

from __future__ import annotations

from typing import Any

from ppb import normalise
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.record import HISTORY, ID, NOTE, SEE, with_changes
from ppb.store import Store, splice


def renumber(store: Store, old: str, new: str | None = None) -> dict[str, Any]:
    """Renumber OLD to NEW (default: the next free number); returns what changed."""
    with store.locked():
        snapshot = store.load()
        prefix = snapshot.prefix
        try:
            old_id = normalise.action_id(old, prefix)
            new_id = normalise.action_id(new, prefix) if new else None
        except normalise.SpellingError as exc:
            raise UsageError(str(exc)) from None
        places = [i for i, row in enumerate(snapshot.rows) if row[ID] == old_id]
        if not places:
            raise NotFoundError(f"no action {old_id} on this board")
        if new_id is None:
            new_id = normalise.id_of(prefix, max(snapshot.numbers()) + 1)
        if any(row[ID] == new_id for row in snapshot.rows):
            raise PpbError(
                f"{new_id} is taken; choose a free number (or leave NEW out for the next one)"
            )
        target = places[-1]
        duplicated = len(places) > 1
        rows = list(snapshot.rows)
        changes: dict[int, Any] = {}

        def set_id(item: Any) -> None:
            item["id"] = new_id

        changes[target] = set_id
        rows[target] = with_changes(rows[target], id=new_id)
        mentions = []
        if not duplicated:
            for i, row in enumerate(snapshot.rows):
                if old_id in row[SEE]:
                    changes[i] = _chain(changes.get(i), _replace_see(old_id, new_id))
                    rows[i] = with_changes(
                        rows[i], see=tuple(new_id if s == old_id else s for s in row[SEE])
                    )
                if any(e[NOTE] and old_id in e[NOTE] for e in row[HISTORY]):
                    mentions.append(row[ID] if i != target else new_id)
        text = splice.edit_actions(snapshot, changes)
        meetings_changed = [] if duplicated else _meetings(store, snapshot.prefix, old_id, new_id)
        store.commit_all(snapshot, text, snapshot.replace(rows=rows), meetings_changed)
    return {
        "old": old_id,
        "new": new_id,
        "duplicated": duplicated,
        "see": sorted(snapshot.rows[i][ID] for i in changes if i != target),
        "meetings": [source.shown for source, _ in meetings_changed],
        "mentions": mentions,
    }


def _chain(first: Any, second: Any) -> Any:
    if first is None:
        return second
    return lambda item: (first(item), second(item))


def _replace_see(old_id: str, new_id: str) -> Any:
    def change(item: Any) -> None:
        from ppb.store import yaml_edit

        item["see"] = yaml_edit.to_yaml([new_id if s == old_id else s for s in item["see"]])

    return change


def _meetings(store: Store, prefix: str, old_id: str, new_id: str) -> list[tuple[Any, str]]:
    """(source, new text) for each meeting file that refers to old_id, checked before writing."""
    from ppb.store import yaml_edit

    out = []
    for meeting_id in store.meeting_ids():
        source, meeting = store.meeting_source(meeting_id, prefix)
        if old_id not in source.text and old_id.replace(" ", "") not in source.text.replace(
            " ", ""
        ):
            continue
        before = meeting.model_dump()
        if _swap(before, old_id, new_id) == before:
            continue

        def change(document: Any) -> None:
            _swap_nodes(document, old_id, new_id, prefix)

        new_text = yaml_edit.edit(source.text, change, source.shown)
        after = store.meeting_from_text(meeting_id, new_text, prefix)
        if after.model_dump() != _swap(before, old_id, new_id):
            raise PpbError(
                f"{source.shown}: renumbering would change more than the references; nothing was written"
            )
        out.append((source, new_text))
    return out


def _swap(data: Any, old_id: str, new_id: str) -> Any:
    """Plain meeting data with every reference to old_id made new_id."""
    if isinstance(data, dict):
        return {
            k: (new_id if k in ("action", "after") and v == old_id else _swap(v, old_id, new_id))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_swap(v, old_id, new_id) for v in data]
    return data


def _swap_nodes(node: Any, old_id: str, new_id: str, prefix: str) -> None:
    """The same on the round-trip document, whatever the id's spelling there."""
    if isinstance(node, dict):
        for key in list(node):
            value = node[key]
            if key in ("action", "after") and isinstance(value, (str, int)):
                try:
                    if normalise.action_id(str(value), prefix) == old_id:
                        node[key] = new_id
                        continue
                except normalise.SpellingError:
                    pass
            _swap_nodes(value, old_id, new_id, prefix)
    elif isinstance(node, list):
        for value in node:
            _swap_nodes(value, old_id, new_id, prefix)
