"""The secret key with which the library cache signs its entries.

Whoever can write to the cache folder can write an entry, and the folder is not
always the user's alone: `ANSKAFFELSE_CACHE_DIR` may point at a shared folder,
and a CI cache may be restored from an earlier, untrusted run. A checksum does
not stop such a writer, who recomputes it. So every entry carries an HMAC-SHA256
made with a key kept elsewhere: in the user's state folder
(`$XDG_STATE_HOME/anskaffelse/cache-key`, by default `~/.local/state/anskaffelse/`),
made on first use from 32 random bytes, readable and writable by the user alone.
An entry that does not verify under this key is not used, so no one without the
key can put a text into a tender through the cache.

A key file that is not a regular file of 32 bytes, or (outside Windows) is not
the user's own or may be read or written by others, is not used, and neither is
the cache: every library file is then read from its YAML, as with
`ANSKAFFELSE_NO_CACHE=1`. The same holds when the state folder cannot be
written. Removing the key file is safe: a new one is made, and entries signed
with the old one are read again from YAML and replaced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32
KEY_NAME = "cache-key"
_known: dict[Path, bytes | None] = {}


def state_dir() -> Path:
    """The user's state folder of the tool (XDG Base Directory)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "anskaffelse"


def cache_key() -> bytes | None:
    """The key to sign and verify entries with, made on first use; None when there is no sound one."""
    path = state_dir() / KEY_NAME
    if path not in _known:
        key = _read(path)
        if key is None and not os.path.lexists(path):
            key = _create(path)
        _known[path] = key
    return _known[path]


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError:
        return None  # missing, a symlink (O_NOFOLLOW), or not readable
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES or not _private(info):
            return None
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _private(info: os.stat_result) -> bool:
    if os.name == "nt":
        return True  # the user's profile folder is private by its access list; modes mean little there
    return info.st_uid == os.geteuid() and not info.st_mode & 0o077


def _create(path: Path) -> bytes | None:
    """A new key at `path`; the key of another process when it made one first; None when none can be kept."""
    temporary = path.with_name(f".{KEY_NAME}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            # A link never replaces a key another process made meanwhile: both then use that one.
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:
            if not os.path.lexists(path):
                os.replace(temporary, path)  # a file system without hard links
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return _read(path)
