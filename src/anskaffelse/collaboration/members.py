"""The members of a joint tender and their own files.

A joint profile lists its members under `members:`. A member may keep its own
file (`file:`) with its facts and its own requirements; the file is read here,
while the profile is checked, by the same reader as every profile, and checked
against the profile schema's `member_file` definition. The joint tender is one
competition: a member file that sets a term of the tender (procedure, deadline,
evaluation model, selection or tailoring of requirements) is an error at the
line that sets it (P070), so a member can never quietly change what the
suppliers compete on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, display_path, error
from ..locale import long_date, texts
from ..locale.messages import _
from ..localtext import pick
from ..profile import MergedProfile, Origin
from ..reading.load import Document, load_yaml
from ..reading.schema import check_schema, prune_invalid
from ..resolved import Member, MemberFacts, SpecRequirement

MEMBER_FIELDS = ("name", "short_name", "org_number", "language", "areas", "population", "facts", "priorities")
"""Fields a member may give in the joint profile's entry or in its own file."""

FILE_ONLY = ("namespace", "local_requirements")
"""Fields only a member file has: its own requirements and their ID prefix."""

_TENDER_TERMS = frozenset({
    "tender", "award_criteria", "award_basis", "price_form", "select", "include", "exclude", "exclude_stories",
    "tailor", "scope", "options", "option_members", "members", "role", "id", "file", "extends", "chapters",
    "template", "formats", "library_version", "publish_justification",
})
"""Keys of a member file that belong to the joint tender (P070); `_tender_term` says why, for each."""


@dataclass(frozen=True)
class MemberEntry:
    """One member with each field's value and where it was written (the joint profile or the member's file)."""

    id: str
    values: dict[str, tuple[Any, Origin]]
    entry: Origin
    """The member's entry under `members:` in the joint profile."""
    file: Document | None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return value[0] if value else default

    def where(self, key: str, *sub: str | int) -> dict[str, Any]:
        value = self.values.get(key)
        return value[1].where(*sub) if value else self.entry.where()


def member_entries(merged: MergedProfile) -> list[MemberEntry]:
    """The members in profile order; a field in the entry wins over the same field in the member's file."""
    if merged.members is None:
        return []
    items, origin = merged.members
    entries = []
    for i, item in enumerate(items):
        at = Origin(origin.doc, (*origin.path, i))
        values = {key: (value, Origin(at.doc, (*at.path, key))) for key, value in item.items()}
        doc = merged.member_files.get(item["id"]) if "file" in item else None
        if doc is not None:
            for key in MEMBER_FIELDS:
                if key in doc.data and key not in values:
                    values[key] = (doc.data[key], Origin(doc, (key,)))
        entries.append(MemberEntry(item["id"], values, at, doc))
    return entries


def member_ids(merged: MergedProfile) -> list[str]:
    return [item["id"] for item in merged.members[0]] if merged.members else []


def owner_of(merged: MergedProfile, doc: Document) -> str:
    """The id of the member whose file `doc` is; '' for a profile."""
    return next((member for member, file in merged.member_files.items() if file is doc), "")


def read_member_files(merged: MergedProfile) -> list[Diagnostic]:
    """Read each member's own file into `merged`: its fields, its local requirements; findings for the rest."""
    if merged.members is None:
        return []
    items, origin = merged.members
    found: list[Diagnostic] = []
    for i, item in enumerate(items):
        if "file" not in item or item["id"] in merged.member_files:
            continue  # a repeated member id is reported by the checks
        at = Origin(origin.doc, (*origin.path, i, "file"))
        doc = _load(at.doc.path.parent / item["file"], item["id"], at, found)
        if doc is None:
            continue
        merged.member_files[item["id"]] = doc
        for j, requirement in enumerate(doc.data.get("local_requirements", [])):
            merged.local_requirements.append((requirement, Origin(doc, ("local_requirements", j))))
        namespace = doc.data.get("namespace") or (merged.namespace[0] if merged.namespace else None)
        if namespace is not None:
            merged.namespaces[doc.path] = namespace
    return found


