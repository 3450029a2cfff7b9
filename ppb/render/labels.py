"""The fixed words of a document in its language: labels, status words, dates.

English is the language the code is written in; other languages come from the
gettext catalogue in the package, `ppb/locale/<lang>/LC_MESSAGES/ppb.po`, read
as it is with Babel (no build step, so a Welsh speaker corrects a term in that
one file). Dates are written by Babel from CLDR's data for the language. Every
layout asks the same object: `of(document.lang)`.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "cy")
DOMAIN = "ppb"


class Labels:
    """The words of one language: `words("Apologies")`, `words.pgettext("status", "Open")`."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._translations = translations
        self._statuses: dict[str, str] | None = None

    def __call__(self, message: str, **values: Any) -> str:
        return _fill(self._translations.gettext(message), message, values)

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        english = singular if n == 1 else plural
        return _fill(self._translations.ngettext(singular, plural, n), english, {"n": n, **values})

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def status(self, status: str) -> str:
        """An action's status as the minutes write it: Open, In progress … (or in Welsh)."""
        if self._statuses is None:
            self._statuses = {
                "open": self.pgettext("status", "Open"),
                "in progress": self.pgettext("status", "In progress"),
                "completed": self.pgettext("status", "Completed"),
                "withdrawn": self.pgettext("status", "Withdrawn"),
            }
        return self._statuses.get(status) or status[:1].upper() + status[1:]

    def date(self, day: dt.date) -> str:
        """13th March 2014, as English minutes write it; 13 Mawrth 2014 in Welsh."""
        if self.lang == "en":
            n = day.day
            suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"{n}{suffix} {day:%B %Y}"
        from babel.dates import format_date

        return str(format_date(day, "d MMMM yyyy", locale=self.lang))


def _fill(text: str, english: str, values: dict[str, Any]) -> str:
    """The text with its {placeholders} filled; the English if a translation broke them."""
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return english.format(**values)


@cache
def of(lang: str) -> Labels:
    """The words of `lang` (one of LANGUAGES)."""
    if lang == "en":
        return Labels(lang, gettext.NullTranslations())
    return Labels(lang, catalogue(lang))


def catalogue_path(lang: str) -> Any:
    """The catalogue of `lang` inside the installed package (a wheel's or a work tree's)."""
    return resources.files("ppb") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(lang: str) -> gettext.GNUTranslations:
    """The package's catalogue of `lang`, read from its .po by Babel and served by gettext.

    Babel compiles it in memory (fuzzy entries left out, as msgfmt does), so the
    standard library's gettext answers with its plural rules and contexts.
    """
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as handle:
        messages = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
