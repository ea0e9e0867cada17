"""Writing the site folder in one step, and never over files the catalogue did not write.

The pages are written into a fresh temporary folder next to the target; when all
are there, the target (if any) is moved aside, the new folder takes its name, and
the old one is removed. A marker file in the folder lists every file written, so
a later build replaces the folder only when it holds nothing else.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..diagnostics import UsageError, display_path
from ..locale.messages import _, ngettext

MARKER = ".anskaffelse-site"
"""Lists the files of a site folder, one relative path a line; its presence says we wrote the folder."""


def check_target(out: Path) -> None:
    """`UsageError` unless `out` is missing, empty, or a site folder holding only the files we wrote."""
    if not out.exists():
        return
    shown = display_path(out)
    if not out.is_dir():
        raise UsageError(_("{folder} is a file, not a folder; choose a folder for the site with -o").format(
            folder=shown))
    present = _files(out)
    if not present and not any(out.iterdir()):
        return
    marker = out / MARKER
    if not marker.is_file():
        raise UsageError(_("{folder} is not empty and was not written by 'anskaffelse site'; choose a new or empty "
                           "folder with -o (nothing was written)").format(folder=shown))
    ours = set(marker.read_text(encoding="utf-8").splitlines()) | {MARKER}
    foreign = sorted(present - ours)
    if foreign:
        raise UsageError(ngettext(
            "{folder} holds {count} file(s) that 'anskaffelse site' did not write, such as {file}; move them out of "
            "the folder or choose another one with -o (nothing was written)",
            "{folder} holds {count} file(s) that 'anskaffelse site' did not write, such as {file}; move them out of "
            "the folder or choose another one with -o (nothing was written)",
            len(foreign)).format(folder=shown, count=len(foreign), file=foreign[0]))


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder next to `out` to build in; removed again if the build fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = _new_folder(out.parent, f".{out.name}.anskaffelse-site")
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder in `parent`, with the permissions a folder made there gets.

    Not `tempfile.mkdtemp`: on Windows (Python 3.11.10 and later) that folder is readable by its
    maker and administrators only, and a site published by renaming it would keep that.
    """
    for _attempt in range(16):
        folder = parent / f"{prefix}.{secrets.token_hex(6)}.tmp"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(17, _("no free temporary name"), str(parent))


def publish(folder: Path, out: Path) -> None:
    """Write the marker, then put `folder` in the place of `out` (checked again just before)."""
    files = sorted(_files(folder))
    (folder / MARKER).write_bytes("".join(f"{f}\n" for f in files).encode("utf-8"))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
    check_target(out)
    old = None
    if out.exists():
        old = _new_folder(out.parent, f".{out.name}.anskaffelse-site-old")
        os.rename(out, old / "site")
    try:
        os.rename(folder, out)
    except OSError:
        if old is not None:
            os.rename(old / "site", out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
