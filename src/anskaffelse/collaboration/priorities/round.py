"""The two steps of the round, as plans of files to write: export the members' workbooks, merge them back.

Both return the bytes of every file and a summary; `api` writes the files
atomically, all or none. Nothing here writes, and nothing reads the clock.
The profile is resolved by the `resolve` the API passes in (the same
validation and resolution as `build`, in the language asked for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...diagnostics import Diagnostic, InputError, UsageError, display_path, error, warning
from ...library import LoadedLibrary
from ...locale.messages import _
from ...profile import MergedProfile
from ...reading.load import load_yaml
from ...resolved import Member, Specification
from .joint import (
    Candidate,
    JointMembers,
    candidates,
    check_joint_profile,
    joint_members,
    members_with_own_priorities,
)
from .joint_profile import joint_profile_text
from .outcome import MergedRequirement, merge_requirement
from .read import read_member_workbooks
from .report import report_workbook
from .rules import CONTRACT_TERM, RULES
from .sheet import priority_workbook

Resolve = Callable[[Path, str | None], tuple[Specification, list[Diagnostic], MergedProfile]]
"""The profile at a path resolved in a language (None: its own); `InputError` when it has errors."""


@dataclass(frozen=True)
class ExportPlan:
    files: dict[Path, bytes]
    members: tuple[Member, ...]
    requirements: int
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class MergePlan:
    files: dict[Path, bytes]
    output: Path
    report: Path | None
    rule: str
    language: str
    """Of the tender: the language of the comments in the joint profile and of the report."""
    members: tuple[Member, ...]
    requirements: tuple[MergedRequirement, ...]
    warnings: tuple[Diagnostic, ...]


def workbook_name(profile: Path, member: Member) -> str:
    return f"{profile.stem}-prioritering-{member.id}.xlsx"


def report_name(output: Path) -> str:
    return f"{output.stem}-uenighet.xlsx"


class _Round:
    """The profile of a round, resolved once per language that a member or the host writes in."""

    def __init__(self, profile: Path, loaded: LoadedLibrary, resolve: Resolve) -> None:
        self.profile, self.loaded, self.resolve = profile, loaded, resolve
        self.spec, self.warnings, self.merged = resolve(profile, None)
        self.joint: JointMembers = joint_members(self.merged, self.spec)
        self._candidates: dict[str, tuple[Candidate, ...]] = {
            self.spec.language: candidates(self.spec, self.merged, loaded)}

    def candidates(self, lang: str) -> tuple[Candidate, ...]:
        if lang not in self._candidates:
            spec, _warnings, merged = self.resolve(self.profile, lang)
            self._candidates[lang] = candidates(spec, merged, self.loaded)
        return self._candidates[lang]

    @property
    def epoch(self) -> int:
        day = dt.date.fromisoformat(self.spec.tender.date)
        return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def plan_export(profile: Path, out_dir: Path, loaded: LoadedLibrary, resolve: Resolve) -> ExportPlan:
    """One workbook per member, in the member's language; `InputError` for a profile with errors or no members."""
    round_ = _Round(profile, loaded, resolve)
    files = {out_dir / workbook_name(profile, member): priority_workbook(
        round_.candidates(member.language), member, round_.spec.tender, round_.epoch)
        for member in round_.joint.members}
    return ExportPlan(files, round_.joint.members, len(round_.candidates(round_.spec.language)),
                      tuple(w for w in round_.warnings if w.severity == "warning"))


