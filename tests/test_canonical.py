"""Actions read from their lines alone give the very rows YAML and the models give, or none.

The slow way here is the one the reader takes for an action it cannot read from its lines
(`Reader._run`): the action's text parsed by `yaml_read`, validated by `ActionList` with
the board's prefix, made a row by `record.from_model`. Rows are compared by repr, so that
a tuple is never taken for a list, nor True for 1.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ppb import actions, cli, history, record
from ppb.errors import FileError, LayoutError
from ppb.importer import apply as importer
from ppb.models import ActionList
from ppb.record import Progress
from ppb.store import Store, canonical, register, sections, yaml_edit, yaml_read

ROOT = Path(__file__).resolve().parent.parent
MOST = register.MAX_HISTORY


def slow(block: str, prefix: str) -> Any:
    """The row of one action's text the way YAML and the models read it; None if refused."""
    try:
        data = yaml_read.load(block, "actions.yaml")
    except FileError:
        return None
    if not isinstance(data, list) or len(data) != 1:
        return None
    try:
        return record.from_model(
            ActionList.model_validate(data, context={"prefix": prefix}).root[0]
        )
    except ValidationError:
        return None


def fast(block: str, prefix: str = "PPB", indent: int = 2) -> Any:
    return canonical.lines(prefix, indent).row(block, 0, len(block), MOST)


def same_or_none(block: str, prefix: str = "PPB", indent: int = 2) -> Any:
    """The fast row, having checked it is the slow one wherever there is one."""
    got = fast(block, prefix, indent)
    if got is not None:
        assert repr(got) == repr(slow(block, prefix)), block
    return got


# Text that trips YAML or the models: indicators, comments, quotes, YAML 1.1 words,
# numbers and dates, spaces at the ends, breaks, escapes, controls, unicode.
AWKWARD = [
    "", " ", "  ", ":", ": ", " #", "#", "'", '"', "''", "-", "- ", "?", "? ", "007", "0x1F",
    "yes", "no", "NO", "On", "null", "~", "Null", "NULL", "true", "False", "2014-03-13",
    "2014-02-30", "1.5", "1e3", "[", "]", "{", "}", ",", ", ", "&a", "*a", "!x", "!!str", "|",
    ">", "%", "@", "`", "\\", "\\n", "é", "ŵ", "☃", "😀", "\u00a0", "\t", "\n", "\r",
    "\u2028", "\x85", "\ufeff", "\x07", "\u200d", "a", "Z", "0", " x ", "PPB 5", "---", "...",
    "<<", "=", "x:y", "a #b", "a#b", "O'Brien",
]  # fmt: skip
awkward = st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=4)), max_size=6).map(
    "".join
)
# Awkward, but on one line and printable: what ppb may well read from its lines.
printable = st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp"))
one_line = st.lists(
    st.one_of(
        st.sampled_from([a for a in AWKWARD if a.isprintable()]), st.text(printable, max_size=4)
    ),
    max_size=6,
).map("".join)
odd = st.one_of(one_line, one_line, awkward)
WORDS = ["report", "review", "CC", "T/ACC", "PPB", "a", "(draft)", "no.", "3", "it's", "ŵyr"]
plain = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
any_text = st.one_of(plain, odd)
HANDLES = ["CC", "T/ACC", "Dafydd Llewelyn", "NO", "yes", "007", "it's", "DoF", "a b"]
handle = st.one_of(st.sampled_from(HANDLES), odd)
day = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
meeting = st.one_of(
    day.map(dt.date.isoformat),
    st.tuples(day, st.integers(2, 12)).map(lambda d: f"{d[0].isoformat()}-{d[1]}"),
)
STATUSES = ["open", "in progress", "completed", "withdrawn"]


