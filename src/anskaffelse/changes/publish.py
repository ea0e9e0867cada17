"""What an addendum publishes, and what must hold before it may.

An addendum corrects one tender: the new version must carry the same case
reference as the old one (D001) and change something a supplier answers or is
evaluated against (D002). It is published with the new answer sheet and the
new JSON specification, so that suppliers answer the corrected requirements
and the fingerprints of all three agree. A new version that keeps the old
version number (D003) or is dated before the old one (D004) is allowed, but
suppliers could not tell the two apart, so it is a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..export import SUFFIXES, ExportOptions, exporter
from ..locale.messages import _
from ..resolved import Specification
from .model import EDITION_FIELDS, SpecificationDiff

ADDENDUM_FORMATS = ("docx", "xlsx", "json", "pdf")
"""docx and pdf: the addendum itself; xlsx and json: the new version's answer sheet and specification."""


def addendum_formats(formats: Iterable[str] | None) -> tuple[str, ...]:
    """The formats without repeats; None: docx, xlsx and json, and pdf when LibreOffice is installed.
    `UsageError` for an unknown format, or pdf asked for without LibreOffice."""
    from ..diagnostics import UsageError
    from ..export.libreoffice import require_libreoffice, timeout_seconds

    if formats is None:
        try:
            require_libreoffice()
        except UsageError:
            return ADDENDUM_FORMATS[:3]
        timeout_seconds()
        return ADDENDUM_FORMATS
    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in ADDENDUM_FORMATS]
    if unknown or not chosen:
        message = (_("unknown format '{format}'; choose from {formats}") if unknown
                   else _("no format given; choose from {formats}"))
        raise UsageError(message.format(format=unknown[0] if unknown else "", formats=", ".join(ADDENDUM_FORMATS)))
    if "pdf" in chosen:
        timeout_seconds()
        require_libreoffice()
    return chosen


def addendum_name(stem: str, number: int, fmt: str) -> str:
    if fmt in ("docx", "pdf"):
        return f"{stem}-rettelse-{number}.{fmt}"
    return f"{stem}-{SUFFIXES[fmt]}"


def addendum_problems(old: Specification, new: Specification, diff: SpecificationDiff,
                      where: dict[str, dict[str, Any]], old_file: str) -> list[Diagnostic]:
    """Errors that stop the addendum and warnings that do not; `where` holds the positions of the new
    version's tender fields 'reference', 'version' and 'date'."""
    if old.tender.reference != new.tender.reference:
        return [error("D001", _("the new version is another tender: its case reference is '{new}', {file} has "
                                "'{old}'").format(new=new.tender.reference, file=old_file, old=old.tender.reference),
                      _("An addendum corrects one tender: compare two versions of the same tender (the same "
                        "tender.reference), oldest first."), **where["reference"])]
    if not diff.substantive:
        only = sorted(c.field for c in diff.tender if c.field in EDITION_FIELDS)
        return [error("D002", _nothing_changed(only).format(file=old_file),
                      _("Change the profile first (or give the two versions in the right order); an addendum "
                        "lists what changed and nothing else."), **where["reference"])]
    found = []
    if old.tender.version == new.tender.version:
        found.append(warning("D003", _("the new version has the same version number as {file} ({version})").format(
                                 file=old_file, version=new.tender.version),
                             _("Set tender.version (e.g. 1.1) so that suppliers can tell the two versions apart."),
                             **where["version"]))
    if new.tender.date < old.tender.date:
        found.append(warning("D004", _("the new version is dated {new}, before {file} ({old})").format(
                                 new=new.tender.date, file=old_file, old=old.tender.date),
                             _("Set tender.date to the day the addendum is published."), **where["date"]))
    return found


def _nothing_changed(fields: list[str]) -> str:
    """D002's message: nothing changed, or only the version's date or number (which only mark an edition)."""
    if fields == ["date", "version"]:
        return _("nothing changed from {file} but the date and version, so there is nothing to correct")
    if fields == ["date"]:
        return _("nothing changed from {file} but the date, so there is nothing to correct")
    if fields == ["version"]:
        return _("nothing changed from {file} but the version, so there is nothing to correct")
    return _("nothing changed from {file}, so there is nothing to correct")


def addendum_files(old: Specification, new: Specification, diff: SpecificationDiff, number: int,
                   out_dir: Path, stem: str, formats: Iterable[str], options: ExportOptions) -> dict[Path, bytes]:
    """The bytes of each file to write, by path."""
    from .addendum import export_addendum

    files: dict[Path, bytes] = {}
    for fmt in formats:
        target = out_dir / addendum_name(stem, number, fmt)
        if fmt == "docx":
            files[target] = export_addendum(old, new, diff, number, options)
        elif fmt == "pdf":
            from ..export.libreoffice import docx_to_pdf

            files[target] = docx_to_pdf(export_addendum(old, new, diff, number,
                                                        dataclasses.replace(options, for_print=True)))
        else:
            files[target] = exporter(fmt)(new, options)
    return files
