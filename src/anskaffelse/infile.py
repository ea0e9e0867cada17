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

from .diagnostics import InputError, display_path, error, os_reason
from .locale.messages import _

_CHUNK = 1 << 20
# Windows has neither O_NONBLOCK (nor FIFOs to need it) nor O_CLOEXEC, and opens in text mode
# (line ends translated, Ctrl-Z read as the end) unless told O_BINARY.
READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


def read_bytes(path: Path, limit: int, what: str = "file") -> bytes:
    """The content of a regular file of at most `limit` bytes; `InputError` otherwise.

    `what` names the file in messages ("profile", "template", ...), in the user's language.
    """
    # The name as shown is made only for a message: resolving it costs system calls.
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        shown = display_path(path)
        raise InputError([error("Y004", _("{what} not found: {file}").format(what=what, file=shown),
                                 _("Check the path and the spelling."), file=shown)]) from None
    except IsADirectoryError:
        raise _not_a_file(what, path, folder=True) from None
    except OSError as exc:
        if os.path.isdir(path):  # Windows refuses to open a folder with "Permission denied"
            raise _not_a_file(what, path, folder=True) from None
        shown = display_path(path)
        raise InputError([error("Y004", _("cannot read {what} {file}: {reason}").format(
            what=what, file=shown, reason=os_reason(exc)),
            _("Check that the file exists and that you may read it."), file=shown)]) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _not_a_file(what, path, folder=True)
        if not stat.S_ISREG(mode):
            raise _not_a_file(what, path, folder=False)
        return _bounded_read(fd, limit, what, path)
    finally:
        os.close(fd)


def is_regular_file(path: Path) -> bool:
    """True for a regular file (after following symlinks); never blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _bounded_read(fd: int, limit: int, what: str, path: Path) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        except BlockingIOError:
            # A regular file never blocks; this is a special file that passed fstat by a race.
            raise _not_a_file(what, path, folder=False) from None
        except OSError as exc:
            shown = display_path(path)
            raise InputError([error("Y004", _("cannot read {what} {file}: {reason}").format(
                what=what, file=shown, reason=os_reason(exc)), file=shown)]) from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError([error(
                "Y005", _("{what} is larger than the limit of {size}").format(what=what, size=_size(limit)),
                _("Split the content into smaller files, or check that this is the right file."),
                file=display_path(path))])


def _not_a_file(what: str, path: Path, folder: bool) -> InputError:
    shown = display_path(path)
    message = (_("{what} {file} is a folder, not a regular file") if folder
               else _("{what} {file} is a device, pipe or socket, not a regular file"))
    return InputError([error("Y009", message.format(what=what, file=shown), _("Name an ordinary file here."),
                             file=shown)])


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return _("{count} MB").format(count=f"{limit / 1e6:.0f}")
    return _("{count} bytes").format(count=f"{limit:,}".replace(",", " "))


_HEAD = 1 << 16
# Office files are zip archives whose first entries name the application's folder; reading
# the names in the first 64 KB tells the kinds apart without unpacking anything.
_ZIP_KINDS = ((b"xl/", "an Excel workbook"), (b"word/", "a Word document"),
              (b"ppt/", "a PowerPoint presentation"),
              (b"opendocument.spreadsheet", "a LibreOffice Calc spreadsheet"),
              (b"opendocument.text", "a LibreOffice Writer document"))


def binary_kind(head: bytes) -> str | None:
    """What a file is, from its first bytes, when it is clearly not a text file; None for text.

    The answer is English and fixed ("an Excel workbook"), for code to compare; `kind_text` gives it in
    the user's language for a message."""
    if head.startswith(b"PK\x03\x04"):
        return next((kind for marker, kind in _ZIP_KINDS if marker in head), "a zip archive")
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an old-style Office file (.xls or .doc)"
    return None


def kind_text(kind: str) -> str:
    """A kind from `binary_kind` in the user's language, to put in a message: "{file} is {kind}, ..."."""
    texts = {
        "an Excel workbook": _("an Excel workbook"),
        "a Word document": _("a Word document"),
        "a PowerPoint presentation": _("a PowerPoint presentation"),
        "a LibreOffice Calc spreadsheet": _("a LibreOffice Calc spreadsheet"),
        "a LibreOffice Writer document": _("a LibreOffice Writer document"),
        "a zip archive": _("a zip archive"),
        "a PDF document": _("a PDF document"),
        "an old-style Office file (.xls or .doc)": _("an old-style Office file (.xls or .doc)"),
    }
    return texts.get(kind, kind)


def file_kind(path: Path) -> str | None:
    """`binary_kind` of a regular file, or None when it cannot be read (the reader reports that)."""
    if not is_regular_file(path):
        return None
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        return binary_kind(os.read(fd, _HEAD))
    except OSError:
        return None
    finally:
        os.close(fd)


def not_yaml_hint(kind: str, reader: str = "anskaffelse") -> str:
    """What to give instead of a binary file, in words for the person who gave it."""
    hint = _("{command} reads profiles and library files written in YAML (.yaml) and library folders; "
             "give the profile instead, e.g. kommune.yaml.").format(command=reader)
    if kind == "an Excel workbook":
        return hint + " " + _("The workbook is something a build writes, not something it reads.")
    if kind == "a Word document":
        return hint + " " + _("To build with your own Word styles, name the document under 'template:' in the "
                              "profile.")
    return hint
