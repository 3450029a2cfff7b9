"""A register laid out a block at a time, and the digests of texts known to be canonical.

ruamel.yaml's round trip costs milliseconds an action, so `ppb fmt` lays out the
register in parts (`sections` finds them): each action on its own, as the one item
of an `actions:` list, with the blank lines and comments after it up to the next
item; and the text around the actions (board, people, and the last action, so that
the list's end is laid out in place) as a document of its own. The parts are
joined in order. Each part is laid out exactly as the whole file would be: ruamel
keeps a comment at its column and with the node before it, and a part keeps its
lines as they are in the file.

A part whose text is known to lay out as itself (its digest in `Known`) is not laid
out again: an unchanged register costs a split and a digest an action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ppb.store import cache, sections
from ppb.store.files import blake2b

NAME = "canonical.cache"
LIST = "actions:\n"  # what an action is laid out under
_DIGEST = 16  # bytes


def digest(text: str) -> bytes:
    return blake2b(text.encode("utf-8"), digest_size=_DIGEST).digest()


class Known:
    """Digests of texts that lay out as themselves in one context (the board's prefix and
    people decide how ids and owners are spelt), kept in .ppb/ for the next run.

    Only the digests met in this run are kept, so the entry never outgrows the board."""

    def __init__(self, state_dir: str | None, context: str, most: int) -> None:
        self.state_dir, self.context = state_dir, context
        entry = cache.read(state_dir, most, NAME, valid) if state_dir is not None else None
        self.before: set[bytes] = set()
        if entry is not None and entry["context"] == context:
            self.before = set(entry["digests"])
        self.now: set[bytes] = set()

    def __contains__(self, key: bytes) -> bool:
        if key in self.before:
            self.now.add(key)
            return True
        return False

    def add(self, key: bytes) -> None:
        self.now.add(key)

    def save(self) -> None:
        if self.state_dir is not None and self.now != self.before:
            entry = {"context": self.context, "digests": sorted(self.now)}
            cache.write(self.state_dir, entry, NAME)


def valid(entry: dict[str, Any]) -> bool:
    """Whether an entry is what `Known.save` writes: a context and a list of digests."""
    digests = entry.get("digests")
    return (
        set(entry) == {"format", "context", "digests"}
        and type(entry["context"]) is str
        and type(digests) is list
        and all(type(d) is bytes and len(d) == _DIGEST for d in digests)
    )


class TooLarge(Exception):
    """A part longer than one round trip may be given."""


class Layout:
    """A register's text laid out part by part: `text`, and what changed, for checking."""

    def __init__(self, text: str, head: tuple[str, str], changed: list[tuple[str, str]]) -> None:
        self.text = text
        self.head = head  # (before, after): the text around the actions, the last one with it
        self.changed = changed  # (before, after) of each other action that changed, in order

    def documents(self, most: int = 500, size: int = 256 * 1024) -> Iterator[tuple[str, str]]:
        """(before, after) documents that together hold every change: the text around the
        actions with a run of the changed actions in it, before and after layout."""
        (head, rest), (new_head, new_rest) = _around(self.head[0]), _around(self.head[1])
        run: list[tuple[str, str]] = []
        length = 0
        for pair in self.changed:
            if run and (len(run) >= most or length + len(pair[0]) > size):
                yield _joined(head, rest, new_head, new_rest, run)
                run, length = [], 0
            run.append(pair)
            length += len(pair[0])
        yield _joined(head, rest, new_head, new_rest, run)


def _around(skeleton: str) -> tuple[str, str]:
    """The skeleton's text before its one action, and from that action on."""
    start = sections.split(skeleton).blocks[0].start
    return skeleton[:start], skeleton[start:]


def _joined(
    head: str, rest: str, new_head: str, new_rest: str, run: list[tuple[str, str]]
) -> tuple[str, str]:
    return (
        head + "".join(before for before, _ in run) + rest,
        new_head + "".join(after for _, after in run) + new_rest,
    )


def lay_out(text: str, lay: Callable[[str], str], known: Known, most: int) -> Layout | None:
    """The text laid out a part at a time by `lay` (the whole-text layout), or None where
    the file does not split into parts that way (then only a whole layout will do).
    TooLarge if a part is longer than `most` characters."""
    found = sections.split(text)
    if found.problems or not found.blocks:
        return None
    starts = [span.start for span in found.blocks]
    end = found.sections["actions"].end
    skeleton = text[: starts[0]] + text[starts[-1] : end] + text[end:]
    new_skeleton = skeleton
    if _key("skeleton", skeleton) not in known:
        if len(skeleton) > most:
            raise TooLarge
        new_skeleton = lay(skeleton)
        if new_skeleton == skeleton:
            known.add(_key("skeleton", skeleton))
            new_skeleton = skeleton
        else:
            new = sections.split(new_skeleton)
            if new.problems or len(new.blocks) != 1:
                return None
    parts = [text[start:stop] for start, stop in zip(starts, starts[1:], strict=False)]
    laid = _actions(parts, lay, known, most)
    if laid is None:
        return None
    changed = [(part, after) for part, after in zip(parts, laid, strict=True) if after != part]
    if not changed and new_skeleton is skeleton:
        return Layout(text, (skeleton, skeleton), [])
    first = _first(new_skeleton)
    new_text = new_skeleton[:first] + "".join(laid) + new_skeleton[first:]
    check = sections.split(new_text)
    if check.problems or len(check.blocks) != len(starts):
        return None  # the parts did not join as they were laid out
    return Layout(new_text, (skeleton, new_skeleton), changed)


def _first(skeleton: str) -> int:
    return sections.split(skeleton).blocks[0].start


def _key(kind: str, text: str) -> bytes:
    return digest(f"{kind}\0{text}")


def _actions(
    parts: list[str], lay: Callable[[str], str], known: Known, most: int,
    batch: int = 200, size: int = 128 * 1024,
) -> list[str] | None:  # fmt: skip
    """Each action's part laid out (the very same string if it lays out as itself). Those
    not known canonical are laid out a batch at a time, as one list: a round trip costs
    less a node in a longer text, and each part lays out in a list as it does alone."""
    laid = list(parts)
    todo = [i for i, part in enumerate(parts) if _key("action", part) not in known]
    run: list[int] = []
    length = 0
    for index in [*todo, None]:
        part = parts[index] if index is not None else ""
        if len(part) > most - len(LIST):
            raise TooLarge
        if run and (index is None or len(run) >= batch or length + len(part) > size):
            outs = _batch([parts[i] for i in run], lay)
            if outs is None:
                return None
            for i, out in zip(run, outs, strict=True):
                if out == parts[i]:
                    known.add(_key("action", parts[i]))
                else:
                    laid[i] = out
            run, length = [], 0
        if index is not None:
            run.append(index)
            length += len(part)
    return laid


def _batch(parts: list[str], lay: Callable[[str], str]) -> list[str] | None:
    """The parts laid out as one list and split again; one by one if that split differs."""
    out = lay(LIST + "".join(parts))
    found = sections.split(out)
    if out.startswith(LIST) and not found.problems and len(found.blocks) == len(parts):
        starts = [span.start for span in found.blocks]
        return [out[a:b] for a, b in zip(starts, [*starts[1:], len(out)], strict=True)]
    if len(parts) == 1:
        return [out[len(LIST) :]] if out.startswith(LIST) else None
    outs = []
    for part in parts:
        one = _batch([part], lay)
        if one is None:
            return None
        outs += one
    return outs
