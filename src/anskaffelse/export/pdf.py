"""The requirement specification as PDF, with page numbers in the table of contents.

The Word document is built as for `docx`, without the note that asks Word to
fill in the page numbers (LibreOffice fills them in here), and converted by
LibreOffice (see `libreoffice.py`). The PDF is not byte-identical from one
build to the next: LibreOffice stamps its own creation time and document ID.
"""

from __future__ import annotations

import dataclasses

from ..resolved import Specification
from . import ExportOptions


def export_pdf(spec: Specification, options: ExportOptions) -> bytes:
    from .docx import export_docx
    from .libreoffice import docx_to_pdf

    printed = export_docx(spec, dataclasses.replace(options, for_print=True))
    return docx_to_pdf(printed)
