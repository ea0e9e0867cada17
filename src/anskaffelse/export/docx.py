"""The requirement specification as a Word document (Bilag 1 to an SSA contract).

python-docx sets up the package, styles, numbering and sections; the chapters
are written as WordprocessingML text (`docx_body`) and spliced into the saved
document, which keeps a 10,000-requirement document fast to build. On the
default template that frame is kept in the cache between builds (`docx_frame`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..diagnostics import InputError, display_path, error
from ..epoch import utc
from ..locale import texts
from ..locale.messages import _
from ..resolved import Specification
from ..xmlescape import escape
from . import ExportOptions
from . import wordml as w
from .docx_body import GREY, HEADING_STYLES, document_body
from .docx_frame import (
    CoreProperties,
    Frame,
    FrameInputs,
    Package,
    RecordedPackage,
    ReplayedPackage,
    core_xml,
    frame_key,
    read_frame,
    write_frame,
)
from .zipfix import normalise

# Elements that must follow w:updateFields in settings.xml (schema order matters to Word).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def export_docx(spec: Specification, options: ExportOptions) -> bytes:
    words = texts(spec.language)
    first = next(spec.requirements(), None)
    return word_document(
        spec, options, words["document"]["title"],
        lambda styles, package: document_body(spec, words, styles, package, not options.for_print),
        first.id if first else "")


BodyWriter = Callable[[dict[str, str], Package], "str | list[str]"]
"""Writes the body for the style IDs and the package: one text, or the pieces of the text in order."""


def word_document(spec: Specification, options: ExportOptions, subject: str, body_writer: BodyWriter,
                  must_hold: str) -> bytes:
    """A Word document of the tender whose body `body_writer` writes, on the buyer's template if any.

    Every document of a tender (the specification, the acceptance test plan, the
    demonstration script) shares the page set-up, styles, header, footer and
    properties made here. `must_hold` is a text the finished body must contain
    (e.g. the first requirement ID): a template whose main part we could not
    fill gives an error rather than an empty document. On the default template
    the frame around the body is taken from the cache when it can be (`docx_frame`).
    """
    words = texts(spec.language)
    if options.template:
        return _on_template(spec, options, subject, body_writer, must_hold, words)
    inputs = FrameInputs(words["language_tag"], words["document"]["page"], _header_text(spec))
    key = frame_key(inputs, (subject, spec.profile))
    frame = read_frame(key) if key is not None else None
    body = None
    if frame is not None:
        styles, replayed = frame.styles, ReplayedPackage(frame.requests)
        body = replayed.run(lambda: _utf8(body_writer(styles, replayed)))
    if frame is None or body is None:
        frame, body = _new_frame(inputs, body_writer)
        if key is not None:
            write_frame(key, frame)
    core = core_xml(_core_properties(spec, words, options.epoch, subject))
    return _finished(frame.package, frame.main, body, options, must_hold, core)


def _new_frame(inputs: FrameInputs, body_writer: BodyWriter) -> tuple[Frame, list[bytes]]:
    """The frame python-docx makes from `inputs` on its default template, and the body written in it."""
    from docx import Document

    doc = Document()
    styles = _prepare_styles(doc, inputs.language_tag)
    page_frame(doc, inputs.header_text, inputs.page_text)
    _ask_word_to_update_fields(doc, inputs.language_tag)
    _place_body_marker(doc)
    package = RecordedPackage(_Package(doc))
    body = _utf8(body_writer(styles, package))
    buffer = io.BytesIO()
    doc.save(buffer)
    return Frame(buffer.getvalue(), doc.part.partname.membername, styles, tuple(package.requests)), body


def _on_template(spec: Specification, options: ExportOptions, subject: str, body_writer: BodyWriter,
                 must_hold: str, words: dict[str, Any]) -> bytes:
    """The document on the buyer's template, which keeps its own properties besides those set here."""
    from ..template import open_template

    assert options.template is not None
    doc = open_template(options.template)
    _clear_body(doc)
    styles = _prepare_styles(doc, words["language_tag"])
    page_frame(doc, _header_text(spec), words["document"]["page"])
    _set_properties(doc, spec, words, options.epoch, subject)
    _ask_word_to_update_fields(doc, words["language_tag"])
    _place_body_marker(doc)
    body = _utf8(body_writer(styles, _Package(doc)))
    buffer = io.BytesIO()
    doc.save(buffer)
    # The package relationships name the main part; Word calls it word/document.xml, other tools need not.
    return _finished(buffer.getvalue(), doc.part.partname.membername, body, options, must_hold, None)


