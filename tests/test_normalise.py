"""Hand-written spellings become canonical; bad ones are refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ppb import normalise
from ppb.normalise import Handles, SpellingError


@pytest.mark.parametrize(
    "text", ["PPB 60", "PPB60", "ppb-60", "60", " ppb 060 ", "Ppb_60", "ppb.60"]
)
def test_action_id_spellings_are_one_id(text: str) -> None:
    assert normalise.action_id(text, "PPB") == "PPB 60"


@pytest.mark.parametrize(
    "text", ["", "PPB", "PPB 6a", "XYZ 60", "60 PPB", "-3", "６０", "PPB 1000000000", "7" * 5000]
)
def test_bad_action_ids_are_refused(text: str) -> None:
    with pytest.raises(SpellingError):
        normalise.action_id(text, "PPB")


@given(
    st.integers(min_value=0, max_value=10**9 - 1),  # nine digits at most
    st.sampled_from(["", " ", "-", "_", "  "]),
    st.sampled_from(["PPB", "ppb", "Ppb", ""]),
)
def test_any_spelling_of_a_number_is_that_action(number: int, sep: str, prefix: str) -> None:
    text = f"{prefix}{sep if prefix else ''}{number}"
    assert normalise.action_id(text, "PPB") == f"PPB {number}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In progress", "in progress"),
        ("in-progress", "in progress"),
        ("IN PROGRESS", "in progress"),
        ("in_progress", "in progress"),
        ("Completed", "completed"),
        (" open ", "open"),
        ("WITHDRAWN", "withdrawn"),
    ],
)
def test_status_spellings(text: str, expected: str) -> None:
    assert normalise.status(text) == expected


def test_unknown_status_suggests_the_nearest() -> None:
    with pytest.raises(SpellingError, match="did you mean 'completed'"):
        normalise.status("complted")


@given(
    st.sampled_from(normalise.STATUSES),
    st.lists(st.sampled_from([" ", "-", "_"]), min_size=1, max_size=3),
    st.booleans(),
)
def test_status_normalisation_ignores_case_and_separators(
    status: str, seps: list[str], upper: bool
) -> None:
    sep = "".join(seps)
    text = status.replace(" ", sep)
    text = text.upper() if upper else text.title()
    assert normalise.status(text) == status


def test_dates_are_strict_iso() -> None:
    assert normalise.date("2014-03-13") == dt.date(2014, 3, 13)
    for bad in ["13.03.14", "20140313", "2014-02-30", "2014-3-13"]:
        with pytest.raises(SpellingError):
            normalise.date(bad)


def test_meeting_ids_take_a_suffix_from_two() -> None:
    assert normalise.meeting_id("2014-03-13") == "2014-03-13"
    assert normalise.meeting_id("2014-03-13-2") == "2014-03-13-2"
    for bad in ["2014-03-13-1", "2014-03-13b", "March", "2014-13-01"]:
        with pytest.raises(SpellingError):
            normalise.meeting_id(bad)


PEOPLE = {
    "DoC": {"name": "Alison Perry", "aliases": ["ALP"]},
    "T/ACC": {"name": "Pam Kelly"},
    "NO": {"name": "Nora Owen"},
    "LA": {},
}


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("DoC", "DoC"),
        ("doc", "DoC"),
        ("ALP", "DoC"),
        ("alp", "DoC"),
        ("Alison  Perry", "DoC"),
        ("t/acc", "T/ACC"),
        ("no", "NO"),
        ("LA", "LA"),
    ],
)
def test_handles_match_by_case_alias_and_name(text: str, handle: str) -> None:
    assert Handles(PEOPLE).resolve(text) == handle


def test_unknown_handle_is_refused_with_a_suggestion() -> None:
    with pytest.raises(SpellingError, match="unknown handle 'T/AC'.*did you mean 'T/ACC'"):
        Handles(PEOPLE).resolve("T/AC")


def test_a_handle_beats_another_persons_alias() -> None:
    handles = Handles({"CC": {"aliases": ["X"]}, "X": {}})
    assert handles.resolve("x") == "X"


@pytest.mark.parametrize(
    "word",
    [
        "NO",
        "no",
        "On",
        "OFF",
        "y",
        "Yes",
        "true",
        "~",
        "null",
        "",
        "010",
        "0x1F",
        "1_000",
        "3.5",
        ".inf",
        "2014-03-13",
        "12:30",
        "<<",
    ],
)
def test_words_a_yaml_11_reader_would_not_read_as_text_need_quotes(word: str) -> None:
    assert normalise.needs_quotes(word)


@pytest.mark.parametrize(
    "word", ["T/ACC", "CC", "Dafydd Llewelyn", "PPB 60", "nope", "2014", "ON-CALL"]
)
def test_ordinary_words_need_no_quotes(word: str) -> None:
    if word == "2014":
        assert normalise.needs_quotes(word)  # an int in every YAML
    else:
        assert not normalise.needs_quotes(word)


@given(
    st.text(
        alphabet=st.characters(codec="ascii", categories=("L", "N", "P")), min_size=1, max_size=12
    )
)
def test_needs_quotes_agrees_with_a_yaml_11_reader(word: str) -> None:
    """Whatever PyYAML's YAML 1.1 resolver reads as non-text, we quote."""
    resolved = yaml.resolver.Resolver().resolve(yaml.ScalarNode, word, (True, False))
    if resolved != "tag:yaml.org,2002:str":
        assert normalise.needs_quotes(word)


