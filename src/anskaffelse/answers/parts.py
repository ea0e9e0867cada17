"""What an answered workbook holds besides cell values, read from its XML before openpyxl sees it.

Every part of the archive is streamed once through expat, with document types
and entity declarations refused (they are how XML bombs and external entities
work, and SpreadsheetML never needs them). On the way this module learns:

- which sheets the workbook has, their state and the part that holds each;
- for each worksheet (`cells`): the extent its `<dimension>` claims, the
  highest row and column it really uses, and the cells that hold formulas.
  openpyxl trusts the dimension and fills in every row up to it, so a sheet
  that claims 1,048,576 rows, or has one cell in the last row, would cost a
  million empty rows; here it is refused as soon as the number is read; the
  shared texts are bounded in number and length the same way;
- active content: macros (a VBA project or Excel 4 macro sheets), ActiveX
  controls, embedded OLE objects, links to other workbooks and data
  connections. None of it is ever run or followed; it is reported.

Refusals are `xmlstream.Refused`.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from ..locale.messages import _
from ..office_zip import printable_name
from .cells import SheetLimits, SheetPart, scan_shared_strings, scan_sheet
from .xmlstream import Refused, stream_part, xml_parser

MAX_SHEETS = 1_000
"""Sheets in one workbook: an answer workbook has five; a thousand is not a workbook anyone filled in."""
MAX_RELATIONSHIPS = 10_000
"""Relationships in one part: each names another part or an address; more than this is no honest workbook."""


@dataclass(frozen=True)
class ActiveContent:
    kind: str
    """'macros', 'activex', 'ole' or 'external'."""
    part: str
    """The part (or relationship target) that holds it, safe to print."""


@dataclass(frozen=True)
class Inventory:
    sheets: tuple[SheetPart, ...]
    active: tuple[ActiveContent, ...]


# ---------------------------------------------------------------- structural parts


def _elements(archive: zipfile.ZipFile, name: str, wanted: str, limit: int) -> list[dict[str, str]]:
    """The attributes of every `wanted` element of a small structural part (none when it is missing)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return []
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == wanted:
            if len(found) >= limit:
                raise Refused(_("has more than {limit:,} {element} entries in {part}").format(
                    limit=limit, element=wanted, part=printable_name(name)))
            found.append({key.rpartition(" ")[2]: value for key, value in attrs.items()})

    stream_part(archive, info, xml_parser(start))
    return found


# ---------------------------------------------------------------- the workbook's sheets


def _target(source: str, target: str) -> str:
    """A relationship target as a part name: relative to the folder of the part it belongs to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(posixpath.dirname(source))
    return posixpath.normpath(posixpath.join(folder, target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def workbook_part(archive: zipfile.ZipFile) -> str | None:
    """The main part that the package relationships name, None when there is none or it is no workbook
    (a Word document has a main part too)."""
    for rel in _elements(archive, "_rels/.rels", "Relationship", MAX_RELATIONSHIPS):
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
            name = _target("_rels/.rels", rel.get("Target", ""))
            return name if name in archive.NameToInfo and _is_workbook(archive, name) else None
    return None


def _is_workbook(archive: zipfile.ZipFile, name: str) -> bool:
    """The content type of the main part is a workbook's: .xlsx, .xlsm, .xltx and their kin all say 'sheet'."""
    overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
                 for e in _elements(archive, "[Content_Types].xml", "Override", MAX_RELATIONSHIPS)}
    kind = overrides.get(name, "").lower()
    return kind.endswith(".main+xml") and ("spreadsheetml" in kind or "ms-excel" in kind)


def _workbook_targets(archive: zipfile.ZipFile, main: str, kind: str) -> dict[str, str]:
    """Relationship ID -> part, for the workbook's relationships of one kind ('worksheet', 'sharedStrings')."""
    rels_name = _rels_name(main)
    return {rel.get("Id", ""): _target(rels_name, rel.get("Target", ""))
            for rel in _elements(archive, rels_name, "Relationship", MAX_RELATIONSHIPS)
            if rel.get("Type", "").endswith(f"/{kind}") and rel.get("TargetMode") != "External"}


