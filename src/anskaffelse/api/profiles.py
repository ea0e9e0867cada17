"""Profiles and libraries looked into: validate and lint them, list the names a profile can use,
show one requirement as a profile builds it, and upgrade a profile to a new library release.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, error
from ..infile import file_kind, kind_text, not_yaml_hint
from ..library import LoadedLibrary, load_library, require_library
from ..locale.messages import _
from ..migration.upgrade import ProfileUpgrade
from ..model import Requirement
from ..profile import MergedProfile
from ..resolved import SpecRequirement
from .tender import build_date, validate_profile

if TYPE_CHECKING:
    from ..taxonomy import VocabularyEntry


def validate(paths: Sequence[Path | str] = (), library: Path | str | None = None) -> list[Diagnostic]:
    """Findings for each profile or library folder; the built-in library when no path is given."""
    if not paths:
        return load_library(Path(library) if library else None)[1]
    found: list[Diagnostic] = []
    loaded: LoadedLibrary | None = None
    for raw in paths:
        path = Path(raw)
        wrong = wrong_kind_of_input(path)
        if wrong is not None:
            found.append(wrong)
            continue
        if path.is_dir():
            found += load_library(path)[1]
            continue
        if not path.exists():
            found.append(error("Y004", _("file not found: {path}").format(path=path),
                               _("Check the path and the spelling."), file=str(path)))
            continue
        if loaded is None:
            loaded, lib_found = load_library(Path(library) if library else None)
            if loaded is None:
                return found + lib_found
        found += validate_profile(path, loaded)[2]
    return found


def wrong_kind_of_input(path: Path) -> Diagnostic | None:
    """A finding (Y011) for a path that is neither a profile nor a library: a workbook, a PDF, a plain folder."""
    shown = display_path(path)
    if path.is_dir():
        if (path / "library.yaml").is_file():
            return None
        profiles = sorted(p.name for p in path.glob("*.yaml"))[:3]
        hint = _("validate takes profiles (.yaml files) and library folders (with library.yaml).")
        if profiles:
            example = path / profiles[0]
            hint += " " + _("To check the profiles in it, name them, e.g. {example}.").format(example=example)
        return error("Y011", _("{folder} is a folder without library.yaml, so it is not a requirement library").format(
            folder=shown), hint, file=shown)
    kind = file_kind(path)
    if kind is None:
        return None
    return error("Y011", _("{file} is {kind}, not a YAML file").format(file=shown, kind=kind_text(kind)),
                 not_yaml_hint(kind, "validate"), file=shown)


def lint(paths: Sequence[Path | str] = (), library: Path | str | None = None) -> list[Diagnostic]:
    """Requirement-quality findings for library folders and profiles (the built-in library by default).

    A profile is linted as built: its selected library requirements, its text
    overrides and its local requirements. A profile or library that does not
    validate yields its validation findings instead.
    """
    from ..quality import lint_library

    if not paths:
        loaded, lib_found = load_library(Path(library) if library else None, positions=True)
        return lib_found if loaded is None else lib_found + lint_library(loaded)
    found: list[Diagnostic] = []
    positioned: tuple[LoadedLibrary | None, list[Diagnostic]] | None = None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            loaded, lib_found = load_library(path, positions=True)
            found += lib_found if loaded is None else lib_found + lint_library(loaded)
        elif not path.exists():
            found.append(error("Y004", _("file not found: {path}").format(path=path),
                               _("Check the path and the spelling."), file=str(path)))
        else:
            if positioned is None:
                positioned = load_library(Path(library) if library else None, positions=True)
            found += _lint_profile(path, *positioned)
    return found


def _lint_profile(path: Path, loaded: LoadedLibrary | None, lib_found: list[Diagnostic]) -> list[Diagnostic]:
    from ..quality import lint_profile

    if loaded is None:
        return lib_found
    merged, _loaded, found = validate_profile(path, loaded)
    if merged is None:
        return found
    return found + lint_profile(merged, loaded)


def vocabulary(what: str, library: LoadedLibrary | Path | str | None = None,
               lang: str = "nb") -> list[VocabularyEntry]:
    """The names a profile can use: `what` is areas, modules, tags, kinds or stories."""
    from ..suggest import close_names, did_you_mean
    from ..taxonomy import VOCABULARIES, vocabulary_entries

    if what not in VOCABULARIES:
        guess = did_you_mean(close_names(what, VOCABULARIES, limit=1))
        message = _("cannot list '{what}'; choose {names} or {last}").format(
            what=what, names=", ".join(VOCABULARIES[:-1]), last=VOCABULARIES[-1])
        raise UsageError(f"{message}. {guess}" if guess else message)
    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    return vocabulary_entries(loaded.library, what, lang)


@dataclass(frozen=True)
class BuiltRequirement:
    """One requirement as a profile builds it."""

    id: str
    built: SpecRequirement | None
    """The requirement in the specification; None when the profile does not select it."""
    source: Requirement
    """The library requirement, or the profile's own (local) requirement."""
    parameters: tuple[tuple[str, str], ...]
    """Each parameter's value as the document writes it, e.g. ('oppetid', '99,7 %')."""
    tailored: tuple[str, ...]
    """The fields the profile changes: obligation, weight, parameters, text."""
    not_selected: str
    """Why the profile leaves the requirement out, when it does."""
    members: tuple[str, ...] = ()
    """The ids of a joint tender's members; empty for a tender without members."""