@st.composite
def action_data(draw: Any, text: Any = any_text, owners: Any = handle) -> dict[str, Any]:
    """An action as `add` or `import` would raise it, with `update`s to append."""
    n = draw(st.integers(0, 10**9 - 1))
    raised = draw(st.one_of(st.none(), meeting))
    entries = draw(
        st.lists(
            st.builds(
                Progress,
                date=day.map(dt.date.isoformat),
                meeting=st.one_of(st.none(), meeting),
                status=st.sampled_from(STATUSES),
                note=st.one_of(st.none(), text),
                owners=st.one_of(st.none(), st.lists(owners, min_size=1, max_size=3).map(tuple)),
            ),
            max_size=3,
        )
    )
    return {
        "id": f"PPB {n}",
        "summary": draw(text),
        "owners": draw(st.lists(owners, max_size=3, unique=True)),
        "raised": raised,
        "raised_on": None if raised else draw(st.one_of(st.none(), day)),
        "item": draw(st.one_of(st.none(), text)),
        "due": draw(st.one_of(st.none(), meeting)),
        "see": draw(st.lists(st.integers(1, 999).map(lambda n: f"PPB {n}"), max_size=3)),
        "restricted": draw(st.one_of(st.none(), st.just(True))),
        "reason": draw(st.one_of(st.none(), text)),
        "source": draw(st.one_of(st.none(), text)),
        "history": entries,
        "by": draw(st.sampled_from(["add", "import"])),
    }


def written(data: dict[str, Any], indent: int = 2) -> str:
    """The action's lines as ppb writes them: `add` then one `update` per entry, or `import`."""
    if data["by"] == "import":
        found = SimpleNamespace(**{**data, "status": "open"})
        found.history = [
            {**e._asdict(), "source": data["source"] or "minutes.txt:1"} for e in data["history"]
        ]
        return yaml_edit.render_item(importer._written(found), indent, yaml_edit.CANONICAL)
    day = data["raised_on"].isoformat() if data["raised_on"] else None  # as a row holds it
    raised = SimpleNamespace(**{**data, "raised_on": day})
    text = yaml_edit.render_item(actions._written(raised), indent, yaml_edit.CANONICAL)
    for n, entry in enumerate(data["history"]):
        now = history.current(tuple(data["history"][: n + 1]))
        assert now is not None
        try:
            text = yaml_edit.edit(text, lambda doc, e=entry, s=now.status: actions._apply(doc[0], e, s), "x")  # fmt: skip
        except LayoutError:  # ruamel cannot keep what it wrote of an odd value: ppb would stop
            break
    return text


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=action_data(), indent=st.sampled_from([2, 0, 4]))
def test_what_ppb_writes_reads_the_same_from_its_lines(data: dict[str, Any], indent: int) -> None:
    same_or_none(written(data, indent), indent=indent)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=action_data(text=plain, owners=st.sampled_from(HANDLES[:3])))
def test_plain_actions_are_read_from_their_lines(data: dict[str, Any]) -> None:
    assert same_or_none(written(data)) is not None, written(data)


# Mutations of what ppb writes: a character changed, added or dropped, a line indented or
# repeated or dropped, quotes or a comment added.
def _mutate(block: str, kind: int, at: int, char: str) -> str:
    lines = block.splitlines(keepends=True)
    if not lines:
        return char
    line = at % len(lines)
    if kind == 0:
        return block[: at % len(block)] + char + block[at % len(block) + 1 :]
    if kind == 1:
        return block[: at % len(block)] + char + block[at % len(block) :]
    if kind == 2:
        return block[: at % len(block)] + block[at % len(block) + 1 :]
    if kind == 3:
        lines[line] = " " * (1 + at % 3) + lines[line]
    elif kind == 4:
        lines[line] = lines[line][1 + at % 2 :]
    elif kind == 5:
        lines.insert(line, lines[line])
    elif kind == 6:
        del lines[line]
    elif kind == 7:
        key, sep, value = lines[line].rstrip("\n").partition(": ")
        quote = "'" if at % 2 else '"'
        lines[line] = f"{key}{sep}{quote}{value}{quote}\n" if sep else lines[line]
    elif kind == 8:
        lines[line] = lines[line].rstrip("\n") + (" # x" if at % 2 else " ") + "\n"
    else:
        lines[line], lines[-1] = lines[-1], lines[line]
    return "".join(lines)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=action_data(),
    mutations=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 10_000), st.sampled_from(AWKWARD + ["x"])),
        min_size=1,
        max_size=3,
    ),
)
@example(  # quotes taken off a value that hides a comment's `#` and a `: ` in them
    data={
        "id": "PPB 1",
        "summary": "a # b: c",
        "owners": ["NO"],
        "raised": "2014-03-13",
        "raised_on": None,
        "item": None,
        "due": None,
        "see": [],
        "restricted": None,
        "reason": None,
        "source": None,
        "history": [],
        "by": "add",
    },  # fmt: skip
    mutations=[(0, 18, " ")],
)
def test_mutated_lines_read_the_same_or_not_at_all(
    data: dict[str, Any], mutations: list[tuple[int, int, str]]
) -> None:
    block = written(data)
    for kind, at, char in mutations:
        block = _mutate(block, kind, at, char) or "\n"
    same_or_none(block)


