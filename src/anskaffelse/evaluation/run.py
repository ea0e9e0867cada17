"""`anskaffelse evaluate` and `anskaffelse evaluate report`: read, compute, write atomically.

Side effects live here and only here: reading the specification, the answer
workbooks, the prices file and the filled evaluation workbook; the date; and
writing the outputs. Nothing is written when an error is found, an existing
evaluation workbook is never overwritten without `force` (it may hold the
committee's scores), and an input file is never an output.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, error
from ..locale import texts
from ..locale.messages import _
from ..resolved import Specification
from .plan import EvaluationPlan, Supplier, evaluator_names, plan_criteria, supplier_names_clash
from .prices import form_total, read_prices
from .suppliers import Tender, read_tender

REPORT_NAME = "tildelingsbegrunnelse"


@dataclass(frozen=True)
class EvaluationResult:
    workbook: Path
    suppliers: tuple[Supplier, ...]
    findings: tuple[Diagnostic, ...]
    """The errors found in the answer workbooks of rejected tenders."""


@dataclass(frozen=True)
class AwardReportResult:
    outputs: tuple[Path, ...]
    ranking: tuple[tuple[str, int, str], ...]
    """(supplier, rank, total as shown) from first to last."""
    rejected: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]


def evaluate(spec_path: Path, answer_paths: Sequence[Path], out: Path, prices: Path | None = None,
             evaluators: str | None = None, date: str | None = None, force: bool = False) -> EvaluationResult:
    """Write the evaluation workbook for the committee from the specification and the answer workbooks."""
    _check_output(out, [spec_path, *answer_paths, *([prices] if prices else [])], force)
    spec = load_specification(spec_path)
    words = texts(spec.language)
    try:
        names = evaluator_names(evaluators, words["evaluation_workbook"]["evaluator"])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    tenders = [read_tender(path, spec, words) for path in answer_paths]
    clash = supplier_names_clash([t.supplier for t in tenders])
    if clash is not None:
        files = ", ".join(display_path(t.answers.path) for t in tenders if t.supplier.casefold() == clash.casefold())
        raise InputError([error("E007", _("two answer workbooks are from the supplier '{supplier}' "
                                          "({files})").format(supplier=clash, files=files),
                                _("Give one workbook per supplier. A supplier is named as it wrote its name in "
                                  "the workbook, or else by the file name."))])
    day = evaluation_date(date, spec.tender.date)
    suppliers, source = _suppliers(spec, tenders, prices)
    plan = EvaluationPlan(
        language=spec.language, title=spec.tender.title, reference=spec.tender.reference,
        buyers=tuple(b.name for b in spec.tender.buyers), date=day, specification=spec.fingerprint,
        award_basis=spec.award_basis, price_source=source, evaluators=names,
        criteria=plan_criteria(spec, words), suppliers=suppliers)
    from .sheets import export_evaluation

    data = export_evaluation(plan, {t.supplier: t.answers.answers for t in tenders}, epoch(day))
    _write({out: data})
    return EvaluationResult(out, suppliers, tuple(d for t in tenders for d in t.findings))


def _suppliers(spec: Specification, tenders: list[Tender],
               prices_file: Path | None) -> tuple[tuple[Supplier, ...], str]:
    evaluated = [t.supplier for t in tenders if not t.reasons]
    if not evaluated:
        raise InputError([*(d for t in tenders for d in t.findings),
                          error("E006", _("every tender is rejected, so there is nothing to evaluate"),
                                _("Check the findings above; a tender answered in the wrong workbook may need "
                                  "clarifying with the supplier as the rules allow."))])
    has_price = any(c.price is not None for c in spec.award_criteria)
    if not has_price:
        if prices_file is not None:
            raise UsageError(_("the tender has no price criterion (the price is fixed), so --prices has nothing "
                               "to do; leave it out"))
        return tuple(Supplier(t.supplier, t.reasons) for t in tenders), ""
    if prices_file is not None:
        given = read_prices(prices_file, [t.supplier for t in tenders], evaluated)
        source = "file"
    else:
        given, source = _form_prices(spec, tenders, evaluated), "form"
    return tuple(Supplier(t.supplier, t.reasons, None if t.reasons else given[t.supplier]) for t in tenders), source


def _form_prices(spec: Specification, tenders: list[Tender], evaluated: list[str]) -> dict[str, float]:
    if spec.price_form is None:
        raise InputError([error("E004", _("the tender has a price criterion but no price form, so the evaluated "
                                          "prices must be given"),
                                _("Write the evaluated price of each tender in a prices file and give it with "
                                  "--prices (see 'anskaffelse evaluate --help')."))])
    prices: dict[str, float] = {}
    found: list[Diagnostic] = []
    for tender in tenders:
        if tender.supplier in evaluated:
            total, problems = form_total(tender.answers, spec.price_form)
            found += problems
            if total is not None:
                prices[tender.supplier] = total
    if found:
        raise InputError(found)
    return prices


def write_report(workbook: Path, out_dir: Path, formats: Sequence[str] | None = None,
                 date: str | None = None) -> AwardReportResult:
    """Read the filled evaluation workbook and write the award justification into `out_dir`."""
    from .readback import read_filled
    from .report_docx import export_report
    from .results import outcome

    chosen = _report_formats(formats)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(_("{path} is a file; -o needs the folder to write the award justification "
                           "into").format(path=out_dir))
    filled = read_filled(workbook)
    result = outcome(filled)
    day = evaluation_date(date, filled.plan.date)
    document = export_report(filled, result, day, epoch(day))
    files = {out_dir / f"{REPORT_NAME}.docx": document}
    if "pdf" in chosen:
        from ..export.libreoffice import docx_to_pdf

        files[out_dir / f"{REPORT_NAME}.pdf"] = docx_to_pdf(document)
    _write(files)
    ranking = tuple((r.supplier, r.rank, f"{r.shown}") for r in result.ranking)
    return AwardReportResult(tuple(files), ranking, tuple(s.name for s in filled.plan.rejected), filled.warnings)


def _report_formats(formats: Sequence[str] | None) -> tuple[str, ...]:
    """docx, and pdf when LibreOffice is here; asked-for pdf without LibreOffice is a usage error."""
    from ..export.libreoffice import require_libreoffice, timeout_seconds

    if formats is None:
        try:
            timeout_seconds()
            require_libreoffice()
        except UsageError:
            return ("docx",)
        return ("docx", "pdf")
    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in ("docx", "pdf")]
    if unknown or not chosen:
        raise UsageError(_("unknown format '{format}'; the report is docx or docx,pdf").format(
            format=unknown[0] if unknown else ""))
    if "pdf" in chosen:
        timeout_seconds()
        require_libreoffice()
    return chosen


def load_specification(path: Path) -> Specification:
    """A built JSON specification (`…-spesifikasjon.json`), or a profile to resolve."""
    if not path.is_file():
        raise UsageError(_("specification not found: {path}").format(path=path))
    from ..api import published_specification

    return published_specification(path)


def evaluation_date(given: str | None, fallback: str) -> str:
    """`given` (ISO), else SOURCE_DATE_EPOCH, else `fallback`: never the clock, so outputs repeat."""
    if given is not None:
        try:
            return dt.date.fromisoformat(given.strip()).isoformat()
        except ValueError:
            raise UsageError(_("--date '{date}' is not a date; write it as YYYY-MM-DD, e.g. 2027-03-15").format(
                date=given[:40])) from None
    epoch_text = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch_text:
        from ..api import source_date

        return source_date(epoch_text).isoformat()
    return dt.date.fromisoformat(fallback).isoformat()


def epoch(day: str) -> int:
    date = dt.date.fromisoformat(day)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def _check_output(out: Path, inputs: Sequence[Path], force: bool) -> None:
    for given in inputs:
        if given.exists() and out.exists() and out.resolve() == given.resolve():
            raise UsageError(_("-o {path} is one of the input files; choose another name for the evaluation "
                               "workbook").format(path=out))
    if out.is_dir():
        raise UsageError(_("{path} is a folder; -o needs the name of the workbook to write, e.g. {example}").format(
            path=out, example=out / "evaluering.xlsx"))
    if out.exists() and not force:
        raise UsageError(_("{path} already exists and may hold the committee's scores; choose another name, or add "
                           "--force to replace it").format(path=display_path(out)))


def _write(files: dict[Path, bytes]) -> None:
    from ..write import write_all

    try:
        write_all(files)
    except OSError as exc:
        folder = next(iter(files)).parent
        raise UsageError(_("cannot write to {folder}: {reason}; choose a place you can write to with -o").format(
            folder=folder, reason=exc.strerror or exc)) from None