def _finished(package: bytes, main: str, body: list[bytes], options: ExportOptions, must_hold: str,
              core: bytes | None) -> bytes:
    """The saved `package` with the body in its main part, `core` as its properties (if given) and the
    build's time stamps; an error if the body did not end up in the document."""
    written: list[bytes] = []

    def rewrite(name: str, content: bytes) -> bytes:
        if name == _CORE and core is not None:
            return core
        content = _splice_body(name, content, main, body)
        if name == main:
            written.append(content)  # checked below as written, without reading the archive again
        return content

    data = normalise(package, options.epoch, rewrite=rewrite)
    _check_body(written[0] if written else b"", must_hold, options.template)
    return data


def _header_text(spec: Specification) -> str:
    return f"{spec.tender.title} – {spec.tender.reference}"


def _core_properties(spec: Specification, words: dict[str, Any], epoch: int, subject: str) -> CoreProperties:
    """The document's properties (Word holds at most 255 characters in each; the fingerprint is never cut)."""
    fingerprint = f" {spec.library_version}; SHA-256 {spec.fingerprint}"
    return CoreProperties(
        title=_short(spec.tender.title), subject=_short(subject),
        author=_short("; ".join(b.name for b in spec.tender.buyers)), keywords=_short("EPJ; " + subject),
        comments=_short(spec.library_name, 255 - len(fingerprint)) + fingerprint,
        version=_short(spec.tender.version), identifier=_short(spec.tender.reference),
        language=words["language_tag"], category=_short(words["document"]["appendix"]), epoch=epoch)


_CORE = "docProps/core.xml"


def _utf8(body: str | list[str]) -> list[bytes]:
    """The body in UTF-8, piece by piece: Python stores a text with two bytes a character once one
    character lies beyond Latin-1 (an en dash), so one text of ten thousand requirements would be
    widened as a whole before it is encoded."""
    if isinstance(body, str):
        return [body.encode("utf-8")]
    return [piece.encode("utf-8") for piece in body]


# ---------------------------------------------------------------- document set-up


def _clear_body(doc: Any) -> None:
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    # Word writes the last section's properties at the end of the body, but may omit them (A4 portrait
    # by default); the page set-up below needs them.
    body.get_or_add_sectPr()


def _prepare_styles(doc: Any, lang_tag: str) -> dict[str, str]:
    """Style IDs for the styles we use, created when the template lacks them."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    ids: dict[str, str] = {}
    for name in ("Normal", "Title", "Subtitle", *HEADING_STYLES, "List Bullet", "TOC 1", "TOC 2"):
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"] if name != "Normal" else None
            if name.startswith("Heading") or name == "Title":
                style.font.bold = True
                style.font.size = Pt({"Title": 26, "Heading 1": 16, "Heading 2": 13}.get(name, 11))
                style.paragraph_format.keep_with_next = True
            if name == "TOC 2":
                style.paragraph_format.left_indent = Pt(11)
        ids[name] = style.style_id
    for level, name in enumerate(HEADING_STYLES):
        ppr = doc.styles[name].element.get_or_add_pPr()
        # The table of contents collects paragraphs by outline level.
        if ppr.find(f"{{{w.W_NS}}}outlineLvl") is None:
            ppr.append(_xml(f'<w:outlineLvl {w.NSDECL} w:val="{level}"/>'))
    _number_headings(doc, [ids[n] for n in HEADING_STYLES])
    _set_language(doc, lang_tag)
    return ids


def _numbering(doc: Any) -> Any:
    """The numbering part, created when the template has none (Word omits it in list-free documents)
    or has one python-docx cannot use."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.oxml.numbering import CT_Numbering
    from docx.parts.numbering import NumberingPart

    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.NUMBERING and not rel.is_external:
            if isinstance(getattr(rel.target_part, "element", None), CT_Numbering):
                return _without_bad_numbers(rel.target_part.element)
            del doc.part.rels[rel_id]
    package = doc.part.package
    partname = PackURI("/word/numbering.xml")
    if any(p.partname == partname for p in package.iter_parts()):
        partname = package.next_partname("/word/numbering%d.xml")
    part = NumberingPart(partname, CONTENT_TYPE.WML_NUMBERING, _xml(f"<w:numbering {w.NSDECL}/>"), package)
    doc.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
    return part.element


def _without_bad_numbers(numbering: Any) -> Any:
    """Drop list definitions whose ID is not a whole number: no paragraph can refer to them, Word calls
    the file damaged, and python-docx cannot number past them."""
    ns = f"{{{w.W_NS}}}"
    for abstract in numbering.findall(f"{ns}abstractNum"):
        if not _is_number_id(abstract.get(f"{ns}abstractNumId")):
            numbering.remove(abstract)
    for num in numbering.findall(f"{ns}num"):
        link = num.find(f"{ns}abstractNumId")
        abstract_id = None if link is None else link.get(f"{ns}val")
        if not (_is_number_id(num.get(f"{ns}numId")) and _is_number_id(abstract_id)):
            numbering.remove(num)
    return numbering


