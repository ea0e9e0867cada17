"""Load a procurement profile and the chain of profiles it extends, and merge them.

A collaboration keeps a base profile; each member writes a profile that
`extends:` it. Merging walks the chain from the base to the member; later
profiles override earlier ones field by field. Every merged value remembers
the file and key it came from, so findings point at the line that set it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, error
from ..infile import file_kind, kind_text
from ..locale.messages import _
from ..reading.load import Document, KeyPath, load_yaml
from ..reading.schema import check_schema, prune_invalid

# 'https://…', 'file://…', 'ftp://…': a scheme, then '://'. (A Windows drive 'C:\\' has no '//'.)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Origin:
    """Where a merged value was written."""

    doc: Document
    path: KeyPath

    def where(self, *sub: str | int) -> dict[str, Any]:
        return self.doc.where((*self.path, *sub))


@dataclass
class MergedProfile:
    """The chain of profiles folded into one, each value with its origin."""

    chain: tuple[Document, ...]
    tender: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    select: dict[str, tuple[list[str], Origin]] = field(default_factory=dict)
    include: dict[str, Origin] = field(default_factory=dict)
    exclude: dict[str, Origin] = field(default_factory=dict)
    tailor: dict[str, dict[str, tuple[Any, Origin]]] = field(default_factory=dict)
    local_requirements: list[tuple[dict[str, Any], Origin]] = field(default_factory=list)
    award_criteria: tuple[list[dict[str, Any]], Origin] | None = None
    chapters: dict[str, tuple[dict[str, Any], Origin]] = field(default_factory=dict)
    """Chapters by key; a later profile replaces a chapter of the same key as a whole."""
    chapter_texts: dict[str, Any] = field(default_factory=dict)
    """The Markdown of each chapter (a text or one per language), read from its file when it has one."""
    exclude_stories: dict[str, Origin] = field(default_factory=dict)
    publish_justification: tuple[bool, Origin] | None = None
    award_basis_value: tuple[str, Origin] | None = None
    price_form: tuple[dict[str, Any], Origin] | None = None
    template: tuple[Path, Origin] | None = None
    formats: tuple[list[str], Origin] | None = None
    """What a build writes unless the command line says otherwise."""
    namespace: tuple[str, Origin] | None = None
    namespaces: dict[Path, str] = field(default_factory=dict)
    """The namespace in force in each profile of the chain (a member may have its own)."""
    parameter_origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    library_versions: list[tuple[str, Origin]] = field(default_factory=list)
    members: tuple[list[dict[str, Any]], Origin] | None = None
    """A joint tender's members, as the last profile that lists them gives them (see `collaboration`)."""
    member_files: dict[str, Document] = field(default_factory=dict)
    """Each member's own file by member id, read while the profile is checked (`collaboration.members`)."""
    scope: dict[str, tuple[list[str], Origin]] = field(default_factory=dict)
    options: dict[str, Origin] = field(default_factory=dict)
    option_members: dict[str, tuple[list[str], Origin]] = field(default_factory=dict)

    def local_items(self) -> list[tuple[dict[str, Any], Origin]]:
        """Local requirements in force: a member may exclude one that its base profile added."""
        return [(item, origin) for item, origin in self.local_requirements if item.get("id") not in self.exclude]

    def was_pruned(self, *path: str) -> bool:
        """Whether some profile in the chain had an invalid entry at `path` (already reported)."""
        return any(tuple(path) == p[: len(path)] for doc in self.chain for p in doc.pruned)

    @property
    def path(self) -> Path:
        return self.chain[-1].path

    @property
    def language(self) -> str:
        value = self.tender.get("language")
        return value[0] if value else "nb"

    @property
    def award_basis(self) -> str:
        return self.award_basis_value[0] if self.award_basis_value else "pris-og-kvalitet"

    def tender_value(self, key: str, default: Any = None) -> Any:
        value = self.tender.get(key)
        return value[0] if value else default


