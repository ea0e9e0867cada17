"""The addendum (rettelse) as a Word document: every change between two versions of a tender.

When suppliers' questions lead the buyer to correct the tender documents
during the tender period, every supplier must be told the same, in writing,
before the deadline: what changed, and whether the deadline moved. The
document lists each change of the diff (`diff.py`) and nothing else, in the
document order of the new version: requirements added (in full), removed and
changed (texts word by word, the removed words struck through and the added
ones underlined), changes of the competition, the award criteria, the price
form and the buyer's chapters. It is laid out like the specification
(`export.docx.word_document`); its fixed text is in the locale files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..export import ExportOptions
from ..export import wordml as w
from ..export.docx import word_document
from ..export.docx_body import GREY, TEXT_WIDTH, Outline
from ..locale import long_date, texts
from ..resolved import Specification, SpecRequirement
from .diff import answer_form
from .model import (
    ADDED,
    EDITION_FIELDS,
    EQUAL,
    REMOVED,
    ChapterChange,
    CriterionChange,
    FieldChange,
    PriceElementChange,
    RequirementChange,
    SpecificationDiff,
    WordRun,
)
from .wording import Wording

REQUIREMENT_COLUMNS = (1300, 2000, TEXT_WIDTH - 3300)
ITEM_COLUMNS = (2300, 2000, TEXT_WIDTH - 4300)
TENDER_COLUMNS = (2800, TEXT_WIDTH - 2800)
STRUCK = "C00000"


def export_addendum(old: Specification, new: Specification, diff: SpecificationDiff, number: int,
                    options: ExportOptions) -> bytes:
    """The addendum's .docx; `options` as for the specification (template, date)."""
    words = texts(new.language)
    a = words["addendum"]

    title = a["title"].format(number=number)

    def body(styles: dict[str, str], _package: Any) -> str:
        return addendum_body(old, new, diff, number, Wording(words, new.language, (old, new)), styles)

    return word_document(new, options, title, body, title)


def addendum_body(old: Specification, new: Specification, diff: SpecificationDiff, number: int,
                  wording: Wording, styles: dict[str, str]) -> str:
    a = wording.a
    outline = Outline(styles)
    parts = [
        w.text_paragraph(a["title"].format(number=number), styles["Title"]),
        w.text_paragraph(a["subtitle"].format(title=new.tender.title), styles["Subtitle"]),
        _cover(old, new, diff, wording),
        _about(old, new, diff, wording, outline),
    ]
    tender = [c for c in diff.tender if c.field not in EDITION_FIELDS]
    if tender:
        parts += [outline.heading(a["tender_heading"], 1), _tender_table(tender, wording)]
    if diff.requirements:
        parts += [outline.heading(a["requirements_heading"], 1), _requirements(diff.requirements, wording, outline)]
    if diff.award_criteria:
        parts += [outline.heading(a["criteria_heading"], 1), _criteria_table(diff.award_criteria, wording)]
    if diff.price_form:
        parts += [outline.heading(a["price_heading"], 1), _price_table(diff.price_form, wording)]
    if diff.chapters:
        parts += [outline.heading(a["chapters_heading"], 1), _chapters_table(diff.chapters, wording)]
    return "".join(parts)


def _cover(old: Specification, new: Specification, diff: SpecificationDiff, wording: Wording) -> str:
    a, lang, t = wording.a, wording.lang, new.tender
    org = wording.words["document"]["org_number"]
    deadline = diff.tender_change("deadline")
    shown_deadline = wording.empty_or(long_date(t.deadline, lang))
    if deadline is not None:
        shown_deadline = a["deadline_changed"].format(new=shown_deadline,
                                                      old=wording.tender_value("deadline", deadline.old))
    else:
        shown_deadline = a["deadline_same"].format(deadline=shown_deadline)
    rows = [
        (a["buyers"], "\n".join(f"{b.name} ({org} {b.org_number})" for b in t.buyers)),
        (a["reference"], t.reference),
        (a["date"], long_date(t.date, lang)),
        (a["changes"], a["edition"].format(version=old.tender.version, date=long_date(old.tender.date, lang))),
        (a["new_edition"], a["edition"].format(version=t.version, date=long_date(t.date, lang))),
        (a["deadline"], shown_deadline),
    ]
    cells = [[w.paragraph(w.run(k, bold=True)), w.text_paragraph(wording.empty_or(v))] for k, v in rows]
    cells.append([w.paragraph(w.run(a["fingerprint"], bold=True)),
                  w.paragraph(w.run(new.fingerprint, size=16, colour=GREY))])
    return w.table(TENDER_COLUMNS, None, cells)


