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
from ..locale.messages import _
from ..model import Library, Requirement
from ..profile import MergedProfile, Origin, org_number_is_valid
from ..suggest import Suggester, joined
from .members import MEMBER_FIELDS, MemberEntry, member_entries, owner_of

HOST = "vertskommune"
LOCAL = ""
"""The `field` of a local requirement's own `members:` in `_check_member_lists` (the others are YAML keys)."""


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
    hint = _("Add 'members:' with the municipalities of the joint tender, or remove this.")
    found = [error("P080", _("scope of {key} names members, but the profile has no 'members:'").format(key=key),
                   hint, **origin.where()) for key, (_members, origin) in merged.scope.items()]
    found += [error("P080", _("option_members of {key} names members, but the profile has no "
                              "'members:'").format(key=key), hint, **origin.where())
              for key, (_members, origin) in merged.option_members.items()]
    found += [error("P080", _("local requirement {id} names members, but the profile has no "
                              "'members:'").format(id=item["id"]), hint, **origin.where("members"))
              for item, origin in merged.local_items() if "members" in item]
    return found


def _check_entries(entries: list[MemberEntry], lib: Library, suggest: Suggester) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[tuple[str, Any], MemberEntry] = {}
    hosts: list[MemberEntry] = []
    areas = [a.id for a in lib.areas]
    for entry in entries:
        found += _repeated(entry, seen)
        unread = "file" in entry.values and entry.file is None  # its file is reported already (P071)
        for key, missing in (("name", _("member {member} has no name")),
                             ("org_number", _("member {member} has no org_number"))):
            if entry.get(key) is None and not unread:
                found.append(error("P082", missing.format(member=entry.id),
                                   _("Add '{key}:' to the member under 'members:' or in its file.").format(key=key),
                                   **entry.where("id")))
        number = entry.get("org_number")
        if number is not None and not org_number_is_valid(number):
            found.append(error("P013", _("'{number}' is not a valid organisation number").format(number=number),
                               _("Check the number in the Brønnøysund register; the last digit is a check digit."),
                               **entry.where("org_number")))
        if entry.get("role") == HOST:
            hosts.append(entry)
        language = entry.get("language")
        if language is not None and language not in lib.languages:
            message = _("member {member}: the library has no '{language}' texts")
            hint = _("Choose one of the library's languages: {languages}.")
            found.append(error("P012", message.format(member=entry.id, language=language),
                               hint.format(languages=", ".join(lib.languages)), **entry.where("language")))
        for i, area in enumerate(entry.get("areas", [])):
            if area not in areas:
                message = _("member {member}: unknown service area '{area}'")
                hint = _("Use one of: {areas}.").format(areas=", ".join(sorted(areas)))
                found.append(error("P077", message.format(member=entry.id, area=area),
                                   joined(suggest.names(area, areas), hint), **entry.where("areas", i)))
    for extra in hosts[1:]:
        message = _("members {first} and {second} are both vertskommune")
        found.append(error("P074", message.format(first=hosts[0].id, second=extra.id),
                           _("One municipality hosts the joint tender; give the others 'role: deltakerkommune' or "
                             "no role."), **extra.where("role")))
    return found


def _repeated(entry: MemberEntry, seen: dict[tuple[str, Any], MemberEntry]) -> list[Diagnostic]:
    """P072 and P073: a member id or organisation number that an earlier member has already."""
    found = []
    hint = _("Each member is one municipality: give each its own id and organisation number.")
    for key, code, message in (
            ("id", "P072", _("members {first} and {second} have the same member id {value}")),
            ("org_number", "P073", _("members {first} and {second} have the same organisation number {value}"))):
        value = entry.get(key)
        earlier = seen.setdefault((key, value), entry)
        if value is not None and earlier is not entry:
            found.append(error(code, message.format(first=earlier.id, second=entry.id, value=value), hint,
                               **entry.where(key)))
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
                found.append(error("P082", _("the file of member {member} gives another {key} than the joint "
                                             "profile").format(member=entry.id, key=key),
                                   _("Give it in one place: in the member's file or under 'members:'."),
                                   **entry.file.where((key,))))
    return found


def _check_selected_areas(merged: MergedProfile, entries: list[MemberEntry]) -> list[Diagnostic]:
    """A selected service area no member runs gives requirements that apply to every member."""
    if "areas" not in merged.select or any(e.get("areas") is None for e in entries):
        return []
    values, origin = merged.select["areas"]
    run = {a for e in entries for a in e.get("areas")}
    return [warning("P084", _("select: areas names '{area}', which no member runs, so its requirements apply to "
                              "every member").format(area=area),
                    _("Add the area to the members that run it, or take it out of 'select: areas:'."),
                    **origin.where(i)) for i, area in enumerate(values) if area not in run]


