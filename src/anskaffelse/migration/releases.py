"""The library's record of what each release changed for profiles (`migrations.yaml`).

A release that withdraws an ID, moves a parameter to another requirement or
changes an obligation breaks profiles written for the release before. The
migrations file says so in a form a program can act on: validation names the
new home of a moved parameter, and `anskaffelse upgrade` rewrites a profile.
This module turns the file into `Release` objects and checks that every ID
and parameter it names exists where it says.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..locale.messages import _
from ..model import Library, MovedParameter, ObligationChange, Release, Requirement
from ..reading.load import Document

MIGRATIONS = "migrations.yaml"


def releases_from_data(data: dict[str, Any]) -> tuple[Release, ...]:
    """`Release` objects from schema-valid data, oldest first."""
    releases = []
    for item in data.get("releases", []):
        releases.append(Release(
            version=item["version"],
            replaced=tuple(item.get("replaced", {}).items()),
            parameters_moved=tuple(MovedParameter(*_split(old), *_split(new))
                                   for old, new in item.get("parameters_moved", {}).items()),
            parameters_removed=tuple(_split(name) for name in item.get("parameters_removed", [])),
            obligation_changed=tuple(ObligationChange(req_id, change["from"], change["to"])
                                     for req_id, change in item.get("obligation_changed", {}).items()),
        ))
    return tuple(sorted(releases, key=lambda r: tuple(int(p) for p in r.version.split("."))))


def _split(qualified: str) -> tuple[str, str]:
    req_id, _, name = qualified.rpartition(".")
    return req_id, name


def check_migrations(doc: Document, lib: Library, issued: set[str] | None) -> list[Diagnostic]:
    """Every ID named must be issued; moves and withdrawals must agree with the modules."""
    known = issued if issued is not None else {r.id for r in lib.requirements()}
    found: list[Diagnostic] = []
    for i, item in enumerate(doc.data.get("releases", [])):
        at = ("releases", i)
        for key in ("replaced", "obligation_changed"):
            for req_id, value in item.get(key, {}).items():
                found += _unknown(doc, known, req_id, (*at, key, req_id), key=True)
                if key == "replaced":
                    found += _unknown(doc, known, value, (*at, key, req_id))
                    found += _check_replaced(doc, lib, req_id, value, (*at, key, req_id))
        for old, new in item.get("parameters_moved", {}).items():
            found += _check_parameter(doc, lib, known, old, (*at, "parameters_moved", old), gone=True, key=True)
            found += _check_parameter(doc, lib, known, new, (*at, "parameters_moved", old), gone=False)
        for j, name in enumerate(item.get("parameters_removed", [])):
            found += _check_parameter(doc, lib, known, name, (*at, "parameters_removed", j), gone=True)
    return found


def _unknown(doc: Document, known: set[str], req_id: str, path: tuple[str | int, ...],
             key: bool = False) -> list[Diagnostic]:
    if req_id in known:
        return []
    where = doc.where_key(path) if key else doc.where(path)
    return [error("L021", _("{file} names {id}, which is not in id-register.yaml").format(file=MIGRATIONS, id=req_id),
                  _("Name only IDs the library has issued; check the spelling."), **where)]


def _check_replaced(doc: Document, lib: Library, old: str, new: str,
                    path: tuple[str | int, ...]) -> list[Diagnostic]:
    req = lib.requirement(old)
    if req is None or (req.deprecated and req.replaced_by == new):
        return []
    message = (_("{file} says {old} is replaced by {new}, but its module says replaced_by {module}")
               if req.deprecated else _("{file} says {old} is replaced by {new}, but its module says is not "
                                        "deprecated"))
    return [error("L023", message.format(file=MIGRATIONS, old=old, new=new, module=req.replaced_by),
                  _("Mark the requirement 'deprecated: true' with 'replaced_by', and name the same ID here."),
                  **doc.where(path))]


def _check_parameter(doc: Document, lib: Library, known: set[str], qualified: str,
                     path: tuple[str | int, ...], gone: bool, key: bool = False) -> list[Diagnostic]:
    req_id, name = _split(qualified)
    unknown = _unknown(doc, known, req_id, path, key)
    req = lib.requirement(req_id)
    if unknown or req is None:
        return unknown
    has = req.parameter(name) is not None
    if has != gone:
        return []
    where = doc.where_key(path) if key else doc.where(path)
    message = (_("{file}: {id} still has parameter '{name}'") if gone
               else _("{file}: {id} has no parameter '{name}'"))
    return [error("L022", message.format(file=MIGRATIONS, id=req_id, name=name),
                  _("A moved or removed parameter is gone from its old requirement, and a moved one is "
                    "declared on its new requirement."), **where)]


def _deprecated_hint(named_in: str, replaced_by: str) -> str:
    """What to do about a deprecated ID under `include:`, `exclude:` or `tailor:` (its successor, when known)."""
    if named_in == "include":
        return _("Replace it in 'include:' when you can.")
    if named_in == "exclude" and replaced_by:
        return _("A deprecated requirement is left out anyway, so the line has no effect: remove it, or exclude {new} "
                 "if you do not want that one either.").format(new=replaced_by)
    if named_in == "exclude":
        return _("A deprecated requirement is left out anyway, so the line has no effect: remove it, or exclude its "
                 "successor if you do not want that one either.")
    if replaced_by:
        return _("A deprecated requirement is built only when included by ID: move what still applies of the "
                 "tailoring to {new}.").format(new=replaced_by)
    return _("A deprecated requirement is built only when included by ID: move what still applies of the "
             "tailoring to its successor.")


def deprecated_finding(req: Requirement, named_in: str, where: dict[str, Any]) -> Diagnostic:
    """A withdrawn ID named under `include:`, `exclude:` or `tailor:` of a profile (P009)."""
    hint = _deprecated_hint(named_in, req.replaced_by or "")
    if named_in != "include" or req.replaced_by:
        hint += " " + _("'anskaffelse upgrade' lists what changed for the profile.")
    message = (_("{id} is deprecated; use {new} instead") if req.replaced_by else _("{id} is deprecated"))
    return warning("P009", message.format(id=req.id, new=req.replaced_by), hint, **where)


def gone_parameter(req: Requirement, name: str, lib: Library, where: dict[str, Any]) -> Diagnostic | None:
    """P016 for a tailored parameter that a release moved to another requirement or removed."""
    upgrade = f"'anskaffelse upgrade --write {where.get('file', 'PROFILE')}'"
    moved = lib.moved_parameter(req.id, name)
    if moved is not None:
        version, to = moved
        return error("P016", _("{id}: parameter '{name}' moved to {new} in library {version}; run anskaffelse "
                               "upgrade").format(id=req.id, name=name, new=to.to_requirement, version=version),
                     _("Tailor it as '{new}: {{parameters: {{{new_name}: ...}}}}', or let {upgrade} move it.").format(
                         new=to.to_requirement, new_name=to.to_name, upgrade=upgrade), **where)
    removed = lib.removed_parameter(req.id, name)
    if removed is not None:
        return error("P016", _("{id}: parameter '{name}' was removed in library {version}").format(
                         id=req.id, name=name, version=removed),
                     _("Remove it from the tailoring, or let {upgrade} remove it.").format(upgrade=upgrade), **where)
    return None
