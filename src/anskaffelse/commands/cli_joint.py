"""The commands where several parties answer a workbook before a tender: the members' prioritisation
round of a joint tender, the survey of the municipalities' systems, and the market dialogue with
suppliers.

The groups are `prioritize_app`, `survey_app` and `dialogue_app`. Help texts are translated when
this module is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..locale.messages import _
from .cli_shell import JsonOption, LibraryOption, OutFolderOption, run
from .localized import LocalizedTyper

prioritize_app = LocalizedTyper(
    name="prioritize",
    help=_("The prioritisation round of a joint tender: each member marks every candidate requirement Må, Bør, "
           "Kan or Ikke aktuelt in its own workbook; merge turns the workbooks into one joint profile.\n\n"
           "Example: anskaffelse prioritize export felles.yaml -o runde"),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@prioritize_app.command("export", help=_("Write one priority workbook per member, in the member's language (nb "
                                          "or nn).\n\nExample: anskaffelse prioritize export felles.yaml -o runde"))
def prioritize_export(
    profile: Annotated[Path, typer.Argument(metavar=_("profile"), help=_("The joint profile, with 'members:'."),
                                            show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Folder for the members' workbooks."))] = Path("."),
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .prioritize import run_export

    run(lambda: run_export(profile, out, library, as_json), as_json)


@prioritize_app.command("merge", help=_("Merge the members' workbooks into one joint profile and show where the "
                                         "members disagree.\n\nExample: anskaffelse prioritize merge felles.yaml "
                                         "runde/*.xlsx -o felles-samlet.yaml --report rapport"))
def prioritize_merge(
    profile: Annotated[Path, typer.Argument(metavar=_("profile"), help=_(
        "The joint profile the workbooks were made from."), show_default=False)],
    workbooks: Annotated[list[Path], typer.Argument(metavar=_("workbooks"), help=_(
        "The members' filled workbooks, one per member."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_(
        "The joint profile to write (a copy of the profile with the decisions)."), show_default=False)],
    rule: Annotated[str, typer.Option("--rule", help=_(
        "strictest: the strongest wish decides; majority: minstekrav when all say Må, evaluated when at least "
        "half say Må or Bør; weighted: as majority, counted by population."))] = "majority",
    report: Annotated[Path | None, typer.Option("--report", help=_("Folder for the disagreement report (.xlsx)."),
                                                show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .prioritize import run_merge

    run(lambda: run_merge(profile, workbooks, out, rule, report, library, as_json), as_json)


survey_app = LocalizedTyper(help=_("Survey of the municipalities' current EPJ systems (kartlegging): export the "
                                   "workbook, report on the answers."), no_args_is_help=True, rich_markup_mode=None)
dialogue_app = LocalizedTyper(help=_("Market dialogue with suppliers (RFI, not a tender): export the workbook, "
                                     "report on the answers."), no_args_is_help=True, rich_markup_mode=None)

FormLangOption = Annotated[str | None, typer.Option("--lang", help=_(
    "Comma-separated languages, one blank workbook each: nb, nn or nb,nn (default nb; not with a list). Messages "
    "on screen follow the locale (LANG, LANGUAGE)."), show_default=False)]
SpecArgument = Annotated[Path, typer.Argument(metavar=_("spec"), help=_(
    "The specification JSON that export wrote (…-spesifikasjon.json)."), show_default=False)]
FilesArgument = Annotated[list[Path], typer.Argument(metavar=_("files"), help=_("The filled-in workbooks."),
                                                     show_default=False)]
NamedOption = Annotated[bool, typer.Option("--named", help=_("Name respondents and show results per respondent "
                                                             "(only with their consent)."))]
MinGroupOption = Annotated[int, typer.Option("--min-group", help=_("Show a product or group only when at least "
                                                                   "this many respondents give it."))]
PdfOption = Annotated[bool | None, typer.Option("--pdf/--no-pdf", help=_(
    "Also a PDF of the Word report (default: when LibreOffice is installed)."), show_default=False)]
FormProfileArgument = Annotated[Path, typer.Argument(metavar=_("profile"), help=_(
    "The profile whose requirements to ask about."), show_default=False)]
RespondentsOption = Annotated[Path | None, typer.Option("--respondents", help=_(
    "The municipalities asked (YAML, see docs/survey-and-dialogue.md): export writes a pre-filled workbook for "
    "each, in its language; report says who has not answered."), show_default=False)]
SuppliersOption = Annotated[Path | None, typer.Option("--suppliers", help=_(
    "The suppliers asked (YAML, see docs/survey-and-dialogue.md): export writes a pre-filled workbook for each, "
    "in its language; report says who has not answered."), show_default=False)]


@survey_app.command("export", help=_("Write a blank survey workbook per language, and the specification JSON to "
                                      "report against.\n\nExample: anskaffelse survey export "
                                      "examples/alle-tjenesteomrader.yaml -o kartlegging --lang nb,nn"))
def survey_export(
    profile: FormProfileArgument,
    out: OutFolderOption = Path("."),
    lang: FormLangOption = None,
    respondents: RespondentsOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .survey import run_form_export

    run(lambda: run_form_export("survey", profile, out, lang, library, as_json, respondents), as_json)


@survey_app.command("report", help=_(
    "Aggregate filled survey workbooks: Excel (data, pivots, charts), Word report with charts, JSON.\n\n"
    "Example: anskaffelse survey report kartlegging/kommune-kartlegging-spesifikasjon.json svar/*.xlsx -o rapport"))
def survey_report(
    spec: SpecArgument,
    files: FilesArgument,
    out: OutFolderOption = Path("."),
    named: NamedOption = False,
    min_group: MinGroupOption = 3,
    pdf: PdfOption = None,
    respondents: RespondentsOption = None,
    as_json: JsonOption = False,
) -> None:
    from .survey import run_report

    run(lambda: run_report("survey", spec, files, out, named, min_group, pdf, as_json, respondents), as_json)


@dialogue_app.command("export", help=_("Write a blank RFI workbook for suppliers per language, and the "
                                        "specification JSON.\n\nExample: anskaffelse dialogue export "
                                        "examples/alle-tjenesteomrader.yaml -o dialog"))
def dialogue_export(
    profile: FormProfileArgument,
    out: OutFolderOption = Path("."),
    lang: FormLangOption = None,
    suppliers: SuppliersOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .survey import run_form_export

    run(lambda: run_form_export("dialogue", profile, out, lang, library, as_json, suppliers), as_json)


@dialogue_app.command("report", help=_(
    "Aggregate suppliers' RFI answers: delivered today, planned, not planned; declarations of conformity.\n\n"
    "Example: anskaffelse dialogue report dialog/kommune-markedsdialog-spesifikasjon.json svar/*.xlsx -o rapport"))
def dialogue_report(
    spec: SpecArgument,
    files: FilesArgument,
    out: OutFolderOption = Path("."),
    named: NamedOption = False,
    pdf: PdfOption = None,
    suppliers: SuppliersOption = None,
    as_json: JsonOption = False,
) -> None:
    from .survey import run_report

    run(lambda: run_report("dialogue", spec, files, out, named, 1, pdf, as_json, suppliers), as_json)
