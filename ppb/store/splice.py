"""Line-level edits of a register's text: one action, a new action, one section.

Each returns the whole new text; every character outside the edited part is
kept as it was. The part is found by `sections` and edited by `yaml_edit`;
the store checks the result before it writes anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ppb.errors import LayoutError
from ppb.record import ID
from ppb.store import sections, yaml_edit
from ppb.store.snapshot import Snapshot


def _editable(snapshot: Snapshot) -> sections.Sections:
    found = sections.split(snapshot.source.text)
    if snapshot.digests is None or found.problems or len(found.blocks) != len(snapshot.rows):
        detail = (
            found.problems[0] if found.problems else "the actions are not one `- id: …` item each"
        )
        raise LayoutError(
            f"{snapshot.source.shown}: cannot find each action's own lines ({detail}); "
            "keep one `- id: …` item per action, all at the same indent (`ppb fmt` lays the "
            "file out so)"
        )
    return found


def edit_action(snapshot: Snapshot, index: int, change: Callable[[Any], None]) -> str:
    """The text with action number `index` (in file order) changed by `change(item)`."""
    return edit_actions(snapshot, {index: change})


def edit_actions(snapshot: Snapshot, changes: dict[int, Callable[[Any], None]]) -> str:
    """The text with several actions (by index in file order) each changed by its function."""
    found = _editable(snapshot)
    text = snapshot.source.text
    for index in sorted(changes, reverse=True):  # from the end, so earlier offsets stay right
        span = found.blocks[index]
        where = (
            f"{snapshot.source.shown}:{found.line_of(span.start) + 1}: {snapshot.rows[index][ID]}"
        )
        new = yaml_edit.edit(text[span.start : span.end], on_item(changes[index]), where)
        text = text[: span.start] + new + text[span.end :]
    return text


def on_item(change: Callable[[Any], None]) -> Callable[[Any], None]:
    """A change of one item, applied to the one-item list that holds it."""
    return lambda document: change(document[0])


def append_action(snapshot: Snapshot, data: dict[str, Any]) -> str:
    """The text with a new action item after the last one, laid out like its neighbours."""
    found = _editable(snapshot)
    text = snapshot.source.text
    if text and not text.endswith("\n"):
        text += "\n"
    if "actions" not in found.sections:
        gap = "\n" if text.strip() else ""
        return text + gap + "actions:\n" + yaml_edit.render_item(data, 2, yaml_edit.CANONICAL)
    head = found.sections["actions"].start
    head_end = text.find("\n", head) + 1 or len(text)
    inline = text[head:head_end].split(":", 1)[1].split("#", 1)[0].strip()
    if inline not in ("", "[]"):
        raise LayoutError(
            f"{snapshot.source.shown}:{found.line_of(head) + 1}: actions is written inline; "
            "write it as a list of `- id: …` items, one per action"
        )
    if not found.blocks:
        item = yaml_edit.render_item(data, 2, yaml_edit.CANONICAL)
        return text[:head] + "actions:\n" + item + text[head_end:]
    last = found.blocks[-1]
    neighbour = typical(found.blocks)
    between = text[found.blocks[-2].end : last.start] if len(found.blocks) > 1 else ""
    gap, item = after_last(
        text[neighbour.start : neighbour.end], between, data, found.item_indent or 0
    )
    return text[: last.end] + gap + item + text[last.end :]


def typical(blocks: Sequence[sections.Span]) -> sections.Span:
    """The last of the last actions of usual size, whose layout a new one takes (a huge
    last action would cost seconds to read for its layout)."""
    usual = [b for b in blocks[-20:] if b.end - b.start <= 16 * 1024]
    return usual[-1] if usual else blocks[-1]


def after_last(neighbour: str, between: str, data: dict[str, Any], indent: int) -> tuple[str, str]:
    """What goes after the last action for a new one: the blank lines the last two have
    between them (`between`), and the new item, laid out like `neighbour`."""
    item = yaml_edit.render_item(data, indent, yaml_edit.style_of(neighbour))
    blank = sum(1 for line in between.splitlines() if not line.strip())
    return "\n" * blank, item


def edit_section(snapshot: Snapshot, key: str, change: Callable[[Any], None]) -> str:
    """The text with the top-level section `key` changed by `change(document)`."""
    text = snapshot.source.text
    found = sections.split(text)
    if key not in found.sections:  # a new section, before the actions
        document = yaml_edit.to_yaml({key: None})
        change(document)
        section = yaml_edit.render_document(document)
        at = found.sections["actions"].start if "actions" in found.sections else len(text)
        before = text[:at] if not at or text[:at].endswith("\n") else text[:at] + "\n"
        return before + section + ("\n" if at < len(text) else "") + text[at:]
    start = found.sections[key].start
    end = found.section_body_end(key)
    section = text[start:end]
    if not section.endswith("\n"):
        section += "\n"
    where = f"{snapshot.source.shown}:{found.line_of(start) + 1}: the {key} section"
    return text[:start] + yaml_edit.edit(section, change, where) + text[end:]
