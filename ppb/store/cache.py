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
    to decide what a register reads as; hashing them all (about 1 ms) means a
    renamed or new module can never leave an old entry trusted."""
    global _code_digest
    if _code_digest is None:
        from ppb.store.files import digest

        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        parts = [str(FORMAT).encode()]
        for folder, subfolders, names in os.walk(package):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__")))
            for name in sorted(n for n in names if n.endswith(".py")):
                path = os.path.join(folder, name)
                parts.append(os.path.relpath(path, package).encode())
                try:
                    with open(path, "rb") as handle:
                        parts.append(handle.read())
                except OSError:
                    pass
        _code_digest = digest(b"\0".join(parts))
    return _code_digest


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