def load_chain(path: Path) -> tuple[list[Document], list[Diagnostic]]:
    """The profile at `path` and its ancestors, base first; schema findings included."""
    chain: list[Document] = []
    found: list[Diagnostic] = []
    seen: list[Path] = []
    current: Path | None = path
    child: Document | None = None
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            names = " -> ".join(p.name for p in [*seen, resolved])
            found.append(error("P010", _("profiles extend each other in a cycle: {names}").format(names=names),
                               _("Remove 'extends:' from one of them."),
                               **(child.where(("extends",)) if child else {})))
            break
        seen.append(resolved)
        try:
            doc = load_yaml(current)
        except InputError as exc:
            found.extend(_unreadable_parent(child, current, list(exc.diagnostics)))
            break
        schema_findings = check_schema(doc, "profile")
        found.extend(schema_findings)
        if schema_findings and isinstance(doc.data, dict):
            data, removed = prune_invalid(doc.data, "profile")
            doc = dataclasses.replace(doc, data=data, pruned=removed)
        if not isinstance(doc.data, dict):
            if doc.data is None:
                found.append(error("P000", _("the profile is empty"),
                                   _("Run 'anskaffelse init' to get a starter profile."), **doc.where()))
            else:
                found.append(error("P000", _("a profile must be a mapping of keys such as 'tender:' and 'select:'"),
                                   _("Run 'anskaffelse init' to see the form of a profile."), **doc.where()))
            break
        chain.insert(0, doc)
        current, child = _parent_path(doc, found), doc
    return chain, found


def _parent_path(doc: Document, found: list[Diagnostic]) -> Path | None:
    """The file a profile extends; a URL is a finding, since profiles are only ever read from disk."""
    parent = doc.data.get("extends")
    if not isinstance(parent, str):
        return None
    if _URL.match(parent):
        found.append(error("P015", _("extends must name a file next to the profile, not a URL"),
                           _("Download the base profile and name the file, e.g. 'extends: felles.yaml'."),
                           **doc.where(("extends",))))
        return None
    return doc.path.parent / parent


