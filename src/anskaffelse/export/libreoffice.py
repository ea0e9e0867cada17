"""LibreOffice, run headless, turns the built Word document into PDF.

LibreOffice opens a Word table of contents as it was saved and does not
renumber it, so a plain `soffice --convert-to pdf` prints the entries without
page numbers. The conversion therefore goes through LibreOffice's UNO API
(`uno_convert.py`, run by the Python that carries LibreOffice's `uno` bridge),
which updates the indexes and fields before exporting. Each conversion runs
with its own user profile in a temporary folder, so parallel builds never
share (or lock) one, and under a time limit.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..diagnostics import UsageError
from ..locale.messages import _

DEFAULT_TIMEOUT = 180.0
"""Seconds a conversion may take; ANSKAFFELSE_PDF_TIMEOUT changes it. A 300-page specification takes about 30."""

Document = Literal["specification", "addendum", "award justification", "survey report", "dialogue report"]
"""The document a conversion makes a PDF of, so that a failure names it (and says how to do without)."""

_SOFFICE_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


@dataclass(frozen=True)
class LibreOffice:
    soffice: Path
    python: Path
    """A Python that can `import uno`."""


def require_libreoffice() -> LibreOffice:
    """The LibreOffice to convert with; `UsageError` naming how to install it when there is none."""
    soffice = _find_soffice()
    if soffice is None:
        raise UsageError(_("PDF output needs LibreOffice, and no 'soffice' was found on PATH; install LibreOffice "
                           "(Debian/Ubuntu: sudo apt install libreoffice-writer python3-uno; Windows and macOS: "
                           "https://www.libreoffice.org/download/) or leave pdf out of the formats"))
    python = _find_uno_python(str(soffice))
    if python is None:
        raise UsageError(_("PDF output needs LibreOffice's Python bridge (uno), which was not found for {soffice}; "
                           "install it (Debian/Ubuntu: sudo apt install python3-uno) or leave pdf out of the "
                           "formats").format(soffice=soffice))
    return LibreOffice(soffice, python)


def _find_soffice() -> Path | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in _soffice_places(os.environ) if p.is_file()), None)


def _soffice_places(environ: os._Environ[str] | dict[str, str]) -> list[Path]:
    """Where LibreOffice's installers put soffice: macOS, then Windows (64- and 32-bit, on any drive)."""
    places = [Path(p) for p in _SOFFICE_PLACES]
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        folder = environ.get(variable)
        if folder:
            places.append(Path(folder) / "LibreOffice" / "program" / "soffice.exe")
    return list(dict.fromkeys(places))


@functools.lru_cache(maxsize=4)
def _find_uno_python(soffice: str) -> Path | None:
    """LibreOffice's bundled Python (Windows, macOS), else a system Python with python3-uno (Linux)."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [program / "python", program / "python.exe", program.parent / "Resources" / "python",
                  Path("/usr/bin/python3")]
    on_path = shutil.which("python3")
    if on_path:
        candidates.append(Path(on_path))
    for python in candidates:
        if python.is_file() and _imports_uno(python):
            return python
    return None


def _imports_uno(python: Path) -> bool:
    try:
        probe = subprocess.run([str(python), "-c", "import uno"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def timeout_seconds() -> float:
    raw = os.environ.get("ANSKAFFELSE_PDF_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise UsageError(_("ANSKAFFELSE_PDF_TIMEOUT is '{value}', not a number of seconds from 1 to 86400; set it "
                           "to e.g. 300, or unset it").format(value=raw[:40]))
    return value


def docx_to_pdf(docx: bytes, office: LibreOffice | None = None, document: Document = "specification") -> bytes:
    """The PDF of a Word document, its table of contents with page numbers; `UsageError` if it fails.

    `document` says which document it is, for the message when LibreOffice fails.
    """
    office = office or require_libreoffice()
    limit = timeout_seconds()
    with tempfile.TemporaryDirectory(prefix="anskaffelse-pdf-", ignore_cleanup_errors=True) as work:
        folder = Path(work)
        source, target = folder / "document.docx", folder / "document.pdf"
        source.write_bytes(docx)
        script = Path(__file__).with_name("uno_convert.py")
        command = [str(office.python), str(script), str(office.soffice), (folder / "profile").as_uri(),
                   f"anskaffelse-{os.getpid()}-{uuid.uuid4().hex}", str(source), str(target)]
        stderr = _run(command, limit)
        if not target.is_file() or target.stat().st_size == 0:
            raise UsageError(_not_converted(document).format(detail=_detail(stderr)[:300]))
        return target.read_bytes()


def _not_converted(document: Document) -> str:
    """The message for a conversion that wrote no PDF, with `{detail}` for LibreOffice's last word."""
    if document == "addendum":
        return _("LibreOffice could not convert the addendum to PDF ({detail}); try again, or leave pdf out of "
                 "--formats and convert the .docx yourself")
    if document == "award justification":
        return _("LibreOffice could not convert the award justification to PDF ({detail}); try again, or give "
                 "--format docx and convert the .docx yourself")
    if document == "survey report":
        return _("LibreOffice could not convert the survey report to PDF ({detail}); try again, or give --no-pdf "
                 "and convert the .docx yourself")
    if document == "dialogue report":
        return _("LibreOffice could not convert the market dialogue report to PDF ({detail}); try again, or give "
                 "--no-pdf and convert the .docx yourself")
    return _("LibreOffice could not convert the specification to PDF ({detail}); try again, or build without pdf "
             "and convert the .docx yourself")


_STOPPED = re.compile(r"RuntimeError: LibreOffice stopped with exit code (-?\d+)")


def _detail(stderr: str) -> str:
    """The converter's last line; its own messages (`uno_convert.py` cannot translate) in the user's language."""
    if not stderr.strip():
        return _("no PDF was written")
    last = stderr.strip().splitlines()[-1]
    stopped = _STOPPED.fullmatch(last)
    if stopped:
        return _("RuntimeError: LibreOffice stopped with exit code {code}").format(code=stopped[1])
    if last == "RuntimeError: LibreOffice could not open the document":
        return _("RuntimeError: LibreOffice could not open the document")
    return last


def _run(command: list[str], limit: float) -> str:
    """Run the converter in its own process group, so a time-out stops LibreOffice too."""
    # Headless LibreOffice needs no display; without one it can never open a dialogue that waits for a click.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONIOENCODING"] = "utf-8"  # the converter's messages, read back as UTF-8 whatever the system's code page
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, encoding="utf-8",
                               errors="replace", env=env, start_new_session=sys.platform != "win32")
    try:
        _stdout, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise UsageError(_("LibreOffice did not finish the PDF within {limit:g} seconds; set ANSKAFFELSE_PDF_TIMEOUT "
                           "to allow more time, or build without pdf").format(limit=limit)) from None
    return stderr or ""


def _kill(process: subprocess.Popen[str]) -> None:
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        # LibreOffice's python.exe and soffice.exe start the real program and wait for it; stopping the
        # one we started would leave the other running. taskkill stops the whole tree.
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run([taskkill(), "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False,
                           timeout=30)
        with contextlib.suppress(OSError):
            process.kill()  # whatever taskkill did, the process we started stops
    process.communicate()


def taskkill() -> str:
    """Windows' taskkill, from the system folder rather than whatever PATH finds first."""
    return str(Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32" / "taskkill.exe")
