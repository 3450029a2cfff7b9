"""How the user calls ppb: the Typer commands, and the one place errors become exit codes.

Each command declares its options, calls one operation and renders the result.
Nothing heavy is imported at start-up: the store parses YAML only when a command
reads the board, and Rich is imported only to print a table.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from typing import Annotated, Any

import typer

from ppb import __version__
from ppb.errors import PpbError, UsageError, internal, report


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class MinutesFormat(str, Enum):
    md = "md"
    html = "html"


# Completion: never fails, never prints; an empty list when there is no board.


def _store_for(ctx: typer.Context | None):  # type: ignore[no-untyped-def]
    from ppb import board

    directory = None
    if ctx is not None:
        directory = ctx.find_root().params.get("directory")
    return board.find(directory)


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
        if open_only and record["status"] not in ("open", "in progress"):
            continue
        prefix, number = record["id"].rsplit(" ", 1)
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


def _board(ctx: typer.Context):  # type: ignore[no-untyped-def]
    from ppb import board

    return board.find(ctx.find_root().obj)


@app.command("open")
def open_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the actions still open or in progress, optionally for some owners.

    Examples:  ppb open  ·  ppb open --owner T/ACC  ·  ppb open -o CC -o T/ACC --format json
    """
    from ppb import views

    views.open_actions(_board(ctx), owner or (), fmt.value)


@app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="open, in progress, completed or withdrawn; repeat for several.",
            autocompletion=complete_statuses,
        ),
    ] = None,
    raised: Annotated[
        str | None,
        typer.Option(
            "--raised",
            help="Only actions raised at this meeting.",
            autocompletion=complete_meetings,
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Text in the summary, item or notes (any case)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List any selection of actions (all of them by default).

    Examples:  ppb list --status completed  ·  ppb list --raised 2014-03-13 --format csv  ·  ppb list --search IDVA
    """
    from ppb import views

    views.list_actions(_board(ctx), owner or (), status or (), raised, search, fmt.value)


@app.command()
def show(
    ctx: typer.Context,
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id: 'PPB 56', PPB56 or 56.", autocompletion=complete_ids
        ),
    ],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one action with its whole history.

    Examples:  ppb show 56  ·  ppb show "PPB 59" --format json
    """
    from ppb import views

    views.show_action(_board(ctx), action_id, fmt.value)


@app.command()
def add(
    ctx: typer.Context,
    summary: Annotated[str, typer.Argument(help="What is to be done, as the minutes will say it.")],
    owner: OwnerOpt = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting it was raised at (YYYY-MM-DD).",
            autocompletion=complete_meetings,
        ),
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", help="The agenda item it came from.")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date or meeting id (YYYY-MM-DD).")
    ] = None,
    see: Annotated[
        list[str] | None,
        typer.Option(
            "--see", help="A related action id; repeat for several.", autocompletion=complete_ids
        ),
    ] = None,
    restricted: Annotated[
        bool, typer.Option("--restricted", help="Keep it out of public output.")
    ] = False,
) -> None:
    """Raise a new action, numbered one above the highest so far; prints its id.

    Examples:  ppb add "CC to raise IDVA provision with the Minister" --owner CC --meeting 2014-03-13
    """
    from ppb import actions

    created = actions.add(
        _board(ctx),
        summary,
        owner or (),
        meeting=meeting,
        item=item,
        due=due,
        see=see or (),
        restricted=restricted,
    )
    typer.echo(created["id"])


@app.command()
def update(
    ctx: typer.Context,
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id: 'PPB 56', PPB56 or 56.", autocompletion=complete_ids
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="open, in progress, completed or withdrawn.",
            autocompletion=complete_statuses,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="The progress, in words.")
    ] = None,
    meeting: MeetingOpt = None,
    owner: Annotated[
        list[str] | None,
        typer.Option(
            "--owner",
            "-o",
            help="Replace the owners; repeat for several.",
            autocompletion=complete_handles,
        ),
    ] = None,
    date: DateOpt = None,
) -> None:
    """Record progress on an action: appends to its history, never rewrites it.

    Examples:  ppb update 56 --status "in progress" --note "paper to be sent to OPCC"  ·
    ppb update 56 -s completed -n "report published" --meeting 2014-04-10  ·  ppb update 67 --owner CG
    """
    from ppb import actions

    changed = actions.update(
        _board(ctx),
        action_id,
        status=status,
        note=note,
        meeting=meeting,
        owners=owner or (),
        on=_date(date),
    )
    _say_progress(changed)


@app.command()
def close(
    ctx: typer.Context,
    action_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Action id: 'PPB 56', PPB56 or 56.", autocompletion=complete_open_ids
        ),
    ],
    note: Annotated[str | None, typer.Option("--note", "-n", help="How it was completed.")] = None,
    meeting: MeetingOpt = None,
    date: DateOpt = None,
) -> None:
    """Mark an action completed (shorthand for `update ID --status completed`).

    Examples:  ppb close 54  ·  ppb close 51 --note "report published" --meeting 2014-03-13
    """
    from ppb import actions

    _say_progress(actions.close(_board(ctx), action_id, note=note, meeting=meeting, on=_date(date)))


