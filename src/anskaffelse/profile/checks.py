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
from ..library import PLACEHOLDER, LoadedLibrary, check_requirement, parameter_value_problem
from ..limits import EXCEL_CELL
from ..localtext import lacks_language, languages_of
from ..migration.releases import deprecated_finding, gone_parameter
from ..model import Library, Requirement
from ..resolve import evaluated_requirements, local_requirements, rendered_text, select_requirements
from ..suggest import Suggester, decimal_comma_hint, joined
from ..template import check_template
from . import MergedProfile, Origin, org_number_is_valid, version_in_range


def check_profile(merged: MergedProfile, loaded: LoadedLibrary) -> list[Diagnostic]:
    lib = loaded.library
    suggest = Suggester()
    found: list[Diagnostic] = []
    found += _check_library_version(merged, lib)
    found += _check_tender(merged, lib)
    found += _check_selection(merged, lib, suggest)
    selected = {r.id for r in select_requirements(lib, merged)}
    locals_ = local_requirements(merged)
    if not selected and not locals_:
        found.append(warning("P025", "the profile selects no requirements",
                             "Check 'select:': each key narrows the selection, and all keys must match.",
                             **Origin(merged.chain[-1], ()).where("select")))
    found += _check_local(merged, lib, locals_, suggest)
    local_ids = {r.id: r for r in locals_}
    candidates = _all_ids(lib, local_ids)
    for req_id, changes in merged.tailor.items():
        req = lib.requirement(req_id) or local_ids.get(req_id)
        origin = next(iter(changes.values()))[1]
        if req is None:
            found.append(error("P001", f"tailor names unknown requirement {req_id}",
                               joined(_misplaced_field(req_id) or suggest.ids(req_id, candidates),
                                      "Check the ID with 'anskaffelse show' or 'anskaffelse list'."),
                               **origin.doc.where_key(origin.path[:2])))
            continue
        if req.deprecated:
            found.append(deprecated_finding(req, "tailor", origin.doc.where_key(origin.path[:2])))
        elif req_id not in selected and req_id not in local_ids:
            found.append(warning("P022", f"{req_id} is tailored but not selected, so the change has no effect",
                                 "Add the ID under 'include:' or remove the tailoring.",
                                 **origin.doc.where_key(origin.path[:2])))
        found += _check_tailoring(req, changes, merged, suggest, lib)
    built = select_requirements(lib, merged) + locals_
    found += check_joint(merged, lib, built, suggest)
    found += check_award_criteria(merged, lib, built, evaluated_requirements(lib, merged))
    found += _check_template(merged)
    found += check_procedure(merged)
    found += _check_stories(merged, lib)
    found += _check_languages(merged)
    if not has_errors(found):
        found += _check_rendered_length(merged, loaded, local_ids)
    return found


def _check_rendered_length(merged: MergedProfile, loaded: LoadedLibrary,
                           local_ids: dict[str, Requirement]) -> list[Diagnostic]:
    """Each text must fit one workbook cell once its parameters are filled in.

    The schemas bound the text and each value, but a placeholder may be used
    many times, so only the filled-in text can be measured.
    """
    found = []
    lang = merged.language
    chosen = [(r, False) for r in select_requirements(loaded.library, merged)]
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
        found.append(error("P028", f"{req.id}: the text is {length:,} characters long with its parameters "
                           f"filled in, more than the {EXCEL_CELL:,} that one workbook cell holds",
                           "Shorten the text or the parameter values, or use each placeholder once.", **at))
    return found


