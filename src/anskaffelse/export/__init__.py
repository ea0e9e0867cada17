"""Exporters: each turns a `Specification` into the bytes of one file.

A plain mapping from format name to function (see `EXPORTERS`); the API writes
the bytes atomically. Exporters import their document libraries lazily so the
command line starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..resolved import Specification


@dataclass(frozen=True)
class ExportOptions:
    template: Path | None = None
    """The buyer's own Word template (docx only)."""
    epoch: int = 0
    """Seconds since 1970 used for timestamps inside the files."""
    for_print: bool = False
    """The Word document is for conversion to PDF: no note asking Word to fill in the page numbers."""


Exporter = Callable[[Specification, ExportOptions], bytes]

SUFFIXES = {"docx": "kravspesifikasjon.docx", "xlsx": "svarskjema.xlsx", "json": "spesifikasjon.json",
            "pdf": "kravspesifikasjon.pdf", "testplan": "godkjenningsprove.docx", "demo": "demonstrasjon.docx"}
COMPANIONS = {"testplan": (("testplan-xlsx", "godkjenningsprove.xlsx"),)}
"""Formats that write more than one file: the further (exporter, suffix) pairs.

The acceptance test protocol comes with a workbook in which the outcomes are recorded."""
NEEDS_LIBREOFFICE = frozenset({"pdf"})
"""Formats built only on request: they need LibreOffice and take seconds."""


def exporter(name: str) -> Exporter:
    if name == "docx":
        from .docx import export_docx

        return export_docx
    if name == "xlsx":
        from .xlsx import export_xlsx

        return export_xlsx
    if name == "json":
        from .json import export_json

        return export_json
    if name == "pdf":
        from .pdf import export_pdf

        return export_pdf
    if name == "testplan":
        from .docx_testplan import export_testplan_docx

        return export_testplan_docx
    if name == "testplan-xlsx":
        from .xlsx_testplan import export_testplan_xlsx

        return export_testplan_xlsx
    if name == "demo":
        from .docx_demo import export_demo_docx

        return export_demo_docx
    raise KeyError(name)
