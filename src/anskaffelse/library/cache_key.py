"""The secret key with which the library cache signs its entries.

Whoever can write to the cache folder can write an entry, and the folder is not
always the user's alone: `ANSKAFFELSE_CACHE_DIR` may point at a shared folder,
and a CI cache may be restored from an earlier, untrusted run. A checksum does
not stop such a writer, who recomputes it. So every entry carries an HMAC-SHA256
made with a key kept elsewhere: in the user's state folder
(`$XDG_STATE_HOME/anskaffelse/cache-key`, by default `~/.local/state/anskaffelse/`),
made on first use from 32 random bytes, readable and writable by the user alone.
An entry that does not verify under this key is not used, so no one without the
key can put a text into a tender through the cache. A CI job whose cache outlives
the run gives the key as a secret instead (`ANSKAFFELSE_CACHE_KEY`, 64 hex
digits), never in the cache it restores.

A key file that is not a regular file of 32 bytes, or (outside Windows) is not
the user's own or may be read or written by others, or lies in a state folder
others may write to, is not used, and neither is the cache: every library file
is then read from its YAML, as with `ANSKAFFELSE_NO_CACHE=1`. The same holds
when the state folder cannot be found or written, and for an
`ANSKAFFELSE_CACHE_KEY` that is not 64 hex digits. Removing the key file is
safe: a new one is made, and entries signed with the old one are read again
from YAML and replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path

from ..infile import READ_FLAGS

KEY_BYTES = 32
KEY_NAME = "cache-key"
KEY_ENV = "ANSKAFFELSE_CACHE_KEY"
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
_known: dict[tuple[str, ...], bytes | None] = {}
_PLACES = ("XDG_STATE_HOME", "HOME", "USERPROFILE")
"""What the state folder depends on; the key is looked up once for each set of their values."""


def state_dir() -> Path | None:
    """The user's state folder of the tool (XDG Base Directory); None when there is no home folder to put it in."""
    base = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):  # the specification has relative paths ignored
        try:
            base = str(Path.home() / ".local" / "state")
        except (RuntimeError, KeyError, OSError):  # no HOME and no entry in the password database
            return None
    return Path(base) / "anskaffelse"


def cache_key() -> bytes | None:
    """The key to sign and verify entries with, made on first use; None when there is no sound one."""
    given = os.environ.get(KEY_ENV)
    if given is not None:
        return bytes.fromhex(given) if _HEX_KEY.fullmatch(given) else None
    where = tuple(os.environ.get(name, "") for name in _PLACES)
    if where not in _known:
        _known[where] = _key_in(state_dir())
    return _known[where]


def _key_in(folder: Path | None) -> bytes | None:
    if folder is None:
        return None
    path = folder / KEY_NAME
    key = _read(path) if _sound_folder(folder) else None
    if key is None and not os.path.lexists(path):
        key = _create(path)
    return key


def _sound_folder(folder: Path) -> bool:
    """A state folder that is missing (it will be made) or a real folder only the user may write to."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info, 0o022)


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, READ_FLAGS | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # missing, a symlink (O_NOFOLLOW), or not readable
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES or not _private(info, 0o077):
            return None
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _private(info: os.stat_result, others: int) -> bool:
    """The user's own, with none of the permission bits `others` set."""
    if os.name == "nt":
        return True  # the user's profile folder is private by its access list; modes mean little there
    return info.st_uid == os.geteuid() and not info.st_mode & others


def _create(path: Path) -> bytes | None:
    """A new key at `path`; the key of another process when it made one first; None when none can be kept."""
    if not _sound_folder(path.parent):
        return None
    temporary = path.with_name(f".{KEY_NAME}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            with contextlib.suppress(OSError):
                os.fsync(fd)  # some file systems cannot; the key is written all the same
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
