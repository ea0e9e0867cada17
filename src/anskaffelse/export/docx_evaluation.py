"""The chapter "Evalueringsmodell": what each award criterion evaluates and how points are made.

Procurement law requires the award criteria and the way they are scored to
be known to every supplier before the tenders are written (the principle of
predictability), so this chapter states in full which requirements count
under which criterion, what the supplier hands in, the 0-10 scale, how
requirement points add up to criterion points and a total, and the price
formula with the period the price covers.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..resolved import AwardCriterion, Specification
from . import wordml as w

TEXT_WIDTH = 9638
FEW = 3


class Headings(Protocol):
    styles: dict[str, str]

    def heading(self, text: str, level: int) -> str: ...


def evaluation_chapter(spec: Specification, words: dict[str, Any], outline: Headings) -> str:
    e, d = words["evaluation"], words["document"]
    fixed = spec.award_basis == "fast-pris"
    parts = [outline.heading(d["evaluation_heading"], 1),
             w.text_paragraph(e["intro_fixed_price" if fixed else "intro"])]
    parts.append(_criteria_table(spec, e))
    quality = [c for c in spec.award_criteria if c.price is None]
    for criterion in quality:
        parts.append(_criterion_section(spec, criterion, e, outline))
    if quality:
        parts.append(outline.heading(e["scale_heading"], 2))
        parts.append(w.text_paragraph(e["scale_intro"]))
        parts.append(_band_table(quality[0] if _has_default_bands(quality[0], e) else None, e))
    parts.append(outline.heading(e["calculation_heading"], 2))
    parts += [w.text_paragraph(e["criterion_formula"]), w.text_paragraph(e["total_formula"])]
    for criterion in spec.award_criteria:
        if criterion.price is not None:
            parts.append(_price_section(spec, criterion, words, outline))
    return "".join(parts)


def _weight(criterion: AwardCriterion, e: dict[str, Any]) -> str:
    return str(e["weight_percent"].format(weight=f"{criterion.weight:g}"))


def _criteria_table(spec: Specification, e: dict[str, Any]) -> str:
    rows = []
    titles = {m.id: m.title for m in spec.modules}
    for c in spec.award_criteria:
        name = [w.run(c.name, bold=True)] + ([w.run("\n" + c.description)] if c.description else [])
        weight = w.text_paragraph(_weight(c, e), align="right")
        rows.append([w.paragraph(name), w.text_paragraph(_covers(c, titles, e)), weight])
    widths = (3400, TEXT_WIDTH - 4600, 1200)
    return w.table(widths, (e["column_criterion"], e["column_covers"], e["column_weight"]), rows)


def _covers(c: AwardCriterion, titles: dict[str, str], e: dict[str, Any]) -> str:
    """One line per thing the criterion evaluates, for the summary table."""
    if c.price is not None:
        return str(e["covers_price"].format(years=c.price.years) if c.price.years else e["covers_price_period"])
    lines = []
    count = e["covers_requirements"].format(count=len(c.requirements))
    if c.scope.catch_all:
        lines.append(f"{count}: {e['covers_catch_all']}")
    elif c.requirements:
        lines.append(f"{count}: {', '.join(titles.get(m, m) for m in c.modules)}")
    if c.deliverables:
        lines.append(e["covers_deliverables"].format(names=", ".join(d.name for d in c.deliverables)))
    return "\n".join(lines)


def _criterion_section(spec: Specification, c: AwardCriterion, e: dict[str, Any], outline: Headings) -> str:
    parts = [outline.heading(f"{c.name} ({_weight(c, e)})", 2)]
    if c.description:
        parts.append(w.text_paragraph(c.description))
    if c.requirements or not c.deliverables:
        parts.append(w.paragraph(w.run(e["requirements_heading"], bold=True), keep_next=True))
        if c.scope.catch_all:
            parts.append(w.text_paragraph(e["requirements_catch_all"]))
        lines = _module_lines(spec, c, e)
        parts += [w.text_paragraph(line, outline.styles["List Bullet"]) for line in lines]
        if not lines:
            parts.append(w.text_paragraph(e["requirements_none"]))
    if c.deliverables:
        parts.append(w.paragraph(w.run(e["deliverables_heading"], bold=True), keep_next=True))
        for d in c.deliverables:
            runs = [w.run(d.name, bold=True), w.run(f" ({e['deliverable_weight'].format(weight=d.weight)})")]
            if d.description:
                runs.append(w.run(f": {d.description}"))
            parts.append(w.paragraph(runs, outline.styles["List Bullet"]))
    if not _has_default_bands(c, e):
        parts += [w.text_paragraph(e["own_scale"]), _band_table(c, e)]
    return "".join(parts)


def _module_lines(spec: Specification, c: AwardCriterion, e: dict[str, Any]) -> list[str]:
    """A module whose evaluated requirements all count here is named with their number, else by ID.

    A handful of requirements are always named by ID, which is shorter than a count.
    """
    mine = set(c.requirements)
    lines = []
    for module in spec.modules:
        evaluated = [r.id for r in module.requirements if r.obligation == "evaluert"]
        here = [i for i in evaluated if i in mine]
        if not here:
            continue
        if len(here) == len(evaluated) and len(here) > FEW:
            lines.append(e["module_all"].format(module=module.title, count=len(here)))
        else:
            lines.append(e["module_some"].format(module=module.title, ids=", ".join(here)))
    return lines


def _has_default_bands(c: AwardCriterion, e: dict[str, Any]) -> bool:
    return all(band.text == e["bands"][band.scores] for band in c.bands)


def _band_table(c: AwardCriterion | None, e: dict[str, Any]) -> str:
    bands = [(b.scores, b.text) for b in c.bands] if c is not None else list(e["bands"].items())
    rows = ([w.text_paragraph(scores.replace("-", "–"), align="center"), w.text_paragraph(text)]
            for scores, text in bands)
    return w.table((1200, TEXT_WIDTH - 1200), (e["column_scores"], e["column_band"]), rows)


def _price_section(spec: Specification, c: AwardCriterion, words: dict[str, Any], outline: Headings) -> str:
    e, d = words["evaluation"], words["document"]
    assert c.price is not None
    parts = [outline.heading(f"{c.name} ({_weight(c, e)})", 2)]
    if c.description:
        parts.append(w.text_paragraph(c.description))
    parts.append(w.text_paragraph(d["price_formula"][c.price.model].format(name=c.name)))
    years = c.price.years
    parts.append(w.text_paragraph(e["price_total_years"].format(years=years) if years else e["price_total_period"]))
    if c.price.includes:
        parts.append(w.text_paragraph(e["price_includes"].format(includes=c.price.includes)))
    parts.append(w.text_paragraph(e["price_form"] if spec.price_form else e["price_no_form"]))
    return "".join(parts)
