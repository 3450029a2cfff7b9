"""The commands for chasing owners: update requests (written and read back) and digests."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from ppb.cli.options import (
    PublicOpt,
    app,
    complete_handles,
    complete_meetings,
    open_store,
)
from ppb.errors import UsageError

request_app = typer.Typer(
    help="An owner's Word update form, and its answers read back as history.",
    epilog="Examples:  ppb request --owner T/ACC --meeting 2014-03-13 -o /tmp/T-ACC.docx  ·  "
    "ppb request read /tmp/T-ACC.docx --dry-run",
    invoke_without_command=True,
)
app.add_typer(request_app, name="request")


@request_app.callback()
def request(
    ctx: typer.Context,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="Whose actions: a handle, alias or name.",
            autocompletion=complete_handles,
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting", help="The meeting the updates are for.", autocompletion=complete_meetings
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="The form, FILE.docx.")
    ] = None,
) -> None:
    """Write an owner's Word update form for a meeting.

    The form lists the owner's actions open at the meeting, with empty New
    status and Update columns to fill in and return (`ppb request read`).

    Examples:  ppb request --owner T/ACC --meeting 2014-03-13 -o /tmp/T-ACC.docx
    """  # fmt: skip
    if ctx.invoked_subcommand is not None:
        return
    if not (owner and meeting and output):
        raise UsageError("request: give --owner H, --meeting M and -o FILE.docx")
    from ppb import request as ops

    count = ops.form(open_store(ctx), owner, meeting, output)
    typer.echo(f"{output}: {count} action{'s' * (count != 1)} of {owner} open at {meeting}")


@request_app.command("read")
def request_read(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE.docx", help="A filled-in form.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what it would record; write nothing.")
    ] = False,
) -> None:
    """Read a filled-in form back as history at its meeting.

    Each filled row becomes a history entry at the form's meeting. A row for
    an action not open or not the owner's, or an unknown status, refuses the
    whole form, naming the row, with nothing written. A second read adds
    nothing.

    Examples:  ppb request read /tmp/T-ACC.docx --dry-run
    """
    from ppb import request as ops

    said = ops.read_back(open_store(ctx), path, dry_run=dry_run)
    for line in said:
        typer.echo(f"{'would record' if dry_run else 'recorded'} {line}")
    if not said:
        typer.echo("nothing new to record")


class DigestFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    eml = "eml"


@app.command()
def digest(
    ctx: typer.Context,
    owner: Annotated[
        list[str] | None,
        typer.Option(
            "--owner",
            help="Only this owner's digest (handle, alias or name); repeat for several.",
            autocompletion=complete_handles,
        ),
    ] = None,
    fmt: Annotated[
        DigestFormat,
        typer.Option("--format", "-f", help="md or html (printed, or files), docx or eml (files)."),
    ] = DigestFormat.md,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="A folder: one file per owner.")
    ] = None,
    public: PublicOpt = False,
) -> None:
    """Each owner's open actions, to send them before a meeting.

    One digest per owner with open actions (joint owners each get it): when
    raised, how often carried, due or overdue, the latest progress. With -o,
    one file per owner (T/ACC → T-ACC.md); eml: messages ready to send.

    Examples:  ppb digest --owner T/ACC  ·  ppb digest -o /tmp/digests  ·  ppb digest -f eml -o /tmp/mail
    """
    from ppb import digest as ops

    store = open_store(ctx)
    if output is None and fmt.value in ("docx", "eml"):
        raise UsageError(f"--format {fmt.value} writes files: give -o DIR")
    found = ops.digests(store, owner or (), public=public)
    files = ops.render(store, found, fmt.value)
    if output is None:
        typer.echo("\n".join(str(content) for _, content in files), nl=False)
        return
    ops.write(output, files)
    for name, _ in files:
        typer.echo(f"{output.rstrip('/')}/{name}")
    if fmt.value == "eml":
        for one in found:
            if not one.email:
                typer.echo(
                    f"note: {one.handle} has no email: in people; its message has no To", err=True
                )
