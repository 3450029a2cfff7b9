"""The commands for actions: open, list, show, add, update, close."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ppb.cli.options import (
    BomOpt,
    DateOpt,
    Format,
    FormatOpt,
    HistoryOpt,
    MeetingOpt,
    OwnerOpt,
    PublicOpt,
    app,
    complete_handles,
    complete_ids,
    complete_meetings,
    complete_open_ids,
    complete_statuses,
    open_store,
)


class Sort(str, Enum):
    id = "id"
    age = "age"
    due = "due"


@app.command("open")
def open_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue", help="Only actions past their due date, or whose due meeting was held."
        ),
    ] = False,
    sort: Annotated[
        Sort,
        typer.Option(
            "--sort",
            help="id (number order), age (carried most often first) or due (soonest due first).",
        ),
    ] = Sort.id,
    fmt: FormatOpt = Format.table,
    public: PublicOpt = False,
    history: HistoryOpt = False,
    bom: BomOpt = False,
) -> None:
    """List the actions still open or in progress, optionally for some owners.

    Examples:  ppb open  ·  ppb open --owner T/ACC  ·  ppb open -o CC -o T/ACC --format json  ·  ppb open --sort age  ·  ppb open --overdue  ·
    ppb open --format csv --bom
    """
    from ppb import actions, render

    title, found = actions.open_actions(
        open_store(ctx), owner or (), public=public, overdue=overdue, sort=sort.value
    )
    render.actions(found, fmt.value, title=title, public=public, history=history, bom=bom)


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
    public: PublicOpt = False,
    history: HistoryOpt = False,
    bom: BomOpt = False,
) -> None:
    """List any selection of actions (all of them by default).

    Examples:  ppb list --status completed  ·  ppb list --raised 2014-03-13 --format csv  ·  ppb list --search IDVA  ·
    ppb list --format csv --history --bom
    """
    from ppb import actions, render

    found = actions.list_actions(
        open_store(ctx), owner or (), status or (), raised, search, public=public
    )
    render.actions(found, fmt.value, title="Actions", public=public, history=history, bom=bom)


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
    public: PublicOpt = False,
) -> None:
    """Show one action with its whole history.

    Examples:  ppb show 56  ·  ppb show "PPB 59" --format json
    """
    from ppb import actions, render

    render.action(*actions.show(open_store(ctx), action_id, public=public), fmt.value)


@app.command()
def add(
    ctx: typer.Context,
    summary: Annotated[str, typer.Argument(help="What is to be done, as the minutes will say it.")],
    owner: OwnerOpt = None,
    no_owner: Annotated[
        bool, typer.Option("--no-owner", help="Raise it with no owner (the minutes name nobody).")
    ] = False,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting it was raised at (YYYY-MM-DD).",
            autocompletion=complete_meetings,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Raised between meetings on this day (YYYY-MM-DD; default today)."
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
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", help="Why, as public output says instead: 'FOI s31 law enforcement'."
        ),
    ] = None,
) -> None:
    """Raise a new action, numbered one above the highest so far; prints its id.

    Raised at a meeting (--meeting), it is in that meeting's minutes; raised
    between meetings (today, or --on a day), it appears from the next meeting on.

    Examples:  ppb add "CC to raise IDVA provision with the Minister" --owner CC --meeting 2014-03-13  ·
    ppb add "CC to brief the panel" --owner CC --on 2014-03-20
    """
    from ppb import actions

    created = actions.add(
        open_store(ctx),
        summary,
        owner or (),
        no_owner=no_owner,
        meeting=meeting,
        on=actions.resolve_date(on, "--on"),
        item=item,
        due=due,
        see=see or (),
        restricted=restricted,
        reason=reason,
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
    ppb update 56 -s completed -n "report published" --meeting 2014-03-13  ·  ppb update 67 --owner CG
    """
    from ppb import actions

    changed = actions.update(
        open_store(ctx),
        action_id,
        status=status,
        note=note,
        meeting=meeting,
        owners=owner or (),
        on=actions.resolve_date(date),
    )
    typer.echo(actions.said(changed))


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

    Examples:  ppb close 62  ·  ppb close 64 --note "raised with the Minister" --meeting 2014-03-13
    """
    from ppb import actions

    on_day = actions.resolve_date(date)
    typer.echo(
        actions.said(
            actions.close(open_store(ctx), action_id, note=note, meeting=meeting, on=on_day)
        )
    )
