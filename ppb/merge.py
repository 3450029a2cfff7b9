"""A git merge driver for actions.yaml: two branches' new actions merged by id.

Two people raising actions on two branches is normal, and a line-based merge
of the register gives conflict markers whenever both append at its end. This
driver merges action by action: an action changed on one side takes that
side; new actions from both sides are all kept, ours first; when both sides
raised the same number for different actions, theirs is renumbered to the
next free number (and said so on stderr). Anything else that both sides
changed differently is left to git's own line merge, with its usual markers.

Set up with `ppb git-setup`; git then runs `ppb merge-driver %O %A %B %P`.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from typing import Any

from ppb import normalise
from ppb.errors import PpbError
from ppb.record import ID
from ppb.store import MEETINGS, REGISTER, files, sections, yaml_edit
from ppb.store.files import Source
from ppb.store.register import read


class Unmergeable(Exception):
    """Both sides changed the same thing differently: leave it to git."""


class _Side:
    """One version of the register: head, then (gap, action) pairs by id, then tail."""

    def __init__(self, text: str, name: str) -> None:
        found = sections.split(text)
        snapshot = read(Source(name, name, text.encode(), text, False, False))
        if found.problems or len(found.blocks) != len(snapshot.rows) or not found.blocks:
            raise Unmergeable(f"{name}: cannot find each action's lines")
        self.prefix = snapshot.prefix
        self.ids = [row[ID] for row in snapshot.rows]
        if len(set(self.ids)) != len(self.ids):
            raise Unmergeable(f"{name}: an id is used twice already")
        spans = found.blocks
        self.blocks = {i: text[s.start : s.end] for i, s in zip(self.ids, spans, strict=True)}
        self.gaps = {
            i: text[spans[n - 1].end : s.start] if n else ""
            for n, (i, s) in enumerate(zip(self.ids, spans, strict=True))
        }
        self.head, self.tail = text[: spans[0].start], text[spans[-1].end :]


def merge(
    base: str, ours: str, theirs: str, theirs_mentions: set[str] | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """The merged register and the (old, new) ids of theirs that were renumbered.

    Ours is the skeleton: its comments and spacing stay; changed actions are
    replaced where they stand, removed ones dropped, and theirs' new actions
    (with the comments before them) follow ours' last action. When both raised
    the same number, theirs' action is renumbered and theirs' `see` references
    to it follow; `theirs_mentions` are the ids theirs' meeting files name
    (None: not known), and a renumber they would mislead is refused.
    """
    o, a, b = _Side(base, "base"), _Side(ours, "ours"), _Side(theirs, "theirs")
    moved = _renumbering(o, a, b, theirs_mentions)
    head = _three_way(o.head, a.head, b.head)
    tail = _three_way(o.tail, a.tail, b.tail)
    pieces: list[str] = []
    for action_id in a.ids:
        mine, yours, was = a.blocks[action_id], b.blocks.get(action_id), o.blocks.get(action_id)
        gap = a.gaps[action_id]
        if yours is None and was is not None:  # theirs removed it
            if mine != was:
                raise Unmergeable(f"{action_id} was removed on one branch and changed on the other")
            if gap.strip():
                pieces.append(gap)  # comments stay
            continue
        if yours is None or was is None:  # ours' new action (theirs' same number moves below)
            pieces += [gap, mine]
        else:
            pieces += [
                gap,
                _three_way(was, mine, _retarget(yours, action_id, moved, a.prefix, keep=True)),
            ]
    for action_id in b.ids:
        yours, gap = b.blocks[action_id], b.gaps[action_id] or "\n"
        if action_id in o.blocks:
            if action_id not in a.blocks and yours != o.blocks[action_id]:
                raise Unmergeable(f"{action_id} was removed on one branch and changed on the other")
            continue  # in both, or removed by ours
        if action_id in a.blocks and a.blocks[action_id] == yours:
            continue  # both raised the very same action
        pieces += [gap, _retarget(yours, action_id, moved, a.prefix)]
    text = head + "".join(pieces) + tail
    read(Source("merged", "merged", text.encode(), text, False, False))  # must read back
    return text, list(moved.items())


def _renumbering(o: _Side, a: _Side, b: _Side, mentions: set[str] | None) -> dict[str, str]:
    """Theirs' new ids that ours raised too, with the next free numbers they move to."""
    clashes = [
        i for i in b.ids if i not in o.blocks and i in a.blocks and a.blocks[i] != b.blocks[i]
    ]
    for action_id in clashes:
        if mentions is None or action_id in mentions:
            known = "name it" if mentions is not None else "may name it (ppb cannot see them here)"
            raise Unmergeable(
                f"{action_id} was raised on both branches and theirs' meetings {known}; renumbering "
                f"theirs would point them at ours'. Resolve by hand: keep both, then `ppb renumber` "
                "theirs and its references"
            )
    taken = {normalise.action_number(i) for i in (*a.ids, *b.ids, *o.ids)}
    moved = {}
    for action_id in clashes:
        number = max(taken) + 1
        taken.add(number)
        moved[action_id] = normalise.id_of(a.prefix, number)
    return moved


def _retarget(
    block: str, action_id: str, moved: dict[str, str], prefix: str, keep: bool = False
) -> str:
    """Theirs' action with its own id and its `see` references renumbered as `moved` says.

    Unchanged text when nothing in it moves (so a three-way merge still sees it as is)."""
    new_id = None if keep else moved.get(action_id)
    see = _see(block, prefix)
    if new_id is None and not any(s in moved for s in see):
        return block

    def change(document: Any) -> None:
        item = document[0]
        if new_id is not None:
            item["id"] = new_id
        if any(s in moved for s in see):
            item["see"] = yaml_edit.to_yaml([moved.get(s, s) for s in see])

    return yaml_edit.edit(block, change, action_id)


