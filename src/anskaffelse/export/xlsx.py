"""The supplier response sheet as an Excel workbook.

Sheets: instructions; the response sheet (locked requirement cells, unlocked
answer cells, dropdowns, filter, frozen header, print set-up); the price form
when the profile has one (`xlsx_price.py`); a hidden sheet
with the answer lists; and a very hidden control sheet with the SHA-256 of
every requirement text and of the whole specification, so an answered sheet
can later be checked for edits. openpyxl (in write-only mode) writes the
workbook but its requirement rows and their validations, which are written as
text and spliced in; what openpyxl writes is kept in the cache between builds
(`xlsx_skeleton`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

from ..epoch import utc
from ..locale import long_date, texts
from ..resolved import Specification, SpecRequirement
from . import ExportOptions
from .xlsx_blocks import (
    TEXT_END,
    RowWriter,
    WorkbookStyles,
    page_setup,
    plain_texts,
    protect_sheet,
    register_styles,
    save_stored,
    splice_rows,
    splice_validations,
    style_of,
    text_cell,
    validation_messages,
    validation_xml,
)
from .xlsx_layout import line_capacity, lines_height, lines_within, row_height, wrapped_lines
from .xlsx_skeleton import (
    RecordedStyles,
    ReplayedStyles,
    Skeleton,
    read_skeleton,
    skeleton_key,
    skeleton_spec,
    write_skeleton,
)
from .zipfix import normalise

CONTROL_FORMAT = "anskaffelse-svarskjema/1"
CONTROL_SHEET = "Kontroll"
COLUMNS = ("id", "module", "title", "text", "obligation", "weight", "response", "answer",
           "description", "reference")
JOINT_COLUMNS = ("scope", "option")
"""Added after the answer columns in a joint tender (scope only with members), so H–J stay the answers."""
ANSWER_COLUMNS = ("H", "I", "J")


def export_xlsx(spec: Specification, options: ExportOptions) -> bytes:
    words = texts(spec.language)
    reqs = list(spec.requirements())
    frame = skeleton_spec(spec)
    key = skeleton_key(frame, options.epoch)
    skeleton = read_skeleton(key) if key is not None else None
    rows = None
    if skeleton is not None:
        replayed = ReplayedStyles(skeleton.styles)
        rows = replayed.run(lambda: _requirement_rows(spec, reqs, words, lambda role: RowWriter(styles=replayed)))
    if skeleton is None or rows is None:
        skeleton, rows = _new_skeleton(frame, spec, reqs, words, options.epoch)
        if key is not None:
            write_skeleton(key, skeleton)
    validations = _validations(reqs, words, skeleton.list_ranges)
    by_part = {skeleton.sheets[role]: xml for role, xml in rows.items()}

    def rewrite(name: str, data: bytes) -> bytes:
        if name == skeleton.sheets["answers"]:  # before the rows, which make the sheet long
            data = splice_validations(data, validations)
        return splice_rows(data, by_part.get(name))

    return normalise(skeleton.package, options.epoch, rewrite=rewrite)


def _new_skeleton(frame: Specification, spec: Specification, reqs: list[SpecRequirement], words: dict[str, Any],
                  epoch: int) -> tuple[Skeleton, dict[str, str]]:
    """The workbook openpyxl makes from `frame` (see `xlsx_skeleton`), and the rows of `spec` in it."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    register_styles(wb)
    _instructions_sheet(wb, frame, words)
    sheets = {"answers": wb.create_sheet(words["workbook"]["answers_sheet"])}
    if frame.price_form is not None:
        from .xlsx_price import price_sheet, register_price_styles

        register_price_styles(wb)
        price_sheet(wb, frame.price_form, words)
    if frame.members:
        from .xlsx_members import matrix_sheet

        sheets["matrix"] = matrix_sheet(wb, frame, words)
    lists = wb.create_sheet(words["workbook"]["lists_sheet"])
    list_ranges = _lists_sheet(lists, list(frame.requirements()), words)
    _answers_sheet(sheets["answers"], frame, words)
    sheets["control"] = wb.create_sheet(CONTROL_SHEET)
    sheets["control"].sheet_state = "veryHidden"
    protect_sheet(sheets["control"])
    _properties(wb, frame, words, epoch)
    requests: list[tuple[str, bool, int]] = []
    rows = _requirement_rows(spec, reqs, words, lambda role: RowWriter(
        styles=RecordedStyles(WorkbookStyles(wb, sheets[role]), requests)))
    path = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    return Skeleton(save_stored(wb), {role: path[ws] for role, ws in sheets.items()}, list_ranges,
                    tuple(requests)), rows


