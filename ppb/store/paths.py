"""Where a path really leads, and what is there: the board's own files, opened safely.

A board comes from a git repository, and a repository can hold anything: a
symlink to `~/.bash_profile` named as a meeting, a FIFO named as the cache, a
link to /dev/zero. ppb reads and writes only regular files that are inside the
board once every link is followed (links within the board are followed), opens
them so that a FIFO or a device can neither block nor stream forever
(O_NONBLOCK, then fstat), and reads no more than the file's real size.
"""

from __future__ import annotations

import os
import stat

from ppb.errors import FileError

OUTSIDE = "a link that leads outside the board; ppb reads and writes only the board's own files"
_KINDS = {
    stat.S_IFREG: "a file",
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a link",
}


def inside(root: str, path: str) -> bool:
    """Whether `path`, every link followed, is `root` or lies within it."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def kind(mode: int) -> str:
    """What an entry is, in words: a FIFO, a folder, a device …"""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def entry(path: str, root: str | None = None) -> str | None:
    """None if `path` is a regular file, or a link to one (inside `root`, if given); else
    what it is instead. The folder it is in is the caller's to vouch for."""
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    if stat.S_ISREG(info.st_mode):
        return None
    if not stat.S_ISLNK(info.st_mode):
        return kind(info.st_mode)
    if root is not None and not inside(root, path):
        return "a link that leads outside the board"
    try:
        target = os.stat(path)
    except OSError:
        return "a link to nothing"
    return None if stat.S_ISREG(target.st_mode) else f"a link to {kind(target.st_mode)}"


def open_regular(path: str, shown: str, *, follow: bool = True) -> tuple[int, os.stat_result]:
    """A descriptor open for reading, and its stat, if `path` is a regular file.

    FileError (not-a-file) for anything else; OSError as open raises it (no such
    file, no permission; ELOOP for a link when not to `follow` links)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= os.O_NOFOLLOW
    fd = os.open(path, flags)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError(shown, 1, 1, f"{kind(info.st_mode)}, not a file", "not-a-file")
    return fd, info


def read_at_most(fd: int, size: int) -> bytes:
    """Up to `size` bytes from the descriptor: a file growing meanwhile is read as it was."""
    parts = []
    left = size
    while left > 0:
        part = os.read(fd, min(left, 1 << 24))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
