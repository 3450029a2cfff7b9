"""The errors ppb reports: each carries its exit code and a one-line message."""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable

from ppb.text import printable


class PpbError(Exception):
    """A problem the user can fix; reported as one line on stderr, after `where`."""

    exit_code = 1

    def __init__(self, message: str, where: str = "ppb") -> None:
        super().__init__(message)
        self.message = message
        self.where = where  # the program, or the command whose usage was wrong

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


def guarded(command: Callable[[], int | None]) -> int:
    """Run a command and return its exit code: the one place where errors become
    one line on stderr and an exit code (0 ok, 1 data, 2 usage, 130 interrupted)."""
    previous = _interruptible()
    try:
        code = command()
    except PpbError as exc:
        return report(exc.message, exc.exit_code, exc.where)
    except KeyboardInterrupt:
        return report("interrupted", 130)
    except BrokenPipeError:  # the reader went away (`ppb open | head`): not an error
        _output_dropped()
        return 0
    except OSError as exc:
        if exc.errno not in _FULL:  # every write of a file ppb makes says its own error
            if os.environ.get("PPB_DEBUG"):
                raise
            return internal(exc)
        _output_dropped()  # what is still buffered cannot be written either: said once
        return report(f"cannot write the output ({exc.strerror})", 1)
    except Exception as exc:  # a bug: still one line, and the details on request
        if os.environ.get("PPB_DEBUG"):
            raise
        return internal(exc)
    finally:
        _restore(previous)
    return code if isinstance(code, int) else 0


# The output is full (`ppb list > /dev/full`, a quota): files ppb writes turn these into
# errors of their own, so one that reaches `guarded` is the output's.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _output_dropped() -> None:
    """The standard output, from now on, leading nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _interruptible() -> object:
    """While a command runs, Ctrl-C raises KeyboardInterrupt, so it unwinds (locks released,
    no half-written file) and is reported here; `ppb.__main__` exits at once before."""
    try:
        return signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _restore(previous: object) -> None:
    if previous is not None:
        try:
            signal.signal(signal.SIGINT, previous)  # type: ignore[arg-type]
        except ValueError:
            pass


def report(message: str, code: int, where: str = "ppb") -> int:
    """Print an error as ppb's one line on stderr and return its exit code."""
    sys.stderr.write(f"{where}: {printable(message, one_line=True)}\n")
    return code


def internal(exc: BaseException) -> int:
    """A bug in ppb: still one line (set PPB_DEBUG=1 to see the traceback)."""
    return report(f"internal error: {type(exc).__name__}: {exc} (set PPB_DEBUG=1 for details)", 1)
