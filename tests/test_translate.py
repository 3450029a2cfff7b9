"""The translator's round trip, end to end on copies of the embedded board: export, fill, import,
then the Welsh minutes and `ppb check` as the English changes."""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppb import translatable, translate
from ppb.store import Store
from tests.conftest import ROOT, snapshot

MEETING = "meetings/2014-03-13.yaml"
KEPT = "translations/cy/meetings/2014-03-13.po"


def fill(path: Path, welsh: dict[str, str]) -> None:
    """Translate the entries of an exported file named by msgctxt, as a translator's tool would."""
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgctxt in welsh:
            entry.msgstr = welsh[entry.msgctxt]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
    catalogue.save(str(path))


def exported(ppb, tmp_path: Path, name: str = "cy.po") -> Path:
    path = tmp_path / name
    result = ppb("translate", "export", "2014-03-13", "--lang", "cy", "-o", str(path))
    assert result.code == 0, result.err
    return path


def test_export_lists_every_text_of_the_welsh_minutes_in_reading_order(
    board: Path, ppb, tmp_path: Path
) -> None:
    path = tmp_path / "cy.po"
    result = ppb("translate", "export", "2014-03-13", "--lang", "cy", "-o", str(path))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Wrote 90 entries to {path}: 90 untranslated, 0 stale\n"
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["X-PPB-Board"] == "Policing Performance Board"
    assert (catalogue.metadata["X-PPB-Prefix"], catalogue.metadata["Language"]) == ("PPB", "cy")
    keys = [e.msgctxt for e in catalogue]
    assert keys[:4] == ["board name", "2014-03-13 venue", "people PCC role", "people CC role"]
    assert keys.index("PPB 50 summary") < keys.index("2014-03-13 matters arising 1")
    assert keys.index("2014-03-13 item 2 title") < keys.index("2014-03-13 item 2.1 title")
    assert keys[-1] == "PPB 61 summary"  # the only one first said by the table of new actions
    assert len(keys) == len(set(keys)) == 90
    assert all(e.msgstr == "" and not e.fuzzy for e in catalogue)
    hate = catalogue.find("Hate Crime", msgctxt="2014-03-13 item 2.1 title")
    line = (board / MEETING).read_text().splitlines().index("      - title: Hate Crime") + 1
    assert hate is not None and hate.occurrences == [(MEETING, str(line))]
    assert hate.comment == "The title of item 2.1"
    note = catalogue.find("report published", msgctxt="PPB 51 progress 1")
    assert note is not None and note.comment == "Action PPB 51: progress given on 2014-03-13"
    assert ppb("translate", "export", "2014-03-13").out == path.read_text(encoding="utf-8")


