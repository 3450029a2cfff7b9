"""What the read-only commands print: open actions, any selection, one action, the people.

The Typer commands and the fast path (`fast`) both call these, so they print
exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence

from ppb import actions, normalise, render
from ppb.errors import UsageError
from ppb.store import Store


def open_actions(board: Store, owners: Sequence[str], fmt: str) -> None:
    snapshot = board.load()
    found = actions.select(snapshot, owners=owners, statuses=normalise.OPEN_STATUSES)
    named = actions.resolve_owners(snapshot, owners)
    title = f"Open actions of {', '.join(named)}" if named else "Open actions"
    render.actions(found, fmt, title=title)


def list_actions(
    board: Store,
    owners: Sequence[str],
    statuses: Sequence[str],
    raised: str | None,
    search: str | None,
    fmt: str,
) -> None:
    if raised is not None:
        try:
            raised = normalise.meeting_id(raised)
        except normalise.SpellingError as exc:
            raise UsageError(f"--raised: {exc}") from None
    snapshot = board.load()
    found = actions.select(snapshot, owners=owners, statuses=statuses, raised=raised, search=search)
    render.actions(found, fmt, title="Actions")


def show_action(board: Store, action_id: str, fmt: str) -> None:
    snapshot = board.load()
    index = snapshot.index_of(actions.resolve_id(snapshot, action_id))
    assert index is not None
    render.action(snapshot.record(index), fmt, snapshot.people)


def people(board: Store, fmt: str) -> None:
    render.people_list(board.load().people, fmt)
