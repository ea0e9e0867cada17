"""The workbook a respondent fills in: a survey (kartlegging) or a market dialogue RFI.

Like the supplier response sheet (`export.xlsx`) it is protected: only the
answer, importance or year and comment cells and the facts are open, the
requirement texts are locked, and a very hidden control sheet carries the
SHA-256 of every requirement text and of the selection of requirement IDs.
The report accepts a workbook only when its selection matches the
specification's, whatever language it was filled in.

A workbook made for one respondent of a list (`respondents`) has its facts
filled in (the respondent may correct them), a line on the instructions sheet
that says whom it is for, and the respondent's name and organisation number in
the control sheet, bound to the selection by a fingerprint: the report then
knows whom a file came from, even when the facts were changed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..epoch import utc
from ..export.xlsx_blocks import RowWriter, page_setup, protect_sheet, register_styles, splice_rows, text_cell
from ..locale import texts
from ..resolved import Specification
from .scales import CONTROL_FORMATS, IMPORTANCE, Kind, facts, scale, words

if TYPE_CHECKING:
    from .respondents import Respondent

CONTROL_SHEET = "Kontroll"
COLUMNS = ("id", "module", "title", "text", "obligation", "answer", "second", "comment")
WIDTHS = (12, 16, 22, 60, 12, 16, 12, 40)
FIRST_ROW = 2
IDENTITY = ("respondent_name", "respondent_org_number", "respondent_sha256")
"""Keys in column E of the control sheet, values in column F: whom a pre-filled workbook was made for."""
IDENTITY_COLUMN = 5


def selection_fingerprint(ids: Sequence[str]) -> str:
    """The SHA-256 of the requirement IDs in order: the same in every language of one selection."""
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def export_form(spec: Specification, kind: Kind, epoch: int, respondent: Respondent | None = None) -> bytes:
    """The workbook of `kind` for the requirements of `spec`, in the specification's language; pre-filled
    for `respondent` when one is given."""
    from openpyxl import Workbook

    from ..export.zipfix import normalise

    lang = spec.language
    w = words(kind, lang)
    wb = Workbook(write_only=True)
    register_styles(wb)
    _intro_sheet(wb, spec, w, respondent)
    _facts_sheet(wb, kind, w, respondent.facts(kind) if respondent else {})
    lists = wb.create_sheet(w["lists_sheet"])
    answers = wb.create_sheet(w["answers_sheet"])
    ranges = _lists(lists, kind, w)
    answer_rows = _answer_sheet(answers, spec, kind, w, ranges)
    control = wb.create_sheet(CONTROL_SHEET)
    control_rows = _control_sheet(control, spec, kind, respondent)
    _properties(wb, spec, w, epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    # The rows of the two long sheets are written as text (`RowWriter`, as the response sheet's) and spliced
    # in: a list would export a workbook per respondent, and openpyxl takes some 25 µs a cell.
    path = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    rows = {path[answers]: answer_rows, path[control]: control_rows}
    return normalise(buffer.getvalue(), epoch, rewrite=lambda name, data: splice_rows(data, rows.get(name)))


def _intro_sheet(wb: Any, spec: Specification, w: dict[str, Any], respondent: Respondent | None) -> None:
    ws = wb.create_sheet(w["intro_sheet"])
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 110
    page_setup(ws, texts(spec.language), landscape=False)
    protect_sheet(ws)
    ws.append([text_cell(ws, w["title"], "krav_title")])
    ws.append([text_cell(ws, spec.tender.title, "krav_label")])
    ws.append([text_cell(ws, "", "krav_plain"),
               text_cell(ws, f"{spec.library_name} {spec.library_version}", "krav_plain")])
    lines = list(w["intro"])
    if respondent is not None:
        lines.insert(2, w["prefilled"].format(name=respondent.name))
    for number, line in enumerate(lines, 1):
        ws.append([text_cell(ws, f"{number}.", "krav_label"), text_cell(ws, line, "krav_plain")])


def _facts_sheet(wb: Any, kind: Kind, w: dict[str, Any], given: Mapping[str, str]) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(w["facts_sheet"])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 50
    protect_sheet(ws)
    ws.append([text_cell(ws, w["facts_sheet"], "krav_header"), text_cell(ws, w["facts_value"], "krav_header")])
    for name in facts(kind):
        if given.get(name):
            # Pre-filled, in an open cell: the respondent may correct it. Always text, never a formula.
            answer = text_cell(ws, given[name], "krav_answer")
        else:
            answer = WriteOnlyCell(ws)
            answer.style = "krav_answer"
        ws.append([text_cell(ws, w["facts"][name], "krav_locked_bold"), answer])


def _lists(ws: Any, kind: Kind, w: dict[str, Any]) -> dict[str, str]:
    from openpyxl.utils import quote_sheetname

    answers = [w["scale"][c] for c in scale(kind)]
    columns = {"answer": answers}
    if kind == "survey":
        columns["second"] = [w["importance"][c] for c in IMPORTANCE]
    for row in range(max(len(v) for v in columns.values())):
        ws.append([text_cell(ws, v[row], "krav_plain") if row < len(v) else None for v in columns.values()])
    ws.sheet_state = "hidden"
    protect_sheet(ws)
    sheet = quote_sheetname(ws.title)
    return {name: f"{sheet}!${'AB'[i]}$1:${'AB'[i]}${len(v)}" for i, (name, v) in enumerate(columns.items())}


def _answer_sheet(ws: Any, spec: Specification, kind: Kind, w: dict[str, Any], ranges: dict[str, str]) -> str:
    """The answer sheet's settings and header; returns its requirement rows as XML."""
    from openpyxl.utils import get_column_letter

    reqs = list(spec.requirements())
    last = len(reqs) + 1
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:H{last}"
    page_setup(ws, texts(spec.language), landscape=True)
    protect_sheet(ws)
    _validations(ws, kind, ranges, last)
    second = "importance" if kind == "survey" else "year"
    names = {**w["columns"], "second": w["columns"][second]}
    ws.append([text_cell(ws, names[c], "krav_header") for c in COLUMNS])
    obligation = texts(spec.language)["obligation"]
    modules = {m.id: m.title for m in spec.modules}
    writer = RowWriter(ws.parent, ws)
    for n, req in enumerate(reqs, FIRST_ROW):
        locked = [req.id, modules[req.module], req.title, req.text, obligation[req.obligation]]
        writer.row(n, [*(writer.text(f"{column}{n}", v, "krav_locked_bold" if column == "A" else "krav_locked")
                         for column, v in zip("ABCDE", locked, strict=True)),
                       *(writer.empty(f"{column}{n}", "krav_answer") for column in "FGH")])
    return writer.xml()


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


