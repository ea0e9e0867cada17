"""`anskaffelse show`: one requirement from the library, or as a profile builds it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from ..diagnostics import UsageError, display_path, dumps, printable
from ..library import require_library
from ..locale.messages import _
from ..model import Requirement


def run_show(req_id: str, profile: Path | None, lang: str | None, library: Path | None, as_json: bool) -> int:
    if profile is not None:
        return _show_built(req_id, profile, lang, library, as_json)
    loaded = require_library(library)
    req = loaded.library.requirement(req_id.strip().upper())
    if req is None:
        from ..suggest import close_ids, did_you_mean

        guess = did_you_mean(close_ids(req_id, [r.id for r in loaded.library.requirements()]))
        if guess:
            raise UsageError(_("no requirement with ID '{id}'. {guess}").format(id=req_id, guess=guess))
        raise UsageError(_("no requirement with ID '{id}'; find IDs with 'anskaffelse list --search'").format(
            id=req_id))
    if as_json:
        typer.echo(dumps(asdict(req)))
        return 0
    _print(f"{req.id}  {req.title.get(lang or 'nb')}", _library_lines(req, lang or "nb"))
    return 0


def _library_lines(req: Requirement, lang: str) -> list[str]:
    response = req.response.type + (f" ({req.response.unit.get(lang)})" if req.response.unit else "")
    lines = [
        _("Module: {module}   Kind: {kind}   Obligation: {obligation}   Weight: {weight}   Response: "
          "{response}").format(module=req.module, kind=req.kind, obligation=req.obligation, weight=req.weight or 0,
                               response=response),
        _("Areas: {areas}").format(areas=", ".join(req.areas)),
        "",
        req.text.get(lang),
    ]
    for label, text in ((_("Guidance:"), req.guidance), (_("Rationale:"), req.rationale)):
        if text:
            lines += ["", label, text.get(lang)]
    if req.parameters:
        lines += ["", _("Parameters:")]
        for p in req.parameters:
            bounds = f" [{p.min}–{p.max}]" if p.min is not None or p.max is not None else ""
            choices = " " + _("choices: {choices}").format(choices=", ".join(map(str, p.choices))) if p.choices else ""
            unit = p.unit_text.get(lang)
            lines.append(f"  {{{p.name}}} = {p.default} {unit}{bounds}{choices}  {p.description.get(lang)}")
    for label, values in ((_("Standards: {values}"), req.standards), (_("User stories: {values}"), req.user_stories),
                          (_("Tags: {values}"), req.tags)):
        if values:
            lines.append(label.format(values=", ".join(values)))
    if req.deprecated and req.replaced_by:
        lines.append(_("Deprecated; replaced by {id}").format(id=req.replaced_by))
    elif req.deprecated:
        lines.append(_("Deprecated"))
    return lines


def _show_built(req_id: str, profile: Path, lang: str | None, library: Path | None, as_json: bool) -> int:
    from ..api import built_requirement

    if not profile.is_file():
        raise UsageError(_("profile not found: {path}").format(path=profile))
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
        lines = [_("Not in the tender built from {profile}: {reason}.").format(profile=shown,
                                                                              reason=found.not_selected),
                 _("Remove it from 'exclude:' to take it in. The library's version:")
                 if "exclude:" in found.not_selected else
                 _("Add the ID under 'include:' to take it in. The library's version:"), "",
                 *_library_lines(found.source, lang_used)]
        _print(f"{found.id}  {found.source.title.get(lang_used)}", lines)
        return 0
    mark = " " + _("(set by the profile)")
    marks = {k: mark for k in found.tailored}
    lines = [
        _("As built from {profile}; the profile changes: {fields}").format(
            profile=shown, fields=", ".join(_field_name(k) for k in found.tailored)) if found.tailored else
        _("As built from {profile}").format(profile=shown),
        _("Module: {module}   Kind: {kind}   Response: {response}").format(
            module=req.module, kind=req.kind, response=req.response_type + (f" ({req.unit})" if req.unit else "")),
        _("Obligation: {obligation}").format(obligation=req.obligation) + marks.get("obligation", ""),
        _("Weight: {weight}").format(weight=req.weight) + marks.get("weight", ""),
        *([_("Applies to: {members}").format(members=", ".join(req.members) or _("all members"))]
          if found.members else []),
        *([_("Option: yes")] if req.option else []),
        "",
        req.text + marks.get("text", ""),
    ]
    if found.parameters:
        lines += ["", _("Parameters (set by the profile):") if "parameters" in marks else _("Parameters:")]
        lines += [f"  {{{name}}} = {value}" for name, value in found.parameters]
    if req.justification:
        lines += ["", _("Justification:"), req.justification]
    _print(f"{req.id}  {req.title}", lines)
    return 0


def _field_name(field: str) -> str:
    """A field the profile tailors, as the user reads it."""
    return {"obligation": _("obligation"), "weight": _("weight"), "parameters": _("parameters"),
            "text": _("text")}.get(field, field)


def _print(head: str, lines: list[str]) -> None:
    from rich.console import Console

    console: Any = Console(highlight=False)
    # Library and profile text is printed as it is: a '[' in a title must not be read as rich markup.
    console.print(printable(head), style="bold", markup=False)
    console.print(printable("\n".join(lines), keep_lines=True), markup=False)