def _load(path: Path, member: str, at: Origin, found: list[Diagnostic]) -> Document | None:
    """A member file, checked and stripped of what it may not set; None when it cannot be used."""
    shown = display_path(path)
    try:
        doc = load_yaml(path)
    except InputError as exc:
        found.extend(_unreadable(exc.diagnostics, member, shown, at))
        return None
    if not isinstance(doc.data, dict):
        found.append(error("P071", _("the file of member {member} ({file}) must be a mapping of keys such as "
                                     "'facts:' and 'local_requirements:'").format(member=member, file=shown),
                           _("See docs/joint-tender.md for a member file."), **doc.where()))
        return None
    found.extend(tender_terms(doc, member))
    # What belongs to the tender is reported above; anything else unknown is left to the schema ("did you mean").
    rest = {key: value for key, value in doc.data.items() if key not in _TENDER_TERMS}
    doc = dataclasses.replace(doc, data=rest)
    problems = check_schema(doc, "profile", "member_file")
    found.extend(problems)
    if problems:
        data, removed = prune_invalid(doc.data, "profile", definition="member_file")
        doc = dataclasses.replace(doc, data=data if isinstance(data, dict) else {}, pruned=removed)
    return doc


def _unreadable(problems: tuple[Diagnostic, ...] | list[Diagnostic], member: str, shown: str,
                at: Origin) -> list[Diagnostic]:
    """A file that is missing or no YAML is shown at the `file:` that names it; a fault inside it, where it is."""
    first = problems[0]
    if first.line or first.code not in ("Y004", "Y009", "Y011"):
        return list(problems)
    hint = (_("The path is relative to the profile that names it, so {file} is looked for there.").format(file=shown)
            if first.code == "Y004" else first.hint)
    return [error("P071", _("the file of member {member} cannot be read: {problem}").format(
        member=member, problem=first.message), hint, **at.where())]


def is_member_file(doc: Document) -> bool:
    """Whether a file given as a profile is a member's file of a joint tender (no tender; a member's fields)."""
    keys = set(doc.data) | {p[0] for p in doc.pruned if p}
    return "tender" not in keys and bool(keys & {"org_number", "facts"}) and keys <= {*MEMBER_FIELDS, *FILE_ONLY}


def member_file_given(doc: Document) -> Diagnostic:
    return error("P071", _("{file} is a member's file of a joint tender, not a profile").format(file=doc.name),
                 _("Validate or build the joint profile that names it under 'members:' ('file:')."), file=doc.name)


def tender_terms(doc: Document, member: str) -> list[Diagnostic]:
    """P070 for every key of a member file that belongs to the joint tender, at that key's line."""
    found = []
    for key in doc.data:
        if key not in _TENDER_TERMS:
            continue
        subkeys = list(doc.data[key]) if key == "tender" and isinstance(doc.data[key], dict) else [""]
        for sub in subkeys or [""]:
            path = (key, sub) if sub else (key,)
            found.append(error(
                "P070", _tender_term(key, sub, member),
                _("Remove it from the member file. The joint profile holds the terms of the tender; "
                  "ask the vertskommune to change them there if they must change."), **doc.where_key(path)))
    return found


