"""`anskaffelse upgrade`: what changed for a profile since its library release, and the rewrite.

Exit codes: 0 nothing to change, or every change written; 1 changes to make
(without --write), or a base profile that needs changes and was not given;
2 usage errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..diagnostics import Diagnostic, display_path, dumps, printable, sort_key
from ..library import require_library
from ..locale.messages import _, ngettext
from ..migration.upgrade import ACTIONS, ProfileUpgrade
from .common import _check_profile_path, stderr_console


def run_upgrade(profiles: list[Path], write: bool, library: Path | None, as_json: bool) -> int:
    from ..api import upgrade

    for path in profiles:
        _check_profile_path(path)
    loaded = require_library(library)
    results = upgrade(profiles, write, loaded)
    code = _exit_code(results, write)
    if as_json:
        typer.echo(dumps(_summary(results, loaded.library.version, code)))
        return code
    _print_changes(_unique_changes(results))
    _print_summary(results, loaded.library.version, write)
    return code


def _exit_code(results: list[ProfileUpgrade], write: bool) -> int:
    if write:
        decide = any(d.code == "U007" for r in results for d in r.changes)
        return 1 if decide or any(r.pending for r in results) else 0
    return 1 if any(r.changes for r in results) else 0


def _unique_changes(results: list[ProfileUpgrade]) -> list[Diagnostic]:
    """A base profile that several members extend is reported once."""
    seen = dict.fromkeys(d for r in results for d in r.changes)
    return sorted(seen, key=sort_key)


def _print_changes(changes: list[Diagnostic]) -> None:
    console = stderr_console()
    styles = {"change": "yellow", "check": "red", "note": "cyan"}
    for d in changes:
        action = ACTIONS[d.code]
        line = _action_line(action).format(location=printable(d.location), message=printable(d.message), code=d.code)
        if d.hint:
            line += "\n    " + _("hint: {hint}").format(hint=printable(d.hint))
        console.print(line, style=styles[action], markup=False, highlight=False)


def _action_line(action: str) -> str:
    """A finding with what it asks: `change` is made by --write, `check` needs a person, `note` informs."""
    if action == "change":
        return _("{location}: change {message} ({code})")
    if action == "check":
        return _("{location}: check {message} ({code})")
    return _("{location}: note {message} ({code})")


def _print_summary(results: list[ProfileUpgrade], version: str, write: bool) -> None:
    console = stderr_console()
    for path in dict.fromkeys(p for r in results for p in r.written):
        console.print(_("{profile}: rewritten").format(profile=printable(display_path(path))), style="green",
                      markup=False)
    for result in results:
        name = printable(display_path(result.profile))
        if not result.changes:
            console.print(_("{profile}: nothing to change for library {version}").format(profile=name, version=version),
                          style="green", markup=False)
            continue
        pending = [printable(display_path(p)) for p in result.pending]
        if pending and write:
            console.print(_("{profile}: {pending} also needs the changes marked 'change'; give it too: anskaffelse "
                            "upgrade --write {pending_paths} {profile}").format(
                profile=name, pending=", ".join(pending), pending_paths=" ".join(pending)), style="red", markup=False)
        elif pending:
            line = ngettext("{profile}: {count} change(s) for library {version}; '{command}' makes those marked "
                            "'change'", "{profile}: {count} change(s) for library {version}; '{command}' makes "
                            "those marked 'change'", len(result.changes))
            command = f"anskaffelse upgrade --write {' '.join(dict.fromkeys([*pending, name]))}"
            console.print(line.format(profile=name, count=len(result.changes), version=version, command=command),
                          style="yellow", markup=False)
        elif not result.written:
            console.print(_("{profile}: nothing to rewrite; check the lines above").format(profile=name),
                          style="yellow", markup=False)


def _summary(results: list[ProfileUpgrade], version: str, code: int) -> dict[str, Any]:
    return {
        "ok": code == 0,
        "library_version": version,
        "profiles": [
            {"profile": str(r.profile),
             "changes": [{**d.to_dict(), "action": ACTIONS[d.code]} for d in sorted(r.changes, key=sort_key)],
             "written": [str(p) for p in r.written],
             "pending": [str(p) for p in r.pending]}
            for r in results
        ],
    }
