"""The award justification (tildelingsbegrunnelse) as a Word document.

The buyer sends it to every supplier with the award decision. It must let
each supplier see how its tender was scored and why the winner won: the
ranking with each criterion's weighted points, per criterion every tender's
points with the committee's comments as the reasons, the rejected tenders,
the winner's relative advantages over each other tender (the criteria and
the rows where the winner scored higher, with the comments), and how the
points were rounded and ties ranked.

The document uses the building blocks of the specification (`export/docx.py`
sets up styles, numbering, page and footer; `export/wordml.py` writes the
tables), so both documents look alike.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..epoch import utc
from ..export import wordml as w
from ..export.docx_body import TEXT_WIDTH, Outline
from ..export.zipfix import normalise
from ..locale import long_date, texts
from .plan import Criterion
from .readback import FilledEvaluation
from .results import Outcome, advantages, better_for_other
from .scoring import format_number, rounded


class _Writer:
    """The document's words, styles and number format, shared by the sections."""

    def __init__(self, filled: FilledEvaluation, result: Outcome, styles: dict[str, str]) -> None:
        self.filled, self.result, self.styles = filled, result, styles
        self.words = texts(filled.plan.language)
        self.r: Mapping[str, Any] = self.words["award_report"]
        self.outline = Outline(styles)

    def number(self, value: Fraction, places: int = 2) -> str:
        return format_number(rounded(value, places), places, self.r["decimal_mark"], self.r["group_mark"])

    def bullet(self, text: str) -> str:
        return w.text_paragraph(text, self.styles["List Bullet"])

    def criterion_name(self, criterion: Criterion) -> str:
        return str(self.r["criterion_column"].format(name=criterion.name, weight=f"{criterion.weight:g}"))

    def names(self, suppliers: list[str]) -> str:
        """'A, B og C'."""
        joiner = self.words["document"]["list_and"]
        return suppliers[0] if len(suppliers) == 1 else f"{', '.join(suppliers[:-1])} {joiner} {suppliers[-1]}"


def export_report(filled: FilledEvaluation, result: Outcome, date: str, epoch: int) -> bytes:
    """The bytes of the award justification; the same workbook and date give the same bytes."""
    from docx import Document

    from ..export.docx import _place_body_marker, _prepare_styles, _splice_body, page_frame

    plan = filled.plan
    words = texts(plan.language)
    doc = Document()
    styles = _prepare_styles(doc, words["language_tag"])
    page_frame(doc, f"{plan.title} – {plan.reference}", words["document"]["page"])
    _properties(doc, filled, words, epoch)
    _place_body_marker(doc)
    body = report_body(_Writer(filled, result, styles), date).encode("utf-8")
    main = doc.part.partname.membername
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise(buffer.getvalue(), epoch, rewrite=lambda name, data: _splice_body(name, data, main, body))


def report_body(out: _Writer, date: str) -> str:
    plan = out.filled.plan
    parts = [_front(out, date), _result(out)]
    if plan.rejected:
        parts.append(_rejected(out))
    for index, criterion in enumerate(plan.criteria):
        parts.append(_price(out, index, criterion) if criterion.is_price else _quality(out, index, criterion))
    if plan.evaluated:
        parts.append(_advantages(out))
    parts.append(out.outline.heading(out.r["calculation_heading"], 1))
    parts += [w.text_paragraph(line) for line in out.r["calculation"]]
    if len(plan.evaluators) > 1:
        parts.append(w.text_paragraph(out.r["evaluators_note"].format(count=len(plan.evaluators))))
    return "".join(parts)


def _front(out: _Writer, date: str) -> str:
    plan, r = out.filled.plan, out.r
    rows = [(r["buyers"], "\n".join(plan.buyers)), (r["reference"], plan.reference),
            (r["date"], long_date(date, plan.language)),
            (r["basis"], r["basis_values"].get(plan.award_basis, plan.award_basis))]
    table = w.table((2800, TEXT_WIDTH - 2800), None,
                    ([w.paragraph(w.run(k, bold=True)), w.text_paragraph(v or "–")] for k, v in rows))
    return "".join([w.text_paragraph(r["title"], out.styles["Title"]),
                    w.text_paragraph(r["subtitle"].format(title=plan.title), out.styles["Subtitle"]), table,
                    w.text_paragraph(""), w.text_paragraph(r["intro"].format(buyers=out.names(list(plan.buyers))))])


