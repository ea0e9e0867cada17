"""Writing output files: each file is replaced atomically, the files of a set one after another.

Every file is first written in full to a temporary name in its own target
folder, `.anskaffelse-<target name>.<12 hex digits>.tmp`, and flushed to disk.
Only then is each one moved over its target with a single rename, in the order
of the mapping (a build puts its JSON last), and the folder is flushed so the
renames survive a power cut. A rename within a folder is atomic: a reader of
any one file sees the complete old file or the complete new one, never a
missing or half-written file.

The set is not switched as one step. The renames follow one another within
milliseconds; a build killed in that window, or a rename that fails (the
folder became unwritable), leaves the files already renamed new and the rest
old. Each output of a build carries the specification fingerprint
(`fingerprint` in the JSON, the Word file's Comments property, the workbook's
control sheet), so such a mix shows as fingerprints that differ, as far as
the requirements differ: the cover page is not part of the fingerprint. Two
builds into one folder at the same time each replace whole files; the set may
then mix them.

The temporary files of a failed write are removed at once. Those of a killed
build stay until a later write into the same folder finds them more than an
hour old: only names of the pattern above, regular files of the same user.
The hour is why a build running in parallel never loses its own: it renames
its temporary files within seconds of writing them (on a network folder this
assumes the clocks agree within the hour).

A new file gets the mode the user's umask gives, like any file the user
creates; a replaced file keeps its mode, so a tender kept at 0600 stays
private when it is rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from .locale.messages import _

TEMPORARY_PREFIX = ".anskaffelse-"
STALE_AFTER = 3600.0
"""Seconds after which a temporary file of ours is taken to be left by a killed build."""
_TEMPORARY_NAME = re.compile(r"\.anskaffelse-.+\.[0-9a-f]{12}\.tmp", re.DOTALL)
# Most file systems allow 255 bytes in a name; the prefix and suffix need 30 of them.
_NAME_BYTES = 200


def write_all(files: Mapping[Path, bytes], durable: bool = True) -> None:
    """Write every file to a temporary name beside its target, then rename each into place.

    Raises `OSError` when a file cannot be written; no temporary file is left
    behind, and targets renamed before the failure hold their new content.
    `durable=False` skips waiting for the disk (fsync): for files whose loss in
    a power cut costs nothing, such as the entries of the library cache.
    """
    for target in files:
        if target.is_dir():
            raise IsADirectoryError(21, _("a folder has the name of an output file"), str(target))
    folders = list(dict.fromkeys(target.parent for target in files))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(folder)
    if _WINDOWS:
        for target in files:
            _refuse_if_held(target)
    staged = _stage(files, durable)
    renamed = 0
    try:
        for temporary, target in staged:
            _replace(temporary, target)
            renamed += 1
    finally:
        _remove(temporary for temporary, _ in staged[renamed:])
        if durable:
            _sync_folders(folders)


class InUseError(PermissionError):
    """An output file that exists could not be replaced: on Windows, it is open in another program (or read-only)."""


_WINDOWS = os.name == "nt"


def _refuse_if_held(target: Path) -> None:
    """`InUseError` for an existing target another program holds open (Word, Excel), before anything is renamed.

    On Windows such a file cannot be replaced; finding it first keeps a build's files all new
    or all old. Opening it for writing, without writing, is how to ask.
    """
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return
    except PermissionError as exc:
        if target.is_file():
            raise InUseError(exc.errno, exc.strerror, str(target)) from None
        return
    except OSError:
        return  # anything else shows itself when the file is replaced
    os.close(fd)


_RETRIES = 5
"""On Windows a file just written is often held for a moment by a virus scanner; the rename is tried again."""


def _replace(temporary: Path, target: Path) -> None:
    tries = _RETRIES if _WINDOWS else 1
    for attempt in range(tries):
        try:
            os.replace(temporary, target)
            return
        except PermissionError as exc:
            if attempt + 1 < tries:
                time.sleep(0.2)  # the scanner may hold the temporary file or the target
                continue
            if _WINDOWS and target.exists():
                raise InUseError(exc.errno, exc.strerror, str(target)) from None
            raise


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed write left in `folder` (see the module docstring)."""
    cutoff = time.time() - STALE_AFTER
    user = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _TEMPORARY_NAME.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff
                    and (user is None or info.st_uid == user)):
                os.unlink(entry.path)


def _stage(files: Mapping[Path, bytes], durable: bool = True) -> list[tuple[Path, Path]]:
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            staged.append((_write_temporary(target, content, durable), target))
    except BaseException:
        _remove(temporary for temporary, _ in staged)
        raise
    return staged


def _write_temporary(target: Path, content: bytes, durable: bool = True) -> Path:
    keep = _mode_to_keep(target)
    # A file that is replaced keeps its mode; until then the new content is readable by its
    # owner only, so a 0600 tender is never readable by others, not even for a moment.
    fd, temporary = _create_temporary(target, 0o600 if keep is not None else 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            if keep is not None:
                _set_mode(handle.fileno(), temporary, keep)
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        _remove([temporary])
        raise
    return temporary


def _set_mode(fd: int, path: Path, mode: int) -> None:
    # On the open descriptor where the platform allows it: the name could be swapped for a
    # symlink in a folder others may write to, and chmod would then follow it.
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def _mode_to_keep(target: Path) -> int | None:
    """The permission bits of the regular file at `target`, or None for a new file."""
    try:
        info = os.lstat(target)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) & 0o777 if stat.S_ISREG(info.st_mode) else None


def _create_temporary(target: Path, mode: int) -> tuple[int, Path]:
    # O_EXCL never opens a file someone else put there (or a symlink they planted), and the
    # mode given here is filtered by the umask, which is how a new output gets the user's mode.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    name = _shortened(target.name)
    for _attempt in range(16):
        temporary = target.parent / f"{TEMPORARY_PREFIX}{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(17, _("no free temporary name"), str(target.parent))


def _shortened(name: str) -> str:
    while len(os.fsencode(name)) > _NAME_BYTES:
        name = name[:-1]
    return name


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _sync_folders(folders: Iterable[Path]) -> None:
    # A rename is only durable once the folder's own entries are on disk. Some platforms
    # and file systems cannot open or flush a folder; the files themselves are flushed already.
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
