"""Were requirement texts changed in an answered workbook?

The answer workbook carries a control sheet (`export.xlsx.CONTROL_SHEET`)
with the SHA-256 of the whole specification and of every requirement text.
Excel keeps that sheet "very hidden"; LibreOffice saves it as merely hidden,
which is why the sheet is found by its name and format marker, whatever its
state. Each requirement's text as it stands in the answer sheet is hashed
again and compared with the specification, so an edit is found even when the
control sheet was edited too.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, display_path, error, warning
from ..export.xlsx import COLUMNS, CONTROL_FORMAT, CONTROL_SHEET, response_label
from ..export.xlsx_members import answer_columns, joint_cells
from ..locale import texts
from ..locale.messages import _, ngettext
from ..resolve import text_fingerprint
from ..resolved import Specification
from .workbook import AnsweredWorkbook, Sheet

ID_COLUMN = COLUMNS.index("id") + 1
TEXT_COLUMN = COLUMNS.index("text") + 1
_TEXT_LETTER = "ABCDEFGHIJ"[TEXT_COLUMN - 1]


def verify_fingerprints(book: AnsweredWorkbook, spec: Specification) -> list[Diagnostic]:
    """Findings for every way the workbook departs from `spec`; an empty list means it matches."""
    shown = display_path(book.path)
    control = book.sheet(CONTROL_SHEET)
    if control is None or control.value(1, 2) != CONTROL_FORMAT:
        return [error("A002", _("{file} has no control sheet, so it is not an answer sheet built by "
                                "anskaffelse").format(file=shown), _answer_in_workbook(), file=shown)]
    found: list[Diagnostic] = []
    if control.value(2, 2) != spec.fingerprint:
        found.append(error("A003", _("{file} was made for another specification or version of it (its control "
                                     "sheet records {recorded}; this is version {version} of {reference})").format(
                               file=shown, recorded=recorded_version(control), version=spec.tender.version,
                               reference=spec.tender.reference),
                           _("Check that you compare it with the specification the supplier answered; the findings "
                             "below show which requirements differ."), file=shown, sheet=CONTROL_SHEET))
    answers = _answer_sheet(book, spec)
    if answers is None:
        name = texts(spec.language)["workbook"]["answers_sheet"]
        return [*found, error("A005", _("{file} has no sheet '{sheet}' with the requirements").format(
            file=shown, sheet=name), _answer_in_workbook(), file=shown)]
    found += _compare_texts(answers, spec, shown)
    found += _compare_locked_cells(answers, spec, shown)
    found += _compare_control(control, spec, shown)
    return found


def _answer_in_workbook() -> str:
    return _("Ask the supplier to answer in the workbook that came with the tender.")


def _answer_sheet(book: AnsweredWorkbook, spec: Specification) -> Sheet | None:
    wanted = texts(spec.language)["workbook"]["answers_sheet"]
    return book.sheet(wanted)


def _compare_texts(sheet: Sheet, spec: Specification, shown: str) -> list[Diagnostic]:
    rows: dict[str, int] = {}
    for number in range(2, len(sheet.rows) + 1):
        value = sheet.value(number, ID_COLUMN)
        if isinstance(value, str) and value:
            rows.setdefault(value, number)
    found: list[Diagnostic] = []
    expected = {r.id: r for r in spec.requirements()}
    for req_id, req in expected.items():
        row = rows.get(req_id)
        if row is None:
            found.append(error("A005", _("{id} is missing from the answer sheet").format(id=req_id),
                               _("A supplier may not delete requirement rows; ask for the full sheet."), file=shown,
                               sheet=sheet.name, requirement=req_id))
            continue
        text = sheet.value(row, TEXT_COLUMN)
        if not isinstance(text, str) or text_fingerprint(text) != req.fingerprint:
            found.append(error("A004", _("{id}: the requirement text in cell {cell} differs from the "
                                         "specification").format(id=req_id, cell=f"{_TEXT_LETTER}{row}"),
                               _("The supplier changed the text: treat it as a reservation (forbehold), or ask "
                                 "for an answer in an unchanged copy."), file=shown, line=row, column=TEXT_COLUMN,
                               sheet=sheet.name, requirement=req_id))
    for req_id in rows.keys() - expected.keys():
        found.append(warning("A006", _("row {row} holds {id}, which the specification does not have").format(
                                 row=rows[req_id], id=req_id[:100]),
                             _("Check that you compare the workbook with the right profile."),
                             file=shown, line=rows[req_id], column=ID_COLUMN, sheet=sheet.name))
    return found


def _compare_locked_cells(sheet: Sheet, spec: Specification, shown: str) -> list[Diagnostic]:
    """Title, obligation, weight and answer form are locked too: a minstekrav turned into an evaluated
    requirement, or a changed weight, alters what the tender asks as much as an edited text. So are a joint
    tender's scope and option cells: an answer for fewer members is an answer to another question."""
    words = texts(spec.language)
    columns = answer_columns(spec)
    labels = words["workbook"]["columns"] | words["joint"]["workbook"]["columns"]
    rows = {sheet.value(n, ID_COLUMN): n for n in range(len(sheet.rows), 1, -1)}
    found: list[Diagnostic] = []
    for req in spec.requirements():
        row = rows.get(req.id)
        if row is None:
            continue  # reported as missing by _compare_texts
        expected = {
            "title": req.title,
            "obligation": words["obligation"][req.obligation],
            "weight": req.weight if req.obligation == "evaluert" else None,
            "response": response_label(req, words),
            **dict(zip(columns[len(COLUMNS):], joint_cells(req, spec, words, columns), strict=True)),
        }
        for name, want in expected.items():
            column = columns.index(name) + 1
            if not _same(sheet.value(row, column), want):
                label = labels[name]
                found.append(error(
                    "A008", _("{id}: the locked cell '{label}' ({cell}) differs from the specification").format(
                        id=req.id, label=label, cell=f"{'ABCDEFGHIJKL'[column - 1]}{row}"),
                    _("The supplier changed what the tender asks: treat it as a reservation (forbehold), or ask for "
                      "an answer in an unchanged copy."), file=shown, line=row, column=column,
                    sheet=sheet.name, requirement=req.id))
    return found


