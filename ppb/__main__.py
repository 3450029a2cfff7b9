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
    sys.exit(code)


if __name__ == "__main__":
    main()