def _about(old: Specification, new: Specification, diff: SpecificationDiff, wording: Wording,
           outline: Outline) -> str:
    a, t = wording.a, new.tender
    deadline = diff.tender_change("deadline")
    if deadline is not None:
        moved = a["deadline_changed_text"].format(old=wording.tender_value("deadline", deadline.old),
                                                  new=wording.tender_value("deadline", deadline.new))
    else:
        moved = a["deadline_same_text"].format(deadline=wording.empty_or(wording.tender_value("deadline",
                                                                                              t.deadline)))
    versions = {"old_version": old.tender.version, "new_version": t.version}
    return "".join([
        outline.heading(a["about_heading"], 1),
        w.text_paragraph(a["about"].format(title=t.title, reference=t.reference, **versions)),
        w.text_paragraph(a["answer_sheet"].format(**versions)),
        w.text_paragraph(moved),
        w.text_paragraph(a["listed"]),
    ])


# ---------------------------------------------------------------- building blocks


def _side(label: str, runs: Iterable[str]) -> str:
    return w.paragraph([w.run(label, bold=True), *runs], space_after=40)


def _before_after(wording: Wording, before: str, after: str) -> str:
    return (_side(wording.a["before"], [w.run(wording.empty_or(before))])
            + _side(wording.a["after"], [w.run(wording.empty_or(after))]))


def _word_change(wording: Wording, runs: tuple[WordRun, ...]) -> str:
    """Old and new text in full: the removed words struck through in the old, the added ones underlined in the new."""
    old = [_marked(r.text, strike=True) if r.kind == REMOVED else w.run(r.text) for r in runs if r.kind != ADDED]
    new = [_marked(r.text, strike=False) if r.kind == ADDED else w.run(r.text) for r in runs if r.kind != REMOVED]
    empty = [w.run(wording.a["empty"])]
    return _side(wording.a["before"], old or empty) + _side(wording.a["after"], new or empty)


def _marked(text: str, strike: bool) -> str:
    """Changed words struck through (removed) or bold and underlined (added); the space after them is not."""
    words = text.rstrip()
    space = w.run(text[len(words):]) if len(words) < len(text) else ""
    if strike:
        return w.run(words, strike=True, colour=STRUCK) + space
    return w.run(words, bold=True, underline=True) + space


def _label(text: str) -> str:
    return w.text_paragraph(text)


def _name(text: str) -> str:
    return w.paragraph(w.run(text, bold=True, size=18))


# ---------------------------------------------------------------- the competition


def _tender_table(changes: list[FieldChange], wording: Wording) -> str:
    a = wording.a
    rows = ([w.paragraph(w.run(a["tender_field"][c.field], bold=True)),
             _before_after(wording, wording.tender_value(c.field, c.old), wording.tender_value(c.field, c.new))]
            for c in changes)
    return w.table(TENDER_COLUMNS, (a["column_what"], a["column_content"]), rows)


# ---------------------------------------------------------------- requirements


def _requirements(changes: tuple[RequirementChange, ...], wording: Wording, outline: Outline) -> str:
    """One table per chapter of the specification, in document order; a chapter may come back after
    removals placed where they stood."""
    a = wording.a
    header = (a["column_id"], a["column_change"], a["column_content"])
    parts: list[str] = []
    group: list[list[str]] = []
    module = None
    for change in changes:
        if change.module != module:
            if group:
                parts.append(w.table(REQUIREMENT_COLUMNS, header, group))
            parts.append(outline.heading(change.module, 2))
            module, group = change.module, []
        group += _requirement_rows(change, wording)
    if group:
        parts.append(w.table(REQUIREMENT_COLUMNS, header, group))
    return "".join(parts)


def _requirement_rows(change: RequirementChange, wording: Wording) -> list[list[str]]:
    labels = wording.a["requirement_change"]
    if change.kind == ADDED:
        assert change.new is not None
        return [[_name(change.id), _label(labels[ADDED]), _requirement_in_full(change.new, wording)]]
    if change.kind == REMOVED:
        assert change.old is not None
        content = w.paragraph(w.run(change.old.title, bold=True)) + w.text_paragraph(wording.a["removed_requirement"])
        return [[_name(change.id), _label(labels[REMOVED]), content]]
    assert change.old is not None and change.new is not None
    rows = []
    for n, field in enumerate(change.fields):
        content = _requirement_field(field, change.old, change.new, wording)
        if n == 0 and field.field != "title":
            content = w.paragraph(w.run(change.new.title, bold=True), keep_next=True) + content
        rows.append([_name(change.id), _label(labels[field.field]), content])
    return rows


