"""Files as bytes on disk: reading text faithfully, writing atomically, locking a board.

A file is read once as bytes; its text is kept with LF line ends, and written
back with the BOM and CRLF line ends it came with. Writes go to a temporary
file in the same folder, are fsynced and renamed over the real target of a
symlink, keeping its mode. The lock is an flock, which the kernel releases
however its holder exits, so a killed ppb never leaves it stale.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator

from ppb.errors import ConflictError, FileError, NotFoundError, PpbError

BOM = "\ufeff"
LOCK_TIMEOUT = 10.0
MAX_REGISTER = 256 * 1024 * 1024  # bytes: about 800,000 actions
MAX_MEETING = 16 * 1024 * 1024


class Source:
    """A file as read: its text with LF line ends, and how to write it back the same way.

    A file read from disk keeps its digest and size, not its bytes (a large
    register would otherwise be held twice); a new text to be written keeps
    its bytes, encoded once.
    """

    __slots__ = ("path", "shown", "raw", "text", "bom", "crlf", "digest", "size")

    def __init__(
        self, path: str, shown: str, raw: bytes | None, text: str, bom: bool, crlf: bool,
        *, file_digest: str | None = None, size: int | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.shown = shown  # the path as errors name it
        self.raw = raw
        self.text = text
        self.bom = bom
        self.crlf = crlf
        self.digest = file_digest if file_digest is not None else digest(raw or b"")
        self.size = size if size is not None else len(raw or b"")

    def with_text(self, text: str) -> Source:
        """The same file with new text, encoded the way this one was."""
        return Source(self.path, self.shown, self.encode(text), text, self.bom, self.crlf)

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def read_source(path: str, shown: str, limit: int = MAX_REGISTER) -> Source:
    """Read a text file, or FileError naming where it is not UTF-8 text (or is too large)."""
    try:
        size = os.path.getsize(path)
        if size > limit:
            message = f"{size:,} bytes, more than ppb reads ({limit:,}); is this the right file?"
            raise FileError(shown, 1, 1, message, "too-large")
        raw = _read_bytes(path)
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
        raise FileError(
            shown, line, col, "not UTF-8 text (is this a binary file?)", "encoding"
        ) from None
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
            shown,
            line,
            offset - text.rfind("\n", 0, offset),
            "NUL byte: not a text file",
            "encoding",
        )
    return Source(path, shown, None, text, bom, crlf, file_digest=digest(raw), size=len(raw))


def digest(data: bytes) -> str:
    """A content digest: equal digests mean equal bytes, whatever the size or mtime."""
    return blake2b(data, digest_size=20).hexdigest()


try:  # the builtin module; `hashlib` would load OpenSSL first, a few ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file (the real file, if `path` is a symlink) in one step, mode kept."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
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


def replace(source: Source, text: str | bytes) -> None:
    """Write `text` (or bytes already encoded like `source`) over the file `source` was read
    from, if the file is unchanged since."""
    if not _unchanged(source):
        raise ConflictError(
            f"{source.shown} changed on disk while ppb was working; nothing was written, "
            "run the command again"
        )
    data = text if isinstance(text, bytes) else source.encode(text)
    try:
        write_atomically(source.path, data)
    except OSError as exc:
        raise PpbError(f"{source.shown}: cannot write ({exc.strerror})") from None


def replace_all(writes: list[tuple[Source | str, str]]) -> None:
    """Write several files as one change: each (a file as read, or a new file's path) gets its
    text, and if any cannot be written, none is.

    Every new text is first written in full beside its file and fsynced; only
    when all are on disk, and no file read has changed since, are they renamed
    into place, one quick step each. Should a rename still fail, the files
    renamed before it are put back as they were.
    """
    staged: list[tuple[str, str]] = []  # (temporary, target)
    kept: list[tuple[str, str | None]] = []  # (target, a link to its old bytes, or None if new)
    try:
        for target, text in writes:
            _stage(target, text, staged)
        for target, _ in writes:
            if isinstance(target, Source) and not _unchanged(target):
                raise ConflictError(
                    f"{target.shown} changed on disk while ppb was working; nothing was written, "
                    "run the command again"
                )
        for temp, path in staged:
            kept.append((path, _keep(path)))
            os.replace(temp, path)
    except OSError as exc:
        _put_back(kept)
        raise PpbError(f"cannot write the files ({exc.strerror}); nothing was written") from None
    finally:
        for leftover in [t for t, _ in staged] + [k for _, k in kept if k]:
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _keep(path: str) -> str | None:
    """A second name for a file's current bytes (None if there is no file yet)."""
    if not os.path.exists(path):
        return None
    backup = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.old.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(backup)  # left by a killed ppb of the same process id
    os.link(path, backup)
    return backup


def _put_back(kept: list[tuple[str, str | None]]) -> None:
    for path, backup in reversed(kept):
        with contextlib.suppress(OSError):
            if backup is None:
                os.unlink(path)
            else:
                os.replace(backup, path)


def _stage(target: Source | str, text: str, staged: list[tuple[str, str]]) -> None:
    """A file's new text written in full beside it; (the temporary file, the real target)
    added to `staged` as soon as the temporary file exists."""
    import tempfile

    if isinstance(target, Source):
        path, data = target.path, target.encode(text)
    else:
        path, data = target, text.encode("utf-8")
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    os.makedirs(folder, exist_ok=True)
    try:
        mode = os.stat(real).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=folder)
    staged.append((temp, real))
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(temp, mode)


def _unchanged(source: Source) -> bool:
    """Whether the file still holds what `source` was read from (by size, then digest)."""
    try:
        if os.path.getsize(source.path) != source.size:
            return False
        hasher = blake2b(digest_size=20)
        with open(source.path, "rb") as handle:
            while block := handle.read(1 << 20):
                hasher.update(block)
        return hasher.hexdigest() == source.digest
    except OSError:
        return False


def remove_stale_temps(folder: str, name: str) -> None:
    """Remove temporary files a killed writer of `name` left behind.

    Only called with the board's lock held: no other ppb is writing, so any
    `.name.*.tmp` in the folder is a leftover, never a write in progress.
    """
    prefix = f".{name}."
    try:
        leftovers = [f for f in os.listdir(folder) if f.startswith(prefix) and f.endswith(".tmp")]
    except OSError:
        return
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, leftover))


@contextlib.contextmanager
def locked(state_dir: str, shown: str) -> Iterator[None]:
    """Hold the board's write lock (.ppb/lock); another ppb waits, then gives up clearly."""
    import fcntl

    try:
        os.makedirs(state_dir, exist_ok=True)
        handle = open(os.path.join(state_dir, "lock"), "a+b")
    except OSError as exc:
        raise PpbError(f"cannot lock the board in {shown}: {exc.strerror}") from None
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
