"""How the user calls ppb: the Typer commands, by family, and their usage errors.

Each command declares its options, calls one operation and renders the
result; the commands live by family in the modules of this package
(`actions`, `meetings`, `report`, `translate`, `upkeep`), with what they share in `options`. Errors
become exit codes in one place, `errors.guarded`, for this command line and
the quick path alike. Nothing heavy is imported at start-up: the store parses
YAML only when a command reads the board, and Rich is imported only to print
a table.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
import typer.core

from ppb.cli.options import app
from ppb.errors import UsageError, guarded

# isort: off
from ppb.cli import actions, meetings, owners, report, translate, upkeep, importing  # noqa: F401 - each registers its commands, in help order
# isort: on

__all__ = ["app", "run"]


def run(argv: list[str] | None = None) -> int:
    """Run ppb and return its exit code; every error becomes one line on stderr."""
    return guarded(lambda: _typer(argv))


def _typer(argv: list[str] | None) -> Any:
    import typer.main

    from ppb.cli.options import quote_completions

    command = typer.main.get_command(app)
    quote_completions()  # after get_command, which installs Typer's own completion classes
    try:
        return command.main(args=argv, prog_name="ppb", standalone_mode=False)
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
    message = _option_for_command(message, ctx)
    error = UsageError(f"{message} (see `{command} --help`)", where=command)
    error.exit_code = getattr(exc, "exit_code", 2)
    raise error


def _option_for_command(message: str, ctx: Any) -> str:
    """`ppb version` is `ppb --version`: say so, rather than Click's nearest command name."""
    found = re.match(r"No such command '([\w-]+)'", message)
    if found is None or ctx is None:
        return message
    word = found.group(1)
    flags = {opt for param in ctx.command.params for opt in getattr(param, "opts", ())}
    if f"--{word}" not in flags:
        return message
    return f"No such command '{word}'; did you mean `{ctx.command_path} --{word}`?"


def _flag_display_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """A flag takes no value, so its help shows none (not `--public <bool>`); a text value
    is named after its option (`--owner OWNER`, not `<list[str]>`)."""
    if self.is_flag:
        return None
    shown = _option_display_type(self, ctx)
    if self.metavar is None and shown in ("<str>", "<list[str]>"):
        return max(self.opts, key=len).lstrip("-").replace("-", "_").upper()
    return shown


def _argument_display_type(self: typer.core.TyperArgument, ctx: Any) -> str | None:
    """An argument's name says what it is (`ID`, `MEETING`): no `<str>` beside it."""
    shown = _argument_type(self, ctx)
    return None if shown in ("<str>", "<list[str]>") else shown


_option_display_type = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _flag_display_type  # type: ignore[method-assign]
_argument_type = typer.core.TyperArgument.display_type_rich
typer.core.TyperArgument.display_type_rich = _argument_display_type  # type: ignore[method-assign,assignment]


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
