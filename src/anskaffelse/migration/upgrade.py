"""Upgrading a profile to the library's current release.

Reads a profile and the profiles it extends, and the library's record of what
each release changed (`migrations.yaml`, as `Library.releases`). Returns, per
profile, every change that concerns it with file, line and column: the
`library_version` range to set, withdrawn IDs and their replacements,
tailored parameters that moved or were removed, obligations that changed.
With `write`, the given files are rewritten in ruamel.yaml's round-trip mode,
so comments, key order, quotes and layout stay as they were, and only the
lines that must change do; a base profile is rewritten only when it is given
itself. Only releases outside the profile's `library_version` range apply.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import Diagnostic, InputError, has_errors, warning
from ..library import parameter_value_problem
from ..locale.messages import _
from ..model import Library, Release
from ..profile import MergedProfile, load_chain, merge, version_in_range
from ..reading.load import Document, KeyPath
from ..resolve import select_requirements

ACTIONS = {"U001": "change", "U002": "change", "U003": "check", "U004": "change", "U005": "change",
           "U006": "note", "U007": "check"}
"""What each finding asks: `change` is made by --write, `check` needs a person, `note` informs."""


@dataclass(frozen=True)
class Edit:
    """One change to one profile file, applied to its round-trip data by `profile_rewrite`."""

    kind: Literal["range", "include", "move", "remove"]
    req_id: str = ""
    name: str = ""
    to_id: str = ""
    to_name: str = ""


@dataclass(frozen=True)
class ProfileUpgrade:
    """What changed for one profile (and the base profiles it extends) since the release it was written for."""

    profile: Path
    changes: tuple[Diagnostic, ...]
    """One finding per change, at the line that names what changed; see `ACTIONS` for the codes."""
    edits: dict[Path, tuple[Edit, ...]] = field(default_factory=dict)
    written: tuple[Path, ...] = ()
    """Files rewritten; a file with edits that is not here still needs them (no --write, or a base not given)."""

    @property
    def pending(self) -> tuple[Path, ...]:
        return tuple(p for p in self.edits if p not in self.written)


def plan_upgrade(path: Path, lib: Library) -> ProfileUpgrade:
    """The changes a profile needs for `lib`; raises `InputError` when the profile cannot be read."""
    chain, found = load_chain(path)
    if not chain or has_errors(d for d in found if d.code.startswith(("Y", "P000", "P010", "P015"))):
        raise InputError(found)
    merged = merge(chain)
    releases = releases_to_apply(merged, lib)
    changes: list[Diagnostic] = []
    edits: dict[Path, tuple[Edit, ...]] = {}
    for doc in chain:
        doc_changes, doc_edits = _document_changes(doc, lib, releases)
        changes += doc_changes
        if doc_edits:
            edits[doc.path.resolve()] = tuple(doc_edits)
    changes += _selected_obligations(merged, lib, releases)
    return ProfileUpgrade(path, tuple(changes), edits)


def releases_to_apply(merged: MergedProfile, lib: Library) -> tuple[Release, ...]:
    """The releases the profile was not written for: those outside its `library_version` ranges."""
    specs = [spec for spec, _ in merged.library_versions]

    def written_for(version: str) -> bool:
        return bool(specs) and all(version_in_range(version, spec) for spec in specs)

    return tuple(r for r in lib.releases if not written_for(r.version))


def target_range(version: str) -> str:
    """The range a profile for `version` states: this major version and its minor releases."""
    major = int(version.split(".")[0])
    return f">={major}.0, <{major + 1}"


def _document_changes(doc: Document, lib: Library,
                      releases: tuple[Release, ...]) -> tuple[list[Diagnostic], list[Edit]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    changes: list[Diagnostic] = []
    edits: list[Edit] = []
    spec = data.get("library_version")
    if isinstance(spec, str) and version_in_range(lib.version, spec) is not True:
        new = target_range(lib.version)
        changes.append(warning("U001", _("library_version '{range}' does not include library {version}; set it to "
                                         "'{new}'").format(range=spec, version=lib.version, new=new),
                               _("Set by 'anskaffelse upgrade --write'."), **doc.where(("library_version",))))
        edits.append(Edit("range", to_id=new))
    for release in releases:
        found, made = _release_changes(doc, data, lib, release)
        changes += found
        edits += made
    return changes, edits


def _named_ids(data: dict[str, Any]) -> list[tuple[str, str, KeyPath]]:
    """Every requirement ID the profile names: where (include, exclude, tailor) and at which path."""
    named: list[tuple[str, str, KeyPath]] = [(req_id, key, (key, i)) for key in ("include", "exclude")
             for i, req_id in enumerate(data.get(key) or []) if isinstance(req_id, str)]
    named += [(req_id, "tailor", ("tailor", req_id)) for req_id in data.get("tailor") or {}]
    return named


def _release_changes(doc: Document, data: dict[str, Any], lib: Library,
                     release: Release) -> tuple[list[Diagnostic], list[Edit]]:
    changes: list[Diagnostic] = []
    edits: list[Edit] = []
    replaced = dict(release.replaced)
    obligations = {c.requirement: c for c in release.obligation_changed}
    version = release.version
    for req_id, key, path in _named_ids(data):
        where = doc.where_key(path) if key == "tailor" else doc.where(path)
        if req_id in replaced:
            new = replaced[req_id]
            withdrawn = _("{id} was withdrawn in library {version}; {new} replaces it").format(
                id=req_id, version=version, new=new)
            if key == "include":
                changes.append(warning("U002", withdrawn, _("'anskaffelse upgrade --write' names {new} under "
                                                             "'include:' instead.").format(new=new), **where))
                edits.append(Edit("include", req_id, to_id=new))
            else:
                changes.append(warning("U003", withdrawn, _withdrawn_hint(key).format(new=new), **where))
        if req_id in obligations:
            change = obligations[req_id]
            changes.append(warning("U006", _obligation_changed().format(
                id=req_id, before=change.before, after=change.after, version=version),
                _obligation_hint(data, req_id, key), **where))
    found, made = _parameter_changes(doc, data, lib, release)
    return changes + found, edits + made


def _withdrawn_hint(key: str) -> str:
    """For a withdrawn ID under `exclude:` or `tailor:`, which upgrade leaves for a person to decide."""
    if key == "exclude":
        return _("Not changed by upgrade: a withdrawn requirement is left out anyway, so the exclusion has no "
                 "effect. Remove it, or exclude {new} if you do not want that requirement either.")
    return _("Not changed by upgrade: a withdrawn requirement is built only when included by ID. Move what still "
             "applies of the tailoring to {new} by hand.")


def _obligation_changed() -> str:
    return _("{id}: obligation changed from {before} to {after} in library {version}")


def _obligation_hint(data: dict[str, Any], req_id: str, key: str) -> str:
    tailored = (data.get("tailor") or {}).get(req_id) or {}
    if key == "tailor" and "obligation" in tailored:
        return _("The profile sets the obligation itself, so its own value still applies.")
    if key == "exclude":
        return _("The profile leaves the requirement out; nothing to do unless you want it back.")
    return _("Check that the new obligation suits the tender; tailor 'obligation:' to keep the old one.")


def _parameter_changes(doc: Document, data: dict[str, Any], lib: Library,
                       release: Release) -> tuple[list[Diagnostic], list[Edit]]:
    changes: list[Diagnostic] = []
    edits: list[Edit] = []
    tailor = data.get("tailor") or {}
    for moved in release.parameters_moved:
        params = (tailor.get(moved.requirement) or {}).get("parameters") or {}
        if moved.name not in params:
            continue
        where = doc.where_key(("tailor", moved.requirement, "parameters", moved.name))
        target = lib.requirement(moved.to_requirement)
        param = target.parameter(moved.to_name) if target else None
        problem = parameter_value_problem(param, params[moved.name]) if param else ""
        message = (_("{id}: parameter '{name}' moved to {new} ('{new_name}') in library {version}; the value "
                     "{problem}: change it") if problem
                   else _("{id}: parameter '{name}' moved to {new} ('{new_name}') in library {version}"))
        changes.append(warning(
            "U004", message.format(id=moved.requirement, name=moved.name, new=moved.to_requirement,
                                   new_name=moved.to_name, version=release.version, problem=problem),
            _("'anskaffelse upgrade --write' moves the value to 'tailor: {new}: parameters:'.").format(
                new=moved.to_requirement), **where))
        edits.append(Edit("move", moved.requirement, moved.name, moved.to_requirement, moved.to_name))
    for req_id, name in release.parameters_removed:
        params = (tailor.get(req_id) or {}).get("parameters") or {}
        if name in params:
            changes.append(warning("U005", _("{id}: parameter '{name}' was removed in library {version}").format(
                                       id=req_id, name=name, version=release.version),
                                   _("'anskaffelse upgrade --write' removes it from the tailoring."),
                                   **doc.where_key(("tailor", req_id, "parameters", name))))
            edits.append(Edit("remove", req_id, name))
    return changes, edits


def _selected_obligations(merged: MergedProfile, lib: Library, releases: tuple[Release, ...]) -> list[Diagnostic]:
    """Obligation changes of requirements the profile builds without naming them anywhere."""
    named = {req_id for doc in merged.chain if isinstance(doc.data, dict)
             for req_id, _, _ in _named_ids(doc.data)}
    built = {r.id for r in select_requirements(lib, merged)}
    last = merged.chain[-1]
    where = last.where_key(("select",)) if isinstance(last.data, dict) and "select" in last.data else \
        {"file": last.name, "line": 1, "column": 1}
    return [warning("U006", _obligation_changed().format(id=c.requirement, before=c.before, after=c.after,
                                                         version=release.version),
                    _("The profile builds it; check that the new obligation suits the tender, or tailor "
                      "'obligation:' to keep the old one."), **where)
            for release in releases for c in release.obligation_changed
            if c.requirement in built and c.requirement not in named]


FIXED_BY_EDITS = {"range": ("P011",), "move": ("P016",), "remove": ("P016",), "include": ()}
"""The validation errors an edit of each kind removes once it is written."""


def still_to_decide(result: ProfileUpgrade, found: list[Diagnostic]) -> ProfileUpgrade:
    """`result` with the profile's validation errors that no planned change removes, as U007.

    A profile written for an older release may also break rules of a newer tool
    (a negotiation plan the procedure needs, criteria that must name their
    requirements); those need the buyer's decision, and saying "nothing to
    change" while validation fails would mislead.
    """
    pending = {code for made in result.edits.values() if made for edit in made
               for code in FIXED_BY_EDITS[edit.kind]} if not result.written else set()
    left = [d for d in found if d.severity == "error" and d.code not in pending]
    extra = tuple(
        warning("U007", _("still an error after the upgrade: {message} ({code})").format(message=d.message,
                                                                                           code=d.code), d.hint,
                file=d.file, line=d.line, column=d.column)
        for d in left)
    return replace(result, changes=result.changes + extra) if extra else result


def upgrade_profiles(paths: list[Path], lib: Library, write: bool = False) -> list[ProfileUpgrade]:
    """Plan every profile, then (with `write`) rewrite the given files that need it, all or none.

    A base profile that several members extend is rewritten once, and only
    when it is among `paths`.
    """
    plans = [plan_upgrade(path, lib) for path in paths]
    if not write:
        return plans
    given = {path.resolve() for path in paths}
    edits: dict[Path, dict[Edit, None]] = {}
    for plan in plans:
        for target, made in plan.edits.items():
            if target in given:
                edits.setdefault(target, {}).update(dict.fromkeys(made))
    from ..write import write_all

    write_all({target: profile_rewrite(target, list(made)) for target, made in edits.items()})
    return [ProfileUpgrade(p.profile, p.changes, p.edits, tuple(t for t in p.edits if t in edits)) for p in plans]


def profile_rewrite(path: Path, edits: list[Edit]) -> bytes:
    """The file at `path` with `edits` made, everything else as it was written."""
    import io

    from ruamel.yaml import YAML

    from ..reading.load import read_text

    text = read_text(path)
    yaml = YAML()  # round-trip: comments, order and layout are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    offset = _indent_under_key(text, dash=True, default=2)
    yaml.indent(mapping=_indent_under_key(text, dash=False, default=2), sequence=offset + 2, offset=offset)
    data = yaml.load(text)
    for edit in edits:
        _apply(data, edit)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if "\r\n" in text:
        result = result.replace("\n", "\r\n")
    return result.encode("utf-8")


def _indent_under_key(text: str, dash: bool, default: int) -> int:
    """How far the profile indents a block under its key: a mapping's keys, or a list's dashes."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for previous, line in itertools.pairwise(lines):
        stripped = line.lstrip(" ")
        if previous.rstrip().endswith(":") and not previous.lstrip().startswith("-") \
                and stripped.startswith("- ") == dash:
            step = (len(line) - len(stripped)) - (len(previous) - len(previous.lstrip(" ")))
            if step >= (0 if dash else 1):
                return step
    return default


