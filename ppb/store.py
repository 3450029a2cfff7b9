"""How a board is stored: finding it, reading its files, locking and writing them.

Reads go through `parse` (a fast C loader, every scalar a string) and the
models. Writes lock the board, re-read the file, splice in the lines that
change, check that the result parses back to exactly the intended data, and
replace the file atomically; on any failure nothing is written.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ppb import edit, layout, normalise, parse
from ppb.errors import ConflictError, FileError, LayoutError, NotFoundError, PpbError
from ppb.models import Meeting, Register

REGISTER = "actions.yaml"
MEETINGS = "meetings"
STATE = ".ppb"
BOM = "\ufeff"
LOCK_TIMEOUT = 10.0

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Source:
    """A file as read: its text with LF line ends, and how to write it back the same way."""

    path: Path
    shown: str  # the path as errors name it
    raw: bytes
    text: str
    bom: bool
    crlf: bool

    @property
    def digest(self) -> str:
        return hashlib.blake2b(self.raw, digest_size=20).hexdigest()

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


def read_source(path: Path, shown: str) -> Source:
    """Read a text file, or FileError naming where it is not UTF-8 text."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise PpbError(f"{shown}: is a folder, not a file") from None
    except OSError as exc:
        raise PpbError(f"{shown}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileError(shown, line, col, "not UTF-8 text (is this a binary file?)") from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise FileError(
            shown, line, offset - text.rfind("\n", 0, offset), "NUL byte: not a text file"
        )
    return Source(path, shown, raw, text, bom, crlf)