def _requirement_field(change: FieldChange, old: SpecRequirement, new: SpecRequirement, wording: Wording) -> str:
    if change.words:
        return _word_change(wording, change.words)
    if change.field == "parameter":
        label = next((p.label for p in new.parameters if p.name == change.name), change.name)
        return _before_after(wording, f"{label}: {change.old}", f"{label}: {change.new}")
    if change.field in ("obligation", "weight"):
        return _before_after(wording, wording.obligation(old), wording.obligation(new))
    if change.field == "answer_form":
        return _before_after(wording, wording.answer_form(answer_form(old)), wording.answer_form(answer_form(new)))
    if change.field == "members":
        return _before_after(wording, wording.scope(old.members), wording.scope(new.members))
    if change.field == "fulfilment":
        return _before_after(wording, _when(old, wording), _when(new, wording))
    return _before_after(wording, wording.option(old.option), wording.option(new.option))


def _when(req: SpecRequirement, wording: Wording) -> str:
    """When the requirement must be met, as the specification words it."""
    if req.fulfilment == "frist" and req.fulfilment_by:
        return req.fulfilment_by
    return str(wording.words["document"]["fulfilment"].get(req.fulfilment or "levering", req.fulfilment))


def _requirement_in_full(req: SpecRequirement, wording: Wording) -> str:
    d = wording.words["document"]
    meta = [f"{d['column_obligation']}: {wording.obligation(req)}",
            f"{d['response_form']}: {wording.answer_form(answer_form(req))}"]
    if wording.member_names:
        meta.append(f"{wording.a['scope']}: {wording.scope(req.members)}")
    if req.option:
        meta.append(str(wording.a["option_yes"]))
    return "".join([
        w.paragraph(w.run(req.title, bold=True), keep_next=True, space_after=60),
        w.text_paragraph(req.text, space_after=60),
        w.paragraph(w.run(" · ".join(meta), size=16, colour=GREY), space_after=0),
    ])


# ---------------------------------------------------------------- award criteria, price form, chapters


def _criteria_table(changes: tuple[CriterionChange, ...], wording: Wording) -> str:
    a = wording.a
    labels = a["criterion_change"]
    rows = []
    for change in changes:
        if change.kind == ADDED:
            assert change.new is not None
            content = w.paragraph(w.run(wording.criterion(change.new), bold=True))
            if change.new.description:
                content += w.text_paragraph(change.new.description)
            rows.append([_name(change.name), _label(labels[ADDED]), content])
        elif change.kind == REMOVED:
            rows.append([_name(change.name), _label(labels[REMOVED]), w.text_paragraph(a["removed_criterion"])])
        else:
            rows += [[_name(change.name), _label(labels[f.field]), _criterion_field(f, wording)]
                     for f in change.fields]
    return w.table(ITEM_COLUMNS, (a["column_what"], a["column_change"], a["column_content"]), rows)


def _criterion_field(change: FieldChange, wording: Wording) -> str:
    if change.field == "band":
        band = wording.a["band"]
        runs = (WordRun(EQUAL, band.format(scores=change.name.replace("-", "–"), text="")), *change.words)
        return _word_change(wording, runs)
    if change.words:
        return _word_change(wording, change.words)
    return _before_after(wording, wording.criterion_value(change, change.old),
                         wording.criterion_value(change, change.new))


def _price_table(changes: tuple[PriceElementChange, ...], wording: Wording) -> str:
    a = wording.a
    labels = a["price_change"]
    rows = []
    for change in changes:
        name = _name(change.name or a["price_form"])
        if change.kind == ADDED:
            assert change.new is not None
            rows.append([name, _label(labels[ADDED]), w.text_paragraph(wording.element(change.new))])
        elif change.kind == REMOVED:
            rows.append([name, _label(labels[REMOVED]), w.text_paragraph(a["removed_element"])])
        else:
            rows += [[name, _label(labels[f.field]),
                      _before_after(wording, wording.element_value(f.field, f.old),
                                    wording.element_value(f.field, f.new))] for f in change.fields]
    return w.table(ITEM_COLUMNS, (a["column_what"], a["column_change"], a["column_content"]), rows)


def _chapters_table(changes: tuple[ChapterChange, ...], wording: Wording) -> str:
    a = wording.a
    labels = a["chapter_change"]
    rows = []
    for change in changes:
        shown = change.new or change.old
        assert shown is not None
        name = _name(shown.title)
        if change.kind == ADDED:
            rows.append([name, _label(labels[ADDED]), w.text_paragraph(shown.text)])
        elif change.kind == REMOVED:
            rows.append([name, _label(labels[REMOVED]), w.text_paragraph(a["removed_chapter"])])
        else:
            rows += [[name, _label(labels[f.field]), _chapter_field(f, wording)] for f in change.fields]
    return w.table(ITEM_COLUMNS, (a["column_what"], a["column_change"], a["column_content"]), rows)


def _chapter_field(change: FieldChange, wording: Wording) -> str:
    if change.words:
        return _word_change(wording, change.words)
    if change.field == "place":
        places = wording.a["chapter_place"]
        return _before_after(wording, places.get(change.old, str(change.old)), places.get(change.new, str(change.new)))
    return _before_after(wording, str(change.old), str(change.new))