def _apply(data: Any, edit: Edit) -> None:
    if edit.kind == "range":
        data["library_version"] = _like(data["library_version"], edit.to_id)
    elif edit.kind == "include":
        items = data["include"]
        index = list(items).index(edit.req_id)
        if edit.to_id in items:
            del items[index]
        else:
            items[index] = _like(items[index], edit.to_id)
    elif edit.kind == "move":
        _move_parameter(data["tailor"], edit)
    else:
        _remove_parameter(data["tailor"], edit.req_id, edit.name)


def _like(old: Any, new: str) -> Any:
    """`new` written with the quotes of `old`."""
    from ruamel.yaml.scalarstring import ScalarString

    return type(old)(new) if isinstance(old, ScalarString) else new


def _move_parameter(tailor: Any, edit: Edit) -> None:
    """Into the tailoring of the new requirement; a tailoring that held only this parameter is renamed."""
    from ruamel.yaml.comments import CommentedMap

    entry = tailor[edit.req_id]
    value = entry["parameters"][edit.name]
    if edit.to_id not in tailor and list(entry) == ["parameters"] and list(entry["parameters"]) == [edit.name]:
        _rename(entry["parameters"], edit.name, edit.to_name)
        _rename(tailor, edit.req_id, edit.to_id)
        return
    if edit.to_id in tailor:
        target = tailor[edit.to_id]
        if "parameters" not in target:
            target["parameters"] = CommentedMap()
        target["parameters"][edit.to_name] = value
    else:
        tailor.insert(list(tailor).index(edit.req_id) + 1, edit.to_id,
                      CommentedMap([("parameters", CommentedMap([(edit.to_name, value)]))]))
    _remove_parameter(tailor, edit.req_id, edit.name)


def _remove_parameter(tailor: Any, req_id: str, name: str) -> None:
    """Remove a parameter, and the mappings it leaves empty."""
    entry = tailor[req_id]
    del entry["parameters"][name]
    if not entry["parameters"]:
        del entry["parameters"]
    if not entry:
        del tailor[req_id]


def _rename(mapping: Any, old: str, new: str) -> None:
    """Rename a key in place, keeping its position and the comment on its line."""
    if old == new:
        return
    position = list(mapping).index(old)
    value = mapping[old]
    comment = mapping.ca.items.pop(old, None)
    del mapping[old]
    mapping.insert(position, new, value)
    if comment is not None:
        mapping.ca.items[new] = comment
