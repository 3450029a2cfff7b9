"""A register laid out a block at a time, and the digests of texts known to be canonical.

ruamel.yaml's round trip costs milliseconds an action, so `ppb fmt` lays out the
register in parts (`sections` finds them): each action on its own, as the one item
of an `actions:` list, with the blank lines and comments after it up to the next
item; and the text around the actions (board, people, and the last action, so that
the list's end is laid out in place) as a document of its own. The parts are
joined in order. Each part is laid out exactly as the whole file would be (ruamel
keeps a comment at its column and with the node before it, and a part keeps its
lines as they are in the file; tests/test_reformat.py holds the two equal), and the
whole is checked to split again into as many actions.

A part whose text is known to lay out as itself (its digest in `Known`) is not laid
out again, nor is an action whose lines are plainly canonical (`settled`): an
unchanged register costs a split and a digest an action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
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


def lay_out(
    text: str, lay: Callable[[str], str], known: Known, most: int,
    plainly: Callable[[str], bool] | None = None,
) -> Layout | None:  # fmt: skip
    """The text laid out a part at a time by `lay` (the whole-text layout), or None where
    the file does not split into parts that way (then only a whole layout will do).
    TooLarge if a part is longer than `most` characters. An action's part that `plainly`
    says is canonical by its lines (see `settled`) is not laid out."""
    found = sections.split(text)
    if found.problems or not found.blocks:
        return None
    starts = [span.start for span in found.blocks]
    end = found.sections["actions"].end
    skeleton = text[: starts[0]] + text[starts[-1] : end] + text[end:]
    new_skeleton = skeleton
    if key("skeleton", skeleton) not in known:
        if len(skeleton) > most:
            raise TooLarge
        new_skeleton = lay(skeleton)
        if new_skeleton == skeleton:
            known.add(key("skeleton", skeleton))
            new_skeleton = skeleton
        else:
            new = sections.split(new_skeleton)
            if new.problems or len(new.blocks) != 1:
                return None
    parts = [text[start:stop] for start, stop in zip(starts, starts[1:], strict=False)]
    laid = _actions(parts, lay, known, most, plainly)
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


def key(kind: str, text: str) -> bytes:
    """What `Known` knows a text by: its digest, and what kind of part it is."""
    return digest(f"{kind}\0{text}")


def _actions(
    parts: list[str], lay: Callable[[str], str], known: Known, most: int,
    plainly: Callable[[str], bool] | None, batch: int = 200, size: int = 128 * 1024,
) -> list[str] | None:  # fmt: skip
    """Each action's part laid out (the very same string if it lays out as itself). Those
    not known canonical are laid out a batch at a time, as one list: a round trip costs
    less a node in a longer text, and each part lays out in a list as it does alone."""
    laid = list(parts)
    todo = []
    for index, part in enumerate(parts):
        known_as = key("action", part)
        if known_as in known:
            continue
        if plainly is not None and plainly(part):
            known.add(known_as)
        else:
            todo.append(index)
    run: list[int] = []
    length = 0
    for index in [*todo, -1]:
        part = parts[index] if index >= 0 else ""
        if len(part) > most - len(LIST):
            raise TooLarge
        if run and (index < 0 or len(run) >= batch or length + len(part) > size):
            outs = _batch([parts[i] for i in run], lay)
            if outs is None:
                return None
            for i, out in zip(run, outs, strict=True):
                if out == parts[i]:
                    known.add(key("action", parts[i]))
                else:
                    laid[i] = out
            run, length = [], 0
        if index >= 0:
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


# An action's part that is plainly in the layout already, known from its lines alone: a
# generated or long-kept register is mostly such parts, and a round trip of each would
# cost milliseconds. Only a narrow form is known so (every line `key: value` or `- key:
# value`, ppb's indents, plain words, dates, flow lists of words, no comments, blank lines
# only after it); anything else is laid out to see.

_LINE = re.compile(r"( *)(- )?([a-z_]+):(?: (.+))?")
_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9_.,;/()&+'\-]| (?! |$))*")
_WORD = re.compile(r"[A-Za-z](?:[A-Za-z0-9_./()&+'\-]| (?! |$))*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def settled(part: str, flow: Collection[str], plain: Callable[[str, str], bool]) -> bool:
    """Whether an action's part is in the canonical layout by its lines alone: the two-space
    indents ppb writes, lists of words in flow style under the keys in `flow` and block
    lists of mappings under the others, and every value a date, true, false, or a plain
    string that `plain(key, value)` says the layout leaves as it is. (False says nothing:
    the part is laid out to see.)"""
    body = part.rstrip("\n")
    if "\n\n" in body or not body.startswith("  - "):
        return False
    levels: list[tuple[int, set[str]]] = []  # (indent of the keys, keys so far) of each mapping
    pending: int | None = None  # the indent of a key whose block list must follow
    for line in body.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            return False
        indent, key, value = len(match[1]), match[3], match[4]
        if match[2]:
            indent += 2
            if not _item(levels, indent, pending):
                return False
            pending = None
        elif pending is not None or not _key_of(levels, indent):
            return False
        keys = levels[-1][1]
        if key in keys:
            return False
        keys.add(key)
        if value is None:
            if key in flow:
                return False
            pending = indent
        elif not _value(key, value, flow, plain):
            return False
    return pending is None


def _item(levels: list[tuple[int, set[str]]], indent: int, pending: int | None) -> bool:
    """Whether a list item whose keys are at `indent` may come here: the action itself, the
    first item of the list whose key came just before, or the next item of a list in it
    (not a second action). Its mapping becomes the innermost level."""
    if not levels:
        if indent != 4:
            return False
    elif pending is not None:
        if indent != pending + 4:
            return False
    else:
        while len(levels) > 1 and levels[-1][0] > indent:
            levels.pop()
        if len(levels) < 2 or levels[-1][0] != indent:
            return False
        levels.pop()
    levels.append((indent, set()))
    return True


def _key_of(levels: list[tuple[int, set[str]]], indent: int) -> bool:
    """Whether a key at `indent` belongs to a mapping already open (the innermost after)."""
    while levels and levels[-1][0] > indent:
        levels.pop()
    return bool(levels) and levels[-1][0] == indent


def _value(key: str, value: str, flow: Collection[str], plain: Callable[[str, str], bool]) -> bool:
    if key in flow:
        if value == "[]":
            return True
        if not (value.startswith("[") and value.endswith("]")):
            return False
        words = value[1:-1].split(", ")
        return all(_WORD.fullmatch(w) and plain(key, w) for w in words)
    if value in ("true", "false"):
        return True
    if _DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return bool(_PLAIN.fullmatch(value)) and plain(key, value)
