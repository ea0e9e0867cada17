"""Two versions of a tender read from files and compared; the addendum planned from them.

The API (`anskaffelse.diff`, `anskaffelse.addendum`) passes in how a profile
is resolved, so this package never reaches above itself into the API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, has_errors
from ..export import ExportOptions
from ..export.json_read import read_specification
from ..library import LoadedLibrary, require_library
from ..locale.messages import _
from ..profile import MergedProfile
from ..resolved import Specification
from .diff import diff_specifications
from .inputs import PROFILE, input_kind, output_stem, tender_position
from .model import SpecificationDiff
from .publish import addendum_files, addendum_name, addendum_problems
from .scope import member_ids, member_view

ProfileResolver = Callable[[Path], tuple[Specification, list[Diagnostic], MergedProfile]]
"""Resolves a profile into its specification, warnings and merged profile; raises `InputError`."""


@dataclass(frozen=True)
class TenderVersion:
    """One side of a comparison: the file it was read from and its specification."""

    path: Path
    kind: str
    """'profile' or 'specification' (a built JSON file)."""
    spec: Specification
    merged: MergedProfile | None
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Two versions of a tender and what changed from the old to the new."""

    old: TenderVersion
    new: TenderVersion
    member: str | None
    """The member whose view was compared (`--member`), else None."""
    changes: SpecificationDiff


@dataclass(frozen=True)
class AddendumPlan:
    files: dict[Path, bytes]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class AddendumResult:
    outputs: tuple[Path, ...]
    number: int
    changes: SpecificationDiff
    fingerprint: str
    """The new version's specification fingerprint, which its answer sheet and JSON carry."""
    warnings: tuple[Diagnostic, ...]


def profile_resolver(resolve: Callable[[Path, LoadedLibrary, str | None],
                                       tuple[Specification, list[Diagnostic], MergedProfile]],
                     library: LoadedLibrary | Path | str | None, lang: str | None) -> ProfileResolver:
    """`resolve` with one library, loaded when the first profile needs it (two JSON files need none)."""
    loaded: list[LoadedLibrary] = [library] if isinstance(library, LoadedLibrary) else []

    def resolve_profile(path: Path) -> tuple[Specification, list[Diagnostic], MergedProfile]:
        if not loaded:
            loaded.append(require_library(Path(library) if isinstance(library, str | Path) else None))
        return resolve(path, loaded[0], lang)

    return resolve_profile


def read_version(path: Path, resolve_profile: ProfileResolver, lang: str | None) -> TenderVersion:
    kind = input_kind(path)
    if kind == PROFILE:
        spec, found, merged = resolve_profile(path)
        return TenderVersion(path, kind, spec, merged, tuple(d for d in found if d.severity == "warning"))
    spec = read_specification(path)
    if lang is not None and spec.language != lang:
        raise UsageError(_("{path} was built in '{language}', and a built specification cannot change language; "
                           "leave out --lang, or build it again with --lang {lang}").format(
            path=display_path(path), language=spec.language, lang=lang))
    return TenderVersion(path, kind, spec, None)


def compare(old: TenderVersion, new: TenderVersion, member: str | None = None) -> Comparison:
    """The diff of `old` and `new`, for `member`'s view of a joint tender when it is given."""
    if old.spec.language != new.spec.language:
        raise UsageError(_("{old} is in '{old_language}' and {new} in '{new_language}', so every text would differ; "
                           "compare two versions in one language (--lang sets it for profiles)").format(
            old=display_path(old.path), old_language=old.spec.language, new=display_path(new.path),
            new_language=new.spec.language))
    first, second = old.spec, new.spec
    if member is not None:
        first, second = _member_side(old, member), _member_side(new, member)
        if not (old.spec.members or new.spec.members):
            raise UsageError(_("--member {member}: neither {old} nor {new} is a joint tender (a profile with "
                               "members:)").format(member=member, old=display_path(old.path),
                                                   new=display_path(new.path)))
    return Comparison(old, new, member, diff_specifications(first, second))


def _member_side(version: TenderVersion, member: str) -> Specification:
    ids = member_ids(version.spec)
    if ids and member not in ids:
        raise UsageError(_("--member {member}: {path} has no member '{member}'; its members are {members}").format(
            member=member, path=display_path(version.path), members=", ".join(ids)))
    return member_view(version.spec, member)


def plan_addendum(comparison: Comparison, number: int, out_dir: Path, formats: Sequence[str],
                  epoch: int) -> AddendumPlan:
    """The files of the addendum; `InputError` when the versions are not two of one tender or nothing
    changed, `UsageError` when a file would overwrite one of the two inputs."""
    old, new = comparison.old, comparison.new
    where = {key: tender_position(new.path, new.merged, key) for key in ("reference", "version", "date")}
    found = addendum_problems(old.spec, new.spec, comparison.changes, where, display_path(old.path))
    if has_errors(found):
        raise InputError(found)
    stem = output_stem(new.path, new.kind)
    inputs = {old.path.resolve(), new.path.resolve()}
    for fmt in formats:
        target = out_dir / addendum_name(stem, number, fmt)
        if target.resolve() in inputs:
            raise UsageError(_("writing {path} would replace an input file; choose another folder with "
                               "-o").format(path=display_path(target)))
    template = new.merged.template[0] if new.merged is not None and new.merged.template else None
    files = addendum_files(old.spec, new.spec, comparison.changes, number, out_dir, stem, formats,
                           ExportOptions(template=template, epoch=epoch))
    return AddendumPlan(files, tuple(found))
