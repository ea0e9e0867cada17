"""The requirement specification as a Word document (Bilag 1 to an SSA contract).

python-docx sets up the package, styles, numbering and sections; the body is
written as WordprocessingML text (see `wordml`) and parsed once, which keeps
a 10,000-requirement document fast to build.
"""

from __future__ import annotations

import io
from typing import Any

from ..locale import texts
from ..resolved import Specification, SpecModule, SpecRequirement
from . import ExportOptions
from . import wordml as w
from .zipfix import normalise

# A4 with 2 cm margins leaves 17 cm = 9638 twentieths of a point for text.
TEXT_WIDTH = 9638
REQUIREMENT_COLUMNS = (1250, 6138, 1550, 700)
GREY = "595959"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
# Elements that must follow w:updateFields in settings.xml (schema order matters to Word).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def export_docx(spec: Specification, options: ExportOptions) -> bytes:
    from docx import Document

    from ..template import open_template

    doc = open_template(options.template) if options.template else Document()
    words = texts(spec.language)
    if options.template:
        _clear_body(doc)
    styles = _prepare_styles(doc, words["language_tag"])
    _prepare_section(doc, spec, words)
    _set_properties(doc, spec, words, options.epoch)
    _ask_word_to_update_fields(doc, words["language_tag"])
    _place_body_marker(doc)
    body = _body(spec, words, styles).encode("utf-8")
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise(buffer.getvalue(), options.epoch, rewrite=lambda name, data: _splice_body(name, data, body))


# ---------------------------------------------------------------- document set-up


