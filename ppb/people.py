"""The people of a board: their handles, names, roles and aliases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ppb.errors import PpbError, UsageError
from ppb.models import Person
from ppb.store import Store, splice


def add(
    store: Store,
    handle: str,
    *,
    name: str | None = None,
    role: str | None = None,
    aliases: Sequence[str] = (),
) -> Person:
    """Register a handle; refused if it, or an alias, already names someone."""
    handle = " ".join(handle.split())
    if not handle or handle.startswith(("#", "-")) or ":" in handle:
        raise UsageError(f"{handle!r} cannot be a handle: use letters, digits, '/' or spaces")
    clean = [" ".join(a.split()) for a in aliases if a.strip()]
    with store.locked():
        snapshot = store.load()
        for word in [handle, *clean, *([name] if name and name.strip() else [])]:
            taken = snapshot.handles.find(word)
            if taken is not None:
                raise PpbError(f"{word!r} already names {taken}; see `ppb people`")
        person = Person(name=_clean(name), role=_clean(role), aliases=clean)
        data: dict[str, Any] = {
            k: v for k, v in (("name", person.name), ("role", person.role)) if v
        }
        if clean:
            data["aliases"] = clean

        def change(document: Any) -> None:
            from ppb.store import yaml_edit

            people = document.get("people")
            if not people:
                document["people"] = yaml_edit.to_yaml({handle: data})
            else:
                people[yaml_edit.to_yaml(handle)] = yaml_edit.to_yaml(data)

        text = splice.edit_section(snapshot, "people", change)
        intended = snapshot.replace(people={**snapshot.people, handle: person.model_dump()})
        store.commit(snapshot, text, intended)
    return person


def listing(store: Store) -> list[dict[str, Any]]:
    """`ppb people`: every person, in the order the register lists them."""
    return [
        {"handle": handle, "name": p.get("name"), "role": p.get("role"),
         "aliases": list(p.get("aliases") or [])}
        for handle, p in store.load().people.items()
    ]  # fmt: skip


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None
