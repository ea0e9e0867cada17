"""Word to PDF with a filled-in table of contents, run by LibreOffice's own Python.

    python3 uno_convert.py SOFFICE PROFILE_URL PIPE SOURCE.docx TARGET.pdf

This file is not imported by the package: `libreoffice.py` runs it with the
Python that carries LibreOffice's `uno` bridge (the `python3-uno` package on
Debian and Ubuntu, `program/python` in the Windows and macOS installs). It
starts a headless LibreOffice with its own user profile, loads the document,
updates every index (LibreOffice imports a Word table of contents as it was
saved, without page numbers) and the fields, and exports PDF. Exit code 0 on
success, 3 with a message on stderr otherwise.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from typing import Any

CONNECT_SECONDS = 60.0


def main(argv: list[str]) -> int:
    soffice, profile_url, pipe, source, target = argv
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        desktop = _connect(office, pipe)
        _convert(desktop, source, target)
        return 0
    except Exception as exc:  # any UNO failure ends up as one line for the caller
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 3
    finally:
        _stop(office, desktop)


def _connect(office: subprocess.Popen[bytes], pipe: str) -> Any:
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None:
                raise RuntimeError(f"LibreOffice stopped with exit code {office.returncode}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _convert(desktop: Any, source: str, target: str) -> None:
    import uno

    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                            (_property("Hidden", True),))
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        document.getTextFields().refresh()
        indexes = document.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        # An index can move the pages after it; page fields follow.
        document.getTextFields().refresh()
        document.storeToURL(uno.systemPathToFileUrl(target), (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)


def _property(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _stop(office: subprocess.Popen[bytes], desktop: Any) -> None:
    if desktop is not None:
        with contextlib.suppress(Exception):  # the bridge closes as LibreOffice quits
            desktop.terminate()
    try:
        office.wait(30)
    except subprocess.TimeoutExpired:
        if sys.platform == "win32":  # soffice.exe waits for soffice.bin, which kill() would leave running
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                system = os.environ.get("SYSTEMROOT", r"C:\Windows")
                subprocess.run([os.path.join(system, "System32", "taskkill.exe"), "/F", "/T", "/PID", str(office.pid)],
                               capture_output=True, check=False, timeout=30)
        office.kill()
        office.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