def _tender_term(key: str, sub: str, member: str) -> str:
    """Why a member file may not set `key` (`sub`: the key under `tender:`), as one sentence."""
    if key == "tender":
        return _tender_field(sub, member)
    messages = {
        "award_criteria": _("member file of {member} sets award criteria: the joint tender has one evaluation "
                            "model for all members"),
        "award_basis": _("member file of {member} sets the award basis: the joint tender has one evaluation model "
                         "for all members"),
        "price_form": _("member file of {member} sets a price form: the joint tender has one price form; options "
                        "are priced there"),
        "select": _("member file of {member} sets the selection of requirements: the joint profile selects them "
                    "for all members"),
        "include": _("member file of {member} sets requirements to include: the joint profile selects them for "
                     "all members"),
        "exclude": _("member file of {member} sets requirements to exclude: the joint profile selects them; ask "
                     "for a scope instead"),
        "exclude_stories": _("member file of {member} sets user stories to leave out: the joint profile decides "
                             "them"),
        "tailor": _("member file of {member} sets tailoring: a requirement's obligation and weight are the same "
                    "for every member in scope"),
        "scope": _("member file of {member} sets scope: the joint profile decides which members a requirement "
                   "applies to"),
        "options": _("member file of {member} sets options: the joint profile decides them"),
        "option_members": _("member file of {member} sets the members of options: the joint profile decides them"),
        "members": _("member file of {member} sets members: only the joint profile lists them"),
        "role": _("member file of {member} sets its role: the joint profile names the vertskommune"),
        "id": _("member file of {member} sets its id: the joint profile gives it"),
        "file": _("member file of {member} sets another file: the joint profile names each member's file"),
        "extends": _("member file of {member} sets a base profile: a member file is not a profile of its own"),
        "chapters": _("member file of {member} sets chapters: the joint profile writes the chapters; a member's "
                      "facts go under 'facts:'"),
        "template": _("member file of {member} sets a Word template: the joint tender has one document"),
        "formats": _("member file of {member} sets output formats: the joint tender is built once"),
        "library_version": _("member file of {member} sets the library version: the joint profile gives it"),
        "publish_justification": _("member file of {member} sets publish_justification: the joint profile "
                                   "decides it"),
    }
    return messages[key].format(member=member)


def _tender_field(sub: str, member: str) -> str:
    """P070 for a field under `tender:` in a member file ('': the whole `tender:`)."""
    messages = {
        "": _("member file of {member} sets the tender's terms: the joint tender has one terms for all members"),
        "procedure": _("member file of {member} sets the tender's procedure: the joint tender has one procedure "
                       "for all members"),
        "deadline": _("member file of {member} sets the tender's deadline: the joint tender has one deadline for "
                      "all members"),
        "contract_standard": _("member file of {member} sets the tender's contract standard: the joint tender has "
                               "one contract standard for all members"),
        "buyers": _("member file of {member} sets the tender's list of buyers: the joint tender has one list of "
                    "buyers for all members"),
        "title": _("member file of {member} sets the tender's title: the joint tender has one title for all "
                   "members"),
        "reference": _("member file of {member} sets the tender's case reference: the joint tender has one case "
                       "reference for all members"),
        "language": _("member file of {member} sets the tender's language: the joint tender has one language for "
                      "all members"),
        "date": _("member file of {member} sets the tender's date: the joint tender has one date for all members"),
        "version": _("member file of {member} sets the tender's version: the joint tender has one version for all "
                     "members"),
        "contact": _("member file of {member} sets the tender's contact person: the joint tender has one contact "
                     "person for all members"),
    }
    if not sub or sub in messages:
        return messages[sub or ""].format(member=member)
    return _("member file of {member} sets the tender's {key}: the joint tender has one {key} for all "
             "members").format(member=member, key=sub)


def resolve_members(merged: MergedProfile, reqs: list[SpecRequirement], lang: str) -> tuple[Member, ...]:
    """The members as the specification gives them: texts in `lang`, priorities per requirement ID."""
    members = []
    for entry in member_entries(merged):
        facts = entry.get("facts", {})
        priorities = entry.get("priorities", {})
        members.append(Member(
            id=entry.id, name=entry.get("name", entry.id), org_number=entry.get("org_number", ""),
            language=entry.get("language", merged.language), areas=tuple(entry.get("areas", ())),
            population=entry.get("population", 0), role=entry.get("role", ""),
            short_name=entry.get("short_name", ""),
            facts=MemberFacts(
                current_system=pick(facts.get("current_system"), lang), users=facts.get("users", 0),
                go_live=month_and_year(pick(facts.get("go_live"), lang), lang),
                integrations=pick(facts.get("integrations"), lang), volumes=pick(facts.get("volumes"), lang)),
            priorities=tuple((r.id, priorities.get(r.id) or priorities[r.module]) for r in reqs
                             if r.id in priorities or r.module in priorities),
        ))
    return tuple(members)


def month_and_year(text: str, lang: str) -> str:
    """'2028-03' -> 'mars 2028'; a full date is written out; words stay as they are."""
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[1]) <= 2 and 1 <= int(parts[1]) <= 12:
        return f"{texts(lang)['months'][int(parts[1]) - 1]} {parts[0]}"
    return long_date(text, lang)