def _control_sheet(ws: Any, spec: Specification, kind: Kind, respondent: Respondent | None) -> str:
    """The very hidden control sheet; returns its rows as XML."""
    reqs = list(spec.requirements())
    selection = selection_fingerprint([r.id for r in reqs])
    rows: list[tuple[str, ...]] = [
        ("format", CONTROL_FORMATS[kind], ""),
        ("specification_sha256", spec.fingerprint, spec.language),
        ("library", spec.library_id, spec.library_version),
        ("selection_sha256", selection, str(len(reqs))),
        ("requirement", "text_sha256", "row"),
    ]
    rows += [(r.id, r.fingerprint, str(row)) for row, r in enumerate(reqs, FIRST_ROW)]
    identity = _identity(respondent, selection)
    writer = RowWriter(ws.parent, ws)
    for number, values in enumerate(rows):
        extra = ("", *identity[number]) if number < len(identity) else ()
        writer.row(number + 1, [writer.text(f"{column}{number + 1}", v, "krav_plain")
                                for column, v in zip("ABCDEF", (*values, *extra), strict=False)])
    ws.sheet_state = "veryHidden"
    protect_sheet(ws)
    return writer.xml()


def _identity(respondent: Respondent | None, selection: str) -> list[tuple[str, str]]:
    if respondent is None:
        return []
    from .respondents import identity_fingerprint

    values = (respondent.name, respondent.org_number,
              identity_fingerprint(respondent.name, respondent.org_number, selection))
    return list(zip(IDENTITY, values, strict=True))


def _properties(wb: Any, spec: Specification, w: dict[str, Any], epoch: int) -> None:

    stamp = utc(epoch)
    props = wb.properties
    props.title = f"{w['title']} – {spec.tender.title}"
    props.creator = "; ".join(b.name for b in spec.tender.buyers)
    props.lastModifiedBy = props.creator
    props.language = texts(spec.language)["language_tag"]
    props.created = stamp
    props.modified = stamp
