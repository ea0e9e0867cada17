"""`anskaffelse evaluate` (the evaluation workbook) and `anskaffelse evaluate report` (the award justification).

The command group routes anything that is not a subcommand name to
`workbook`, so `anskaffelse evaluate SPEC ANSWERS... -o X` works as written in
the tender's plan, next to `anskaffelse evaluate report X -o DIR`. (A
specification file named `report` is given as `./report`, or with the
explicit `anskaffelse evaluate workbook report …`.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..diagnostics import display_path, dumps, printable
from ..locale.messages import _, decimal_mark, ngettext
from .localized import LocalizedGroup

DEFAULT_COMMAND = "workbook"


class EvaluateGroup(LocalizedGroup):
    """A group whose first argument, when it names no subcommand, goes to `workbook`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


def run_evaluate(spec: Path, answers: list[Path], out: Path, prices: Path | None, evaluators: str | None,
                 date: str | None, force: bool, as_json: bool) -> int:
    from ..api import evaluate
    from .common import print_diagnostics, stderr_console

    result = evaluate(spec, answers, out, prices=prices, evaluators=evaluators, date=date, force=force)
    if as_json:
        typer.echo(dumps({
            "ok": True, "workbook": str(result.workbook),
            "suppliers": [{"name": s.name, "status": "evaluated" if s.evaluated else "rejected",
                           "price": s.price, "reasons": list(s.rejected)} for s in result.suppliers],
            "findings": [d.to_dict() for d in result.findings]}))
        return 0
    print_diagnostics(list(result.findings))
    console = stderr_console()
    evaluated = [s.name for s in result.suppliers if s.evaluated]
    rejected = [s.name for s in result.suppliers if not s.evaluated]
    line = ngettext("{workbook}: {count} tender(s) to score: {suppliers}",
                    "{workbook}: {count} tender(s) to score: {suppliers}", len(evaluated))
    console.print(printable(line.format(workbook=display_path(result.workbook), count=len(evaluated),
                                        suppliers=", ".join(evaluated))),
                  style="green", markup=False, highlight=False)
    if rejected:
        console.print(printable("  " + _("rejected, not ranked: {suppliers}").format(suppliers=", ".join(rejected))),
                      style="yellow", markup=False, highlight=False)
    console.print("  " + _("Fill in the scores and comments, then: anskaffelse evaluate report {workbook} -o "
                           "DIR").format(workbook=printable(display_path(result.workbook))),
                  markup=False, highlight=False)
    return 0


def run_report(workbook: Path, out: Path, formats: list[str] | None, date: str | None, as_json: bool) -> int:
    from ..api import evaluation_report
    from .common import print_diagnostics, stderr_console

    result = evaluation_report(workbook, out, formats=formats, date=date)
    if as_json:
        typer.echo(dumps({
            "ok": True, "outputs": [str(p) for p in result.outputs],
            "ranking": [{"supplier": s, "rank": r, "total": t} for s, r, t in result.ranking],
            "rejected": list(result.rejected), "warnings": [d.to_dict() for d in result.warnings]}))
        return 0
    print_diagnostics(list(result.warnings))
    console = stderr_console()
    for supplier, rank, total in result.ranking:
        console.print(printable(f"{rank}. {supplier}: {decimal_mark(total)}"), markup=False, highlight=False)
    for supplier in result.rejected:
        console.print(printable("-  " + _("{supplier}: rejected").format(supplier=supplier)), markup=False,
                      highlight=False)
    for path in result.outputs:
        console.print(printable(f"  {display_path(path)}"), style="green", markup=False, highlight=False)
    return 0