@pytest.mark.parametrize(
    "text", ["２０１４-０３-１３", "2014-03-13-1000", "2014-03-13-" + "7" * 5000, "٢٠١٤-03-13"]
)
def test_meeting_ids_are_ascii_and_short(text: str) -> None:
    with pytest.raises(SpellingError) as raised:
        normalise.meeting_id(text)
    assert len(str(raised.value)) < 160  # a long value is quoted cut short


def test_dates_take_ascii_digits_only() -> None:
    with pytest.raises(SpellingError):
        normalise.date("２０１４-０３-１３")
    assert normalise.meeting_id("2014-03-13-999") == "2014-03-13-999"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Done", "completed"), ("closed", "completed"), ("Complete", "completed"),
     ("ongoing", "in progress")],
)  # fmt: skip
def test_everyday_status_words(text: str, expected: str) -> None:
    assert normalise.status(text) == expected


@pytest.mark.parametrize(
    ("text", "meant"),
    [("10/04/2014", "2014-04-10"), ("10th April 2014", "2014-04-10"), ("1 May 2014", "2014-05-01"),
     ("10.04.14", "2014-04-10"), ("31/02/2014", None), ("soon", None)],
)  # fmt: skip
def test_a_british_date_gets_its_iso_form_suggested(text: str, meant: str | None) -> None:
    with pytest.raises(normalise.SpellingError) as caught:
        normalise.date(text)
    assert str(caught.value).endswith(f"(did you mean {meant}?)" if meant else "YYYY-MM-DD")


@pytest.mark.parametrize("text", ["7/2023/P", "7/23/p", " 07 / 2023 / P "])
def test_a_yearly_scheme_id_in_any_spelling_is_one_id(text: str) -> None:
    assert normalise.prefix("n/yyyy/p") == "N/YYYY/P"
    assert normalise.action_id(text, "N/YYYY/P") == "7/2023/P"
    assert normalise.action_number("7/2023/P") == 2023 * normalise.YEAR + 7


@pytest.mark.parametrize("text", ["7", "PPB 7", "7/2023/Q", "7/2023"])
def test_a_yearly_scheme_refuses_ids_of_another_scheme(text: str) -> None:
    with pytest.raises(SpellingError):
        normalise.action_id(text, "N/YYYY/P")


def test_the_next_id_continues_the_scheme_and_restarts_each_year() -> None:
    numbers = [normalise.action_number(i) for i in ("3/2023/P", "12/2023/P", "2/2022/P")]
    assert normalise.next_id("N/YYYY/P", numbers, 2023) == "13/2023/P"
    assert normalise.next_id("N/YYYY/P", numbers, 2024) == "1/2024/P"
    assert normalise.next_id("PPB", [60, 70], 2014) == "PPB 71"
    assert normalise.id_of("N/YYYY/P", normalise.action_number("9/2023/P")) == "9/2023/P"
    assert sorted(["10/2023/P", "9/2023/P", "1/2024/P"], key=normalise.action_number) == [
        "9/2023/P", "10/2023/P", "1/2024/P",
    ]  # fmt: skip