def test_the_march_round_trip_puts_troseddau_casineb_into_the_welsh_minutes(
    board: Path, ppb, tmp_path: Path
) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"2014-03-13 item 2.1 title": "Troseddau Casineb"})
    result = ppb("translate", "import", str(path))
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Stored 1 translation:\n"
        f"  {KEPT}: 2014-03-13 item 2.1 title: Troseddau Casineb\n"
        "(89 left untranslated)\n"
    )
    assert (
        (board / KEPT)
        .read_text(encoding="utf-8")
        .endswith(
            '\nmsgctxt "2014-03-13 item 2.1 title"\nmsgid "Hate Crime"\nmsgstr "Troseddau Casineb"\n'
        )
    )
    welsh = ppb("minutes", "2014-03-13", "--lang", "cy")
    assert "\n### Troseddau Casineb\n" in welsh.out and "Hate Crime\n" not in welsh.out
    assert welsh.err == (
        "ppb minutes: 89 of 90 texts have no Welsh translation and are shown in English, marked "
        "[Saesneg]; `ppb translate export 2014-03-13 --lang cy -o cy.po` lists them\n"
    )
    check = ppb("check")  # the meeting's Welsh is now wanted: what is left is said, as warnings
    assert (check.code, check.err) == (0, "ppb check: 0 errors, 89 warnings\n")
    assert "'2014-03-13 item 2.1 title'" not in check.out

    # The English changes: the Welsh is stale, and the Welsh minutes show the new English, marked.
    meeting = board / MEETING
    meeting.write_text(
        meeting.read_text().replace("- title: Hate Crime\n", "- title: Hate Crimes\n")
    )
    welsh = ppb("minutes", "2014-03-13", "--lang", "cy")
    assert "\n### Hate Crimes *[Saesneg]*\n" in welsh.out and "Troseddau" not in welsh.out
    assert "(1 of them stale: the English changed after it was translated)" in welsh.err
    check = ppb("check")
    assert (check.code, check.err) == (0, "ppb check: 0 errors, 90 warnings\n")
    assert check.out.splitlines()[-1] == (
        f"{KEPT}:11:1: warning: the Welsh of '2014-03-13 item 2.1 title' was made for the English "
        "'Hate Crime', which now reads 'Hate Crimes'; it is not shown until translated again "
        "(`ppb translate export 2014-03-13 --lang cy`) [translation-stale]"
    )

    # Importing the old file again is refused, naming the entry; nothing is written.
    before = snapshot(board)
    again = ppb("translate", "import", str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == "Hate Crime")
    assert (again.code, again.out) == (1, "")
    assert again.err == (
        f"ppb: {path}:{line}:1: the English of '2014-03-13 item 2.1 title' has changed since the "
        "file was exported: it now reads 'Hate Crimes'; nothing was stored (export it again)\n"
    )
    assert snapshot(board) == before

    # A new export sends it for review: fuzzy, with its old Welsh and the English it was for.
    review = polib.pofile(str(exported(ppb, tmp_path, "again.po")))
    entry = review.find("Hate Crimes", msgctxt="2014-03-13 item 2.1 title")
    assert entry is not None and entry.fuzzy and entry.msgstr == "Troseddau Casineb"
    assert entry.previous_msgid == "Hate Crime"


def test_export_then_import_of_an_untouched_file_changes_nothing(
    board: Path, ppb, tmp_path: Path
) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl"})
    assert ppb("translate", "import", str(path)).code == 0
    untouched = exported(ppb, tmp_path, "untouched.po")
    before = snapshot(board)
    result = ppb("translate", "import", str(untouched))
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"Nothing to store from {untouched}: no entry has a new translation.\n"
        "(89 left untranslated)\n"
    )
    assert snapshot(board) == before
    again = ppb("translate", "import", str(path))  # the filled file once more
    assert again.out.startswith("Nothing to store") and "(1 already kept, 89 left" in again.out
    assert snapshot(board) == before


def test_import_edits_only_the_entries_it_changes(board: Path, ppb, tmp_path: Path) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"2014-03-13 item 1 title": "Diweddariad", "2014-03-13 item 3 title": "Adolygiad"})
    assert ppb("translate", "import", str(path)).code == 0
    kept = board / KEPT
    text = kept.read_text(encoding="utf-8")
    text = text.replace(
        'msgctxt "2014-03-13 item 1 title"',
        '# checked by the Welsh Language Unit\nmsgctxt "2014-03-13 item 1 title"',
    )
    kept.write_text(text, encoding="utf-8")
    second = exported(ppb, tmp_path, "second.po")
    fill(second, {"2014-03-13 item 2 title": "Adroddiad Perfformiad"})
    assert ppb("translate", "import", str(second)).code == 0
    after = kept.read_text(encoding="utf-8")
    added = (
        '\nmsgctxt "2014-03-13 item 2 title"\nmsgid "Performance Report relating to protecting '
        'vulnerable people"\nmsgstr "Adroddiad Perfformiad"\n'
    )
    at = text.index('\nmsgctxt "2014-03-13 item 3 title"')
    assert after == text[:at] + added + text[at:]  # in reading order, every other byte kept

    # A stale entry translated again is replaced where it stands, its comment kept.
    meeting = board / MEETING
    meeting.write_text(
        meeting.read_text().replace(
            "- title: Corporate Performance Update\n", "- title: Performance Update\n"
        )
    )
    third = exported(ppb, tmp_path, "third.po")
    fill(third, {"2014-03-13 item 1 title": "Diweddariad Perfformiad"})
    assert ppb("translate", "import", str(third)).code == 0
    assert kept.read_text(encoding="utf-8") == after.replace(
        'msgid "Corporate Performance Update"\nmsgstr "Diweddariad"',
        'msgid "Performance Update"\nmsgstr "Diweddariad Perfformiad"',
    )
    assert "# checked by the Welsh Language Unit\n" in after


