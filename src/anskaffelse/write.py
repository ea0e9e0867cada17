"""Atomic output: all files of one build appear together, or none do."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary name beside its target, then rename them all.

    An existing file is only ever replaced by a complete new one. If anything
    fails, the temporary files are removed and every target that was already
    replaced gets its old content back, so the folder looks as before.
    """
    for target in files:
        if target.is_dir():
            raise IsADirectoryError(21, "a folder has the name of an output file", str(target))
    staged = _stage(files)
    done: list[tuple[Path, str | None]] = []
    try:
        for tmp, target in staged:
            backup = None
            if target.exists():
                backup = _temporary_name(target, ".old")
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(tmp, target)
    except BaseException:
        _roll_back(done, staged)
        raise
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def _stage(files: Mapping[Path, bytes]) -> list[tuple[str, Path]]:
    staged: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    return staged


def _temporary_name(target: Path, suffix: str) -> str:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    return name


def _roll_back(done: list[tuple[Path, str | None]], staged: list[tuple[str, Path]]) -> None:
    for target, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, target)
            elif target.exists():
                os.unlink(target)
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
