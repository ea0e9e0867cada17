"""The market dialogue report: workbook, Word report and JSON from `DialogueAggregates`.

Suppliers are named (and each product's declaration of conformity shown)
only when the report is `named`; otherwise every table counts suppliers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..export import ExportOptions
from ..export import wordml as w
from ..export.docx_body import TEXT_WIDTH, Outline
from ..locale import texts
from ..resolved import Specification
from . import charts
from .figures import Figures
from .market import DialogueAggregates, MarketCount
from .report_survey import invitation_section, invitation_summary
from .responses import Response
from .scales import words
from .sheets import ReportBook

if TYPE_CHECKING:
    from .attribution import Roll

FORMAT = "anskaffelse-markedsdialog-rapport/1"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _count_json(c: MarketCount) -> dict[str, Any]:
    return {"today": c.today, "planned": c.planned, "not_planned": c.not_planned,
            "earliest_year": c.earliest_year, "readiness": c.readiness}


def dialogue_json(spec: Specification, agg: DialogueAggregates, skipped: list[str]) -> dict[str, Any]:
    titles = {m.id: m.title for m in spec.modules}
    return {
        "format": FORMAT, "specification": spec.fingerprint, "suppliers": agg.suppliers, "skipped": skipped,
        "named": agg.named, "total": _count_json(agg.total),
        "modules": [{"id": m, "title": titles[m], **_count_json(c)} for m, c in agg.modules],
        "requirements": [{"id": r.id, "module": r.module, "obligation": r.obligation, **_count_json(r.count)}
                         for r in agg.requirements],
        "nobody_delivers": [{"id": r.id, "minstekrav": r.obligation == "minstekrav"} for r in agg.nobody()],
        "conformity": [{"standard": c.standard, "name": c.name, "mandatory": c.mandatory,
                        "requirements": list(c.requirements), "declared": c.declared, "planned": c.planned,
                        **({"products": [{"product": p, "status": st, "year": y} for p, st, y in c.per_product]}
                           if agg.named else {})} for c in agg.conformity],
        **({"products": list(agg.labels)} if agg.named else {}),
    }


def _status_text(status: str, year: int | None, r: dict[str, Any]) -> str:
    if status == "declared":
        return str(r["conformity_yes"])
    if status == "planned":
        return str(r["conformity_planned"].format(year=year or "")).strip()
    return str(r["conformity_no"])


def dialogue_workbook(spec: Specification, agg: DialogueAggregates, responses: list[Response], epoch: int) -> bytes:
    lang = spec.language
    d = words("dialogue", lang)
    r = d["report"]
    titles = {m.id: m.title for m in spec.modules}
    obligation = texts(lang)["obligation"]
    book = ReportBook()
    counts = [r["column_today"], r["column_planned_count"], r["column_not"]]
    book.table(r["sheet_requirements"], [d["columns"]["id"], d["columns"]["title"], r["column_module"],
                                         r["column_obligation"], *counts, d["columns"]["year"], r["column_readiness"]],
               [[q.id, q.title, titles[q.module], obligation[q.obligation], q.count.today, q.count.planned,
                 q.count.not_planned, q.count.earliest_year, q.count.readiness] for q in agg.requirements],
               (12, 40, 24, 12, 8, 8, 10, 8, 12))
    ws = book.table(r["sheet_modules"], [r["column_module"], *counts, r["column_readiness"]],
                    [[titles[m], c.today, c.planned, c.not_planned, c.readiness] for m, c in agg.modules],
                    (36, 8, 8, 10, 12))
    book.bar_chart(ws, r["readiness_heading"], 1, [2, 3, 4], len(agg.modules), "H2", stacked=True)
    book.table(r["sheet_nobody"], [d["columns"]["id"], d["columns"]["title"], r["column_module"],
                                   r["column_obligation"], counts[1]],
               [[q.id, q.title, titles[q.module], obligation[q.obligation], q.count.planned] for q in agg.nobody()],
               (12, 44, 24, 12, 8))
    header = [r["column_standard"], r["column_kind"], r["column_declared"], r["column_planned"]]
    rows: list[list[Any]] = []
    for c in agg.conformity:
        kind = r["mandatory"] if c.mandatory else r["recommended"]
        rows.append([c.name, kind, c.declared, c.planned, *(_status_text(s, y, r) for _, s, y in c.per_product)])
    book.table(r["sheet_conformity"], header + (list(agg.labels) if agg.named else []), rows,
               (40, 12, 10, 10, *[18] * (len(agg.labels) if agg.named else 0)))
    book.big_table(r["sheet_tidy"], *_tidy(agg, responses, d))
    return book.save(epoch, r["title"], texts(lang)["language_tag"])


def _tidy(agg: DialogueAggregates, responses: list[Response], d: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [d["report"]["respondent"], d["columns"]["id"], d["columns"]["answer"], d["columns"]["year"]]
    if agg.named:
        header.append(d["columns"]["comment"])
    rows: list[list[Any]] = []
    for response, label in zip(responses, agg.labels, strict=True):
        for req_id, answer in response.answers.items():
            row: list[Any] = [label, req_id, d["scale"][answer.code],
                              answer.second if isinstance(answer.second, int) else None]
            if agg.named:
                row.append(answer.comment)
            rows.append(row)
    return header, rows


def dialogue_docx(spec: Specification, agg: DialogueAggregates, skipped: int, options: ExportOptions,
                  roll: Roll | None = None) -> bytes:
    from ..export.docx import word_document

    r = words("dialogue", spec.language)["report"]
    return word_document(spec, options, r["subject"],
                         lambda styles, package: _body(spec, agg, skipped, styles, Figures(package), roll),
                         r["title"])


def _body(spec: Specification, agg: DialogueAggregates, skipped: int, styles: dict[str, str],
          figures: Figures, roll: Roll | None = None) -> str:
    d = words("dialogue", spec.language)
    r = d["report"]
    outline = Outline(styles)
    t = agg.total
    answered = t.answered or 1
    parts = [w.text_paragraph(r["title"], styles["Title"]), w.text_paragraph(spec.tender.title, styles["Subtitle"]),
             outline.heading(r["summary_heading"], 1),
             w.text_paragraph(r["summary"].format(suppliers=agg.suppliers, requirements=spec.requirement_count,
                                                  today=_pct(100 * t.today / answered),
                                                  planned=_pct(100 * t.planned / answered),
                                                  not_planned=_pct(100 * t.not_planned / answered)))]
    parts += invitation_summary(roll, r)
    if skipped:
        parts.append(w.text_paragraph(r["skipped"].format(count=skipped)))
    parts += _nobody_section(spec, agg, d, outline)
    parts += _readiness_section(spec, agg, r, outline, figures)
    parts += _conformity_section(agg, r, outline)
    parts += invitation_section(roll, r, outline, agg.named)
    return "".join(parts)


def _nobody_section(spec: Specification, agg: DialogueAggregates, d: dict[str, Any], outline: Outline) -> list[str]:
    r = d["report"]
    nobody = agg.nobody()
    parts = [outline.heading(r["nobody_heading"], 1)]
    if not nobody:
        return [*parts, w.text_paragraph(r["nobody_none"])]
    minstekrav = sum(q.obligation == "minstekrav" for q in nobody)
    parts.append(w.text_paragraph(r["nobody_intro"].format(count=len(nobody), minstekrav=minstekrav)))
    obligation = texts(spec.language)["obligation"]
    rows = []
    for q in nobody:
        flag = q.obligation == "minstekrav"
        rows.append([w.paragraph(w.run(q.id, bold=flag)), w.text_paragraph(q.title),
                     w.paragraph(w.run(obligation[q.obligation], bold=flag, colour="C00000" if flag else None)),
                     w.text_paragraph(str(q.count.planned), align="right")])
    parts.append(w.table((1400, TEXT_WIDTH - 4400, 1800, 1200), (d["columns"]["id"], r["column_requirement"],
                                                                r["column_obligation"], r["column_planned_count"]),
                         rows))
    return parts


def _readiness_section(spec: Specification, agg: DialogueAggregates, r: dict[str, Any], outline: Outline,
                       figures: Figures) -> list[str]:
    titles = {m.id: m.title for m in spec.modules}
    parts = [outline.heading(r["readiness_heading"], 1), w.text_paragraph(r["readiness_intro"])]
    shares = [[100 * x / (c.answered or 1) for x in (c.today, c.planned, c.not_planned)] for _, c in agg.modules]
    png = charts.stacked_bars([titles[m] for m, _ in agg.modules], shares,
                              [r["column_today"], r["column_planned_count"], r["column_not"]], r["readiness_heading"])
    parts.append(figures.add(png, r["readiness_caption"]))
    rows = [[w.text_paragraph(titles[m]), *(w.text_paragraph(str(x), align="right")
                                            for x in (c.today, c.planned, c.not_planned)),
             w.text_paragraph(_pct(c.readiness), align="right")] for m, c in agg.modules]
    parts.append(w.table((TEXT_WIDTH - 4800, 1200, 1200, 1200, 1200),
                         (r["column_module"], r["column_today"], r["column_planned_count"], r["column_not"],
                          r["column_readiness"]), rows))
    return parts


def _conformity_section(agg: DialogueAggregates, r: dict[str, Any], outline: Outline) -> list[str]:
    parts = [outline.heading(r["conformity_heading"], 1), w.text_paragraph(r["conformity_rule"])]
    if not agg.conformity:
        return parts
    for mandatory, heading in ((True, r["mandatory"]), (False, r["recommended"])):
        chosen = [c for c in agg.conformity if c.mandatory == mandatory]
        if not chosen:
            continue
        parts.append(outline.heading(heading, 2))
        if agg.named:
            for c in chosen:
                parts.append(w.paragraph(w.run(c.name, bold=True), keep_next=True))
                rows = [[w.text_paragraph(p), w.text_paragraph(_status_text(s, y, r))] for p, s, y in c.per_product]
                parts.append(w.table((TEXT_WIDTH - 3000, 3000), (r["column_product"], r["column_kind"]), rows))
        else:
            rows = [[w.text_paragraph(c.name), w.text_paragraph(str(c.declared), align="right"),
                     w.text_paragraph(str(c.planned), align="right")] for c in chosen]
            parts.append(w.table((TEXT_WIDTH - 3000, 1500, 1500), (r["column_standard"], r["column_declared"],
                                                                    r["column_planned"]), rows))
    if not agg.named:
        parts.append(w.text_paragraph(r["conformity_named_only"]))
    return parts
