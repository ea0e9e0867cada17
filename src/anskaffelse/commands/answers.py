"""`anskaffelse answers check`: each supplier's answer workbook checked against the specification.

Prints a table with one line per workbook (errors, warnings, answered,
minstekrav met), then the findings; `--json` gives everything; `--report DIR`
writes a check report per workbook as Word and Excel.

Exit codes: 0 no workbook has an error finding; 1 at least one has (a
workbook that cannot be read safely counts); 2 usage errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..answers.checks import AnswerReport
from ..diagnostics import UsageError, display_path, dumps, printable
from ..locale.messages import _
from ..resolved import Specification
from .common import print_diagnostics


def run_answers_check(spec_path: Path, workbooks: list[Path], earlier: list[Path], report_dir: Path | None,
                      library: Path | None, as_json: bool) -> int:
    from ..api import check_answers, published_specification, write_check_reports

    for path in (spec_path, *earlier, *workbooks):
        _check_file(path)
    spec = published_specification(spec_path, library)
    before = [published_specification(p, library) for p in earlier]
    reports = check_answers(spec, workbooks, before)
    written = write_check_reports(reports, spec, report_dir) if report_dir is not None else []
    code = 1 if any(r.errors for r in reports) else 0
    if as_json:
        typer.echo(dumps(_summary(spec, reports, written, code)))
        return code
    _print_table(reports)
    print_diagnostics([d for r in reports for d in r.findings])
    for path in written:
        typer.echo(printable(_("Wrote {path}").format(path=display_path(path))))
    return code


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise UsageError(_("{path} is a folder; give the specification and the answer workbooks as files").format(
            path=path))
    if not path.exists():
        raise UsageError(_("file not found: {path}").format(path=path))


def _print_table(reports: list[AnswerReport]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("Answer check"), title_justify="left")
    for name, justify in ((_("Supplier"), "left"), (_("File"), "left"), (_("Errors"), "right"),
                          (_("Warnings"), "right"), (_("Answered"), "right"), (_("Minstekrav met"), "left")):
        # Names and paths wrap rather than lose their end: the end is what tells two files apart.
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in reports:
        met = "-" if r.minstekrav_met is None else _("yes") if r.minstekrav_met else _("no")
        answered = f"{r.answered}/{r.total}" if r.readable else _("unreadable")
        style = "red" if r.errors else "yellow" if r.warnings else "green"
        table.add_row(printable(r.supplier), printable(display_path(r.path)), str(r.errors), str(r.warnings),
                      answered, met, style=style)
    console = Console(highlight=False)
    if not console.is_terminal:
        # Piped into a file or a script: no terminal width to keep to, so no name or path is cut or folded.
        console = Console(highlight=False, width=240)
    console.print(table, markup=False)


def _summary(spec: Specification, reports: list[AnswerReport], written: list[Path], code: int) -> dict[str, Any]:
    t = spec.tender
    return {
        "ok": code == 0,
        "specification": {"title": t.title, "reference": t.reference, "version": t.version, "date": t.date,
                           "fingerprint": spec.fingerprint},
        "workbooks": [_workbook(r) for r in reports],
        "reports": [str(p) for p in written],
    }


def _workbook(r: AnswerReport) -> dict[str, Any]:
    answers = r.answers
    return {
        "file": str(r.path),
        "supplier": r.supplier,
        "readable": r.readable,
        "sha256": r.sha256,
        "errors": r.errors,
        "warnings": r.warnings,
        "answered": r.answered,
        "total": r.total,
        "minstekrav_met": r.minstekrav_met,
        "findings": [d.to_dict() for d in r.findings],
        "answers": [] if answers is None else [
            {"requirement": a.requirement_id, "value": a.value, "description": a.description, "cell": a.cell}
            for a in answers.answers.values()],
        "unit_prices": {} if answers is None else dict(answers.unit_prices),
        "formulas": [] if answers is None else list(answers.formulas),
    }
