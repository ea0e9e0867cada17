"""`anskaffelse show`: one requirement from the library, or as a profile builds it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from ..diagnostics import UsageError, display_path, dumps, printable
from ..library import require_library
from ..model import Requirement


def run_show(req_id: str, profile: Path | None, lang: str | None, library: Path | None, as_json: bool) -> int:
    if profile is not None:
        return _show_built(req_id, profile, lang, library, as_json)
    loaded = require_library(library)
    req = loaded.library.requirement(req_id.strip().upper())
    if req is None:
        from ..suggest import close_ids, did_you_mean

        guess = did_you_mean(close_ids(req_id, [r.id for r in loaded.library.requirements()]))
        raise UsageError(f"no requirement with ID '{req_id}'"
                         + (f". {guess}" if guess else "; find IDs with 'anskaffelse list --search'"))
    if as_json:
        typer.echo(dumps(asdict(req)))
        return 0
    _print(f"{req.id}  {req.title.get(lang or 'nb')}", _library_lines(req, lang or "nb"))
    return 0


def _library_lines(req: Requirement, lang: str) -> list[str]:
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
    return lines


def _show_built(req_id: str, profile: Path, lang: str | None, library: Path | None, as_json: bool) -> int:
    from ..api import built_requirement

    if not profile.is_file():
        raise UsageError(f"profile not found: {profile}")
    found = built_requirement(profile, req_id, require_library(library), lang)
    shown = display_path(profile)
    if as_json:
        typer.echo(dumps({"id": found.id, "profile": str(profile), "selected": found.built is not None,
                          "not_selected_because": found.not_selected, "tailored": list(found.tailored),
                          "parameters": dict(found.parameters),
                          "requirement": asdict(found.built) if found.built else None}))
        return 0
    req = found.built
    if req is None:
        lang_used = lang or "nb"
        lines = [f"Not in the tender built from {shown}: {found.not_selected}.",
                 ("Remove it from 'exclude:'" if "exclude" in found.not_selected else "Add the ID under 'include:'")
                 + " to take it in. The library's version:", "",
                 *_library_lines(found.source, lang_used)]
        _print(f"{found.id}  {found.source.title.get(lang_used)}", lines)
        return 0
    marks = {k: " (set by the profile)" for k in found.tailored}
    lines = [
        f"As built from {shown}" + ("" if not found.tailored else
                                    f"; the profile changes: {', '.join(found.tailored)}"),
        f"Module: {req.module}   Kind: {req.kind}   Response: {req.response_type}"
        + (f" ({req.unit})" if req.unit else ""),
        f"Obligation: {req.obligation}{marks.get('obligation', '')}",
        f"Weight: {req.weight}{marks.get('weight', '')}",
        *([f"Applies to: {', '.join(req.members) or 'all members'}"] if found.members else []),
        *(["Option: yes"] if req.option else []),
        "",
        req.text + marks.get("text", ""),
    ]
    if found.parameters:
        lines += ["", "Parameters" + marks.get("parameters", "") + ":"]
        lines += [f"  {{{name}}} = {value}" for name, value in found.parameters]
    if req.justification:
        lines += ["", "Justification:", req.justification]
    _print(f"{req.id}  {req.title}", lines)
    return 0


def _print(head: str, lines: list[str]) -> None:
    from rich.console import Console

    console: Any = Console(highlight=False)
    # Library and profile text is printed as it is: a '[' in a title must not be read as rich markup.
    console.print(printable(head), style="bold", markup=False)
    console.print(printable("\n".join(lines), keep_lines=True), markup=False)
