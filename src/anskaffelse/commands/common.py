"""The bodies of the commands: call the API and present its results.

Each `run_*` returns the exit code; errors travel as `InputError` and
`UsageError` and are printed by `cli._run`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import typer

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, dumps, format_plain, printable
from ..library import require_library
from ..locale.messages import _, ngettext, number


def run_build(profiles: list[Path], out: Path, formats: list[str] | None, lang: str | None,
              library: Path | None, as_json: bool, json_indent: int | None = None) -> int:
    from rich.console import Console

    from ..api import DEFAULT_FORMATS, BuildResult, build, check_request
    from ..reading.collector import collection_paused

    check_request(profiles, DEFAULT_FORMATS if formats is None else formats)
    for path in profiles:
        _check_profile_path(path)
    loaded = require_library(library)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    results: list[BuildResult] = []
    failures: list[tuple[Path, InputError]] = []
    with _progress(console, shown=not as_json and console.is_terminal) as step:
        for path in profiles:
            try:
                with collection_paused():  # a tenth of a large build is the collector walking what it builds
                    results += build([path], out, formats, lang, loaded, on_step=step, json_indent=json_indent)
            except InputError as exc:
                failures.append((path, exc))
    if as_json:
        typer.echo(dumps(_build_summary(results, failures)))
    else:
        print_diagnostics([d for _, exc in failures for d in exc.diagnostics]
                          + [w for result in results for w in result.warnings])
        _print_build_summary(console, results, [path for path, _ in failures])
    return 1 if failures else 0


@contextmanager
def _progress(console: Any, shown: bool) -> Iterator[Callable[[Path, str], None]]:
    """What a build calls at each file it makes: a spinner on a terminal, else nothing (and no import of it)."""
    if not shown:
        yield lambda path, fmt: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True) as progress:
        task = progress.add_task(_("Building"), total=None)

        def step(path: Path, fmt: str) -> None:
            progress.update(task, description=f"{path.name}: {fmt}", advance=1)

        yield step


def _check_profile_path(path: Path) -> None:
    """A usage error for anything but a profile file: a missing file, a folder, a workbook."""
    from ..infile import file_kind, kind_text, not_yaml_hint

    if path.is_dir():
        raise UsageError(_("{path} is a folder; build takes profile files, e.g. anskaffelse build "
                           "kommune.yaml").format(path=path))
    if not path.is_file():
        raise UsageError(_("profile not found: {path}").format(path=path))
    kind = file_kind(path)
    if kind is not None:
        raise UsageError(_("{path} is {kind}, not a profile. {hint}").format(
            path=path, kind=kind_text(kind), hint=not_yaml_hint(kind, "build")))


def _print_build_summary(console: Any, results: list, failed: list[Path]) -> None:
    """One line per profile and one per file written, never cut short.

    A table would shorten long paths to fit 80 columns ('out/eksempel-kommune-kravspe…'),
    and the paths are what the user needs to find the files; so plain lines, which the
    terminal wraps if it must.
    """
    from rich.text import Text

    for result in results:
        line = ngettext("{profile}: {count} requirements", "{profile}: {count} requirements", result.requirements)
        console.print(Text(line.format(profile=printable(display_path(result.profile)), count=result.requirements),
                           style="green"))
        for output in result.outputs:
            console.print(Text(f"  {printable(display_path(output))}"))
    for path in failed:
        console.print(Text(_("{profile}: failed, nothing written").format(profile=printable(display_path(path))),
                           style="red"))


def _build_summary(results: list, failures: list[tuple[Path, InputError]]) -> dict:
    return {
        "ok": not failures,
        "built": [
            {"profile": str(r.profile), "requirements": r.requirements, "fingerprint": r.fingerprint,
             "outputs": [str(p) for p in r.outputs],
             "warnings": [w.to_dict() for w in r.warnings]}
            for r in results
        ],
        "failed": [
            {"profile": str(path), "diagnostics": [d.to_dict() for d in exc.diagnostics]}
            for path, exc in failures
        ],
    }


def run_init(path: Path, force: bool) -> int:
    if path.is_dir():
        raise UsageError(_("{path} is a folder; give the name of the profile file to write").format(path=path))
    if path.exists() and not force:
        raise UsageError(_("{path} already exists; choose another name or add --force").format(path=path))
    from ..write import write_all

    starter = (resources.files("anskaffelse") / "starter-profile.yaml").read_bytes()
    write_all({path: starter})
    typer.echo(printable(_("Wrote {path}. Build it with: anskaffelse build {path}").format(path=path)))
    return 0


def run_schema(name: str | None, out: Path | None) -> int:
    from ..reading.schema import SCHEMA_NAMES, schema_text

    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(_("unknown schema '{name}'; choose from {names}").format(name=name,
                                                                                  names=", ".join(SCHEMA_NAMES)))
    names = [name] if name else list(SCHEMA_NAMES)
    if out is None:
        if len(names) == 1:
            typer.echo(schema_text(names[0]), nl=False)
        else:
            typer.echo(dumps({n: json.loads(schema_text(n)) for n in names}))
        return 0
    if out.exists() and not out.is_dir():
        raise UsageError(_("{path} is a file; -o needs the name of a folder to write the schemas into").format(
            path=out))
    from ..write import write_all

    write_all({out / f"{n}.schema.json": schema_text(n).encode("utf-8") for n in names})
    typer.echo(printable(ngettext("Wrote {count} schema(s) to {folder}", "Wrote {count} schema(s) to {folder}",
                                  len(names)).format(count=len(names), folder=out)))
    return 0


def run_lint(paths: list[Path], explain: str | None, rules: bool, library: Path | None, as_json: bool) -> int:
    from ..api import lint
    from ..diagnostics import severity_word
    from ..quality import RULES
    from ..quality import explain as explain_rule

    if explain is not None:
        code = explain.strip().upper()
        if code not in RULES:
            raise UsageError(_("no rule '{code}'; see 'anskaffelse lint --rules'").format(code=explain))
        typer.echo(explain_rule(code))
        return 0
    if rules:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.name:<28} {severity_word(rule.severity):<8} {rule.summary}")
        return 0
    return report(lint(paths, library), as_json)


def run_validate(paths: list[Path], library: Path | None, as_json: bool) -> int:
    from ..api import validate

    return report(validate(paths, library), as_json)


def report(found: list[Diagnostic], as_json: bool) -> int:
    """Print findings for people (stderr) or scripts (stdout JSON); the exit code they mean."""
    from ..diagnostics import has_errors, to_json

    # A missing file or a file of the wrong kind (a workbook, a plain folder) means the command was
    # called wrongly, not that the input has errors: exit code 2.
    wrong = [d for d in found if d.code in ("Y004", "Y011") and not d.line]
    only_wrong = bool(wrong) and len(wrong) == len(found)
    if as_json:
        typer.echo(to_json(found))
        return 2 if only_wrong else 1 if has_errors(found) else 0
    if only_wrong and all(d.code == "Y004" for d in wrong):
        raise UsageError(wrong[0].message)
    print_diagnostics(found)
    errors = sum(d.severity == "error" for d in found)
    warnings = ngettext("{count} warning(s)", "{count} warning(s)", len(found) - errors).format(
        count=len(found) - errors)
    if errors:
        counted = ngettext("{count} error(s)", "{count} error(s)", errors).format(count=errors)
        stderr_console().print(f"{counted}, {warnings}", style="red")
    else:
        stderr_console().print(_("OK: no errors ({warnings})").format(warnings=warnings), style="green")
    return 2 if only_wrong else 1 if has_errors(found) else 0


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


MAX_PRINTED = 200
"""Findings shown to a person: a profile with 50,000 unknown IDs should not fill the screen for half a
minute; the first ones say what is wrong, and --json gives them all."""


def print_diagnostics(found: list[Diagnostic]) -> None:
    """Findings as `file:line:col: severity message (code)`, errors in red, warnings in yellow."""
    from ..diagnostics import sort_key

    console = stderr_console()
    ordered = sorted(found, key=sort_key)
    for d in ordered[:MAX_PRINTED]:
        console.print(format_plain(d), style="red" if d.severity == "error" else "yellow", markup=False)
    if len(ordered) > MAX_PRINTED:
        console.print(_("… and {count} more findings (use --json to see them all)").format(
            count=number(len(ordered) - MAX_PRINTED)), style="red", markup=False)
