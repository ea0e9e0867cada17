"""The two sides of a comparison: each a profile (YAML) or a built JSON specification.

The suffix decides (.json, .yaml/.yml); a file with another suffix is a JSON
specification when it starts with '{' and a profile otherwise. Workbooks, Word
files, PDFs and folders are refused before anything is read, as a usage error
that says what to give instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..diagnostics import UsageError, display_path
from ..export.json_read import MAX_SPECIFICATION_BYTES
from ..infile import file_kind, kind_text, read_bytes
from ..locale.messages import _
from ..profile import MergedProfile

PROFILE = "profile"
SPECIFICATION = "specification"

def input_kind(path: Path) -> str:
    """PROFILE or SPECIFICATION; `UsageError` for a missing file, a folder or a file of another kind."""
    shown = display_path(path)
    if path.is_dir():
        raise UsageError(_("{path} is a folder; give a profile (.yaml) or a specification that 'anskaffelse build' "
                           "wrote (…-spesifikasjon.json)").format(path=shown))
    if not path.exists():
        raise UsageError(_("file not found: {path}").format(path=shown))
    kind = file_kind(path)
    if kind is not None:
        raise UsageError(_("{path} is {kind}, not a profile or a specification; give a profile (.yaml) or a "
                           "specification that 'anskaffelse build' wrote (…-spesifikasjon.json)").format(
            path=shown, kind=kind_text(kind)))
    suffix = path.suffix.lower()
    if suffix == ".json":
        return SPECIFICATION
    if suffix in (".yaml", ".yml"):
        return PROFILE
    head = read_bytes(path, MAX_SPECIFICATION_BYTES, _("file"))[:1024]
    return SPECIFICATION if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else PROFILE


def output_stem(path: Path, kind: str) -> str:
    """The name a tender's files carry: the profile's stem, or the JSON's without '-spesifikasjon'."""
    stem = path.stem
    if kind == SPECIFICATION and stem.endswith("-spesifikasjon"):
        stem = stem.removesuffix("-spesifikasjon")
    return stem or "anskaffelse"


def tender_position(path: Path, merged: MergedProfile | None, key: str) -> dict[str, Any]:
    """Where `tender.<key>` is written: its line in the profile (or the profile that sets it), or the
    first occurrence of the key in a JSON specification."""
    if merged is not None:
        value = merged.tender.get(key)
        if value is not None:
            return value[1].where()
        return merged.chain[-1].where(("tender",))
    shown = display_path(path)
    text = read_bytes(path, MAX_SPECIFICATION_BYTES, _("specification")).decode("utf-8", "replace")
    found = re.search(rf'"{re.escape(key)}"\s*:\s*', text)
    if found is None:
        return {"file": shown}
    start = found.end()
    return {"file": shown, "line": text.count("\n", 0, start) + 1, "column": start - text.rfind("\n", 0, start)}
