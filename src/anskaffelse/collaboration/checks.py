"""Meaning checks of a joint tender: members, scope, options, and the members of local requirements.

The schema has already checked the form of every key (also in member files);
these checks look across them: member ids that must exist and be unique, one
vertskommune, service areas from the library's taxonomy, requirement IDs and
module ids that must exist, and a scope that fits the members' service areas.
Each finding points at the line that caused it, in the profile or the member file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..model import Library, Requirement
from ..profile import MergedProfile, Origin, org_number_is_valid
from ..suggest import Suggester, joined
from .members import MEMBER_FIELDS, MemberEntry, member_entries, owner_of

HOST = "vertskommune"


def check_joint(merged: MergedProfile, lib: Library, built: list[Requirement],
                suggest: Suggester) -> list[Diagnostic]:
    """Findings for the joint-tender keys of a merged profile; `built` are the requirements it builds."""
    entries = member_entries(merged)
    found: list[Diagnostic] = []
    if merged.members is None:
        found += _without_members(merged)
    else:
        found += _check_entries(entries, lib, suggest)
        found += _check_files(entries)
        found += _check_selected_areas(merged, entries)
    known = _Names(lib, built, [e.id for e in entries])
    found += _check_keys(merged, entries, known, suggest)
    found += _check_member_lists(merged, entries, known, suggest)
    return found


class _Names:
    """What a key of `scope`, `options` or `priorities` may name, and what the profile builds."""

    def __init__(self, lib: Library, built: list[Requirement], members: list[str]) -> None:
        self.lib = lib
        self.built = {r.id: r for r in built}
        self.ids = [r.id for r in lib.requirements()] + [r.id for r in built if lib.requirement(r.id) is None]
        self.modules = [m.id for m in lib.modules]
        self.members = members

    def requirements(self, key: str) -> list[Requirement] | None:
        """The requirements the profile builds that `key` names; None when `key` names nothing known."""
        if key in self.built:
            return [self.built[key]]
        if self.lib.requirement(key) is not None:
            return []
        if key in self.modules:
            return [r for r in self.built.values() if r.module == key]
        return None


def _without_members(merged: MergedProfile) -> list[Diagnostic]:
    """Scope and members of options need members to name."""
    hint = "Add 'members:' with the municipalities of the joint tender, or remove this."
    found = [error("P080", f"scope of {key} names members, but the profile has no 'members:'", hint,
                   **origin.where()) for key, (_, origin) in merged.scope.items()]
    found += [error("P080", f"option_members of {key} names members, but the profile has no 'members:'", hint,
                    **origin.where()) for key, (_, origin) in merged.option_members.items()]
    found += [error("P080", f"local requirement {item['id']} names members, but the profile has no 'members:'",
                    hint, **origin.where("members")) for item, origin in merged.local_items() if "members" in item]
    return found


def _check_entries(entries: list[MemberEntry], lib: Library, suggest: Suggester) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[tuple[str, Any], MemberEntry] = {}
    hosts: list[MemberEntry] = []
    areas = [a.id for a in lib.areas]
    for entry in entries:
        for key, code, label in (("id", "P072", "member id"), ("org_number", "P073", "organisation number")):
            value = entry.get(key)
            earlier = seen.setdefault((key, value), entry)
            if value is not None and earlier is not entry:
                found.append(error(code, f"members {earlier.id} and {entry.id} have the same {label} {value}",
                                   "Each member is one municipality: give each its own id and organisation "
                                   "number.", **entry.where(key)))
        unread = "file" in entry.values and entry.file is None  # its file is reported already (P071)
        for key in ("name", "org_number"):
            if entry.get(key) is None and not unread:
                found.append(error("P082", f"member {entry.id} has no {key}",
                                   f"Add '{key}:' to the member under 'members:' or in its file.",
                                   **entry.where("id")))
        number = entry.get("org_number")
        if number is not None and not org_number_is_valid(number):
            found.append(error("P013", f"'{number}' is not a valid organisation number",
                               "Check the number in the Brønnøysund register; the last digit is a check digit.",
                               **entry.where("org_number")))
        if entry.get("role") == HOST:
            hosts.append(entry)
        language = entry.get("language")
        if language is not None and language not in lib.languages:
            found.append(error("P012", f"member {entry.id}: the library has no '{language}' texts",
                               f"Choose one of the library's languages: {', '.join(lib.languages)}.",
                               **entry.where("language")))
        for i, area in enumerate(entry.get("areas", [])):
            if area not in areas:
                found.append(error("P077", f"member {entry.id}: unknown service area '{area}'",
                                   joined(suggest.names(area, areas), f"Use one of: {', '.join(sorted(areas))}."),
                                   **entry.where("areas", i)))
    for extra in hosts[1:]:
        found.append(error("P074", f"members {hosts[0].id} and {extra.id} are both vertskommune",
                           "One municipality hosts the joint tender; give the others 'role: deltakerkommune' "
                           "or no role.", **extra.where("role")))
    return found


def _check_files(entries: list[MemberEntry]) -> list[Diagnostic]:
    """A field given both in the joint profile and in the member's file must agree."""
    found = []
    for entry in entries:
        if entry.file is None:
            continue
        for key in MEMBER_FIELDS:
            if key in entry.file.data and entry.values[key][1].doc is not entry.file \
                    and entry.file.data[key] != entry.get(key):
                found.append(error("P082", f"the file of member {entry.id} gives another {key} than the joint "
                                   "profile", "Give it in one place: in the member's file or under 'members:'.",
                                   **entry.file.where((key,))))
    return found