def _result(out: _Writer) -> str:
    plan, r, result = out.filled.plan, out.r, out.result
    parts = [out.outline.heading(r["result_heading"], 1)]
    if not result.ranking:
        return parts[0] + w.text_paragraph(r["none_evaluated"])
    count = len(plan.criteria)
    criterion_width = (TEXT_WIDTH - 800 - 2600 - 1400) // count
    widths = (800, 2600, *([criterion_width] * count), TEXT_WIDTH - 800 - 2600 - criterion_width * count)
    header = (r["column_rank"], r["column_supplier"], *(out.criterion_name(c) for c in plan.criteria),
              r["column_total"])
    rows = [[w.text_paragraph(f"{entry.rank}.", align="center"), w.text_paragraph(entry.supplier),
             *(w.text_paragraph(out.number(result.weighted[(i, entry.supplier)]), align="right")
               for i in range(count)),
             w.paragraph(w.run(format_number(entry.shown, 2, r["decimal_mark"], r["group_mark"]), bold=True),
                         align="right")]
            for entry in result.ranking]
    parts.append(w.table(widths, header, rows))
    parts.append(w.text_paragraph(""))
    parts += [w.text_paragraph(line) for line in _ranking_sentences(out)]
    return "".join(parts)


def _ranking_sentences(out: _Writer) -> list[str]:
    r, ranking = out.r, out.result.ranking
    shown = {e.supplier: format_number(e.shown, 2, r["decimal_mark"], r["group_mark"]) for e in ranking}
    winners = list(out.result.winners)
    lines = []
    if len(winners) == 1:
        lines.append(r["winner"].format(winner=winners[0], total=shown[winners[0]]))
    else:
        lines.append(r["tie_first"].format(names=out.names(winners), total=shown[winners[0]]))
    by_rank: dict[int, list[str]] = {}
    for entry in ranking:
        by_rank.setdefault(entry.rank, []).append(entry.supplier)
    for position, names in by_rank.items():
        if position > 1 and len(names) > 1:
            lines.append(r["tie"].format(names=out.names(names), total=shown[names[0]], rank=position))
    return lines


def _rejected(out: _Writer) -> str:
    r, filled = out.r, out.filled
    parts = [out.outline.heading(r["rejected_heading"], 1), w.text_paragraph(r["rejected_intro"])]
    for supplier in filled.plan.rejected:
        reason = filled.justifications.get(supplier.name) or " ".join(supplier.rejected)
        parts.append(out.bullet(f"{supplier.name}: {reason}"))
    return "".join(parts)


def _ranked_suppliers(out: _Writer) -> list[str]:
    return [entry.supplier for entry in out.result.ranking]


def _quality(out: _Writer, index: int, criterion: Criterion) -> str:
    r, result = out.r, out.result
    parts = [out.outline.heading(r["criterion_heading"].format(name=criterion.name,
                                                               weight=f"{criterion.weight:g}"), 1)]
    if criterion.description:
        parts.append(w.text_paragraph(criterion.description))
    rows = [[w.text_paragraph(s), w.text_paragraph(out.number(result.points[(index, s)]), align="right"),
             w.text_paragraph(out.number(result.weighted[(index, s)]), align="right")]
            for s in _ranked_suppliers(out)]
    parts.append(w.table((TEXT_WIDTH - 3600, 1800, 1800),
                         (r["column_supplier"], r["column_points"], r["column_weighted"]), rows))
    for supplier in _ranked_suppliers(out):
        points = out.number(result.points[(index, supplier)])
        parts.append(out.outline.heading(r["supplier_points"].format(supplier=supplier, points=points), 2))
        parts.append(_item_table(out, index, criterion, supplier))
    return "".join(parts)


def _item_table(out: _Writer, index: int, criterion: Criterion, supplier: str) -> str:
    r = out.r
    rows = []
    for row, item in enumerate(criterion.items):
        judgement = out.filled.judgements[(index, row, supplier)]
        rows.append([w.paragraph([w.run(item.id, bold=True), w.run("\n" + item.title)]),
                     w.text_paragraph(out.number(judgement.points), align="right"),
                     w.text_paragraph(judgement.comment or r["no_comment"])])
    return w.table((2900, 1000, TEXT_WIDTH - 3900), (r["column_item"], r["column_score"], r["column_comment"]), rows)


