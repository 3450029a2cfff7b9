"""A content-addressed cache of the parsed register, kept in .ppb/ (out of git), and untrusted.

An entry is keyed by the digest of the file's bytes, never by its size or
modification time, so a hand edit is always seen; and by the digest of the
code that parsed it, so a new version of ppb never trusts an old entry. It also keeps a digest of
each action's lines, so that after an edit only the actions that changed are
parsed again. marshal is the fastest way Python has to load plain data.

Anything can be in .ppb/ (a repository can ship one), so the cache is read as
untrusted: only a regular file, opened without following links or waiting on
a FIFO, no larger than a register's entry can be, is read at all; its bytes
must carry a keyed digest (BLAKE2b) made with this board's own key before
marshal sees them, so a forged entry (an action unrestricted, a summary
changed) is never used, nor a hostile one that makes marshal allocate
gigabytes; and what loads must have the shape and types ppb wrote. The key,
in .ppb/key, is bound to the very file ppb created for it (its device, inode
and change time), so a key copied from elsewhere, or shipped with a forged
cache, keys nothing. A cache that fails any of this is rebuilt, silently.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Callable
from itertools import chain
from operator import itemgetter
from typing import Any

from ppb.errors import FileError
from ppb.normalise import STATUSES
from ppb.record import HISTORY, OWNERS, SEE, STATUS
from ppb.store import paths

FORMAT = 2
NAME = "register.cache"
MEETINGS = "meetings.cache"  # what listings need of each meeting file, by its digest
KEY = "key"
MAGIC = b"ppb-cache\x00" + bytes([FORMAT])
_MAC = 32  # bytes of keyed digest after the magic
_SECRET = 32
MAX_SIZE = 1 << 30  # bytes; the caller also bounds an entry by its register's size
_code_digest: str | None = None


def code_digest() -> str:
    """The digest of ppb's own code: every module of the package, found on disk.

    An entry is only good for the code that wrote it, and any module may come
    to decide what a register reads as, so every module counts: a new, renamed
    or changed one means a new digest. Modules are known by name, size and
    modification time, as Python's own bytecode cache knows its sources (reading
    them all would cost a millisecond on every command)."""
    global _code_digest
    if _code_digest is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        _code_digest = digest_of(package)
    return _code_digest


def digest_of(package: str) -> str:
    """The digest of every .py file under `package`: names, sizes and modification times."""
    from ppb.store.files import digest

    parts = [str(FORMAT)]
    folders = [("", package)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{prefix}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.is_dir() and not entry.name.startswith((".", "__")):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
    return digest("\0".join(parts).encode())


def read(
    state_dir: str,
    most: int = MAX_SIZE,
    name: str = NAME,
    shape: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any] | None:
    """The cached entry, or None if there is none, or it is old, or not what ppb wrote.

    `most` bounds the bytes read (an entry is never much larger than its register).
    `name` and `shape` (what a valid entry is) are the register's unless given: the
    meetings' facts are kept the same way (MEETINGS, `valid_facts`)."""
    key = _key(state_dir)
    if key is None:
        return None
    data = _read_regular(os.path.join(state_dir, name), most)
    if data is None or not data.startswith(MAGIC):
        return None
    body = memoryview(data)[len(MAGIC) :]
    mac, payload = bytes(body[:_MAC]), body[_MAC:]
    if not _equal(mac, _mac(key, payload)):
        return None  # forged, corrupt, or keyed by another board's key
    try:
        entry = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != code_digest():
        return None
    return entry if (shape or valid)(entry) else None


def write(state_dir: str, entry: dict[str, Any], name: str = NAME) -> None:
    """Store the entry atomically; a failure (read-only board, full disk) is not an error."""
    import tempfile

    entry = {**entry, "format": code_digest()}
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(state_dir, exist_ok=True)
        key = _key(state_dir) or _new_key(state_dir)
        if key is None:
            return
        payload = marshal.dumps(entry)
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=state_dir)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC)
                out.write(_mac(key, payload))
                out.write(payload)
            os.replace(temp, os.path.join(state_dir, name))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


