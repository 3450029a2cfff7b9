"""A content-addressed cache of the parsed register, kept in .ppb/ (out of git).

An entry is keyed by the digest of the file's bytes, never by its size or
modification time, so a hand edit is always seen. It also keeps a digest of
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


def read(state_dir: str) -> dict[str, Any] | None:
    """The cached entry, or None if there is none or it is unreadable or old."""
    try:
        with open(os.path.join(state_dir, NAME), "rb") as handle:
            data = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def write(state_dir: str, entry: dict[str, Any]) -> None:
    """Store the entry atomically; a failure (read-only board, full disk) is not an error."""
    import tempfile

    entry = {**entry, "format": FORMAT}
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
