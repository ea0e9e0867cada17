"""The buyer's own Word template, read as untrusted input.

A template may come from anyone in a purchasing collaboration, so it passes
one door before python-docx sees it:

1. the file is read with a bounded read (`infile.read_bytes`);
2. the zip directory is checked before anything is unpacked: the number of
   parts, each part's and the total unpacked size, and how tightly each part
   is packed;
3. a new package is put together from the parts that the main document
   reaches through relationships, each read with a bounded read; entries
   that nothing refers to are never unpacked;
4. macros, ActiveX controls, OLE objects and links that Word follows by
   itself are left out; `validate` and `build` warn about them.

`check_template` is what `validate` runs; `open_template` gives the exporter
a python-docx Document made from the clean package.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..locale.messages import _
from ..office_zip import ZipLimits, ZipRefused, open_archive, printable_name, read_part
from .parts import (
    DOCUMENT_TYPE,
    R_NS,
    ContentTypes,
    Relationship,
    parse_part,
    read_relationships,
    relationships_part,
    relationships_xml,
    resave,
    resolve_target,
    unusable,
    without_active_fields,
    without_references,
)

MAX_TEMPLATE_BYTES = 50_000_000
"""The file itself: a letterhead template is well under 1 MB; 50 MB leaves room for pictures."""
MAX_PARTS = 1_000
"""Word writes a few dozen parts; thousands only slow the zip reader down."""
MAX_PART_BYTES = 50_000_000
"""One part unpacked: pictures are stored almost as they are, so a real part stays below the file
limit; a styles or document part this large is not a template."""
MAX_TOTAL_BYTES = 100_000_000
"""All parts unpacked: python-docx holds two or three copies of the package while building."""
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000
"""XML packs about 5–20 to 1 and pictures hardly at all; a part above 1 MB packed tighter than
100 to 1 is a zip bomb (a gigabyte of blanks packs 1,000 to 1)."""
_LIMITS = ZipLimits(MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_FROM_BYTES)
MAX_RELATIONSHIPS = 10_000
"""Relationships in all parts together; a template has some dozens."""

_MS_R = "http://schemas.microsoft.com/office/2006/relationships"
_OFFICE_DOCUMENT = f"{R_NS}/officeDocument"
_HYPERLINK = f"{R_NS}/hyperlink"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

# Relationship types whose target Word runs, or hands to another program (the kinds are named in `_kind`).
_ACTIVE_RELATIONSHIPS = {
    f"{_MS_R}/vbaProject": "macros",
    f"{_MS_R}/wordVbaData": "macros",
    f"{_MS_R}/keyMapCustomizations": "macro-keys",
    f"{R_NS}/control": "activex",
    f"{_MS_R}/activeXControlBinary": "activex",
    f"{R_NS}/oleObject": "ole-embedded",
}
# The same found by content type or part name, whatever the relationship calls it.
_ACTIVE_NAMES = {
    "vbaproject": "macros", "vbadata": "macros", "keymapcustomizations": "macro-keys",
    "activex": "activex", "oleobject": "ole-embedded", "macroenabled": "macro-file",
}
# OLE compound files (vbaProject.bin, OLE embeddings, old .doc and .xls files) start with these bytes.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Word fetches these targets by itself when the document opens: a remote template is the classic
# way to bring macros into a .docx, and a remote picture tells the sender who opened the file.
# Any other outside link is dropped too. A hyperlink is only followed when the reader clicks it,
# so hyperlinks (a municipality's web address in the footer) stay.
_EXTERNAL_KINDS = {
    f"{R_NS}/attachedTemplate": "outside-template",
    f"{R_NS}/image": "outside-picture",
    f"{R_NS}/oleObject": "ole-linked",
    f"{R_NS}/subDocument": "outside-subdocument",
    f"{R_NS}/frame": "outside-frame",
    f"{R_NS}/mailMergeSource": "mail-merge",
    f"{R_NS}/mailMergeHeaderSource": "mail-merge",
    f"{R_NS}/recipientData": "mail-merge",
}


def _kind(kind: str) -> str:
    """What a left-out part or link is, in words ('macros', 'an ActiveX control')."""
    return {
        "macros": _("macros"),
        "macro-keys": _("macro key bindings"),
        "activex": _("an ActiveX control"),
        "ole-embedded": _("an embedded OLE object"),
        "macro-file": _("an embedded file with macros"),
        "outside-template": _("a link to an outside template"),
        "outside-picture": _("a picture fetched from an outside address"),
        "ole-linked": _("a linked OLE object"),
        "outside-subdocument": _("a subdocument fetched from an outside address"),
        "outside-frame": _("a frame fetched from an outside address"),
        "mail-merge": _("a mail-merge data source"),
    }.get(kind) or _("a link to an outside address")

def _too_big() -> str:
    return _("A Word template is a few megabytes at most: check that this is the right file, "
             "or open it in Word, compress its pictures and save it again.")


@dataclass(frozen=True)
class Template:
    package: bytes
    """A .docx package of the parts the document uses, without active content."""
    left_out: tuple[str, ...]
    """What was left out, one phrase each ("macros (word/vbaProject.bin)")."""


def check_template(path: Path) -> tuple[str, ...]:
    """What a build would leave out of the template; `InputError` when it cannot serve as one."""
    template = read_template(path)
    document = _open(path, template)
    try:
        document.styles["Normal"]
    except Exception as exc:  # python-docx raises many kinds for a broken styles part
        raise unusable(path, _unreadable(exc), resave()) from None
    return template.left_out


def open_template(path: Path) -> Any:
    """The template as a python-docx Document made from its clean package; `InputError` otherwise."""
    return _open(path, read_template(path))


def read_template(path: Path) -> Template:
    """The template's clean package; `InputError` (P018, or the reader's Y codes) when it cannot serve."""
    from ..infile import read_bytes

    data = read_bytes(path, MAX_TEMPLATE_BYTES, _("Word template"))
    try:
        archive = open_archive(data, _LIMITS)
    except ZipRefused as refused:
        raise unusable(path, refused.problem, _too_big()) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise unusable(path, _("is not a .docx file"), _("Save the template in Word as .docx or .dotx.")) from None
    with archive:
        try:
            return _Package(archive, path).clean()
        except ZipRefused as refused:
            raise unusable(path, refused.problem, resave()) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            # RuntimeError: an encrypted entry; NotImplementedError: a compression zipfile lacks.
            raise unusable(path, _unreadable(exc), resave()) from None


def _open(path: Path, template: Template) -> Any:
    from docx import Document

    try:
        document = Document(io.BytesIO(template.package))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise unusable(path, _unreadable(exc), resave()) from None
    if document.element.body is None:
        raise unusable(path, _("has no document body"), resave())
    return document


class _Package:
    """The walk through the template's relationships, from the package to every part it reaches."""

    def __init__(self, archive: zipfile.ZipFile, path: Path) -> None:
        self.archive = archive
        self.path = path
        self.names = set(archive.namelist())
        self.types = ContentTypes.parse(self._xml("[Content_Types].xml"))
        self.parts: dict[str, bytes] = {}
        self.rels: dict[str, bytes] = {}
        self.refused: dict[str, str] = {}
        self.left_out: list[str] = []
        self.relationships = 0

    def clean(self) -> Template:
        main = self._main_part()
        queue, seen = [""], {""}
        while queue:
            for target in self._follow(queue.pop(0)):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        missing = [name for name in self.parts if not self.types.of(name)]
        if missing:
            raise unusable(self.path, _("is damaged: part {part} has no content type").format(
                part=printable_name(missing[0])), resave())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("[Content_Types].xml", self.types.xml(self.parts, main))
            for name, data in (self.rels | self.parts).items():
                archive.writestr(name, data)
        return Template(buffer.getvalue(), tuple(dict.fromkeys(self.left_out)))

    def _main_part(self) -> str:
        """The part the package relationships name as the office document (OOXML fixes no name)."""
        rels = []
        if "_rels/.rels" in self.names:
            rels = read_relationships(self._read("_rels/.rels"), "_rels/.rels", self.path)
        main = next((resolve_target("", r.target) for r in rels if r.type == _OFFICE_DOCUMENT and not r.external), "")
        if not main:
            raise unusable(self.path, _("is not a Word document: it names no main document part"), resave())
        if main not in self.names:
            raise unusable(self.path, _("is damaged: its main document part {part} is missing").format(
                part=printable_name(main)), resave())
        content_type = self.types.of(main)
        if content_type not in (DOCUMENT_TYPE, _TEMPLATE_TYPE):
            shown_type = printable_name(content_type)
            problem = (_("is not a Word document or template (its main part is of type {type})").format(
                           type=shown_type) if shown_type else
                       _("is not a Word document or template (its main part is of type unknown)"))
            raise unusable(self.path, problem, _("Save it in Word as .docx or .dotx; macro-enabled .docm and .dotm "
                                                 "files are not used."))
        return main

    def _follow(self, source: str) -> list[str]:
        """The parts `source` relates to; active and outside ones are dropped from its relationships."""
        rels_name = relationships_part(source)
        if rels_name not in self.names:
            return []
        data = self._read(rels_name)
        kept, dropped, targets = [], set(), []
        for rel in read_relationships(data, rels_name, self.path):
            reason = self._refusal(source, rel)
            if reason:
                self.left_out.append(reason)
                dropped.add(rel.id)
                continue
            kept.append(rel)
            if not rel.external:
                targets.append(resolve_target(source, rel.target))
        self.rels[rels_name] = relationships_xml(kept) if dropped else data
        if dropped and source in self.parts:
            self.parts[source] = without_references(self.parts[source], dropped, source, self.path)
        return targets

    def _refusal(self, source: str, rel: Relationship) -> str:
        """Why the relationship is left out, or '' to keep it; reads the target part when kept."""
        self.relationships += 1
        if self.relationships > MAX_RELATIONSHIPS:
            raise unusable(self.path, _("has more than {limit} relationships").format(limit=MAX_RELATIONSHIPS),
                           _too_big())
        if rel.external:
            if rel.type == _HYPERLINK:
                return ""
            return f"{_kind(_EXTERNAL_KINDS.get(rel.type, ''))} ({printable_name(rel.target)})"
        name = resolve_target(source, rel.target)
        if rel.type in _ACTIVE_RELATIONSHIPS:
            return f"{_kind(_ACTIVE_RELATIONSHIPS[rel.type])} ({printable_name(name)})"
        if name not in self.parts and name not in self.refused:
            if name not in self.names:
                raise unusable(self.path, _("is damaged: it refers to {part}, which is not in the file").format(
                    part=printable_name(name)), resave())
            self._admit(name)
        return self.refused.get(name, "")

    def _admit(self, name: str) -> None:
        """Read a part into the package, or note why it stays out."""
        data = self._read(name)
        probe = f"{self.types.of(name)} {name}".lower()
        kind = next((k for key, k in _ACTIVE_NAMES.items() if key in probe), "")
        if not kind and data.startswith(_OLE_SIGNATURE):
            kind = "ole-embedded"
        if kind:
            self.refused[name] = f"{_kind(kind)} ({printable_name(name)})"
            return
        if "wordprocessingml" in probe and b"instr" in data:
            data, fields = without_active_fields(data, name, self.path)
            if fields:
                self.left_out.append(_("{count} field(s) that fetch outside content or start a program "
                                       "({part})").format(count=fields, part=printable_name(name)))
        self.parts[name] = data

    def _read(self, name: str) -> bytes:
        return read_part(self.archive, name, _LIMITS)

    def _xml(self, name: str) -> Element:
        if name not in self.names:
            raise unusable(self.path, _("is not a Word document: it has no {part}").format(part=name), resave())
        return parse_part(self._read(name), name, self.path)


def _unreadable(exc: Exception) -> str:
    return _("cannot be read as a Word document ({error})").format(error=type(exc).__name__)

