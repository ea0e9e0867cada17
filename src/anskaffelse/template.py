"""The buyer's own Word template: open it the same way for checking and for building."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_template(path: Path) -> Any:
    """The template as a python-docx Document.

    A Word template (.dotx) differs from a document only in the content type
    of its main part, which python-docx refuses; it is read as the document
    Word would create from it.
    """
    from docx import Document

    data = path.read_bytes()
    return Document(io.BytesIO(_as_document(data)))


def template_problem(path: Path) -> str:
    """Why the file cannot serve as a template, or '' when it can."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            return "is larger than 50 MB"
        document = open_template(path)
        document.styles["Normal"]
    except Exception as exc:  # python-docx and zipfile raise many kinds for a broken file
        return f"cannot be read as a Word document ({type(exc).__name__})"
    return ""


def _as_document(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_TYPE not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                target.writestr(info, content)
        return out.getvalue()
