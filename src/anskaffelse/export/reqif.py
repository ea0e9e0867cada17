"""The specification as ReqIF 1.2, the exchange format of requirements tools (DOORS, Polarion, StrictDoc).

One SPEC-OBJECT per requirement and one per module (the chapter), the modules as the
SPECIFICATION tree with their requirements under them. Every text is given in each
language the export has (the tender's, plus `ExportOptions.translations`), as
attributes named "Tittel (nb)", "Tekst (nn)" and so on; the tender's language also
fills the standard attributes ReqIF.ForeignID, ReqIF.Name, ReqIF.Text and
ReqIF.ChapterName that other tools show by default.

Identifiers are derived from requirement and module IDs and the specification
fingerprint, and LAST-CHANGE from the tender date, so the same specification gives
the same bytes. `anskaffelse.exchange.reqif` reads the attributes back by these names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..epoch import utc
from ..resolved import Specification, SpecModule, SpecRequirement
from . import ExportOptions

REQIF_NS = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
XHTML_NS = "http://www.w3.org/1999/xhtml"

FOREIGN_ID = "ReqIF.ForeignID"
NAME = "ReqIF.Name"
TEXT = "ReqIF.Text"
CHAPTER_NAME = "ReqIF.ChapterName"
MODULE_ID = "Modul"
REQUIREMENT_TYPE = "Krav"
CHAPTER_TYPE = "Kapittel"

OBLIGATIONS = ("minstekrav", "evaluert", "informasjon")
RESPONSE_TYPES = ("ja-nei", "ja-nei-delvis", "beskrivelse", "tall", "valg")
LIST_SEPARATOR = ", "
"""Lists of IDs (service areas, standards, user stories) are one string attribute, comma-separated."""
OPTION_SEPARATOR = "\n"
"""Answer options are texts that may hold commas: one per line."""


def language_name(label: str, lang: str) -> str:
    """The long name of a per-language attribute: 'Tekst (nn)'."""
    return f"{label} ({lang})"


@dataclass(frozen=True)
class _Attribute:
    key: str
    """Part of the definition's IDENTIFIER."""
    long_name: str
    datatype: str
    """'string', 'xhtml', 'integer', 'obligation' or 'response'."""
    value: Callable[[SpecRequirement], str | int]


_SHARED: tuple[_Attribute, ...] = (
    _Attribute("foreign-id", FOREIGN_ID, "string", lambda r: r.id),
    _Attribute("forpliktelse", "Forpliktelse", "obligation", lambda r: r.obligation),
    _Attribute("vekt", "Vekt", "integer", lambda r: r.weight),
    _Attribute("svarform", "Svarform", "response", lambda r: r.response_type),
    _Attribute("kravtype", "Kravtype", "string", lambda r: r.kind),
    _Attribute("omrader", "Tjenesteområder", "string", lambda r: LIST_SEPARATOR.join(r.areas)),
    _Attribute("standarder", "Standarder", "string", lambda r: LIST_SEPARATOR.join(r.standards)),
    _Attribute("historier", "Brukerhistorier", "string", lambda r: LIST_SEPARATOR.join(r.user_stories)),
    _Attribute("underkriterium", "Underkriterium", "string", lambda r: r.subcriterion),
    _Attribute("oppfyllelse", "Oppfyllelse", "string", lambda r: r.fulfilment),
    _Attribute("kontraktsbilag", "Kontraktsbilag", "string", lambda r: r.contract_annex),
)

_PER_LANGUAGE: tuple[tuple[str, str, str, Callable[[SpecRequirement], str]], ...] = (
    ("tittel", "Tittel", "string", lambda r: r.title),
    ("tekst", "Tekst", "xhtml", lambda r: r.text),
    ("enhet", "Enhet", "string", lambda r: r.unit),
    ("svaralternativer", "Svaralternativer", "string", lambda r: OPTION_SEPARATOR.join(r.options)),
    ("frist", "Frist", "string", lambda r: r.fulfilment_by),
)


def export_reqif(spec: Specification, options: ExportOptions) -> bytes:
    versions = _by_language(spec, options.translations)
    stamp = utc(options.epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    builder = _Builder(stamp)
    requirement_attributes = _requirement_attributes(versions)
    chapter_attributes = _chapter_attributes(tuple(versions))
    root = ET.Element("REQ-IF", {"xmlns": REQIF_NS, "xmlns:xhtml": XHTML_NS})
    root.append(_header(spec, stamp))
    content = ET.SubElement(ET.SubElement(root, "CORE-CONTENT"), "REQ-IF-CONTENT")
    content.append(builder.datatypes())
    types = ET.SubElement(content, "SPEC-TYPES")
    types.append(builder.object_type("type-krav", REQUIREMENT_TYPE, requirement_attributes))
    types.append(builder.object_type("type-kapittel", CHAPTER_TYPE, chapter_attributes))
    ET.SubElement(types, "SPECIFICATION-TYPE", builder.stamped("type-spesifikasjon", "Kravspesifikasjon"))
    objects = ET.SubElement(content, "SPEC-OBJECTS")
    for module in spec.modules:
        titles = {lang: _module_title(version, module) for lang, version in versions.items()}
        objects.append(builder.spec_object(_chapter_id(module), "type-kapittel", chapter_attributes,
                                           {"kapittel": titles[spec.language], "modul": module.id}
                                           | {f"tittel-{lang}": title for lang, title in titles.items()}))
        for req in module.requirements:
            objects.append(builder.spec_object(_object_id(req.id), "type-krav", requirement_attributes,
                                               _requirement_values(req, requirement_attributes)))
    ET.SubElement(content, "SPEC-RELATIONS")
    specifications = ET.SubElement(content, "SPECIFICATIONS")
    specifications.append(_specification(spec, builder))
    # Indent before the XHTML goes in: indenting would put whitespace into an empty line of a text.
    ET.indent(root, space=" ")
    builder.fill_xhtml()
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                        xml_declaration=False) + b"\n"


