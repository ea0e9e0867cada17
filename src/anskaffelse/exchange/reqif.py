"""A ReqIF specification as a module of the library format (`schemas/module.json`).

Attributes are matched by their long names. Files this tool wrote carry every field
under the names of `export/reqif.py` and read back exactly; for files from other tools
the standard names fill what they can: ReqIF.ForeignID (else the object's IDENTIFIER)
the ID, ReqIF.Name the title, ReqIF.Text the text, ReqIF.ChapterName a heading. What
a foreign file cannot say (obligation, answer form, kind, service areas) gets a
default, and a warning names it so that the buyer reviews it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, error, warning
from ..export.reqif import (
    CHAPTER_NAME,
    FOREIGN_ID,
    LIST_SEPARATOR,
    MODULE_ID,
    NAME,
    OBLIGATIONS,
    OPTION_SEPARATOR,
    REQIF_NS,
    RESPONSE_TYPES,
    TEXT,
    XHTML_NS,
)
from ..locale.messages import _
from .safe_xml import XmlDocument, read_xml

LANGUAGES = ("nb", "nn", "en")
_LANGUAGE_NAME = re.compile(r"^(.+) \((nb|nn|en)\)$")
_REQUIREMENT_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                     "ul", "ol", "table"})
DEFAULTS = {"title": "", "obligation": "'minstekrav'", "kind": "'funksjonell'", "response": "'ja-nei'",
            "areas": "'alle'"}
"""What a requirement gets when the file does not say; each use is reported (X020). A missing title is
made from the start of the text."""


def q(tag: str) -> str:
    return f"{{{REQIF_NS}}}{tag}"


@dataclass
class SpecObject:
    identifier: str
    line: int
    values: dict[str, str] = field(default_factory=dict)
    """Attribute long name to value; XHTML as plain text, enumerations as their values' names."""


@dataclass(frozen=True)
class ImportedModule:
    data: dict[str, Any]
    requirements: int
    warnings: tuple[Diagnostic, ...]


def import_reqif(path: Path, module_id: str | None = None) -> ImportedModule:
    """The module a ReqIF file describes; `InputError` with every problem found."""
    doc = read_xml(path)
    if doc.root.tag != q("REQ-IF"):
        raise InputError([error("X004", _("{file} is XML but not a ReqIF file (its root element is "
                                          "<{element}>)").format(file=doc.shown, element=_local(doc.root.tag)),
                                _("Give a file exported as ReqIF 1.0, 1.1 or 1.2; its root element is <REQ-IF>."),
                                file=doc.shown, line=doc.line(doc.root))])
    found: list[Diagnostic] = []
    objects = _objects(doc, found)
    ordered = _in_document_order(doc, objects)
    chapters = [o for o in ordered if _is_chapter(o)]
    requirements = [_requirement(o, doc.shown, found) for o in ordered if not _is_chapter(o)]
    if not requirements and not found:
        found.append(error("X006", _("{file} holds no requirements (no object with a text)").format(file=doc.shown),
                           _("Export the specification with its requirement objects."), file=doc.shown))
    _check_unique(requirements, ordered, doc.shown, found)
    if any(d.severity == "error" for d in found):
        raise InputError(found)
    module = _module(doc, chapters, module_id, path) | {"requirements": [r for r in requirements if r]}
    return ImportedModule(module, len(requirements), tuple(found) + _default_warnings(requirements, doc.shown))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _objects(doc: XmlDocument, found: list[Diagnostic]) -> dict[str, SpecObject]:
    definitions = {d.get("IDENTIFIER", ""): d.get("LONG-NAME") or d.get("IDENTIFIER") or ""
                   for d in doc.root.iter() if _local(d.tag).startswith("ATTRIBUTE-DEFINITION-")}
    enum_values = {e.get("IDENTIFIER", ""): e.get("LONG-NAME") or _embedded(e)
                   for e in doc.root.iter(q("ENUM-VALUE"))}
    objects: dict[str, SpecObject] = {}
    for element in doc.root.iter(q("SPEC-OBJECT")):
        obj = SpecObject(element.get("IDENTIFIER", ""), doc.line(element))
        for value in element.iterfind(f"{q('VALUES')}/*"):
            ref = value.find(f"{q('DEFINITION')}/*")
            target = (ref.text or "").strip() if ref is not None else ""
            if target not in definitions:
                found.append(error("X005", _("an attribute value of object '{object}' refers to the attribute "
                                             "definition '{definition}', which the file does not define").format(
                                                 object=obj.identifier, definition=target),
                                   _("The export is incomplete; export it again from the requirements tool."),
                                   file=doc.shown, line=doc.line(value)))
                continue
            obj.values[definitions[target]] = _value_text(value, enum_values)
        objects[obj.identifier] = obj
    return objects


def _embedded(enum_value: ET.Element) -> str:
    embedded = enum_value.find(f"{q('PROPERTIES')}/{q('EMBEDDED-VALUE')}")
    return embedded.get("OTHER-CONTENT", "") if embedded is not None else ""