def _unreadable_parent(child: Document | None, current: Path, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Findings about a base profile that cannot be read are shown at the 'extends:' that names it."""
    if child is None or diags[0].code not in ("Y004", "Y009", "Y011"):
        return diags
    kind = file_kind(current)
    if kind is not None:
        message = _("the profile extends {path}, which is {kind}, not a profile")
    elif diags[0].code == "Y004" and not current.exists():
        message = _("the profile extends {path}, which does not exist")
    elif current.is_dir():
        message = _("the profile extends {path}, which is a folder")
    elif diags[0].code == "Y009":
        message = _("the profile extends {path}, which is not a regular file")
    else:
        return diags
    return [error("P015", message.format(path=current, kind=kind_text(kind) if kind else kind),
                  _("Name a profile file; the path is relative to the profile that names it."),
                  **child.where(("extends",)))]


def merge(chain: list[Document]) -> MergedProfile:
    """Fold schema-valid profile documents, base first, into one `MergedProfile`."""
    merged = MergedProfile(chain=tuple(chain))
    for doc in chain:
        data = doc.data
        for key, value in data.get("tender", {}).items():
            merged.tender[key] = (value, Origin(doc, ("tender", key)))
        for key, value in data.get("select", {}).items():
            merged.select[key] = (list(value), Origin(doc, ("select", key)))
        for i, req_id in enumerate(data.get("exclude", [])):
            merged.exclude[req_id] = Origin(doc, ("exclude", i))
            merged.include.pop(req_id, None)
        for i, req_id in enumerate(data.get("include", [])):
            merged.include[req_id] = Origin(doc, ("include", i))
            merged.exclude.pop(req_id, None)
        for req_id, changes in data.get("tailor", {}).items():
            slot = merged.tailor.setdefault(req_id, {})
            for key, value in changes.items():
                if key == "parameters":
                    params = dict(slot.get("parameters", ({}, None))[0])
                    params.update(value)
                    slot["parameters"] = (params, Origin(doc, ("tailor", req_id, key)))
                    for name in value:
                        merged.parameter_origins[(req_id, name)] = Origin(doc, ("tailor", req_id, key, name))
                else:
                    slot[key] = (value, Origin(doc, ("tailor", req_id, key)))
        for i, item in enumerate(data.get("local_requirements", [])):
            merged.local_requirements.append((item, Origin(doc, ("local_requirements", i))))
        for key, chapter in data.get("chapters", {}).items():
            merged.chapters[key] = (chapter, Origin(doc, ("chapters", key)))
        for i, story_id in enumerate(data.get("exclude_stories", [])):
            merged.exclude_stories[story_id] = Origin(doc, ("exclude_stories", i))
        if "publish_justification" in data:
            merged.publish_justification = (data["publish_justification"], Origin(doc, ("publish_justification",)))
        if "award_criteria" in data:
            merged.award_criteria = (data["award_criteria"], Origin(doc, ("award_criteria",)))
        if "award_basis" in data:
            merged.award_basis_value = (data["award_basis"], Origin(doc, ("award_basis",)))
        if "price_form" in data:
            merged.price_form = (data["price_form"], Origin(doc, ("price_form",)))
        if "template" in data:
            merged.template = (doc.path.parent / data["template"], Origin(doc, ("template",)))
        if "formats" in data:
            merged.formats = (list(data["formats"]), Origin(doc, ("formats",)))
        if "namespace" in data:
            merged.namespace = (data["namespace"], Origin(doc, ("namespace",)))
        if merged.namespace is not None:
            merged.namespaces[doc.path] = merged.namespace[0]
        if "library_version" in data:
            merged.library_versions.append((data["library_version"], Origin(doc, ("library_version",))))
        _merge_joint(merged, doc)
    return merged


def _merge_joint(merged: MergedProfile, doc: Document) -> None:
    """The keys of a joint tender: `members` is replaced as a whole, `scope` and `option_members` per key,
    `options` accumulate."""
    data = doc.data
    if "members" in data:
        merged.members = (data["members"], Origin(doc, ("members",)))
    for key, members in data.get("scope", {}).items():
        merged.scope[key] = (list(members), Origin(doc, ("scope", key)))
    for i, key in enumerate(data.get("options", [])):
        merged.options[key] = Origin(doc, ("options", i))
    for key, members in data.get("option_members", {}).items():
        merged.option_members[key] = (list(members), Origin(doc, ("option_members", key)))


def parent_of(merged: MergedProfile) -> MergedProfile | None:
    """The merged profile without its last member, for the list of deviations."""
    if len(merged.chain) < 2:
        return None
    return merge(list(merged.chain[:-1]))


def org_number_is_valid(number: str) -> bool:
    """Norwegian organisation numbers end in a modulus-11 check digit (weights 3 2 7 6 5 4 3 2)."""
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[8])


def version_in_range(version: str, spec: str) -> bool | None:
    """Whether `version` satisfies a range such as '>=2.0, <3'; None when `spec` is malformed."""
    def parse(text: str) -> tuple[int, ...] | None:
        parts = text.strip().split(".")
        # Python refuses to turn more than 4,300 digits into an int; no version part needs 19.
        if not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts) or not parts:
            return None
        return tuple(int(p) for p in parts) + (0,) * (3 - len(parts))

    have = parse(version)
    if have is None:
        return None
    ops = {">=": tuple.__ge__, "<=": tuple.__le__, "==": tuple.__eq__, "!=": tuple.__ne__,
           ">": tuple.__gt__, "<": tuple.__lt__}
    for clause in spec.split(","):
        clause = clause.strip()
        op = next((o for o in ops if clause.startswith(o)), "==")
        want = parse(clause[len(op):] if clause.startswith(op) else clause)
        if want is None:
            return None
        if not ops[op](have, want):
            return False
    return True
