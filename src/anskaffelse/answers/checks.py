"""The answer check: one report per supplier workbook, with every finding at its sheet, cell and requirement.

`check_workbook` reads a workbook through the one door (`workbook.read_workbook`,
with limits from the specification), then checks, in this order: active
content (macros, ActiveX, OLE objects, external links), which specification
and version the workbook was made for, its sheets, the locked requirement
cells (`fingerprints`), the answers and the price form (`answer_checks`).
A workbook that cannot be read safely gives a report with that one finding;
the other workbooks are checked all the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, Severity, display_path, error, sort_key, warning
from ..export.xlsx import CONTROL_SHEET
from ..locale import texts
from ..locale.messages import _
from ..resolved import Specification
from .answer_checks import (
    NEEDS_ANSWER,
    answer_sheet_findings,
    answered,
    formula_findings,
    price_findings,
    says_yes,
)
from .fingerprints import listed_ids, recorded_version, verify_fingerprints
from .responses import SupplierAnswers, answers_sheet, limits_for, price_sheet, read_answers
from .workbook import AnsweredWorkbook, read_workbook


@dataclass(frozen=True)
class AnswerReport:
    """What the check found in one supplier's workbook."""

    path: Path
    supplier: str
    findings: tuple[Diagnostic, ...]
    answers: SupplierAnswers | None
    """None when the workbook could not be read (its one finding says why)."""
    answered: int
    """Requirements that need an answer (minstekrav and evaluated) and have one."""
    total: int
    """Requirements that need an answer."""
    minstekrav_met: bool | None
    """Every minstekrav has its row and is answered Ja as a plain value; None when the file could not be read."""
    sha256: str
    """Of the file checked ('' when it could not be read)."""

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.findings)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.findings)

    @property
    def readable(self) -> bool:
        return self.answers is not None


def check_workbooks(paths: Sequence[Path], spec: Specification,
                    earlier: Sequence[Specification] = ()) -> list[AnswerReport]:
    return [check_workbook(Path(p), spec, earlier) for p in paths]


def check_workbook(path: Path, spec: Specification, earlier: Sequence[Specification] = ()) -> AnswerReport:
    """The findings for one workbook; a workbook that cannot be read is a report with one error, not an exception."""
    try:
        book = read_workbook(path, limits_for(spec))
    except InputError as refused:
        return AnswerReport(path, path.stem, refused.diagnostics, None, 0, _needing_answer(spec), None, "")
    answers = read_answers(book, spec)
    found = check_book(book, spec, answers, earlier)
    return AnswerReport(path, answers.supplier, tuple(sorted(found, key=sort_key)), answers,
                        *_counts(spec, answers), book.sha256)


def check_book(book: AnsweredWorkbook, spec: Specification, answers: SupplierAnswers,
               earlier: Sequence[Specification] = ()) -> list[Diagnostic]:
    file = display_path(book.path)
    found = list(active_content_findings(book, file))
    found += version_findings(book, spec, earlier, verify_fingerprints(book, spec), file)
    found += sheet_findings(book, spec, file)
    sheet = answers_sheet(book, spec)
    if sheet is not None:
        found += answer_sheet_findings(sheet, spec, answers, file)
    found += formula_findings(book.sheets, spec, file)
    prices = price_sheet(book, spec)
    if spec.price_form is not None and prices is not None:
        found += price_findings(prices, spec, file)
    return found


def _needing_answer(spec: Specification) -> int:
    return sum(1 for r in spec.requirements() if r.obligation in NEEDS_ANSWER)


def _counts(spec: Specification, answers: SupplierAnswers) -> tuple[int, int, bool]:
    words = texts(spec.language)
    needing = [r for r in spec.requirements() if r.obligation in NEEDS_ANSWER]
    given = answers.answers
    done = sum(1 for r in needing if r.id in given and answered(r, given[r.id]))
    # A formula's saved value is not an answer the tool can vouch for.
    met = all(says_yes(given.get(r.id), words) and given[r.id].cell not in answers.formulas
              for r in needing if r.obligation == "minstekrav")
    return done, len(needing), met


# ---------------------------------------------------------------- active content

