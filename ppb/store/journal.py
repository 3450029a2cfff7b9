"""A change that spans several files lands whole or not at all: a journal in .ppb/.

`replace_all` writes every new file beside its target first (each fsynced);
only when all are on disk does it write the journal, the list of renames
still to do, and fsync it: that is the moment the change happens. Then it
renames each file over its target and removes the journal. A ppb killed
before the journal is written leaves only temporary files, which the next
writer clears; one killed after leaves the journal, and the next command to
open the board (`recover`, run under the lock) finishes the renames before it
reads anything. A full disk or any error before the journal undoes the
temporary files and changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence

from ppb.errors import PpbError
from ppb.store.files import Source, fsync_folder, temp_beside, writable

NAME = "journal"


def replace_all(root: str, state_dir: str, changes: Sequence[tuple[Source | str, bytes]]) -> None:
    """Replace each file with its new bytes, all or none, if none changed since it was read;
    a path rather than a file as read is a new file (its folder made if need be)."""
    for source, _ in changes:
        if isinstance(source, Source):
            writable(source)
    written: list[tuple[str, str]] = []  # (temporary file, target)
    try:
        for source, data in changes:
            target = os.path.realpath(source.path if isinstance(source, Source) else source)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            written.append((temp_beside(target, data), target))
        _write_journal(root, state_dir, written)
    except OSError as exc:
        for temp, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise PpbError(f"cannot write the change ({exc.strerror}); nothing was changed") from None
    try:
        _finish(root, state_dir)
    except OSError as exc:  # after the journal: the change stands, and will be finished
        raise PpbError(
            f"the change was made but not every file is in place yet ({exc.strerror}); "
            "the next ppb command finishes it"
        ) from None


def recover(root: str, state_dir: str) -> None:
    """Finish a change that a killed ppb left half done (call with the board's lock held)."""
    if os.path.exists(os.path.join(state_dir, NAME)):
        _finish(root, state_dir)


def pending(state_dir: str) -> bool:
    """Whether a change is waiting to be finished (one stat: cheap enough for every read)."""
    return os.path.exists(os.path.join(state_dir, NAME))


def _write_journal(root: str, state_dir: str, renames: list[tuple[str, str]]) -> None:
    entries = [[os.path.relpath(t, root), os.path.relpath(f, root)] for t, f in renames]
    os.makedirs(state_dir, exist_ok=True)
    temp = temp_beside(os.path.join(state_dir, NAME), json.dumps(entries).encode())
    os.replace(temp, os.path.join(state_dir, NAME))
    fsync_folder(state_dir)


def _finish(root: str, state_dir: str) -> None:
    path = os.path.join(state_dir, NAME)
    try:
        with open(path, encoding="utf-8") as handle:
            entries = json.load(handle)
    except (OSError, ValueError):
        entries = []  # written whole by a rename, so an unreadable one was never committed
    folders = set()
    for temp, target in _inside(root, entries):
        if os.path.exists(temp):  # not renamed yet
            os.replace(temp, target)
        folders.add(os.path.dirname(target))
    for folder in folders:
        fsync_folder(folder)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _inside(root: str, entries: object) -> list[tuple[str, str]]:
    """The journal's renames, only those of files of this board (a forged journal moves nothing
    outside it)."""
    out = []
    base = os.path.realpath(root)
    for entry in entries if isinstance(entries, list) else []:
        if not (
            isinstance(entry, list) and len(entry) == 2 and all(isinstance(p, str) for p in entry)
        ):
            continue
        temp, target = (os.path.realpath(os.path.join(base, p)) for p in entry)
        if all(os.path.commonpath([base, p]) == base for p in (temp, target)):
            out.append((temp, target))
    return out
