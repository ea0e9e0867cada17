"""Meaning checks for a merged profile against a library.

Schema checks have already run on every file of the chain; these checks look
across files: IDs that must exist, values that must fit their parameter,
weights that must add up. Each finding points at the line that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..award.checks import check_award_criteria
from ..chapters import chapter_fields, check_procedure
from ..collaboration.checks import check_joint
from ..diagnostics import Diagnostic, InputError, display_path, error, has_errors, warning
from ..library import LoadedLibrary, check_requirement
from ..limits import EXCEL_CELL
from ..locale.messages import _
from ..localtext import lacks_language, languages_of
from ..migration.releases import deprecated_finding
from ..model import Library, Requirement
from ..resolve import evaluated_among, local_requirements, rendered_text, select_requirements
from ..suggest import Suggester, joined
from . import MergedProfile, Origin, org_number_is_valid, version_in_range
from .tailoring import bounds_hint as _bounds  # noqa: F401  (still importable from here)
from .tailoring import check_tailoring


def check_profile(merged: MergedProfile, loaded: LoadedLibrary) -> list[Diagnostic]:
    lib = loaded.library
    suggest = Suggester()
    found: list[Diagnostic] = []
    found += _check_library_version(merged, lib)
    found += _check_tender(merged, lib)
    found += _check_selection(merged, lib, suggest)
    selection = select_requirements(lib, merged)
    selected = {r.id for r in selection}
    locals_ = local_requirements(merged)
    if not selected and not locals_:
        found.append(warning("P025", _("the profile selects no requirements"),
                             _("Check 'select:': each key narrows the selection, and all keys must match."),
                             **Origin(merged.chain[-1], ()).where("select")))
    found += _check_local(merged, lib, locals_, suggest)
    local_ids = {r.id: r for r in locals_}
    candidates = _all_ids(lib, local_ids)
    for req_id, changes in merged.tailor.items():
        req = lib.requirement(req_id) or local_ids.get(req_id)
        origin = next(iter(changes.values()))[1]
        if req is None:
            found.append(error("P001", _("tailor names unknown requirement {id}").format(id=req_id),
                               joined(_misplaced_field(req_id) or suggest.ids(req_id, candidates),
                                      _("Check the ID with 'anskaffelse show' or 'anskaffelse list'.")),
                               **origin.doc.where_key(origin.path[:2])))
            continue
        if req.deprecated:
            found.append(deprecated_finding(req, "tailor", origin.doc.where_key(origin.path[:2])))
        elif req_id not in selected and req_id not in local_ids:
            found.append(warning("P022", _("{id} is tailored but not selected, so the change has no effect").format(
                                     id=req_id),
                                 _("Add the ID under 'include:' or remove the tailoring."),
                                 **origin.doc.where_key(origin.path[:2])))
        found += check_tailoring(req, changes, merged, suggest, lib)
    built = selection + locals_
    found += check_joint(merged, lib, built, suggest)
    found += check_award_criteria(merged, lib, built, evaluated_among(built, merged))
    found += _check_template(merged)
    found += check_procedure(merged)
    found += _check_stories(merged, lib)
    found += _check_languages(merged)
    if not has_errors(found):
        found += _check_rendered_length(merged, loaded, selection, local_ids)
    return found


def _check_rendered_length(merged: MergedProfile, loaded: LoadedLibrary, selection: list[Requirement],
                           local_ids: dict[str, Requirement]) -> list[Diagnostic]:
    """Each text must fit one workbook cell once its parameters are filled in.

    The schemas bound the text and each value, but a placeholder may be used
    many times, so only the filled-in text can be measured.
    """
    found = []
    lang = merged.language
    chosen = [(r, False) for r in selection]
    for req, local in chosen + [(r, True) for r in local_ids.values()]:
        length = len(rendered_text(req, merged, lang))
        if length <= EXCEL_CELL:
            continue
        if req.id in merged.tailor:
            at = next(iter(merged.tailor[req.id].values()))[1].doc.where_key(("tailor", req.id))
        elif local:
            at = next(o for item, o in merged.local_items() if item.get("id") == req.id).where("text")
        else:
            at = loaded.where(req.id, "text")
        found.append(error("P028", _("{id}: the text is {length:,} characters long with its parameters "
                                     "filled in, more than the {limit:,} that one workbook cell holds").format(
                                         id=req.id, length=length, limit=EXCEL_CELL),
                           _("Shorten the text or the parameter values, or use each placeholder once."), **at))
    return found


def _check_library_version(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    found = []
    for spec, origin in merged.library_versions:
        ok = version_in_range(lib.version, spec)
        if ok is None:
            found.append(error("P019", _("library_version '{range}' is not a version range").format(range=spec),
                               _("Write a range such as '>=2.0, <3'."), **origin.where()))
        elif not ok:
            found.append(error("P011", _("the library has version {version}, outside the range '{range}'").format(
                                   version=lib.version, range=spec),
                               _("Use a library in that range with --library, or widen the range."),
                               **origin.where()))
    return found


def _check_tender(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    found = []
    last = Origin(merged.chain[-1], ())
    for key in ("title", "buyers"):
        # A joint tender's members are its buyers unless the tender lists them.
        if key not in merged.tender and not merged.was_pruned("tender", key) and not (
                key == "buyers" and merged.members):
            message = _("the profile has no tender title") if key == "title" else _("the profile has no tender buyers")
            found.append(error("P020", message, _("Add '{key}:' under 'tender:'.").format(key=key),
                               **last.where("tender")))
    lang = merged.language
    if lang not in lib.languages:
        origin = merged.tender["language"][1] if "language" in merged.tender else last
        found.append(error("P012", _("the library has no '{lang}' texts").format(lang=lang),
                           _("Choose one of the library's languages: {languages}.").format(
                               languages=", ".join(lib.languages)),
                           **origin.where()))
    for key in ("date", "deadline"):
        if key in merged.tender and not _is_real_date(str(merged.tender[key][0])):
            message = (_("tender date '{value}' is not a real date") if key == "date"
                       else _("tender deadline '{value}' is not a real date"))
            found.append(error("P024", message.format(value=merged.tender[key][0]),
                               _("Check the day and month, e.g. 2027-02-28."), **merged.tender[key][1].where()))
    buyers = merged.tender.get("buyers")
    if buyers:
        for i, buyer in enumerate(buyers[0]):
            number = buyer.get("org_number", "")
            if not org_number_is_valid(number):
                found.append(error("P013", _("'{number}' is not a valid organisation number").format(number=number),
                                   _("Check the number in the Brønnøysund register; the last digit "
                                     "is a check digit."), **buyers[1].where(i, "org_number")))
    return found


def _is_real_date(text: str) -> bool:
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T") if len(text) > 10 else text)
    except ValueError:
        return False
    # Office files store dates in zip headers, which hold the years 1980 to 2107.
    return 1980 <= moment.year <= 2100


_TAILOR_FIELDS = ("obligation", "weight", "parameters", "text", "justification")


def _misplaced_field(name: str) -> str:
    """A hint for a tailoring field written one level too far left, where an ID belongs."""
    if name not in _TAILOR_FIELDS:
        return ""
    return _("'{name}:' is a field of a tailored requirement, not an ID: indent it with spaces under the "
             "requirement's ID, e.g. 'EPJ-DR-001:' and then '    parameters:' on the next line.").format(name=name)


def _all_ids(lib: Library, local_ids: Iterable[object]) -> list[str]:
    return [r.id for r in lib.requirements()] + [str(i) for i in local_ids]


def _check_selection(merged: MergedProfile, lib: Library, suggest: Suggester) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    known = {
        "areas": {a.id for a in lib.areas},
        "modules": {m.id for m in lib.modules},
        "tags": {t for r in lib.requirements() for t in r.tags},
    }
    unknown = {"areas": _("unknown service area '{value}'"), "modules": _("unknown module '{value}'"),
               "tags": _("unknown tag '{value}'")}
    for key, (values, origin) in merged.select.items():
        for i, value in enumerate(values):
            if value not in known[key]:
                found.append(error("P002", unknown[key].format(value=value),
                                   joined(suggest.names(value, known[key]),
                                          _("Use one of: {names}.").format(names=", ".join(sorted(known[key])))),
                                   **origin.where(i)))
    for doc in merged.chain:
        both = set(doc.data.get("include", [])) & set(doc.data.get("exclude", []))
        for req_id in sorted(both):
            index = doc.data["include"].index(req_id)
            found.append(warning("P026", _("{id} is both included and excluded in the same profile").format(id=req_id),
                                 _("Keep it in one of the lists; 'include' wins."), **doc.where(("include", index))))
    local_ids = {item.get("id") for item, _ in merged.local_requirements}
    candidates = _all_ids(lib, local_ids)
    stories = [s.id for s in lib.user_stories]
    for group, code in ((merged.include, "include"), (merged.exclude, "exclude")):
        for req_id, origin in group.items():
            req = lib.requirement(req_id)
            if req is None and req_id in local_ids:
                if code == "include":
                    found.append(warning("P029", _("{id} is a local requirement of the profile, and local "
                                                   "requirements are always included").format(id=req_id),
                                         _("Remove it from 'include:'; to leave it out, list it under 'exclude:'."),
                                         **origin.where()))
                continue  # excluding: a member leaves out a local requirement of its base profile
            if req is None and code == "exclude" and (lib.module(req_id) or req_id in stories):
                continue  # a whole module, or a user story as under exclude_stories
            if req is None and code == "exclude":
                found.append(error("P001", _("exclude names unknown requirement {id}, which is not a module or "
                                             "a user story either").format(id=req_id),
                                   joined(suggest.ids(req_id, [*candidates, *stories]) or
                                          suggest.names(req_id, [m.id for m in lib.modules]),
                                          _("Check the name with 'anskaffelse list' (IDs), "
                                            "'anskaffelse list modules' or 'list stories'.")),
                                   **origin.where()))
            elif req is None:
                found.append(error("P001", _("{key} names unknown requirement {id}").format(key=code, id=req_id),
                                   joined(suggest.ids(req_id, candidates) or _module_hint(req_id, lib, code),
                                          _("Check the ID with 'anskaffelse list'.")), **origin.where()))
            elif req.deprecated:
                found.append(deprecated_finding(req, code, origin.where()))
    return found


def _module_hint(name: str, lib: Library, code: str) -> str:
    """`include: [velferdsteknologi]` names a module where IDs belong; say how to add a module."""
    if lib.module(name) is None:
        return ""
    return _("'{name}' is a module, and '{key}:' takes requirement IDs; to choose modules, list the ones "
             "you want under 'select: modules:' (see 'anskaffelse list modules').").format(name=name, key=code)


def _check_local(merged: MergedProfile, lib: Library, locals_: list[Requirement],
                 suggest: Suggester) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not locals_:
        return found
    seen: set[str] = set()
    for req, (item, origin) in zip(locals_, merged.local_items(), strict=True):
        namespace = merged.namespaces.get(origin.doc.path)
        if namespace is None:
            if not merged.was_pruned("namespace"):  # a malformed namespace is reported already
                found.append(error("P014", _("local requirement {id} needs a namespace").format(id=req.id),
                                   _("Add 'namespace: ABC' at the top of the profile (your own ID prefix)."),
                                   **origin.where("id")))
        elif not req.id.startswith(f"{namespace}-"):
            found.append(error("P014", _("local requirement {id} must start with '{prefix}'").format(
                                   id=req.id, prefix=f"{namespace}-"),
                               _("Rename it, e.g. {example}.").format(example=f"{namespace}-001"),
                               **origin.where("id")))
        if req.id.startswith(f"{lib.id_prefix}-"):
            found.append(error("P014", _("{id} uses the library's own prefix {prefix}").format(
                                   id=req.id, prefix=f"{lib.id_prefix}-"),
                               _("Choose a namespace of your own, e.g. the municipality's name."),
                               **origin.where("id")))
        if req.id in seen or lib.requirement(req.id) is not None:
            found.append(error("L001", _("duplicate requirement ID {id}").format(id=req.id),
                               _("Give each local requirement its own ID."), **origin.where("id")))
        seen.add(req.id)
        if "module" in item and lib.module(item["module"]) is None:
            found.append(error("P002", _("unknown module '{value}'").format(value=item["module"]),
                               joined(suggest.names(item["module"], [m.id for m in lib.modules]),
                                      _("Use a library module id, or leave 'module' out for the chapter "
                                        "of local requirements.")), **origin.where("module")))
        # Languages of the buyer's own texts are warnings (P042, `_check_languages`), as for every profile text.
        found += check_requirement(req, lib, origin.where, languages=())
    return found


def _check_stories(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    known = [s.id for s in lib.user_stories]
    return [error("P043", _("exclude_stories names unknown user story {id}").format(id=story_id),
                  _("Use one of: {names}.").format(names=", ".join(known)), **origin.where())
            for story_id, origin in merged.exclude_stories.items() if story_id not in known]


def _language_document(lang: str) -> str:
    """'the nynorsk document', as P042 names the document being built."""
    return {"nb": _("the bokmål document"), "nn": _("the nynorsk document")}.get(lang) or _("the English document")


def _check_languages(merged: MergedProfile) -> list[Diagnostic]:
    """A text given per language but not in the document's: the document falls back to another language."""
    fields: list[tuple[str, Any, Origin]] = [
        (f"tailor/{req_id}/{key}", changes[key][0], changes[key][1])
        for req_id, changes in merged.tailor.items() for key in ("title", "text", "justification")
        if key in changes
    ]
    fields += [
        (f"local_requirements/{item['id']}/{key}", item[key], Origin(origin.doc, (*origin.path, key)))
        for item, origin in merged.local_items() for key in ("title", "text", "guidance", "rationale")
        if key in item
    ]
    lang = merged.language
    found = []
    for name, value, origin in fields + chapter_fields(merged):
        if not lacks_language(value, lang):
            continue
        shown = languages_of(value)[0]
        last = merged.chain[-1]
        message = (_("{field} has no '{lang}' text, so {document} shows the '{shown}' text") if origin.doc is last
                   else _("{field} has no '{lang}' text, so {document} shows the '{shown}' text, building {profile}"))
        found.append(warning(
            "P042", message.format(field=name, lang=lang, document=_language_document(lang), shown=shown,
                                   profile=last.name),
            _("Add '{lang}:' next to '{shown}:' under {key}, or write one plain text.").format(
                lang=lang, shown=shown, key=name.rsplit("/", 1)[-1]),
            **origin.where()))
    return found


def _check_template(merged: MergedProfile) -> list[Diagnostic]:
    if merged.template is None:
        return []
    from ..template import check_template  # only a profile with a template needs it

    path, origin = merged.template
    try:
        left_out = check_template(path)
    except InputError as exc:
        hint = _("Correct the path; it is relative to the profile file.") if not path.exists() else ""
        return [error("P018", d.message, hint or d.hint, **origin.where()) for d in exc.diagnostics]
    if not left_out:
        return []
    shown = ", ".join(left_out[:5])
    message = (_("Word template {path}: left out {items} and {more} more") if len(left_out) > 5
               else _("Word template {path}: left out {items}"))
    return [warning("P027", message.format(path=display_path(path), items=shown, more=len(left_out) - 5),
                    _("The specification is built without them: they could run code, or make Word fetch "
                      "outside addresses, when the document is opened. Remove them from the template to "
                      "silence this warning."), **origin.where())]