@pytest.mark.parametrize(
    "block",
    [
        "  - id: PPB 1\n    summary: x\n    status: open\n",
        "  - id: PPB 1\n    summary: 'it''s: # ok'\n    owners: ['NO', it's, a b]\n    status: open\n",
        '  - id: PPB 1\n    summary: "quoted"\n    owners:\n    raised:\n    status: completed\n',
        "  - id: PPB 1\n    summary: -x ?y :z\n    owners: []\n    raised_on: 2014-03-13\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    item: ~\n    due: 2014-04-10-2\n    see: [PPB 2, PPB 30]\n"
        "    restricted: false\n    reason: ''\n    status: open\n    history: []\n",
        "  - id: PPB 1\n    summary: x\n    status: open\n    history:\n      - date: 2014-03-13\n"
        "        meeting: 2014-03-13\n        status: completed\n        note: 'NO'\n"
        "        owners: []\n      - date: 2014-03-12\n        status: in progress\n"
        "        owners: [CC, 'T/ACC']\n        source: minutes.txt:3\n",
        "  - id: PPB 1\n    summary: x\n    status: open\n    see: [PPB 2]\n    source: a.txt:1\n"
        "    history:\n",
    ],
)
def test_the_layouts_ppb_writes_are_read_from_their_lines(block: str) -> None:
    assert same_or_none(block) is not None


@pytest.mark.parametrize(
    "block",
    [
        "  - id: PPB 01\n    summary: x\n    status: open\n",  # made canonical by the models
        "  - id: PPB60\n    summary: x\n    status: open\n",
        "  - id: 60\n    summary: x\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    status: Open\n",
        "  - id: PPB 1\n    summary: x\n    status: done\n",
        "  - id: PPB 1\n    summary: x  \n    status: open\n",  # trailing spaces
        "  - id: PPB 1\n    summary: x # note\n    status: open\n",  # a comment
        "  - id: PPB 1\n    summary: x\n    # a comment\n    status: open\n",
        "  - id: PPB 1\n\n    summary: x\n    status: open\n",  # a blank line
        "  - id: PPB 1\n    status: open\n    summary: x\n",  # another order
        "  - id: PPB 1\n    summary: x\n    status: open\n    colour: red\n",  # an unknown key
        "  - id: PPB 1\n    summary: x\n    see: [PPB 2]\n    status: open\n    see: [PPB 3]\n",
        "  - id: PPB 1\n    summary: x\n    raised: 2014-02-30\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    raised: 2014-03-13-1\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    raised: '2014-03-13'\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    restricted: yes\n    status: open\n",
        "  - id: PPB 1\n    summary: null\n    status: open\n",
        "  - id: PPB 1\n    summary: ''\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n      y\n    status: open\n",  # two lines
        '  - id: PPB 1\n    summary: "a\\tb"\n    status: open\n',  # an escape
        "  - id: PPB 1\n    summary: a\tb\n    status: open\n",  # a tab
        "  - id: PPB 1\n    summary: &a x\n    status: open\n",  # an anchor
        "  - id: PPB 1\n    summary: !!str x\n    status: open\n",  # a tag
        "  - id: PPB 1\n    summary: x\n    owners: [~]\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    owners: [a,b]\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    owners: [a , b]\n    status: open\n",
        "  - id: PPB 1\n    summary: x\n    status: open\n    history:\n    - date: 2014-03-13\n"
        "      status: open\n",  # another indent
        "  - id: PPB 1\n    summary: x\n    status: open\n    history: []\n      - date: x\n",
        "  - id: PPB 1\n    summary: x\n    status: open\n    history:\n      - status: open\n"
        "        date: 2014-03-13\n",
        "  - id: PPB 1\n    summary: x\n    status: open",  # no line end
        "  - id: PPB 1\n    summary: x\r\n    status: open\n",
    ],
)
def test_anything_else_is_left_to_yaml(block: str) -> None:
    assert fast(block) is None


def test_ids_are_read_in_the_board_s_own_scheme() -> None:
    block = "- id: 7/2023/P\n  summary: x\n  see: [12/2024/P]\n  status: open\n"
    assert same_or_none(block, "N/YYYY/P", 0) is not None
    for other in ("7/23/P", "07/2023/P", "7/2023/p", "PPB 7"):
        assert fast(block.replace("7/2023/P", other), "N/YYYY/P", 0) is None
    assert fast("- id: PPB 7\n  summary: x\n  status: open\n", "AC", 0) is None


