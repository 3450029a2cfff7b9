"""How the user calls ppb: the Typer commands, by family, and their usage errors.

Each command declares its options, calls one operation and renders the
result; the commands live by family in the modules of this package
(`actions`, `meetings`, `translate`, `upkeep`), with what they share in `options`. Errors
become exit codes in one place, `errors.guarded`, for this command line and
the quick path alike. Nothing heavy is imported at start-up: the store parses
YAML only when a command reads the board, and Rich is imported only to print
a table.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from ppb.cli.options import app
from ppb.errors import UsageError, guarded

# isort: off
from ppb.cli import actions, meetings, owners, translate, upkeep, importing  # noqa: F401 - each registers its commands, in help order
# isort: on

__all__ = ["app", "run"]


def run(argv: list[str] | None = None) -> int:
    """Run ppb and return its exit code; every error becomes one line on stderr."""
    return guarded(lambda: _typer(argv))


def _typer(argv: list[str] | None) -> Any:
    try:
        return app(args=argv, prog_name="ppb", standalone_mode=False)
    except typer.Abort:  # how Click reports Ctrl-C
        raise KeyboardInterrupt from None
    except typer.TyperException as exc:  # Typer's usage errors (its vendored Click's)
        return _usage(exc, sys.argv[1:] if argv is None else argv)


def _usage(exc: typer.TyperException, argv: list[str]) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stderr.write(ctx.get_help() + "\n")
        return 2
    command = ctx.command_path if ctx is not None else "ppb"
    if command == "ppb":  # Click blames the program for a subcommand's missing value
        command = _command_path(argv)
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    error = UsageError(f"{message} (see `{command} --help`)", where=command)
    error.exit_code = getattr(exc, "exit_code", 2)
    raise error


def _command_path(argv: list[str]) -> str:
    """`ppb open` for `ppb --dir x open --owner`: the commands named before the first option."""
    import typer.main

    group: Any = typer.main.get_command(app)
    words, path = list(argv), ["ppb"]
    while words:
        word = words.pop(0)
        if word in ("--dir", "-C"):
            words = words[1:]
            continue
        command = getattr(group, "commands", {}).get(word)
        if command is None:
            break
        path.append(word)
        group = command
    return " ".join(path)
