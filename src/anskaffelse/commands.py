"""The bodies of the commands: call the API and present its results.

Each `run_*` returns the exit code; errors travel as `InputError` and
`UsageError` and are printed by `cli._run`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

import typer

from .diagnostics import Diagnostic, InputError, UsageError, display_path, dumps, format_plain, printable
from .library import require_library
from .model import Requirement


def run_build(profiles: list[Path], out: Path, formats: list[str] | None, lang: str | None,
              library: Path | None, as_json: bool) -> int:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn
    from rich.table import Table
    from rich.text import Text

    from .api import DEFAULT_FORMATS, BuildResult, build, check_request

    check_request(profiles, DEFAULT_FORMATS if formats is None else formats)
    for path in profiles:
        if not path.is_file():
            raise UsageError(f"profile not found: {path}")
    loaded = require_library(library)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    results: list[BuildResult] = []
    failures: list[tuple[Path, InputError]] = []
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console,
                  transient=True, disable=as_json or not console.is_terminal) as progress:
        task = progress.add_task("Building", total=None)

        def step(path: Path, fmt: str) -> None:
            progress.update(task, description=f"{path.name}: {fmt}", advance=1)

        for path in profiles:
            try:
                results += build([path], out, formats, lang, loaded, on_step=step)
            except InputError as exc:
                failures.append((path, exc))
    if as_json:
        typer.echo(dumps(_build_summary(results, failures)))
    else:
        print_diagnostics([d for _, exc in failures for d in exc.diagnostics]
                          + [w for result in results for w in result.warnings])
        table = Table(title="Build", show_lines=False)
        for column in ("Profile", "Requirements", "Files"):
            table.add_column(column)
        for result in results:
            table.add_row(Text(printable(display_path(result.profile))), str(result.requirements),
                          Text("\n".join(printable(display_path(p)) for p in result.outputs)))
        for path, _ in failures:
            table.add_row(Text(printable(display_path(path))), "-", Text("failed: nothing written", style="red"))
        console.print(table)
    return 1 if failures else 0


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


def run_list(module: str | None, area: str | None, search: str | None, lang: str,
             library: Path | None, as_json: bool) -> int:
    loaded = require_library(library)
    lib = loaded.library
    if module and lib.module(module) is None:
        raise UsageError(f"unknown module '{module}'; modules: {', '.join(m.id for m in lib.modules)}")
    if area and area not in {a.id for a in lib.areas}:
        raise UsageError(f"unknown service area '{area}'; areas: {', '.join(a.id for a in lib.areas)}")
    reqs = [r for r in lib.requirements()
            if (not module or r.module == module)
            and (not area or r.applies_to(frozenset([area])))
            and (not search or _matches(r, search))]
    if as_json:
        rows = [{"id": r.id, "module": r.module, "title": r.title.get(lang),
                 "obligation": r.obligation, "weight": r.weight or 0, "kind": r.kind,
                 "areas": list(r.areas), "deprecated": r.deprecated} for r in reqs]
        typer.echo(dumps(rows))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(printable(f"{lib.name.get(lang)} {lib.version}: {len(reqs)} krav")))
    for column in ("ID", "Module", "Obligation", "Weight", "Title"):
        table.add_column(column)
    for r in reqs:
        table.add_row(*(Text(printable(cell)) for cell in (r.id, r.module, r.obligation, str(r.weight or ""),
                                                           r.title.get(lang))))
    Console(highlight=False).print(table)
    return 0


def _matches(req: Requirement, needle: str) -> bool:
    needle = needle.casefold()
    haystack = [req.id, req.title.nb, req.text.nb, req.title.nn or "", req.text.nn or ""]
    return any(needle in h.casefold() for h in haystack)


def run_show(req_id: str, lang: str, library: Path | None, as_json: bool) -> int:
    loaded = require_library(library)
    req = loaded.library.requirement(req_id.strip().upper())
    if req is None:
        raise UsageError(f"no requirement with ID '{req_id}'; find IDs with 'anskaffelse list --search'")
    if as_json:
        typer.echo(dumps(asdict(req)))
        return 0
    from rich.console import Console

    # Library text is printed as it is: a '[' in a title must not be read as rich markup.
    head = f"{req.id}  {req.title.get(lang)}"
    lines = [
        f"Module: {req.module}   Kind: {req.kind}   Obligation: {req.obligation}   "
        f"Weight: {req.weight or 0}   Response: {req.response.type}"
        + (f" ({req.response.unit.get(lang)})" if req.response.unit else ""),
        f"Areas: {', '.join(req.areas)}",
        "",
        req.text.get(lang),
    ]
    for label, text in (("Guidance", req.guidance), ("Rationale", req.rationale)):
        if text:
            lines += ["", f"{label}:", text.get(lang)]
    if req.parameters:
        lines += ["", "Parameters:"]
        for p in req.parameters:
            bounds = f" [{p.min}–{p.max}]" if p.min is not None or p.max is not None else ""
            choices = f" choices: {', '.join(map(str, p.choices))}" if p.choices else ""
            unit = p.unit_text.get(lang)
            lines.append(f"  {{{p.name}}} = {p.default} {unit}{bounds}{choices}  {p.description.get(lang)}")
    for label, values in (("Standards", req.standards), ("User stories", req.user_stories),
                          ("Tags", req.tags)):
        if values:
            lines.append(f"{label}: {', '.join(values)}")
    if req.deprecated:
        lines.append(f"Deprecated{f'; replaced by {req.replaced_by}' if req.replaced_by else ''}")
    console = Console(highlight=False)
    console.print(printable(head), style="bold", markup=False)
    console.print(printable("\n".join(lines), keep_lines=True), markup=False)
    return 0


def run_init(path: Path, force: bool) -> int:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the name of the profile file to write")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name or add --force")
    from .write import write_all

    starter = (resources.files("anskaffelse") / "starter-profile.yaml").read_bytes()
    write_all({path: starter})
    typer.echo(printable(f"Wrote {path}. Build it with: anskaffelse build {path}"))
    return 0


def run_schema(name: str | None, out: Path | None) -> int:
    from .schema import SCHEMA_NAMES, schema_text

    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(f"unknown schema '{name}'; choose from {', '.join(SCHEMA_NAMES)}")
    names = [name] if name else list(SCHEMA_NAMES)
    if out is None:
        if len(names) == 1:
            typer.echo(schema_text(names[0]), nl=False)
        else:
            typer.echo(dumps({n: json.loads(schema_text(n)) for n in names}))
        return 0
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; -o needs the name of a folder to write the schemas into")
    from .write import write_all

    write_all({out / f"{n}.schema.json": schema_text(n).encode("utf-8") for n in names})
    typer.echo(printable(f"Wrote {len(names)} schema(s) to {out}"))
    return 0


def run_lint(paths: list[Path], explain: str | None, rules: bool, library: Path | None, as_json: bool) -> int:
    from .api import lint
    from .quality import RULES
    from .quality import explain as explain_rule

    if explain is not None:
        code = explain.strip().upper()
        if code not in RULES:
            raise UsageError(f"no rule '{explain}'; see 'anskaffelse lint --rules'")
        typer.echo(explain_rule(code))
        return 0
    if rules:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")
        return 0
    return report(lint(paths, library), as_json)


def run_validate(paths: list[Path], library: Path | None, as_json: bool) -> int:
    from .api import validate

    return report(validate(paths, library), as_json)


def report(found: list[Diagnostic], as_json: bool) -> int:
    """Print findings for people (stderr) or scripts (stdout JSON); the exit code they mean."""
    from .diagnostics import has_errors, to_json

    missing = [d for d in found if d.code == "Y004" and not d.line]
    only_missing = bool(missing) and len(missing) == len(found)
    if as_json:
        typer.echo(to_json(found))
        return 2 if only_missing else 1 if has_errors(found) else 0
    if only_missing:
        raise UsageError(missing[0].message)
    print_diagnostics(found)
    errors = sum(d.severity == "error" for d in found)
    warnings = len(found) - errors
    if errors:
        stderr_console().print(f"{errors} error(s), {warnings} warning(s)", style="red")
    else:
        stderr_console().print(f"OK: no errors ({warnings} warning(s))", style="green")
    return 1 if has_errors(found) else 0


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


MAX_PRINTED = 200
"""Findings shown to a person: a profile with 50,000 unknown IDs should not fill the screen for half a
minute; the first ones say what is wrong, and --json gives them all."""


def print_diagnostics(found: list[Diagnostic]) -> None:
    """Findings as `file:line:col: severity message (code)`, errors in red, warnings in yellow."""
    from .diagnostics import sort_key

    console = stderr_console()
    ordered = sorted(found, key=sort_key)
    for d in ordered[:MAX_PRINTED]:
        console.print(format_plain(d), style="red" if d.severity == "error" else "yellow", markup=False)
    if len(ordered) > MAX_PRINTED:
        console.print(f"… and {len(ordered) - MAX_PRINTED:,} more findings (use --json to see them all)",
                      style="red", markup=False)
