"""What every command of the command line shares: its options, the runner that turns exceptions into
messages and exit codes, and the check of --lang.

Help texts are translated when this module is imported, as the command line is defined: a process
knows its locale when it starts.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..diagnostics import Diagnostic, InputError, UsageError, dumps, os_reason, printable
from ..locale.messages import _

LibraryOption = Annotated[
    Path | None,
    typer.Option("--library", envvar="ANSKAFFELSE_LIBRARY", help=_(
        "Requirement library folder (default: the built-in library)."), show_default=False, exists=True,
        file_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help=_("Machine-readable output on stdout."))]
OutFolderOption = Annotated[Path, typer.Option("-o", "--out", help=_("Output folder."))]
"""The folder a command writes its files into (default: the current folder)."""
LangOption = Annotated[str | None, typer.Option("--lang", help=_(
    "Document language: nb or nn (en only with a library that has English texts; default: the profile's). "
    "Messages on screen follow the locale (LANG, LANGUAGE)."), show_default=False)]
ListLangOption = Annotated[str | None, typer.Option("--lang", help=_(
    "Language of the names and titles: nb or nn (default: nb). Headings and messages follow the locale "
    "(LANG, LANGUAGE)."), show_default=False)]

state = {"debug": False}
"""Set by the top-level --debug option: internal errors then end in a traceback."""


def _stderr() -> Any:
    from .common import stderr_console

    return stderr_console()


def _print_diagnostics(found: list[Diagnostic]) -> None:
    from .common import print_diagnostics

    print_diagnostics(found)


def run(action: Callable[[], int], as_json: bool = False) -> None:
    """Run a command body and turn our exceptions into messages and exit codes.

    With --json, scripts get a JSON object on stdout for errors too.
    """
    try:
        code = action()
    except InputError as exc:
        if as_json:
            from ..diagnostics import to_json

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
        if state["debug"]:
            raise
        code = report_failure(environment_message(exc), "environment_error", 2, as_json)
    except Exception as exc:
        if state["debug"]:
            raise
        code = report_failure(_("internal error: {kind}: {error}\nRun again with --debug for details, and report "
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
    hint = hints.get(errno.errorcode.get(exc.errno or 0, ""), _("Check the path and your permissions."))
    if not where:
        return _("error: cannot use: {reason}. {hint}").format(reason=os_reason(exc), hint=hint)
    return _("error: cannot use {file}: {reason}. {hint}").format(file=where, reason=os_reason(exc), hint=hint)


def report_failure(message: str, kind: str, code: int, as_json: bool) -> int:
    """Print a failure that is not the input's fault; with --json, also as a JSON object on stdout."""
    if as_json:
        typer.echo(dumps({"ok": False, kind: message}, indent=None))
    _stderr().print(printable(message, keep_lines=True), style="red", markup=False)
    return code


def check_lang(lang: str | None) -> None:
    """Stop with exit code 2 unless --lang, when given, is a language the tool writes."""
    if lang is not None and lang not in ("nb", "nn", "en"):
        _stderr().print(printable(_("error: --lang must be nb, nn or en, not '{value}'").format(value=lang)),
                        style="red", markup=False)
        raise typer.Exit(2)


def formats_list(formats: str | None) -> list[str] | None:
    """--format's comma-separated list, or None when it was not given."""
    return None if formats is None else [f.strip() for f in formats.split(",") if f.strip()]
