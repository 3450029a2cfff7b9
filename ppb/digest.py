"""Digests: for each owner with open actions, the list to send them before a meeting.

An action with several owners is in each owner's digest. With `public`, restricted
actions are withheld as everywhere (`restricted`), each still counted in its
owners' digests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from ppb import actions, normalise, people, restricted
from ppb.errors import PpbError, UsageError
from ppb.store import Store


class Digest(NamedTuple):
    handle: str
    name: str | None  # who holds the post now
    email: str | None
    records: list[dict[str, Any]]  # open actions, in number order, as records


def digests(store: Store, owners: Sequence[str], *, public: bool = False) -> list[Digest]:
    """One digest per owner (those given, else every owner with open actions)."""
    snapshot = store.load()
    wanted = actions.resolve_owners(snapshot, owners) if owners else None
    found = actions.select(snapshot, statuses=normalise.OPEN_STATUSES)
    shown = found
    if public:
        secrets = restricted.of_board(store, snapshot)
        log = restricted.Redactions()
        shown = [secrets.record(r, log) for r in found]
    by_owner: dict[str, list[dict[str, Any]]] = {}
    for record, said in zip(found, shown, strict=True):
        for handle in record["owners"]:
            by_owner.setdefault(handle, []).append(said)
    handles = wanted if wanted is not None else [h for h in snapshot.people if h in by_owner]
    handles += [h for h in by_owner if wanted is None and h not in handles]  # unregistered
    out = []
    for handle in handles:
        details = snapshot.people.get(handle) or {}
        name = people.name_on(details, None)
        out.append(Digest(handle, name, details.get("email"), by_owner.get(handle, [])))
    return out


def file_name(handle: str, extension: str) -> str:
    """A safe file name for an owner's digest: T/ACC → T-ACC.md."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", handle).strip("-.") or "owner"
    return f"{stem}.{extension}"


def render(store: Store, found: Sequence[Digest], fmt: str) -> list[tuple[str, str | bytes]]:
    """Each digest as (file name, content) in the format."""
    from ppb.render import digest as layout

    snapshot = store.load()
    board, today = str(snapshot.board["name"]), snapshot.held.today
    sender = snapshot.board.get("email")
    out: list[tuple[str, str | bytes]] = []
    for one in found:
        heading = layout.title(board, one.handle, one.name)
        content: str | bytes
        if fmt == "md":
            content = layout.markdown(heading, one.records, today)
        elif fmt == "html":
            content = layout.page(heading, one.records, today)
        elif fmt == "docx":
            content = layout.word(heading, one.records, today)
        else:
            content = layout.message(heading, one.records, today, one.email, sender)
        out.append((file_name(one.handle, fmt), content))
    return out


def write(output: str, written: Sequence[tuple[str, str | bytes]]) -> None:
    """The digests into the folder, one file per owner: every file is written beside its
    target first, and only when all are on disk are they renamed into place, so a failure
    (a full disk, a folder that cannot be written) leaves none of them."""
    import contextlib
    import os

    from ppb.store import files

    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"-o: {output} is a file; give a folder for one digest per owner")
    temps: list[tuple[str, str]] = []
    try:
        os.makedirs(output, exist_ok=True)
        for name, content in written:
            target = os.path.join(output, name)
            data = content.encode("utf-8") if isinstance(content, str) else content
            temps.append((files.temp_beside(target, data), target))
    except OSError as exc:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise PpbError(f"cannot write to {output} ({exc.strerror}); nothing was written") from None
    for temp, target in temps:
        os.replace(temp, target)