def _value_text(value: ET.Element, enum_values: dict[str, str]) -> str:
    kind = _local(value.tag)
    if kind == "ATTRIBUTE-VALUE-XHTML":
        holder = value.find(q("THE-VALUE"))
        return xhtml_text(holder) if holder is not None else ""
    if kind == "ATTRIBUTE-VALUE-ENUMERATION":
        refs = value.iterfind(f"{q('VALUES')}/{q('ENUM-VALUE-REF')}")
        return LIST_SEPARATOR.join(enum_values.get((r.text or "").strip(), "") for r in refs)
    return value.get("THE-VALUE", "")


def xhtml_text(holder: ET.Element) -> str:
    """Plain text of an XHTML value: a line per block and per <br/>, spaces of the layout collapsed.

    The tree is walked with a stack of its own, not by recursion: a foreign file may nest elements
    thousands deep.
    """
    lines: list[str] = [""]
    # (element, opening, the tail that follows its end); the holder's own children's tails are layout.
    todo: list[tuple[ET.Element, bool, str | None]] = [(child, True, None) for child in reversed(holder)]
    while todo:
        element, opening, tail = todo.pop()
        block = element.tag.startswith(f"{{{XHTML_NS}}}") and _local(element.tag) in _BLOCKS
        if opening:
            _open(element, block, lines)
            todo.append((element, False, tail))
            todo.extend((child, True, child.tail) for child in reversed(element))
            continue
        if block and lines[-1].strip():
            lines.append("")
        lines[-1] += _flow(tail)
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.strip(" ") for line in lines).strip("\n")


def _open(element: ET.Element, block: bool, lines: list[str]) -> None:
    name = _local(element.tag)
    if block and lines[-1].strip():
        lines.append("")
    if name == "br":
        lines.append("")
    if name == "li":
        lines[-1] += "- "
    lines[-1] += _flow(element.text)


def _flow(text: str | None) -> str:
    """Text as XML layout gives it: a run of white space that holds a line break is one space."""
    return re.sub(r"[ \t]*[\r\n][ \t\r\n]*", " ", text or "")


def _in_document_order(doc: XmlDocument, objects: dict[str, SpecObject]) -> list[SpecObject]:
    """The objects in the order of the specification tree, then any that no tree holds."""
    seen: dict[str, SpecObject] = {}
    for ref in doc.root.iterfind(f".//{q('SPECIFICATIONS')}//{q('SPEC-OBJECT-REF')}"):
        target = (ref.text or "").strip()
        if target in objects and target not in seen:
            seen[target] = objects[target]
    return list(seen.values()) + [o for key, o in objects.items() if key not in seen]


def _is_chapter(obj: SpecObject) -> bool:
    return not any(_texts(obj, "Tekst", TEXT).values())


def _texts(obj: SpecObject, label: str, standard: str) -> dict[str, str]:
    """The value in each language: 'Tekst (nn)' and so on, with the standard attribute for nb."""
    texts = {lang: obj.values.get(f"{label} ({lang})", "") for lang in LANGUAGES}
    if not texts["nb"]:
        texts["nb"] = obj.values.get(standard, "")
    return {lang: text for lang, text in texts.items() if text}


def _requirement(obj: SpecObject, shown: str, found: list[Diagnostic]) -> dict[str, Any]:
    req_id = _requirement_id(obj, shown, found)
    texts = _texts(obj, "Tekst", TEXT)
    titles = _texts(obj, "Tittel", NAME) or {"nb": _title_from(texts.get("nb", req_id))}
    data: dict[str, Any] = {"id": req_id, "title": titles, "text": texts}
    v = obj.values
    data["kind"] = v.get("Kravtype") or "funksjonell"
    data["obligation"] = _choice(v.get("Forpliktelse", ""), OBLIGATIONS, "Forpliktelse", obj, shown, found) \
        or "minstekrav"
    weight = _weight(v.get("Vekt", ""), obj, shown, found)
    if data["obligation"] == "evaluert" and weight:
        data["weight"] = weight
    data["response"] = _response(obj, shown, found)
    data["areas"] = _list(v.get("Tjenesteområder", "")) or ["alle"]
    for key, label in (("standards", "Standarder"), ("user_stories", "Brukerhistorier")):
        if _list(v.get(label, "")):
            data[key] = _list(v[label])
    for key, label in (("subcriterion", "Underkriterium"), ("fulfilment", "Oppfyllelse"),
                       ("contract_annex", "Kontraktsbilag")):
        if v.get(label):
            data[key] = v[label]
    by = _texts(obj, "Frist", "")
    if by:
        data["fulfilment_by"] = by
    data["_defaults"] = [key for key, label in (("obligation", "Forpliktelse"), ("kind", "Kravtype"),
                                                ("response", "Svarform"), ("areas", "Tjenesteområder"))
                         if not v.get(label)] + ([] if _texts(obj, "Tittel", NAME) else ["title"])
    return data


