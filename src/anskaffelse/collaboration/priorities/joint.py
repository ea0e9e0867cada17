"""What the prioritisation round needs from a joint profile: its members and its candidate requirements.

The candidates are the requirements the profile selects before any member
scoping: everything the collaboration might ask for. The members are read
from the `members:` list as written in the profile (the nearest profile of
the chain that has one), with the position of each entry, so that a finding
about a member points at its line.

Until the profile schema knows the joint-tender keys (`members`, `scope`,
`options`, `option_members`), its only findings about them are "unknown
field" (S002) at the top level; those are set aside here and the keys take no
part in the resolution. Once the schema knows them, nothing is set aside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...diagnostics import Diagnostic, InputError, error, has_errors
from ...library import LoadedLibrary
from ...load import Document, load_yaml
from ...model import ALL_AREAS
from ...profile import MergedProfile, Origin, load_chain, merge
from ...resolved import Member, Specification
from ...schema import load_schema

JOINT_KEYS = ("members", "scope", "options", "option_members")
MEMBER_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGES = ("nb", "nn", "en")
_CHAIN_BROKEN = ("P000", "P010", "P015")


@dataclass(frozen=True)
class Candidate:
    """One requirement as a member's workbook shows it, in the member's language."""

    id: str
    module: str
    """The title of its chapter."""
    title: str
    text: str
    guidance: str
    module_id: str = ""
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class JointMembers:
    members: tuple[Member, ...]
    where: dict[str, dict[str, Any]]
    """File, line and column of each member's entry, by member id."""
    scope: dict[str, tuple[str, ...]]
    """The profile's own `scope:` entries (requirement ID or module id -> member ids)."""

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    def default_members(self, candidate: Candidate) -> tuple[str, ...]:
        """The members a requirement applies to when the round adds nothing: the profile's `scope:` entry
        for its ID, else for its module, else the members that run one of its service areas (a member
        without areas runs them all; when none runs them, all members). The rule of the joint tender."""
        for key in (candidate.id, candidate.module_id):
            if key in self.scope:
                return tuple(m for m in self.ids if m in self.scope[key])
        if not candidate.areas or ALL_AREAS in candidate.areas:
            return self.ids
        running = tuple(m.id for m in self.members if not m.areas or not set(m.areas).isdisjoint(candidate.areas))
        return running or self.ids


def candidate_specification(path: Path, loaded: LoadedLibrary, date_of: Callable[[MergedProfile], str],
                            lang: str | None = None) -> tuple[Specification, MergedProfile, list[Diagnostic]]:
    """The profile resolved in `lang` (default: its own), with its warnings; `InputError` when it has errors.

    `date_of` gives the document date of a profile without one (`api.build_date`).
    """
    from ...chapters import read_chapters
    from ...profile_checks import check_profile
    from ...resolve import resolve

    chain, found = load_chain(path)
    found = [d for d in found if not _unknown_joint_key(d)]
    if not chain or any(d.code.startswith("Y") or d.code in _CHAIN_BROKEN for d in found):
        raise InputError(found)
    merged = merge(chain)
    if lang is not None:
        merged.tender["language"] = (lang, Origin(chain[-1], ()))
    found += read_chapters(merged)
    found += check_profile(merged, loaded)
    if has_errors(found):
        raise InputError(found)
    return resolve(loaded.library, merged, date_of(merged)), merged, found


def check_joint_profile(profile: Path, text: str, output: Path, loaded: LoadedLibrary) -> list[Diagnostic]:
    """The findings for the joint profile `text` that will be written to `output`, checked as `validate` would.

    It replaces `profile` at the end of its chain; findings point at lines of `output`.
    """
    import dataclasses

    from ...chapters import read_chapters
    from ...load import parse_yaml
    from ...profile_checks import check_profile
    from ...schema import check_schema, prune_invalid

    chain, _ = load_chain(profile)
    doc = parse_yaml(text, output)
    found = [d for d in check_schema(doc, "profile") if not _unknown_joint_key(d)]
    if found or "members" not in load_schema("profile").get("properties", {}):
        data, removed = prune_invalid(doc.data, "profile")
        doc = dataclasses.replace(doc, data=data, pruned=removed)
    merged = merge([*chain[:-1], doc])
    return found + read_chapters(merged) + check_profile(merged, loaded)


