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

from .diagnostics import Diagnostic, InputError, UsageError, dumps, printable

app = typer.Typer(
    name="anskaffelse",
    help="Build tender documents for municipal EPJ procurements from a requirement library "
    "and a YAML profile.\n\nExample: anskaffelse build kommune.yaml -o ut",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

LibraryOption = Annotated[
    Path | None,
    typer.Option("--library", envvar="ANSKAFFELSE_LIBRARY", help="Requirement library folder "
                 "(default: the built-in library).", show_default=False, exists=True, file_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]
LangOption = Annotated[str | None, typer.Option("--lang", help="Document language: nb or nn (en only with a "
                                                "library that has English texts; default: the profile's).",
                                                show_default=False)]
ListLangOption = Annotated[str | None, typer.Option("--lang", help="Language of the names and titles: nb or nn "
                                                    "(default: nb).", show_default=False)]

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
        _stderr().print(printable(f"error: {exc}"), style="red", markup=False)
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
        code = _report_failure(f"internal error: {type(exc).__name__}: {exc}\n"
                               "Run again with --debug for details, and report it with the profile "
                               "that caused it.", "internal_error", 1, as_json)
    raise typer.Exit(code)


def environment_message(exc: OSError) -> str:
    """A file-system error in plain words, naming the file it concerns."""
    where = exc.filename if exc.filename is not None else ""
    shown = f" {where}" if where else ""
    reason = exc.strerror or str(exc)
    hints = {
        "EACCES": "Check that you may write there, or choose another folder.",
        "EPERM": "Check that you may write there, or choose another folder.",
        "EROFS": "The file system is read-only; choose another folder.",
        "ENOSPC": "The disk is full; free some space and run again.",
        "ENOTDIR": "A file has the name of a folder on the way; choose another folder.",
        "EEXIST": "A file has the name of the folder to write; choose another folder.",
        "EISDIR": "A folder has the name of the file to write; choose another name.",
    }
    import errno

    hint = hints.get(errno.errorcode.get(exc.errno or 0, ""), "Check the path and your permissions.")
    return f"error: cannot use{shown}: {reason}. {hint}"


def _report_failure(message: str, kind: str, code: int, as_json: bool) -> int:
    if as_json:
        typer.echo(dumps({"ok": False, kind: message}, indent=None))
    _stderr().print(printable(message, keep_lines=True), style="red", markup=False)
    return code


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version as dist_version

        typer.echo(f"anskaffelse {dist_version('anskaffelse')}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def build(
    profiles: Annotated[list[Path], typer.Argument(help="One or more profile files.",
                                                  show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("."),
    formats: Annotated[str | None, typer.Option(
        "--format", help="Comma-separated: docx,xlsx,json,pdf (pdf needs LibreOffice). "
        "Default: the profile's 'formats:', else docx,xlsx,json.", show_default=False)] = None,
    lang: LangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build the specification (Word), response sheet (Excel) and JSON for each profile.

    Example: anskaffelse build examples/eksempel-kommune.yaml -o ut --format docx,xlsx
    """
    from .commands.common import run_build

    _check_lang(lang)
    chosen = None if formats is None else [f.strip() for f in formats.split(",") if f.strip()]
    _run(lambda: run_build(profiles, out, chosen, lang, library, as_json), as_json)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Profiles or library folders "
                     "(default: the built-in library).", show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check profiles or libraries and report every problem with file, line and column.

    Example: anskaffelse validate kommune.yaml
    """
    from .commands.common import run_validate

    _run(lambda: run_validate(paths or [], library, as_json), as_json)


@app.command("list")
def list_requirements(
    what: Annotated[str | None, typer.Argument(
        metavar="[WHAT]", help="Leave out to list requirements, or list the names a profile can use: "
        "areas, modules, tags, kinds or stories.", show_default=False)] = None,
    module: Annotated[str | None, typer.Option("--module", help="Only this module.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Only this service area.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only requirements with this tag.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text to look for in ID, "
                                               "title and text.")] = None,
    lang: ListLangOption = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the library's requirements, or its service areas, modules, tags, kinds or user stories.

    Examples: anskaffelse list areas; anskaffelse list --module legemidler --search multidose
    """
    from .commands.listing import run_list

    _check_lang(lang)
    filters = {"module": module, "area": area, "tag": tag, "search": search}
    _run(lambda: run_list(what, filters, lang or "nb", library, as_json), as_json)


@app.command()
def show(
    req_id: Annotated[str, typer.Argument(metavar="REQ-ID", help="A requirement ID.")],
    profile: Annotated[Path | None, typer.Option(
        "--profile", help="Show the requirement as this profile builds it: tailored obligation, weight, "
        "parameters and text, or why the profile leaves it out.", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the texts: nb or nn (default: the "
                                             "profile's language with --profile, else nb).",
                                             show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one requirement with guidance, rationale and parameters.

    Examples: anskaffelse show EPJ-DR-001; anskaffelse show EPJ-DR-001 --profile kommune.yaml
    """
    from .commands.show import run_show

    _check_lang(lang)
    _run(lambda: run_show(req_id, profile, lang, library, as_json), as_json)


@app.command()
def lint(
    paths: Annotated[list[Path] | None, typer.Argument(help="Library folders or profiles "
                     "(default: the built-in library).", show_default=False)] = None,
    explain: Annotated[str | None, typer.Option("--explain", metavar="CODE",
                       help="Explain one rule, with a bad and a good example.", show_default=False)] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List every rule.")] = False,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the quality of requirement texts: singular, verifiable, neutral, bilingual.

    Example: anskaffelse lint --explain Q001
    """
    from .commands.common import run_lint

    _run(lambda: run_lint(paths or [], explain, rules, library, as_json), as_json)


@app.command()
def upgrade(
    profiles: Annotated[list[Path], typer.Argument(help="One or more profile files.", show_default=False)],
    write: Annotated[bool, typer.Option("--write", help="Rewrite the profiles given, keeping their comments, "
                                        "order and quotes; base profiles only when given too.")] = False,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show what changed for a profile written for an older library release; --write makes the changes.

    Exit codes: 0 nothing to change or all written; 1 changes to make (without --write), or a base
    profile that needs them and was not given; 2 usage errors.

    Example: anskaffelse upgrade kommune.yaml --write
    """
    from .commands.upgrade import run_upgrade

    _run(lambda: run_upgrade(profiles, write, library, as_json), as_json)


prioritize_app = typer.Typer(
    name="prioritize",
    help="The prioritisation round of a joint tender: each member marks every candidate requirement Må, Bør, "
    "Kan or Ikke aktuelt in its own workbook; merge turns the workbooks into one joint profile.\n\n"
    "Example: anskaffelse prioritize export felles.yaml -o runde",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(prioritize_app)


@prioritize_app.command("export")
def prioritize_export(
    profile: Annotated[Path, typer.Argument(help="The joint profile, with 'members:'.", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the members' workbooks.")] = Path("."),
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write one priority workbook per member, in the member's language (nb or nn).

    Example: anskaffelse prioritize export felles.yaml -o runde
    """
    from .commands.prioritize import run_export

    _run(lambda: run_export(profile, out, library, as_json), as_json)


@prioritize_app.command("merge")
def prioritize_merge(
    profile: Annotated[Path, typer.Argument(help="The joint profile the workbooks were made from.",
                                            show_default=False)],
    workbooks: Annotated[list[Path], typer.Argument(help="The members' filled workbooks, one per member.",
                                                    show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="The joint profile to write (a copy of PROFILE with "
                                      "the decisions).", show_default=False)],
    rule: Annotated[str, typer.Option("--rule", help="strictest: the strongest wish decides; majority: "
                                      "minstekrav when all say Må, evaluated when at least half say Må or Bør; "
                                      "weighted: as majority, counted by population.")] = "majority",
    report: Annotated[Path | None, typer.Option("--report", help="Folder for the disagreement report "
                                                "(.xlsx).", show_default=False)] = None,
    library: LibraryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge the members' workbooks into one joint profile and show where the members disagree.

    Example: anskaffelse prioritize merge felles.yaml runde/*.xlsx -o felles-samlet.yaml --report rapport
    """
    from .commands.prioritize import run_merge

    _run(lambda: run_merge(profile, workbooks, out, rule, report, library, as_json), as_json)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter profile.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter profile that builds as it is.

    Example: anskaffelse init kommune.yaml
    """
    from .commands.common import run_init

    _run(lambda: run_init(path, force))


@app.command()
def schema(
    name: Annotated[str | None, typer.Argument(help="manifest, module, user-stories, standards, id-register, "
                    "migrations, profile or specification (default: all).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write the schemas to this "
                   "folder instead of printing.", show_default=False)] = None,
) -> None:
    """Print or write the JSON Schemas, for editors that validate YAML.

    Example: anskaffelse schema profile -o .schemas
    """
    from .commands.common import run_schema

    _run(lambda: run_schema(name, out))


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in ("nb", "nn", "en"):
        _stderr().print(printable(f"error: --lang must be nb, nn or en, not '{lang}'"), style="red", markup=False)
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