def test_import_writes_every_file_it_changes_or_none(
    board: Path, ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl", "2014-03-13 item 1 title": "Diweddariad"})
    first = exported(ppb, tmp_path, "first.po")
    fill(first, {"people DoF role": "Cyfarwyddwr Cyllid", "2014-03-13 item 3 title": "Adolygiad"})
    assert ppb("translate", "import", str(first)).code == 0
    before = snapshot(board)
    from ppb.store import files

    real, calls = os.replace, []

    def failing(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:  # the journal, the first file, then the second file's rename fails
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", failing)
    result = ppb("translate", "import", str(path))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "ppb: the change was made but not every file is in place yet (No space left on device); "
        "the next ppb command finishes it\n"
    )
    monkeypatch.setattr(files.os, "replace", real)
    assert ppb("check").code == 0  # finishes it: every file of the change lands
    after = snapshot(board)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert len(changed) == 2, changed
    assert [p for p in board.rglob(".*.tmp")] == [] and not (board / ".ppb" / "journal").exists()


def test_import_on_a_full_disk_changes_nothing(
    board: Path, ppb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl", "2014-03-13 item 1 title": "Diweddariad"})
    before = snapshot(board)
    real, calls = os.fsync, []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file's new text does not fit
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    result = ppb("translate", "import", str(path))
    assert (result.code, result.err) == (
        1,
        "ppb: cannot write the change (No space left on device); nothing was changed\n",
    )
    assert snapshot(board) == before and [p for p in board.rglob(".*.tmp")] == []


def test_import_refuses_a_file_for_another_board(board: Path, ppb, tmp_path: Path) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl"})
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("X-PPB-Board: Policing Performance Board", "X-PPB-Board: Audit Committee")
    )
    before = snapshot(board)
    result = ppb("translate", "import", str(path))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"ppb: {path}:1:1: this file is for the board 'Audit Committee' (PPB), not 'Policing "
        "Performance Board' (PPB); nothing was stored\n"
    )
    assert snapshot(board) == before


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda t: t.replace('"X-PPB-Prefix: PPB\\n"\n', ""),
            "1:1: not a file of `ppb translate export` (no X-PPB-Board in its header); nothing was stored",
        ),
        (
            lambda t: t.replace("Language: cy", "Language: fr"),
            "1:1: the file's Language is 'fr'; ppb keeps translations into cy",
        ),
        (
            lambda t: t.replace('msgctxt "people CC role"', 'msgctxt "people CC rank"'),
            "{line}:1: msgctxt 'people CC rank' names no place ppb knows; nothing was stored",
        ),
        (
            lambda t: t.replace('msgctxt "people CC role"', 'msgctxt "people NOBODY role"'),
            "{line}:1: 'people NOBODY role' names nothing on this board now (removed?); nothing was stored",
        ),
        (
            lambda t: t.replace('msgctxt "people CC role"', 'msgctxt "2014-04-10 venue"'),
            "{line}:1: '2014-04-10 venue' names nothing on this board now (removed?); nothing was stored",
        ),
        (
            lambda t: t.replace('msgstr "Prif Gwnstabl"', 'msgstr "Prif "Gwnstabl"'),
            "{line3}:1: not a PO file: unescaped double quote found",
        ),
        (
            lambda t: t + '\nmsgctxt "people CC role"\nmsgid "Chief Constable"\nmsgstr "Eto"\n',
            "{last}:1: 'people CC role' is given twice (first at line {line})",
        ),
        (lambda t: "\x00" + t, "1:1: NUL byte: not a text file"),
    ],
    ids=[
        "no-board",
        "language",
        "unknown-place",
        "no-person",
        "no-meeting",
        "syntax",
        "twice",
        "binary",
    ],
)
def test_bad_files_are_refused_in_one_line_and_nothing_is_written(
    board: Path, ppb, tmp_path: Path, change, says: str
) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl"})
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(e.linenum for e in polib.pofile(text) if e.msgctxt == "people CC role")
    changed = change(text)
    last = len(text.splitlines()) + 2
    path.write_text(changed, encoding="utf-8")
    before = snapshot(board)
    result = ppb("translate", "import", str(path))
    assert (result.code, result.out) == (1, "")
    wanted = says.format(line=line, line3=line + 4, last=last)
    assert result.err == f"ppb: {path}:{wanted}\n", lines[line - 1 : line + 5]
    assert snapshot(board) == before