def built_requirement(profile: Path | str, req_id: str, library: LoadedLibrary | Path | str | None = None,
                      lang: str | None = None) -> BuiltRequirement:
    """`req_id` as the profile builds it; `InputError` for a profile with errors, `UsageError` for an unknown ID."""
    from ..resolve import local_requirements, render_text, resolve
    from ..suggest import close_ids, did_you_mean

    given = library if isinstance(library, LoadedLibrary) else Path(library) if library else None
    merged, loaded, found = validate_profile(Path(profile), given, lang)
    if merged is None or loaded is None:
        raise InputError(found)
    wanted = req_id.strip().upper()
    local = {r.id: r for r in local_requirements(merged)}
    source = loaded.library.requirement(wanted) or local.get(wanted)
    if source is None:
        known = [r.id for r in loaded.library.requirements()] + list(local)
        guess = did_you_mean(close_ids(req_id, known))
        if guess:
            raise UsageError(_("no requirement with ID '{id}' in the library or in {profile}. {guess}").format(
                id=req_id, profile=display_path(profile), guess=guess))
        raise UsageError(_("no requirement with ID '{id}' in the library or in {profile}; find IDs with 'anskaffelse "
                           "list --search'").format(id=req_id, profile=display_path(profile)))
    spec = resolve(loaded.library, merged, build_date(merged))
    built = next((r for r in spec.requirements() if r.id == wanted), None)
    changes = merged.tailor.get(wanted, {})
    values = {p.name: p.default for p in source.parameters} | dict(changes.get("parameters", ({}, None))[0])
    shown = tuple((p.name, render_text(f"{{{p.name}}}", source.parameters, values, merged.language))
                  for p in source.parameters)
    tailored = tuple(k for k in ("obligation", "weight", "parameters", "text") if k in changes)
    reason = "" if built else _why_not_selected(merged, source)
    return BuiltRequirement(wanted, built, source, shown, tailored, reason, tuple(m.id for m in spec.members))


def _why_not_selected(merged: MergedProfile, req: Requirement) -> str:
    """In words, which part of the profile leaves `req` out (the rules are those of `resolve.select_requirements`).

    The answer is a clause ("it is listed under 'exclude:' (kommune.yaml:12)") that names the profile's
    keys as they are written, whatever the language."""
    for name, listed in ((req.id, _("it is listed under 'exclude:' ({file}:{line})")),
                         (req.module, _("its module '{module}' is listed under 'exclude:' ({file}:{line})"))):
        if name in merged.exclude:
            at = merged.exclude[name].where()
            return listed.format(module=req.module, file=at["file"], line=at["line"])
    if req.deprecated:
        return _("it is deprecated, and deprecated requirements come only when listed under 'include:'")
    modules = merged.select.get("modules")
    if modules and req.module not in modules[0]:
        return _("its module '{module}' is not under 'select: modules:'").format(module=req.module)
    areas = merged.select.get("areas")
    if areas and not req.applies_to(frozenset(areas[0])):
        return _("it applies to {areas}, none of them under 'select: areas:'").format(areas=", ".join(req.areas))
    if req.tags:
        return _("it has none of the tags under 'select: tags:' (its tags: {tags})").format(tags=", ".join(req.tags))
    return _("it has none of the tags under 'select: tags:' (its tags: none)")


def upgrade(profiles: Sequence[Path | str], write: bool = False,
            library: LoadedLibrary | Path | str | None = None) -> list[ProfileUpgrade]:
    """What changed for each profile since the library release it was written for; `write` makes the changes.

    Files are rewritten keeping their comments, order and quotes; a base profile
    that a member extends only when it is among `profiles`. See `migration.upgrade.ACTIONS`
    for what each finding's code asks.
    """
    from ..migration.upgrade import still_to_decide, upgrade_profiles

    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    results = upgrade_profiles([Path(p) for p in profiles], loaded.library, write)
    return [still_to_decide(result, validate_profile(result.profile, loaded)[2]) for result in results]