def _is_number_id(value: str | None) -> bool:
    # Word stores these IDs as 32-bit numbers.
    return value is not None and value.isascii() and value.isdigit() and int(value) < 2**31


def _add_list(numbering: Any, definition: Any) -> int:
    """A new list in the numbering part, from `definition(abstract ID)`; its numbering ID."""
    taken = {int(a.get(f"{{{w.W_NS}}}abstractNumId")) for a in numbering.findall(f"{{{w.W_NS}}}abstractNum")}
    abstract_id = next(n for n in range(len(taken) + 1) if n not in taken)
    abstract = _xml(definition(abstract_id))
    # Word requires every w:abstractNum before the first w:num.
    first_num = numbering.find(f"{{{w.W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return int(numbering.add_num(abstract_id).numId)


class _Package:
    """Links and lists the buyer's chapters ask for while the body is written (see `markdown.WordPackage`)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.bullet_id: int | None = None
        self._lists: _Lists | None = None

    def link(self, url: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE

        return str(self.doc.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))

    def image(self, png: bytes) -> str:
        """Add a picture part (once per distinct picture) and return its relationship ID."""
        rid, _image = self.doc.part.get_or_add_image(io.BytesIO(png))
        return str(rid)

    def bullets(self) -> int:
        if self.bullet_id is None:
            self.bullet_id = self._list_maker().add(lambda n: w.list_numbering(n, ordered=False))
        return self.bullet_id

    def numbered(self) -> int:
        # One abstract list per numbered list: Word and LibreOffice both start it at 1.
        return self._list_maker().add(lambda n: w.list_numbering(n, ordered=True))

    def _list_maker(self) -> _Lists:
        if self._lists is None:
            self._lists = _Lists(_numbering(self.doc))
        return self._lists


class _Lists:
    """Adds list definitions to a numbering part, each in constant time.

    A chapter may hold thousands of numbered lists; searching the part for a free
    ID on every list would make the build time grow with their square.
    """

    def __init__(self, numbering: Any) -> None:
        ns = f"{{{w.W_NS}}}"
        self.numbering = numbering
        self.taken_abstract = {int(a.get(f"{ns}abstractNumId")) for a in numbering.findall(f"{ns}abstractNum")}
        self.taken_num = {int(n.get(f"{ns}numId")) for n in numbering.findall(f"{ns}num")}
        self.next_abstract, self.next_num = 0, 1
        self.first_num = numbering.find(f"{ns}num")

    def add(self, definition: Any) -> int:
        while self.next_abstract in self.taken_abstract:
            self.next_abstract += 1
        while self.next_num in self.taken_num:
            self.next_num += 1
        abstract_id, num_id = self.next_abstract, self.next_num
        self.next_abstract, self.next_num = abstract_id + 1, num_id + 1
        # Word requires every w:abstractNum before the first w:num.
        abstract = _xml(definition(abstract_id))
        if self.first_num is not None:
            self.first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        num = _xml(f'<w:num xmlns:w="{w.W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        self.numbering.append(num)
        if self.first_num is None:
            self.first_num = num
        return num_id


def _number_headings(doc: Any, style_ids: list[str]) -> None:
    numbering = _numbering(doc)
    num_id = _add_list(numbering, lambda n: w.heading_numbering(n, style_ids))
    for level, name in enumerate(HEADING_STYLES):
        num_pr = doc.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id


def _set_language(doc: Any, lang_tag: str) -> None:
    """Spell-checking follows w:lang in the styles, not the core properties."""
    root = doc.styles.element
    ns = f"{{{w.W_NS}}}"
    for lang in root.iter(f"{ns}lang"):
        lang.getparent().remove(lang)
    defaults = root.find(f"{ns}docDefaults")
    if defaults is None:
        defaults = _xml(f"<w:docDefaults {w.NSDECL}/>")
        root.insert(0, defaults)
    rpr_default = defaults.find(f"{ns}rPrDefault")
    if rpr_default is None:
        rpr_default = _xml(f"<w:rPrDefault {w.NSDECL}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{ns}rPr")
    if rpr is None:
        rpr = _xml(f"<w:rPr {w.NSDECL}/>")
        rpr_default.append(rpr)
    rpr.append(_xml(f'<w:lang {w.NSDECL} w:val="{lang_tag}" w:eastAsia="{lang_tag}" w:bidi="ar-SA"/>'))


def page_frame(doc: Any, header_text: str, page_text: str) -> None:
    """A4 with 2 cm margins, `header_text` in an empty header and "Side X av Y" (`page_text`, with {page}
    and {pages}) in the footer."""
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    header = section.header
    if _is_empty(header):
        _replace_paragraphs(header, w.paragraph(w.run(header_text, size=16, colour=GREY), align="right"))
    footer = section.footer
    if " PAGE " not in footer._element.xml:
        before, rest = page_text.split("{page}")
        middle, after = rest.split("{pages}")
        runs = [w.run(before), w.field("PAGE", "1"), w.run(middle), w.field("NUMPAGES", "1"), w.run(after)]
        numbering = w.paragraph(runs, align="center")
        if _is_empty(footer):
            _replace_paragraphs(footer, numbering)
        else:
            # The template's own footer (an address, a logo) stays; the page numbers follow it.
            footer._element.append(_xml(numbering.replace("<w:p>", f"<w:p {w.NSDECL}>", 1)))


def _is_empty(part: Any) -> bool:
    """No text, picture or field: a header or footer we may fill. A logo alone is not empty."""
    xml = part._element.xml
    has_content = any(tag in xml for tag in ("<w:drawing", "<w:pict", "<w:fldSimple", "<w:instrText", "<w:object"))
    return not has_content and not "".join(p.text for p in part.paragraphs).strip()


def _replace_paragraphs(part: Any, xml: str) -> None:
    element = part._element
    for p in element.findall(f"{{{w.W_NS}}}p"):
        element.remove(p)
    element.append(_xml(xml.replace("<w:p>", f"<w:p {w.NSDECL}>", 1)))


_BODY_MARKER = "@@ANSKAFFELSE-BODY@@"
_MARKER_XML = f"<w:p><w:r><w:t>{_BODY_MARKER}</w:t></w:r></w:p>"


def _place_body_marker(doc: Any) -> None:
    """Mark where the body goes: before the final section properties."""
    marker = _xml(f'<w:p {w.NSDECL}><w:r><w:t>{_BODY_MARKER}</w:t></w:r></w:p>')
    body = doc.element.body
    anchor = body.find(f"{{{w.W_NS}}}sectPr")
    if anchor is not None:
        anchor.addprevious(marker)
    else:
        body.append(marker)


def _splice_body(name: str, data: bytes, main: str, body: bytes | list[bytes]) -> bytes:
    """Replace the marker in the saved main document part with the body text.

    Parsing a 10,000-requirement body into lxml and serialising it again
    costs seconds and hundreds of megabytes; the body is already well-formed
    WordprocessingML (every text goes through `wordml.run`), so it is
    spliced in as bytes (its pieces joined once, in place of the marker).
    """
    if name != main:
        return data
    marker = _MARKER_XML.encode()
    if data.count(marker) != 1:
        raise RuntimeError("could not place the document body")
    before, after = data.split(marker)
    return b"".join([before, body, after] if isinstance(body, bytes) else [before, *body, after])


def _check_body(xml: bytes, must_hold: str, template: Path | None) -> None:
    """Refuse a document whose main part (`xml`, as written) does not hold the specification rather than
    write an empty one."""
    if _BODY_MARKER.encode() not in xml and escape(must_hold).encode() in xml:
        return
    if template is None:
        raise RuntimeError("the specification was not written into the Word document")
    shown = display_path(template)
    raise InputError([error("P018", _("the specification could not be written into Word template {file}").format(
        file=shown), _("Open the template in Word and save it again as .docx or .dotx."), file=shown)])


def _xml(text: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(text)


def _set_properties(doc: Any, spec: Specification, words: dict[str, Any], epoch: int, subject: str) -> None:
    """The properties of `_core_properties`, set in a template's own (which keeps its other properties)."""
    core = _core_properties(spec, words, epoch, subject)
    props = doc.core_properties
    stamp = utc(epoch)
    props.title = core.title
    props.subject = core.subject
    props.author = core.author
    props.last_modified_by = core.author
    props.version = core.version
    props.identifier = core.identifier
    props.language = core.language
    props.keywords = core.keywords
    props.comments = core.comments
    props.category = core.category
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def _short(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ask_word_to_update_fields(doc: Any, lang_tag: str) -> None:
    """Word fills the table of contents and page count when it opens the file."""
    settings = doc.settings.element
    ns = f"{{{w.W_NS}}}"
    for existing in settings.findall(f"{ns}updateFields"):
        settings.remove(existing)
    update = _xml(f'<w:updateFields {w.NSDECL} w:val="true"/>')
    successor = next((c for c in settings if c.tag.split("}")[-1] in _SETTINGS_AFTER_UPDATE_FIELDS), None)
    if successor is not None:
        successor.addprevious(update)
    else:
        settings.append(update)
    theme_lang = settings.find(f"{ns}themeFontLang")
    if theme_lang is not None:
        theme_lang.set(f"{ns}val", lang_tag)
