"""What public output withholds: anything minuted that is restricted, with its reason.

Actions (`restricted: true` in the register), and agenda items, sub-items,
Matters Arising entries, decisions, opening and other-business entries
(`restricted: true` in a meeting file) can be restricted, each with an optional
`reason` ("FOI s31 law enforcement"). An action raised in a restricted item (its
`item` names the item, or the item's text lists it) is restricted too, unless
it says `restricted: false`; so are the item's sub-items. Every `--public`
output puts the placeholder in place of each (`placeholder`), says how many it
withheld, and can log them (`Redactions`) for the officer who signs it off.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ppb.models import ActionRef, Decision, Item, Meeting, Note
    from ppb.store import Store
    from ppb.store.snapshot import Snapshot


def named(entry: ActionRef | Decision | Note) -> str:
    """How the log of redactions names a withheld entry: its action, or its first words."""
    from ppb.models import ActionRef, Decision

    if isinstance(entry, ActionRef):
        return entry.action
    text = entry.decision if isinstance(entry, Decision) else entry.text
    return text if len(text) <= 60 else text[:59] + "…"


def placeholder(reason: str | None) -> str:
    return f"(Restricted: {reason})" if reason else "(Restricted: not published)"


class Redactions:
    """What a public build withheld: (what, id or title, reason), once each, in order."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def withhold(self, what: str, name: str, reason: str | None) -> str:
        """Log one withheld thing; return what the public version says instead."""
        row = (what, name, reason or "")
        if row not in self.rows:
            self.rows.append(row)
        return placeholder(reason)

    def count(self, what: str) -> int:
        return sum(1 for row in self.rows if row[0] == what)

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["what", "id or title", "reason"])
        writer.writerows(self.rows)
        return buffer.getvalue()

    def said(self, where: str) -> str | None:
        """'This public version of the minutes withholds 1 restricted action …', or None."""
        return saying({what: self.count(what) for what, _ in _NOUNS}, where)


def saying(counts: dict[str, int], where: str) -> str | None:
    """What a public version says it withheld, from the counts of each kind; None if nothing."""
    if not any(counts.values()):
        return None
    parts = [_count(counts.get(what, 0), f"restricted {noun}") for what, noun in _NOUNS]
    shown = [part for part, (what, _) in zip(parts, _NOUNS, strict=True) if counts.get(what)]
    if not counts.get("action"):
        shown.insert(0, parts[0])  # the count of actions is always said
    listed = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    return f"This public version of {where} withholds {listed}."


_NOUNS = (("action", "action"), ("item", "item"), ("entry", "entry"))


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def restricted_items(items: Iterable[Item], reason: str | None = None, inside: bool = False
                     ) -> Iterator[tuple[Item, str | None]]:  # fmt: skip
    """Every item that is restricted or inside a restricted one, with the reason it takes."""
    for item in items:
        here = inside or item.restricted
        why = item.reason if item.restricted and item.reason else reason
        if here:
            yield item, why
        yield from restricted_items(item.items, why, here)


def restricted_actions(
    snapshot: Snapshot, meetings: Iterable[tuple[str, Meeting]]
) -> dict[str, str | None]:
    """Every restricted action and its reason: said so in the register, or raised in a
    restricted item and not said otherwise."""
    from ppb.models import ActionRef

    actions = {a.id: a for a in snapshot.actions()}
    out = {a.id: a.reason for a in actions.values() if a.restricted}
    for meeting_id, meeting in meetings:
        for item, reason in restricted_items(meeting.items):
            named = {e.action for e in item.text if isinstance(e, ActionRef)}
            for action in actions.values():
                if (
                    action.restricted is None
                    and action.raised == meeting_id
                    and (action.item == item.title or action.id in named)
                ):
                    out.setdefault(action.id, action.reason or reason)
    return out


class Secrets:
    """What a board keeps out of public output: its restricted actions (with their reasons)
    and the titles of its restricted items."""

    def __init__(self, actions: dict[str, str | None], titles: set[str]) -> None:
        self.actions, self.titles = actions, titles

    def record(self, record: dict[str, Any], redactions: Redactions) -> dict[str, Any]:
        """An action's record as public output shows it: a restricted one keeps its id,
        status and dates and no words; a public one raised in a restricted item, not its title."""
        if record["id"] not in self.actions:
            return (
                {**record, "item": "Restricted item"} if record["item"] in self.titles else record
            )
        reason = self.actions[record["id"]]
        said = redactions.withhold("action", record["id"], reason)
        return {**record, "summary": said, "owners": [], "item": None, "see": [], "history": [],
                "restricted": True, "reason": reason}  # fmt: skip


def of_board(store: Store, snapshot: Snapshot) -> Secrets:
    """What a board keeps out of public output, its meetings read."""
    meetings = [(m, store.meeting(m, snapshot.prefix)) for m in store.meeting_ids()]
    titles = {item.title for _, meeting in meetings for item, _ in restricted_items(meeting.items)}
    return Secrets(restricted_actions(snapshot, meetings), titles)