def _requirement_rows(spec: Specification, reqs: list[SpecRequirement], words: dict[str, Any],
                      writer: Callable[[str], RowWriter]) -> dict[str, str]:
    """The requirement rows of each sheet that has them, as XML, by the sheet's role; `writer(role)` writes
    the rows of that sheet (the order of the sheets here is the order they ask for cell styles in)."""
    from .xlsx_members import answer_columns, column_widths

    rows = {}
    if spec.members:
        from .xlsx_members import matrix_rows

        rows["matrix"] = matrix_rows(writer("matrix"), spec, words)
    answers = writer("answers")
    columns = answer_columns(spec)
    requirement_rows = _RequirementRows(answers, spec, words, columns, column_widths(columns))
    answers.parts = [requirement_rows.xml(n, req) for n, req in enumerate(reqs, 2)]
    rows["answers"] = answers.xml()
    rows["control"] = _control_rows(writer("control"), spec, reqs)
    return rows


def _instructions_sheet(wb: Any, spec: Specification, words: dict[str, Any]) -> None:
    ws = wb.create_sheet(words["workbook"]["instructions_sheet"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    page_setup(ws, words, landscape=False)
    protect_sheet(ws)
    rows = _tender_rows(spec, words)
    from .xlsx_members import joint_instructions

    lines = [*words["workbook"]["instructions"], *joint_instructions(spec, words)]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(lines, 1)]
    from .xlsx_price import evaluation_rows

    rows += evaluation_rows(spec, words)
    for i, (label, value, style) in enumerate(rows, 1):
        ws.row_dimensions[i].height = row_height([(value, 100), (label, 24)])
        if style == "krav_answer":
            ws.append([text_cell(ws, label, "krav_label"), _input_cell(ws, f"B{i}", words["workbook"])])
            continue
        label_style = "krav_label" if style == "krav_plain" else style
        ws.append([text_cell(ws, label, label_style), text_cell(ws, value, "krav_plain")])


def _input_cell(ws: Any, ref: str, wbw: dict[str, Any]) -> Any:
    """The unlocked cell for the supplier's name, which the answer check reads back."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=wbw["supplier_prompt_title"][:32],
                        prompt=wbw["supplier_prompt"][:255])
    dv.sqref = ref
    ws.data_validations.append(dv)
    cell = WriteOnlyCell(ws)
    cell._style = copy(style_of(ws, "krav_answer"))
    return cell


def _tender_rows(spec: Specification, words: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The facts of the tender a supplier needs beside the answers: who, which procedure, when, whom to ask."""
    d, t = words["document"], spec.tender
    rows: list[tuple[str, str, str]] = [
        (words["workbook"]["title"], "", "krav_title"),
        (t.title, "", "krav_label"),
        ("", "", "krav_plain"),
        (words["workbook"]["supplier"], "", "krav_answer"),
        ("", "", "krav_plain"),
        (d["buyers"], "; ".join(f"{b.name} ({d['org_number']} {b.org_number})" for b in t.buyers), "krav_plain"),
        (d["reference"], t.reference, "krav_plain"),
        (d["date"], long_date(t.date, t.language), "krav_plain"),
        (d["version"], t.version, "krav_plain"),
        (d["procedure"], words["procedure"].get(t.procedure, t.procedure) or words["not_given"], "krav_plain"),
        (d["contract_standard"], t.contract_standard or words["not_given"], "krav_plain"),
        (d["deadline"], long_date(t.deadline, t.language), "krav_plain"),
    ]
    contact = ", ".join(part for part in (t.contact.name, t.contact.email, t.contact.phone) if part)
    if contact:
        rows.append((words["workbook"]["contact"], contact, "krav_plain"))
    rows += [(d["library"], f"{spec.library_name} {spec.library_version}", "krav_plain"), ("", "", "krav_plain")]
    return rows


def _lists_sheet(ws: Any, reqs: list[SpecRequirement], words: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Write every answer list as a column; return the sheet range for each list."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    answer = words["answer"]
    lists: dict[tuple[str, ...], None] = {(answer["yes"], answer["no"]): None,
                                          (answer["yes"], answer["no"], answer["partly"]): None}
    for req in reqs:
        if req.response_type == "valg":
            lists[req.options] = None
    columns = list(lists)
    ranges = {}
    for i, values in enumerate(columns, 1):
        letter = get_column_letter(i)
        ranges[values] = f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${len(values)}"
    height = max(len(v) for v in columns)
    for row in range(height):
        ws.append([text_cell(ws, v[row], "krav_plain") if row < len(v) else None for v in columns])
    ws.sheet_state = "hidden"
    protect_sheet(ws)
    return ranges


def _answers_sheet(ws: Any, frame: Specification, words: dict[str, Any]) -> None:
    """Set up the response sheet and write its header (the rows follow, see `_requirement_rows`)."""
    from openpyxl.utils import get_column_letter

    from .xlsx_members import answer_columns, column_widths

    wbw = words["workbook"]
    last = sum(len(m.requirements) for m in frame.modules) + 1
    columns = answer_columns(frame)
    widths = column_widths(columns)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    _mark_unanswered(ws, words, last)
    headers = [(wbw["columns"] | words["joint"]["workbook"]["columns"])[c] for c in columns]
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])


