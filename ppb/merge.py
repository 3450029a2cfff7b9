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
import subprocess
import tempfile
from typing import Any

from ppb import normalise
from ppb.errors import PpbError
from ppb.record import ID
from ppb.store import REGISTER, files, sections, yaml_edit
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


def merge(base: str, ours: str, theirs: str) -> tuple[str, list[tuple[str, str]]]:
    """The merged register and the (old, new) ids of theirs that were renumbered.

    Ours is the skeleton: its comments and spacing stay; changed actions are
    replaced where they stand, removed ones dropped, and theirs' new actions
    (with the comments before them) follow ours' last action.
    """
    o, a, b = _Side(base, "base"), _Side(ours, "ours"), _Side(theirs, "theirs")
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
            pieces += [gap, _three_way(was, mine, yours)]
    taken = {normalise.action_number(i) for i in (*a.ids, *b.ids, *o.ids)}
    renumbered: list[tuple[str, str]] = []
    for action_id in b.ids:
        yours, gap = b.blocks[action_id], b.gaps[action_id] or "\n"
        if action_id in o.blocks:
            if action_id not in a.blocks and yours != o.blocks[action_id]:
                raise Unmergeable(f"{action_id} was removed on one branch and changed on the other")
            continue  # in both, or removed by ours
        if action_id in a.blocks:
            if a.blocks[action_id] == yours:
                continue  # both raised the very same action
            number = max(taken) + 1
            taken.add(number)
            new_id = f"{a.prefix} {number}"
            renumbered.append((action_id, new_id))
            yours = yaml_edit.edit(yours, _set_id(new_id), action_id)
        pieces += [gap, yours]
    text = head + "".join(pieces) + tail
    read(Source("merged", "merged", text.encode(), text, False, False))  # must read back
    return text, renumbered


def _set_id(new_id: str) -> Any:
    def change(document: Any) -> None:
        document[0]["id"] = new_id

    return change


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
        merged, renumbered = merge(base.text, ours.text, theirs.text)
    except (Unmergeable, PpbError) as exc:
        merged, clean = _merge_file(base.text, ours.text, theirs.text, ("ours", "base", "theirs"))
        files.write_atomically(ours_path, ours.encode(merged))
        note = f"ppb merge-driver: {shown}: {exc}; merged line by line"
        return (0 if clean else 1), note + ("" if clean else " with conflict markers")
    files.write_atomically(ours_path, ours.encode(merged))
    notes = [f"ppb merge-driver: {shown}: {old} raised on both branches; theirs is now {new}"
             for old, new in renumbered]  # fmt: skip
    if renumbered:
        notes.append(
            "  references to the renumbered ids in meetings may need `ppb renumber`; run `ppb check`"
        )
    return 0, "\n".join(notes)


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
