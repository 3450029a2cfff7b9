"""The quick path: `open`, `list`, `show`, `add`, `update` and `close` without the CLI framework.

Typer (with the Pydantic it imports) costs more at start-up than reading
10,000 actions from the cache, and these commands are the ones typed dozens
of times a day. When the command line is one of them with options this
module understands, it calls the same operation and renderer the Typer command
calls; for anything else (help, completion, an option it does not know, a bad
value) it returns None and the Typer command line runs as usual. Errors become
exit codes in the one place both paths share (`errors.guarded`). Tests require
the same output and the same files from both paths, and `OPTIONS` to be
exactly the Typer commands' options.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ppb.errors import guarded
from ppb.render import FORMATS

OPTIONS = {
    "open": {
        "--owner": "owner", "-o": "owner", "--format": "format", "-f": "format",
        "--overdue": "overdue", "--sort": "sort",
    },
    "list": {
        "--owner": "owner", "-o": "owner", "--format": "format", "-f": "format",
        "--status": "status", "-s": "status", "--raised": "raised", "--search": "search",
    },
    "show": {"--format": "format", "-f": "format"},
    "add": {
        "--owner": "owner", "-o": "owner", "--no-owner": "no_owner", "--meeting": "meeting",
        "-m": "meeting", "--on": "on", "--item": "item", "--due": "due", "--see": "see",
        "--restricted": "restricted", "--reason": "reason",
    },
    "update": {
        "--status": "status", "-s": "status", "--note": "note", "-n": "note",
        "--meeting": "meeting", "-m": "meeting", "--owner": "owner", "-o": "owner",
        "--date": "date",
    },
    "close": {"--note": "note", "-n": "note", "--meeting": "meeting", "-m": "meeting", "--date": "date"},
}  # fmt: skip
# Options given more than once, each kept (any other may be given once only here)
REPEATABLE = {
    "open": {"owner"}, "list": {"owner", "status"}, "show": set(), "add": {"owner", "see"},
    "update": {"owner"}, "close": set(),
}  # fmt: skip
FLAGS = {"overdue", "no_owner", "restricted"}  # options that take no value
# Options the quick path leaves to the full command line: --public reads every meeting
# (an action raised in a restricted item is restricted too), which the quick path never does.
SLOW = {
    "open": {"--public", "--history", "--bom"},
    "list": {"--public", "--history", "--bom"},
    "show": {"--public"},
    "add": set(),
    "update": set(),
    "close": set(),
}  # spreadsheets' CSV (--history, --bom) is not what is typed dozens of times a day
ONE_ARGUMENT = {"show", "add", "update", "close"}  # the rest take none


def parse(argv: Sequence[str]) -> tuple[str | None, str, dict[str, list[str]], list[str]] | None:
    """(directory, command, options, arguments) if the quick path understands argv."""
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
    if not args or args[0] not in OPTIONS:
        return None
    command = args[0]
    found = _options(OPTIONS[command], REPEATABLE[command], args[1:])
    if found is None:
        return None
    options, positional = found
    if len(positional) != (command in ONE_ARGUMENT):
        return None
    if options.get("format", ["table"])[-1] not in FORMATS:
        return None
    if options.get("sort", ["id"])[-1] not in ("id", "age", "due"):
        return None  # the full command line says what is wrong
    return directory, command, options, positional


def _options(
    known: dict[str, str], repeatable: set[str], rest: list[str]
) -> tuple[dict[str, list[str]], list[str]] | None:
    """The options (by key) and the arguments, or None for anything not understood."""
    options: dict[str, list[str]] = {}
    positional: list[str] = []
    while rest:
        word = rest.pop(0)
        if word == "--":
            return options, positional + rest
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        # `--note=` gives an empty value, as Typer takes it: never the word after
        name, given, value = word.partition("=") if word.startswith("--") else (word, "", "")
        key = known.get(name)
        if key is None or (key in FLAGS and given) or (key not in FLAGS and not given and not rest):
            return None
        if key in FLAGS:
            if key in options:
                return None
            options[key] = ["yes"]
            continue
        if key not in repeatable and key in options:
            return None
        options.setdefault(key, []).append(value if given else rest.pop(0))
    return options, positional


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
    return guarded(lambda: _answer(directory, command, options, positional))


def _answer(directory: str | None, command: str, options: dict[str, list[str]],
            positional: list[str]) -> None:  # fmt: skip
    from ppb import actions, render
    from ppb.store import find

    store = find(directory)
    one = {key: values[-1] for key, values in options.items()}  # each given once
    fmt = one.get("format", "table")
    owners = options.get("owner", [])
    if command == "open":
        sort = one.get("sort", "id")
        title, found = actions.open_actions(store, owners, overdue="overdue" in options, sort=sort)
        render.actions(found, fmt, title=title)
    elif command == "list":
        statuses = options.get("status", [])
        raised, search = one.get("raised"), one.get("search")
        render.actions(
            actions.list_actions(store, owners, statuses, raised, search), fmt, "Actions"
        )
    elif command == "show":
        render.action(*actions.show(store, positional[0]), fmt)
    elif command == "add":
        created = actions.add(
            store, positional[0], owners, no_owner="no_owner" in options,
            meeting=one.get("meeting"), on=actions.resolve_date(one.get("on"), "--on"),
            item=one.get("item"), due=one.get("due"), see=options.get("see", []),
            restricted="restricted" in options, reason=one.get("reason"),
        )  # fmt: skip
        print(created["id"])
    else:
        day = actions.resolve_date(one.get("date"))
        if command == "update":
            changed = actions.update(
                store, positional[0], status=one.get("status"), note=one.get("note"),
                meeting=one.get("meeting"), owners=owners, on=day,
            )  # fmt: skip
        else:
            changed = actions.close(store, positional[0], note=one.get("note"),
                                    meeting=one.get("meeting"), on=day)  # fmt: skip
        print(actions.said(changed))
