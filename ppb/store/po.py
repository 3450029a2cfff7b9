"""Translations as gettext PO files (all of polib): the board's kept ones, and the translator's.

A board keeps its translations under `translations/<lang>/`: `actions.po` for
the register's texts and `meetings/<id>.po` for each meeting's, one entry per
text, its msgctxt the text's place (see `translatable`), its msgid the English
it translated and its msgstr the translation. ppb writes them one entry a
paragraph, in reading order, and edits them entry by entry: an entry it does
not change keeps its bytes (a translator's comment on it too).

The file sent to a translator is a PO file of the same entries, with the
board named in its header so that it cannot be read back into another board.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ppb.errors import FileError, LayoutError
from ppb.translatable import Translation, sort_key

WIDTH = 78  # polib's and msgcat's: long texts wrap into lines git can diff
BOARD, PREFIX, MEETING = "X-PPB-Board", "X-PPB-Prefix", "X-PPB-Meeting"
PLURALS = {"cy": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"}


@dataclass
class Entry:
    """One entry of a PO file as read: where it starts, what it says."""

    line: int
    key: str | None  # msgctxt
    english: str  # msgid
    text: str  # msgstr
    fuzzy: bool = False
    plural: bool = False
    previous: str | None = None  # the English a stale translation was made for (#| msgid)
    obsolete: bool = False  # #~: kept by translation tools, read by nobody


@dataclass
class Catalogue:
    """A PO file as read: its header fields and its entries, in file order."""

    metadata: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


def parse(text: str, shown: str) -> Catalogue:
    """A PO file's text as read, or FileError at the line polib stopped at."""
    import polib

    try:
        # polib takes a string without a line break for a file name: there always is one
        catalogue = polib.pofile(text + "\n", encoding="utf-8", wrapwidth=WIDTH)
    except Exception as exc:  # polib raises OSError, and ValueError on some broken lines
        message = str(exc)
        found = re.search(r"\(line (\d+)\)", message)
        line = int(found.group(1)) if found else 1
        detail = re.sub(r"^Syntax error in po file \(line \d+\):? ?", "", message) or "syntax error"
        raise FileError(shown, line, 1, f"not a PO file: {detail}", "po-syntax") from None
    entries = [
        Entry(
            e.linenum or 1, e.msgctxt, e.msgid, e.msgstr, e.fuzzy, bool(e.msgid_plural),
            e.previous_msgid, bool(e.obsolete),
        )
        for e in catalogue
    ]  # fmt: skip
    return Catalogue(dict(catalogue.metadata), entries)


def kept(catalogue: Catalogue, shown: str) -> tuple[dict[str, Translation], list[FileError]]:
    """The translations a kept file holds, and what is wrong with its entries."""
    found: dict[str, Translation] = {}
    problems = []
    for entry in catalogue.entries:
        if entry.obsolete:
            continue
        if entry.key is None or entry.plural:
            message = "an entry with no msgctxt, or a plural one: ppb cannot tell where it goes"
            problems.append(FileError(shown, entry.line, 1, message, "po-entry"))
            continue
        if entry.key in found:
            message = f"{entry.key!r} is translated twice (first at line {found[entry.key].line})"
            problems.append(FileError(shown, entry.line, 1, message, "po-entry"))
            continue
        found[entry.key] = Translation(
            entry.key, entry.english, entry.text, entry.line, entry.fuzzy
        )
    return found, problems


# Writing


def header(lang: str, fields: dict[str, str] | None = None, comment: str = "") -> str:
    """The header entry of a PO file of `lang`, with ppb's own fields."""
    import polib

    metadata = {
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **({"Plural-Forms": PLURALS[lang]} if lang in PLURALS else {}),
        **(fields or {}),
    }
    catalogue = polib.POFile(wrapwidth=WIDTH)
    catalogue.header = comment
    catalogue.metadata = metadata
    return str(catalogue).rstrip("\n") + "\n"