def validate(model: type[M], data: Any, node: Any, shown: str, context: dict[str, Any]) -> M:
    """The model for `data`, or FileError at the first problem's line and column."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise problems(exc, node, shown)[0] from None


def problems(exc: ValidationError, node: Any, shown: str) -> list[FileError]:
    """Every validation error as a FileError, in file order.

    A misspelt key shows up twice, as an unknown key and a missing one; that is
    reported once, as the unknown key with the likely spelling.
    """
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    missing = {(e["loc"][:-1], e["loc"][-1]) for e in errors if e["type"] == "missing"}
    found = []
    for error in errors:
        loc, kind = error["loc"], error["type"]
        message = describe(error)
        if kind == "extra_forbidden":
            wanted = [key for parent, key in missing if parent == loc[:-1]]
            hint = difflib.get_close_matches(str(loc[-1]), wanted or _known_keys(), n=1)
            if hint:
                message += f" (did you mean {hint[0]!r}?)"
                missing.discard((loc[:-1], hint[0]))
        elif kind == "missing" and (loc[:-1], loc[-1]) not in missing:
            continue
        line, col = parse.locate(node, loc, key=kind == "extra_forbidden")
        found.append(FileError(shown, line, col, message))
    found.sort(key=lambda e: (e.line, e.col))
    return found


def _known_keys() -> list[str]:
    from ppb import models

    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            names.update(value.model_fields)
    return sorted(names)


def describe(error: Any, node: Any = None) -> str:
    """One plain sentence for a Pydantic error."""
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    field = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key {field!r}"
    if kind == "missing":
        return f"missing key {field!r}"
    if kind in ("value_error", "assertion_error"):
        return f"{field}: {str(error['msg']).removeprefix('Value error, ')}"
    if kind in ("string_type",):
        return f"{field}: expected text, not a {_shape(error['input'])}"
    if kind in ("list_type",):
        return f"{field}: expected a list, not {_shape(error['input'])}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}: expected a mapping of keys, not {_shape(error['input'])}"
    if kind == "literal_error":
        return f"{field}: {error['msg']}"
    return f"{field}: {error['msg']}"


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return f"text {value!r}" if isinstance(value, str) else type(value).__name__


def register_context(data: Any) -> dict[str, Any]:
    """What normalising ids and owners needs, taken leniently from raw register data."""
    board = data.get("board") if isinstance(data, dict) else None
    people = data.get("people") if isinstance(data, dict) else None
    raw_prefix = board.get("prefix") if isinstance(board, dict) else None
    try:
        prefix = normalise.prefix(raw_prefix) if isinstance(raw_prefix, str) else None
    except normalise.SpellingError:
        prefix = None
    handles = normalise.Handles(people if isinstance(people, dict) else {})
    return {"prefix": prefix, "handles": handles}


@dataclass
class Loaded:
    """A register as read: the file, its node tree and the validated model."""

    source: Source
    register: Register


class Store:
    """The files of one board, in the folder that holds its actions.yaml."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.register_path = root / REGISTER
        self.meetings_dir = root / MEETINGS
        self.state_dir = root / STATE

    def shown(self, path: Path) -> str:
        """A path as errors print it: relative to the current folder where that is shorter."""
        try:
            relative = os.path.relpath(path)
        except ValueError:
            return str(path)
        return relative if len(relative) < len(str(path)) else str(path)

    # reading

    def load(self) -> Loaded:
        source = read_source(self.register_path, self.shown(self.register_path))
        return Loaded(source, self.parse_register(source.text, source.shown))

    def register(self) -> Register:
        return self.load().register

    def parse_register(self, text: str, shown: str) -> Register:
        node = parse.compose(text, shown)
        data = None if node is None else parse.build(node, shown, text)
        if data is None:
            raise FileError(
                shown, 1, 1, "no board here (the file is empty); start one with `ppb init`"
            )
        if not isinstance(data, dict):
            raise FileError(shown, 1, 1, "expected the keys board, people and actions at the top")
        return validate(Register, data, node, shown, register_context(data))

    def meeting_path(self, meeting_id: str) -> Path:
        return self.meetings_dir / f"{meeting_id}.yaml"

    def meeting_ids(self) -> list[str]:
        if not self.meetings_dir.is_dir():
            return []
        ids = []
        for path in self.meetings_dir.glob("*.yaml"):
            try:
                ids.append(normalise.meeting_id(path.stem))
            except normalise.SpellingError:
                continue
        return sorted(ids)

    def has_meeting(self, meeting_id: str) -> bool:
        return self.meeting_path(meeting_id).is_file()

    def meeting(self, meeting_id: str, register: Register | None = None) -> Meeting:
        path = self.meeting_path(meeting_id)
        shown = self.shown(path)
        if not path.is_file():
            raise NotFoundError(f"no meeting {meeting_id} (no file {shown})")
        source = read_source(path, shown)
        node = parse.compose(source.text, shown)
        data = None if node is None else parse.build(node, shown, source.text)
        if not isinstance(data, dict):
            raise FileError(shown, 1, 1, "expected a meeting: keys such as date, attendance, items")
        prefix = register.board.prefix if register else None
        return validate(Meeting, data, node, shown, {"prefix": prefix})

    # writing

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the board's write lock; another ppb waits for it, then gives up clearly.

        The lock is an flock on .ppb/lock: the kernel drops it when the holder exits,
        however it exits, so a killed ppb never leaves it stale.
        """
        import fcntl

        try:
            self.state_dir.mkdir(exist_ok=True)
            handle = open(self.state_dir / "lock", "a+b")  # noqa: SIM115 - held for the block
        except OSError as exc:
            raise PpbError(
                f"cannot lock the board in {self.shown(self.state_dir)}: {exc.strerror}"
            ) from None
        timeout = float(os.environ.get("PPB_LOCK_TIMEOUT", LOCK_TIMEOUT))
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise ConflictError(
                            f"another ppb is writing to this board; gave up after {timeout:g}s "
                            "(set PPB_LOCK_TIMEOUT to wait longer)"
                        ) from None
                    time.sleep(0.02)
            yield
        finally:
            handle.close()

    def rewrite(self, source: Source, text: str, intended: Register) -> None:
        """Write `text` as the new register, if it parses back to exactly `intended`."""
        got = self.parse_register(text, source.shown)
        if got.model_dump() != intended.model_dump():
            raise PpbError(
                f"{source.shown}: the edit would change more than intended; nothing was written "
                "(please report this with the file)"
            )
        self.replace(source, text)

    def replace(self, source: Source, text: str) -> None:
        """Write `text` over the file `source` was read from, atomically, if it is unchanged."""
        current = read_source(source.path, source.shown) if source.path.exists() else None
        if current is None or current.raw != source.raw:
            raise ConflictError(
                f"{source.shown} changed on disk while ppb was working; nothing was written, "
                "run the command again"
            )
        try:
            write_atomically(source.path, source.encode(text))
        except OSError as exc:
            raise PpbError(f"{source.shown}: cannot write ({exc.strerror})") from None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file (the real file, if `path` is a symlink) in one step, mode kept."""
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Line-level edits of a register's text. Each returns the whole new text; every
# line outside the edited part is kept as it was.