# The key


def _key(state_dir: str) -> bytes | None:
    """This board's key: the secret in .ppb/key with the identity of the file holding it."""
    path = os.path.join(state_dir, KEY)
    try:
        fd, info = paths.open_regular(path, KEY, follow=False)
    except (OSError, FileError):
        return None
    try:
        secret = os.read(fd, _SECRET + 1) if info.st_size == _SECRET else b""
    finally:
        os.close(fd)
    if len(secret) != _SECRET:
        return None
    identity = f"{info.st_dev}:{info.st_ino}:{info.st_ctime_ns}".encode()
    return _blake2b(secret + identity, digest_size=32).digest()


def _new_key(state_dir: str) -> bytes | None:
    """A new secret in .ppb/key, in place of whatever was there; its key, or None."""
    import tempfile

    path = os.path.join(state_dir, KEY)
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        os.unlink(path)  # not a key ppb can use (a FIFO, a link, the wrong size)
    fd, temp = tempfile.mkstemp(prefix=f".{KEY}.", suffix=".tmp", dir=state_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(_SECRET))
        with contextlib.suppress(FileExistsError):  # another ppb made one first: use it
            os.link(temp, path, follow_symlinks=False)
    finally:
        os.unlink(temp)
    return _key(state_dir)


def _mac(key: bytes, payload: Any) -> bytes:
    return _blake2b(payload, key=key, digest_size=_MAC).digest()


def _equal(a: bytes, b: bytes) -> bool:
    """In constant time (hmac's own would load OpenSSL: milliseconds of every command)."""
    from _operator import _compare_digest

    return bool(_compare_digest(a, b))


def _read_regular(path: str, most: int) -> bytes | None:
    try:
        fd, info = paths.open_regular(path, NAME, follow=False)
    except (OSError, FileError):
        return None
    try:
        if info.st_size > most:
            return None
        return paths.read_at_most(fd, info.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)


try:  # the builtin module; `hashlib` would load OpenSSL first, a few ms of start-up
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b as _blake2b


# The shape of an entry

Kinds = frozenset[type]
_TEXT: Kinds = frozenset({str})
_MAYBE: Kinds = frozenset({str, type(None)})
_TUPLE: Kinds = frozenset({tuple})
_ENTRY: dict[str, Kinds] = {
    "digest": _TEXT, "prefix": _TEXT, "board": frozenset({dict}), "people": frozenset({dict}),
    "rows": frozenset({list}), "digests": frozenset({list, type(None)}), "outside": _MAYBE,
    "format": _TEXT,
}  # fmt: skip
# The types of a row's columns, in the order of record.FIELDS (id … history).
_COLUMNS: tuple[Kinds, ...] = (
    _TEXT, _TEXT, _TUPLE, _TEXT, _MAYBE, _MAYBE, _MAYBE, _MAYBE, _TUPLE,
    frozenset({bool, type(None)}), _MAYBE, _TUPLE, _MAYBE,
)  # fmt: skip
_PROGRESS: tuple[Kinds, ...] = (
    _TEXT, _MAYBE, _TEXT, _MAYBE, frozenset({tuple, type(None)}), _MAYBE
)  # fmt: skip
_BYTES: Kinds = frozenset({bytes})
_STATUSES = frozenset(STATUSES)


def valid(entry: dict[str, Any]) -> bool:
    """Whether an entry has every key, each value of the type ppb wrote, in every row.

    Rows are told apart by the types of their fields, and each kind of row is
    checked once: a hundred thousand rows cost tens of milliseconds."""
    if set(entry) != set(_ENTRY) or any(type(entry[k]) not in t for k, t in _ENTRY.items()):
        return False
    rows, digests = entry["rows"], entry["digests"]
    if digests is not None and (len(digests) != len(rows) or not _types(digests, _BYTES)):
        return False
    return valid_head(entry["board"], entry["people"]) and valid_rows(rows)


