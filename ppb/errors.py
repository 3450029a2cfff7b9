"""The errors ppb reports: each carries its exit code and a one-line message."""

from __future__ import annotations

import sys


class PpbError(Exception):
    """A problem the user can fix; reported as one line on stderr."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(PpbError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


class NotFoundError(PpbError):
    """An id, handle, meeting or board that does not exist."""


class FileError(PpbError):
    """A file is at fault; the message starts with path:line:col. `code` names the rule."""

    def __init__(self, path: str, line: int, col: int, message: str, code: str = "syntax") -> None:
        self.path, self.line, self.col, self.detail, self.code = path, line, col, message, code
        super().__init__(f"{path}:{line}:{col}: {message}")


class ConflictError(PpbError):
    """The file changed on disk while ppb was working, or another writer holds the lock."""


class LayoutError(PpbError):
    """A hand-edited layout ppb cannot edit line by line; `ppb fmt` normalises it."""


def printable(text: str) -> str:
    """Text with control characters (terminal escape sequences among them) made visible."""
    return "".join(
        c
        if c >= " " and not ("\x7f" <= c <= "\x9f")
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def report(message: str, code: int) -> int:
    """Print an error as ppb's one line on stderr and return its exit code."""
    sys.stderr.write(f"ppb: {printable(message)}\n")
    return code


def internal(exc: BaseException) -> int:
    """A bug in ppb: still one line (set PPB_DEBUG=1 to see the traceback)."""
    return report(f"internal error: {type(exc).__name__}: {exc} (set PPB_DEBUG=1 for details)", 1)
