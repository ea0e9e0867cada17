"""The commands after a tender is out: what changed and the addendum that says so, the suppliers'
answer workbooks, and the evaluation.

`register_changes` adds `diff` and `addendum` to the top level; `evaluate_app` and `answers_app` are
the groups. Help texts are translated when this module is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..locale.messages import _
from .cli_shell import JsonOption, LangOption, LibraryOption, OutFolderOption, check_lang, formats_list, run
from .evaluate import EvaluateGroup
from .localized import LocalizedTyper

DIFF_HELP = _("Show what changed between two versions of a tender: requirements added, removed and "
              "changed (texts word by word), and changes to the tender, award criteria, price form and "
              "chapters.\n\nExit code 0 whether or not anything changed (--json gives \"changed\": true or "
              "false); 1 for a file with errors; 2 usage errors.\n\n"
              "Example: anskaffelse diff v1.yaml ut/kommune-spesifikasjon.json")
ADDENDUM_HELP = _("Write the addendum (rettelse) that lists every change from the old version to the new, with "
                  "the new version's answer sheet and JSON.\n\nThe two must be versions of one tender (the same "
                  "case reference) with a change between them; otherwise exit code 1 and nothing is written.\n\n"
                  "Example: anskaffelse addendum v1.yaml v2.yaml -o ut --number 1")


def register_changes(app: typer.Typer) -> None:
    """Add `diff` and `addendum` to the top level, in that order."""
    app.command(help=DIFF_HELP)(diff)
    app.command(help=ADDENDUM_HELP)(addendum)


def diff(
    old: Annotated[Path, typer.Argument(metavar=_("old"), help=_(
        "The old version: a profile or a built …-spesifikasjon.json."), show_default=False)],
    new: Annotated[Path, typer.Argument(metavar=_("new"), help=_(
        "The new version: a profile or a built …-spesifikasjon.json."), show_default=False)],
    member: Annotated[str | None, typer.Option("--member", metavar="ID", help=_(
        "Compare what one member of a joint tender gets: only the requirements in its scope."),
        show_default=False)] = None,
    lang: LangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .diff import run_diff

    check_lang(lang)
    run(lambda: run_diff(old, new, member, lang, library, as_json), as_json)


def addendum(
    old: Annotated[Path, typer.Argument(metavar=_("old"), help=_(
        "The version published before: a profile or a built …-spesifikasjon.json."), show_default=False)],
    new: Annotated[Path, typer.Argument(metavar=_("new"), help=_(
        "The corrected version: a profile or a built …-spesifikasjon.json."), show_default=False)],
    out: OutFolderOption = Path("."),
    number: Annotated[int, typer.Option("--number", help=_("The addendum's number: Rettelse nr. N."))] = 1,
    formats: Annotated[str | None, typer.Option(
        "--formats", "--format", help=_("Comma-separated: docx,xlsx,json,pdf (docx and pdf: the addendum; xlsx "
                                        "and json: the new answer sheet and specification). Default: "
                                        "docx,xlsx,json, and pdf when LibreOffice is installed."),
        show_default=False)] = None,
    lang: LangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .diff import run_addendum

    check_lang(lang)
    chosen = formats_list(formats)
    run(lambda: run_addendum(old, new, out, number, chosen, lang, library, as_json), as_json)


evaluate_app = LocalizedTyper(
    cls=EvaluateGroup, no_args_is_help=True, rich_markup_mode=None,
    help=_("Score the tenders: the evaluation workbook for the committee, then the award justification.\n\n"
           "  anskaffelse evaluate SPEC.json ANSWERS.xlsx... -o evaluering.xlsx [--prices prices.yaml]\n\n"
           "  anskaffelse evaluate report evaluering.xlsx -o DIR"))


@evaluate_app.command("workbook", help=_(
    "Write the evaluation workbook: per award criterion the suppliers' answers, score and comment cells.\n\n"
    "Tenders with a minstekrav not answered Ja are shown as rejected and not ranked.\n\n"
    "Example: anskaffelse evaluate ut/kommune-spesifikasjon.json svar/*.xlsx -o evaluering.xlsx --evaluators 3"))
def evaluate_workbook(
    spec: Annotated[Path, typer.Argument(metavar=_("SPEC"), help=_(
        "The built specification (…-spesifikasjon.json), or its profile."), show_default=False)],
    answers: Annotated[list[Path], typer.Argument(metavar=_("ANSWERS"), help=_(
        "The suppliers' answer workbooks, each named after its supplier."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("The evaluation workbook to write."))] = Path(
        "evaluering.xlsx"),
    prices: Annotated[Path | None, typer.Option(
        "--prices", help=_("YAML file with each supplier's evaluated total price ('prices: {Leverandør AS: "
                           "12500000}'); default: the totals of the suppliers' price forms."),
        show_default=False)] = None,
    evaluators: Annotated[str | None, typer.Option(
        "--evaluators", metavar=_("N|NAMES"), help=_("Score columns per supplier, averaged: a number (3) or names "
                                                     "separated by commas ('Kari,Ola,Per'). Default: one."),
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=_("YYYY-MM-DD"), help=_(
        "Date of the workbook (default: SOURCE_DATE_EPOCH, else the specification's date)."),
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace an existing workbook (it may hold "
                                                          "scores)."))] = False,
    as_json: JsonOption = False,
) -> None:
    from .evaluate import run_evaluate

    run(lambda: run_evaluate(spec, answers, out, prices, evaluators, date, force, as_json), as_json)


@evaluate_app.command("report", help=_("Write the award justification (tildelingsbegrunnelse) from the filled "
                                        "evaluation workbook.\n\nExample: anskaffelse evaluate report "
                                        "evaluering.xlsx -o ut --date 2027-03-15"))
def evaluate_report(
    workbook: Annotated[Path, typer.Argument(metavar=_("EVALUATION.xlsx"), help=_(
        "The filled evaluation workbook."), show_default=False)],
    out: OutFolderOption = Path("."),
    formats: Annotated[str | None, typer.Option(
        "--format", help=_("docx or docx,pdf (pdf needs LibreOffice). Default: docx, and pdf when LibreOffice is "
                           "installed."), show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=_("YYYY-MM-DD"), help=_(
        "Date of the award decision (default: SOURCE_DATE_EPOCH, else the workbook's date)."),
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    from .evaluate import run_report

    chosen = formats_list(formats)
    run(lambda: run_report(workbook, out, chosen, date, as_json), as_json)


answers_app = LocalizedTyper(name="answers", help=_("Supplier answer workbooks after the tender deadline."),
                             no_args_is_help=True, rich_markup_mode=None)


@answers_app.command("check", help=_(
    "Check each supplier's answer workbook: edited requirements, minstekrav, answers, prices, formulas, macros."
    "\n\nEvery workbook is read as untrusted input and checked on its own; one that cannot be read safely gets "
    "an error and the others are still checked. Exit codes: 0 no errors; 1 a workbook has errors; 2 usage errors."
    "\n\nExample: anskaffelse answers check ut/kommune-spesifikasjon.json svar/*.xlsx --report kontroll"))
def answers_check(
    spec: Annotated[Path, typer.Argument(metavar=_("SPEC"), help=_(
        "The built specification (…-spesifikasjon.json) the suppliers answered, or its profile."),
        show_default=False)],
    workbooks: Annotated[list[Path], typer.Argument(metavar=_("ANSWERS.xlsx"), help=_(
        "One workbook per supplier."), show_default=False)],
    earlier: Annotated[list[Path] | None, typer.Option(
        "--earlier", metavar=_("OLD.json"), help=_("An earlier version of the specification (repeatable), so a "
                                                   "workbook made for it is named as such."),
        show_default=False)] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar=_("DIR"), help=_("Write a check report per workbook (Word and Excel) into this "
                                             "folder."), show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .answers import run_answers_check

    run(lambda: run_answers_check(spec, workbooks, earlier or [], report, library, as_json), as_json)
