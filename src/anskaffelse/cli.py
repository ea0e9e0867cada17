"""The command line: parse arguments, call the API, print the result.

Exit codes: 0 success, 1 the input has errors, 2 usage errors.
Heavy libraries are imported inside the commands so `--help` stays fast. The commands after a tender is
out are in `commands/cli_after.py`, those of the rounds before it in `commands/cli_joint.py`, and what they
share (options, the runner, exit codes) in `commands/cli_shell.py`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .commands.cli_after import answers_app, evaluate_app, register_changes
from .commands.cli_joint import dialogue_app, prioritize_app, survey_app
from .commands.cli_shell import (
    JsonOption,
    LangOption,
    LibraryOption,
    ListLangOption,
    OutFolderOption,
    check_lang,
    formats_list,
    run,
    state,
)
from .commands.localized import LocalizedTyper
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
    state["debug"] = debug


@app.command(help=_("Build the specification (Word), response sheet (Excel) and JSON for each profile.\n\n"
                    "Example: anskaffelse build examples/eksempel-kommune.yaml -o ut --format docx,xlsx"))
def build(
    profiles: Annotated[list[Path], typer.Argument(metavar=_("profiles"), help=_("One or more profile files."),
                                                  show_default=False)],
    out: OutFolderOption = Path("."),
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

    check_lang(lang)
    chosen = formats_list(formats)
    run(lambda: run_build(profiles, out, chosen, lang, library, as_json, json_indent), as_json)


@app.command(help=_("Check profiles or libraries and report every problem with file, line and column.\n\n"
                    "Example: anskaffelse validate kommune.yaml"))
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(metavar=_("paths"), help=_(
        "Profiles or library folders (default: the built-in library)."), show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    from .commands.common import run_validate

    run(lambda: run_validate(paths or [], library, as_json), as_json)


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

    check_lang(lang)
    filters = {"module": module, "area": area, "tag": tag, "search": search}
    run(lambda: run_list(what, filters, lang or "nb", library, as_json), as_json)


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

    check_lang(lang)
    run(lambda: run_show(req_id, profile, lang, library, as_json), as_json)


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

    run(lambda: run_lint(paths or [], explain, rules, library, as_json), as_json)


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

    run(lambda: run_upgrade(profiles, write, library, as_json), as_json)


register_changes(app)


@app.command(help=_("Write a commented starter profile that builds as it is.\n\n"
                    "Example: anskaffelse init kommune.yaml"))
def init(
    path: Annotated[Path, typer.Argument(metavar=_("path"), help=_("Where to write the starter profile."))],
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite an existing file."))] = False,
) -> None:
    from .commands.common import run_init

    run(lambda: run_init(path, force))


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

    run(lambda: run_schema(name, out))


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

    run(lambda: run_site(profiles or [], out, library, as_json), as_json)


import_app = LocalizedTyper(name="import", help=_("Read requirements from other tools into the library format."),
                            no_args_is_help=True, rich_markup_mode=None)


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

    run(lambda: run_import_reqif(source, out, module_id, force, as_json), as_json)


# Groups are listed after the commands, in the order they are added.
app.add_typer(prioritize_app)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(answers_app)
app.add_typer(survey_app, name="survey")
app.add_typer(dialogue_app, name="dialogue")
app.add_typer(import_app)


def output_settings(terminal: bool, windows: bool, chosen: bool) -> dict[str, str]:
    """How the command line sets up standard output and error.

    A console that cannot show every character (a Norwegian Windows console,
    PYTHONIOENCODING=ascii) gets escapes such as \\xf8 instead of a crash. On
    Windows, output sent to a file or a pipe would be in the ANSI code page
    (cp1252), so `anskaffelse schema profile > profil.schema.json` would not be
    UTF-8 JSON; it is written in UTF-8 there, unless PYTHONIOENCODING chooses.
    """
    if windows and not terminal and not chosen:
        return {"encoding": "utf-8", "errors": "backslashreplace"}
    return {"errors": "backslashreplace"}


def main() -> None:
    from .commands.startup import openpyxl_without_numpy
    from .reading.collector import leave_unwalked

    openpyxl_without_numpy()
    leave_unwalked()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(**output_settings(stream.isatty(), os.name == "nt", "PYTHONIOENCODING" in os.environ))
    try:
        (app.narrowed_to(sys.argv[1]) if len(sys.argv) > 1 else app)()
    except SystemExit as exc:
        sys.exit(exc.code)


__all__ = ["app", "main"]