def test_import_of_a_missing_file_or_a_folder_is_one_line(board: Path, ppb) -> None:
    assert ppb("translate", "import", "nowhere.po").err == "ppb: nowhere.po: no such file\n"
    assert ppb("translate", "import", "meetings").err == "ppb: meetings:1:1: a folder, not a file\n"
    assert ppb("translate", "export", "2014-04-10").err.startswith("ppb: no meeting 2014-04-10")
    usage = ppb("translate", "export", "2014-03-13", "--lang", "fr")
    assert usage.code == 2 and "'fr' is not one of 'cy'" in usage.err


def test_a_broken_kept_file_is_named_by_minutes_and_check(board: Path, ppb) -> None:
    kept = board / KEPT
    kept.parent.mkdir(parents=True)
    kept.write_text(
        'msgid ""\nmsgstr ""\n\nmsgctxt "2014-03-13 venue"\nmsgid "x"\nmsgstr ""\nbogus\n'
    )
    result = ppb("minutes", "2014-03-13", "--lang", "cy")
    assert (result.code, result.out) == (1, "")
    assert result.err == f"ppb: {KEPT}:7:1: not a PO file: syntax error\n"
    assert ppb("minutes", "2014-03-13").code == 0  # English needs no translations
    check = ppb("check")
    assert (check.code, check.out) == (1, f"{KEPT}:7:1: not a PO file: syntax error [po-syntax]\n")


def test_a_hand_laid_out_kept_file_is_refused_with_a_hint(board: Path, ppb, tmp_path: Path) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"people CC role": "Prif Gwnstabl", "people DoF role": "Cyfarwyddwr Cyllid"})
    assert ppb("translate", "import", str(path)).code == 0
    kept = board / "translations/cy/actions.po"
    kept.write_text(
        kept.read_text().replace('msgstr "Prif Gwnstabl"\n\n', 'msgstr "Prif Gwnstabl"\n')
    )
    second = exported(ppb, tmp_path, "second.po")
    fill(second, {"people PCC role": "Comisiynydd Heddlu a Throseddu"})
    before = snapshot(board)
    result = ppb("translate", "import", str(second))
    assert result.code == 1 and snapshot(board) == before
    assert re.fullmatch(
        r"ppb: translations/cy/actions\.po:\d+:1: cannot edit this file entry by entry \(write one "
        r"entry a paragraph, after the header\); `ppb fmt` lays it out so\n",
        result.err,
    )
    assert ppb("fmt").code == 0
    assert ppb("translate", "import", str(second)).code == 0
    assert "Comisiynydd Heddlu a Throseddu" in kept.read_text()


