"""The disagreement report: where the members' priorities differ, by how much, and what each member wrote.

The spread of a requirement is its highest priority minus its lowest (Må 3,
Bør 2, Kan 1, Ikke aktuelt 0): 0 when the members agree, 3 when one says Må
and another Ikke aktuelt. The report lists the requirements with a spread
above 0, the largest first, then in the order of the candidate list. The same
rows go to the terminal, to the workbook (`report_workbook`) and to JSON
(`report_data`), which also holds every decision.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ...epoch import utc
from ...export.xlsx_blocks import page_setup, register_styles, text_cell
from ...export.xlsx_layout import row_height
from ...export.zipfix import normalise
from ...locale import texts
from ...resolved import Member, Tender
from .outcome import MergedRequirement, grouped
from .rules import LEVEL_CODES


def disagreements(merged: Sequence[MergedRequirement]) -> list[MergedRequirement]:
    order = {m.candidate.id: i for i, m in enumerate(merged)}
    return sorted((m for m in merged if m.spread > 0), key=lambda m: (-m.spread, order[m.candidate.id]))


def decision_label(merged: MergedRequirement, lang: str) -> str:
    r = texts(lang)["prioritize"]["report"]
    label = str(r["outcomes"][merged.decision.outcome]).format(weight=merged.decision.weight)
    if merged.decision.scope:
        label += " " + r["scoped"].format(members=", ".join(merged.decision.scope))
    return label


def report_data(merged: Sequence[MergedRequirement], members: Sequence[Member], rule: str) -> dict[str, Any]:
    """Everything the merge decided, for scripts."""
    return {
        "rule": rule,
        "members": [{"id": m.id, "name": m.name, "language": m.language, "population": m.population or None}
                    for m in members],
        "requirements": [_requirement_data(m) for m in merged],
        "disagreements": [m.candidate.id for m in disagreements(merged)],
    }


def _requirement_data(m: MergedRequirement) -> dict[str, Any]:
    return {
        "id": m.candidate.id,
        "title": m.candidate.title,
        "decision": m.decision.outcome,
        "weight": m.decision.weight or None,
        "members": list(m.decision.scope),
        "priorities": {member: LEVEL_CODES[level] for member, level in m.votes},
        "comments": dict(m.comments),
        "spread": m.spread,
        "explanation": m.explanation,
    }


REPORT_WIDTHS = {"id": 12, "module": 16, "title": 30, "member": 12, "spread": 10, "decision": 24, "comment": 32}


def report_workbook(merged: Sequence[MergedRequirement], members: Sequence[Member], rule: str, tender: Tender,
                    epoch: int) -> bytes:
    """The report as a workbook in the tender's language: a summary sheet and the disagreements."""
    from openpyxl import Workbook

    words = texts(tender.language)
    wb = Workbook(write_only=True)
    register_styles(wb)
    _summary_sheet(wb, merged, members, rule, tender, words)
    _disagreement_sheet(wb, merged, members, tender.language)
    props = wb.properties
    props.created = props.modified = utc(epoch)
    props.title = f"{words['prioritize']['report']['title']} – {tender.title}"
    props.creator = props.lastModifiedBy = "; ".join(b.name for b in tender.buyers)
    props.language = words["language_tag"]
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), epoch)


def _summary_sheet(wb: Any, merged: Sequence[MergedRequirement], members: Sequence[Member], rule: str,
                   tender: Tender, words: dict[str, Any]) -> None:
    r = words["prioritize"]["report"]
    ws = wb.create_sheet(r["summary_sheet"])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    page_setup(ws, words, landscape=False)
    listed = "; ".join(f"{m.name} ({grouped(m.population)} {r['population']})" if m.population else m.name
                       for m in members)
    counts = {outcome: sum(1 for m in merged if m.decision.outcome == outcome)
              for outcome in ("minstekrav", "evaluert", "informasjon", "exclude")}
    outcomes = ", ".join(f"{r['outcome_names'][k]}: {n}" for k, n in counts.items() if n)
    rows = [(r["title"], "", "krav_title"), (tender.title, "", "krav_label"), ("", "", "krav_plain"),
            (r["rule"], rule, "krav_plain"), (r["members"], listed, "krav_plain"),
            (r["candidates"], str(len(merged)), "krav_plain"),
            (r["disagreements"], str(len(disagreements(merged))), "krav_plain"),
            (r["outcomes_label"], outcomes, "krav_plain"), ("", "", "krav_plain"),
            (r["spread"], r["spread_note"], "krav_plain")]
    for i, (label, value, style) in enumerate(rows, 1):
        ws.row_dimensions[i].height = row_height([(value, 90), (label, 30)])
        ws.append([text_cell(ws, label, "krav_label" if style == "krav_plain" else style),
                   text_cell(ws, value, "krav_plain")])


def _disagreement_sheet(wb: Any, merged: Sequence[MergedRequirement], members: Sequence[Member],
                        lang: str) -> None:
    from openpyxl.utils import get_column_letter

    words = texts(lang)
    p, r = words["prioritize"], words["prioritize"]["report"]
    ws = wb.create_sheet(r["sheet"])
    kinds = ["id", "module", "title"] + ["member"] * len(members) + ["spread", "decision"] + \
        ["comment"] * len(members)
    headers = [p["columns"]["id"], p["columns"]["module"], p["columns"]["title"], *(m.name for m in members),
               r["spread"], r["decision"], *(r["comment"].format(member=m.name) for m in members)]
    widths = [REPORT_WIDTHS[k] for k in kinds]
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    rows = disagreements(merged)
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(rows) + 1}"
    page_setup(ws, words, landscape=True)
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])
    labels = p["levels"]
    for n, m in enumerate(rows, 2):
        comments = dict(m.comments)
        values = [m.candidate.id, m.candidate.module, m.candidate.title,
                  *(labels[LEVEL_CODES[level]] for _, level in m.votes), str(m.spread),
                  decision_label(m, lang), *(comments.get(member.id, "") for member in members)]
        ws.row_dimensions[n].height = row_height(list(zip(values, widths, strict=True)))
        cells = [text_cell(ws, v, "krav_locked_bold" if i == 0 else "krav_plain") for i, v in enumerate(values)]
        cells[kinds.index("spread")] = _number_cell(ws, m.spread)
        ws.append(cells)


def _number_cell(ws: Any, value: int) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.style = "krav_plain"
    return cell