def _check_library_version(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    found = []
    for spec, origin in merged.library_versions:
        ok = version_in_range(lib.version, spec)
        if ok is None:
            found.append(error("P019", f"library_version '{spec}' is not a version range",
                               "Write a range such as '>=2.0, <3'.", **origin.where()))
        elif not ok:
            found.append(error("P011", f"the library has version {lib.version}, outside the range '{spec}'",
                               "Use a library in that range with --library, or widen the range.",
                               **origin.where()))
    return found


def _check_tender(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    found = []
    last = Origin(merged.chain[-1], ())
    for key in ("title", "buyers"):
        # A joint tender's members are its buyers unless the tender lists them.
        if key not in merged.tender and not merged.was_pruned("tender", key) and not (
                key == "buyers" and merged.members):
            found.append(error("P020", f"the profile has no tender {key}",
                               f"Add '{key}:' under 'tender:'.", **last.where("tender")))
    lang = merged.language
    if lang not in lib.languages:
        origin = merged.tender["language"][1] if "language" in merged.tender else last
        found.append(error("P012", f"the library has no '{lang}' texts",
                           f"Choose one of the library's languages: {', '.join(lib.languages)}.",
                           **origin.where()))
    for key in ("date", "deadline"):
        if key in merged.tender and not _is_real_date(str(merged.tender[key][0])):
            found.append(error("P024", f"tender {key} '{merged.tender[key][0]}' is not a real date",
                               "Check the day and month, e.g. 2027-02-28.", **merged.tender[key][1].where()))
    buyers = merged.tender.get("buyers")
    if buyers:
        for i, buyer in enumerate(buyers[0]):
            number = buyer.get("org_number", "")
            if not org_number_is_valid(number):
                found.append(error("P013", f"'{number}' is not a valid organisation number",
                                   "Check the number in the Brønnøysund register; the last digit "
                                   "is a check digit.", **buyers[1].where(i, "org_number")))
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
    return (f"'{name}:' is a field of a tailored requirement, not an ID: indent it with spaces under the "
            "requirement's ID, e.g. 'EPJ-DR-001:' and then '    parameters:' on the next line.")


def _all_ids(lib: Library, local_ids: Iterable[object]) -> list[str]:
    return [r.id for r in lib.requirements()] + [str(i) for i in local_ids]


def _check_selection(merged: MergedProfile, lib: Library, suggest: Suggester) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    known = {
        "areas": {a.id for a in lib.areas},
        "modules": {m.id for m in lib.modules},
        "tags": {t for r in lib.requirements() for t in r.tags},
    }
    labels = {"areas": "service area", "modules": "module", "tags": "tag"}
    for key, (values, origin) in merged.select.items():
        for i, value in enumerate(values):
            if value not in known[key]:
                found.append(error("P002", f"unknown {labels[key]} '{value}'",
                                   joined(suggest.names(value, known[key]),
                                          f"Use one of: {', '.join(sorted(known[key]))}."),
                                   **origin.where(i)))
    for doc in merged.chain:
        both = set(doc.data.get("include", [])) & set(doc.data.get("exclude", []))
        for req_id in sorted(both):
            index = doc.data["include"].index(req_id)
            found.append(warning("P026", f"{req_id} is both included and excluded in the same profile",
                                 "Keep it in one of the lists; 'include' wins.", **doc.where(("include", index))))
    local_ids = {item.get("id") for item, _ in merged.local_requirements}
    candidates = _all_ids(lib, local_ids)
    stories = [s.id for s in lib.user_stories]
    for group, code in ((merged.include, "include"), (merged.exclude, "exclude")):
        for req_id, origin in group.items():
            req = lib.requirement(req_id)
            if req is None and req_id in local_ids:
                if code == "include":
                    found.append(warning("P029", f"{req_id} is a local requirement of the profile, and local "
                                         "requirements are always included",
                                         "Remove it from 'include:'; to leave it out, list it under 'exclude:'.",
                                         **origin.where()))
                continue  # excluding: a member leaves out a local requirement of its base profile
            if req is None and code == "exclude" and (lib.module(req_id) or req_id in stories):
                continue  # a whole module, or a user story as under exclude_stories
            if req is None and code == "exclude":
                found.append(error("P001", f"exclude names unknown requirement {req_id}, which is not a module or "
                                   "a user story either", joined(suggest.ids(req_id, [*candidates, *stories]) or
                                                              suggest.names(req_id, [m.id for m in lib.modules]),
                                                              "Check the name with 'anskaffelse list' (IDs), "
                                                              "'anskaffelse list modules' or 'list stories'."),
                                   **origin.where()))
            elif req is None:
                found.append(error("P001", f"{code} names unknown requirement {req_id}",
                                   joined(suggest.ids(req_id, candidates) or _module_hint(req_id, lib, code),
                                          "Check the ID with 'anskaffelse list'."), **origin.where()))
            elif req.deprecated:
                found.append(deprecated_finding(req, code, origin.where()))
    return found


def _module_hint(name: str, lib: Library, code: str) -> str:
    """`include: [velferdsteknologi]` names a module where IDs belong; say how to add a module."""
    if lib.module(name) is None:
        return ""
    return (f"'{name}' is a module, and '{code}:' takes requirement IDs; to choose modules, list the ones "
            "you want under 'select: modules:' (see 'anskaffelse list modules').")


def _check_tailoring(req: Requirement, changes: dict[str, tuple[Any, Origin]],
                     merged: MergedProfile, suggest: Suggester, lib: Library) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    lang = merged.language
    get = {k: v[0] for k, v in changes.items()}
    obligation = get.get("obligation", req.obligation)
    weight = get.get("weight", req.weight)
    if obligation == "informasjon" and get.get("weight"):
        found.append(error("P008", f"{req.id}: an informasjon requirement cannot carry a weight",
                           "Remove the weight, or set obligation to evaluert.", **changes["weight"][1].where()))
    if obligation == "evaluert" and not weight and ("weight" in changes or "obligation" in changes):
        origin = changes["weight"][1] if "weight" in changes else changes["obligation"][1]
        found.append(error("P023", f"{req.id}: an evaluert requirement needs a weight above 0",
                           "Set 'weight:' to a value from 1 to 10.", **origin.where()))
    if "parameters" in changes:
        values, origin = changes["parameters"]
        for name, value in values.items():
            param = req.parameter(name)
            at = merged.parameter_origins.get((req.id, name))
            where = at.where() if at else origin.where(name)
            if param is None:
                found.append(_unknown_parameter(req, name, lib, suggest, where))
                continue
            problem = parameter_value_problem(param, value)
            if problem:
                code = "P004" if "below" in problem or "above" in problem or "allowed" in problem else "P005"
                hint = joined(decimal_comma_hint(value), _bounds(param))
                found.append(error(code, f"{req.id}: parameter '{name}' {problem}", hint, **where))
    for key in ("title", "text"):
        if key in changes and "justification" not in changes:
            found.append(error("P006", f"{req.id}: a changed requirement {key} needs a justification",
                               "Add 'justification:' explaining why the library text does not fit.",
                               **changes[key][1].where()))
    if "text" in changes:
        found += _check_override_text(req, *changes["text"], lang)
    found += _check_answer_form(req, changes, obligation)
    found += _check_fulfilment(req, changes)
    return found


def _check_fulfilment(req: Requirement, changes: dict[str, tuple[Any, Origin]]) -> list[Diagnostic]:
    """A deadline ('frist') must say when; a date of fulfilment belongs only to a deadline."""
    when = changes["fulfilment"][0] if "fulfilment" in changes else (req.fulfilment.when if req.fulfilment else "")
    has_by = "fulfilment_by" in changes or bool(req.fulfilment and req.fulfilment.by and when == req.fulfilment.when)
    if when == "frist" and not has_by:
        return [error("P061", f"{req.id}: fulfilment 'frist' needs the deadline in 'fulfilment_by'",
                      "Add 'fulfilment_by:' with a date (\"2028-06-01\") or words, e.g. "
                      "'innen 12 måneder etter godkjent leveranse'.", **changes["fulfilment"][1].where())]
    if "fulfilment_by" in changes and when != "frist":
        return [error("P062", f"{req.id}: 'fulfilment_by' applies only when fulfilment is 'frist'",
                      "Add 'fulfilment: frist', or remove 'fulfilment_by'.", **changes["fulfilment_by"][1].where())]
    return []


def _unknown_parameter(req: Requirement, name: str, lib: Library, suggest: Suggester,
                       where: dict[str, Any]) -> Diagnostic:
    """P016; a parameter a later release moved or removed says where it went."""
    declared = ", ".join(p.name for p in req.parameters) or "none"
    return gone_parameter(req, name, lib, where) or error(
        "P016", f"{req.id} has no parameter '{name}'",
        joined(suggest.names(name, [p.name for p in req.parameters]), f"Parameters of {req.id}: {declared}."),
        **where)


def _check_answer_form(req: Requirement, changes: dict[str, tuple[Any, Origin]], obligation: str) -> list[Diagnostic]:
    """A minstekrav is answered Ja/Nei: it is met or the tender is rejected, nothing in between."""
    if "response" not in changes:
        return []
    response, origin = changes["response"]
    if obligation != "minstekrav" or response.get("type") == "ja-nei":
        return []
    return [error("P060", f"{req.id}: a minstekrav is answered Ja/Nei only, not '{response.get('type')}'",
                  "Set 'response: {type: ja-nei}', or make the requirement evaluert or informasjon to ask "
                  "for another answer.", **origin.where("type"))]


def _check_override_text(req: Requirement, text: Any, origin: Origin, lang: str) -> list[Diagnostic]:
    found = []
    texts = {lang: text} if isinstance(text, str) else text
    declared = {p.name for p in req.parameters}
    for key, value in texts.items():
        for name in sorted(set(PLACEHOLDER.findall(value)) - declared):
            found.append(error("P017", f"{req.id}: placeholder {{{name}}} in the changed text has no value",
                               "Use only the requirement's own parameters, or write the value out.",
                               **origin.where(*(() if isinstance(text, str) else (key,)))))
    return found


def _bounds(param: Any) -> str:
    if param.type == "choice":
        return f"Allowed values: {', '.join(map(str, param.choices))}."
    if param.type == "text":
        return "Give a text."
    kind = "a whole number" if param.type == "integer" else "a number"
    limits = [f"from {_number(param.min)}" if param.min is not None else "",
              f"to {_number(param.max)}" if param.max is not None else ""]
    unit = f" ({param.unit})" if param.unit else ""
    return " ".join(part for part in (f"Give {kind}", *limits) if part) + f"{unit}."


def _number(value: float) -> str:
    """A bound as people write it (95, 99.5, 1e+15); never fails, whatever the number."""
    try:
        return f"{value:g}"
    except (OverflowError, ValueError):  # an int too large for a float
        return "a very large number"


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
                found.append(error("P014", f"local requirement {req.id} needs a namespace",
                                   "Add 'namespace: ABC' at the top of the profile (your own ID prefix).",
                                   **origin.where("id")))
        elif not req.id.startswith(f"{namespace}-"):
            found.append(error("P014", f"local requirement {req.id} must start with '{namespace}-'",
                               f"Rename it, e.g. {namespace}-001.", **origin.where("id")))
        if req.id.startswith(f"{lib.id_prefix}-"):
            found.append(error("P014", f"{req.id} uses the library's own prefix {lib.id_prefix}-",
                               "Choose a namespace of your own, e.g. the municipality's name.",
                               **origin.where("id")))
        if req.id in seen or lib.requirement(req.id) is not None:
            found.append(error("L001", f"duplicate requirement ID {req.id}",
                               "Give each local requirement its own ID.", **origin.where("id")))
        seen.add(req.id)
        if "module" in item and lib.module(item["module"]) is None:
            found.append(error("P002", f"unknown module '{item['module']}'",
                               joined(suggest.names(item["module"], [m.id for m in lib.modules]),
                                      "Use a library module id, or leave 'module' out for the chapter "
                                      "of local requirements."), **origin.where("module")))
        # Languages of the buyer's own texts are warnings (P042, `_check_languages`), as for every profile text.
        found += check_requirement(req, lib, origin.where, languages=())
    return found


def _check_stories(merged: MergedProfile, lib: Library) -> list[Diagnostic]:
    known = [s.id for s in lib.user_stories]
    return [error("P043", f"exclude_stories names unknown user story {story_id}",
                  f"Use one of: {', '.join(known)}.", **origin.where())
            for story_id, origin in merged.exclude_stories.items() if story_id not in known]


LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}


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
        building = "" if origin.doc is last else f", building {last.name}"
        found.append(warning(
            "P042", f"{name} has no '{lang}' text, so the {LANGUAGE_NAMES[lang]} document shows the "
            f"'{shown}' text{building}",
            f"Add '{lang}:' next to '{shown}:' under {name.rsplit('/', 1)[-1]}, or write one plain text.",
            **origin.where()))
    return found


def _check_template(merged: MergedProfile) -> list[Diagnostic]:
    if merged.template is None:
        return []
    path, origin = merged.template
    try:
        left_out = check_template(path)
    except InputError as exc:
        hint = "Correct the path; it is relative to the profile file." if not path.exists() else ""
        return [error("P018", d.message, hint or d.hint, **origin.where()) for d in exc.diagnostics]
    if not left_out:
        return []
    shown = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more" if len(left_out) > 5 else "")
    return [warning("P027", f"Word template {display_path(path)}: left out {shown}",
                    "The specification is built without them: they could run code, or make Word fetch "
                    "outside addresses, when the document is opened. Remove them from the template to "
                    "silence this warning.", **origin.where())]
