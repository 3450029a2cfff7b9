"""Files as bytes on disk: reading text faithfully, writing atomically, locking a board.

A file is read once as bytes; its text is kept with LF line ends, and written
back with the BOM and the line ends it came with (`lines`). Writes go to a temporary
file in the same folder, are fsynced and renamed over the real target of a
symlink, keeping its mode. The lock is an flock, which the kernel releases
however its holder exits, so a killed ppb never leaves it stale.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import stat
import time
from collections.abc import Iterator, Sequence
from typing import Protocol

from ppb.errors import ConflictError, FileError, LayoutError, NotFoundError, PpbError
from ppb.store import lines, paths
from ppb.store.lines import Mixed

BOM = "\ufeff"
LOCK_TIMEOUT = 10.0
PEAK = 20  # bytes of memory a command may take for each byte of a register it reads
# (tests/test_hostile_world.py measures it: 5 to 17 for a read or write, more for check)


def _memory_available() -> int:
    """Bytes of memory this machine has free for a command (0 if it does not say)."""
    try:
        with open("/proc/meminfo", "rb") as meminfo:
            for line in meminfo:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return 0


def register_limit(available: int) -> int:
    """The largest register ppb reads, set by memory, not by bytes: what a command would
    take to read it (PEAK times its size) must fit in the memory `available`, with 64 MB
    (about 200,000 actions of the benchmark's shape) always read and 2 GB never passed."""
    return min(max(64 << 20, available // PEAK), 2 << 30)


MAX_REGISTER = register_limit(_memory_available())
# The embedded board's one meeting is 17 KB; carry-forward writes about 200 bytes for
# each open action (an action takes about 320), so a meeting may have to hold the
# Matters Arising of the largest register ppb reads.
MAX_MEETING = MAX_REGISTER * 3 // 4


def within_limit(shown: str, size: int, limit: int | None = None) -> None:
    """Refuse to write a file of `size` bytes larger than ppb reads (by default, the
    largest register): else every later command would refuse it."""
    limit = MAX_REGISTER if limit is None else limit
    if size > limit:
        raise PpbError(
            f"{shown}: would be {size:,} bytes, more than ppb reads ({limit:,}); "
            "nothing was written"
        )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file or the cache is read, and what was read
    kept out of its sight after: reading builds millions of small objects, none of them
    in a cycle. Left to it, the collector went over every one of them again and again
    (it doubled the time of a cold read of 100,000 actions, and cost a warm one a
    quarter); frozen, they are freed as ever when no longer used, only never scanned."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # else the first allocation after would scan them all at once
        if was:
            gc.enable()


class Source:
    """A file as read: its text with LF line ends, and how to write it back the same way.

    A file read from disk keeps its digest and size, not its bytes (a large
    register would otherwise be held twice); a new text to be written keeps
    its bytes, encoded once.
    """

    __slots__ = ("path", "shown", "raw", "digest", "size", "root", "_text", "_bom", "_ends",
                 "_mixed", "_undecoded")  # fmt: skip

    def __init__(
        self, path: str, shown: str, raw: bytes | None, text: str, bom: bool, crlf: bool,
        *, file_digest: str | None = None, size: int | None = None, ends: str | None = None,
        mixed: Mixed | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.shown = shown  # the path as errors name it
        self.raw = raw
        self._text = text
        self._bom = bom
        self._ends = ends or ("\r\n" if crlf else "\n")  # "\n", "\r\n", "\r" or lines.MIXED
        self._mixed = mixed  # what is mixed, and where, when the ends are MIXED
        self.digest = file_digest if file_digest is not None else digest(raw or b"")
        self.size = size if size is not None else len(raw or b"")
        self.root: str | None = None  # the board it was read from, when read from one
        self._undecoded: Bytes | None = None  # bytes whose text is made when first asked for

    @classmethod
    def undecoded(cls, read: Bytes) -> Source:
        """A file read as bytes, its text made only if asked for: a read that the cache
        answers needs only the bytes' digest (and the cache holds only what bytes that were
        decoded read as, so decoding these cannot fail)."""
        source = cls(read.path, read.shown, None, "", False, False, file_digest=read.digest,
                     size=read.size)  # fmt: skip
        source.root, source._undecoded = read.root, read
        return source

    def _decode(self) -> None:
        if self._undecoded is not None:
            done = decode(self._undecoded)
            self._text, self._bom, self._ends, self._mixed = (
                done.text,
                done.bom,
                done.ends,
                done.mixed,
            )
            self._undecoded = None

    @property
    def text(self) -> str:
        """The file's text, with LF line ends."""
        self._decode()
        return self._text

    @property
    def bom(self) -> bool:
        self._decode()
        return self._bom

    @property
    def ends(self) -> str:
        self._decode()
        return self._ends

    @property
    def mixed(self) -> Mixed | None:
        self._decode()
        return self._mixed

    @property
    def crlf(self) -> bool:
        return self.ends == "\r\n"

    def with_text(self, text: str) -> Source:
        """The same file with new text, encoded the way this one was."""
        new = Source(self.path, self.shown, self.encode(text), text, self.bom, self.crlf,
                     ends=self.ends, mixed=self.mixed)  # fmt: skip
        new.root = self.root
        return new

    def uniform(self) -> Source:
        """The same file as read, to be written with one kind of line end: its main kind."""
        if self.mixed is None:
            return self
        new = Source(self.path, self.shown, self.raw, self.text, self.bom, False,
                     file_digest=self.digest, size=self.size, ends=self.mixed.end)  # fmt: skip
        new.root = self.root
        return new

    def encode(self, text: str) -> bytes:
        if self.mixed is not None:
            raise LayoutError(
                f"{self.shown}: mixed line ends ({self.mixed.counts}; the first "
                f"{self.mixed.first} at line {self.mixed.line}); ppb writes a file with one "
                f"kind of line end: {self.mixed.fix()}"
            )
        if self.ends != "\n":
            text = text.replace("\n", self.ends)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def read_source(path: str, shown: str, limit: int | None = None, root: str | None = None) -> Source:
    """Read a text file, or FileError naming where it is not UTF-8 text (or is too large).

    With `root` (the board), a path that leads outside it is refused, and the
    source remembers the board, so that writing it back is held to the same rule."""
    return decode(read_bytes(path, shown, limit, root))


def decode(read: Bytes) -> Source:
    """The text of a file read as bytes, or FileError naming where it is not UTF-8 text."""
    raw, shown = read.raw, read.shown
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
    text, ends, mixed = lines.line_ends(text)
    lines.refuse_unicode_breaks(text, shown)
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
    source = Source(read.path, shown, None, text, bom, False, file_digest=read.digest,
                    size=read.size, ends=ends, mixed=mixed)  # fmt: skip
    source.root = read.root
    return source


def read_bytes(path: str, shown: str, limit: int | None = None, root: str | None = None) -> Bytes:
    """Read a file's bytes, refused as `read_source` refuses it (outside the board, not a
    regular file, larger than `limit`, by default the largest register read); not decoded."""
    limit = MAX_REGISTER if limit is None else limit
    if root is not None and not paths.inside(root, path):
        raise FileError(shown, 1, 1, paths.OUTSIDE, "outside-link")
    try:
        fd, info = paths.open_regular(path, shown)
        try:
            if info.st_size > limit:
                message = f"{info.st_size:,} bytes, more than ppb reads ({limit:,}); is this the right file?"
                raise FileError(shown, 1, 1, message, "too-large")
            raw = paths.read_at_most(fd, info.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileError(
                shown, 1, 1, "a link to a file that does not exist", "not-a-file"
            ) from None
        raise NotFoundError(f"{shown}: no such file") from None
    except OSError as exc:
        raise PpbError(f"{shown}: cannot read ({exc.strerror})") from None
    return Bytes(path, shown, raw, root)


class OnDisk(Protocol):
    """A file as last read, as much as writing over it needs: where it is, in which board,
    and what it held (its size and digest)."""

    path: str
    shown: str
    root: str | None
    digest: str
    size: int


class Bytes:
    """A file read as bytes alone, not decoded (a write that edits a few of them)."""

    __slots__ = ("path", "shown", "root", "raw", "digest", "size")

    def __init__(self, path: str, shown: str, raw: bytes, root: str | None) -> None:
        self.path, self.shown, self.raw, self.root = path, shown, raw, root
        self.digest, self.size = digest(raw), len(raw)


# What a write puts in a file: its bytes, or parts of them in order (an edit of a large
# file writes the parts around the edit from the bytes read, never joined in memory).
Data = bytes | Sequence[bytes | memoryview]


def digest(data: Data) -> str:
    """A content digest: equal digests mean equal bytes, whatever the size or mtime (of a
    file's bytes, or of the parts it is written from)."""
    if isinstance(data, bytes):
        return blake2b(data, digest_size=20).hexdigest()
    hasher = blake2b(digest_size=20)
    for part in data:
        hasher.update(part)
    return hasher.hexdigest()


ITEM_DIGEST = 16  # bytes of an action's digest, by which caches know its lines


def item_digest(data: bytes) -> bytes:
    """The digest of one action's lines (UTF-8)."""
    return blake2b(data, digest_size=ITEM_DIGEST).digest()


try:  # the builtin module; `hashlib` would load OpenSSL first, a few ms of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b


def write_atomically(path: str, data: Data) -> None:
    """Replace the file (the real file, if `path` is a symlink) in one step, mode kept."""
    target = os.path.realpath(path)
    temp = temp_beside(target, data)
    try:
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(os.path.dirname(target))


def temp_beside(target: str, data: Data) -> str:
    """A temporary file in the target's folder holding `data`, on disk, with the target's mode:
    renaming it over the target is then a complete write."""
    import tempfile

    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    folder, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in (data,) if isinstance(data, bytes) else data:
                out.write(part)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def fsync_folder(folder: str) -> None:
    """Make a rename in the folder durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_output(path: str, data: bytes, shown: str) -> None:
    """Write a document where the user asked (-o PATH): over a regular file (or a new one)
    atomically, its mode kept; to a device or FIFO (/dev/stdout, a pipe) as a stream,
    leaving it what it is; never into a folder."""
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise PpbError(f"cannot write {shown}: {exc.strerror}") from None
    try:
        if info is None or stat.S_ISREG(info.st_mode):
            write_atomically(path, data)
        elif stat.S_ISDIR(info.st_mode):
            raise PpbError(f"{shown} is a folder; name a file to write")
        else:
            flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(path, flags)  # no O_CREAT, no O_TRUNC: it stays what it is
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
    except OSError as exc:
        raise PpbError(f"cannot write {shown}: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace(source: OnDisk, text: str | Data) -> None:
    """Write `text` (or bytes already encoded like `source`) over the file `source` was read
    from, if the file is unchanged since, still inside its board, and not read-only."""
    writable(source)
    if isinstance(text, str):
        assert isinstance(source, Source)  # only a decoded file knows how to encode
        data: Data = source.encode(text)
    else:
        data = text
    try:
        write_atomically(source.path, data)
    except OSError as exc:
        raise PpbError(f"{source.shown}: cannot write ({exc.strerror})") from None


def writable(source: OnDisk) -> None:
    """Refuse (nothing written) unless the file `source` was read from may be written over:
    unchanged since, still inside its board, and not read-only."""
    if source.root is not None and not paths.inside(source.root, source.path):
        raise FileError(source.shown, 1, 1, paths.OUTSIDE, "outside-link")
    if not unchanged(source):
        raise ConflictError(
            f"{source.shown} changed on disk while ppb was working; nothing was written, "
            "run the command again"
        )
    if _read_only(source.path):  # as git and editors would, rather than write over it
        raise PpbError(
            f"{source.shown} is read-only; nothing was written "
            f"(`chmod u+w {source.shown}` lets ppb change it)"
        )


def _read_only(path: str) -> bool:
    """No write permission: by its mode (which root's own access() ignores), or for us."""
    try:
        return not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK)
    except OSError:
        return False  # gone: the write says why


def create(path: str, data: bytes, shown: str) -> None:
    """Write a new file in one step, or refuse if anything at all is at `path`.

    The text goes to a temporary file that is then hard-linked to its name: link()
    never replaces what is there, not even a dangling symlink, and never follows
    one, so a committed `meetings/2014-04-10.yaml -> ~/.bash_profile` stays as it is.
    """
    import tempfile

    folder = os.path.dirname(path) or "."
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PpbError(f"cannot write {shown}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        _link(temp, path, shown)
    except OSError as exc:
        raise PpbError(f"cannot write {shown}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    fsync_folder(folder)


def _link(temp: str, path: str, shown: str) -> None:
    try:
        os.link(temp, path, follow_symlinks=False)
        return
    except FileExistsError:
        what = paths.entry(path) or "a file"
        raise PpbError(
            f"{shown} already exists, as {what}; ppb writes a new file only where there is "
            "nothing (move it away, and run the command again)"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
    # A file system without hard links: claim the name exclusively, then rename over it.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        raise PpbError(f"{shown} already exists; nothing was written") from None
    os.replace(temp, path)


def unchanged(source: OnDisk) -> bool:
    """Whether the file still holds what `source` was read from (by size, then digest)."""
    try:
        fd, info = paths.open_regular(source.path, source.shown)
    except (OSError, FileError):
        return False
    try:
        if info.st_size != source.size:
            return False
        hasher = blake2b(digest_size=20)
        while block := os.read(fd, 1 << 20):
            hasher.update(block)
        return hasher.hexdigest() == source.digest
    finally:
        os.close(fd)


_TEMP = r"\.(.+)\.[a-z0-9_]{8}\.tmp"  # how tempfile names the temporary files of writes


def remove_stale_temps(folder: str, names: str) -> None:
    """Remove the temporary files that killed writers of `names` (a pattern) left behind.

    Only called with the board's lock held: no other ppb is writing, so such a
    file is a leftover, never a write in progress. Only regular files go.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    pattern = re.compile(_TEMP.replace("(.+)", f"(?:{names})"))
    for found in entries:
        if pattern.fullmatch(found.name) and found.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(found.path)


@contextlib.contextmanager
def locked(state_dir: str, shown: str) -> Iterator[None]:
    """Hold the board's write lock (.ppb/lock); another ppb waits, then gives up clearly."""
    import fcntl

    lock = os.path.join(state_dir, "lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        os.makedirs(state_dir, exist_ok=True)
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PpbError(f"cannot lock the board: {shown}/lock is a link; remove it") from None
        raise PpbError(f"cannot lock the board in {shown}: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = paths.kind(info.st_mode)
        raise PpbError(f"cannot lock the board: {shown}/lock is {what}; remove it")
    timeout = float(os.environ.get("PPB_LOCK_TIMEOUT", LOCK_TIMEOUT))
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
        os.close(fd)