def _by_language(spec: Specification, translations: Iterable[Specification]) -> dict[str, Specification]:
    """The tender's language first, then the others in their own order; one specification each."""
    versions = {spec.language: spec}
    for other in translations:
        versions.setdefault(other.language, other)
    return versions


def _module_title(spec: Specification, module: SpecModule) -> str:
    return next((m.title for m in spec.modules if m.id == module.id), "")


def _chapter_id(module: SpecModule) -> str:
    return f"kapittel-{module.id}"


def _object_id(req_id: str) -> str:
    return f"krav-{req_id}"


def _requirement_attributes(versions: dict[str, Specification]) -> tuple[_Attribute, ...]:
    by_id = {lang: {r.id: r for r in version.requirements()} for lang, version in versions.items()}
    standard = (
        _Attribute("name", NAME, "string", lambda r: r.title),
        _Attribute("text", TEXT, "xhtml", lambda r: r.text),
    )
    translated = tuple(
        _Attribute(f"{key}-{lang}", language_name(label, lang), kind, _translated(by_id[lang], getter))
        for lang in versions for key, label, kind, getter in _PER_LANGUAGE)
    return standard + _SHARED + translated


def _translated(requirements: dict[str, SpecRequirement],
                getter: Callable[[SpecRequirement], str]) -> Callable[[SpecRequirement], str]:
    def value(req: SpecRequirement) -> str:
        other = requirements.get(req.id)
        return getter(other) if other is not None else ""
    return value


def _chapter_attributes(languages: tuple[str, ...]) -> tuple[_Attribute, ...]:
    # Chapter values are given directly (see export_reqif); the getters are never called.
    titles = (_Attribute(f"tittel-{lang}", language_name("Tittel", lang), "string", lambda r: "")
              for lang in languages)
    return (_Attribute("kapittel", CHAPTER_NAME, "string", lambda r: ""),
            _Attribute("modul", MODULE_ID, "string", lambda r: ""), *titles)


def _requirement_values(req: SpecRequirement, attributes: tuple[_Attribute, ...]) -> dict[str, str | int]:
    return {a.key: a.value(req) for a in attributes}


def _header(spec: Specification, stamp: str) -> ET.Element:
    header = ET.Element("THE-HEADER")
    inner = ET.SubElement(header, "REQ-IF-HEADER", {"IDENTIFIER": f"reqif-{spec.fingerprint[:32]}"})
    ET.SubElement(inner, "COMMENT").text = (f"{spec.library_name} {spec.library_version}; "
                                            f"SHA-256 {spec.fingerprint}")
    ET.SubElement(inner, "CREATION-TIME").text = stamp
    ET.SubElement(inner, "REPOSITORY-ID").text = spec.library_id
    ET.SubElement(inner, "REQ-IF-TOOL-ID").text = "anskaffelse"
    ET.SubElement(inner, "REQ-IF-VERSION").text = "1.0"
    ET.SubElement(inner, "SOURCE-TOOL-ID").text = "anskaffelse"
    ET.SubElement(inner, "TITLE").text = spec.tender.title
    return header


def _specification(spec: Specification, builder: _Builder) -> ET.Element:
    element = ET.Element("SPECIFICATION", builder.stamped(f"spesifikasjon-{spec.fingerprint[:32]}",
                                                          spec.tender.title))
    _ref(element, "TYPE", "SPECIFICATION-TYPE-REF", "type-spesifikasjon")
    children = ET.SubElement(element, "CHILDREN")
    for module in spec.modules:
        chapter = ET.SubElement(children, "SPEC-HIERARCHY", builder.stamped(f"node-{module.id}"))
        _ref(chapter, "OBJECT", "SPEC-OBJECT-REF", _chapter_id(module))
        if module.requirements:
            under = ET.SubElement(chapter, "CHILDREN")
            for req in module.requirements:
                node = ET.SubElement(under, "SPEC-HIERARCHY", builder.stamped(f"node-{module.id}-{req.id}"))
                _ref(node, "OBJECT", "SPEC-OBJECT-REF", _object_id(req.id))
    return element


def _ref(parent: ET.Element, wrapper: str, tag: str, target: str) -> None:
    ET.SubElement(ET.SubElement(parent, wrapper), tag).text = target