def _check_selected_areas(merged: MergedProfile, entries: list[MemberEntry]) -> list[Diagnostic]:
    """A selected service area no member runs gives requirements that apply to every member."""
    if "areas" not in merged.select or any(e.get("areas") is None for e in entries):
        return []
    values, origin = merged.select["areas"]
    run = {a for e in entries for a in e.get("areas")}
    return [warning("P084", f"select: areas names '{area}', which no member runs, so its requirements apply to "
                    "every member", "Add the area to the members that run it, or take it out of 'select: areas:'.",
                    **origin.where(i)) for i, area in enumerate(values) if area not in run]


def _check_keys(merged: MergedProfile, entries: list[MemberEntry], known: _Names,
                suggest: Suggester) -> list[Diagnostic]:
    """Keys of scope, options, option_members and priorities name requirements or modules of the tender."""
    named: list[tuple[str, str, dict[str, Any]]] = [
        ("scope", key, origin.doc.where_key(origin.path)) for key, (_, origin) in merged.scope.items()]
    named += [("options", key, origin.where()) for key, origin in merged.options.items()]
    named += [("option_members", key, origin.doc.where_key(origin.path))
              for key, (_, origin) in merged.option_members.items()]
    for entry in entries:
        if "priorities" in entry.values:
            at = entry.values["priorities"][1]
            named += [("priorities", key, at.doc.where_key((*at.path, key))) for key in entry.get("priorities")]
    found: list[Diagnostic] = []
    for field, key, where in named:
        reqs = known.requirements(key)
        if reqs is None:
            found.append(error("P076", f"{field} names {key}, which is neither a requirement ID nor a module",
                               joined(suggest.ids(key, known.ids) or suggest.names(key, known.modules),
                                      "Use a requirement ID (see 'anskaffelse list') or a module id (see "
                                      "'anskaffelse list modules')."), **where))
        elif not reqs and field != "priorities":
            found.append(warning("P079", f"{field} names {key}, which the profile does not select, so it has no "
                                 "effect", "Select it (select, include) or remove it here.", **where))
    for key, (_, origin) in merged.option_members.items():
        req = known.built.get(key) or known.lib.requirement(key)
        if key not in merged.options and (req is None or req.module not in merged.options):
            found.append(error("P081", f"option_members names {key}, which is not an option",
                               f"Add {key} under 'options:', or move its members to 'scope:'.",
                               **origin.doc.where_key(origin.path)))
        if key in merged.scope:
            found.append(error("P086", f"{key} has members both under 'scope' and under 'option_members'",
                               "Give them in one place: for an option, 'option_members' decides.",
                               **origin.doc.where_key(origin.path)))
    return found


def _check_member_lists(merged: MergedProfile, entries: list[MemberEntry], known: _Names,
                        suggest: Suggester) -> list[Diagnostic]:
    """Member ids in scope, option_members and local requirements: known, and running the areas they get."""
    lists: list[tuple[str, str, list[str], Origin]] = [
        ("scope", key, members, origin) for key, (members, origin) in merged.scope.items()]
    lists += [("option_members", key, members, origin) for key, (members, origin) in merged.option_members.items()]
    found: list[Diagnostic] = []
    for item, origin in merged.local_items():
        owner = owner_of(merged, origin.doc)
        if owner and item["id"] in merged.scope:
            at = merged.scope[item["id"]][1]
            found.append(error("P083", f"{item['id']} is a requirement of member {owner}'s own file, so it applies "
                               f"to {owner} only", "Remove it from 'scope:', or move the requirement to the joint "
                               "profile's local_requirements.", **at.doc.where_key(at.path)))
        if "members" not in item:
            continue
        lists.append(("local requirement", item["id"], item["members"], Origin(origin.doc, (*origin.path, "members"))))
        if owner and item["members"] != [owner]:
            found.append(error("P083", f"{item['id']} is a requirement of member {owner}'s own file, so it applies "
                               f"to {owner} only", "Remove 'members:', or move the requirement to the joint "
                               "profile's local_requirements.", **origin.where("members")))
        if item["id"] in merged.scope and not owner:
            found.append(error("P086", f"{item['id']} has members both under 'scope' and in its own 'members:'",
                               "Give them in one place.", **origin.where("members")))
    if merged.members is None:
        return found
    areas = {e.id: e.get("areas") for e in entries}
    for field, key, members, origin in lists:
        for i, member in enumerate(members):
            if member not in areas:
                found.append(error("P075", f"{field} of {key} names unknown member '{member}'",
                                   joined(suggest.names(member, known.members),
                                          f"Members: {', '.join(known.members)}."), **origin.where(i)))
            elif areas[member] is not None and not _covers(known.requirements(key) or [], areas[member]):
                found.append(warning("P078", f"{field} gives {key} to {member}, but none of {member}'s service "
                                     f"areas ({', '.join(areas[member])}) is among those of {key}",
                                     f"Check the scope, or add the service area to member {member}.",
                                     **origin.where(i)))
    return found


def _covers(reqs: Iterable[Requirement], areas: list[str]) -> bool:
    """Whether a member running `areas` has use for any of `reqs` (True when there are none to judge by)."""
    wanted = frozenset(areas)
    reqs = list(reqs)
    return not reqs or any(r.applies_to(wanted) for r in reqs)
