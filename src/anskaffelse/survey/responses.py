"""Filled survey and dialogue workbooks read back, each through the one door for untrusted workbooks.

A file that cannot be read safely, is not a form of the right kind, or was
made for another selection of requirements is skipped with a finding; it
never stops the others. Unknown answers are skipped cell by cell, with a
finding that names the cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..answers.workbook import RESPONDENT, Sheet, read_workbook
from ..diagnostics import Diagnostic, InputError, display_path, warning
from ..locale.messages import _
from ..resolve import text_fingerprint
from ..resolved import Specification
from .forms import COLUMNS, CONTROL_SHEET, FIRST_ROW, selection_fingerprint
from .respondents import Label, read_label
from .scales import CONTROL_FORMATS, LANGUAGES, Kind, code_of, facts, label_codes, words

MAX_TEXT = 500
"""Longest fact or comment kept from a workbook; the rest is cut."""
ANSWER_COLUMNS = tuple(COLUMNS.index(c) + 1 for c in ("id", "text", "answer", "second", "comment"))
"""The columns of the answer sheet the report reads (the text for its fingerprint)."""


@dataclass(frozen=True)
class Answer:
    code: str
    """A code of `scales.scale(kind)`."""
    second: str | int | None
    """Survey: the importance code (must, should, could); dialogue: the roadmap year."""
    comment: str


@dataclass(frozen=True)
class Response:
    path: Path
    language: str
    facts: dict[str, str]
    answers: dict[str, Answer]
    """By requirement ID; requirements left blank are missing."""
    label: Label | None = None
    """Whom the workbook was made for, when it was pre-filled for one respondent of a list."""
    saved: str | None = None
    """When the workbook was last saved, as it says itself (ISO 8601), to keep the last of two from one respondent."""


SKIPPED = frozenset({"R001", "R002", "R003"})
"""The codes of a workbook left out of the report as a whole (the others skip one cell)."""


def read_responses(paths: Iterable[Path], spec: Specification, kind: Kind) -> tuple[list[Response], list[Diagnostic]]:
    """The usable responses in file-name order, and a finding for every file or cell skipped."""
    wanted = selection_fingerprint([r.id for r in spec.requirements()])
    responses: list[Response] = []
    found: list[Diagnostic] = []
    for path in sorted(set(paths), key=lambda p: (p.name, str(p))):
        try:
            book = read_workbook(path, source=RESPONDENT, wanted=wanted_cells(kind))
        except InputError as exc:
            reason = exc.diagnostics[0].message if exc.diagnostics else _("cannot be read")
            found.append(_skipped(path, "R001", reason, _("Ask the respondent for the workbook as saved by Excel "
                                                          "or LibreOffice.")))
            continue
        control = book.sheet(CONTROL_SHEET)
        if control is None or control.value(1, 2) != CONTROL_FORMATS[kind]:
            found.append(_skipped(path, "R002", _not_a_form(kind).format(file=display_path(path)),
                                  _("Send the respondent the workbook that 'anskaffelse {kind} export' "
                                    "wrote.").format(kind=kind)))
            continue
        if control.value(4, 2) != wanted:
            found.append(_skipped(path, "R003", _("{file} was made for another selection of requirements than the "
                                                  "specification").format(file=display_path(path)),
                                  _("Give the specification the workbooks were exported from, or report the two "
                                    "rounds separately.")))
            continue
        language = str(control.value(2, 3)) if control.value(2, 3) in LANGUAGES else "nb"
        # In the specification's own language its fingerprints are the reference; in the other, the
        # workbook's control sheet (the selection has been checked above).
        reference = {r.id: r.fingerprint for r in spec.requirements()} if language == spec.language else None
        response, cell_findings = _response(book.sheets, path, kind, language, control, reference)
        found += cell_findings
        if response is None:
            found.append(_skipped(path, "R002", _("{file} has lost its answer sheet").format(file=display_path(path)),
                                  _("Ask the respondent for the full workbook.")))
            continue
        label, label_found = read_label(control, wanted, path)
        found += label_found
        responses.append(replace(response, label=label, saved=book.saved))
    return responses, found


@cache
def wanted_cells(kind: Kind) -> dict[str, tuple[int, ...] | None]:
    """The sheets and columns the report reads, in either language: the door checks the rest and skips it."""
    wanted: dict[str, tuple[int, ...] | None] = {CONTROL_SHEET: None}
    for lang in LANGUAGES:
        w = words(kind, lang)
        wanted[w["facts_sheet"]] = (2,)
        wanted[w["answers_sheet"]] = ANSWER_COLUMNS
    return wanted


def _not_a_form(kind: Kind) -> str:
    if kind == "survey":
        return _("{file} is not a survey workbook built by anskaffelse (no control sheet)")
    return _("{file} is not a market dialogue workbook built by anskaffelse (no control sheet)")


def _skipped(path: Path, code: str, message: str, hint: str) -> Diagnostic:
    shown = display_path(path)
    text = message if message.startswith(shown) or shown in message else f"{shown}: {message}"
    return warning(code, _("skipped: {reason}").format(reason=text), hint, file=shown)


def _response(sheets: tuple[Sheet, ...], path: Path, kind: Kind, language: str, control: Sheet,
              reference: dict[str, str] | None) -> tuple[Response | None, list[Diagnostic]]:
    w = words(kind, language)
    by_name = {s.name: s for s in sheets}
    answers_sheet = by_name.get(w["answers_sheet"])
    if answers_sheet is None:
        return None, []
    facts_sheet = by_name.get(w["facts_sheet"])
    found: list[Diagnostic] = []
    stored: dict[Any, Any] = reference or {row[0]: row[1] for row in control.rows[5:]
                                           if len(row) >= 2 and isinstance(row[0], str)}
    answers = _answers(answers_sheet, path, kind, stored, found)
    return Response(path, language, _facts(facts_sheet, kind), answers), found


def _facts(sheet: Sheet | None, kind: Kind) -> dict[str, str]:
    result = {}
    for row, name in enumerate(facts(kind), 2):
        value = sheet.value(row, 2) if sheet is not None else None
        result[name] = _clean(value)
    return result


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:MAX_TEXT]


def _answers(sheet: Sheet, path: Path, kind: Kind, stored: dict[Any, Any],
             found: list[Diagnostic]) -> dict[str, Answer]:
    shown = display_path(path)
    codes = label_codes(kind, "scale")
    importance = label_codes(kind, "importance") if kind == "survey" else {}
    answers: dict[str, Answer] = {}
    for number in range(FIRST_ROW, len(sheet.rows) + 1):
        req_id = sheet.value(number, 1)
        if not isinstance(req_id, str) or req_id not in stored or req_id in answers:
            continue
        text = sheet.value(number, 4)
        if not isinstance(text, str) or text_fingerprint(text) != stored[req_id]:
            found.append(warning("R004", _("{id}: the requirement text in cell {cell} was changed; the answer is "
                                           "counted for the requirement as published").format(
                                               id=req_id, cell=f"D{number}"),
                                 _("Ask the respondent to answer in an unchanged copy if the change matters."),
                                 file=shown, line=number, column=4))
        code = code_of(sheet.value(number, 6), codes)
        if code == "?":
            found.append(warning("R005", _("{id}: cell {cell} holds {value}, which is not one of the answers; the "
                                           "cell is skipped").format(
                                               id=req_id, cell=f"F{number}",
                                               value=repr(_clean(sheet.value(number, 6))[:60])),
                                 _("Choose an answer from the drop-down list."), file=shown, line=number, column=6))
            continue

        if code is None:
            continue
        second = _second(sheet.value(number, 7), kind, importance)
        answers[req_id] = Answer(code, second, _clean(sheet.value(number, 8)))
    return answers


def _second(value: object, kind: Kind, importance: dict[str, str]) -> str | int | None:
    if kind == "survey":
        code = code_of(value, importance)
        return code if code not in (None, "?") else None
    if isinstance(value, int | float) and not isinstance(value, bool) and 2000 <= value <= 2100:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4 and \
            2000 <= int(value.strip()) <= 2100:
        return int(value.strip())
    return None
