"""The chair's dashboard: ppb report."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ppb.cli.options import PublicOpt, app, open_store
from ppb.errors import PpbError, UsageError


@app.command()
def report(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE.html", help="Write to this file instead of stdout."
        ),
    ] = None,
    public: PublicOpt = False,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="As at this day (YYYY-MM-DD; default today)."),
    ] = None,
) -> None:
    """A one-page dashboard for the chair: open actions by owner, how long each has been
    carried, the overdue ones, and actions raised and closed meeting by meeting.

    One self-contained HTML page, its charts drawn as inline SVG (no scripts, nothing
    fetched), that prints on A4.

    Examples:  ppb report -o report.html  ·  ppb report --public -o public.html  ·
    ppb report --on 2014-04-10 -o april.html
    """
    from ppb import normalise
    from ppb import report as operation
    from ppb.render import report_html

    try:
        today = normalise.date(on) if on else None
    except normalise.SpellingError as exc:
        raise UsageError(f"--on: {exc}", "ppb report") from None
    page = report_html.render(operation.dashboard(open_store(ctx), public=public, today=today))
    if output is None:
        sys.stdout.write(page)
        return
    from ppb.store import files

    try:
        files.write_atomically(output, page.encode("utf-8"))
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