def _clear_body(doc: Any) -> None:
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


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
    """The numbering part, created when the template has none (Word omits it in list-free documents)."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    try:
        return doc.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        part = NumberingPart(PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING,
                             _xml(f"<w:numbering {w.NSDECL}/>"), doc.part.package)
        doc.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
        return part.element


def _number_headings(doc: Any, style_ids: list[str]) -> None:
    numbering = _numbering(doc)
    taken = [int(a.get(f"{{{w.W_NS}}}abstractNumId")) for a in numbering.findall(f"{{{w.W_NS}}}abstractNum")]
    abstract_id = max(taken, default=-1) + 1
    abstract = _xml(w.heading_numbering(abstract_id, style_ids))
    first_num = numbering.find(f"{{{w.W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = numbering.add_num(abstract_id).numId
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


def _prepare_section(doc: Any, spec: Specification, words: dict[str, Any]) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    header = section.header
    if _is_empty(header):
        _replace_paragraphs(header, w.paragraph(
            w.run(f"{spec.tender.title} – {spec.tender.reference}", size=16, colour=GREY), align="right"))
    footer = section.footer
    if " PAGE " not in footer._element.xml:
        before, rest = words["document"]["page"].split("{page}")
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


def _splice_body(name: str, data: bytes, body: bytes) -> bytes:
    """Replace the marker in the saved document.xml with the body text.

    Parsing a 10,000-requirement body into lxml and serialising it again
    costs seconds and hundreds of megabytes; the body is already well-formed
    WordprocessingML (every text goes through `wordml.run`), so it is
    spliced in as bytes.
    """
    if name != "word/document.xml":
        return data
    marker = _MARKER_XML.encode()
    if data.count(marker) != 1:
        raise RuntimeError("could not place the document body")
    return data.replace(marker, body)


def _xml(text: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(text)


def _set_properties(doc: Any, spec: Specification, words: dict[str, Any], epoch: int) -> None:
    import datetime as dt

    props = doc.core_properties
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    # Word's core properties hold at most 255 characters each.
    author = _short("; ".join(b.name for b in spec.tender.buyers))
    props.title = _short(spec.tender.title)
    props.subject = words["document"]["title"]
    props.author = author
    props.last_modified_by = author
    props.version = spec.tender.version
    props.identifier = _short(spec.tender.reference)
    props.language = words["language_tag"]
    props.keywords = "EPJ; " + words["document"]["title"]
    props.comments = f"{spec.library_name} {spec.library_version}; SHA-256 {spec.fingerprint}"
    props.category = words["document"]["appendix"]
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


# ---------------------------------------------------------------- body


class Outline:
    """Numbered headings with bookmarks, remembered for the table of contents."""

    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.entries: list[tuple[int, str, str]] = []
        self.counters = [0, 0, 0]

    def heading(self, text: str, level: int) -> str:
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        number = ".".join(str(c) for c in self.counters[:level])
        bookmark = f"_Toc{len(self.entries) + 1:06d}"
        self.entries.append((level, f"{number} {text}", bookmark))
        # Bookmark ids far above any a template might use, since the template keeps its headers.
        return w.heading(text, self.styles[HEADING_STYLES[level - 1]], 100000 + len(self.entries), bookmark)

    def table_of_contents(self) -> str:
        toc_styles = (self.styles["TOC 1"], self.styles["TOC 2"], self.styles["TOC 2"])
        entries = [(toc_styles[level - 1], text, mark) for level, text, mark in self.entries if level <= 2]
        return w.table_of_contents(entries, 'TOC \\o "1-2" \\h \\z \\u', TEXT_WIDTH)


def _body(spec: Specification, words: dict[str, Any], styles: dict[str, str]) -> str:
    d = words["document"]
    outline = Outline(styles)
    buyers = ", ".join(b.name for b in spec.tender.buyers)
    contract = spec.tender.contract_standard or words["not_given"]
    parts = [outline.heading(d["intro_heading"], 1)]
    parts += [w.text_paragraph(t.format(buyers=buyers, contract=contract)) for t in d["intro"]]
    parts.append(_instructions(words, styles, outline))
    parts.append(_evaluation(spec, d, outline))
    if spec.user_stories:
        parts.append(_user_stories(spec, d, outline))
    for module in spec.modules:
        parts.append(_module(module, words, outline))
    if spec.standards:
        parts.append(_standards(spec, d, outline))
    if spec.parent_profile:
        parts.append(_deviations(spec, words, outline))
    return _cover(spec, words, styles) + _toc(d, styles, outline) + "".join(parts)


def _cover(spec: Specification, words: dict[str, Any], styles: dict[str, str]) -> str:
    d, t = words["document"], spec.tender
    buyers = "\n".join(f"{b.name} ({d['org_number']} {b.org_number})" for b in t.buyers)
    rows = [
        (d["buyers"], buyers),
        (d["reference"], t.reference),
        (d["date"], t.date),
        (d["version"], t.version),
        (d["procedure"], words["procedure"].get(t.procedure, t.procedure)),
        (d["contract_standard"], t.contract_standard),
        (d["deadline"], t.deadline),
        (d["library"], f"{spec.library_name} {spec.library_version}"),
    ]
    table = w.table((2800, TEXT_WIDTH - 2800), None,
                    ([w.paragraph(w.run(k, bold=True)), w.text_paragraph(v or words["not_given"])]
                     for k, v in rows))
    return "".join([
        w.text_paragraph(t.title, styles["Title"]),
        w.text_paragraph(f"{d['title']} – {d['appendix']}", styles["Subtitle"]),
        table,
        w.page_break(),
    ])


def _toc(d: dict[str, Any], styles: dict[str, str], outline: Outline) -> str:
    return "".join([
        w.text_paragraph(d["toc"], styles["Subtitle"]),
        outline.table_of_contents(),
        w.paragraph(w.run(d["toc_placeholder"], size=16, colour=GREY)),
        w.page_break(),
    ])


def _instructions(words: dict[str, Any], styles: dict[str, str], outline: Outline) -> str:
    d = words["document"]
    parts = [outline.heading(d["instructions_heading"], 1)]
    parts += [w.text_paragraph(t) for t in d["instructions"]]
    parts += [w.text_paragraph(d["obligation_explained"][o], styles["List Bullet"])
              for o in ("minstekrav", "evaluert", "informasjon")]
    parts += [w.text_paragraph(t) for t in d["how_to_answer"]]
    parts.append(outline.heading(d["reservations_heading"], 2))
    parts += [w.text_paragraph(t) for t in d["reservations"]]
    return "".join(parts)


def _evaluation(spec: Specification, d: dict[str, Any], outline: Outline) -> str:
    parts = [outline.heading(d["evaluation_heading"], 1)]
    parts += [w.text_paragraph(t) for t in d["evaluation"]]
    rows = (
        [w.paragraph([w.run(c.name, bold=True)] + ([w.run("\n" + c.description)] if c.description else [])),
         w.text_paragraph(f"{c.weight:g} %", align="right")]
        for c in spec.award_criteria
    )
    parts.append(w.table((TEXT_WIDTH - 1600, 1600), (d["criterion"], d["weight"]), rows))
    parts += [w.text_paragraph(d["price_formula"][c.price_formula].format(name=c.name))
              for c in spec.award_criteria if c.price_formula]
    return "".join(parts)


def _user_stories(spec: Specification, d: dict[str, Any], outline: Outline) -> str:
    parts = [outline.heading(d["user_stories_heading"], 1), w.text_paragraph(d["user_stories_intro"])]
    for story in spec.user_stories:
        parts.append(outline.heading(f"{story.id} {story.title}", 2))
        for label, value in (
            (d["story_problem"], story.problem),
            (d["story_desired"], story.desired),
            (d["story_systems"], story.systems),
            (d["story_areas"], ", ".join(story.areas)),
            (d["story_professions"], ", ".join(story.professions)),
            (d["story_requirements"], ", ".join(story.requirements)),
        ):
            parts.append(w.paragraph([w.run(f"{label}: ", bold=True), w.run(value)]))
    return "".join(parts)


def _module(module: SpecModule, words: dict[str, Any], outline: Outline) -> str:
    d = words["document"]
    parts = [outline.heading(module.title, 1)]
    if module.description:
        parts.append(w.text_paragraph(module.description))
    header = (d["column_id"], d["column_requirement"], d["column_obligation"], d["column_weight"])
    rows = (_requirement_row(r, words) for r in module.requirements)
    parts.append(w.table(REQUIREMENT_COLUMNS, header, rows))
    return "".join(parts)


def _requirement_row(req: SpecRequirement, words: dict[str, Any]) -> list[str]:
    d = words["document"]
    response = words["response"][req.response_type]
    if req.unit:
        response += f" ({req.unit})"
    if req.options:
        response += ": " + " / ".join(req.options)
    meta = [f"{d['response_form']}: {response}"]
    if req.standards:
        meta.append(f"{d['standards_label']}: {', '.join(req.standards)}")
    if req.user_stories:
        meta.append(f"{d['user_stories_label']}: {', '.join(req.user_stories)}")
    content = [
        w.paragraph(w.run(req.title, bold=True), keep_next=True, space_after=60),
        w.text_paragraph(req.text, space_after=60),
        w.paragraph(w.run(" · ".join(meta), size=16, colour=GREY), space_after=0),
    ]
    if req.justification:
        content.append(w.paragraph(w.run(f"{d['justification_label']}: {req.justification}",
                                         size=16, colour=GREY, italic=True)))
    weight = str(req.weight) if req.obligation == "evaluert" else "–"
    return [
        w.paragraph(w.run(req.id, bold=True, size=18)),
        "".join(content),
        w.text_paragraph(words["obligation"][req.obligation]),
        w.text_paragraph(weight, align="right"),
    ]


def _standards(spec: Specification, d: dict[str, Any], outline: Outline) -> str:
    parts = [outline.heading(d["standards_heading"], 1), w.text_paragraph(d["standards_intro"])]
    widths = (3900, 2000, 900, TEXT_WIDTH - 6800)
    header = (d["column_standard"], d["column_owner"], d["column_mandatory"], d["column_requirements"])
    rows = (
        [w.paragraph([w.run(s.name), w.run("\n" + s.url, size=16, colour=GREY)]),
         w.text_paragraph(s.owner),
         w.text_paragraph(d["mandatory_yes"] if s.mandatory else d["mandatory_no"]),
         w.paragraph(w.run(", ".join(s.requirements), size=18))]
        for s in spec.standards
    )
    parts.append(w.table(widths, header, rows))
    return "".join(parts)


def _deviations(spec: Specification, words: dict[str, Any], outline: Outline) -> str:
    d = words["document"]
    parts = [outline.heading(d["deviations_heading"], 1)]
    if not spec.deviations:
        parts.append(w.text_paragraph(d["deviations_none"]))
        return "".join(parts)
    parts.append(w.text_paragraph(d["deviations_intro"].format(parent=spec.parent_profile)))
    widths = (1400, 1800, 3219, TEXT_WIDTH - 6419)
    header = (d["column_id"], d["column_change"], d["column_before"], d["column_after"])
    rows = (
        [w.paragraph(w.run(dev.requirement, bold=True, size=18)),
         w.text_paragraph(d["change"][dev.change]),
         w.text_paragraph(dev.before),
         w.text_paragraph(dev.after)]
        for dev in spec.deviations
    )
    parts.append(w.table(widths, header, rows))
    return "".join(parts)