def _sheet_parts(archive: zipfile.ZipFile, main: str) -> list[tuple[str, str, str]]:
    """(name, state, part) of every worksheet, in the workbook's order."""
    targets = _workbook_targets(archive, main, "worksheet")
    sheets = []
    for sheet in _elements(archive, main, "sheet", MAX_SHEETS):
        part = targets.get(sheet.get("id", ""))
        if part is not None and part in archive.NameToInfo:
            sheets.append((sheet.get("name", ""), sheet.get("state", "visible"), part))
    return sheets


# ---------------------------------------------------------------- one worksheet


# ---------------------------------------------------------------- active content

# What each kind looks like: in a part's name, a relationship's type, or a content type.
_PART_MARKS = (("vbaproject.bin", "macros"), ("/macrosheets/", "macros"), ("/activex/", "activex"),
               ("/embeddings/", "ole"), ("/externallinks/", "external"), ("connections.xml", "external"),
               ("/querytables/", "external"))
# A relationship's type is an address whose last segment names what it points to.
_RELATIONSHIP_KINDS = {"vbaproject": "macros", "xlmacrosheet": "macros", "xlintlmacrosheet": "macros",
                       "control": "activex", "activexcontrol": "activex", "activexcontrolbinary": "activex",
                       "oleobject": "ole", "package": "ole", "externallink": "external",
                       "externallinkpath": "external", "connections": "external", "querytable": "external"}
_CONTENT_MARKS = (("macroenabled", "macros"), ("vbaproject", "macros"), ("macrosheet", "macros"),
                  ("activex", "activex"), ("oleobject", "ole"), ("externallink", "external"),
                  ("connections", "external"))


def _marked(text: str, marks: tuple[tuple[str, str], ...]) -> str | None:
    lowered = text.lower()
    return next((kind for mark, kind in marks if mark in lowered), None)


def _relationships(archive: zipfile.ZipFile, name: str) -> Iterator[ActiveContent]:
    for rel in _elements(archive, name, "Relationship", MAX_RELATIONSHIPS):
        last = rel.get("Type", "").rpartition("/")[2].lower()
        kind = _RELATIONSHIP_KINDS.get(last)
        external = rel.get("TargetMode") == "External"
        if kind is None and external and last != "hyperlink":
            kind = "external"  # a picture, template or object fetched from an address when the file opens
        if kind is not None:
            target = rel.get("Target", "")
            yield ActiveContent(kind, printable_name(target if external else _target(name, target)))


def _content_types(archive: zipfile.ZipFile) -> Iterator[ActiveContent]:
    for wanted in ("Override", "Default"):
        for entry in _elements(archive, "[Content_Types].xml", wanted, MAX_RELATIONSHIPS):
            kind = _marked(entry.get("ContentType", ""), _CONTENT_MARKS)
            if kind is not None:
                name = entry.get("PartName") or entry.get("Extension", "")
                yield ActiveContent(kind, printable_name(name.lstrip("/")))


# ---------------------------------------------------------------- the whole archive


def inspect_archive(archive: zipfile.ZipFile, main: str, limits: SheetLimits) -> Inventory:
    """Stream every part once (worksheets, relationships and the rest); `Refused` at the first broken rule."""
    sheets = _sheet_parts(archive, main)
    by_part = {part: (name, state) for name, state, part in sheets}
    shared = set(_workbook_targets(archive, main, "sharedStrings").values())
    budget = [limits.cells]
    scanned: dict[str, SheetPart] = {}
    active: list[ActiveContent] = list(_content_types(archive))
    names = [info.filename for info in archive.infolist()]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        # Two parts of one name: programs disagree on which one counts, so what is checked may not be what is shown.
        raise Refused(_("holds two parts named {part}").format(part=printable_name(twice)))
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename
        if name in by_part:
            scanned[name] = scan_sheet(archive, *by_part[name], name, limits, budget)
            continue
        if name.endswith(".rels"):
            active += _relationships(archive, name)
        elif name in shared:
            scan_shared_strings(archive, name, limits)
        else:
            stream_part(archive, info, None)
        kind = _marked("/" + name, _PART_MARKS)
        if kind is not None:
            active.append(ActiveContent(kind, printable_name(name)))
    # An address outside the file says most about a link, so those come first.
    unique = sorted(dict.fromkeys(active), key=lambda a: "://" not in a.part)
    return Inventory(tuple(scanned[part] for _, _, part in sheets), tuple(unique))
