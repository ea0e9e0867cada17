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
from ..localtext import pick
from ..profile import MergedProfile, Origin
from ..reading.load import Document, load_yaml
from ..reading.schema import check_schema, prune_invalid
from ..resolved import Member, MemberFacts, SpecRequirement

MEMBER_FIELDS = ("name", "short_name", "org_number", "language", "areas", "population", "facts", "priorities")
"""Fields a member may give in the joint profile's entry or in its own file."""

FILE_ONLY = ("namespace", "local_requirements")
"""Fields only a member file has: its own requirements and their ID prefix."""

_TENDER_TERMS = {
    "tender": "the tender's {key}: the joint tender has one {key} for all members",
    "award_criteria": "award criteria: the joint tender has one evaluation model for all members",
    "award_basis": "the award basis: the joint tender has one evaluation model for all members",
    "price_form": "a price form: the joint tender has one price form; options are priced there",
    "select": "the selection of requirements: the joint profile selects them for all members",
    "include": "requirements to include: the joint profile selects them for all members",
    "exclude": "requirements to exclude: the joint profile selects them; ask for a scope instead",
    "exclude_stories": "user stories to leave out: the joint profile decides them",
    "tailor": "tailoring: a requirement's obligation and weight are the same for every member in scope",
    "scope": "scope: the joint profile decides which members a requirement applies to",
    "options": "options: the joint profile decides them",
    "option_members": "the members of options: the joint profile decides them",
    "members": "members: only the joint profile lists them",
    "role": "its role: the joint profile names the vertskommune",
    "id": "its id: the joint profile gives it",
    "file": "another file: the joint profile names each member's file",
    "extends": "a base profile: a member file is not a profile of its own",
    "chapters": "chapters: the joint profile writes the chapters; a member's facts go under 'facts:'",
    "template": "a Word template: the joint tender has one document",
    "formats": "output formats: the joint tender is built once",
    "library_version": "the library version: the joint profile gives it",
    "publish_justification": "publish_justification: the joint profile decides it",
}


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
        found.append(error("P071", f"the file of member {member} ({shown}) must be a mapping of keys such as "
                           "'facts:' and 'local_requirements:'", "See docs/joint-tender.md for a member file.",
                           **doc.where()))
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
    return [error("P071", f"the file of member {member} cannot be read: {first.message}",
                  f"The path is relative to the profile that names it, so {shown} is looked for there."
                  if first.code == "Y004" else first.hint, **at.where())]


def is_member_file(doc: Document) -> bool:
    """Whether a file given as a profile is a member's file of a joint tender (no tender; a member's fields)."""
    keys = set(doc.data) | {p[0] for p in doc.pruned if p}
    return "tender" not in keys and bool(keys & {"org_number", "facts"}) and keys <= {*MEMBER_FIELDS, *FILE_ONLY}


def member_file_given(doc: Document) -> Diagnostic:
    return error("P071", f"{doc.name} is a member's file of a joint tender, not a profile",
                 "Validate or build the joint profile that names it under 'members:' ('file:').", file=doc.name)


def tender_terms(doc: Document, member: str) -> list[Diagnostic]:
    """P070 for every key of a member file that belongs to the joint tender, at that key's line."""
    found = []
    for key in doc.data:
        if key not in _TENDER_TERMS:
            continue
        subkeys = list(doc.data[key]) if key == "tender" and isinstance(doc.data[key], dict) else [""]
        for sub in subkeys or [""]:
            what = _TENDER_TERMS[key].format(key=_TENDER_WORDS.get(sub, sub or "terms"))
            path = (key, sub) if sub else (key,)
            found.append(error(
                "P070", f"member file of {member} sets {what}",
                "Remove it from the member file. The joint profile holds the terms of the tender; "
                "ask the vertskommune to change them there if they must change.", **doc.where_key(path)))
    return found


_TENDER_WORDS = {"procedure": "procedure", "deadline": "deadline", "contract_standard": "contract standard",
                 "buyers": "list of buyers", "title": "title", "reference": "case reference",
                 "language": "language", "date": "date", "version": "version", "contact": "contact person"}


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
    if len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{texts(lang)['months'][int(parts[1]) - 1]} {parts[0]}"
    return long_date(text, lang)