class _RequirementRows:
    """The XML of one requirement row of the response sheet at a time (see `RowWriter`).

    A large library has tens of thousands of rows, so each is one format string, and
    the cells many rows share (chapter, obligation, response form, joint columns) are
    escaped, styled and measured once for all of them.
    """

    def __init__(self, writer: RowWriter, spec: Specification, words: dict[str, Any], columns: tuple[str, ...],
                 widths: tuple[float, ...]) -> None:
        from .xlsx_members import joint_cells

        self.writer, self.spec, self.words, self.columns, self.joint_cells = writer, spec, words, columns, joint_cells
        self.modules = {m.id: m.title for m in spec.modules}
        self.widths = widths
        self.title_capacity, self.text_capacity = line_capacity(widths[2]), line_capacity(widths[3])
        self.joint_letters = "KL"[:len(columns) - len(COLUMNS)]
        self.shared: dict[tuple[str, ...], tuple[str, str, str, tuple[str, ...], int]] = {}
        self.heights: dict[int, float] = {}
        # The styles in the order of the columns, as cells add them; the start of a cell of each.
        self.bold_head = writer.text_head("krav_locked_bold")
        self.locked_head = writer.text_head("krav_locked")
        self.locked, self.answer = writer.style("krav_locked"), writer.style("krav_answer")

    def xml(self, n: int, req: SpecRequirement) -> str:
        response = response_label(req, self.words)
        joint = self.joint_cells(req, self.spec, self.words, self.columns) if self.joint_letters else ()
        key = (req.module, req.obligation, response, *joint)
        shared = self.shared.get(key)
        if shared is None:
            shared = self.shared[key] = self._shared_cells(req, response, joint)
        module, obligation, form, joints, lines = shared
        rid, title, body = req.id, req.title, req.text
        lines = max(lines, lines_within(title, self.title_capacity), lines_within(body, self.text_capacity))
        height = self.heights.get(lines)
        if height is None:
            height = self.heights[lines] = lines_height(lines)
        if plain_texts(rid, title, body):  # the usual requirement: nothing to escape
            bold, locked = self.bold_head, self.locked_head
            rid, title, body = f"{bold}{rid}{TEXT_END}", f"{locked}{title}{TEXT_END}", f"{locked}{body}{TEXT_END}"
        else:
            text = self.writer.text_rest  # escapes, or marks as text what Excel would take for a formula
            rid, title, body = text(rid, "krav_locked_bold"), text(title, "krav_locked"), text(body, "krav_locked")
        weight = f'<c r="F{n}" s="{self.locked}"/>' if req.obligation != "evaluert" or req.weight is None \
            else f'<c r="F{n}" s="{self.locked}"><v>{req.weight}</v></c>'
        answer = self.answer
        cells = (f'<c r="A{n}"{rid}<c r="B{n}"{module}<c r="C{n}"{title}<c r="D{n}"{body}'
                 f'<c r="E{n}"{obligation}{weight}<c r="G{n}"{form}<c r="H{n}" s="{answer}"/>'
                 f'<c r="I{n}" s="{answer}"/><c r="J{n}" s="{answer}"/>')
        for letter, rest in zip(self.joint_letters, joints, strict=True):
            cells += f'<c r="{letter}{n}"{rest}'
        return f'<row r="{n}" ht="{height}" customHeight="1">{cells}</row>'

    def _shared_cells(self, req: SpecRequirement, response: str,
                      joint: tuple[str, ...]) -> tuple[str, str, str, tuple[str, ...], int]:
        """Chapter, obligation, response form and joint cells (each after its reference), and the lines they take."""
        w, text = self.widths, self.writer.text_rest
        module, obligation = self.modules[req.module], self.words["obligation"][req.obligation]
        lines = max(2, wrapped_lines(module, w[1]), wrapped_lines(obligation, w[4]), wrapped_lines(response, w[6]),
                    *(wrapped_lines(value, width) for value, width in zip(joint, w[len(COLUMNS):], strict=True)))
        return (text(module, "krav_locked"), text(obligation, "krav_locked"), text(response, "krav_locked"),
                tuple(text(value, "krav_locked") for value in joint), lines)


