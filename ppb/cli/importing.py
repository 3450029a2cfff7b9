"""The command that reads legacy minutes into the board: import."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ppb.cli.options import app, open_store


@app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE…", help="Minutes as plain text (.txt), Markdown (.md) or Word (.docx)."
        ),
    ],
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            help="The meeting's id (YYYY-MM-DD), where the minutes' own date is not.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the whole change as a diff; write nothing.")
    ] = False,
) -> None:
    """Read legacy minutes into the register and a meeting file, with provenance.

    From each file: the header, attendance (people with their handles, names and
    roles), items and sub-items with their text, decisions, departures and other
    business, as meetings/<date>.yaml; new actions with their owners, and
    progress on earlier ones (ACTION SUMMARY tables, "Action:" lines), into
    actions.yaml. Every action and history entry records its `source` (file and
    line, or paragraph). What cannot be placed is listed on stderr with its line
    and left out, never guessed. Importing a file again changes nothing. The
    whole import is one change: every file lands, or none; several files are
    read in the order given, so give the earliest meeting first. On a terminal,
    several files show a progress bar. A PDF: run `pdftotext -layout
    minutes.pdf` and import the .txt.

    Examples:  ppb minutes 2014-03-13 --format md -o minutes.md  ·  ppb import minutes.md --dry-run  ·  ppb import minutes.md  ·  ppb minutes 2014-03-13 --format docx -o minutes.docx  ·  ppb import minutes.md minutes.docx
    """
    from ppb.importer import apply

    done = apply.import_files(open_store(ctx), files, meeting=meeting, dry_run=dry_run)
    for problem in done.problems:
        sys.stderr.write(f"ppb import: {problem}\n")
    if dry_run:
        sys.stdout.write(done.diff)
    verb = "Would import" if dry_run else "Imported"
    if not (done.added or done.updated or done.people or done.meetings):
        typer.echo("Nothing to change: the board already has what the minutes say.")
        return
    typer.echo(
        f"{verb}: {len(done.added)} new actions, {len(done.updated)} updated, "
        f"{len(done.people)} people, meetings {', '.join(done.meetings) or 'none new'}"
    )
