"""The bodies of `survey export|report` and `dialogue export|report`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..diagnostics import UsageError, display_path, dumps, printable
from ..locale.messages import _
from ..survey.scales import Kind
from .common import print_diagnostics, stderr_console


def run_form_export(kind: Kind, profile: Path, out: Path, languages: str, library: Path | None,
                    as_json: bool) -> int:
    from ..api import dialogue_export, survey_export

    if not profile.is_file():
        raise UsageError(_("profile not found: {path}").format(path=profile))
    langs = [part.strip() for part in languages.split(",") if part.strip()]
    export = survey_export if kind == "survey" else dialogue_export
    written = export(profile, out, langs, library)
    if as_json:
        typer.echo(dumps({"ok": True, "outputs": [str(p) for p in written]}))
    else:
        for path in written:
            stderr_console().print(printable(f"  {display_path(path)}"), markup=False)
    return 0


def run_report(kind: Kind, spec: Path, files: list[Path], out: Path, named: bool, min_group: int,
               pdf: bool | None, as_json: bool) -> int:
    from ..api import dialogue_report, survey_report

    if not spec.is_file():
        raise UsageError(_("specification not found: {path}").format(path=spec))
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise UsageError(_("workbook not found: {path}").format(path=missing[0]))
    if kind == "survey":
        result = survey_report(spec, files, out, named=named, min_group=min_group, pdf=pdf)
    else:
        result = dialogue_report(spec, files, out, named=named, pdf=pdf)
    if as_json:
        typer.echo(dumps({"ok": True, "outputs": [str(p) for p in result.outputs],
                          "findings": [d.to_dict() for d in result.findings], "aggregates": result.aggregates}))
        return 0
    print_diagnostics(list(result.findings))
    console = stderr_console()
    console.print(printable(_("{reported} workbooks reported, {skipped} skipped").format(
        reported=result.respondents, skipped=len(result.aggregates["skipped"]))), style="green", markup=False)
    for path in result.outputs:
        console.print(printable(f"  {display_path(path)}"), markup=False)
    return 0
