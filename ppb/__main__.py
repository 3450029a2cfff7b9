"""The `ppb` program: the quick path for everyday reads, else the full command line."""

from __future__ import annotations

import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C before a command runs (while Python imports): one line and 130, no traceback.

    Nothing has been written yet, so leaving at once is safe. `errors.guarded` puts
    Python's own handler back while a command runs, to unwind it cleanly.
    """
    os.write(2, b"ppb: interrupted\n")
    os._exit(130)


# Installed before anything else is imported: Typer, Pydantic and Rich take tens of
# milliseconds to import, and a Ctrl-C then would otherwise end in a traceback.
signal.signal(signal.SIGINT, _interrupted)


def main() -> None:
    from ppb import quick

    code = quick.run(sys.argv[1:])
    if code is None:
        from ppb import cli

        code = cli.run()
    _leave(code)


def _leave(code: int) -> None:
    """Exit as soon as the output is out, without Python's teardown.

    Tearing down frees every object one at a time (after a read of 100,000 actions,
    longer than reading them from the cache took), and during it Python has put back
    the default Ctrl-C handler, so a Ctrl-C then killed ppb without a word. Nothing is
    left to do by then: files ppb writes are closed when written, and no library it uses
    needs its exit handlers."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`ppb open | head`): not an error
        pass
    except OSError as exc:  # a full disk under `> file`, say
        os.write(2, f"ppb: cannot write the output ({exc.strerror})\n".encode())
        code = code or 1
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)


if __name__ == "__main__":
    main()
