"""What every command shares: the Typer app, option types, completion, finding the board."""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ppb import __version__
from ppb.normalise import OPEN_STATUSES

if TYPE_CHECKING:
    from ppb.store import Store


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class MinutesFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"


class MinutesLang(str, Enum):
    en = "en"
    cy = "cy"
    both = "both"


class TranslateLang(str, Enum):
    cy = "cy"


# Completion: never fails, never prints; an empty list when there is no board.


def _store_for(ctx: typer.Context | None) -> Store:
    from ppb.store import find

    directory = None
    if ctx is not None:
        directory = ctx.find_root().params.get("directory")
    return find(directory)


def complete_handles(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        people = _store_for(ctx).load().people
    except Exception:
        return []
    words = [h for h in people] + [a for p in people.values() for a in p.get("aliases") or ()]
    return [w for w in words if w.casefold().startswith(incomplete.casefold())]


def _id_candidates(ctx: typer.Context, incomplete: str, open_only: bool) -> list[str]:
    """Ids as the user is typing them, without the space a shell would split on.

    `6` offers 60, 61, …; `PPB6` or `ppb 6` offers PPB60, PPB61, …
    """
    try:
        snapshot = _store_for(ctx).load()
    except Exception:
        return []
    typed = "".join(incomplete.split()).replace("-", "").casefold()
    candidates = []
    for index in range(len(snapshot.rows)):
        record = snapshot.record(index)
        if open_only and record["status"] not in OPEN_STATUSES:
            continue
        prefix, _, number = record["id"].rpartition(" ")  # 7/2023/P has no space
        word = number if typed[:1].isdigit() or not typed else prefix + number
        if word.casefold().startswith(typed):
            candidates.append(word)
    return candidates


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return _id_candidates(ctx, incomplete, open_only=False)


def complete_open_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return _id_candidates(ctx, incomplete, open_only=True)


def complete_meetings(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        return [m for m in _store_for(ctx).meeting_ids() if m.startswith(incomplete)]
    except Exception:
        return []


def complete_statuses(incomplete: str) -> list[str]:
    from ppb.normalise import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete.lower())]


def bash_word(value: str) -> str:
    """A value as bash must see it to keep it one word: `Dafydd\\ Llewelyn`, `in\\ progress`.

    Bash inserts a completion exactly as given, so the escaping is ours to do; zsh and
    fish quote what they insert themselves.
    """
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


def quote_completions() -> None:
    """Bash completion that escapes each value (Typer's inserts `Dafydd Llewelyn` bare)."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import BashComplete

    class QuotingBashComplete(BashComplete):
        def format_completion(self, item: Any) -> str:
            return bash_word(str(item.value))

    add_completion_class(QuotingBashComplete, "bash")


OwnerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--owner",
        "-o",
        help="A handle, alias or full name; repeat for several.",
        autocompletion=complete_handles,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="table for people, json/csv/md for scripts and documents."),
]
HistoryOpt = Annotated[
    bool,
    typer.Option(
        "--history",
        help="With --format csv: a row per history entry (date, meeting, progress, note), "
        "for sorting and filtering in a spreadsheet.",
    ),
]
BomOpt = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="With --format csv: begin with a UTF-8 byte order mark, so that Excel reads "
        "accents and dashes right when the file is opened.",
    ),
]
PublicOpt = Annotated[
    bool,
    typer.Option(
        "--public",
        help="For publication: everything restricted is withheld, with its placeholder, and counted.",
    ),
]
MeetingOpt = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        "-m",
        help="Meeting id (its date, YYYY-MM-DD).",
        autocompletion=complete_meetings,
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help="Date of the entry (YYYY-MM-DD); default today, or the meeting's date."
    ),
]


app = typer.Typer(
    name="ppb",
    help="The board secretary's action log: actions, meetings and minutes kept as YAML in git.",
    epilog="Examples:  ppb open --owner T/ACC  ·  ppb show 56  ·  ppb add 'CC to report' --owner CC",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
people_app = typer.Typer(
    help="The handles, names and roles of the board's people.",
    epilog="Examples:  ppb people  ·  ppb people add DCC --name 'Jo Bloggs' --role 'Deputy Chief Constable'",
    invoke_without_command=True,
)
app.add_typer(people_app, name="people")
meeting_app = typer.Typer(
    help="The board's meetings: start one, list them, show one.",
    epilog="Examples:  ppb meeting new 2014-04-10  ·  ppb meeting list  ·  ppb meeting show 2014-03-13",
    no_args_is_help=True,
)
app.add_typer(meeting_app, name="meeting")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ppb {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    directory: Annotated[
        str | None,
        typer.Option(
            "--dir",
            "-C",
            help="The board's folder (default: PPB_DIR, or the nearest actions.yaml above here).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """The board secretary's action log: actions, meetings and minutes kept as YAML in git."""
    ctx.obj = directory


def open_store(ctx: typer.Context) -> Store:
    """The board the command works on (--dir, PPB_DIR, or the nearest actions.yaml)."""
    from ppb.store import find

    return find(ctx.find_root().obj)


MeetingArg = Annotated[
    str,
    typer.Argument(
        metavar="MEETING",
        help="Meeting id: its date, YYYY-MM-DD.",
        autocompletion=complete_meetings,
    ),
]


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
