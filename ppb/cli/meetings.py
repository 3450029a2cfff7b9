"""The commands for meetings: meeting new/list/show, carry-forward, minutes, decisions."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ppb.cli.options import (
    Format,
    FormatOpt,
    MeetingArg,
    MinutesFormat,
    MinutesLang,
    PublicOpt,
    app,
    complete_meetings,
    meeting_app,
    open_store,
)


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

    store = open_store(ctx)
    path, created = meetings.new(store, meeting, venue=venue, time=time)
    shown = store.shown(path)
    typer.echo(shown if created else f"{shown} already exists; nothing was changed")


@meeting_app.command("list")
def meeting_list(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the meetings: date, venue, items, Matters Arising and actions raised.

    Examples:  ppb meeting list  ·  ppb meeting list --format json
    """
    from ppb import meetings, render

    render.meetings(meetings.listing(open_store(ctx)), fmt.value)


@meeting_app.command("show")
def meeting_show(
    ctx: typer.Context,
    meeting: MeetingArg,
    fmt: FormatOpt = Format.table,
    public: PublicOpt = False,
) -> None:
    """Show a meeting: who came, its Matters Arising with each action's progress as at it, its items.

    Examples:  ppb meeting show 2014-03-13  ·  ppb meeting show 2014-03-13 --format json
    """
    from ppb import meetings, render

    render.meeting(meetings.summary(open_store(ctx), meeting, public=public), fmt.value)


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
    listed yet, in number order, with a comment of its owners, progress and how
    often it has been carried; brings those comments up to date on a later run;
    never changes or removes anything else, so it is safe to run again.

    Examples:  ppb carry-forward 2014-04-10  ·  ppb carry-forward 2014-04-10 --dry-run
    """
    from ppb import meetings

    added, refreshed, diff, created = meetings.carry_forward(
        open_store(ctx), meeting, dry_run=dry_run
    )
    if dry_run:
        from ppb.text import printable

        typer.echo(printable(diff), nl=False)
        return
    if created and not added:
        typer.echo(f"Created {created}; no actions were open to carry forward.")
        return
    if created:
        typer.echo(f"Created {created}")
    if added:
        plural = "" if len(added) == 1 else "s"
        typer.echo(f"Carried forward {len(added)} action{plural}: {_some(added)}")
    if refreshed:
        typer.echo(f"Brought up to date the notes on {_some(refreshed)}")
    if not added and not refreshed:
        typer.echo(f"Matters Arising of {meeting} already lists every open action.")


def _some(ids: list[str], most: int = 30) -> str:
    """The ids, or the first of thousands and how many more (`ppb meeting show` has all)."""
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])} … and {len(ids) - most:,} more"


@app.command()
def minutes(
    ctx: typer.Context,
    meeting: MeetingArg,
    fmt: Annotated[
        MinutesFormat,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (one printable page) or docx (Word; needs -o).",
        ),
    ] = MinutesFormat.md,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (replaced atomically) instead of stdout; a device or "
            "FIFO is written as a stream, - is stdout. Never one of the board's own files.",
        ),
    ] = None,
    public: PublicOpt = False,
    redactions: Annotated[
        str | None,
        typer.Option(
            "--redactions",
            metavar="FILE.csv",
            help="With --public: write a CSV log of what was withheld (what, id or title, reason).",
        ),
    ] = None,
    lang: Annotated[
        MinutesLang,
        typer.Option(
            "--lang",
            "-l",
            help="en, cy (Welsh: labels, dates and the kept translations) or both (Welsh first).",
        ),
    ] = MinutesLang.en,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="FILE.docx",
            help="Build the Word minutes on this document's styles, page and headers "
            "(as pandoc's --reference-doc); styles it lacks are added.",
        ),
    ] = None,
) -> None:
    """Render the minutes of a meeting, with both ACTION SUMMARY tables.

    Word minutes use named styles (Title, Heading 1-3, "PPB Action", "PPB Action
    Summary" …), so restyling one document and passing it as --template restyles
    every later one. In Welsh, a text with no current translation is shown in
    English, marked, and counted on stderr; `ppb translate export` sends them to
    a translator.

    Examples:  ppb minutes 2014-03-13  ·  ppb minutes 2014-03-13 --format html -o minutes.html  ·
    ppb minutes 2014-03-13 --format docx -o minutes.docx  ·  ppb minutes 2014-03-13 --public  ·
    ppb minutes 2014-03-13 --public --redactions withheld.csv -o public.md  ·
    ppb minutes 2014-03-13 --lang cy  ·  ppb minutes 2014-03-13 --lang both --format html -o minutes.html
    """
    from ppb.render import minutes as document

    text, built = document.write(
        open_store(ctx), meeting, fmt.value, output, public, lang.value, template, redactions
    )
    if text is not None:
        sys.stdout.write(text)
    shortfall = document.shortfall(built, meeting)
    if shortfall:
        sys.stderr.write(f"ppb minutes: {shortfall}\n")


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
    public: PublicOpt = False,
) -> None:
    """List the decisions minuted at meetings ("It was agreed that …").

    Examples:  ppb decisions  ·  ppb decisions --meeting 2014-03-13 --format json
    """
    from ppb import meetings, render

    render.decisions(meetings.decisions(open_store(ctx), meeting, public=public), fmt.value)
