"""The fast path: `open`, `list` and `show` answered without loading the CLI framework.

Typer (with the Pydantic it imports) costs more at start-up than reading
10,000 actions from the cache, and these three commands are the ones typed
dozens of times a day. When the command line is one of them with options this
module understands, it calls the same functions the Typer commands call
(`views`); for anything else (help, completion, an option it does not know, a
bad value) it returns None and the Typer command line runs as usual, so every
message and exit code comes from one place. Tests run both paths on the same
arguments and require the same output.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ppb.errors import PpbError, internal, report
from ppb.render import FORMATS

_OPTIONS = {
    "open": {"--owner": "owner", "-o": "owner", "--format": "format", "-f": "format"},
    "list": {
        "--owner": "owner", "-o": "owner", "--format": "format", "-f": "format",
        "--status": "status", "-s": "status", "--raised": "raised", "--search": "search",
    },
    "show": {"--format": "format", "-f": "format"},
}  # fmt: skip
_REPEATABLE = {"owner", "status"}


def parse(argv: Sequence[str]) -> tuple[str | None, str, dict[str, list[str]], list[str]] | None:
    """(directory, command, options, arguments) if the fast path understands argv."""
    args = list(argv)
    directory = None
    while args and args[0] in ("--dir", "-C") or (args and args[0].startswith("--dir=")):
        flag = args.pop(0)
        if "=" in flag:
            directory = flag.split("=", 1)[1]
        elif args:
            directory = args.pop(0)
        else:
            return None
    if not args or args[0] not in _OPTIONS:
        return None
    command, rest = args[0], args[1:]
    known = _OPTIONS[command]
    options: dict[str, list[str]] = {}
    positional: list[str] = []
    while rest:
        word = rest.pop(0)
        if word == "--":
            positional += rest
            break
        if word.startswith("-") and word != "-":
            name, _, value = word.partition("=") if word.startswith("--") else (word, "", "")
            if name not in known or (not value and not rest):
                return None
            value = value or rest.pop(0)
            key = known[name]
            if key not in _REPEATABLE and key in options:
                return None
            options.setdefault(key, []).append(value)
        else:
            positional.append(word)
    if (command == "show") != (len(positional) == 1) or (command != "show" and positional):
        return None
    if options.get("format", ["table"])[-1] not in FORMATS:
        return None
    return directory, command, options, positional


def run(argv: Sequence[str]) -> int | None:
    """The exit code, or None when the full command line should handle argv."""
    if os.environ.get("PPB_NO_FAST") or any(
        k.endswith("_COMPLETE") for k in os.environ if k.startswith("_")
    ):
        return None
    parsed = parse(argv)
    if parsed is None:
        return None
    directory, command, options, positional = parsed
    from ppb import board, views

    fmt = options.get("format", ["table"])[-1]
    try:
        store = board.find(directory)
        if command == "open":
            views.open_actions(store, options.get("owner", []), fmt)
        elif command == "list":
            views.list_actions(
                store, options.get("owner", []), options.get("status", []),
                options.get("raised", [None])[-1], options.get("search", [None])[-1], fmt,
            )  # fmt: skip
        else:
            views.show_action(store, positional[0], fmt)
    except PpbError as exc:
        return report(exc.message, exc.exit_code)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except KeyboardInterrupt:
        return report("interrupted", 130)
    except Exception as exc:  # a bug: one line, as the full command line says it
        if os.environ.get("PPB_DEBUG"):
            raise
        return internal(exc)
    return 0