def test_check_on_a_welsh_board_with_a_final_meeting(board: Path, ppb, tmp_path: Path) -> None:
    register = board / "actions.yaml"
    register.write_text(
        register.read_text().replace("  prefix: PPB\n", "  prefix: PPB\n  languages: [en, cy]\n")
    )
    meeting = board / MEETING
    text = meeting.read_text()
    result = ppb("check")
    assert result.code == 0 and result.err == "ppb check: 0 errors, 90 warnings\n"
    assert result.out.splitlines()[0] == (
        "actions.yaml:6:9: warning: 'board name' has no Welsh translation; "
        "`ppb translate export 2014-03-13 --lang cy` lists it [translation-missing]"
    )
    meeting.write_text(
        text.replace("venue: Police Headquarters\n", "venue: Police Headquarters\nfinal: true\n")
    )
    result = ppb("check")
    assert result.code == 1 and result.err == "ppb check: 90 errors, 0 warnings\n"
    line = text.splitlines().index("      - title: Hate Crime") + 2  # below the line added
    assert (
        f"{MEETING}:{line}:16: '2014-03-13 item 2.1 title' has no Welsh translation; "
        "`ppb translate export 2014-03-13 --lang cy` lists it [translation-missing]"
    ) in result.out.splitlines()
    path = exported(ppb, tmp_path)
    catalogue = polib.pofile(str(path))
    fill(path, {e.msgctxt: f"Cymraeg {n}" for n, e in enumerate(catalogue)})
    assert ppb("translate", "import", str(path)).code == 0
    assert (ppb("check").code, ppb("check").out) == (0, "")
    welsh = ppb("minutes", "2014-03-13", "--lang", "cy")
    assert welsh.err == "" and "[Saesneg]" not in welsh.out
    register.write_text(
        register.read_text().replace("summary: T/DCC to develop", "summary: The T/DCC to develop")
    )
    stale = ppb("check")
    assert stale.code == 1 and stale.out.startswith("translations/cy/actions.po:")
    assert "'PPB 50 summary' was made for the English 'T/DCC to develop" in stale.out
    assert stale.out.count("\n") == 1 and "warning" not in stale.out


def test_check_names_orphaned_translations(board: Path, ppb, tmp_path: Path) -> None:
    path = exported(ppb, tmp_path)
    fill(path, {"2014-03-13 item 9 title": "Ansawdd Data"})
    assert ppb("translate", "import", str(path)).code == 0
    meeting = board / MEETING
    text = meeting.read_text()
    meeting.write_text(
        text[: text.index("  - title: Data Quality")] + text[text.index("other_business:") :]
    )
    (board / "translations/cy/meetings/2014-04-10.po").write_text((board / KEPT).read_text())
    result = ppb("check")
    assert result.code == 0
    assert [line for line in result.out.splitlines() if "[translation-missing]" not in line] == [
        f"{KEPT}:11:1: warning: '2014-03-13 item 9 title' names nothing on the board now (removed, or moved?) [translation-orphan]",
        "translations/cy/meetings/2014-04-10.po:1:1: warning: there is no meeting 2014-04-10 (no meetings/2014-04-10.yaml) [translation-orphan]",
    ]


def test_public_and_welsh_withhold_restricted_things_in_both_languages(
    board: Path, ppb, tmp_path: Path
) -> None:
    path = exported(ppb, tmp_path)
    fill(
        path,
        {
            "2014-03-13 item 9 title": "Ansawdd Data",
            "PPB 60 summary": "Argymhellion troseddau casineb",
        },
    )
    assert ppb("translate", "import", str(path)).code == 0
    register = board / "actions.yaml"
    register.write_text(
        register.read_text().replace(
            "    item: Hate Crime\n    status: open\n",
            "    item: Hate Crime\n    status: open\n    restricted: true\n",
        )
    )
    meeting = board / MEETING
    meeting.write_text(
        meeting.read_text().replace(
            "  - title: Data Quality\n", "  - title: Data Quality\n    restricted: true\n"
        )
    )
    internal = ppb("minutes", "2014-03-13", "--lang", "both").out
    assert "Ansawdd Data" in internal and "Argymhellion troseddau casineb" in internal
    secrets = [
        "Ansawdd Data",
        "Argymhellion troseddau",
        "Data Quality",
        "Recommendations from hate crime research",
        "Data Quality Assurance Board",
    ]
    for fmt in ("md", "html"):
        for lang in ("cy", "both"):
            public = html.unescape(
                ppb("minutes", "2014-03-13", "--public", "--lang", lang, "-f", fmt).out
            )
            assert not [s for s in secrets if s in public], (fmt, lang)
            assert "(Cyfyngedig: heb ei gyhoeddi)" in public and "Eitem gyfyngedig" in public
            assert (
                "Nid yw'r fersiwn gyhoeddus hon o'r cofnodion yn cynnwys 1 cam gweithredu "
                "cyfyngedig na 1 eitem gyfyngedig." in public
            )
            english = "(Restricted: not published)" in public and "Restricted item" in public
            assert english == (lang == "both"), (fmt, lang)
    exported_public = ppb("translate", "export", "2014-03-13", "--public").out
    assert (
        "Data Quality" not in exported_public
        and "Recommendations from hate crime" not in exported_public
    )
    assert "Key barriers to progressing" in exported_public


