"""Finding a board (as git finds .git) and starting a new one."""

from __future__ import annotations

import os
import os.path

from ppb import normalise
from ppb.errors import NotFoundError, PpbError, UsageError
from ppb.files import write_atomically
from ppb.store import REGISTER, STATE, Store

ENV = "PPB_DIR"


def find(directory: str | None = None) -> Store:
    """The board named by --dir or PPB_DIR, else the nearest actions.yaml at or above here."""
    named = directory or os.environ.get(ENV) or None
    if named:
        root = os.path.expanduser(named)
        if not os.path.isfile(os.path.join(root, REGISTER)):
            source = "--dir" if directory else ENV
            raise NotFoundError(
                f"no board in {named} ({source}): it has no {REGISTER}; start one with `ppb init {named}`"
            )
        return Store(root)
    folder = os.getcwd()
    while True:
        if os.path.isfile(os.path.join(folder, REGISTER)):
            return Store(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise NotFoundError(
        f"no board here: no {REGISTER} in this folder or any above it; "
        "pass --dir, set PPB_DIR, or start one with `ppb init`"
    )


TEMPLATE = """\
# The action log of the {name}.
# Edit by hand or with `ppb`; check with `ppb check`.

board:
  name: {name}
  prefix: {prefix}

people: {{}}

actions: []
"""


def init(directory: str, name: str, prefix: str) -> Store:
    """Start a board in `directory`: actions.yaml, meetings/, and .ppb/ kept out of git."""
    try:
        prefix = normalise.prefix(prefix)
    except normalise.SpellingError as exc:
        raise UsageError(f"--prefix: {exc}") from None
    name = " ".join(name.split())
    if not name:
        raise UsageError("--board: the board needs a name")
    root = os.path.expanduser(directory)
    store = Store(root)
    if os.path.exists(store.register_path):
        raise PpbError(f"{store.shown(store.register_path)} already exists; nothing was changed")
    from ppb import edit

    quoted = edit.scalar(name)
    try:
        os.makedirs(store.meetings_dir, exist_ok=True)
        write_atomically(store.register_path, TEMPLATE.format(name=quoted, prefix=prefix).encode())
        _ignore_state(os.path.join(root, ".gitignore"))
    except OSError as exc:
        raise PpbError(f"cannot create the board in {directory}: {exc.strerror}") from None
    return store


def _ignore_state(gitignore: str) -> None:
    line = f"{STATE}/"
    existing = ""
    if os.path.exists(gitignore):
        with open(gitignore, encoding="utf-8") as handle:
            existing = handle.read()
    if line in existing.splitlines():
        return
    gap = "" if not existing or existing.endswith("\n") else "\n"
    write_atomically(gitignore, (existing + gap + line + "\n").encode("utf-8"))
