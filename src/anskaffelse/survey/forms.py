"""The workbook a respondent fills in: a survey (kartlegging) or a market dialogue RFI.

Like the supplier response sheet (`export.xlsx`) it is protected: only the
answer, importance or year and comment cells and the facts are open, the
requirement texts are locked, and a very hidden control sheet carries the
SHA-256 of every requirement text and of the selection of requirement IDs.
The report accepts a workbook only when its selection matches the
specification's, whatever language it was filled in.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from typing import Any

from ..export.xlsx import _print_setup, _protect, _register_styles, _text_cell
from ..locale import texts
from ..resolved import Specification
from .scales import CONTROL_FORMATS, IMPORTANCE, Kind, facts, scale, words

CONTROL_SHEET = "Kontroll"
COLUMNS = ("id", "module", "title", "text", "obligation", "answer", "second", "comment")
WIDTHS = (12, 16, 22, 60, 12, 16, 12, 40)
FIRST_ROW = 2


def selection_fingerprint(ids: Sequence[str]) -> str:
    """The SHA-256 of the requirement IDs in order: the same in every language of one selection."""
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def export_form(spec: Specification, kind: Kind, epoch: int) -> bytes:
    """The workbook of `kind` for the requirements of `spec`, in the specification's language."""
    from openpyxl import Workbook

    from ..export.zipfix import normalise

    lang = spec.language
    w = words(kind, lang)
    wb = Workbook(write_only=True)
    _register_styles(wb)
    _intro_sheet(wb, spec, w)
    _facts_sheet(wb, kind, w)
    lists = wb.create_sheet(w["lists_sheet"])
    answers = wb.create_sheet(w["answers_sheet"])
    ranges = _lists(lists, kind, w)
    _answer_sheet(answers, spec, kind, w, ranges)
    _control_sheet(wb.create_sheet(CONTROL_SHEET), spec, kind)
    _properties(wb, spec, w, epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), epoch)


def _intro_sheet(wb: Any, spec: Specification, w: dict[str, Any]) -> None:
    ws = wb.create_sheet(w["intro_sheet"])
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 110
    _print_setup(ws, texts(spec.language), landscape=False)
    _protect(ws)
    ws.append([_text_cell(ws, w["title"], "krav_title")])
    ws.append([_text_cell(ws, spec.tender.title, "krav_label")])
    ws.append([_text_cell(ws, "", "krav_plain"),
               _text_cell(ws, f"{spec.library_name} {spec.library_version}", "krav_plain")])
    for number, line in enumerate(w["intro"], 1):
        ws.append([_text_cell(ws, f"{number}.", "krav_label"), _text_cell(ws, line, "krav_plain")])


def _facts_sheet(wb: Any, kind: Kind, w: dict[str, Any]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(w["facts_sheet"])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 50
    _protect(ws)
    ws.append([_text_cell(ws, w["facts_sheet"], "krav_header"), _text_cell(ws, w["facts_value"], "krav_header")])
    for name in facts(kind):
        answer = WriteOnlyCell(ws)
        answer.style = "krav_answer"
        ws.append([_text_cell(ws, w["facts"][name], "krav_locked_bold"), answer])


def _lists(ws: Any, kind: Kind, w: dict[str, Any]) -> dict[str, str]:
    from openpyxl.utils import quote_sheetname

    answers = [w["scale"][c] for c in scale(kind)]
    columns = {"answer": answers}
    if kind == "survey":
        columns["second"] = [w["importance"][c] for c in IMPORTANCE]
    for row in range(max(len(v) for v in columns.values())):
        ws.append([_text_cell(ws, v[row], "krav_plain") if row < len(v) else None for v in columns.values()])
    ws.sheet_state = "hidden"
    _protect(ws)
    sheet = quote_sheetname(ws.title)
    return {name: f"{sheet}!${'AB'[i]}$1:${'AB'[i]}${len(v)}" for i, (name, v) in enumerate(columns.items())}


def _answer_sheet(ws: Any, spec: Specification, kind: Kind, w: dict[str, Any], ranges: dict[str, str]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    reqs = list(spec.requirements())
    last = len(reqs) + 1
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:H{last}"
    _print_setup(ws, texts(spec.language), landscape=True)
    _protect(ws)
    _validations(ws, kind, ranges, last)
    second = "importance" if kind == "survey" else "year"
    names = {**w["columns"], "second": w["columns"][second]}
    ws.append([_text_cell(ws, names[c], "krav_header") for c in COLUMNS])
    obligation = texts(spec.language)["obligation"]
    modules = {m.id: m.title for m in spec.modules}
    for req in reqs:
        locked = [req.id, modules[req.module], req.title, req.text, obligation[req.obligation]]
        cells = [_text_cell(ws, v, "krav_locked_bold" if i == 0 else "krav_locked") for i, v in enumerate(locked)]
        for _ in range(3):
            cell = WriteOnlyCell(ws)
            cell.style = "krav_answer"
            cells.append(cell)
        ws.append(cells)


def _validations(ws: Any, kind: Kind, ranges: dict[str, str], last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if last < FIRST_ROW:
        return
    for column, name in (("F", "answer"), ("G", "second")):
        if name in ranges:
            dv = DataValidation(type="list", formula1=ranges[name], allow_blank=True, showErrorMessage=True)
            dv.sqref = f"{column}{FIRST_ROW}:{column}{last}"
            ws.data_validations.append(dv)
    if kind == "dialogue":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True,
                            showErrorMessage=True)
        dv.sqref = f"G{FIRST_ROW}:G{last}"
        ws.data_validations.append(dv)


def _control_sheet(ws: Any, spec: Specification, kind: Kind) -> None:
    reqs = list(spec.requirements())
    rows = [
        ("format", CONTROL_FORMATS[kind], ""),
        ("specification_sha256", spec.fingerprint, spec.language),
        ("library", spec.library_id, spec.library_version),
        ("selection_sha256", selection_fingerprint([r.id for r in reqs]), str(len(reqs))),
        ("requirement", "text_sha256", "row"),
    ]
    rows += [(r.id, r.fingerprint, str(row)) for row, r in enumerate(reqs, FIRST_ROW)]
    for values in rows:
        ws.append([_text_cell(ws, v, "krav_plain") for v in values])
    ws.sheet_state = "veryHidden"
    _protect(ws)


def _properties(wb: Any, spec: Specification, w: dict[str, Any], epoch: int) -> None:
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = wb.properties
    props.title = f"{w['title']} – {spec.tender.title}"
    props.creator = "; ".join(b.name for b in spec.tender.buyers)
    props.lastModifiedBy = props.creator
    props.language = texts(spec.language)["language_tag"]
    props.created = stamp
    props.modified = stamp
