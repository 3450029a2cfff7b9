"""How the user calls ppb: the Typer commands, and the one place errors become exit codes.

Each command declares its options, calls one operation and renders the result;
the commands live by family in the modules of this package. Nothing heavy is
imported at start-up: the store parses YAML only when a command reads the
board, and Rich is imported only to print a table.
"""

from __future__ import annotations

import os
import sys

import typer

from ppb.cli.base import app
from ppb.errors import PpbError, internal, report

# isort: off
from ppb.cli import actions, meetings, board  # noqa: F401 - each registers its commands, in help order
# isort: on

__all__ = ["app", "run"]


def run(argv: list[str] | None = None) -> int:
    """Run ppb and return its exit code; every error becomes one line on stderr."""
    try:
        result = app(args=argv, prog_name="ppb", standalone_mode=False)
    except PpbError as exc:
        return _fail(exc.message, exc.exit_code)
    except typer.TyperException as exc:  # Typer's usage errors (its vendored Click's)
        return _usage(exc)
    except (typer.Abort, KeyboardInterrupt):
        return _fail("interrupted", 130)
    except BrokenPipeError:
        _quiet_pipe()
        return 0
    except Exception as exc:  # a bug: still one line, and the details on request
        if os.environ.get("PPB_DEBUG"):
            raise
        return internal(exc)
    return result if isinstance(result, int) else 0


def _usage(exc: typer.TyperException) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stderr.write(ctx.get_help() + "\n")
        return 2
    command = ctx.command_path if ctx is not None else "ppb"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return _fail(f"{command}: {message} (see `{command} --help`)", getattr(exc, "exit_code", 2))


def _fail(message: str, code: int) -> int:
    return report(message, code)


def _quiet_pipe() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
