"""The commands of the translator's round trip: translate export, translate import."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ppb.cli.options import MeetingArg, TranslateLang, app, open_store

translate_app = typer.Typer(
    help="The translator's round trip: a meeting's untranslated texts out as PO, translations in.",
    epilog="Examples:  ppb translate export 2014-03-13 --lang cy -o cy.po  ·  ppb translate import cy.po",
    no_args_is_help=True,
)
app.add_typer(translate_app, name="translate")


@translate_app.command("export")
def export(
    ctx: typer.Context,
    meeting: MeetingArg,
    lang: Annotated[
        TranslateLang, typer.Option("--lang", "-l", help="The language to translate into.")
    ] = TranslateLang.cy,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the PO file here instead of stdout.")
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="Leave out restricted actions and items.")
    ] = False,
) -> None:
    """Write a gettext PO file of every text of a meeting's minutes with no current translation.

    One entry per text, in the order the minutes read: msgctxt is where it sits
    ("2014-03-13 item 2.1 title", "PPB 60 summary"), msgid its English. A stale
    translation (its English has changed) comes marked fuzzy, with its old Welsh
    and the English it was made for. Any PO editor (Poedit, Lokalize, Weblate)
    reads it.

    Examples:  ppb translate export 2014-03-13 --lang cy -o cy.po  ·  ppb translate export 2014-03-13 --public
    """
    from ppb import translate

    done = translate.export(open_store(ctx), meeting, lang.value, public)
    if output is None:
        sys.stdout.write(done.text)
        return
    from ppb.errors import PpbError
    from ppb.store import files

    try:
        files.write_atomically(output, done.text.encode("utf-8"))
    except OSError as exc:
        raise PpbError(f"cannot write {output}: {exc.strerror}") from None
    entries = done.missing + done.stale
    typer.echo(
        f"Wrote {entries} entr{'y' if entries == 1 else 'ies'} to {output}: "
        f"{done.missing} untranslated, {done.stale} stale"
    )


@translate_app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="FILE.po", help="A PO file from `ppb translate export`, translated."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be stored; write nothing.")
    ] = False,
) -> None:
    """Store the translations of a PO file in the board's translations/ folder.

    Every entry with a translation is stored, with the English it translated;
    empty and fuzzy entries are left. The file must be for this board, and
    every English it translated must still be the board's: otherwise nothing is
    stored, and the entry is named. Only the entries that change are written.

    Examples:  ppb translate export 2014-03-13 --lang cy -o cy.po  ·  ppb translate import cy.po  ·
    ppb translate import cy.po --dry-run
    """
    from ppb import translate

    done = translate.import_(open_store(ctx), path, dry_run)
    verb = "Would store" if dry_run else "Stored"
    count = len(done.stored)
    if count:
        typer.echo(f"{verb} {count} translation{'s' * (count != 1)}:")
        for shown, key, text in done.stored:
            typer.echo(f"  {shown}: {key}: {_short(text)}")
    else:
        typer.echo(f"Nothing to store from {path}: no entry has a new translation.")
    left = [
        f"{done.unchanged} already kept" if done.unchanged else "",
        f"{done.empty} left untranslated" if done.empty else "",
        f"{done.fuzzy} fuzzy, left for review" if done.fuzzy else "",
    ]
    if any(left):
        typer.echo(f"({', '.join(w for w in left if w)})")


def _short(text: str, most: int = 70) -> str:
    from ppb.text import printable

    line = printable(" ".join(text.split()), one_line=True)
    return line if len(line) <= most else line[: most - 1] + "…"