def _say_progress(record: dict[str, Any]) -> None:
    from ppb import render

    latest = record["history"][-1] if record["history"] else None
    typer.echo(f"{record['id']}: {render.progress(latest) or render.status_word(record['status'])}")


def _date(text: str | None) -> dt.date | None:
    from ppb import normalise

    if text is None:
        return None
    try:
        return normalise.date(text)
    except normalise.SpellingError as exc:
        raise UsageError(f"--date: {exc}") from None


@people_app.callback()
def people(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the board's people: handle, name, role and aliases.

    Examples:  ppb people  ·  ppb people --format json  ·  ppb people add LA --name "…"
    """
    if ctx.invoked_subcommand is not None:
        return
    from ppb import views

    views.people(_board(ctx), fmt.value)


@people_app.command("add")
def people_add(
    ctx: typer.Context,
    handle: Annotated[
        str, typer.Argument(help="The short handle the minutes use, such as T/ACC or CJJ.")
    ],
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Role or post.")] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", help="Another handle for the same person; repeatable."),
    ] = None,
) -> None:
    """Register a person under a handle.

    Examples:  ppb people add DCC --name "Carl Langley" --role "Deputy Chief Constable" --alias CL
    """
    from ppb import people as people_ops

    people_ops.add(_board(ctx), handle, name=name, role=role, aliases=alias or ())
    typer.echo(handle)


@app.command()
def init(
    directory: Annotated[str, typer.Argument(help="Folder for the new board.")] = ".",
    board_name: Annotated[str, typer.Option("--board", help="The board's name.")] = "Board",
    prefix: Annotated[
        str, typer.Option("--prefix", help="Letters before each action number.")
    ] = "A",
) -> None:
    """Start a new board: actions.yaml, meetings/, and .ppb/ listed in .gitignore.

    Examples:  ppb init  ·  ppb init boards/ppb --board "Policing Performance Board" --prefix PPB
    """
    from ppb import board

    store = board.init(directory, board_name, prefix)
    typer.echo(f"Started {board_name} in {store.shown(store.root) or '.'}")


MeetingArg = Annotated[
    str,
    typer.Argument(
        metavar="MEETING",
        help="Meeting id: its date, YYYY-MM-DD.",
        autocompletion=complete_meetings,
    ),
]


@meeting_app.command("new")
def meeting_new(
    ctx: typer.Context,
    meeting: Annotated[
        str, typer.Argument(metavar="MEETING", help="The new meeting's id: its date, YYYY-MM-DD.")
    ],
    venue: Annotated[
        str | None, typer.Option("--venue", help="Default: the previous meeting's venue.")
    ] = None,
    time: Annotated[
        str | None,
        typer.Option("--time", help="Such as '10.00 – 12.00'; default: the previous meeting's."),
    ] = None,
) -> None:
    """Start a meeting's file, with attendance, venue and time from the meeting before it.

    Examples:  ppb meeting new 2014-04-10  ·  ppb meeting new 2014-04-10 --venue "Llangunnor" --time "14.00 – 16.00"
    """
    from ppb import meetings

    board = _board(ctx)
    typer.echo(board.shown(meetings.new(board, meeting, venue=venue, time=time)))


@meeting_app.command("list")
def meeting_list(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the meetings: date, venue, items, Matters Arising and actions raised.

    Examples:  ppb meeting list  ·  ppb meeting list --format json
    """
    from ppb import meetings, render

    render.meetings(meetings.listing(_board(ctx)), fmt.value)


@meeting_app.command("show")
def meeting_show(ctx: typer.Context, meeting: MeetingArg, fmt: FormatOpt = Format.table) -> None:
    """Show a meeting: who came, its Matters Arising with each action's progress as at it, its items.

    Examples:  ppb meeting show 2014-03-13  ·  ppb meeting show 2014-04-10 --format json
    """
    from ppb import meetings, render

    render.meeting(meetings.summary(_board(ctx), meeting), fmt.value)


@app.command("carry-forward")
def carry_forward(
    ctx: typer.Context,
    meeting: MeetingArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
    ] = False,
) -> None:
    """Fill a meeting's Matters Arising with every action still open at it.

    Creates the meeting if it does not exist. Adds one entry per open action not
    listed yet, in number order; never changes or removes what is there, so it
    is safe to run again after raising more actions.

    Examples:  ppb carry-forward 2014-04-10  ·  ppb carry-forward 2014-04-10 --dry-run
    """
    from ppb import meetings

    added, diff = meetings.carry_forward(_board(ctx), meeting, dry_run=dry_run)
    if dry_run:
        typer.echo(diff, nl=False)
    if not added:
        typer.echo(f"Matters Arising of {meeting} already lists every open action.", err=dry_run)
    elif not dry_run:
        typer.echo(f"Carried forward {len(added)} actions: {', '.join(added)}")


