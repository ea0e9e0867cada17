"""Which members each requirement of a joint tender applies to, and which requirements are options.

The rule, for a requirement in the specification:

1. an option with an entry under `option_members` (by its ID, else by its
   module) applies to those members;
2. else a local requirement's own `members:` (a member's own requirement,
   written in its file, applies to that member), an entry under `scope` by
   its ID, else by its module;
3. else the members that run one of the requirement's service areas (a
   member without `areas` runs them all; a requirement for all areas applies
   to every member); when no member runs them, every member.

A requirement for all members gets no list (`members` empty), so a tender
whose requirements all apply to everyone reads like a tender without members.
Pure: the member files are already read (`members.read_member_files`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import ALL_AREAS
from ..profile import MergedProfile
from ..resolved import SpecRequirement
from .members import member_entries, owner_of


@dataclass(frozen=True)
class JointScope:
    member_ids: tuple[str, ...] = ()
    member_areas: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    """Each member's service areas; None for a member that does not list them (it runs every area)."""
    scope: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    local_members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: frozenset[str] = frozenset()
    option_members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def is_option(self, req: SpecRequirement) -> bool:
        return req.id in self.options or req.module in self.options

    def members_of(self, req: SpecRequirement) -> tuple[str, ...]:
        if not self.member_ids:
            return ()
        chosen = self._explicit(req)
        if chosen is None:
            chosen = self._by_area(req)
        wanted = set(chosen)
        ordered = tuple(m for m in self.member_ids if m in wanted)
        return () if len(ordered) == len(self.member_ids) else ordered

    def _explicit(self, req: SpecRequirement) -> tuple[str, ...] | None:
        if self.is_option(req):
            for key in (req.id, req.module):
                if key in self.option_members:
                    return self.option_members[key]
        for table, key in ((self.local_members, req.id), (self.scope, req.id), (self.scope, req.module)):
            if key in table:
                return table[key]
        return None

    def _by_area(self, req: SpecRequirement) -> tuple[str, ...]:
        if ALL_AREAS in req.areas:
            return self.member_ids
        areas = frozenset(req.areas)
        running = tuple(m for m in self.member_ids
                        if self.member_areas.get(m) is None or not areas.isdisjoint(self.member_areas[m] or ()))
        return running or self.member_ids


def joint_scope(merged: MergedProfile) -> JointScope:
    """The scope and options a merged profile gives (member files read)."""
    entries = member_entries(merged)
    local: dict[str, tuple[str, ...]] = {}
    for item, origin in merged.local_items():
        owner = owner_of(merged, origin.doc)
        if "members" in item:
            local[item["id"]] = tuple(item["members"])
        elif owner:
            local[item["id"]] = (owner,)
    return JointScope(
        member_ids=tuple(dict.fromkeys(e.id for e in entries)),
        member_areas={e.id: frozenset(e.get("areas")) if e.get("areas") else None for e in entries},
        scope={key: tuple(members) for key, (members, _) in merged.scope.items()},
        local_members=local,
        options=frozenset(merged.options),
        option_members={key: tuple(members) for key, (members, _) in merged.option_members.items()},
    )


def apply_scope(reqs: Iterable[SpecRequirement], scope: JointScope) -> list[SpecRequirement]:
    """The requirements with their `members` and `option` set."""
    if not scope.member_ids and not scope.options:  # no members, no options: nothing to set
        return [req if not req.members and not req.option else dataclasses.replace(req, members=(), option=False)
                for req in reqs]
    out = []
    for req in reqs:
        members, option = scope.members_of(req), scope.is_option(req)
        if members != req.members or option != req.option:
            req = dataclasses.replace(req, members=members, option=option)
        out.append(req)
    return out


def story_areas(merged: MergedProfile) -> frozenset[str] | None:
    """The service areas whose user stories a document may print; None for any.

    The selected areas; in a joint tender whose members all list their areas, only those
    a member runs (unless no selected area is run by any member, which P084 reports).
    """
    selected = frozenset(merged.select["areas"][0]) if "areas" in merged.select else None
    entries = member_entries(merged)
    if not entries or any(e.get("areas") is None for e in entries):
        return selected
    served = frozenset(a for e in entries for a in e.get("areas"))
    if selected is None:
        return served
    return (selected & served) or selected