def _active() -> dict[str, tuple[str, str, str]]:
    """Kind of active content -> code, message and hint (in the reader's language)."""
    return {
        "macros": ("A018", _("{file} contains macros ({parts}); they are never run here"),
                   _("Do not open the file with macros enabled. Ask the supplier for its answers in the .xlsx "
                     "workbook that came with the tender, which has none.")),
        "activex": ("A019", _("{file} contains ActiveX controls ({parts}); they are never run here"),
                    _("Do not open the file with its content enabled. Ask the supplier for its answers in the .xlsx "
                      "workbook that came with the tender.")),
        "ole": ("A020", _("{file} contains embedded objects ({parts}), which can hold programs or other files; "
                          "they are never opened here"),
                _("Ask the supplier to send such documents as separate attachments to the tender.")),
        "external": ("A021", _("{file} links to other files or data sources ({parts}), whose values can change what "
                               "the cells show when the file is opened; they are never followed here"),
                     _("Ask the supplier for its answers as plain values, without links to other workbooks.")),
    }


def active_content_findings(book: AnsweredWorkbook, file: str) -> Iterator[Diagnostic]:
    for kind, (code, message, hint) in _active().items():
        parts = [a.part for a in book.active if a.kind == kind]
        if parts:
            yield error(code, message.format(file=file, parts=listed_ids(parts, 3)), hint, file=file)


# ---------------------------------------------------------------- specification and version


def version_findings(book: AnsweredWorkbook, spec: Specification, earlier: Sequence[Specification],
                     found: list[Diagnostic], file: str) -> list[Diagnostic]:
    """The fingerprint findings, with "another version" made precise when an earlier version is known."""
    control = book.sheet(CONTROL_SHEET)
    if control is None:
        return found
    made_for = control.value(2, 2)
    if made_for != spec.fingerprint:
        # Of course the control sheet of another version differs; the text findings say where.
        found = [d for d in found if d.code != "A007"]
    match = next((e for e in earlier if e.fingerprint == made_for), None)
    if match is not None:
        made = _("version {version} of {reference}, dated {date}").format(
            version=match.tender.version, reference=match.tender.reference, date=match.tender.date)
        return [error("A009", _("{file} was made for an earlier version of the specification ({made}); this is "
                                "version {version}, dated {date}").format(
                          file=file, made=made, version=spec.tender.version, date=spec.tender.date),
                      _("The supplier answered before the addendum (rettelse). Ask for an answer in the workbook "
                        "of the current version; the findings below show which requirements changed."), file=file,
                      sheet=CONTROL_SHEET) if d.code == "A003" else d for d in found]
    recorded = control.rows[3] if len(control.rows) > 3 else ()
    version = recorded[2] if len(recorded) > 2 else None
    if made_for == spec.fingerprint and version not in (None, "", spec.tender.version):
        found = [*found, warning("A027", _("{file} names {recorded}; this is version {version}. The requirements "
                                           "are the same").format(file=file, recorded=recorded_version(control),
                                                                  version=spec.tender.version),
                                 _("Check whether an addendum changed anything else the supplier had to answer, "
                                   "such as the price form or the award criteria."), file=file, sheet=CONTROL_SHEET)]
    return found


# ---------------------------------------------------------------- sheets


def sheet_findings(book: AnsweredWorkbook, spec: Specification, file: str) -> Iterator[Diagnostic]:
    """Sheets added, and sheets missing besides the answer and control sheets (reported with the fingerprints)."""
    words = texts(spec.language)
    price = words["workbook_price"]["sheet"] if spec.price_form is not None else None
    matrix = words["joint"]["workbook"]["matrix_sheet"] if spec.members else None  # a joint tender's members
    published = [words["workbook"]["instructions_sheet"], words["workbook"]["answers_sheet"], price,
                 words["workbook"]["lists_sheet"], CONTROL_SHEET, matrix]
    for name in (n for n in published if n and book.sheet(n) is None):
        if name == price:
            yield error("A023", _("{file} has no sheet '{sheet}' with the price form").format(file=file, sheet=name),
                        _("Without prices the tender cannot be compared with the others, which can make it "
                          "rejectable; check whether the prices came in another document."), file=file, sheet=name)
        elif name not in (words["workbook"]["answers_sheet"], CONTROL_SHEET):
            yield warning("A023", _("{file} has no sheet '{sheet}', which the published workbook has").format(
                              file=file, sheet=name),
                          _("The answers can still be read; the supplier deleted a sheet it did not need."),
                          file=file, sheet=name)
    for sheet in book.sheets:
        if sheet.name not in published:
            yield warning("A022", _("{file} has a sheet '{sheet}' that the published workbook does not "
                                    "have").format(file=file, sheet=sheet.name[:100]),
                          _("Read it: a sheet added by the supplier can hold reservations (forbehold) or "
                            "conditions that belong in the tender letter."), file=file, sheet=sheet.name)