def test_a_history_longer_than_ppb_reads_is_left_to_the_reader() -> None:
    entry = "      - date: 2014-03-13\n        status: open\n"
    block = "  - id: PPB 1\n    summary: x\n    status: open\n    history:\n"
    assert canonical.lines("PPB", 2).row(block + entry * 3, 0, len(block + entry * 3), 3)
    assert canonical.lines("PPB", 2).row(block + entry * 4, 0, len(block + entry * 4), 3) is None


def test_a_value_that_cannot_be_read_fails_in_linear_time() -> None:
    import time

    long = ("a " * 200_000 + ":", "a:" * 200_000 + " ", "'" + "''" * 200_000)
    for summary, owners in [*((s, "[]") for s in long), ("x", "[" + "a a, " * 100_000)]:
        block = f"  - id: PPB 1\n    summary: {summary}\n    owners: {owners}\n    status: open\n"
        start = time.perf_counter()
        assert fast(block) is None
        assert time.perf_counter() - start < 0.5


def test_python_whitespace_is_what_the_value_patterns_call_space() -> None:
    """A plain value read here holds no character that str.strip() or str.split() would
    take away, so none of them is applied to it (`_value`, `_ITEM`)."""
    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert char.isspace() == bool(space.match(char)), hex(code)
        assert not (char.isspace() and char.isprintable() and char != " "), hex(code)


def _generate(folder: Path, n: int) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(folder, n)


def test_every_action_of_the_embedded_and_the_benchmark_boards_is_read_from_its_lines(
    tmp_path: Path,
) -> None:
    _generate(tmp_path, 2000)
    for path in (ROOT / "actions.yaml", tmp_path / "actions.yaml"):
        text = path.read_text(encoding="utf-8")
        found = sections.split(text)
        rows: list[Any] = [None] * len(found.blocks)
        left = canonical.read(found, list(range(len(rows))), rows, "PPB", MOST)
        assert left == [] and len(rows) > 20
        for span, row in zip(found.blocks, rows, strict=True):
            assert repr(row) == repr(slow(text[span.start : span.end], "PPB"))


def _without_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every action parsed and validated, and the board and people validated, as before."""
    monkeypatch.setattr(canonical, "read", lambda found, indexes, *rest: indexes)
    monkeypatch.setattr(canonical, "head", lambda data: None)


def _cold(board: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    shutil.rmtree(board / ".ppb", ignore_errors=True)
    capsys.readouterr()
    code = cli.run(["--dir", str(board), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


COMMANDS = [("open", "--owner", "T/ACC", "--format", "json"), ("list", "--format", "json"),
            ("list", "--format", "csv"), ("show", "PPB 56", "--format", "json")]  # fmt: skip


def test_a_cold_read_prints_the_same_with_and_without_reading_lines(
    board: Path, ppb: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embedded board, odd actions added and updated by ppb itself, and a generated
    board, each read cold: every command prints the same either way."""
    for args in [
        ("add", "NO: it's # not a comment", "-o", "T/ACC", "-o", "LA", "--due", "2014-04-10-2"),
        ("add", "'007' yes ~", "--owner", "T/ACC", "--see", "PPB 56", "--restricted",
         "--reason", "FOI s.31: 'prejudice'", "--meeting", "2014-03-13", "--item", "Hate Crime"),
        ("update", "PPB 71", "--status", "in-progress", "--note", "  null  ", "--owner", "CC"),
        ("update", "PPB 72", "--note", "see PPB 56: done", "--meeting", "2014-03-13"),
        ("close", "PPB 50", "--note", "Completed – report published ☃"),
    ]:  # fmt: skip
        assert ppb(*args).code == 0, args
    generated = board.parent / "generated"
    _generate(generated, 600)
    for folder in (board, generated):
        fast_read = [_cold(folder, capsys, *args) for args in COMMANDS]
        with monkeypatch.context() as patch:
            _without_lines(patch)
            slow_read = [_cold(folder, capsys, *args) for args in COMMANDS]
        assert fast_read == slow_read
        assert all(code == 0 for code, _, _ in fast_read), fast_read