@app.command()
def minutes(
    ctx: typer.Context,
    meeting: MeetingArg,
    fmt: Annotated[
        MinutesFormat,
        typer.Option("--format", "-f", help="md (Markdown) or html (one printable page)."),
    ] = MinutesFormat.md,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Render the minutes of a meeting, with both ACTION SUMMARY tables.

    Examples:  ppb minutes 2014-03-13  ·  ppb minutes 2014-03-13 --format html -o minutes.html
    """
    from ppb import minutes as document

    text = document.write(_board(ctx), meeting, fmt.value, output)
    if text is not None:
        sys.stdout.write(text)


@app.command()
def decisions(
    ctx: typer.Context,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting", "-m", help="Only this meeting's.", autocompletion=complete_meetings
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the decisions minuted at meetings ("It was agreed that …").

    Examples:  ppb decisions  ·  ppb decisions --meeting 2014-03-13 --format json
    """
    from ppb import meetings, render

    render.decisions(meetings.decisions(_board(ctx), meeting), fmt.value)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text (path:line:col: message [code]) or json."),
    ] = CheckFormat.text,
) -> int:
    """Check every file of the board and report every problem, with where it is.

    Each problem is one line, `path:line:col: message [code]`, sorted, paths
    relative to the board. Exit 1 if there is any error, 0 with warnings only.

    Examples:  ppb check  ·  ppb check --format json | jq '.[] | select(.severity == "error")'
    """
    from ppb import check as checker

    problems = checker.check(_board(ctx))
    if fmt is CheckFormat.json:
        import json

        sys.stdout.write(
            json.dumps([p.record() for p in problems], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        from ppb.errors import printable

        sys.stdout.writelines(printable(str(p)) + "\n" for p in problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        sys.stderr.write(
            f"ppb check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
        )
    return 1 if errors else 0


@app.command("fmt")
def fmt_(
    ctx: typer.Context,
    check_only: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file is not canonical.")
    ] = False,
    show_diff: Annotated[
        bool,
        typer.Option(
            "--diff", help="Print the change as a diff (with --check: instead of writing)."
        ),
    ] = False,
) -> int:
    """Put every file of the board into the canonical layout, keeping every comment.

    One reviewable change: indentation, list style, id and status spellings,
    owners as registered handles, YAML 1.1 words quoted. The data read back
    must be the same, or nothing is written.

    Examples:  ppb fmt  ·  ppb fmt --check --diff
    """
    from ppb import fmt

    changes = fmt.fmt(_board(ctx), write=not check_only)
    if show_diff:
        sys.stdout.write(fmt.diff(changes))
    for shown, _, _ in changes:
        sys.stderr.write(f"{'would reformat' if check_only else 'reformatted'} {shown}\n")
    return 1 if check_only and changes else 0


@app.command()
def renumber(
    ctx: typer.Context,
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The id to change.", autocompletion=complete_ids)
    ],
    new: Annotated[
        str | None,
        typer.Argument(metavar="[NEW]", help="The new id (default: the next free number)."),
    ] = None,
) -> None:
    """Give an action a new id, and every reference to it (after a merge clash, say).

    When OLD is used twice, the last one in the file is renumbered and the
    references are left alone (they cannot say which one they meant).

    Examples:  ppb renumber 71  ·  ppb renumber "PPB 71" "PPB 75"
    """
    from ppb import renumber as operation

    done = operation.renumber(_board(ctx), old, new)
    typer.echo(f"{done['old']} is now {done['new']}")
    for other in done["see"]:
        typer.echo(f"  {other}: see {done['new']}")
    for shown in done["meetings"]:
        typer.echo(f"  {shown}: references updated")
    if done["duplicated"]:
        typer.echo(
            f"  {done['old']} was used twice: the last one was renumbered; check references by hand"
        )
    for other in done["mentions"]:
        typer.echo(f"  {other}: a note mentions {done['old']} in words; left as written")


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[str, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[str, typer.Argument(help="%A: ours; the result is written here.")],
    theirs: Annotated[str, typer.Argument(help="%B: theirs.")],
    path: Annotated[str, typer.Argument(help="%P: the path in the repository.")] = "actions.yaml",
) -> int:
    """The git merge driver for actions.yaml (set up by `ppb git-setup`).

    Examples:  git config merge.ppb.driver "ppb merge-driver %O %A %B %P"
    """
    from ppb import merge

    code, message = merge.driver(base, ours, theirs, path)
    if message:
        sys.stderr.write(message + "\n")
    return code


@app.command("git-setup")
def git_setup(ctx: typer.Context) -> None:
    """Let git merge actions.yaml action by action: two branches' new actions, no conflict markers.

    Registers `ppb merge-driver` in this repository's git config and marks
    actions.yaml with `merge=ppb` in .gitattributes (commit that file, and
    everyone who runs `ppb git-setup` merges the same way). Actions raised on
    both branches with the same number are kept, theirs renumbered.

    Examples:  ppb git-setup
    """
    from ppb import merge

    for line in merge.setup(_board(ctx).root):
        typer.echo(line)


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


def main() -> None:
    sys.exit(run())
