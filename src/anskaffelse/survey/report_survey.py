"""The survey report: a workbook for analysts (tidy data and pivots with charts), a Word report, JSON.

Everything here reads `SurveyAggregates` (and, for the tidy data, the
responses); nothing counts anew. Names of municipalities, their comments and
per-municipality results appear only when the report is `named`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..export import ExportOptions
from ..export import wordml as w
from ..export.docx_body import TEXT_WIDTH, Outline
from ..locale import texts
from ..resolved import Specification
from . import charts
from .coverage import OTHER, SurveyAggregates, Tally
from .figures import Figures
from .responses import Response
from .scales import IMPORTANCE, SURVEY_SCALE, words
from .sheets import ReportBook

if TYPE_CHECKING:
    from .attribution import Roll

FORMAT = "anskaffelse-kartlegging-rapport/1"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}".replace(".", ",")


def _share(count: int, total: int) -> str:
    return _pct(100 * count / total if total else None)


def _name(key: str, r: dict[str, Any]) -> str:
    return str(r["other"]) if key == OTHER else key


# ------------------------------------------------------------------ JSON


def survey_json(spec: Specification, agg: SurveyAggregates, skipped: list[str]) -> dict[str, Any]:
    titles = {m.id: m.title for m in spec.modules}

    def group(g: Any) -> dict[str, Any]:
        return {"name": None if g.key == OTHER else g.key, "pooled": g.key == OTHER, "respondents": g.respondents,
                **g.tally.as_json(), "modules": {k: v.coverage for k, v in g.modules.items()}}

    data: dict[str, Any] = {
        "format": FORMAT, "specification": spec.fingerprint, "respondents": agg.respondents,
        "skipped": skipped, "min_group": agg.min_group, "named": agg.named, "total": agg.total.as_json(),
        "modules": [{"id": m, "title": titles[m], **t.as_json()} for m, t in agg.modules],
        "products": [group(g) for g in agg.products],
        "areas": [group(g) for g in agg.areas],
        "requirements": [{"id": r.id, "module": r.module, "obligation": r.obligation, **r.tally.as_json(),
                          "need": r.need} for r in agg.requirements],
        "gaps": [r.id for r in agg.gaps()],
    }
    return data


# ------------------------------------------------------------------ workbook


def survey_workbook(spec: Specification, agg: SurveyAggregates, responses: list[Response], epoch: int) -> bytes:
    lang = spec.language
    s, r = words("survey", lang), words("survey", lang)["report"]
    scale = [s["scale"][c] for c in SURVEY_SCALE]
    titles = {m.id: m.title for m in spec.modules}
    book = ReportBook()
    book.big_table(r["sheet_tidy"], *_tidy(spec, agg, responses, s))
    header = [s["columns"]["id"], s["columns"]["title"], r["column_module"], s["columns"]["obligation"], *scale,
              r["column_coverage"], r["column_must"], r["column_need"]]
    obligation = texts(lang)["obligation"]
    book.table(r["sheet_requirements"], header,
               [[q.id, q.title, titles[q.module], obligation[q.obligation], *_counts(q.tally), q.tally.coverage,
                 q.tally.must_share, q.need] for q in agg.requirements], (12, 40, 24, 12, *[9] * 8))
    modules = book.table(r["sheet_modules"], [r["column_module"], r["column_answers"], *scale, r["column_coverage"]],
                         [[titles[m], t.answered, *_counts(t), t.coverage] for m, t in agg.modules], (36, *[10] * 7))
    book.bar_chart(modules, r["modules_heading"], 1, [8], len(agg.modules), "J2")
    for title, groups, label in ((r["sheet_areas"], agg.areas, r["column_area"]),
                                 (r["sheet_products"], agg.products, r["column_product"])):
        rows = [[_name(g.key, r), g.respondents, g.tally.coverage, *(g.modules[m].coverage for m, _ in agg.modules)]
                for g in groups]
        ws = book.table(title, [label, r["column_respondents"], r["column_coverage"],
                                *(titles[m] for m, _ in agg.modules)], rows, (28, 12, 12, *[14] * len(agg.modules)))
        book.bar_chart(ws, title, 1, [3], len(rows), "B" + str(len(rows) + 4))
    gaps = agg.gaps(limit=len(agg.requirements))
    ws = book.table(r["sheet_gaps"], [s["columns"]["id"], s["columns"]["title"], r["column_must"],
                                      r["column_coverage"], r["column_need"]],
                    [[q.id, q.title, q.tally.must_share, q.tally.coverage, q.need] for q in gaps], (12, 44, 10, 12, 10))
    book.bar_chart(ws, r["gaps_heading"], 1, [3, 4], min(20, len(gaps)), "G2")
    if agg.named:
        book.table(r["sheet_respondents"], [r["column_municipality"], r["column_product"], r["column_area"],
                                            r["column_coverage"], *(titles[m] for m, _ in agg.modules)],
                   _per_respondent(spec, agg, responses), (28, 20, 20, 12, *[14] * len(agg.modules)))
    return book.save(epoch, r["title"], texts(lang)["language_tag"])


def _counts(tally: Tally) -> list[int]:
    return [tally.counts.get(c, 0) for c in SURVEY_SCALE]


def _tidy(spec: Specification, agg: SurveyAggregates, responses: list[Response],
          s: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    r = s["report"]
    header = [r["respondent"], r["column_area"], r["column_product"], s["columns"]["id"], r["column_module"],
              s["columns"]["answer"], s["columns"]["importance"]]
    if agg.named:
        header += [s["facts"]["org_number"], s["columns"]["comment"]]
    module_of = {q.id: q.module for q in spec.requirements()}
    rows: list[list[Any]] = []
    for response, (name, product, areas) in zip(responses, agg.labels, strict=True):
        area = ", ".join(_name(a, r) for a in areas)
        for req_id, answer in response.answers.items():
            row = [name, area, _name(product, r), req_id, module_of[req_id], s["scale"][answer.code],
                   s["importance"][answer.second] if answer.second in IMPORTANCE else ""]
            if agg.named:
                row += [response.facts["org_number"], answer.comment]
            rows.append(row)
    return header, rows


def _per_respondent(spec: Specification, agg: SurveyAggregates, responses: list[Response]) -> list[list[Any]]:
    from .coverage import _group

    rows = []
    for response, (name, _, _) in zip(responses, agg.labels, strict=True):
        g = _group(spec, name, [response])
        rows.append([name, response.facts["product"], response.facts["area"], g.tally.coverage,
                     *(g.modules[m].coverage for m, _ in agg.modules)])
    return rows


# ------------------------------------------------------------------ Word


def survey_docx(spec: Specification, agg: SurveyAggregates, responses: list[Response], skipped: int,
                options: ExportOptions, roll: Roll | None = None) -> bytes:
    from ..export.docx import word_document

    r = words("survey", spec.language)["report"]
    named = _per_respondent(spec, agg, responses) if agg.named else []
    return word_document(spec, options, r["subject"],
                         lambda styles, package: _body(spec, agg, skipped, styles, Figures(package), named, roll),
                         r["title"])


def invitation_summary(roll: Roll | None, r: dict[str, Any]) -> list[str]:
    """How many of the respondents on the list answered (nothing without a list)."""
    if roll is None or roll.invited is None:
        return []
    answered, invited = len(roll.answered), len(roll.invited)
    return [w.text_paragraph(r["invited"].format(answered=answered, invited=invited, share=_share(answered, invited)))]


def invitation_section(roll: Roll | None, r: dict[str, Any], outline: Outline, named: bool) -> list[str]:
    """With names shown: the respondents on the list who have not answered."""
    if roll is None or roll.invited is None or not named:
        return []
    parts = [outline.heading(r["missing_heading"], 1)]
    if not roll.missing:
        return [*parts, w.text_paragraph(r["missing_none"])]
    return [*parts, *(w.text_paragraph(f"{m.name} ({m.org_number})") for m in roll.missing)]


def _body(spec: Specification, agg: SurveyAggregates, skipped: int, styles: dict[str, str], figures: Figures,
          named: list[list[Any]], roll: Roll | None = None) -> str:
    s = words("survey", spec.language)
    r = s["report"]
    outline = Outline(styles)
    titles = {m.id: m.title for m in spec.modules}
    total = agg.total
    judged = sum(total.counts.get(c, 0) for c in ("full", "partial", "none"))
    parts = [w.text_paragraph(r["title"], styles["Title"]), w.text_paragraph(spec.tender.title, styles["Subtitle"]),
             outline.heading(r["summary_heading"], 1),
             w.text_paragraph(r["summary"].format(
                 respondents=agg.respondents, requirements=spec.requirement_count, coverage=_pct(total.coverage),
                 full=_share(total.counts.get("full", 0), judged),
                 partial=_share(total.counts.get("partial", 0), judged),
                 none=_share(total.counts.get("none", 0), judged)))]
    parts += invitation_summary(roll, r)
    if skipped:
        parts.append(w.text_paragraph(r["skipped"].format(count=skipped)))
    parts += [outline.heading(r["method_heading"], 2), w.text_paragraph(r["method"]),
              w.text_paragraph(r["suppression"].format(min_group=agg.min_group, other=r["other"]))]
    parts += _modules_section(agg, titles, r, outline)
    parts += _products_section(agg, titles, r, outline, figures)
    parts += _areas_section(agg, r, outline, dict(spec.area_names))
    parts += _gaps_section(agg, s, outline, figures)
    if named:
        rows = [[w.text_paragraph(str(row[0])), w.text_paragraph(str(row[1])),
                 w.text_paragraph(_pct(row[3]), align="right")] for row in named]
        parts += [outline.heading(r["respondents_heading"], 1),
                  w.table((TEXT_WIDTH - 5400, 3500, 1900), (r["column_municipality"], r["column_product"],
                                                             r["column_coverage"]), rows)]
    parts += invitation_section(roll, r, outline, agg.named)
    return "".join(parts)


def _modules_section(agg: SurveyAggregates, titles: dict[str, str], r: dict[str, Any], outline: Outline) -> list[str]:
    parts = [outline.heading(r["modules_heading"], 1)]
    rated = [(m, t) for m, t in agg.modules if t.coverage is not None]
    if rated:
        best = max(rated, key=lambda mt: (mt[1].coverage or 0, mt[0]))
        worst = min(rated, key=lambda mt: (mt[1].coverage or 0, mt[0]))
        parts.append(w.text_paragraph(r["modules_best"].format(
            best=titles[best[0]], best_coverage=_pct(best[1].coverage),
            worst=titles[worst[0]], worst_coverage=_pct(worst[1].coverage))))
    rows = [[w.text_paragraph(titles[m]), w.text_paragraph(str(t.answered), align="right"),
             w.text_paragraph(_pct(t.coverage), align="right")] for m, t in agg.modules]
    parts.append(w.table((TEXT_WIDTH - 3800, 1900, 1900),
                         (r["column_module"], r["column_answers"], r["column_coverage"]), rows))
    return parts


def _products_section(agg: SurveyAggregates, titles: dict[str, str], r: dict[str, Any], outline: Outline,
                      figures: Figures) -> list[str]:
    parts = [outline.heading(r["products_heading"], 1)]
    if not agg.products:
        return [*parts, w.text_paragraph(r["products_none"])]
    names = [_name(g.key, r) for g in agg.products]
    grid = [[g.modules[m].coverage for g in agg.products] for m, _ in agg.modules]
    png = charts.heatmap([titles[m] for m, _ in agg.modules], names, grid, r["products_heading"])
    parts.append(figures.add(png, r["heatmap_caption"]))
    rows = [[w.text_paragraph(name), w.text_paragraph(str(g.respondents), align="right"),
             w.text_paragraph(_pct(g.tally.coverage), align="right")]
            for name, g in zip(names, agg.products, strict=True)]
    parts.append(w.table((TEXT_WIDTH - 3800, 1900, 1900),
                         (r["column_product"], r["column_respondents"], r["column_coverage"]), rows))
    return parts


def _areas_section(agg: SurveyAggregates, r: dict[str, Any], outline: Outline, areas: dict[str, str]) -> list[str]:
    if not agg.areas:
        return []
    rows = [[w.text_paragraph(areas.get(g.key, _name(g.key, r))), w.text_paragraph(str(g.respondents), align="right"),
             w.text_paragraph(_pct(g.tally.coverage), align="right")] for g in agg.areas]
    return [outline.heading(r["areas_heading"], 1),
            w.table((TEXT_WIDTH - 3800, 1900, 1900), (r["column_area"], r["column_respondents"],
                                                       r["column_coverage"]), rows)]


def _gaps_section(agg: SurveyAggregates, s: dict[str, Any], outline: Outline, figures: Figures) -> list[str]:
    r = s["report"]
    gaps = agg.gaps()
    parts = [outline.heading(r["gaps_heading"], 1)]
    if not gaps:
        return parts
    first = gaps[0]
    parts.append(w.text_paragraph(r["gaps_intro"].format(first=first.title, first_id=first.id,
                                                         must=_pct(first.tally.must_share),
                                                         coverage=_pct(first.tally.coverage))))
    top = gaps[:15]
    png = charts.ranked_bars([f"{q.id} {q.title}" for q in top], [q.tally.must_share or 0 for q in top],
                             [q.tally.coverage or 0 for q in top], (r["column_must"], r["column_coverage"]),
                             r["gaps_heading"])
    parts.append(figures.add(png, r["gaps_caption"]))
    rows = [[w.text_paragraph(q.id), w.text_paragraph(q.title),
             w.text_paragraph(_pct(q.tally.must_share), align="right"),
             w.text_paragraph(_pct(q.tally.coverage), align="right"),
             w.text_paragraph(f"{q.need:.2f}".replace(".", ","), align="right")] for q in gaps]
    parts.append(w.table((1400, TEXT_WIDTH - 5000, 1200, 1200, 1200),
                         (s["columns"]["id"], r["column_requirement"], r["column_must"], r["column_coverage"],
                          r["column_need"]), rows))
    return parts
