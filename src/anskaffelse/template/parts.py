"""The XML of a Word package, read and rewritten for `template`: relationships, content types, parts.

Every part is parsed with defusedxml first (no DTDs, no entities, no outside
references); what cannot be read is a P018 finding about the template.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..diagnostics import InputError, display_path, error
from ..locale.messages import _
from ..office_zip import printable_name
from ..xmlescape import quoteattr

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def resave() -> str:
    return _("Open it in Word and save it again as .docx or .dotx.")


def unusable(path: Path, problem: str, hint: str) -> InputError:
    """P018; `problem` completes the sentence 'Word template <file> ...'."""
    shown = display_path(path)
    return InputError([error("P018", _("Word template {path} {problem}").format(path=shown, problem=problem), hint,
                             file=shown)])


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool


@dataclass(frozen=True)
class ContentTypes:
    defaults: dict[str, str]
    overrides: dict[str, str]

    @classmethod
    def parse(cls, root: Element) -> ContentTypes:
        defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                    for d in root.iter(f"{{{TYPES_NS}}}Default")}
        overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "")
                     for o in root.iter(f"{{{TYPES_NS}}}Override")}
        return cls(defaults, overrides)

    def of(self, name: str) -> str:
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        return self.overrides.get(name.lower()) or self.defaults.get(extension, "")

    def xml(self, names: dict[str, bytes], main: str) -> bytes:
        """Content types for the kept parts; a template's main part becomes a document's, which is
        all that tells a .dotx from a .docx (python-docx refuses the template type)."""
        entries = [f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(ct)}/>"
                   for ext, ct in self.defaults.items()]
        for name in names:
            content_type = DOCUMENT_TYPE if name == main else self.of(name)
            entries.append(f"<Override PartName={quoteattr('/' + name)} ContentType={quoteattr(content_type)}/>")
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Types xmlns="{TYPES_NS}">{"".join(entries)}</Types>').encode()


def read_relationships(data: bytes, name: str, path: Path) -> list[Relationship]:
    root = parse_part(data, name, path)
    return [Relationship(r.get("Id", ""), r.get("Type", ""), r.get("Target", ""),
                          r.get("TargetMode") == "External")
            for r in root.iter(f"{{{RELS_NS}}}Relationship")]


def relationships_xml(rels: list[Relationship]) -> bytes:
    external = ' TargetMode="External"'
    entries = "".join(
        f"<Relationship Id={quoteattr(r.id)} Type={quoteattr(r.type)} Target={quoteattr(r.target)}"
        f"{external if r.external else ''}/>" for r in rels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{RELS_NS}">{entries}</Relationships>').encode()


def relationships_part(source: str) -> str:
    """Where the relationships of a part live: `word/_rels/document.xml.rels` for `word/document.xml`."""
    if not source:
        return "_rels/.rels"
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve_target(source: str, target: str) -> str:
    """The zip name a relationship target points at, resolved as python-docx does: relative to the
    source part's folder, or from the package root when it starts with '/'."""
    base = "/" + posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def parse_part(data: bytes, name: str, path: Path) -> Element:
    """Parse a part of the package with defusedxml: no DTDs, no entities, no outside references."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError) as exc:
        problem = (_("is damaged: {part} cannot be read (it declares a DTD or entities)")
                   if isinstance(exc, DefusedXmlException) else
                   _("is damaged: {part} cannot be read (it is not well-formed)"))
        raise unusable(path, problem.format(part=printable_name(name)), resave()) from None


def without_references(data: bytes, ids: set[str], name: str, path: Path) -> bytes:
    """The part without the elements that name a relationship that was left out.

    Word calls a file damaged when an element names a relationship its part lacks, so an element
    whose relationship is gone (an attached template, a linked picture, an OLE object) goes with it.
    """
    from lxml import etree

    parse_part(data, name, path)  # defusedxml first: no DTD, no entities
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        raise unusable(path, _("is damaged: {part} cannot be read").format(part=printable_name(name)),
                       resave()) from None
    for element in list(root.iter(etree.Element)):
        if not any(k.startswith(f"{{{R_NS}}}") and v in ids for k, v in element.attrib.items()):
            continue
        doomed = element.getparent() if element.tag in _GOES_WITH_PARENT else element
        parent = None if doomed is None else doomed.getparent()
        if parent is not None:
            parent.remove(doomed)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# A mail-merge data source is removed with the whole mail-merge set-up, which Word would
# otherwise try to connect to when the document opens.
_GOES_WITH_PARENT = (f"{{{W_NS}}}dataSource", f"{{{W_NS}}}headerSource")


# Fields that make Word read a file or an address, or start another program, when it updates
# them; a built specification asks Word to update its fields (for the table of contents).
_ACTIVE_FIELD = re.compile(r"\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|DDEAUTO|DDE|LINK|IMPORT|DATABASE)\b",
                           re.IGNORECASE)


def without_active_fields(data: bytes, name: str, path: Path) -> tuple[bytes, int]:
    """The part with active fields removed (simple ones) or emptied (complex ones), and their number."""
    from lxml import etree

    parse_part(data, name, path)  # defusedxml first: no DTD, no entities
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    w = f"{{{W_NS}}}"
    count = 0
    for field in list(root.iter(f"{w}fldSimple")):
        if _ACTIVE_FIELD.match(field.get(f"{w}instr", "")) and field.getparent() is not None:
            field.getparent().remove(field)
            count += 1
    # A complex field's instruction may be split over several runs between its begin and separate marks.
    open_fields: list[list[Any]] = []
    for element in root.iter(f"{w}fldChar", f"{w}instrText"):
        if element.tag == f"{w}instrText":
            if open_fields:
                open_fields[-1].append(element)
            continue
        kind = element.get(f"{w}fldCharType")
        if kind == "begin":
            open_fields.append([])
        elif kind in ("separate", "end") and open_fields:
            parts = open_fields.pop() if kind == "end" else open_fields[-1]
            if _ACTIVE_FIELD.match("".join(t.text or "" for t in parts)):
                for text in parts:
                    text.text = ""
                count += 1
            parts.clear()
    if not count:
        return data, 0
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)), count
