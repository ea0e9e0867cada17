"""The bodies of `survey export|report` and `dialogue export|report`."""

from __future__ import annotations

from pathlib import Path

import typer

from ..diagnostics import UsageError, display_path, dumps, printable
from ..locale.messages import _, ngettext
from ..survey.respondents import OPTION
from ..survey.scales import Kind
from .common import print_diagnostics, stderr_console


def run_form_export(kind: Kind, profile: Path, out: Path, languages: str | None, library: Path | None,
                    as_json: bool, listed: Path | None = None) -> int:
    from ..api import dialogue_export, survey_export

    if not profile.is_file():
        raise UsageError(_("profile not found: {path}").format(path=profile))
    _check_list(kind, listed)
    if listed is not None and languages is not None:
        raise UsageError(_("--lang does not go with {option}: each workbook is in the language its entry in the "
                           "list gives").format(option=OPTION[kind]))
    langs = [part.strip() for part in (languages or "nb").split(",") if part.strip()]
    if kind == "survey":
        result = survey_export(profile, out, langs, library, respondents=listed)
    else:
        result = dialogue_export(profile, out, langs, library, suppliers=listed)
    if as_json:
        typer.echo(dumps({"ok": True, "outputs": [str(p) for p in result.outputs],
                          "findings": [d.to_dict() for d in result.findings]}))
    else:
        print_diagnostics(list(result.findings))
        for path in result.outputs:
            stderr_console().print(printable(f"  {display_path(path)}"), markup=False)
    return 0


def _check_list(kind: Kind, listed: Path | None) -> None:
    if listed is not None and not listed.is_file():
        raise UsageError(_("{option}: file not found: {path}").format(option=OPTION[kind], path=listed))


def run_report(kind: Kind, spec: Path, files: list[Path], out: Path, named: bool, min_group: int,
               pdf: bool | None, as_json: bool, listed: Path | None = None) -> int:
    from ..api import dialogue_report, survey_report

    if not spec.is_file():
        raise UsageError(_("specification not found: {path}").format(path=spec))
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise UsageError(_("workbook not found: {path}").format(path=missing[0]))
    _check_list(kind, listed)
    if kind == "survey":
        result = survey_report(spec, files, out, named=named, min_group=min_group, pdf=pdf, respondents=listed)
    else:
        result = dialogue_report(spec, files, out, named=named, pdf=pdf, suppliers=listed)
    if as_json:
        typer.echo(dumps({"ok": True, "outputs": [str(p) for p in result.outputs],
                          "findings": [d.to_dict() for d in result.findings], "aggregates": result.aggregates}))
        return 0
    print_diagnostics(list(result.findings))
    console = stderr_console()
    console.print(printable(ngettext("{reported} workbook reported, {skipped} skipped",
                                     "{reported} workbooks reported, {skipped} skipped", result.respondents).format(
        reported=result.respondents, skipped=len(result.aggregates["skipped"]))), style="green", markup=False)
    attribution = result.aggregates.get("attribution", {})
    if "invited" in attribution:
        console.print(printable(_("{answered} of the {invited} on the list answered, {missing} have not").format(
            answered=attribution["answered"], invited=attribution["invited"], missing=attribution["missing"])),
            markup=False)
    for path in result.outputs:
        console.print(printable(f"  {display_path(path)}"), markup=False)
    return 0