# The round trip as a property


WELSH = (
    st.lists(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029")
        | st.sampled_from(['"', "\\", "\n", "\t", "ŵ", "ŷ", "â", "#", "%s", "{n}", '\\"']),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .filter(lambda s: s.strip() == s and s)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(st.integers(0, 89), min_size=1, max_size=6, unique=True),
    welsh=st.lists(WELSH, min_size=6, max_size=6),
    title=WELSH,
)
def test_export_then_import_stores_exactly_what_was_translated(
    chosen: list[int], welsh: list[str], title: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(ROOT / "actions.yaml", root / "actions.yaml")
        shutil.copytree(ROOT / "meetings", root / "meetings")
        meeting = root / MEETING
        quoted = (
            '"'
            + title.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\t", "\\t")
            + '"'
        )
        meeting.write_text(
            meeting.read_text().replace("- title: Hate Crime\n", f"- title: {quoted}\n")
        )
        store = Store(root)
        done = translate.export(store, "2014-03-13", "cy")
        path = root / "cy.po"
        path.write_text(done.text, encoding="utf-8")
        catalogue = polib.pofile(str(path))
        assert catalogue.find(title, msgctxt="2014-03-13 item 2.1 title") is not None
        wanted = {
            catalogue[i].msgctxt: (catalogue[i].msgid, w)
            for i, w in zip(chosen, welsh, strict=False)
        }
        fill(path, {key: w for key, (_, w) in wanted.items()})
        stored = translate.import_(store, str(path))
        assert sorted(k for _, k, _ in stored.stored) == sorted(wanted)
        kept = store.translations("cy", "2014-03-13")
        for key, (english, w) in wanted.items():
            assert kept.text(key, english) == w
        assert len(kept.kept) == len(wanted)
        again = Store(root)
        before = {p: p.read_bytes() for p in root.rglob("*.po")}
        assert translate.import_(again, str(path)).stored == []
        assert {p: p.read_bytes() for p in root.rglob("*.po")} == before
        remaining = polib.pofile(translate.export(again, "2014-03-13", "cy").text)
        assert {e.msgctxt for e in remaining} == {e.msgctxt for e in catalogue} - set(wanted)


def test_keys_name_their_places_and_sort_in_reading_order() -> None:
    keys = [
        "2014-03-13 venue",
        "2014-03-13 opening 1",
        "2014-03-13 matters arising 2",
        "2014-03-13 matters arising 10",
        "2014-03-13 item 2 title",
        "2014-03-13 item 2 text 1",
        "2014-03-13 item 2.1 title",
        "2014-03-13 item 2.1 text 2",
        "2014-03-13 item 10 title",
        "2014-03-13 other business 1",
    ]
    assert sorted(reversed(keys), key=translatable.sort_key) == keys
    register = [
        "board name",
        "people T/ACC role",
        "PPB 9 summary",
        "PPB 9 progress 1",
        "PPB 10 summary",
    ]
    assert sorted(reversed(register), key=translatable.sort_key) == register
    assert translatable.parse("2014-03-13 item 2.1 text 3") == translatable.Where(
        "2014-03-13", "text", number=(1, 0), position=2
    )
    assert translatable.parse("people Dafydd Llewelyn role") == translatable.Where(
        None, "role", "Dafydd Llewelyn"
    )
    assert translatable.parse("PPB 56 progress 2") == translatable.Where(
        None, "progress", "PPB 56", position=1
    )
    for nowhere in ("", "summary", "2014-03-13 item title", "2014-03-13 lunch", "people role"):
        assert translatable.parse(nowhere) is None, nowhere
