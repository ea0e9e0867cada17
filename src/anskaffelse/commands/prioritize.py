"""`anskaffelse prioritize export` and `merge`: the prioritisation round of a joint tender.

Exit codes: 0 done; 1 the profile or a workbook has errors (nothing written);
2 usage errors (a missing file, an unknown rule, an output that is an input).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..collaboration.priorities.report import decision_label, disagreements, report_data
from ..collaboration.priorities.rules import LEVEL_CODES
from ..diagnostics import UsageError, display_path, dumps, printable
from ..library import require_library
from ..locale import texts
from ..locale.messages import _
from .common import _check_profile_path, print_diagnostics, stderr_console

MAX_ROWS = 200
"""Disagreements shown in the terminal; --report and --json give them all."""


def run_export(profile: Path, out: Path, library: Path | None, as_json: bool) -> int:
    from ..api import prioritize_export

    _check_profile_path(profile)
    if out.exists() and not out.is_dir():
        raise UsageError(_("{path} is a file; -o names the folder for the workbooks").format(path=out))
    plan = prioritize_export(profile, out, require_library(library))
    paths = dict(zip((m.id for m in plan.members), plan.files, strict=True))
    if as_json:
        typer.echo(dumps({"ok": True, "profile": str(profile), "requirements": plan.requirements,
                          "workbooks": [{"member": m.id, "name": m.name, "language": m.language,
                                         "path": str(paths[m.id])} for m in plan.members],
                          "warnings": [w.to_dict() for w in plan.warnings]}))
        return 0
    print_diagnostics(list(plan.warnings))
    console = stderr_console()
    console.print(printable(_("{profile}: {requirements} requirements, {workbooks} member workbooks").format(
        profile=display_path(profile), requirements=plan.requirements, workbooks=len(plan.members))),
        style="green", markup=False)
    for member in plan.members:
        console.print(printable(f"  {display_path(paths[member.id])} ({member.name}, {member.language})"),
                      markup=False)
    return 0


def run_merge(profile: Path, workbooks: list[Path], out: Path, rule: str, report: Path | None,
              library: Path | None, as_json: bool) -> int:
    from ..api import prioritize_merge

    _check_profile_path(profile)
    plan = prioritize_merge(profile, workbooks, out, rule, report, require_library(library))
    if as_json:
        typer.echo(dumps({"ok": True, "profile": str(profile), "output": str(plan.output),
                          "report": str(plan.report) if plan.report else None,
                          **report_data(plan.requirements, plan.members, plan.rule),
                          "warnings": [w.to_dict() for w in plan.warnings]}))
        return 0
    print_diagnostics(list(plan.warnings))
    _print_disagreements(plan)
    _print_summary(plan, profile)
    return 0


def _print_disagreements(plan: Any) -> None:
    """The disagreements as a table narrow enough for 80 columns, then the members' comments on them."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = disagreements(plan.requirements)
    if not rows:
        return
    labels = dict(texts(plan.language)["prioritize"]["levels"], **{"ikke-aktuelt": "–"})
    table = Table(title=_("Where the members disagree: {count} requirements, largest spread first").format(
        count=len(rows)), caption=f"–: {texts(plan.language)['prioritize']['levels']['ikke-aktuelt']}")
    table.add_column("ID", no_wrap=True)
    for member in plan.members:
        table.add_column(printable(member.id), no_wrap=True, min_width=len(member.id))
    table.add_column(_("Spread"), justify="right")
    table.add_column(_("Decision"))
    for m in rows[:MAX_ROWS]:
        cells = [m.candidate.id, *(labels[LEVEL_CODES[level]] for _, level in m.votes), str(m.spread),
                 decision_label(m, plan.language)]
        # Text, not strings: nothing from a profile or workbook is read as markup.
        table.add_row(*(Text(cell) for cell in cells))
    console = Console(highlight=False)
    console.print(table)
    if len(rows) > MAX_ROWS:
        console.print(_("… and {count} more (see --report or --json)").format(count=len(rows) - MAX_ROWS),
                      markup=False)
    comments = [(m.candidate.id, member, text) for m in rows[:MAX_ROWS] for member, text in m.comments]
    if comments:
        console.print(_("Comments:"), markup=False)
        for req_id, member, text in comments:
            console.print(Text(f"  {req_id} {printable(member)}: {printable(text)}"))


def _print_summary(plan: Any, profile: Path) -> None:
    counts = {k: sum(1 for m in plan.requirements if m.decision.outcome == k)
              for k in ("minstekrav", "evaluert", "informasjon", "exclude")}
    scoped = sum(1 for m in plan.requirements if m.decision.scope)
    console = stderr_console()
    console.print(printable(_(
        "{output}: {requirements} requirements from {profile} by the rule {rule}: {minstekrav} minstekrav, "
        "{evaluert} evaluert, {informasjon} informasjon, {excluded} excluded; {scoped} for some members only").format(
        output=display_path(plan.output), requirements=len(plan.requirements), profile=display_path(profile),
        rule=plan.rule, minstekrav=counts["minstekrav"], evaluert=counts["evaluert"],
        informasjon=counts["informasjon"], excluded=counts["exclude"], scoped=scoped)),
        style="green", markup=False)
    if plan.report is not None:
        console.print(printable(f"  {display_path(plan.report)}"), markup=False)
