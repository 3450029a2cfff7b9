"""The people of a board: their handles, names, roles and aliases, and who held a post when.

A handle is a post (T/ACC) that people hold over dated periods. Of a person entry's
`holders`, the one whose period (`from`, `to`, both inclusive, either open) holds a
day names the post on that day, and a day no period holds names nobody; a post
with no holders is named by `name`, which is always the current holder. So recording a new holder never
changes what the minutes of an earlier meeting say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ppb import normalise
from ppb.errors import PpbError, UsageError
from ppb.store import Store, splice

if TYPE_CHECKING:
    from ppb.models import Person


def name_on(details: Mapping[str, Any] | None, day: str | None) -> str | None:
    """Who held the post on the day (YYYY-MM-DD; None: now)."""
    details = details or {}
    holders = details.get("holders") or ()
    if day is not None and holders:
        for holder in holders:
            start, end = holder.get("start"), holder.get("end")
            if (start is None or start <= day) and (end is None or day <= end):
                return str(holder["name"])
        return None  # a day before the first recorded holder: nobody is named
    name = details.get("name")
    return str(name) if name else None


def on_day(people: Mapping[str, Mapping[str, Any]], day: str | None) -> dict[str, dict[str, Any]]:
    """The people as they were on the day: each post named by its holder then."""
    return {
        handle: {**details, "name": name_on(details, day)} for handle, details in people.items()
    }


def hold(store: Store, handle: str, *, name: str, start: str) -> dict[str, Any]:
    """`ppb people hold`: a new holder of the post from `start`; the previous holder's
    period ends the day before."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("--name: give the new holder's full name")
    try:
        day = normalise.date(start)
    except normalise.SpellingError as exc:
        raise UsageError(f"--from: {exc}") from None
    with store.locked():
        snapshot = store.load()
        post = snapshot.handles.find(handle)
        if post is None:
            raise PpbError(
                f"unknown handle {handle!r}; see `ppb people`, or add it with `ppb people add`"
            )
        details = snapshot.people.get(post) or {}
        holders = [dict(h) for h in details.get("holders") or ()]
        if not holders and details.get("name"):
            holders = [{"name": details["name"], "start": None, "end": None}]
        for held in holders:
            if held.get("start") and held["start"] >= day.isoformat():
                raise PpbError(
                    f"{post} already has a holder from {held['start']}; a new holder must start later"
                )
        if holders and holders[-1].get("end") is None:
            holders[-1]["end"] = (day - dt.timedelta(days=1)).isoformat()
        holders.append({"name": name, "start": day.isoformat(), "end": None})
        written = [_holder_yaml(h) for h in holders]

        def change(document: Any) -> None:
            from ppb.store import yaml_edit

            entry = document["people"][post]
            if entry is None:
                document["people"][post] = yaml_edit.to_yaml({"name": name, "holders": written})
                return
            entry["name"] = name
            entry["holders"] = yaml_edit.to_yaml(written)

        text = splice.edit_section(snapshot, "people", change)
        person = {**details, "name": name, "holders": holders}
        intended = snapshot.replace(people={**snapshot.people, post: person})
        store.commit(snapshot, text, intended)
    return {"handle": post, "name": name, "from": day.isoformat()}


def _holder_yaml(holder: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": holder["name"]}
    for key, word in (("start", "from"), ("end", "to")):
        if holder.get(key):
            out[word] = dt.date.fromisoformat(holder[key])
    return out


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
        from ppb.models import Person

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
