"""The one way to read an input file: profiles, library files, templates, cache entries, workbooks.

Whatever path a user or a file names (`extends: /dev/zero`, a FIFO, a symlink
to a device), reading it must neither block nor exhaust memory. So the file is
opened without blocking, checked on the open descriptor to be a regular file
(a symlink is followed first, then its target is checked), and read with a
bounded read: at most `limit + 1` bytes, whatever `stat` claims.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import InputError, display_path, error

_CHUNK = 1 << 20


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The content of a regular file of at most `limit` bytes; `InputError` otherwise.

    `what` names the file in messages ("profile", "template", ...).
    """
    shown = display_path(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError([error("Y004", f"{what} not found: {shown}", "Check the path and the spelling.",
                                 file=shown)]) from None
    except IsADirectoryError:
        raise _not_a_file(what, shown, "a folder") from None
    except OSError as exc:
        raise InputError([error("Y004", f"cannot read {what} {shown}: {exc.strerror or exc}",
                                 "Check that the file exists and that you may read it.", file=shown)]) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _not_a_file(what, shown, "a folder")
        if not stat.S_ISREG(mode):
            raise _not_a_file(what, shown, "a device, pipe or socket")
        return _bounded_read(fd, limit, what, shown)
    finally:
        os.close(fd)


def is_regular_file(path: Path) -> bool:
    """True for a regular file (after following symlinks); never blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _bounded_read(fd: int, limit: int, what: str, shown: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        except BlockingIOError:
            # A regular file never blocks; this is a special file that passed fstat by a race.
            raise _not_a_file(what, shown, "a device, pipe or socket") from None
        except OSError as exc:
            raise InputError([error("Y004", f"cannot read {what} {shown}: {exc.strerror or exc}",
                                     file=shown)]) from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError([error(
                "Y005", f"{what} is larger than the limit of {_size(limit)}",
                "Split the content into smaller files, or check that this is the right file.", file=shown)])


def _not_a_file(what: str, shown: str, kind: str) -> InputError:
    return InputError([error(
        "Y009", f"{what} {shown} is {kind}, not a regular file",
        "Name an ordinary file here.", file=shown)])


def _size(limit: int) -> str:
    return f"{limit / 1e6:.0f} MB" if limit >= 1_000_000 else f"{limit:,} bytes".replace(",", " ")