def entry(key: str, english: str, text: str, *, comment: str = "",
               where: Iterable[tuple[str, str]] = (), previous: str | None = None) -> str:  # fmt: skip
    """One entry as ppb writes it (fuzzy, with the English it was made for, if `previous`)."""
    import polib

    entry = polib.POEntry(
        msgctxt=key, msgid=english, msgstr=text, comment=comment, occurrences=list(where)
    )
    if previous is not None:
        entry.flags.append("fuzzy")
        entry.previous_msgid = previous
    return entry.__unicode__(WIDTH).rstrip("\n") + "\n"


def document(head: str, entries: Iterable[str]) -> str:
    """A PO file's text: its header and entries, a blank line between each."""
    return "\n".join([head, *entries])


def edit(text: str, shown: str, stored: dict[str, tuple[str, str]]) -> str:
    """A kept file's text with these translations (key -> (English, translation)) stored.

    An entry already there is replaced where it stands, keeping its comments;
    a new one goes where its place comes in reading order. Every other byte
    stays as it was.
    """
    import polib

    blocks = _paragraphs(text, shown)
    keys = [key for key, _ in blocks]
    out = [block for _, block in blocks]
    for key, (english, translation) in sorted(stored.items(), key=lambda kv: sort_key(kv[0])):
        if key in keys:
            at = keys.index(key)
            kept = polib.pofile(_HEAD + out[at], encoding="utf-8", wrapwidth=WIDTH)[0]
            kept.msgid, kept.msgstr = english, translation
            kept.previous_msgid = None
            if kept.fuzzy:
                kept.flags.remove("fuzzy")
            out[at] = kept.__unicode__(WIDTH).rstrip("\n") + "\n"
            continue
        at = next(
            (i for i, k in enumerate(keys) if k is not None and sort_key(k) > sort_key(key)),
            len(keys),
        )
        keys.insert(at, key)
        out.insert(at, entry(key, english, translation))
    return "\n".join(out)


_HEAD = 'msgid ""\nmsgstr ""\n\n'


def _paragraphs(text: str, shown: str) -> list[tuple[str | None, str]]:
    """The file as (msgctxt, its lines) per paragraph: the header's key is None."""
    paragraphs = re.split(r"\n[ \t]*\n", text.rstrip("\n"))
    found: list[tuple[str | None, str]] = []
    line = 1
    for number, paragraph in enumerate(paragraphs):
        if number == 0:
            entries = parse(paragraph, shown).entries
        else:  # after a header, so that a comment opening the paragraph stays the entry's
            entries = parse(_HEAD + paragraph, shown).entries if paragraph.strip() else []
        if number == 0:
            if entries:
                break  # no header: not a file ppb wrote
            found.append((None, paragraph + "\n"))
        elif len(entries) != 1 or entries[0].key is None:
            break
        else:  # an obsolete entry is kept where it is, and never edited
            found.append((None if entries[0].obsolete else entries[0].key, paragraph + "\n"))
        line += paragraph.count("\n") + 2
    else:
        return found
    raise LayoutError(
        f"{shown}:{line}:1: cannot edit this file entry by entry (write one entry a paragraph, "
        "after the header); `ppb fmt` lays it out so"
    )


def canonical(text: str, shown: str) -> str:
    """A kept file in the layout ppb writes: the header, then one entry a paragraph in reading
    order, each as polib writes it (comments kept)."""
    import polib

    catalogue = polib.pofile(text + "\n", encoding="utf-8", wrapwidth=WIDTH)
    entries = sorted(
        (e for e in catalogue if not e.obsolete), key=lambda e: sort_key(e.msgctxt or "")
    )
    head = polib.POFile(wrapwidth=WIDTH)
    head.header, head.metadata = catalogue.header, catalogue.metadata
    parts = [str(head).rstrip("\n") + "\n"]
    parts += [e.__unicode__(WIDTH).rstrip("\n") + "\n" for e in entries]
    parts += [e.__unicode__(WIDTH).rstrip("\n") + "\n" for e in catalogue if e.obsolete]
    return "\n".join(parts)