def _unknown_joint_key(d: Diagnostic) -> bool:
    if "members" in load_schema("profile").get("properties", {}):
        return False
    return d.code == "S002" and any(d.message == f"unknown field '{key}' in the top level" for key in JOINT_KEYS)


def candidates(spec: Specification, merged: MergedProfile, loaded: LoadedLibrary) -> tuple[Candidate, ...]:
    """Every requirement of `spec` with the guidance a member needs to weigh it (from the library or profile)."""
    from ...resolve import local_requirements

    local = {r.id: r for r in local_requirements(merged)}
    result = []
    for module in spec.modules:
        for req in module.requirements:
            source = loaded.library.requirement(req.id) or local.get(req.id)
            guidance = source.guidance.get(spec.language) if source is not None else ""
            result.append(Candidate(req.id, module.title, req.title, req.text, guidance, module.id, req.areas))
    return tuple(result)


def joint_members(merged: MergedProfile, spec: Specification) -> JointMembers:
    """The members as the profile lists them; `InputError` (M013, M014) when there are none or an entry is wrong.

    The specification's members when it has them (a profile schema that knows joint tenders reads member
    files too); else the profile's entries as written.
    """
    for doc in reversed(merged.chain):
        raw = load_yaml(doc.path)
        if isinstance(raw.data, dict) and "members" in raw.data:
            found = _members(raw, merged.language)
            if spec.members:
                found = JointMembers(spec.members, found.where, found.scope)
            return found
    last = merged.chain[-1]
    raise InputError([error("M013", "the profile has no 'members:', so there is nobody to ask for priorities",
                            "A prioritisation round is for a joint tender: list the municipalities under "
                            "'members:' (see docs/prioritization.md).", file=last.name, line=1, column=1)])


def _members(doc: Document, tender_language: str) -> JointMembers:
    entries = doc.data["members"]
    at = doc.where_key(("members",))
    if not isinstance(entries, list) or not entries:
        raise InputError([error("M014", "'members:' must be a list of the municipalities in the joint tender",
                                "Write one entry per member: '- id: nordvik', 'name: Nordvik kommune', ...", **at)])
    found: list[Diagnostic] = []
    members: list[Member] = []
    where: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries):
        member = _member(doc, i, entry, tender_language, found)
        if member is None:
            continue
        if member.id in where:
            found.append(error("M014", f"member '{member.id}' is listed twice", "Give each member its own id.",
                               **doc.where(("members", i, "id"))))
            continue
        members.append(member)
        where[member.id] = doc.where(("members", i))
    if found:
        raise InputError(found)
    scope = doc.data.get("scope") if isinstance(doc.data.get("scope"), dict) else {}
    entries_of = {key: tuple(v for v in value if isinstance(v, str)) for key, value in scope.items()
                  if isinstance(value, list)}
    return JointMembers(tuple(members), where, entries_of)


def _member(doc: Document, i: int, entry: Any, tender_language: str, found: list[Diagnostic]) -> Member | None:
    """One member entry; the fields the round reads are checked here (the profile schema checks the rest)."""
    if not isinstance(entry, dict):
        found.append(error("M014", f"entry {i + 1} of 'members:' is not a mapping",
                           "Write the member's fields under a dash: '- id: nordvik'.", **doc.where(("members", i))))
        return None
    member_id: Any = entry.get("id")
    name: Any = entry.get("name")
    language: Any = entry.get("language", tender_language)
    population: Any = entry.get("population", 0)
    problems = []
    if not isinstance(member_id, str) or not MEMBER_ID.match(member_id):
        problems.append(("id", "needs an 'id' of lower-case letters, digits and hyphens, e.g. 'nordvik'"))
    if name is not None and (not isinstance(name, str) or not name.strip()):
        problems.append(("name", "has an empty 'name'"))
    if language not in LANGUAGES:
        problems.append(("language", "has a 'language' other than nb, nn or en"))
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        problems.append(("population", "has a 'population' that is not a whole number of inhabitants"))
    for key, problem in problems:
        found.append(error("M014", f"member entry {i + 1} {problem}", "See the member fields in "
                           "docs/prioritization.md.", **doc.where(("members", i, key))))
    if problems:
        return None
    areas: list[Any] = entry["areas"] if isinstance(entry.get("areas"), list) else []
    return Member(member_id, name.strip() if name else member_id, str(entry.get("org_number", "")), language,
                  tuple(str(a) for a in areas), population, str(entry.get("role", "")))