def _title_from(text: str, limit: int = 80) -> str:
    """A title made from the start of the text, cut at a word: a foreign requirement may have none."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + " …"


def _requirement_id(obj: SpecObject, shown: str, found: list[Diagnostic]) -> str:
    given = (obj.values.get(FOREIGN_ID) or obj.identifier).strip()
    if _REQUIREMENT_ID.match(given):
        return given
    made = re.sub(r"[^A-Z0-9]+", "-", given.upper()).strip("-")
    if not made or not made[0].isalpha():
        made = f"REQIF-{made or 'X'}"
    if "-" not in made:
        made = f"REQIF-{made}"
    found.append(warning("X021", _("the ID '{given}' is not of the form ABC-DEF-001; it becomes '{made}'").format(
        given=given[:60], made=made),
        _("Check the ID in the module, or give the objects a ReqIF.ForeignID such as KOMM-LM-001."),
        file=shown, line=obj.line))
    return made


def _choice(value: str, allowed: tuple[str, ...], label: str, obj: SpecObject, shown: str,
            found: list[Diagnostic]) -> str:
    if value and value not in allowed:
        found.append(error("X008", _("object '{object}': {label} is '{value}'; it must be one of {allowed}").format(
            object=obj.identifier, label=label, value=value[:60], allowed=", ".join(allowed)),
            _("Correct the value of '{label}' in the requirements tool.").format(label=label),
            file=shown, line=obj.line))
        return ""
    return value


def _weight(value: str, obj: SpecObject, shown: str, found: list[Diagnostic]) -> int:
    if not value:
        return 0
    if value.strip().isdigit() and len(value.strip()) <= 3 and int(value) <= 100:
        return int(value)
    found.append(error("X008", _("object '{object}': Vekt is '{value}', not a whole number from 0 to 100").format(
        object=obj.identifier, value=value[:60]),
        _("Correct the weight in the requirements tool."), file=shown, line=obj.line))
    return 0


def _response(obj: SpecObject, shown: str, found: list[Diagnostic]) -> dict[str, Any]:
    kind = _choice(obj.values.get("Svarform", ""), RESPONSE_TYPES, "Svarform", obj, shown, found)
    response: dict[str, Any] = {"type": kind or "ja-nei"}
    units = _texts(obj, "Enhet", "")
    if units:
        # One unit for all languages is written as one text, as the library does ("%").
        response["unit"] = units["nb"] if len(set(units.values())) == 1 and "nb" in units else units
    options = {lang: text.split(OPTION_SEPARATOR) for lang, text in _texts(obj, "Svaralternativer", "").items()}
    if options:
        count = len(options.get("nb", []))
        response["options"] = [{lang: items[i] for lang, items in options.items() if i < len(items)}
                               for i in range(count)]
    return response


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _check_unique(requirements: list[dict[str, Any]], ordered: list[SpecObject], shown: str,
                  found: list[Diagnostic]) -> None:
    first: dict[str, int] = {}
    reqs = iter(requirements)
    for obj in ordered:
        if _is_chapter(obj):
            continue
        req_id = next(reqs)["id"]
        if req_id in first:
            found.append(error("X007", _("the requirement ID '{id}' occurs twice (first on line {line})").format(
                id=req_id, line=first[req_id]),
                _("Give every requirement its own ID in the requirements tool."), file=shown, line=obj.line))
        first.setdefault(req_id, obj.line)


def _module(doc: XmlDocument, chapters: list[SpecObject], module_id: str | None, path: Path) -> dict[str, Any]:
    """The module's id and title: the one chapter's, else the specification's name and the file name."""
    one = chapters[0] if len(chapters) == 1 else None
    title = _texts(one, "Tittel", CHAPTER_NAME) if one else {}
    if not title:
        spec = doc.root.find(f".//{q('SPECIFICATION')}")
        header = doc.root.find(f".//{q('TITLE')}")
        name = (spec.get("LONG-NAME") if spec is not None else "") or (header.text if header is not None else "")
        title = {"nb": (name or path.stem).strip()[:300]}
    chosen = module_id or (one.values.get(MODULE_ID, "") if one else "") or _slug(path.stem)
    return {"id": chosen, "title": title}


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug if _MODULE_ID.match(slug) else "importert"


def _default_warnings(requirements: list[dict[str, Any]], shown: str) -> tuple[Diagnostic, ...]:
    found = []
    for key, default in DEFAULTS.items():
        ids = [r["id"] for r in requirements if key in r["_defaults"]]
        if ids:
            listed = ", ".join(ids[:3])
            if len(ids) > 3:
                listed = _("{listed} and {count} more").format(listed=listed, count=len(ids) - 3)
            message = (_("{count} requirement(s) without title in the file ({ids}) got the start of the text")
                       if key == "title" else _("{count} requirement(s) without {key} in the file ({ids}) got "
                                                "{default}"))
            found.append(warning("X020", message.format(count=len(ids), key=key, ids=listed, default=default),
                                 _("Review '{key}' of those requirements in the module before you use it.").format(
                                     key=key), file=shown))
    for r in requirements:
        del r["_defaults"]
    return tuple(found)


def valid_module_id(module_id: str) -> bool:
    return bool(_MODULE_ID.match(module_id)) and len(module_id) <= 100