def _price(out: _Writer, index: int, criterion: Criterion) -> str:
    r, result, plan = out.r, out.result, out.filled.plan
    parts = [out.outline.heading(r["criterion_heading"].format(name=criterion.name,
                                                               weight=f"{criterion.weight:g}"), 1)]
    if criterion.description:
        parts.append(w.text_paragraph(criterion.description))
    parts.append(w.text_paragraph(out.words["document"]["price_formula"][criterion.price_model]
                                  .format(name=criterion.name)))
    if criterion.years:
        parts.append(w.text_paragraph(r["price_period"].format(years=criterion.years)))
    if result.lowest_price is not None:
        parts.append(w.text_paragraph(r["price_lowest"].format(price=out.number(result.lowest_price))))
    prices = {s.name: s.price for s in plan.suppliers}
    rows = [[w.text_paragraph(s), w.text_paragraph(out.number(Fraction(prices[s] or 0)), align="right"),
             w.text_paragraph(out.number(result.points[(index, s)]), align="right"),
             w.text_paragraph(out.number(result.weighted[(index, s)]), align="right")]
            for s in _ranked_suppliers(out)]
    parts.append(w.table((TEXT_WIDTH - 6600, 2600, 2000, 2000),
                         (r["column_supplier"], r["column_price"], r["column_points"], r["column_weighted"]), rows))
    return "".join(parts)


def _advantages(out: _Writer) -> str:
    r = out.r
    winners = out.result.winners
    parts = [out.outline.heading(r["advantages_heading"], 1)]
    if len(winners) > 1:
        return parts[0] + w.text_paragraph(r["advantages_tie"])
    winner = winners[0]
    others = [s for s in _ranked_suppliers(out) if s != winner]
    if not others:
        return parts[0] + w.text_paragraph(r["advantages_none"])
    parts.append(w.text_paragraph(r["advantages_intro"].format(winner=winner)))
    for other in others:
        parts.append(_comparison(out, winner, other))
    return "".join(parts)


def _comparison(out: _Writer, winner: str, other: str) -> str:
    r, result, plan = out.r, out.result, out.filled.plan
    totals = {e.supplier: format_number(e.shown, 2, r["decimal_mark"], r["group_mark"]) for e in result.ranking}
    parts = [out.outline.heading(r["compared_with"].format(other=other), 2),
             w.text_paragraph(r["compared_totals"].format(winner=winner, other=other, winner_total=totals[winner],
                                                          other_total=totals[other]))]
    found = advantages(out.filled, result, winner, other)
    for advantage in found:
        criterion = plan.criteria[advantage.criterion]
        values = {"criterion": out.criterion_name(criterion), "winner": winner, "other": other,
                  "winner_points": out.number(advantage.winner_points),
                  "other_points": out.number(advantage.other_points)}
        if criterion.is_price:
            prices = {s.name: Fraction(s.price or 0) for s in plan.suppliers}
            parts.append(_bold(r["better_price"].format(**values, winner_price=out.number(prices[winner]),
                                                        other_price=out.number(prices[other]))))
            continue
        parts.append(_bold(r["better_criterion"].format(**values)))
        parts += [_item_advantage(out, advantage.criterion, row, winner, other) for row in advantage.rows]
    if not found:
        parts.append(w.text_paragraph(r["no_better"].format(winner=winner, other=other)))
    theirs = better_for_other(out.filled, result, winner, other)
    if theirs:
        names = out.names([out.criterion_name(plan.criteria[i]) for i in theirs])
        parts.append(w.text_paragraph(r["other_better"].format(other=other, winner=winner, criteria=names)))
    return "".join(parts)


def _bold(text: str) -> str:
    return w.paragraph(w.run(text, bold=True), keep_next=True)


def _item_advantage(out: _Writer, index: int, row: int, winner: str, other: str) -> str:
    item = out.filled.plan.criteria[index].items[row]
    mine = out.filled.judgements[(index, row, winner)]
    theirs = out.filled.judgements[(index, row, other)]
    text = out.r["better_item"].format(item=f"{item.id} {item.title}", winner_points=out.number(mine.points),
                                       other_points=out.number(theirs.points), comment=mine.comment).strip()
    return out.bullet(text)


def _properties(doc: Any, filled: FilledEvaluation, words: Mapping[str, Any], epoch: int) -> None:

    plan = filled.plan
    stamp = utc(epoch)
    props = doc.core_properties
    author = "; ".join(plan.buyers)[:255]
    props.title = plan.title[:255]
    props.subject = words["award_report"]["title"]
    props.author = author
    props.last_modified_by = author
    props.identifier = plan.reference[:255]
    props.language = words["language_tag"]
    props.comments = f"SHA-256 {plan.specification}"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