def valid_head(board: dict[str, Any], people: dict[str, Any]) -> bool:
    """Whether a board and its people are of the types ppb writes in an entry."""
    return _plain(board) and _people(people)


def valid_rows(rows: list[Any]) -> bool:
    """Whether every row is of the types ppb writes, column by column (`record.FIELDS`)."""
    if not _columns(rows, _COLUMNS):
        return False
    if not set(map(itemgetter(STATUS), rows)) <= _STATUSES:
        return False
    words = chain.from_iterable(chain(map(itemgetter(OWNERS), rows), map(itemgetter(SEE), rows)))
    if not _types(words, _TEXT):  # owners and see
        return False
    history = list(chain.from_iterable(map(itemgetter(HISTORY), rows)))
    if not _columns(history, _PROGRESS):
        return False
    reassigned = chain.from_iterable(filter(None, map(itemgetter(4), history)))  # owners
    return _types(reassigned, _TEXT)


def _columns(rows: list[Any], columns: tuple[Kinds, ...]) -> bool:
    """Whether every row is a plain tuple of these columns' types: checked a column at a
    time (transposed by zip, typed by map: a loop in C, not in Python)."""
    if not _types(rows, _TUPLE) or set(map(len, rows)) - {len(columns)}:
        return False
    transposed = zip(*rows, strict=True)  # lengths checked above; none at all for no rows
    return all(_types(c, kinds) for c, kinds in zip(transposed, columns, strict=False))


def _types(values: Any, kinds: Kinds) -> bool:
    return set(map(type, values)) <= kinds


def _plain(mapping: dict[Any, Any]) -> bool:
    """Text keys, and text or nothing as values (a board's languages: a list of text; its
    show_carried: true or false)."""
    rest = {k: v for k, v in mapping.items() if k not in ("languages", "show_carried")}
    languages = mapping.get("languages", [])
    if not isinstance(languages, list) or not _types(languages, _TEXT):
        return False
    if type(mapping.get("show_carried", False)) is not bool:
        return False
    return _types(rest, _TEXT) and _types(rest.values(), _MAYBE)


def _people(people: dict[Any, Any]) -> bool:
    if not _types(people, _TEXT) or not _types(people.values(), frozenset({dict})):
        return False
    for person in people.values():
        aliases, holders = person.get("aliases", []), person.get("holders", [])
        if set(person) - {"name", "role", "aliases", "email", "holders"}:
            return False
        if type(aliases) is not list or not _types(aliases, _TEXT):
            return False
        if not _types((person.get("name"), person.get("role"), person.get("email")), _MAYBE):
            return False
        if type(holders) is not list or not all(_holder(h) for h in holders):
            return False
    return True


def _holder(holder: Any) -> bool:
    """One dated holder of a post: a name, and the dates it began and ended (or nothing)."""
    return (
        type(holder) is dict
        and set(holder) <= {"name", "start", "end"}
        and type(holder.get("name")) is str
        and all(type(holder.get(k)) in (str, type(None)) for k in ("start", "end"))
    )


# The meetings' facts: by each file's digest and the board's prefix, what `meeting list`
# and `decisions` show of it (see `meetings.facts`)

_FACTS: tuple[Kinds, ...] = (_TEXT, _MAYBE, _MAYBE, frozenset({int}), frozenset({int}), _TUPLE)
_DECISION: tuple[Kinds, ...] = (_TEXT, _TEXT, frozenset({bool}), _MAYBE, frozenset({bool}))


def valid_facts(entry: dict[str, Any]) -> bool:
    """Whether a meetings entry is {"format", "facts": {key: facts}} with every fact of the
    type ppb wrote (date, time, venue, items, matters arising, decisions)."""
    facts = entry.get("facts")
    if set(entry) != {"format", "facts"} or type(facts) is not dict:
        return False
    if not _types(facts, _TEXT) or not _columns(list(facts.values()), _FACTS):
        return False
    decisions = list(chain.from_iterable(f[5] for f in facts.values()))
    return _columns(decisions, _DECISION)