def _same(found: object, wanted: object) -> bool:
    if wanted is None or found is None:
        return (found in (None, "")) and (wanted in (None, ""))
    if isinstance(wanted, int | float) and not isinstance(wanted, bool):
        return isinstance(found, int | float) and not isinstance(found, bool) and float(found) == float(wanted)
    return found == wanted


def _compare_control(control: Sheet, spec: Specification, shown: str) -> list[Diagnostic]:
    stored = {row[0]: row[1] for row in control.rows[5:] if len(row) >= 2 and isinstance(row[0], str)}
    changed = [r.id for r in spec.requirements() if stored.get(r.id) != r.fingerprint]
    if not changed:
        return []
    return [error("A007", _("the control sheet of {file} does not match the specification for {ids}").format(
                      file=shown, ids=listed_ids(changed, 5)),
                  _("The control sheet was changed, or the workbook belongs to another version."), file=shown,
                  sheet=CONTROL_SHEET)]


def listed_ids(ids: list[str], shown: int) -> str:
    """'A, B, C' or 'A, B, C and 4 more': the first `shown` of `ids`."""
    listed = ", ".join(ids[:shown])
    if len(ids) <= shown:
        return listed
    rest = len(ids) - shown
    return ngettext("{ids} and {count} more", "{ids} and {count} more", rest).format(ids=listed, count=rest)


def recorded_version(control: Sheet) -> str:
    """What the control sheet says the workbook was made for: "version 1.0 of 2026/4711, dated 2026-12-01"."""
    row = control.rows[3] if len(control.rows) > 3 else ()
    if not row or row[0] != "tender_reference":
        return _("no version")
    cells = [str(v)[:100] if v is not None else "" for v in (*row[1:4], "", "", "")][:3]
    reference, version, date = cells
    if date:
        return _("version {version} of {reference}, dated {date}").format(version=version or "?",
                                                                          reference=reference or "?", date=date)
    return _("version {version} of {reference}").format(version=version or "?", reference=reference or "?")
