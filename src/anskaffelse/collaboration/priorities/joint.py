"""What the prioritisation round needs from a joint profile: its members and its candidate requirements.

The candidates are the requirements the resolved profile holds, whatever
members each applies to: everything the collaboration might ask for. Not a
member's own requirements (from its file): they apply to that member only,
and the joint profile can neither scope nor tailor them. Each candidate
remembers the members the joint tender gives it by its own rules (a `scope:`
entry, the members' service areas; `collaboration.scope`), so the merge can
tell when the round's decision needs a scope entry of its own. The members
are the specification's, with the position of each entry in the profile, so
that a finding about a member points at its line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...diagnostics import Diagnostic, InputError, error
from ...library import LoadedLibrary
from ...locale.messages import _
from ...profile import MergedProfile, load_chain, merge
from ...resolved import Member, Specification
from ..members import member_entries, owner_of


@dataclass(frozen=True)
class Candidate:
    """One requirement as a member's workbook shows it, in the member's language."""

    id: str
    module: str
    """The title of its chapter."""
    title: str
    text: str
    guidance: str
    members: tuple[str, ...] = ()
    """The members the joint profile gives it without the round; empty: all members."""
    own_members: bool = False
    """A local requirement of the joint profile with its own `members:`, where its scope is written."""


@dataclass(frozen=True)
class JointMembers:
    members: tuple[Member, ...]
    where: dict[str, dict[str, Any]]
    """File, line and column of each member's entry, by member id."""

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    def default_members(self, candidate: Candidate) -> tuple[str, ...]:
        """The members a requirement applies to when the round adds nothing."""
        return candidate.members or self.ids


def candidates(spec: Specification, merged: MergedProfile, loaded: LoadedLibrary) -> tuple[Candidate, ...]:
    """Every requirement of `spec` with the guidance a member needs to weigh it (from the library or profile)."""
    from ...resolve import local_requirements

    local = {r.id: r for r in local_requirements(merged)}
    items = [(item, owner_of(merged, origin.doc)) for item, origin in merged.local_items()]
    owned = {item.get("id") for item, owner in items if owner}
    own_members = {item.get("id") for item, owner in items if not owner and "members" in item}
    result = []
    for module in spec.modules:
        for req in module.requirements:
            if req.id in owned:
                continue
            source = loaded.library.requirement(req.id) or local.get(req.id)
            guidance = source.guidance.get(spec.language) if source is not None else ""
            result.append(Candidate(req.id, module.title, req.title, req.text, guidance, req.members,
                                    req.id in own_members))
    return tuple(result)


def members_with_own_priorities(merged: MergedProfile) -> frozenset[str]:
    """Members whose own file gives `priorities:`; the joint profile may not give others (P082)."""
    return frozenset(member for member, doc in merged.member_files.items()
                     if isinstance(doc.data, dict) and "priorities" in doc.data)


def joint_members(merged: MergedProfile, spec: Specification) -> JointMembers:
    """The members of the joint tender; `InputError` (M013) for a profile without `members:`."""
    if not spec.members:
        last = merged.chain[-1]
        raise InputError([error("M013", _("the profile has no 'members:', so there is nobody to ask for priorities"),
                                _("A prioritisation round is for a joint tender: list the municipalities under "
                                  "'members:' (see docs/prioritization.md)."), file=last.name, line=1, column=1)])
    return JointMembers(spec.members, {entry.id: entry.entry.where() for entry in member_entries(merged)})


def check_joint_profile(profile: Path, text: str, output: Path, loaded: LoadedLibrary) -> list[Diagnostic]:
    """The findings for the joint profile `text` that will be written to `output`, checked as `validate` would.

    It replaces `profile` at the end of its chain; findings point at lines of `output`.
    """
    from ...chapters import read_chapters
    from ...profile.checks import check_profile
    from ...reading.load import parse_yaml
    from ...reading.schema import check_schema, prune_invalid

    chain, _cache = load_chain(profile)
    doc = parse_yaml(text, output)
    found = check_schema(doc, "profile")
    if found:
        data, removed = prune_invalid(doc.data, "profile")
        doc = dataclasses.replace(doc, data=data, pruned=removed)
    merged = merge([*chain[:-1], doc])
    return found + read_chapters(merged) + check_profile(merged, loaded)
