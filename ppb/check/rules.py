"""The rules `ppb check` applies, one function each, and every problem code in one place.

A rule is a function of the board as read (`check.Board`) that records the
problems it finds; `@rule(code, …)` registers it. Reading the files gives
problems of its own (syntax, keys, values): their codes are listed in `CODES`
too, so this module is the one list of what `ppb check` can say. A new rule is
one function here, with its code and a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ppb import history, normalise, translatable
from ppb.check import Board, KeptFile, MeetingFile, Severity
from ppb.store import REGISTER
from ppb.translatable import Translations, Where

ERROR, WARNING = Severity.ERROR, Severity.WARNING

# Problems found while reading a file, before any rule runs.
READING = {
    "unreadable": "the file cannot be read (missing, no permission)",
    "not-a-file": "a FIFO, a folder, a device or a dangling link where a file should be",
    "outside-link": "a link that leads outside the board (ppb does not follow it)",
    "state-folder": ".ppb is not a folder of its own (a link, a file)",
    "encoding": "not UTF-8 text, or a NUL byte",
    "too-large": "larger than ppb reads",
    "yaml-syntax": "not valid YAML",
    "tab": "a tab character in the indentation",
    "merge-conflict": "an unresolved git conflict marker",
    "documents": "more than one YAML document",
    "duplicate-key": "a key given twice in one mapping",
    "alias": "a YAML anchor or alias",
    "tag": "an explicit YAML tag",
    "too-deep": "nested more than ppb reads",
    "bad-key": "a key that is not plain text",
    "empty-file": "an empty register",
    "unknown-key": "a key ppb does not know (with the likely spelling)",
    "missing-key": "a key that must be there",
    "bad-type": "a value of the wrong shape",
    "bad-value": "a value ppb cannot read",
    "bad-status": "an unknown status",
    "bad-date": "not a date or meeting id",
    "bad-id": "not an action id of this board",
    "po-syntax": "a file of kept translations that is not a valid PO file",
    "po-entry": "a kept translation ppb cannot place (no msgctxt, a plural form, given twice)",
}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    says: str  # what it finds, for the list of codes
    check: Callable[[Board], None]
    alone: bool  # looks at one file alone, so it runs even when the register cannot be read


Check = Callable[[Board], None]
RULES: list[Rule] = []


def rule(
    code: str, says: str, severity: Severity = ERROR, *, alone: bool = False
) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        RULES.append(Rule(code, severity, says, function, alone))
        return function

    return register


def codes() -> dict[str, str]:
    """Every code `ppb check` reports, with what it means."""
    return {**READING, **{r.code: r.says for r in RULES}, "cut-comment": _CUT_SAYS}


# Rules that see every node tree as it is parsed


_CUT = re.compile(r"[ \t]+#\S")
_CUT_SAYS = "text after ` #` that YAML read as a comment"


def on_tree(board: Board, shown: str, node: Any, text: str, before: int = 0) -> None:
    """cut-comment: plain values followed on their line by ` #word` (`text` starts `before`
    lines into the file, as the nodes' line numbers count)."""
    lines = text.split("\n")
    for scalar in _scalars(node):
        if scalar.style or scalar.start_mark.line != scalar.end_mark.line:  # quoted or block
            continue
        if _CUT.match(lines[scalar.end_mark.line - before], scalar.end_mark.column):
            message = (f"the text after {scalar.value!r} was read as a comment (` #`); quote the "
                       "whole value if it is part of it")  # fmt: skip
            line, col = scalar.end_mark.line + 1, scalar.end_mark.column + 1
            board.add_at(shown, line, col, "cut-comment", message, WARNING)


def _scalars(node: Any) -> Iterator[Any]:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.id == "scalar":
            yield current
        elif current.id == "sequence":
            stack.extend(current.value)
        else:
            stack.extend(value for _, value in current.value)


# The register


@rule("spelling", "an id not written in its canonical spelling", WARNING)
def id_spelling(board: Board) -> None:
    for checked in board.actions:
        raw = checked.raw
        if checked.action.status != "unknown" and raw.get("id") != checked.action.id:
            message = f"write the id as {checked.action.id!r}"
            board.add(REGISTER, checked.place, ("id",), "spelling", message, WARNING)


@rule("duplicate-id", "one id used by two actions (reported at both)")
def duplicate_id(board: Board) -> None:
    for action_id, places in board.ids.items():
        if len(places) < 2:
            continue
        lines = [place.at("id") for place in places]
        for line, col in lines:
            others = ", ".join(f"line {p[0]}" for p in lines if p != (line, col))
            message = f"{action_id} is used again at {others}; `ppb renumber` fixes one"
            board.add_at(REGISTER, line, col, "duplicate-id", message)


@rule("ambiguous-handle", "one spelling that names two people")
def ambiguous_handle(board: Board) -> None:
    seen: dict[str, str] = {}
    for handle, person in board.people.items():
        spellings = [handle, *(person.get("aliases") or [])]
        if person.get("name") and person["name"] != handle:
            spellings.append(person["name"])
        for spelling in spellings:
            other = seen.setdefault(" ".join(spelling.split()).casefold(), handle)
            if other != handle:
                message = f"{spelling!r} names both {other} and {handle}"
                board.add(REGISTER, board.head, ("people", handle), "ambiguous-handle", message)


@rule("holder-dates", "holders of a post whose periods end before they start or overlap")
def holder_dates(board: Board) -> None:
    for handle, person in board.people.items():
        previous = None
        for position, holder in enumerate(person.get("holders") or []):
            start, end = holder.get("start"), holder.get("end")
            where = ("people", handle, "holders", position)
            if start and end and end < start:
                message = f"{handle}: {holder['name']} holds the post to {end}, before {start}"
                board.add(REGISTER, board.head, where, "holder-dates", message)
            elif previous is not None and (not start or not previous or start <= previous):
                message = (
                    f"{handle}: {holder['name']}'s period overlaps the one before; each holder "
                    "starts after the previous one ends (`ppb people hold` does this)"
                )
                board.add(REGISTER, board.head, where, "holder-dates", message)
            previous = end or ""  # "": an open end, which any later holder overlaps


@rule("unknown-handle", "an owner, attendee or leaver not under people")
def unknown_handle(board: Board) -> None:
    for checked in board.actions:
        for position, owner in enumerate(checked.action.owners):
            if board.handles.find(owner) is None:
                message = (
                    f"{checked.action.id}: unknown owner {owner!r}; add them with `ppb people add`"
                )
                board.add(REGISTER, checked.place, ("owners", position), "unknown-handle", message)
    for m in board.meetings:
        for group, position, handle in m.facts.attendance:
            if board.handles.find(handle) is None:
                message = f"unknown person {handle!r} in {group}"
                board.add(
                    m.shown, m.node, ("attendance", group, position), "unknown-handle", message
                )
        for position, (who, _) in enumerate(m.facts.departures):
            if board.handles.find(who) is None:
                message = f"unknown person {who!r} left"
                board.add(
                    m.shown, m.node, ("departures", position, "who"), "unknown-handle", message
                )


@rule("dangling-see", "`see` names an action that does not exist")
def dangling_see(board: Board) -> None:
    for checked in board.actions:
        for position, other in enumerate(checked.action.see):
            if other not in board.ids:
                message = f"{checked.action.id}: see {other}, which does not exist"
                board.add(REGISTER, checked.place, ("see", position), "dangling-see", message)


@rule("dangling-meeting", "raised, due or progress at a meeting that has no file")
def dangling_meeting(board: Board) -> None:
    held = board.held
    for checked in board.actions:
        action, place = checked.action, checked.place
        if action.raised and action.raised not in held:
            message = f"{action.id}: raised at {action.raised}, which has no meeting file"
            board.add(REGISTER, place, ("raised",), "dangling-meeting", message)
        if action.due and len(action.due) > 10 and action.due not in held:
            message = f"{action.id}: due at meeting {action.due}, which has no meeting file"
            board.add(REGISTER, place, ("due",), "dangling-meeting", message)
        for position, entry in enumerate(action.history):
            if entry.meeting and entry.meeting not in held:
                message = (
                    f"{action.id}: progress given at {entry.meeting}, which has no meeting file"
                )
                board.add(
                    REGISTER, place, ("history", position, "meeting"), "dangling-meeting", message
                )


@rule("status-mismatch", "an action's status is not what its latest progress says", WARNING)
def status_mismatch(board: Board) -> None:
    """The history decides (see `history`); a `status:` that says otherwise misleads a reader."""
    spelt: dict[Any, str | None] = {}  # a few spellings, each normalised once
    for checked in board.actions:
        action, raw = checked.action, checked.raw.get("status")
        raw = raw if type(raw) is str or raw is None else str(raw)
        if raw not in spelt:
            try:
                spelt[raw] = normalise.status(str(raw))
            except normalise.SpellingError:
                spelt[raw] = None  # reported as bad-status
        written = spelt[raw]
        if written is None or action.status == "unknown" or not action.history:
            continue
        latest = history.latest(action)
        if latest and latest.status != written:
            message = (
                f"{action.id}: status is {written!r} but its latest progress says "
                f"{latest.status!r}; record changes with `ppb update`"
            )
            board.add(REGISTER, checked.place, ("status",), "status-mismatch", message, WARNING)


# Meetings


@rule("meeting-name", "a file in meetings/ not named by its meeting's id", alone=True)
def meeting_name(board: Board) -> None:
    for name in board.names:
        if not name.endswith((".yaml", ".yml")):
            continue
        shown, stem = f"meetings/{name}", name.rsplit(".", 1)[0]
        try:
            normalise.meeting_id(stem)
        except normalise.SpellingError:
            message = "a meeting file is named by its id, such as 2014-03-13.yaml"
            board.add(shown, None, (), "meeting-name", message, WARNING)
            continue
        if name.endswith(".yml"):
            board.add(
                shown, None, (), "meeting-name", f"name it {stem}.yaml; ppb reads .yaml files"
            )


@rule("meeting-date", "a meeting file whose name and date disagree", alone=True)
def meeting_date(board: Board) -> None:
    for m in board.meetings:
        if m.facts.date != m.id[:10]:
            message = f"the file is named for {m.id[:10]} but says date {m.facts.date}"
            board.add(m.shown, m.node, ("date",), "meeting-date", message)


@rule("dangling-action", "a meeting names an action that does not exist")
def dangling_action(board: Board) -> None:
    for m in board.meetings:
        for path, where, action in m.facts.references:
            if action not in board.ids:
                message = f"{where} names {action}, which does not exist"
                board.add(m.shown, m.node, path, "dangling-action", message)


@rule("dangling-departure", "someone left after an action or item the meeting does not have")
def dangling_departure(board: Board) -> None:
    for m in board.meetings:
        anchors = set(m.facts.titles) | {
            a for path, _, a in m.facts.references if path[0] == "items"
        }
        for position, (who, after) in enumerate(m.facts.departures):
            if after is not None and after not in anchors:
                message = (f"the {who} left after {after}, which is neither an "
                           "action nor an item of this meeting")  # fmt: skip
                path = ("departures", position, "after")
                board.add(m.shown, m.node, path, "dangling-departure", message)


def titles(items: list[Any]) -> Iterator[str]:
    """The title of every item and sub-item, in order."""
    for item in items:
        yield item.title
        yield from titles(item.items)


@rule("duplicate-entry", "an action listed twice in one Matters Arising", WARNING)
def duplicate_entry(board: Board) -> None:
    for m in board.meetings:
        seen: set[str] = set()
        for position, action in enumerate(m.facts.arising):
            if action in seen:
                message = f"{action} is listed twice in Matters Arising"
                path = ("matters_arising", position, "action")
                board.add(m.shown, m.node, path, "duplicate-entry", message, WARNING)
            if action is not None:
                seen.add(action)


def references(meeting: Any) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """(path, where, action id) for every entry of the meeting that names an action."""

    def entries(listed: list[Any], path: tuple[Any, ...], where: str) -> Iterator[Any]:
        for position, entry in enumerate(listed):
            action = getattr(entry, "action", None)
            if action is not None:
                yield (*path, position, "action"), where, action

    def items(listed: list[Any], path: tuple[Any, ...]) -> Iterator[Any]:
        for i, item in enumerate(listed):
            yield from entries(item.text, (*path, i, "text"), repr(item.title))
            yield from items(item.items, (*path, i, "items"))

    yield from entries(meeting.opening, ("opening",), "opening")
    yield from entries(meeting.matters_arising, ("matters_arising",), "Matters Arising")
    yield from items(meeting.items, ("items",))
    yield from entries(meeting.other_business, ("other_business",), "other business")


@rule("not-carried", "an open action missing from the latest Matters Arising", WARNING)
def not_carried(board: Board) -> None:
    if not board.meetings:
        return
    latest = max(board.meetings, key=lambda m: history.meeting_key(m.id))
    listed = set(latest.facts.arising)
    for checked in board.actions:
        action = checked.action
        if action.status not in normalise.STATUSES or action.id in listed:
            continue
        if history.open_at(action, latest.id):
            message = (
                f"{action.id} is open but not in the Matters Arising of {latest.id} "
                f"(`ppb carry-forward {latest.id}`)"
            )
            board.add(REGISTER, checked.place, ("id",), "not-carried", message, WARNING)


# Translations


@rule("translation-missing", "a text of a meeting's Welsh minutes with no Welsh yet", WARNING)
def translation_missing(board: Board) -> None:
    """Reported for the meetings whose Welsh is wanted (see `Board.translated`), as errors for
    a final meeting of a board that publishes in Welsh; a register text once, where it is."""
    kept = Translations({k: t for f in board.kept if f.lang == "cy" for k, t in f.kept.items()})
    found: dict[str, tuple[Severity, MeetingFile]] = {}
    for m in sorted(board.meetings, key=lambda m: history.meeting_key(m.id)):
        if not board.translated(m.id):
            continue
        severity = ERROR if board.welsh and m.facts.final else WARNING
        for key, english in board.texts(m):
            if kept.state(key, english) != translatable.MISSING:
                continue
            if key not in found or severity is ERROR:
                found[key] = severity, m
    for key, (severity, m) in found.items():
        where = translatable.parse(key)
        assert where is not None
        message = (
            f"{key!r} has no Welsh translation; `ppb translate export {m.id} --lang cy` lists it"
        )
        shown, place, path = _place_of(board, where, m)
        board.add(shown, place, path, "translation-missing", message, severity)


@rule("translation-stale", "a kept translation made for English that has changed since", WARNING)
def translation_stale(board: Board) -> None:
    for kept in board.kept:
        for key, translation in kept.kept.items():
            where = translatable.parse(key)
            if where is None or where.file != kept.file or not translation.text:
                continue
            english = _english(board, where)
            if english is None or english == translation.english:
                continue
            message = (
                f"the Welsh of {key!r} was made for the English {_short(translation.english)!r}, "
                f"which now reads {_short(english)!r}; it is not shown until translated again "
                f"(`ppb translate export {_meeting_of(board, where)} --lang cy`)"
            )
            severity = ERROR if _in_final_minutes(board, key, where) else WARNING
            board.add_at(kept.shown, translation.line, 1, "translation-stale", message, severity)


@rule("translation-orphan", "a kept translation of something the board no longer has", WARNING)
def translation_orphan(board: Board) -> None:
    held = {m.id for m in board.meetings}
    for kept in board.kept:
        if kept.lang != "cy":
            message = (
                f"ppb keeps translations into cy only, not {kept.lang!r}; this file is not read"
            )
            board.add_at(kept.shown, 1, 1, "translation-orphan", message, WARNING)
            continue
        if kept.file != translatable.REGISTER and kept.file not in held:
            message = f"there is no meeting {kept.file} (no meetings/{kept.file}.yaml)"
            board.add_at(kept.shown, 1, 1, "translation-orphan", message, WARNING)
            continue
        for key, translation in kept.kept.items():
            orphaned = _orphaned(board, kept, key)
            if orphaned:
                board.add_at(
                    kept.shown, translation.line, 1, "translation-orphan", orphaned, WARNING
                )


def _orphaned(board: Board, kept: KeptFile, key: str) -> str | None:
    where = translatable.parse(key)
    if where is None:
        return f"msgctxt {key!r} names no place ppb knows"
    if where.file != kept.file:
        return f"{key!r} belongs in the translations of {where.file}, not in this file"
    if _english(board, where) is None and _readable(board, where):
        return f"{key!r} names nothing on the board now (removed, or moved?)"
    return None


def _readable(board: Board, where: Where) -> bool:
    """Whether the file the place is in was read well enough to tell."""
    if where.meeting is not None:
        return any(m.id == where.meeting for m in board.meetings)
    return all(c.action.status != "unknown" for c in board.actions)


def _english(board: Board, where: Where) -> str | None:
    if where.meeting is not None:
        m = next((m for m in board.meetings if m.id == where.meeting), None)
        return translatable.meeting_text(m.meeting, where)[0] if m else None
    actions = {i: c.action for i, c in board.by_id().items() if c.action.status != "unknown"}
    return translatable.register_text(where, board.info, board.people, actions)


def _in_final_minutes(board: Board, key: str, where: Where) -> bool:
    """Whether the text is said by the Welsh minutes of a final meeting of a Welsh board."""
    if not board.welsh:
        return False
    finals = [m for m in board.meetings if m.facts.final]
    if where.meeting is not None:
        return any(m.id == where.meeting for m in finals)
    return any(key in dict(board.texts(m)) for m in finals)


def _meeting_of(board: Board, where: Where) -> str:
    """The meeting whose export would send the text: its own, or the latest meeting's."""
    if where.meeting is not None:
        return where.meeting
    latest = max((m.id for m in board.meetings), key=history.meeting_key, default=None)
    return latest or "MEETING"


def _place_of(board: Board, where: Where, m: MeetingFile) -> tuple[str, Any, tuple[Any, ...]]:
    """(file, place, path) of a text's English, for `board.add`."""
    if where.meeting is not None:
        return m.shown, m.node, translatable.meeting_text(m.meeting, where)[1]
    if where.kind == "board":
        return REGISTER, board.head, ("board", "name")
    if where.kind == "role":
        return REGISTER, board.head, ("people", where.ref, "role")
    checked = board.by_id()[where.ref]
    if where.kind == "summary":
        return REGISTER, checked.place, ("summary",)
    return REGISTER, checked.place, ("history", where.position, "note")


def _short(text: str, most: int = 50) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# Every file


@rule("mixed-line-ends", "a file with more than one kind of line end", WARNING, alone=True)
def mixed_line_ends(board: Board) -> None:
    for source in board.files:
        mixed = source.mixed
        if mixed is not None:
            message = f"mixed line ends ({mixed.counts}); {mixed.fix()}"
            board.add_at(source.shown, mixed.line, mixed.col, "mixed-line-ends", message, WARNING)