def plan_merge(profile: Path, workbooks: Sequence[Path], output: Path, rule: str, report_dir: Path | None,
               loaded: LoadedLibrary, resolve: Resolve) -> MergePlan:
    """The joint profile (and the report) from the members' workbooks; `InputError` with every finding."""
    if rule not in RULES:
        raise UsageError(_("unknown rule '{rule}'; choose {rules}").format(rule=rule, rules=", ".join(RULES)))
    round_ = _Round(profile, loaded, resolve)
    members = round_.joint.members
    if rule == "weighted":
        _require_populations(round_.joint)
    books = read_member_workbooks(workbooks, round_.joint, round_.candidates)
    populations = {m.id: m.population for m in members}
    obligations = {r.id: CONTRACT_TERM if r.contract_annex else r.obligation for r in round_.spec.requirements()}
    lang = round_.spec.language
    merged = tuple(
        merge_requirement(c, obligations[c.id], [(b.member.id, b.answers[c.id].level) for b in books],
                          [(b.member.id, b.answers[c.id].comment) for b in books], rule, populations, lang,
                          round_.joint.default_members(c))
        for c in round_.candidates(lang))
    keep = members_with_own_priorities(round_.merged)
    text = joint_profile_text(profile, merged, rule, len(members), lang, keep)
    files = {output: text}
    report = report_dir / report_name(output) if report_dir is not None else None
    if report is not None:
        files[report] = report_workbook(merged, members, rule, round_.spec.tender, round_.epoch)
    warnings = [w for w in round_.warnings if w.severity == "warning"] + _moved_references(profile, output)
    warnings += [warning("M017", _("the file of member '{member}' gives its own priorities, so the round's are not "
                                   "written into the joint profile (the two would disagree, P082)").format(member=m),
                         _("Remove 'priorities:' from the member's file, and merge again to record the round's."),
                         **round_.joint.where[m])
                 for m in sorted(keep, key=round_.joint.ids.index)]
    warnings += _not_valid_yet(check_joint_profile(profile, text.decode("utf-8"), output, loaded))
    return MergePlan(files, output, report, rule, lang, members, merged, tuple(warnings))


def _not_valid_yet(found: list[Diagnostic]) -> list[Diagnostic]:
    """The errors the joint profile would have, as warnings (M016): it is written, for the host to finish."""
    return [warning("M016", _("the joint profile does not validate yet: {problem} ({code})").format(
        problem=d.message, code=d.code), d.hint, file=d.file, line=d.line, column=d.column)
        for d in found if d.severity == "error"]


def _require_populations(joint: JointMembers) -> None:
    missing = [m for m in joint.members if m.population <= 0]
    if missing:
        raise InputError([error("M012", _("member '{member}' has no population, which the rule 'weighted' counts "
                                          "by").format(member=m.id),
                                _("Add 'population:' (inhabitants) to every member, or choose --rule majority."),
                                **joint.where[m.id]) for m in missing])


def _moved_references(profile: Path, output: Path) -> list[Diagnostic]:
    """A warning (M015) when the joint profile goes to another folder than a profile that names files."""
    if output.parent.resolve() == profile.parent.resolve():
        return []
    doc = load_yaml(profile)
    data = doc.data if isinstance(doc.data, dict) else {}
    named = [key for key in ("extends", "template") if key in data]
    named += ["chapters"] * any(isinstance(c, dict) and "file" in c for c in (data.get("chapters") or {}).values())
    named += ["members"] * any(isinstance(m, dict) and "file" in m for m in data.get("members") or [])
    if not named:
        return []
    shown = display_path(output)
    return [warning("M015", _("{output} is in another folder than {profile}, whose '{key}:' names a file by a path "
                              "relative to the profile").format(output=shown, profile=display_path(profile),
                                                                key=named[0]),
                    _("Move {output} next to the profile, or correct the paths in it.").format(output=shown),
                    file=shown)]


def check_merge_paths(profile: Path, workbooks: Sequence[Path], output: Path, report_dir: Path | None) -> None:
    """Usage errors before any work: missing files, and an output that would overwrite an input."""
    for path in (profile, *workbooks):
        if not path.is_file():
            missing = _("profile not found: {path}") if path == profile else _("workbook not found: {path}")
            raise UsageError(missing.format(path=path))
    if output.is_dir():
        raise UsageError(_("{output} is a folder; -o names the joint profile to write, e.g. -o "
                           "felles-samlet.yaml").format(output=output))
    inputs = {p.resolve(): p for p in (profile, *workbooks)}
    targets = [output] + ([report_dir / report_name(output)] if report_dir is not None else [])
    for target in targets:
        if target.resolve() in inputs:
            raise UsageError(_("{target} is one of the inputs; the merge never overwrites the profile or a "
                               "workbook: choose another output name").format(target=target))
    if report_dir is not None and report_dir.exists() and not report_dir.is_dir():
        raise UsageError(_("{folder} is a file; --report names a folder for the report").format(folder=report_dir))