def _check_keys(merged: MergedProfile, entries: list[MemberEntry], known: _Names,
                suggest: Suggester) -> list[Diagnostic]:
    """Keys of scope, options, option_members and priorities name requirements or modules of the tender."""
    named: list[tuple[str, str, dict[str, Any]]] = [
        ("scope", key, origin.doc.where_key(origin.path)) for key, (_members, origin) in merged.scope.items()]
    named += [("options", key, origin.where()) for key, origin in merged.options.items()]
    named += [("option_members", key, origin.doc.where_key(origin.path))
              for key, (_members, origin) in merged.option_members.items()]
    for entry in entries:
        if "priorities" in entry.values:
            at = entry.values["priorities"][1]
            named += [("priorities", key, at.doc.where_key((*at.path, key))) for key in entry.get("priorities")]
    found: list[Diagnostic] = []
    for field, key, where in named:
        reqs = known.requirements(key)
        if reqs is None:
            found.append(error("P076", _("{field} names {key}, which is neither a requirement ID nor a "
                                         "module").format(field=field, key=key),
                               joined(suggest.ids(key, known.ids) or suggest.names(key, known.modules),
                                      _("Use a requirement ID (see 'anskaffelse list') or a module id (see "
                                        "'anskaffelse list modules').")), **where))
        elif not reqs and field != "priorities":
            found.append(warning("P079", _("{field} names {key}, which the profile does not select, so it has no "
                                           "effect").format(field=field, key=key),
                                 _("Select it (select, include) or remove it here."), **where))
    for key, (_members, origin) in merged.option_members.items():
        req = known.built.get(key) or known.lib.requirement(key)
        if key not in merged.options and (req is None or req.module not in merged.options):
            found.append(error("P081", _("option_members names {key}, which is not an option").format(key=key),
                               _("Add {key} under 'options:', or move its members to 'scope:'.").format(key=key),
                               **origin.doc.where_key(origin.path)))
        if key in merged.scope:
            found.append(error("P086", _("{key} has members both under 'scope' and under "
                                         "'option_members'").format(key=key),
                               _("Give them in one place: for an option, 'option_members' decides."),
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
        own = _("{id} is a requirement of member {member}'s own file, so it applies to {member} only")
        if owner and item["id"] in merged.scope:
            at = merged.scope[item["id"]][1]
            found.append(error("P083", own.format(id=item["id"], member=owner),
                               _("Remove it from 'scope:', or move the requirement to the joint profile's "
                                 "local_requirements."), **at.doc.where_key(at.path)))
        if "members" not in item:
            continue
        lists.append((LOCAL, item["id"], item["members"], Origin(origin.doc, (*origin.path, "members"))))
        if owner and item["members"] != [owner]:
            found.append(error("P083", own.format(id=item["id"], member=owner),
                               _("Remove 'members:', or move the requirement to the joint profile's "
                                 "local_requirements."), **origin.where("members")))
        if item["id"] in merged.scope and not owner:
            found.append(error("P086", _("{id} has members both under 'scope' and in its own "
                                         "'members:'").format(id=item["id"]),
                               _("Give them in one place."), **origin.where("members")))
    if merged.members is None:
        return found
    areas = {e.id: e.get("areas") for e in entries}
    for field, key, members, origin in lists:
        for i, member in enumerate(members):
            if member not in areas:
                found.append(error("P075", _unknown_member(field, key, member),
                                   joined(suggest.names(member, known.members),
                                          _("Members: {members}.").format(members=", ".join(known.members))),
                                   **origin.where(i)))
            elif areas[member] is not None and not _covers(known.requirements(key) or [], areas[member]):
                found.append(warning("P078", _outside_areas(field, key, member, areas[member]),
                                     _("Check the scope, or add the service area to member {member}.").format(
                                         member=member), **origin.where(i)))
    return found


def _unknown_member(field: str, key: str, member: str) -> str:
    if field == LOCAL:
        return _("local requirement of {key} names unknown member '{member}'").format(key=key, member=member)
    return _("{field} of {key} names unknown member '{member}'").format(field=field, key=key, member=member)


def _outside_areas(field: str, key: str, member: str, areas: list[str]) -> str:
    if field == LOCAL:
        message = _("local requirement gives {key} to {member}, but none of {member}'s service areas ({areas}) is "
                    "among those of {key}")
    else:
        message = _("{field} gives {key} to {member}, but none of {member}'s service areas ({areas}) is among "
                    "those of {key}")
    return message.format(field=field, key=key, member=member, areas=", ".join(areas))


def _covers(reqs: Iterable[Requirement], areas: list[str]) -> bool:
    """Whether a member running `areas` has use for any of `reqs` (True when there are none to judge by)."""
    wanted = frozenset(areas)
    reqs = list(reqs)
    return not reqs or any(r.applies_to(wanted) for r in reqs)
