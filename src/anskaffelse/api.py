"""The public Python API: everything the command line does, callable from scripts.

    import anskaffelse
    results = anskaffelse.build(["kommune.yaml"], out_dir="ut")
    findings = anskaffelse.validate(["kommune.yaml"])

Errors in the input raise `anskaffelse.InputError`, whose `diagnostics` say
where and what; nothing is written then.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, InputError, UsageError, display_path, error, has_errors, os_reason
from .infile import file_kind, kind_text, not_yaml_hint
from .library import LoadedLibrary, load_library, require_library
from .locale.messages import _
from .migration.upgrade import ProfileUpgrade
from .model import Requirement
from .profile import MergedProfile, Origin, load_chain, merge
from .resolved import Specification, SpecRequirement
from .taxonomy import VocabularyEntry

if TYPE_CHECKING:
    from .answers.checks import AnswerReport
    from .answers.responses import SupplierAnswers
    from .changes.versions import AddendumResult, Comparison
    from .collaboration.priorities.round import ExportPlan, MergePlan
    from .evaluation.run import AwardReportResult, EvaluationResult
    from .site import SiteResult
    from .survey.run import ReportResult

DEFAULT_FORMATS = ("docx", "xlsx", "json")
_CHAIN_BROKEN = frozenset({"P000", "P010", "P015"})


@dataclass(frozen=True)
class BuildResult:
    profile: Path
    outputs: tuple[Path, ...]
    requirements: int
    fingerprint: str
    warnings: tuple[Diagnostic, ...]


def build_date(merged: MergedProfile | None = None) -> str:
    """The document date: the profile's, else SOURCE_DATE_EPOCH, else today."""
    if merged is not None and merged.tender_value("date"):
        return str(merged.tender_value("date"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return source_date(epoch).isoformat()
    return dt.date.today().isoformat()


_LAST_EPOCH = 253402300799
"""23:59:59 on 31 December 9999, the last moment a document date can show."""


def source_date(value: str) -> dt.date:
    """The date that `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) stands for; `UsageError` if it is none."""
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) > _LAST_EPOCH:
        shown = text[:40].encode("ascii", "backslashreplace").decode("ascii")
        raise UsageError(_("SOURCE_DATE_EPOCH is '{value}', which is not a time from 1970 to 9999 in whole seconds; "
                           "set it to a number such as 1767225600 (1 January 2026), or unset it").format(value=shown))
    return dt.datetime.fromtimestamp(int(text), dt.UTC).date()


def _epoch(date: str) -> int:
    day = dt.date.fromisoformat(date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def validate_profile(path: Path, library: LoadedLibrary | Path | None = None,
                     lang: str | None = None) -> tuple[MergedProfile | None, LoadedLibrary | None,
                                                       list[Diagnostic]]:
    """Load, merge and check one profile; the merged profile is None when it has errors."""
    from .chapters import read_chapters
    from .collaboration.members import is_member_file, member_file_given, read_member_files
    from .profile.checks import check_profile

    chain, found = load_chain(Path(path))
    if len(chain) == 1 and is_member_file(chain[0]):
        return None, None, [member_file_given(chain[0])]
    loaded, lib_found = (library, []) if isinstance(library, LoadedLibrary) else load_library(library)
    found += [d for d in lib_found if d.severity == "error"]
    # Schema findings leave a pruned profile that can still be checked for meaning;
    # a file that could not be read or a broken chain cannot.
    unreadable = any(d.code.startswith("Y") or d.code in _CHAIN_BROKEN for d in found)
    if unreadable or loaded is None or not chain:
        return None, loaded, found
    if lang is not None and lang not in loaded.library.languages:
        raise UsageError(_("the library has no '{lang}' texts; --lang can be {languages}").format(
            lang=lang, languages=", ".join(loaded.library.languages)))
    merged = merge(chain)
    if lang is not None:
        merged.tender["language"] = (lang, Origin(chain[-1], ()))
    found += read_chapters(merged)
    found += read_member_files(merged)
    found += check_profile(merged, loaded)
    return (None if has_errors(found) else merged), loaded, found


def specification(path: Path | str, library: LoadedLibrary | Path | None = None,
                  lang: str | None = None) -> tuple[Specification, list[Diagnostic]]:
    """The resolved specification of a profile, and its warnings; raises `InputError`."""
    spec, found, _merged = _resolve(Path(path), library, lang)
    return spec, found


def _resolve(path: Path, library: LoadedLibrary | Path | None,
             lang: str | None) -> tuple[Specification, list[Diagnostic], MergedProfile]:
    from .resolve import resolve

    merged, loaded, found = validate_profile(path, library, lang)
    if merged is None or loaded is None:
        raise InputError(found)
    return resolve(loaded.library, merged, build_date(merged)), found, merged


def build(profiles: Sequence[Path | str], out_dir: Path | str = ".",
          formats: Iterable[str] | None = None, lang: str | None = None,
          library: LoadedLibrary | Path | str | None = None,
          on_step: Callable[[Path, str], None] | None = None,
          json_indent: int | None = None) -> list[BuildResult]:
    """Build each profile into `out_dir`; each profile's files appear together or not at all.

    `formats` None builds what each profile's `formats:` names, else docx, xlsx
    and json. Raises `InputError` for the first profile with errors (after
    writing the profiles before it) and `UsageError` for impossible requests,
    such as pdf without LibreOffice. The JSON is compact unless `json_indent`
    gives the spaces to indent it with.
    """
    from .export import ALL_LANGUAGES, COMPANIONS, SUFFIXES, ExportOptions, exporter

    requested = check_request(profiles, DEFAULT_FORMATS if formats is None else formats)
    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    results = []
    for path in (Path(p) for p in profiles):
        spec, warnings, merged = _resolve(path, loaded, lang)
        chosen = requested if formats is not None or not merged.formats else tuple(merged.formats[0])
        _require_tools(chosen)
        template = merged.template[0] if merged.template else None
        translations = _translations(path, loaded, spec) if ALL_LANGUAGES.intersection(chosen) else ()
        options = ExportOptions(template=template, epoch=_epoch(spec.tender.date), translations=translations,
                                json_indent=json_indent)
        files: dict[Path, bytes] = {}
        for name in chosen:
            if on_step:
                on_step(path, name)
            files[Path(out_dir) / f"{path.stem}-{SUFFIXES[name]}"] = exporter(name)(spec, options)
            for extra, suffix in COMPANIONS.get(name, ()):
                files[Path(out_dir) / f"{path.stem}-{suffix}"] = exporter(extra)(spec, options)
        _write(files, out_dir)
        results.append(BuildResult(path, tuple(files), spec.requirement_count, spec.fingerprint,
                                   tuple(w for w in warnings if w.severity == "warning")))
    return results


def _translations(path: Path, loaded: LoadedLibrary, spec: Specification) -> tuple[Specification, ...]:
    """The same tender in each other language of the library (ReqIF carries every language)."""
    return tuple(_resolve(path, loaded, lang)[0] for lang in loaded.library.languages if lang != spec.language)


def _require_tools(formats: Iterable[str]) -> None:
    """Fail before anything is built when a format needs LibreOffice and there is none."""
    from .export import NEEDS_LIBREOFFICE

    if NEEDS_LIBREOFFICE.intersection(formats):
        from .export.libreoffice import require_libreoffice, timeout_seconds

        timeout_seconds()
        require_libreoffice()


def _write(files: dict[Path, bytes], out_dir: Path | str) -> None:
    from .write import write_all

    try:
        # The JSON is renamed into place last: a build killed during the renames leaves the old
        # JSON, whose fingerprint then differs from a docx or xlsx already renamed (see write.py).
        write_all(dict(sorted(files.items(), key=lambda item: item[0].suffix == ".json")))
    except OSError as exc:
        raise UsageError(_("cannot write to {folder}: {reason}; choose a folder you can write to with -o").format(
            folder=out_dir, reason=os_reason(exc))) from None


def verify_answer_sheet(workbook: Path | str, profile: Path | str, library: LoadedLibrary | Path | None = None,
                        lang: str | None = None) -> list[Diagnostic]:
    """Where an answered workbook departs from the profile's specification; [] when it matches.

    Finds edited requirement texts, deleted rows and a workbook made for another
    version, also after the supplier saved it in LibreOffice. The workbook is read
    as untrusted input (`answers.workbook`). Raises `InputError` for a workbook that
    cannot be read safely or a profile with errors.
    """
    from .answers.fingerprints import verify_fingerprints
    from .answers.workbook import read_workbook

    spec, _warnings = specification(profile, library, lang)
    return verify_fingerprints(read_workbook(Path(workbook)), spec)


def evaluate(specification: Path | str, answers: Sequence[Path | str], out: Path | str = "evaluering.xlsx",
             prices: Path | str | None = None, evaluators: str | None = None, date: str | None = None,
             force: bool = False) -> EvaluationResult:
    """Write the evaluation workbook for the committee; see `evaluation.run.evaluate`.

    `specification` is a built JSON specification (or a profile); `answers` the suppliers'
    answer workbooks, each named after its supplier; `prices` a prices file (else the price
    forms' totals); `evaluators` a number or names separated by commas. Tenders whose
    workbook has errors that lead to rejection (a minstekrav not answered Ja) are shown as
    rejected and not ranked. Raises `InputError` and `UsageError`; nothing is written then.
    """
    from .evaluation.run import evaluate as run

    return run(Path(specification), [Path(a) for a in answers], Path(out),
               Path(prices) if prices is not None else None, evaluators, date, force)


def evaluation_report(workbook: Path | str, out_dir: Path | str = ".", formats: Sequence[str] | None = None,
                      date: str | None = None) -> AwardReportResult:
    """Write the award justification (tildelingsbegrunnelse) from a filled evaluation workbook.

    The workbook is read as untrusted input and checked against its own control sheet;
    every score must be a number from 0 to 10. `formats` None writes docx, and pdf when
    LibreOffice is installed. Raises `InputError` naming sheet!cell, and `UsageError`.
    """
    from .evaluation.run import write_report

    return write_report(Path(workbook), Path(out_dir), formats, date)
def published_specification(path: Path | str, library: LoadedLibrary | Path | str | None = None) -> Specification:
    """The specification the suppliers answered: a built JSON specification (`…-spesifikasjon.json`), or a
    profile, which is resolved as `build` would (read as `diff` reads a version). Raises `InputError` for a file
    with errors, `UsageError` for a file of the wrong kind (a workbook, a Word document)."""
    from .changes.versions import profile_resolver, read_version

    return read_version(Path(path), profile_resolver(_resolve, library, None), None).spec


def _as_specification(spec: Specification | Path | str, library: LoadedLibrary | Path | str | None) -> Specification:
    return spec if isinstance(spec, Specification) else published_specification(spec, library)


def check_answers(spec: Specification | Path | str, workbooks: Sequence[Path | str],
                  earlier: Sequence[Specification | Path | str] = (),
                  library: LoadedLibrary | Path | str | None = None) -> list[AnswerReport]:
    """Check each supplier's answer workbook against the specification it answers; one report per workbook.

    `spec` is a `Specification`, a built JSON specification or a profile; `earlier` the
    specifications of earlier versions of the same tender, so that a workbook made for one
    of them is named as such (A009). A workbook that cannot be read safely gets a report
    with that one finding (A001); the others are checked all the same. Every finding has
    the sheet, cell and requirement it concerns (docs/answer-checks.md lists the codes).
    """
    from .answers.checks import check_workbooks

    current = _as_specification(spec, library)
    before = [_as_specification(e, library) for e in earlier]
    return check_workbooks([Path(w) for w in workbooks], current, before)


def read_answers(workbook: Path | str, spec: Specification | Path | str,
                 library: LoadedLibrary | Path | str | None = None) -> SupplierAnswers:
    """A supplier's answers as plain values with their cells, read safely; `InputError` for a workbook that
    cannot be read safely. Nothing is checked here: `check_answers` does that."""
    from .answers.responses import limits_for
    from .answers.responses import read_answers as answers_of
    from .answers.workbook import read_workbook

    current = _as_specification(spec, library)
    return answers_of(read_workbook(Path(workbook), limits_for(current)), current)


def write_check_reports(reports: Sequence[AnswerReport], spec: Specification, out_dir: Path | str) -> list[Path]:
    """A check report per workbook in `out_dir`, as Word and Excel (`<workbook name>-kontroll.docx/.xlsx`),
    in the specification's language; all files appear together or none. Dates inside the files come from
    `SOURCE_DATE_EPOCH`, else the specification's date, so the same check gives the same bytes."""
    from .answers.report import report_files

    stems = [r.path.stem for r in reports]
    clash = sorted({s for s in stems if stems.count(s) > 1})
    if clash:
        raise UsageError(_("two workbooks share the name '{name}', so their reports would collide; check them into "
                           "different folders").format(name=clash[0]))
    epoch_text = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch_text:
        source_date(epoch_text)  # a UsageError for a value that is no time
        epoch = int(epoch_text.strip())
    else:
        try:
            epoch = _epoch(spec.tender.date)
        except ValueError:
            epoch = 0
    files: dict[Path, bytes] = {}
    for report in reports:
        files.update(report_files(report, spec, Path(out_dir), epoch))
    _write(files, out_dir)
    return list(files)
def prioritize_export(profile: Path | str, out_dir: Path | str = ".",
                      library: LoadedLibrary | Path | str | None = None) -> ExportPlan:
    """One priority workbook per member of a joint profile, written into `out_dir` (all or none).

    Each member's workbook is in its language, with every requirement the profile
    selects; see `collaboration.priorities`. Raises `InputError` for a profile with
    errors or without `members:`.
    """
    from .collaboration.priorities.round import plan_export

    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    plan = plan_export(Path(profile), Path(out_dir), loaded, lambda path, lang: _resolve(path, loaded, lang))
    _write(plan.files, out_dir)
    return plan


def prioritize_merge(profile: Path | str, workbooks: Sequence[Path | str], output: Path | str,
                     rule: str = "majority", report_dir: Path | str | None = None,
                     library: LoadedLibrary | Path | str | None = None) -> MergePlan:
    """The joint profile from the members' filled workbooks, by `rule` (strictest, majority, weighted).

    Writes `output` (and the disagreement report into `report_dir`) atomically; never
    changes the profile or the workbooks. Raises `InputError` with the findings of every
    workbook that is wrong, `UsageError` for a missing file or an unknown rule.
    """
    from .collaboration.priorities.round import check_merge_paths, plan_merge

    paths = [Path(w) for w in workbooks]
    report = Path(report_dir) if report_dir is not None else None
    check_merge_paths(Path(profile), paths, Path(output), report)
    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    plan = plan_merge(Path(profile), paths, Path(output), rule, report, loaded,
                      lambda path, lang: _resolve(path, loaded, lang))
    _write(plan.files, Path(output).parent)
    return plan


def check_request(profiles: Sequence[Path | str], formats: Iterable[str]) -> tuple[str, ...]:
    """The formats without repeats; `UsageError` for unknown formats, colliding output names, or
    a format that needs a tool this machine lacks (pdf needs LibreOffice)."""
    from .export import SUFFIXES

    chosen = tuple(dict.fromkeys(formats))
    for name in chosen:
        if name not in SUFFIXES:
            raise UsageError(_("unknown format '{format}'; choose from {formats}").format(
                format=name, formats=", ".join(SUFFIXES)))
    if not chosen:
        raise UsageError(_("no format given; choose from {formats}").format(formats=", ".join(SUFFIXES)))
    stems = [Path(p).stem for p in profiles]
    clash = sorted({s for s in stems if stems.count(s) > 1})
    if clash:
        raise UsageError(_("two profiles share the name '{name}', so their outputs would collide; build them into "
                           "different folders").format(name=clash[0]))
    _require_tools(chosen)
    return chosen


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
    from .quality import lint_library

    if not paths:
        loaded, lib_found = load_library(Path(library) if library else None)
        return lib_found if loaded is None else lib_found + lint_library(loaded)
    found: list[Diagnostic] = []
    positioned: tuple[LoadedLibrary | None, list[Diagnostic]] | None = None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            loaded, lib_found = load_library(path)
            found += lib_found if loaded is None else lib_found + lint_library(loaded)
        elif not path.exists():
            found.append(error("Y004", _("file not found: {path}").format(path=path),
                               _("Check the path and the spelling."), file=str(path)))
        else:
            if positioned is None:
                positioned = load_library(Path(library) if library else None)
            found += _lint_profile(path, *positioned)
    return found


def _lint_profile(path: Path, loaded: LoadedLibrary | None, lib_found: list[Diagnostic]) -> list[Diagnostic]:
    from .quality import lint_profile

    if loaded is None:
        return lib_found
    merged, _loaded, found = validate_profile(path, loaded)
    if merged is None:
        return found
    return found + lint_profile(merged, loaded)


def vocabulary(what: str, library: LoadedLibrary | Path | str | None = None,
               lang: str = "nb") -> list[VocabularyEntry]:
    """The names a profile can use: `what` is areas, modules, tags, kinds or stories."""
    from .suggest import close_names, did_you_mean
    from .taxonomy import VOCABULARIES, vocabulary_entries

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
    from .resolve import local_requirements, render_text, resolve
    from .suggest import close_ids, did_you_mean

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
    from .migration.upgrade import still_to_decide, upgrade_profiles

    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    results = upgrade_profiles([Path(p) for p in profiles], loaded.library, write)
    return [still_to_decide(result, validate_profile(result.profile, loaded)[2]) for result in results]



def diff(old: Path | str, new: Path | str, member: str | None = None, lang: str | None = None,
         library: LoadedLibrary | Path | str | None = None) -> Comparison:
    """What changed from `old` to `new`: each a profile or a built JSON specification.

    `member` compares what one member of a joint tender gets: only the requirements in its scope.
    Raises `InputError` for a file with errors, `UsageError` for a file of the wrong kind, two
    languages, or a member that is not one.
    """
    from .changes.versions import compare, profile_resolver, read_version

    resolve = profile_resolver(_resolve, library, lang)
    return compare(read_version(Path(old), resolve, lang), read_version(Path(new), resolve, lang), member)


def addendum(old: Path | str, new: Path | str, out_dir: Path | str = ".", number: int = 1,
             formats: Iterable[str] | None = None, lang: str | None = None,
             library: LoadedLibrary | Path | str | None = None) -> AddendumResult:
    """Write addendum (rettelse) `number` from `old` to `new` into `out_dir`, with the new version's answer
    sheet and JSON specification; all files or none.

    `formats` None writes docx, xlsx and json, and pdf when LibreOffice is installed. Raises
    `InputError` when the two are not versions of one tender or nothing changed.
    """
    from .changes.publish import addendum_formats
    from .changes.versions import AddendumResult, plan_addendum

    chosen = addendum_formats(formats)
    if number < 1:
        raise UsageError(_("--number must be 1 or more, not {number}").format(number=number))
    comparison = diff(old, new, None, lang, library)
    plan = plan_addendum(comparison, number, Path(out_dir), chosen, _epoch(comparison.new.spec.tender.date))
    _write(plan.files, out_dir)
    warnings = comparison.old.warnings + comparison.new.warnings + plan.warnings
    return AddendumResult(tuple(plan.files), number, comparison.changes, comparison.new.spec.fingerprint, warnings)


def survey_export(profile: Path | str, out_dir: Path | str, languages: Sequence[str] = ("nb",),
                  library: Path | str | None = None) -> list[Path]:
    """Blank survey workbooks (kartlegging), one per language, and the specification JSON to report against."""
    from .survey.run import export_forms

    return export_forms(Path(profile), Path(out_dir), "survey", languages, Path(library) if library else None)


def dialogue_export(profile: Path | str, out_dir: Path | str, languages: Sequence[str] = ("nb",),
                    library: Path | str | None = None) -> list[Path]:
    """Blank market dialogue (RFI) workbooks, one per language, and the specification JSON."""
    from .survey.run import export_forms

    return export_forms(Path(profile), Path(out_dir), "dialogue", languages, Path(library) if library else None)


def survey_report(specification_json: Path | str, workbooks: Sequence[Path | str], out_dir: Path | str,
                  named: bool = False, min_group: int = 3, pdf: bool | None = None) -> ReportResult:
    """Aggregate filled survey workbooks into xlsx, docx, json (and pdf); bad workbooks are skipped with findings."""
    from .survey.run import make_report

    return make_report("survey", Path(specification_json), [Path(p) for p in workbooks], Path(out_dir),
                       named, min_group, pdf)


def dialogue_report(specification_json: Path | str, workbooks: Sequence[Path | str], out_dir: Path | str,
                    named: bool = False, pdf: bool | None = None) -> ReportResult:
    """Aggregate suppliers' RFI workbooks: delivered today, planned, not planned; declarations of conformity.

    Suppliers and their products are named only when `named`; otherwise every table counts suppliers."""
    from .survey.run import make_report

    return make_report("dialogue", Path(specification_json), [Path(p) for p in workbooks], Path(out_dir),
                       named, 1, pdf)
@dataclass(frozen=True)
class ImportResult:
    source: Path
    output: Path
    module: str
    requirements: int
    warnings: tuple[Diagnostic, ...]


def import_reqif(source: Path | str, out: Path | str, module_id: str | None = None,
                 force: bool = False) -> ImportResult:
    """Write the requirements of a ReqIF file as a module YAML file of the library format.

    Raises `InputError` for a malformed, hostile or incomplete file (nothing is written) and
    `UsageError` for an existing output file without `force`, or a module ID that cannot be one.
    """
    from .exchange.module_file import module_yaml, schema_findings
    from .exchange.reqif import import_reqif as read_module
    from .exchange.reqif import valid_module_id

    source, out = Path(source), Path(out)
    if module_id is not None and not valid_module_id(module_id):
        raise UsageError(_("--id '{id}' is not a module ID; use lower-case letters, digits and hyphens, such as "
                           "'lokale-krav'").format(id=module_id[:60]))
    if out.is_dir():
        raise UsageError(_("{path} is a folder; give the name of the module file to write, such as "
                           "{path}/modul.yaml").format(path=out))
    if out.exists() and not force:
        raise UsageError(_("{path} already exists; choose another name or add --force").format(path=out))
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError(_("{path} is the ReqIF file itself; choose another name for the module").format(path=out))
    imported = read_module(source, module_id)
    findings = schema_findings(imported.data, display_path(source))
    if findings:
        raise InputError(findings)
    _write({out: module_yaml(imported.data, source.name)}, out.parent)
    return ImportResult(source, out, imported.data["id"], imported.requirements, imported.warnings)
def build_site(profiles: Sequence[Path | str], out_dir: Path | str,
         library: LoadedLibrary | Path | str | None = None) -> SiteResult:
    """Write the web catalogue into `out_dir`: the library in bokmål and nynorsk, and each profile's
    specification as pages with its docx, xlsx and json to download.

    Raises `InputError` for a profile with errors and `UsageError` when `out_dir` holds files the
    catalogue did not write; in both cases nothing is written.
    """
    from .site import build_site as write_site
    from .site.tenders import DOWNLOADS, Tender

    paths = [Path(p) for p in profiles]
    check_request(paths, [kind for kind, _ in DOWNLOADS])
    loaded = library if isinstance(library, LoadedLibrary) else require_library(Path(library) if library else None)
    tenders = [Tender(path.stem, specification(path, loaded)[0]) for path in paths]

    def documents(folder: Path) -> None:
        build(paths, folder, [kind for kind, _ in DOWNLOADS], library=loaded)

    return write_site(loaded, tenders, Path(out_dir), documents if paths else None)
