"""The commands that keep a board: people, init, check, fmt, renumber, git's merge driver."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from ppb.cli.options import (
    CheckFormat,
    Format,
    FormatOpt,
    app,
    complete_handles,
    complete_ids,
    open_store,
    people_app,
)


@people_app.callback()
def people_list(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the board's people: handle, name, role and aliases.

    Examples:  ppb people  ·  ppb people --format json  ·  ppb people add CEO --name "Jo Bloggs"
    """
    if ctx.invoked_subcommand is not None:
        return
    from ppb import people, render

    render.people(people.listing(open_store(ctx)), fmt.value)


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

    Examples:  ppb people add DCC --name "Jo Bloggs" --role "Deputy Chief Constable" --alias JB
    """
    from ppb import people as people_ops
    from ppb.text import printable

    people_ops.add(open_store(ctx), handle, name=name, role=role, aliases=alias or ())
    typer.echo(printable(handle, one_line=True))


@people_app.command("hold")
def people_hold(
    ctx: typer.Context,
    handle: Annotated[
        str,
        typer.Argument(
            metavar="H", help="The post, such as T/ACC.", autocompletion=complete_handles
        ),
    ],
    name: Annotated[str, typer.Option("--name", help="Full name of the new holder.")],
    start: Annotated[
        str, typer.Option("--from", help="The first day they hold the post (YYYY-MM-DD).")
    ],
) -> None:
    """Record a new holder of a post from a day; the previous holder's period ends the day
    before, and minutes of earlier meetings keep naming them.

    Examples:  ppb people hold T/ACC --name "Liane James" --from 2014-06-01
    """
    from ppb import people as people_ops

    held = people_ops.hold(open_store(ctx), handle, name=name, start=start)
    typer.echo(f"{held['handle']}: {held['name']} from {held['from']}")


@app.command()
def init(
    directory: Annotated[str, typer.Argument(help="Folder for the new board.")] = ".",
    board_name: Annotated[str, typer.Option("--board", help="The board's name.")] = "Board",
    prefix: Annotated[
        str,
        typer.Option(
            "--prefix",
            help="Letters before each action number (PPB: PPB 60), or N/YYYY/P for ids "
            "numbered from 1 each year (7/2023/P).",
        ),
    ] = "A",
) -> None:
    """Start a new board: actions.yaml, meetings/, and .ppb/ listed in .gitignore.

    Examples:  ppb init  ·  ppb init boards/ppb --board "Policing Performance Board" --prefix PPB  ·  ppb init boards/pcp --board "Police and Crime Panel" --prefix N/YYYY/P
    """
    from ppb.store import init as start
    from ppb.text import printable

    store = start(directory, board_name, prefix)
    typer.echo(
        printable(f"Started {board_name} in {store.shown(store.root) or '.'}", one_line=True)
    )


@app.command()
def check(
    ctx: typer.Context,
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text (path:line:col: message \\[code]) or json."),
    ] = CheckFormat.text,
) -> int:
    """Check every file of the board and report every problem, with where it is.

    Each problem is one line, `path:line:col: message \\[code]`, sorted, paths
    relative to the board. Exit 1 if there is any error, 0 with warnings only.

    Examples:  ppb check  ·  ppb check --format json | jq '.[] | select(.severity == "error")'
    """
    from ppb import check as checker

    store = open_store(ctx)
    problems = checker.check(store)
    if fmt is CheckFormat.json:
        from ppb import render

        render.json_array(problems, lambda p: p.record(), indent=2)
    else:
        from ppb.text import printable

        sys.stdout.writelines(printable(str(p), one_line=True) + "\n" for p in problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if problems:
        sys.stderr.write(
            f"ppb check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
        )
    else:
        count = checker.files_checked(store)
        sys.stderr.write(f"ppb check: {count} file{'s' * (count != 1)}, no problems\n")
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
    from ppb import reformat

    too_large: list[str] = []
    changes = reformat.reformat(open_store(ctx), write=not check_only, too_large=too_large)
    for shown in too_large:
        sys.stderr.write(
            f"left the layout of {shown} as it is: more than fmt lays out "
            f"({reformat.MAX_REFORMAT:,} characters)\n"
        )
    if show_diff:
        from ppb.text import printable

        sys.stdout.write(printable(reformat.diff(changes)))
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

    Examples:  ppb renumber 70  ·  ppb renumber "PPB 70" "PPB 75"
    """
    from ppb import renumber as operation

    done = operation.renumber(open_store(ctx), old, new)
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

    for line in merge.setup(open_store(ctx).root):
        typer.echo(line)


class SchemaOf(str, Enum):
    actions = "actions"
    meeting = "meeting"


@app.command()
def schema(
    which: Annotated[
        SchemaOf,
        typer.Argument(help="actions (actions.yaml) or meeting (a file in meetings/)."),
    ] = SchemaOf.actions,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Write both schemas into this folder instead."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of actions.yaml or of a meeting file, for editors.

    A YAML language server (VS Code's YAML extension, say) completes keys and
    flags mistakes as you type in a file whose first line names its schema:
    `# yaml-language-server: $schema=schema/actions.schema.json` (`ppb init`
    writes that line, and the schemas into schema/).

    Examples:  ppb schema  ·  ppb schema meeting  ·  ppb schema -o schema
    """
    from ppb import schema as schemas

    if output is None:
        sys.stdout.write(schemas.text(which.value))
        return
    for path in schemas.write(output):
        typer.echo(path)
