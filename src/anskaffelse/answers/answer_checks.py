"""The answers themselves: minstekrav met, evaluated requirements answered, values allowed, formulas, prices.

Every finding names the sheet, the cell and the requirement. What is an error
and what a warning follows the procurement rule behind it (docs/answer-checks.md):
an error can make the tender rejectable or unreadable, a warning is for the
committee to weigh.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, abbreviate, error, warning
from ..export.xlsx_price import element_unit, price_layout
from ..locale import texts
from ..locale.messages import _
from ..resolved import Specification, SpecRequirement
from .cells import Formula
from .responses import (
    ANSWER_COLUMN,
    DESCRIPTION_COLUMN,
    ID_COLUMN,
    UNIT_PRICE_COLUMN,
    Answer,
    SupplierAnswers,
    cell_name,
    normal_formula,
    number,
    published_formulas,
    requirement_rows,
)
from .workbook import Sheet, Value

NEEDS_ANSWER = ("minstekrav", "evaluert")


def clarify() -> str:
    return _("The committee may read what the supplier meant if it is clear; otherwise ask for a clarification "
             "(avklaring) without letting the supplier change its offer.")


def _same(a: Value, b: str) -> bool:
    return isinstance(a, str) and a.strip().casefold() == b.casefold()


def shown(value: object) -> str:
    return abbreviate(str(value), 60)


def answered(req: SpecRequirement, answer: Answer) -> bool:
    """A description answer is its description; every other answer is the answer cell."""
    return bool(answer.description) if req.response_type == "beskrivelse" else answer.value is not None


def says_yes(answer: Answer | None, words: dict[str, Any]) -> bool:
    """The answer is "Ja" (in any letter case, with spaces around it or not)."""
    return answer is not None and _same(answer.value, words["answer"]["yes"])


def allowed_answers(req: SpecRequirement, words: dict[str, Any]) -> tuple[str, ...]:
    a = words["answer"]
    if req.obligation == "minstekrav" or req.response_type == "ja-nei":
        return (a["yes"], a["no"])
    if req.response_type == "ja-nei-delvis":
        return (a["yes"], a["no"], a["partly"])
    if req.response_type == "valg":
        return req.options
    return ()


# ---------------------------------------------------------------- one requirement


def requirement_findings(req: SpecRequirement, answer: Answer, row: int, sheet: Sheet, file: str,
                         formula_cells: dict[tuple[int, int], Formula], words: dict[str, Any]) -> list[Diagnostic]:
    column = DESCRIPTION_COLUMN if req.response_type == "beskrivelse" else ANSWER_COLUMN
    where = {"file": file, "sheet": sheet.name, "line": row, "requirement": req.id}
    formulas = [(c, formula_cells[(row, c)]) for c in (ANSWER_COLUMN, DESCRIPTION_COLUMN) if (row, c) in formula_cells]
    if formulas:
        saved = {ANSWER_COLUMN: answer.value, DESCRIPTION_COLUMN: answer.description}
        return [error("A016", _formula_answer(c == ANSWER_COLUMN).format(
                          id=req.id, cell=cell_name(sheet.name, row, c), formula=abbreviate(f.text, 60),
                          value=shown(saved[c])),
                      _("Ask the supplier to confirm the answer as a plain value; do not rely on what the formula "
                        "shows, which can change when the file is opened."), column=c, **where) for c, f in formulas]
    if req.obligation == "minstekrav":
        return _minstekrav(req, answer, words, where)
    if req.obligation == "evaluert" and not answered(req, answer):
        if req.response_type == "beskrivelse":
            return [_no_description(req, words, where, "")]
        return [warning("A012", _("{id} is evaluated and not answered ({cell})").format(
                            id=req.id, cell=cell_name(sheet.name, row, column)),
                        _("It scores 0 points; the tender stays valid."), column=column, **where)]
    return _value_findings(req, answer, words, where)


def _formula_answer(in_answer: bool) -> str:
    if in_answer:
        return _("{id}: the answer in {cell} is a formula (={formula}), which is never evaluated; the value saved "
                 "with it is '{value}'")
    return _("{id}: the description in {cell} is a formula (={formula}), which is never evaluated; the value saved "
             "with it is '{value}'")


def _minstekrav(req: SpecRequirement, answer: Answer, words: dict[str, Any], where: dict[str, Any]) -> list[Diagnostic]:
    yes = words["answer"]["yes"]
    cell = cell_name(where["sheet"], where["line"], ANSWER_COLUMN)
    if answer.value is None:
        return [error("A010", _("{id} is a minstekrav and is not answered ({cell})").format(id=req.id, cell=cell),
                      _("An unanswered minstekrav is not shown to be met, and a minstekrav not met means the tender "
                        "must be rejected; whether the supplier may complete the answer is for the procurement "
                        "officer to decide."), column=ANSWER_COLUMN, **where)]
    if not _same(answer.value, yes):
        return [error("A011", _("{id} is a minstekrav answered '{value}' in {cell}, not '{yes}'").format(
                          id=req.id, value=shown(answer.value), cell=cell, yes=yes),
                      _("A minstekrav not met means the tender must be rejected; read the supplier's description "
                        "and the tender letter before deciding."), column=ANSWER_COLUMN, **where)]
    return []


def _value_findings(req: SpecRequirement, answer: Answer, words: dict[str, Any],
                    where: dict[str, Any]) -> list[Diagnostic]:
    value = answer.value
    cell = cell_name(where["sheet"], where["line"], ANSWER_COLUMN)
    if value is None:
        return []
    if req.response_type == "tall":
        amount = number(value)
        if amount is None or amount < 0:
            message = (_("{id}: the answer '{value}' in {cell} is not a number of 0 or more (in {unit})") if req.unit
                       else _("{id}: the answer '{value}' in {cell} is not a number of 0 or more"))
            return [warning("A014", message.format(id=req.id, value=shown(value), cell=cell, unit=req.unit),
                            clarify(), column=ANSWER_COLUMN, **where)]
        return []
    allowed = allowed_answers(req, words)
    if allowed and not any(_same(value, option) for option in allowed):
        listed = ", ".join(abbreviate(o, 40) for o in allowed[:10])
        return [warning("A013", _("{id}: the answer '{value}' in {cell} is not one of the allowed answers "
                                  "({allowed})").format(id=req.id, value=shown(value), cell=cell, allowed=listed),
                        clarify(), column=ANSWER_COLUMN, **where)]
    if _same(value, words["answer"]["partly"]) and not answer.description:
        return [_no_description(req, words, where, words["answer"]["partly"])]
    return []


def _no_description(req: SpecRequirement, words: dict[str, Any], where: dict[str, Any], partly: str) -> Diagnostic:
    cell = cell_name(where["sheet"], where["line"], DESCRIPTION_COLUMN)
    if partly:
        message = _("{id} is answered '{partly}' without a description of what is delivered ({cell} is "
                    "empty)").format(id=req.id, partly=partly, cell=cell)
    else:
        message = _("{id} is answered by a description ('{form}'), and {cell} is empty").format(
            id=req.id, form=words["response"]["beskrivelse"], cell=cell)
    return warning("A015", message, _("Without a description the committee has nothing to score; it scores 0 "
                                      "points unless the supplier's other documents answer it."),
                   column=DESCRIPTION_COLUMN, **where)


# ---------------------------------------------------------------- the answer sheet


def answer_sheet_findings(sheet: Sheet, spec: Specification, answers: SupplierAnswers,
                          file: str) -> list[Diagnostic]:
    """The answers to every requirement with a row, and rows that are not the published ones."""
    words = texts(spec.language)
    rows = requirement_rows(sheet)
    formula_cells = {(f.row, f.column): f for f in sheet.formulas}
    found: list[Diagnostic] = []
    for req in spec.requirements():
        answer = answers.answers.get(req.id)
        if answer is not None:
            found += requirement_findings(req, answer, rows[req.id], sheet, file, formula_cells, words)
    found += _extra_rows(sheet, rows, file)
    return found


def _extra_rows(sheet: Sheet, rows: dict[str, int], file: str) -> Iterator[Diagnostic]:
    for row in range(2, len(sheet.rows) + 1):
        value = sheet.value(row, ID_COLUMN)
        req_id = value if isinstance(value, str) and value.strip() else ""
        where = {"file": file, "sheet": sheet.name, "line": row, "column": ID_COLUMN}
        if req_id and rows[req_id] != row:
            yield warning("A026", _("row {row} repeats {id} (first in row {first}); only row {first} is "
                                    "read").format(row=row, id=abbreviate(req_id, 100), first=rows[req_id]),
                          _("Compare the two rows: a second answer that contradicts the first makes the answer "
                            "unclear."), requirement=req_id, **where)
        elif not req_id and any(_filled(v) for v in sheet.rows[row - 1]):
            yield warning("A026", _("row {row} has no requirement ID but holds text or numbers, so it was added by "
                                    "the supplier").format(row=row),
                          _("Read it: an added row can hold a reservation (forbehold) or a condition that belongs "
                            "in the tender letter."), **where)


def _filled(value: Value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- formulas


def formula_findings(sheets: tuple[Sheet, ...], spec: Specification, file: str) -> Iterator[Diagnostic]:
    """Formulas the tool did not write, outside the answer cells (those are checked per requirement)."""
    words = texts(spec.language)
    answers_name, price_name = words["workbook"]["answers_sheet"], words["workbook_price"]["sheet"]
    expected, inputs = published_formulas(spec.price_form)
    for sheet in sheets:
        first = requirement_rows(sheet) if sheet.name == answers_name else {}
        rows = {first[r.id] for r in spec.requirements() if r.id in first}
        for f in sheet.formulas:
            cell = cell_name(sheet.name, f.row, f.column)
            where = {"file": file, "sheet": sheet.name, "line": f.row, "column": f.column}
            if sheet.name == answers_name and f.row in rows and f.column in (ANSWER_COLUMN, DESCRIPTION_COLUMN):
                continue
            if sheet.name == price_name and normal_formula(f.text) == expected.get((f.row, f.column)):
                continue
            if sheet.name == price_name and (f.row, f.column) in inputs:
                yield error("A016", _("the unit price of '{element}' in {cell} is a formula (={formula}), which "
                                      "is never evaluated").format(element=abbreviate(inputs[(f.row, f.column)], 60),
                                                                   cell=cell, formula=abbreviate(f.text, 60)),
                            _("Ask the supplier to confirm the unit price as a plain number."), **where)
                continue
            yield warning("A017", _("{cell} holds a formula (={formula}), which is never evaluated").format(
                              cell=cell, formula=abbreviate(f.text, 60)),
                          _("Read the cell in the workbook; the published form has no formula there."), **where)


# ---------------------------------------------------------------- the price form


def price_findings(sheet: Sheet, spec: Specification, file: str) -> Iterator[Diagnostic]:
    """Locked cells of the price form as published, and a unit price for every element."""
    assert spec.price_form is not None
    words = texts(spec.language)
    columns = words["workbook_price"]["columns"]
    formulas = {(f.row, f.column) for f in sheet.formulas}
    for row, element, _formula in price_layout(spec.price_form)[0]:
        where = {"file": file, "sheet": sheet.name, "line": row}
        published = {2: element.name, 3: element_unit(element, words), 4: element.quantity,
                     6: spec.price_form.years if element.per_year else None}
        for column, want in published.items():
            if not _same_cell(sheet.value(row, column), want):
                label = columns[("number", "element", "unit", "quantity", "unit_price", "years")[column - 1]]
                yield error("A025", _("the locked cell '{label}' ({cell}) of the price form holds '{value}', not "
                                      "'{published}'").format(label=label, cell=cell_name(sheet.name, row, column),
                                                              value=shown(sheet.value(row, column)),
                                                              published=shown(want)),
                            _("The supplier changed what is priced: treat it as a reservation (forbehold), or ask "
                              "for the prices in an unchanged form."), column=column, **where)
        if (row, UNIT_PRICE_COLUMN) in formulas:
            continue  # reported with the formulas
        value = sheet.value(row, UNIT_PRICE_COLUMN)
        price = number(value)
        if price is None or price < 0:
            message = _unit_price_problem(element.option, value is None).format(
                element=abbreviate(element.name, 60), cell=cell_name(sheet.name, row, UNIT_PRICE_COLUMN),
                value=shown(value))
            if element.option:
                yield warning("A024", message, _("Options are priced but not evaluated; ask the supplier for the "
                                                 "price if the option may be used."), column=UNIT_PRICE_COLUMN,
                              **where)
            else:
                yield error("A024", message, _("Without every evaluated price the total cannot be compared with the "
                                               "other tenders, which can make the tender rejectable."),
                            column=UNIT_PRICE_COLUMN, **where)


def _unit_price_problem(option: bool, empty: bool) -> str:
    if option and empty:
        return _("the unit price of the option '{element}' ({cell}) is empty")
    if option:
        return _("the unit price of the option '{element}' ({cell}) holds '{value}', not a number of 0 or more")
    if empty:
        return _("the unit price of '{element}' ({cell}) is empty")
    return _("the unit price of '{element}' ({cell}) holds '{value}', not a number of 0 or more")


def _same_cell(found: Value, wanted: Any) -> bool:
    if wanted is None or found is None:
        return found in (None, "") and wanted in (None, "")
    if isinstance(wanted, int | float):
        amount = number(found)
        return amount is not None and amount == float(wanted)
    return found == wanted