def _where(source: Source, line: int, what: str) -> str:
    return f"{source.shown}:{line + 1}: {what}"


def _checked_layout(source: Source, register: Register) -> layout.Layout:
    found = layout.split(source.text)
    if found.problems or len(found.blocks) != len(register.actions):
        detail = (
            found.problems[0]
            if found.problems
            else (
                f"found {len(found.blocks)} action items by indentation but {len(register.actions)} actions"
            )
        )
        raise LayoutError(
            f"{source.shown}: cannot find each action's lines ({detail}); "
            "keep one `- id: …` item per action, all at the same indent"
        )
    return found


def edit_action(source: Source, register: Register, index: int, change: Any) -> str:
    """The text with action number `index` (in file order) changed by `change(item)`."""
    found = _checked_layout(source, register)
    span = found.blocks[index]
    block = "".join(found.lines[span.start : span.end])
    where = _where(source, span.start, register.actions[index].id)
    new = edit.edit(block, lambda doc: change(doc[0]), where)
    return "".join(found.lines[: span.start]) + new + "".join(found.lines[span.end :])


def append_action(source: Source, register: Register, data: dict[str, Any]) -> str:
    """The text with a new action item after the last one, laid out like its neighbours."""
    found = _checked_layout(source, register)
    lines = list(found.lines)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if "actions" not in found.sections:
        item = edit.render_item(data, 2, edit.CANONICAL)
        gap = "\n" if lines and lines[-1].strip() else ""
        return "".join(lines) + gap + "actions:\n" + item
    head = found.sections["actions"].start
    inline = lines[head].split(":", 1)[1].split("#", 1)[0].strip()
    if inline not in ("", "[]"):
        raise LayoutError(
            f"{_where(source, head, 'actions')} is written inline; "
            "write it as a list of `- id: …` items, one per action"
        )
    if not found.blocks:
        lines[head] = "actions:\n"
        item = edit.render_item(data, 2, edit.CANONICAL)
        return "".join(lines[: head + 1]) + item + "".join(lines[head + 1 :])
    last = found.blocks[-1]
    style = edit.style_of("".join(lines[last.start : last.end]))
    item = edit.render_item(data, found.item_indent or 0, style)
    blank = 0
    if len(found.blocks) > 1:
        between = lines[found.blocks[-2].end : last.start]
        blank = sum(1 for line in between if not line.strip())
    insert = "\n" * blank + item
    return "".join(lines[: last.end]) + insert + "".join(lines[last.end :])


def edit_section(source: Source, key: str, change: Any) -> str:
    """The text with the top-level section `key` changed by `change(document)`."""
    found = layout.split(source.text)
    if key not in found.sections:
        raise LayoutError(f"{source.shown}: there is no `{key}:` section to edit")
    start = found.sections[key].start
    end = found.section_body_end(key)
    section = "".join(found.lines[start:end])
    if not section.endswith("\n"):
        section += "\n"
    new = edit.edit(section, change, _where(source, start, f"the {key} section"))
    return "".join(found.lines[:start]) + new + "".join(found.lines[end:])