_DATATYPES = {"string": "DATATYPE-DEFINITION-STRING", "xhtml": "DATATYPE-DEFINITION-XHTML",
              "integer": "DATATYPE-DEFINITION-INTEGER", "obligation": "DATATYPE-DEFINITION-ENUMERATION",
              "response": "DATATYPE-DEFINITION-ENUMERATION"}
_KINDS = {"string": "STRING", "xhtml": "XHTML", "integer": "INTEGER", "obligation": "ENUMERATION",
          "response": "ENUMERATION"}
_ENUMS = {"obligation": OBLIGATIONS, "response": RESPONSE_TYPES}
_ENUM_NAMES = {"obligation": "Forpliktelse", "response": "Svarform"}


def _definition_id(type_id: str, key: str) -> str:
    return f"ad-{type_id.removeprefix('type-')}-{key}"


class _Builder:
    """Elements that all carry the same LAST-CHANGE."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp
        self.xhtml: list[tuple[ET.Element, str]] = []

    def fill_xhtml(self) -> None:
        for holder, text in self.xhtml:
            holder.append(_xhtml(text))

    def stamped(self, identifier: str, long_name: str = "") -> dict[str, str]:
        attributes = {"IDENTIFIER": identifier, "LAST-CHANGE": self.stamp}
        if long_name:
            attributes["LONG-NAME"] = long_name
        return attributes

    def datatypes(self) -> ET.Element:
        element = ET.Element("DATATYPES")
        ET.SubElement(element, "DATATYPE-DEFINITION-STRING",
                      self.stamped("dt-string", "Tekst") | {"MAX-LENGTH": "100000"})
        ET.SubElement(element, "DATATYPE-DEFINITION-XHTML", self.stamped("dt-xhtml", "Formatert tekst"))
        ET.SubElement(element, "DATATYPE-DEFINITION-INTEGER",
                      self.stamped("dt-integer", "Heltall") | {"MAX": "100", "MIN": "0"})
        for kind, values in _ENUMS.items():
            enum = ET.SubElement(element, "DATATYPE-DEFINITION-ENUMERATION",
                                 self.stamped(f"dt-{kind}", _ENUM_NAMES[kind]))
            specified = ET.SubElement(enum, "SPECIFIED-VALUES")
            for key, value in enumerate(values):
                item = ET.SubElement(specified, "ENUM-VALUE", self.stamped(f"ev-{kind}-{value}", value))
                ET.SubElement(ET.SubElement(item, "PROPERTIES"), "EMBEDDED-VALUE",
                              {"KEY": str(key), "OTHER-CONTENT": value})
        return element

    def object_type(self, identifier: str, long_name: str, attributes: tuple[_Attribute, ...]) -> ET.Element:
        element = ET.Element("SPEC-OBJECT-TYPE", self.stamped(identifier, long_name))
        definitions = ET.SubElement(element, "SPEC-ATTRIBUTES")
        for attribute in attributes:
            kind = _KINDS[attribute.datatype]
            extra = {"MULTI-VALUED": "false"} if kind == "ENUMERATION" else {}
            definition = ET.SubElement(definitions, f"ATTRIBUTE-DEFINITION-{kind}",
                                       self.stamped(_definition_id(identifier, attribute.key),
                                                    attribute.long_name) | extra)
            _ref(definition, "TYPE", f"{_DATATYPES[attribute.datatype]}-REF", f"dt-{attribute.datatype}")
        return element

    def spec_object(self, identifier: str, type_id: str, attributes: tuple[_Attribute, ...],
                    values: Mapping[str, str | int]) -> ET.Element:
        element = ET.Element("SPEC-OBJECT", self.stamped(identifier))
        holder = ET.SubElement(element, "VALUES")
        for attribute in attributes:
            value = values.get(attribute.key, "")
            if value == "":
                continue  # ReqIF leaves an empty attribute out
            holder.append(self.value(attribute, _definition_id(type_id, attribute.key), value))
        _ref(element, "TYPE", "SPEC-OBJECT-TYPE-REF", type_id)
        return element


    def value(self, attribute: _Attribute, definition: str, value: str | int) -> ET.Element:
        kind = _KINDS[attribute.datatype]
        element = ET.Element(f"ATTRIBUTE-VALUE-{kind}")
        if kind in ("STRING", "INTEGER"):
            element.set("THE-VALUE", str(value))
        _ref(element, "DEFINITION", f"ATTRIBUTE-DEFINITION-{kind}-REF", definition)
        if kind == "XHTML":
            self.xhtml.append((ET.SubElement(element, "THE-VALUE"), str(value)))
        elif kind == "ENUMERATION":
            _ref(element, "VALUES", "ENUM-VALUE-REF", f"ev-{attribute.datatype}-{value}")
        return element


def _xhtml(text: str) -> ET.Element:
    """A text as one XHTML div; its line breaks become <br/> so the text reads back exactly."""
    div = ET.Element("xhtml:div")
    lines = text.split("\n")
    div.text = lines[0]
    for line in lines[1:]:
        ET.SubElement(div, "xhtml:br").tail = line
    return div