def response_label(req: SpecRequirement, words: dict[str, Any]) -> str:
    label = words["response"][req.response_type]
    return f"{label} ({req.unit})" if req.unit else label


def _validations(reqs: list[SpecRequirement], words: dict[str, Any],
                 list_ranges: dict[tuple[str, ...], str]) -> list[str]:
    """The answer cells' validations as <dataValidation> XML: a dropdown per answer list, numbers 0 or more."""
    answer = words["answer"]
    lists = {"ja-nei": list_ranges[(answer["yes"], answer["no"])],
             "ja-nei-delvis": list_ranges[(answer["yes"], answer["no"], answer["partly"])]}
    by_list: dict[str, list[int]] = {}
    numbers: list[int] = []
    for row, req in enumerate(reqs, 2):
        if req.response_type in lists:
            by_list.setdefault(lists[req.response_type], []).append(row)
        elif req.response_type == "valg":
            by_list.setdefault(list_ranges[req.options], []).append(row)
        elif req.response_type == "tall":
            numbers.append(row)
    messages = words["workbook"]["validation"]
    listed = validation_messages(messages, "list")
    validations = [validation_xml(_sqref("H", rows), "list", source, listed) for source, rows in by_list.items()]
    if numbers:
        validations.append(validation_xml(_sqref("H", numbers), "decimal", "0", validation_messages(messages, "number"),
                                          operator="greaterThanOrEqual"))
    return validations


def _sqref(column: str, rows: Iterable[int]) -> str:
    """Rows 2,3,4,7 -> 'H2:H4 H7': consecutive rows collapse into ranges."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return " ".join(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in spans)


def _mark_unanswered(ws: Any, words: dict[str, Any], last: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    minstekrav = words["obligation"]["minstekrav"]
    description = words["response"]["beskrivelse"]
    # A description answer goes in column I; every other answer in column H.
    formula = f'AND($E2="{minstekrav}",IF($G2="{description}",LEN($I2)=0,LEN($H2)=0))'
    fill = PatternFill("solid", fgColor="F4CCCC", bgColor="F4CCCC")
    if last >= 2:
        ws.conditional_formatting.add(f"H2:I{last}", FormulaRule(formula=[formula], fill=fill))


def _control_rows(writer: RowWriter, spec: Specification, reqs: list[SpecRequirement]) -> str:
    """The rows of the very hidden control sheet, as XML."""
    rows = [
        ("format", CONTROL_FORMAT, ""),
        ("specification_sha256", spec.fingerprint, ""),
        ("library", spec.library_id, spec.library_version),
        # The tender, not the profile file: a file name is internal to the buyer.
        ("tender_reference", spec.tender.reference, spec.tender.version, spec.tender.date),
        ("requirement", "text_sha256", "row"),
    ]
    text = writer.text_rest
    for n, values in enumerate(rows, 1):
        writer.row(n, [f'<c r="{col}{n}"{text(v, "krav_plain")}' for col, v in zip("ABCD", values, strict=False)])
    # One row per requirement: its id, the SHA-256 of its text and its row on the response sheet, a number
    # written as text (digits need neither escaping nor a quote prefix).
    plain = writer.text_head("krav_plain")
    for n, (row, r) in enumerate(enumerate(reqs, 2), len(rows) + 1):
        if plain_texts(r.id, r.fingerprint):
            cells = f'<c r="A{n}"{plain}{r.id}{TEXT_END}<c r="B{n}"{plain}{r.fingerprint}{TEXT_END}'
        else:
            cells = f'<c r="A{n}"{text(r.id, "krav_plain")}<c r="B{n}"{text(r.fingerprint, "krav_plain")}'
        writer.parts.append(f'<row r="{n}">{cells}<c r="C{n}"{plain}{row}{TEXT_END}</row>')
    return writer.xml()


def _properties(wb: Any, spec: Specification, words: dict[str, Any], epoch: int) -> None:

    stamp = utc(epoch)
    props = wb.properties
    props.title = f"{words['workbook']['title']} – {spec.tender.title}"
    props.creator = "; ".join(b.name for b in spec.tender.buyers)
    props.lastModifiedBy = props.creator
    props.identifier = spec.tender.reference
    props.version = spec.tender.version
    props.language = words["language_tag"]
    props.created = stamp
    props.modified = stamp
