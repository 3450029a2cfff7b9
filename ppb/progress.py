"""Progress on long work, on stderr, for a person watching a terminal; nothing otherwise.

Shown only when stderr is a terminal and neither `NO_COLOR` nor `CI` is set (nor
`TERM=dumb`): piped, redirected, in CI or a pre-commit hook, ppb prints exactly what
it would without it, and stdout never carries any. Rich draws it, imported only
when a bar is shown. Work inside other work (the register read while `check` runs)
adds a line to the bar already showing rather than starting a second one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_active: Any = None  # the Rich Progress showing, if any


def wanted() -> bool:
    """Whether a person is watching: stderr a terminal, and no NO_COLOR, CI or dumb terminal."""
    if os.environ.get("NO_COLOR") or "CI" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _nothing(advance: int = 1) -> None:
    pass


def _advancing(bar: Any, shown: Any) -> Callable[[int], None]:
    def advance(steps: int = 1) -> None:
        bar.advance(shown, steps)

    return advance


@contextmanager
def task(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """`with task("Checking", 40) as advance: … advance(1) …`: a bar while it runs."""
    global _active
    if _active is not None:
        outer = _active
        inner = outer.add_task(description, total=total)
        try:
            yield _advancing(outer, inner)
        finally:
            outer.remove_task(inner)
        return
    if not wanted():
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        _active = bar
        shown = bar.add_task(description, total=total)
        try:
            yield _advancing(bar, shown)
        finally:
            _active = None
