"""The Welsh label catalogue: every label the code says is in it, translated, placeholders kept."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ppb.render import labels

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ppb" / "locale" / "cy" / "LC_MESSAGES" / "ppb.po"


def catalogue():  # type: ignore[no-untyped-def]
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="cy")


def said_in_code() -> set[tuple[str | None, str]]:
    """(context, msgid) of every label the code marks, as Babel's extractor finds them."""
    keywords = {"words": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    found = set()
    for _, _, message, _, context in extract_from_dir(
        str(ROOT / "ppb"), [("**.py", "python")], keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.add((context, msgid))
    return found


def test_the_catalogue_translates_exactly_the_labels_the_code_says() -> None:
    messages = catalogue()
    kept = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in messages if m.id}
    said = said_in_code()
    assert len(said) > 25
    assert said - kept == set(), "labels with no Welsh"
    assert kept - said == set(), "Welsh for labels the code no longer says"
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(strings) and not message.fuzzy, message.id
        wanted = set(re.findall(r"\{\w+\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == wanted, (message.id, string)


def test_welsh_words_dates_and_plurals() -> None:
    welsh = labels.of("cy")
    assert welsh("Apologies") == "Ymddiheuriadau"
    assert welsh.status("in progress") == "Yn mynd rhagddo" and welsh.status("odd") == "Odd"
    assert welsh.date(dt.date(2014, 3, 13)) == "13 Mawrth 2014"
    assert welsh.date(dt.date(2014, 1, 1)) == "1 Ionawr 2014"
    assert welsh.ngettext("{n} restricted item", "{n} restricted items", 2) == "2 eitem gyfyngedig"
    english = labels.of("en")
    assert english.date(dt.date(2014, 3, 22)) == "22nd March 2014"
    assert (
        english.ngettext("{n} restricted item", "{n} restricted items", 2) == "2 restricted items"
    )
    assert english("{board}: minutes of {date}", board="B", date="d") == "B: minutes of d"


def test_a_welsh_text_with_a_broken_placeholder_falls_back_to_the_english() -> None:
    import gettext

    class Broken(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "{bwrdd}: cofnodion"

    words = labels.Labels("cy", Broken())
    assert words("{board}: minutes of {date}", board="B", date="d") == "B: minutes of d"


@pytest.mark.slow
def test_the_wheel_carries_the_catalogue(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("ppb-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("ppb/locale/cy/LC_MESSAGES/ppb.po") == CATALOGUE.read_bytes()
