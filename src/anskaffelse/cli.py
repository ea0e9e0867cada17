"""The command line: parse arguments, call the API, print the result.

Exit codes: 0 success, 1 the input has errors, 2 usage errors.
Heavy libraries are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from .commands.evaluate import EvaluateGroup
from .commands.localized import LocalizedTyper
from .diagnostics import Diagnostic, InputError, UsageError, dumps, os_reason, printable
from .locale.messages import _

# Help texts are translated here, when the command line is defined: a process knows its locale when it starts.
app = LocalizedTyper(
    name="anskaffelse",
    help=_("Build tender documents for municipal EPJ procurements from a requirement library and a YAML "
           "profile.\n\nMessages are in bokmål, nynorsk or English, after the locale (LANGUAGE, LC_ALL, "
           "LC_MESSAGES, LANG); --lang chooses the language of documents and texts.\n\n"
           "Example: anskaffelse build kommune.yaml -o ut"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

LibraryOption = Annotated[
    Path | None,
    typer.Option("--library", envvar="ANSKAFFELSE_LIBRARY", help=_(
        "Requirement library folder (default: the built-in library)."), show_default=False, exists=True,
        file_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help=_("Machine-readable output on stdout."))]
LangOption = Annotated[str | None, typer.Option("--lang", help=_(
    "Document language: nb or nn (en only with a library that has English texts; default: the profile's). "
    "Messages on screen follow the locale (LANG, LANGUAGE)."), show_default=False)]
ListLangOption = Annotated[str | None, typer.Option("--lang", help=_(
    "Language of the names and titles: nb or nn (default: nb). Headings and messages follow the locale "
    "(LANG, LANGUAGE)."), show_default=False)]

_state = {"debug": False}


def _stderr() -> Any:
    from .commands.common import stderr_console

    return stderr_console()


def _print_diagnostics(found: list[Diagnostic]) -> None:
    from .commands.common import print_diagnostics

    print_diagnostics(found)


def _run(action: Callable[[], int], as_json: bool = False) -> None:
    """Run a command body and turn our exceptions into messages and exit codes.

    With --json, scripts get a JSON object on stdout for errors too.
    """
    try:
        code = action()
    except InputError as exc:
        if as_json:
            from .diagnostics import to_json

            typer.echo(to_json(list(exc.diagnostics)))
        else:
            _print_diagnostics(list(exc.diagnostics))
        code = 1
    except UsageError as exc:
        if as_json:
            typer.echo(dumps({"ok": False, "usage_error": str(exc)}, indent=None))
        _stderr().print(printable(_("error: {message}").format(message=exc)), style="red", markup=False)
        code = 2
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:
        # The environment, not the input: a folder that cannot be written, a file where a
        # folder is expected, a full disk.
        if _state["debug"]:
            raise
        code = _report_failure(environment_message(exc), "environment_error", 2, as_json)
    except Exception as exc:
        if _state["debug"]:
            raise
        code = _report_failure(_("internal error: {kind}: {error}\nRun again with --debug for details, and report "
                                 "it with the profile that caused it.").format(kind=type(exc).__name__, error=exc),
                               "internal_error", 1, as_json)
    raise typer.Exit(code)


def environment_message(exc: OSError) -> str:
    """A file-system error in plain words, naming the file it concerns."""
    where = exc.filename if exc.filename is not None else ""
    hints = {
        "EACCES": _("Check that you may write there, or choose another folder."),
        "EPERM": _("Check that you may write there, or choose another folder."),
        "EROFS": _("The file system is read-only; choose another folder."),
        "ENOSPC": _("The disk is full; free some space and run again."),
        "ENOTDIR": _("A file has the name of a folder on the way; choose another folder."),
        "EEXIST": _("A file has the name of the folder to write; choose another folder."),
        "EISDIR": _("A folder has the name of the file to write; choose another name."),
    }
    import errno

    hint = hints.get(errno.errorcode.get(exc.errno or 0, ""), _("Check the path and your permissions."))
    if not where:
        return _("error: cannot use: {reason}. {hint}").format(reason=os_reason(exc), hint=hint)
    return _("error: cannot use {file}: {reason}. {hint}").format(file=where, reason=os_reason(exc), hint=hint)


def _report_failure(message: str, kind: str, code: int, as_json: bool) -> int:
    if as_json:
        typer.echo(dumps({"ok": False, kind: message}, indent=None))
    _stderr().print(printable(message, keep_lines=True), style="red", markup=False)
    return code


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"anskaffelse {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help=_("Show a traceback on internal errors."))] = False,
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help=_("Show the version and exit."))] = False,
) -> None:
    _state["debug"] = debug


@app.command(help=_("Build the specification (Word), response sheet (Excel) and JSON for each profile.\n\n"
                    "Example: anskaffelse build examples/eksempel-kommune.yaml -o ut --format docx,xlsx"))
def build(
    profiles: Annotated[list[Path], typer.Argument(metavar=_("profiles"), help=_("One or more profile files."),
                                                  show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    formats: Annotated[str | None, typer.Option(
        "--format", help=_("Comma-separated: docx,xlsx,json,pdf,testplan,demo,reqif (pdf needs LibreOffice; "
                           "testplan: the acceptance test protocol, docx and xlsx; demo: the demonstration "
                           "scripts; reqif: ReqIF 1.2 for requirements tools). Default: the profile's 'formats:', "
                           "else docx,xlsx,json."), show_default=False)] = None,
    lang: LangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
    json_indent: Annotated[int | None, typer.Option(
        "--json-indent", min=0, max=8, help=_("Indent the …-spesifikasjon.json with this many spaces, for "
                                              "reading it (default: compact)."), show_default=False)] = None,
) -> None:
    from .commands.common import run_build

    _check_lang(lang)
    chosen = None if formats is None else [f.strip() for f in formats.split(",") if f.strip()]
    _run(lambda: run_build(profiles, out, chosen, lang, library, as_json, json_indent), as_json)


@app.command(help=_("Check profiles or libraries and report every problem with file, line and column.\n\n"
                    "Example: anskaffelse validate kommune.yaml"))
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar=_("paths"), help=_(
        "Profiles or library folders (default: the built-in library)."), show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.common import run_validate

    _run(lambda: run_validate(paths or [], library, as_json), as_json)


@app.command("list", help=_("List the library's requirements, or its service areas, modules, tags, kinds or user "
                            "stories.\n\nExamples: anskaffelse list areas; anskaffelse list --module legemidler "
                            "--search multidose"))
def list_requirements(
    what: Annotated[str | None, typer.Argument(
        metavar=_("[WHAT]"), help=_("Leave out to list requirements, or list the names a profile can use: "
                                    "areas, modules, tags, kinds or stories."), show_default=False)] = None,
    module: Annotated[str | None, typer.Option("--module", help=_("Only this module."))] = None,
    area: Annotated[str | None, typer.Option("--area", help=_("Only this service area."))] = None,
    tag: Annotated[str | None, typer.Option("--tag", help=_("Only requirements with this tag."))] = None,
    search: Annotated[str | None, typer.Option("--search", help=_("Text to look for in ID, title and text."))] = None,
    lang: ListLangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.listing import run_list

    _check_lang(lang)
    filters = {"module": module, "area": area, "tag": tag, "search": search}
    _run(lambda: run_list(what, filters, lang or "nb", library, as_json), as_json)


@app.command(help=_("Show one requirement with guidance, rationale and parameters.\n\n"
                    "Examples: anskaffelse show EPJ-DR-001; anskaffelse show EPJ-DR-001 --profile kommune.yaml"))
def show(
    req_id: Annotated[str, typer.Argument(metavar=_("REQ-ID"), help=_("A requirement ID."))],
    profile: Annotated[Path | None, typer.Option(
        "--profile", help=_("Show the requirement as this profile builds it: tailored obligation, weight, "
                            "parameters and text, or why the profile leaves it out."), show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=_(
        "Language of the texts: nb or nn (default: the profile's language with --profile, else nb). Labels and "
        "messages follow the locale (LANG, LANGUAGE)."), show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.show import run_show

    _check_lang(lang)
    _run(lambda: run_show(req_id, profile, lang, library, as_json), as_json)


@app.command(help=_("Check the quality of requirement texts: singular, verifiable, neutral, bilingual.\n\n"
                    "Example: anskaffelse lint --explain Q001"))
def lint(
    paths: Annotated[list[Path] | None, typer.Argument(metavar=_("paths"), help=_(
        "Library folders or profiles (default: the built-in library)."), show_default=False)] = None,
    explain: Annotated[str | None, typer.Option("--explain", metavar=_("CODE"), help=_(
        "Explain one rule, with a bad and a good example."), show_default=False)] = None,
    rules: Annotated[bool, typer.Option("--rules", help=_("List every rule."))] = False,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.common import run_lint

    _run(lambda: run_lint(paths or [], explain, rules, library, as_json), as_json)


@app.command(help=_("Show what changed for a profile written for an older library release; --write makes the "
                    "changes.\n\nExit codes: 0 nothing to change or all written; 1 changes to make (without "
                    "--write), or a base profile that needs them and was not given; 2 usage errors.\n\n"
                    "Example: anskaffelse upgrade kommune.yaml --write"))
def upgrade(
    profiles: Annotated[list[Path], typer.Argument(metavar=_("profiles"), help=_("One or more profile files."),
                                                  show_default=False)],
    write: Annotated[bool, typer.Option("--write", help=_("Rewrite the profiles given, keeping their comments, "
                                                          "order and quotes; base profiles only when given "
                                                          "too."))] = False,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.upgrade import run_upgrade

    _run(lambda: run_upgrade(profiles, write, library, as_json), as_json)


prioritize_app = LocalizedTyper(
    name="prioritize",
    help=_("The prioritisation round of a joint tender: each member marks every candidate requirement Må, Bør, "
           "Kan or Ikke aktuelt in its own workbook; merge turns the workbooks into one joint profile.\n\n"
           "Example: anskaffelse prioritize export felles.yaml -o runde"),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(prioritize_app)


@prioritize_app.command("export", help=_("Write one priority workbook per member, in the member's language (nb "
                                          "or nn).\n\nExample: anskaffelse prioritize export felles.yaml -o runde"))
def prioritize_export(
    profile: Annotated[Path, typer.Argument(metavar=_("profile"), help=_("The joint profile, with 'members:'."),
                                            show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Folder for the members' workbooks."))] = Path("."),
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.prioritize import run_export

    _run(lambda: run_export(profile, out, library, as_json), as_json)


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
    from .commands.prioritize import run_merge

    _run(lambda: run_merge(profile, workbooks, out, rule, report, library, as_json), as_json)


@app.command(help=_("Show what changed between two versions of a tender: requirements added, removed and "
                    "changed (texts word by word), and changes to the tender, award criteria, price form and "
                    "chapters.\n\nExit code 0 whether or not anything changed (--json gives \"changed\": true or "
                    "false); 1 for a file with errors; 2 usage errors.\n\n"
                    "Example: anskaffelse diff v1.yaml ut/kommune-spesifikasjon.json"))
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
    from .commands.diff import run_diff

    _check_lang(lang)
    _run(lambda: run_diff(old, new, member, lang, library, as_json), as_json)


@app.command(help=_("Write the addendum (rettelse) that lists every change from the old version to the new, with "
                    "the new version's answer sheet and JSON.\n\nThe two must be versions of one tender (the same "
                    "case reference) with a change between them; otherwise exit code 1 and nothing is written.\n\n"
                    "Example: anskaffelse addendum v1.yaml v2.yaml -o ut --number 1"))
def addendum(
    old: Annotated[Path, typer.Argument(metavar=_("old"), help=_(
        "The version published before: a profile or a built …-spesifikasjon.json."), show_default=False)],
    new: Annotated[Path, typer.Argument(metavar=_("new"), help=_(
        "The corrected version: a profile or a built …-spesifikasjon.json."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
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
    from .commands.diff import run_addendum

    _check_lang(lang)
    chosen = None if formats is None else [f.strip() for f in formats.split(",") if f.strip()]
    _run(lambda: run_addendum(old, new, out, number, chosen, lang, library, as_json), as_json)


@app.command(help=_("Write a commented starter profile that builds as it is.\n\n"
                    "Example: anskaffelse init kommune.yaml"))
def init(
    path: Annotated[Path, typer.Argument(metavar=_("path"), help=_("Where to write the starter profile."))],
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing file."))] = False,
) -> None:
    from .commands.common import run_init

    _run(lambda: run_init(path, force))


@app.command(help=_("Print or write the JSON Schemas, for editors that validate YAML.\n\n"
                    "Example: anskaffelse schema profile -o .schemas"))
def schema(
    name: Annotated[str | None, typer.Argument(metavar=_("name"), help=_(
        "manifest, module, user-stories, standards, id-register, migrations, profile or specification "
        "(default: all)."), show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help=_(
        "Write the schemas to this folder instead of printing."), show_default=False)] = None,
) -> None:
    from .commands.common import run_schema

    _run(lambda: run_schema(name, out))


evaluate_app = LocalizedTyper(
    cls=EvaluateGroup, no_args_is_help=True, rich_markup_mode=None,
    help=_("Score the tenders: the evaluation workbook for the committee, then the award justification.\n\n"
           "  anskaffelse evaluate SPEC.json ANSWERS.xlsx... -o evaluering.xlsx [--prices prices.yaml]\n\n"
           "  anskaffelse evaluate report evaluering.xlsx -o DIR"))
app.add_typer(evaluate_app, name="evaluate")


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
    from .commands.evaluate import run_evaluate

    _run(lambda: run_evaluate(spec, answers, out, prices, evaluators, date, force, as_json), as_json)


@evaluate_app.command("report", help=_("Write the award justification (tildelingsbegrunnelse) from the filled "
                                        "evaluation workbook.\n\nExample: anskaffelse evaluate report "
                                        "evaluering.xlsx -o ut --date 2027-03-15"))
def evaluate_report(
    workbook: Annotated[Path, typer.Argument(metavar=_("EVALUATION.xlsx"), help=_(
        "The filled evaluation workbook."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    formats: Annotated[str | None, typer.Option(
        "--format", help=_("docx or docx,pdf (pdf needs LibreOffice). Default: docx, and pdf when LibreOffice is "
                           "installed."), show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=_("YYYY-MM-DD"), help=_(
        "Date of the award decision (default: SOURCE_DATE_EPOCH, else the workbook's date)."),
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.evaluate import run_report

    chosen = None if formats is None else [f.strip() for f in formats.split(",") if f.strip()]
    _run(lambda: run_report(workbook, out, chosen, date, as_json), as_json)


answers_app = LocalizedTyper(name="answers", help=_("Supplier answer workbooks after the tender deadline."),
                             no_args_is_help=True, rich_markup_mode=None)
app.add_typer(answers_app)


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
    from .commands.answers import run_answers_check

    _run(lambda: run_answers_check(spec, workbooks, earlier or [], report, library, as_json), as_json)
survey_app = LocalizedTyper(help=_("Survey of the municipalities' current EPJ systems (kartlegging): export the "
                                   "workbook, report on the answers."), no_args_is_help=True, rich_markup_mode=None)
dialogue_app = LocalizedTyper(help=_("Market dialogue with suppliers (RFI, not a tender): export the workbook, "
                                     "report on the answers."), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(survey_app, name="survey")
app.add_typer(dialogue_app, name="dialogue")

FormLangOption = Annotated[str, typer.Option("--lang", help=_(
    "Comma-separated languages, one workbook each: nb, nn or nb,nn. Messages on screen follow the locale (LANG, "
    "LANGUAGE)."))]
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


@survey_app.command("export", help=_("Write a blank survey workbook per language, and the specification JSON to "
                                      "report against.\n\nExample: anskaffelse survey export "
                                      "examples/alle-tjenesteomrader.yaml -o kartlegging --lang nb,nn"))
def survey_export(
    profile: Annotated[Path, typer.Argument(metavar=_("profile"), help=_(
        "The profile whose requirements to ask about."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    lang: FormLangOption = "nb",
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.survey import run_form_export

    _run(lambda: run_form_export("survey", profile, out, lang, library, as_json), as_json)


@survey_app.command("report", help=_(
    "Aggregate filled survey workbooks: Excel (data, pivots, charts), Word report with charts, JSON.\n\n"
    "Example: anskaffelse survey report kartlegging/kommune-kartlegging-spesifikasjon.json svar/*.xlsx -o rapport"))
def survey_report(
    spec: SpecArgument,
    files: FilesArgument,
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    named: NamedOption = False,
    min_group: MinGroupOption = 3,
    pdf: PdfOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.survey import run_report

    _run(lambda: run_report("survey", spec, files, out, named, min_group, pdf, as_json), as_json)


@dialogue_app.command("export", help=_("Write a blank RFI workbook for suppliers per language, and the "
                                        "specification JSON.\n\nExample: anskaffelse dialogue export "
                                        "examples/alle-tjenesteomrader.yaml -o dialog"))
def dialogue_export(
    profile: Annotated[Path, typer.Argument(metavar=_("profile"), help=_(
        "The profile whose requirements to ask about."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    lang: FormLangOption = "nb",
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.survey import run_form_export

    _run(lambda: run_form_export("dialogue", profile, out, lang, library, as_json), as_json)


@dialogue_app.command("report", help=_(
    "Aggregate suppliers' RFI answers: delivered today, planned, not planned; declarations of conformity.\n\n"
    "Example: anskaffelse dialogue report dialog/kommune-markedsdialog-spesifikasjon.json svar/*.xlsx -o rapport"))
def dialogue_report(
    spec: SpecArgument,
    files: FilesArgument,
    out: Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))] = Path("."),
    named: NamedOption = False,
    pdf: PdfOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.survey import run_report

    _run(lambda: run_report("dialogue", spec, files, out, named, 1, pdf, as_json), as_json)
import_app = LocalizedTyper(name="import", help=_("Read requirements from other tools into the library format."),
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(import_app)


@import_app.command("reqif", help=_("Turn a ReqIF specification from DOORS, Polarion, StrictDoc or this tool into "
                                     "a module YAML file.\n\nExample: anskaffelse import reqif fra-doors.reqif -o "
                                     "lokale-krav.yaml --id lokale-krav"))
def import_reqif(
    source: Annotated[Path, typer.Argument(metavar=_("source"), help=_(
        "The ReqIF file (.reqif) exported by a requirements tool."), show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help=_("The module file to write (YAML)."),
                                      show_default=False)],
    module_id: Annotated[str | None, typer.Option("--id", help=_(
        "The module's ID (default: the file's one chapter, else the file name)."), show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing module file."))] = False,
    as_json: JsonOption = False,
) -> None:
    from .commands.exchange import run_import_reqif

    _run(lambda: run_import_reqif(source, out, module_id, force, as_json), as_json)
@app.command(help=_("Write the web catalogue: static pages to browse and search the library in bokmål and "
                    "nynorsk.\n\nOpen DIR/index.html in a browser, or put the folder on a file share or web "
                    "server.\n\nExample: anskaffelse site examples/eksempel-kommune.yaml -o nettsted"))
def site(
    out: Annotated[Path, typer.Option("-o", "--out", help=_(
        "The site folder: new, empty, or written by 'anskaffelse site' before."), show_default=False)],
    profiles: Annotated[list[Path] | None, typer.Argument(metavar=_("profiles"), help=_(
        "Profiles whose specifications the site shows, with their documents to download."),
        show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.site import run_site

    _run(lambda: run_site(profiles or [], out, library, as_json), as_json)


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in ("nb", "nn", "en"):
        _stderr().print(printable(_("error: --lang must be nb, nn or en, not '{value}'").format(value=lang)),
                        style="red", markup=False)
        raise typer.Exit(2)


def main() -> None:
    # A console that cannot show every character (a Norwegian Windows console, PYTHONIOENCODING=ascii)
    # gets escapes such as \xf8 instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        app()
    except SystemExit as exc:
        sys.exit(exc.code)


__all__ = ["app", "main"]
