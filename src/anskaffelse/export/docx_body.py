"""The chapters of the requirement specification, as WordprocessingML text.

Only text is produced here; `docx.py` sets up the Word package around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..locale import long_date
from ..resolved import Deviation, Specification, SpecModule, SpecRequirement
from . import wordml as w
from .docx_evaluation import evaluation_chapter
from .docx_members import joint_instructions, matrix_annex, members_chapter
from .joint import requirement_marks

if TYPE_CHECKING:
    from .markdown import WordPackage

# A4 with 2 cm margins leaves 17 cm = 9638 twentieths of a point for text.
TEXT_WIDTH = 9638
REQUIREMENT_COLUMNS = (1250, 6138, 1550, 700)
GREY = "595959"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
REMOVALS_LISTED = 5
"""More requirements than this removed from one chapter are summed up in one row of the deviations."""


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


def document_body(spec: Specification, words: dict[str, Any], styles: dict[str, str],
                  package: WordPackage, toc_note: bool = True) -> list[str]:
    """The chapters in order, as pieces of text: the buyer's opening chapters (background, today's situation,
    timeline, contact) right after the introduction, its negotiation plan after the evaluation model.

    `toc_note` adds the note that Word fills in the page numbers (not in the copy made into a PDF).
    """
    d = words["document"]
    outline = Outline(styles)
    buyers = ", ".join(b.name for b in spec.tender.buyers)
    contract = spec.tender.contract_standard or words["not_given"]
    parts = [outline.heading(d["intro_heading"], 1)]
    parts += [w.text_paragraph(t.format(buyers=buyers, contract=contract)) for t in d["intro"]]
    parts.append(_chapters(spec, "opening", outline, package))
    parts.append(members_chapter(spec, words, outline))
    parts.append(_instructions(words, styles, outline))
    parts.append(joint_instructions(spec, words, outline))
    parts.append(evaluation_chapter(spec, words, outline))
    parts.append(_chapters(spec, "evaluation", outline, package))
    if spec.user_stories:
        parts.append(_user_stories(spec, d, outline))
    subcriteria = dict(spec.subcriterion_names)
    for module in spec.modules:
        parts.append(_module(module, words, outline, spec.publish_justifications, subcriteria, spec))
    if any(r.contract_annex for r in spec.requirements()):
        parts.append(_contract_annex_chapter(spec, words, outline, subcriteria))
    if spec.standards:
        parts.append(_standards(spec, d, outline))
    parts.append(_chapters(spec, "end", outline, package))
    parts.append(matrix_annex(spec, words, outline))
    if spec.parent_profile:
        parts.append(_deviations(spec, words, outline))
    # Not joined: the pieces are encoded one by one (see `docx._utf8`).
    return [_cover(spec, words, styles), _toc(d, styles, outline, toc_note), *parts]


def _chapters(spec: Specification, place: str, outline: Outline, package: WordPackage) -> str:
    parts = []
    for chapter in spec.chapters:
        if chapter.place == place:
            from . import markdown  # only a tender with chapters of its own needs it

            parts.append(outline.heading(chapter.title, 1))
            parts.append(markdown.render(chapter.text, outline.heading, package, TEXT_WIDTH))
    return "".join(parts)


def _cover(spec: Specification, words: dict[str, Any], styles: dict[str, str]) -> str:
    d, t = words["document"], spec.tender
    buyers = "\n".join(f"{b.name} ({d['org_number']} {b.org_number})" for b in t.buyers)
    rows = [
        (d["buyers"], buyers),
        (d["reference"], t.reference),
        (d["date"], long_date(t.date, t.language)),
        (d["version"], t.version),
        (d["procedure"], words["procedure"].get(t.procedure, t.procedure)),
        (d["contract_standard"], t.contract_standard),
        (d["deadline"], long_date(t.deadline, t.language)),
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


def _toc(d: dict[str, Any], styles: dict[str, str], outline: Outline, note: bool) -> str:
    return "".join([
        w.text_paragraph(d["toc"], styles["Subtitle"]),
        outline.table_of_contents(),
        w.paragraph(w.run(d["toc_placeholder"], size=16, colour=GREY)) if note else "",
        w.page_break(),
    ])


def _instructions(words: dict[str, Any], styles: dict[str, str], outline: Outline) -> str:
    d = words["document"]
    parts = [outline.heading(d["instructions_heading"], 1)]
    parts += [w.text_paragraph(t) for t in d["instructions"]]
    parts += [w.text_paragraph(d["obligation_explained"][o], styles["List Bullet"])
              for o in ("minstekrav", "evaluert", "informasjon")]
    parts += [w.text_paragraph(t) for t in d["how_to_answer"]]
    parts.append(outline.heading(d["binding_heading"], 2))
    parts += [w.text_paragraph(t) for t in d["binding"]]
    parts.append(outline.heading(d["reservations_heading"], 2))
    parts += [w.text_paragraph(t) for t in d["reservations"]]
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


def _module(module: SpecModule, words: dict[str, Any], outline: Outline, justifications: bool,
            subcriteria: dict[str, str], spec: Specification) -> str:
    # Contract terms are not needs of Bilag 1: they are listed with the annex they belong in.
    requirements = [r for r in module.requirements if not r.contract_annex]
    if not requirements:
        return ""
    parts = [outline.heading(module.title, 1)]
    if module.description:
        parts.append(w.text_paragraph(module.description))
    parts.append(_requirement_table(requirements, words, justifications, subcriteria, spec))
    return "".join(parts)


def _requirement_table(requirements: list[SpecRequirement], words: dict[str, Any], justifications: bool,
                       subcriteria: dict[str, str], spec: Specification) -> str:
    d = words["document"]
    header = (d["column_id"], d["column_requirement"], d["column_obligation"], d["column_weight"])
    rows = _RequirementRows(words, justifications, subcriteria)
    return w.table_of_rows(REQUIREMENT_COLUMNS, header,
                           [rows.row(r, requirement_marks(r, spec, words)) for r in requirements])


def _contract_annex_chapter(spec: Specification, words: dict[str, Any], outline: Outline,
                            subcriteria: dict[str, str]) -> str:
    d = words["document"]
    parts = [outline.heading(d["annex_heading"], 1), w.text_paragraph(d["annex_intro"])]
    by_annex: dict[str, list[SpecRequirement]] = {}
    for req in spec.requirements():
        if req.contract_annex:
            by_annex.setdefault(req.contract_annex, []).append(req)
    for annex in d["contract_annex"]:  # the locale's order: service levels, prices, data processing …
        if annex in by_annex:
            parts.append(outline.heading(d["contract_annex"][annex], 2))
            parts.append(_requirement_table(by_annex[annex], words, spec.publish_justifications, subcriteria, spec))
    return "".join(parts)


# The paragraph and run openings of a requirement row, the same in every row: each is made once.
# A one-run paragraph is opening + w.text(value) + _END.
_END = "</w:r></w:p>"
_ROW_AND_ID = w.ROW_START + w.cell_start(REQUIREMENT_COLUMNS[0]) + w.paragraph_start() + w.run_start(bold=True, size=18)
_REQUIREMENT = f"{_END}</w:tc>{w.cell_start(REQUIREMENT_COLUMNS[1])}"
_OBLIGATION = f"</w:tc>{w.cell_start(REQUIREMENT_COLUMNS[2])}"
_WEIGHT = f"</w:tc>{w.cell_start(REQUIREMENT_COLUMNS[3])}"
_TITLE = w.paragraph_start(keep_next=True, space_after=60) + w.run_start(bold=True)
_MARKS = w.paragraph_start(keep_next=True, space_after=60) + w.run_start(bold=True, size=18)
_TEXT = w.paragraph_start(space_after=60) + w.run_start()
_SCORING = w.paragraph_start(space_after=0) + w.run_start(size=16, bold=True)
_BAND_TEXT = "</w:r>" + w.run_start(size=16)
_META = w.paragraph_start(space_after=0) + w.run_start(size=16, colour=GREY)
_JUSTIFICATION = w.paragraph_start() + w.run_start(size=16, colour=GREY, italic=True)


class _RequirementRows:
    """Requirement rows: ID, the requirement with its details, obligation, weight.

    The table of a large tender has tens of thousands of rows; the fixed parts
    of a row are made once and the obligation and weight cells once per value.
    """

    def __init__(self, words: dict[str, Any], justifications: bool, subcriteria: dict[str, str]) -> None:
        self.words, self.d = words, words["document"]
        self.justifications, self.subcriteria = justifications, subcriteria
        self.obligations = {o: w.text_paragraph(text) for o, text in words["obligation"].items()}
        self.weights: dict[int | None, str] = {}

    def row(self, req: SpecRequirement, marks: str = "") -> str:
        """`marks`: whom the requirement applies to in a joint tender, and whether it is an option."""
        d, t = self.d, w.text
        rid, title, text, meta = w.texts(req.id, req.title, req.text, self._meta(req))
        content = f"{_ROW_AND_ID}{rid}{_REQUIREMENT}{_TITLE}{title}{_END}"
        if marks:
            content += f"{_MARKS}{t(marks)}{_END}"
        content += f"{_TEXT}{text}{_END}"
        if req.scoring:
            content += f"{_SCORING}{t(d['scoring_label'] + ':')}{_END}"
            for band in req.scoring:
                points = d["scoring_points"].format(points=band.scores) + ": "
                content += f"{_SCORING}{t(points)}{_BAND_TEXT}{t(band.text)}{_END}"
        content += f"{_META}{meta}{_END}"
        # Why the buyer changed a text is internal unless the profile publishes it (publish_justification).
        if req.justification and self.justifications:
            content += f"{_JUSTIFICATION}{t(d['justification_label'] + ': ' + req.justification)}{_END}"
        return f"{content}{_OBLIGATION}{self.obligations[req.obligation]}{_WEIGHT}{self._weight(req)}</w:tc></w:tr>"

    def _meta(self, req: SpecRequirement) -> str:
        """Response form, subcriterion, when it must be fulfilled, standards and user stories, in one line."""
        d = self.d
        response = self.words["response"][req.response_type]
        if req.unit:
            response += f" ({req.unit})"
        if req.options:
            response += ": " + " / ".join(req.options)
        meta = f"{d['response_form']}: {response}"
        if req.obligation == "evaluert" and req.subcriterion in self.subcriteria:
            meta += f" · {d['subcriterion_label']}: {self.subcriteria[req.subcriterion]}"
        if req.fulfilment == "tilbud" or (req.fulfilment == "frist" and req.fulfilment_by):
            when = req.fulfilment_by if req.fulfilment == "frist" else d["fulfilment"]["tilbud"]
            meta += f" · {d['fulfilment_label']}: {when}"
        if req.standards:
            meta += f" · {d['standards_label']}: {', '.join(req.standards)}"
        if req.user_stories:
            meta += f" · {d['user_stories_label']}: {', '.join(req.user_stories)}"
        return meta

    def _weight(self, req: SpecRequirement) -> str:
        """The weight of an evaluated requirement, a dash for the others."""
        weight = req.weight if req.obligation == "evaluert" else None
        cell = self.weights.get(weight)
        if cell is None:
            cell = self.weights[weight] = w.text_paragraph("–" if weight is None else str(weight), align="right")
        return cell


def _standards(spec: Specification, d: dict[str, Any], outline: Outline) -> str:
    parts = [outline.heading(d["standards_heading"], 1), w.text_paragraph(d["standards_intro"])]
    widths = (3500, 1900, 1500, TEXT_WIDTH - 6900)
    header = (d["column_standard"], d["column_owner"], d["column_mandatory"], d["column_requirements"])
    areas = dict(spec.area_names)
    rows = (
        [w.paragraph([w.run(s.name), w.run("\n" + s.url, size=16, colour=GREY)]),
         w.text_paragraph(s.owner),
         w.paragraph([w.run(_mandatory_text(s.mandatory, s.mandatory_for, areas, d))]
                     + ([w.run("\n" + s.binding, size=16, colour=GREY)] if s.binding else [])),
         w.paragraph(w.run(", ".join(s.requirements), size=18))]
        for s in spec.standards
    )
    parts.append(w.table(widths, header, rows))
    return "".join(parts)


def _mandatory_text(mandatory: bool, scope: tuple[str, ...], areas: dict[str, str], d: dict[str, Any]) -> str:
    """'Ja', 'Nei' or 'Obligatorisk for legevakt og KAD' when regulation binds only some service areas."""
    if not mandatory:
        return str(d["mandatory_no"])
    if not scope:
        return str(d["mandatory_yes"])
    names = [_lower_first(areas.get(a, a)) for a in scope]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {d['list_and']} {names[-1]}"
    return str(d["mandatory_for"]).format(areas=listed)


def _lower_first(name: str) -> str:
    """An area name inside a sentence: 'Legevakt' → 'legevakt', but 'KAD …' keeps its capitals."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _deviations(spec: Specification, words: dict[str, Any], outline: Outline) -> str:
    d = words["document"]
    parts = [outline.heading(d["deviations_heading"], 1)]
    if not spec.deviations:
        parts.append(w.text_paragraph(d["deviations_none"]))
        return "".join(parts)
    parts.append(w.text_paragraph(d["deviations_intro"].format(parent=spec.parent_title)))
    widths = (1400, 1800, 3219, TEXT_WIDTH - 6419)
    header = (d["column_id"], d["column_change"], d["column_before"], d["column_after"])
    removed: dict[str, list[Deviation]] = {}
    for dev in spec.deviations:
        if dev.change == "removed":
            removed.setdefault(dev.module, []).append(dev)
    rows = [_deviation_row(dev, d) for dev in spec.deviations if dev.change != "removed"]
    for module, devs in removed.items():
        if len(devs) <= REMOVALS_LISTED:
            rows += [_deviation_row(dev, d) for dev in devs]
        else:
            summary = f"{module}: {d['removed_summary'].format(count=len(devs))}"
            ids = ", ".join(dev.requirement for dev in devs)
            rows.append([w.paragraph(w.run("–", size=18)), w.text_paragraph(d["change"]["removed"]),
                         w.paragraph(w.run(summary, bold=True)) + w.paragraph(w.run(ids, size=16, colour=GREY)),
                         ""])
    parts.append(w.table(widths, header, rows))
    return "".join(parts)


def _deviation_row(dev: Deviation, d: dict[str, Any]) -> list[str]:
    return [w.paragraph(w.run(dev.requirement or "–", bold=True, size=18)),
            w.text_paragraph(d["change"][dev.change]),
            w.text_paragraph(dev.before),
            w.text_paragraph(dev.after)]