@pytest.mark.parametrize(
    "change",
    [
        ("status: open\n", "status: finished\n"),
        ("raised: 2014-03-13\n", "raised: 2014-02-30\n"),
        ("id: PPB 61\n", "id: PPB061\n"),
        ("id: PPB 61\n", "id: AC 61\n"),
        ("    owners: [T/ACC]\n", "    owners: [T/ACC]\n    owners: [CC]\n"),
        ("    item: Hate Crime\n", "    item: Hate Crime\n    colour: red\n"),
        ("summary: Key barriers", "summary: 'Key barriers"),
    ],
)
def test_errors_and_spellings_are_the_same_with_and_without_reading_lines(
    board: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    change: tuple[str, str],
) -> None:  # fmt: skip
    path = board / "actions.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("- id: PPB 61")
    path.write_text(text[:at] + text[at:].replace(*change, 1), encoding="utf-8")
    fast_read = [_cold(board, capsys, *args) for args in COMMANDS]
    _without_lines(monkeypatch)
    assert fast_read == [_cold(board, capsys, *args) for args in COMMANDS]


def test_only_the_actions_not_in_ppb_s_layout_are_parsed(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = board / "actions.yaml"
    text = path.read_text(encoding="utf-8").replace("status: open\n", "status: Open\n", 2)
    path.write_text(text, encoding="utf-8")
    found = sections.split(text)
    odd = [i for i, span in enumerate(found.blocks) if "Open" in text[span.start : span.end]]
    parsed: list[int] = []
    real = register.Reader._run
    monkeypatch.setattr(
        register.Reader, "_run", lambda self, f, run, *a: parsed.extend(run) or real(self, f, run, *a)
    )  # fmt: skip
    snapshot = Store(board).load()
    assert len(odd) == 2 and parsed == odd
    assert [snapshot.rows[i][record.STATUS] for i in odd] == ["open", "open"]


# The board and people: as the models dump them, or left to the models.
texts = st.one_of(st.none(), odd, st.sampled_from(["x", " x ", "Dafydd Llewelyn", " "]))
values = st.one_of(texts, st.lists(texts, max_size=2), st.just({}), st.just({"a": "b"}))
person = st.one_of(
    values,
    st.dictionaries(st.sampled_from(["name", "role", "aliases", "email"]), texts),
    st.fixed_dictionaries({}, optional={"aliases": st.lists(st.one_of(odd, st.none()))}),
    st.dictionaries(st.sampled_from(["name", "role", "aliases", "email", "holders", "x"]), values),
)
prefixes = st.sampled_from(["PPB", "ppb", " AC ", "N/YYYY/P", "n/yyyy/p", "P P", "", "7", None])
board_data = st.one_of(
    st.fixed_dictionaries(
        {"name": st.one_of(odd, texts), "prefix": prefixes},
        optional={k: texts for k in ("email", "organisation", "organisation_cy", "notice")},
    ),
    st.fixed_dictionaries(
        {"name": texts, "prefix": prefixes},
        optional={k: values for k in ("email", "notice_cy", "languages", "show_carried", "x")},
    ),
)
register_data = st.one_of(
    st.fixed_dictionaries(
        {"board": board_data},
        optional={
            "people": st.dictionaries(st.sampled_from(HANDLES), person, max_size=4),
            "actions": st.none(),
        },
    ),
    st.fixed_dictionaries(
        {"board": st.one_of(board_data, values)},
        optional={
            "people": st.one_of(values, st.dictionaries(st.one_of(texts, st.just("CC")), person)),
            "x": values,
        },
    ),
)


def slow_head(data: dict[str, Any]) -> Any:
    from ppb.models import Register

    try:
        model = Register.model_validate(
            {**data, "actions": []}, context={"prefix": register._prefix(data)}
        )
    except ValidationError:
        return None
    return model.board.model_dump(), {h: p.model_dump() for h, p in model.people.items()}


@settings(max_examples=1000, deadline=None)
@given(data=register_data)
def test_the_board_and_people_read_without_the_models_are_what_the_models_give(
    data: dict[str, Any],
) -> None:
    got = canonical.head(data)
    if got is not None:
        assert repr(got) == repr(slow_head(data))


def test_the_embedded_board_and_people_are_read_without_the_models() -> None:
    text = (ROOT / "actions.yaml").read_text(encoding="utf-8")
    data = yaml_read.load(sections.split(text).skeleton(), "actions.yaml")
    assert canonical.head(data) is not None
    assert repr(canonical.head(data)) == repr(slow_head(data))
