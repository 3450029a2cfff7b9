"""A content-addressed cache of the parsed register, kept in .ppb/ (out of git).

An entry is keyed by the digest of the file's bytes, never by its size or
modification time, so a hand edit is always seen; and by the digest of the
code that parsed it, so a new version of ppb never trusts an old entry. It also keeps a digest of
each action's lines, so that after an edit only the actions that changed are
parsed again. marshal is the fastest way Python has to load plain data; a
cache that cannot be read or written is simply ignored.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from typing import Any

FORMAT = 1
NAME = "register.cache"
_code_digest: str | None = None


def code_digest() -> str:
    """The digest of ppb's own code: every module of the package, found on disk.

    An entry is only good for the code that wrote it, and any module may come
    to decide what a register reads as, so every module counts: a new, renamed
    or changed one means a new digest. Modules are known by name, size and
    modification time, as Python's own bytecode cache knows its sources (reading
    them all would cost a millisecond on every command)."""
    global _code_digest
    if _code_digest is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        _code_digest = digest_of(package)
    return _code_digest


def digest_of(package: str) -> str:
    """The digest of every .py file under `package`: names, sizes and modification times."""
    from ppb.store.files import digest

    parts = [str(FORMAT)]
    folders = [("", package)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{prefix}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.is_dir() and not entry.name.startswith((".", "__")):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
    return digest("\0".join(parts).encode())


def read(state_dir: str) -> dict[str, Any] | None:
    """The cached entry, or None if there is none or it is unreadable or old."""
    try:
        with open(os.path.join(state_dir, NAME), "rb") as handle:
            data = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != code_digest():
        return None
    return data


def write(state_dir: str, entry: dict[str, Any]) -> None:
    """Store the entry atomically; a failure (read-only board, full disk) is not an error."""
    import tempfile

    entry = {**entry, "format": code_digest()}
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(state_dir, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".cache.", dir=state_dir)
        try:
            with os.fdopen(fd, "wb") as out:
                marshal.dump(entry, out)
            os.replace(temp, os.path.join(state_dir, NAME))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