def _see(block: str, prefix: str) -> list[str]:
    """The ids an action's `see` names, canonical (the block reads: it came from a register)."""
    from ppb.store import yaml_read

    _, data = yaml_read.tree(block, "theirs")
    listed = data[0].get("see") if isinstance(data, list) and data else None
    out = []
    for value in listed if isinstance(listed, list) else []:
        try:
            out.append(normalise.action_id(str(value), prefix))
        except normalise.SpellingError:
            out.append(str(value))
    return out


def _three_way(base: str, ours: str, theirs: str) -> str:
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    merged, clean = _merge_file(base, ours, theirs)
    if not clean:
        raise Unmergeable("both sides changed the same lines")
    return merged


def _merge_file(
    base: str, ours: str, theirs: str, labels: tuple[str, ...] = ()
) -> tuple[str, bool]:
    """git merge-file's line merge: (result, whether it was clean)."""
    with tempfile.TemporaryDirectory(prefix="ppb-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            paths.append(path)
        args = (
            ["git", "merge-file", "-p"] + [arg for label in labels for arg in ("-L", label)] + paths
        )
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode < 0 or done.returncode > 127:
            raise PpbError(f"git merge-file failed: {done.stderr.strip()}")
        return done.stdout, done.returncode == 0


def driver(
    base_path: str, ours_path: str, theirs_path: str, shown: str = "actions.yaml"
) -> tuple[int, str]:
    """What git's merge driver does: write the result over ours; (exit code, message)."""
    try:  # text with LF line ends; ours' BOM and CRLF are put back when writing
        base, ours, theirs = (
            files.read_source(path, shown) for path in (base_path, ours_path, theirs_path)
        )
    except PpbError as exc:
        return 1, f"ppb merge-driver: {exc}"
    try:
        mentions = theirs_mentions(shown, read(theirs).prefix)
        merged, renumbered = merge(base.text, ours.text, theirs.text, mentions)
    except (Unmergeable, PpbError) as exc:
        merged, clean = _merge_file(base.text, ours.text, theirs.text, ("ours", "base", "theirs"))
        files.write_atomically(ours_path, ours.encode(merged))
        note = f"ppb merge-driver: {shown}: {exc}; merged line by line"
        return (0 if clean else 1), note + ("" if clean else " with conflict markers")
    files.write_atomically(ours_path, ours.encode(merged))
    notes = [f"ppb merge-driver: {shown}: {old} raised on both branches; theirs is now {new}"
             for old, new in renumbered]  # fmt: skip
    return 0, "\n".join(notes)


def theirs_mentions(register: str, prefix: str) -> set[str] | None:
    """Every action id that theirs' meeting files name, read from git during a merge, a
    cherry-pick or a rebase (None when there is no such commit or a file cannot be read)."""
    from ppb.store.register import parse_meeting

    theirs = _theirs_commit()
    if theirs is None:
        return None
    folder = posixpath.join(posixpath.dirname(register), MEETINGS)
    listing = _git("ls-tree", "-r", "--name-only", theirs, "--", f"{folder}/")
    mentions: set[str] = set()
    for name in (listing or "").splitlines():
        if not name.endswith(".yaml"):
            continue
        text = _git("show", f"{theirs}:{name}")
        try:
            meeting = parse_meeting(text or "", name, prefix)
        except PpbError:
            return None
        mentions |= _references(meeting.model_dump())
    return mentions


def _theirs_commit() -> str | None:
    """The commit being merged in: git names it to merge drivers as GITHEAD_<sha>."""
    ours = _git("rev-parse", "-q", "--verify", "HEAD")
    named = [k[len("GITHEAD_") :] for k in os.environ if k.startswith("GITHEAD_")]
    others = [sha for sha in named if sha != ours]
    if len(others) == 1:
        return others[0]
    heads = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD")
    return next(filter(None, (_git("rev-parse", "-q", "--verify", h) for h in heads)), None)


def _references(data: Any) -> set[str]:
    if isinstance(data, dict):
        found = {v for k, v in data.items() if k in ("action", "after") and isinstance(v, str)}
        return found.union(*(_references(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_references(v) for v in data))
    return set()


def _git(*args: str) -> str | None:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def setup(board_root: str) -> list[str]:
    """Register the driver in this repository's git config and .gitattributes."""
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=board_root,
        capture_output=True,
        text=True,
        check=False,
    )
    if top.returncode != 0:
        raise PpbError("not in a git repository (run `git init` first)")
    root = top.stdout.strip()
    config = [
        ["git", "config", "merge.ppb.name", "ppb: merge actions.yaml action by action"],
        ["git", "config", "merge.ppb.driver", "ppb merge-driver %O %A %B %P"],
    ]
    for command in config:
        subprocess.run(command, cwd=root, check=True, capture_output=True)
    relative = os.path.relpath(os.path.join(os.path.abspath(board_root), REGISTER), root)
    line = f"{relative.replace(os.sep, '/')} merge=ppb"
    attributes = os.path.join(root, ".gitattributes")
    existing = ""
    if os.path.exists(attributes):
        with open(attributes, encoding="utf-8") as handle:
            existing = handle.read()
    done = ["git config merge.ppb.driver: ppb merge-driver %O %A %B %P"]
    if line not in existing.splitlines():
        gap = "" if not existing or existing.endswith("\n") else "\n"
        files.write_atomically(attributes, (existing + gap + line + "\n").encode("utf-8"))
        done.append(f".gitattributes: {line}")
    return done
