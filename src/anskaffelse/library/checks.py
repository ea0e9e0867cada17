"""The meaning checks of a library across its files, and of one requirement and its parameters.

Each finding is placed where the value was written; all are returned together
so that an author can fix them in one go.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from ..diagnostics import Diagnostic, abbreviate, error
from ..locale.messages import _
from ..migration.releases import check_migrations
from ..model import ALL_AREAS, Library, Parameter, Requirement, Term
from ..reading.load import Document, KeyPath
from .build import LoadedLibrary

REGISTER = "id-register.yaml"
"""Optional: every ID ever issued, so that none is removed and later reused."""
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def check_library(loaded: LoadedLibrary) -> list[Diagnostic]:
    lib = loaded.library
    found: list[Diagnostic] = []
    module_ids = [m.id for m in lib.modules]
    manifest_doc = loaded.sources["@manifest"][0]
    for i, module_id in enumerate(manifest_doc.data.get("module_order", [])):
        if module_id not in module_ids:
            found.append(error("L015", _("module_order names unknown module '{module}'").format(module=module_id),
                               _("Use the id of a file in modules/, or remove the entry."),
                               **manifest_doc.where(("module_order", i))))
    for module_id in {m for m in module_ids if module_ids.count(m) > 1}:
        found.append(error("L002", _("module id '{module}' is used by more than one file").format(module=module_id),
                           **loaded.where(f"@module:{module_id}", "id")))
    prefix = f"{lib.id_prefix}-"
    for req in lib.requirements():
        found.extend(check_requirement(req, lib, lambda *sub, r=req: loaded.where(r.id, *sub)))
        if not req.id.startswith(prefix):
            found.append(error("L014", _("{id}: library requirement IDs must start with {prefix}").format(
                                   id=req.id, prefix=prefix),
                               **loaded.where(req.id, "id")))
    if "@register" in loaded.sources:
        found.extend(_check_register(loaded))
    if "@migrations" in loaded.sources:
        register = loaded.sources.get("@register")
        issued = set(register[0].data["issued"]) if register else None
        found.extend(check_migrations(loaded.sources["@migrations"][0], lib, issued))
    found.extend(_check_standards(loaded))
    for story in lib.user_stories:
        where = loaded.sources[f"@story:{story.id}"]
        found.extend(_check_terms(story.areas, lib.areas, _("unknown service area '{value}'"), where, "areas"))
        found.extend(_check_terms(story.professions, lib.professions, _("unknown profession '{value}'"), where,
                                  "professions"))
        for lang in lib.languages:
            for name in ("title", "problem", "desired", "systems"):
                if not getattr(story, name).has(lang):
                    found.append(_missing_language(
                        lang, _("user story {id} {field} has no '{lang}' text").format(id=story.id, field=name,
                                                                                      lang=lang),
                        where[0].where((*where[1], name))))
    return found


def _check_standards(loaded: LoadedLibrary) -> list[Diagnostic]:
    """A mandatory scope names service areas of the taxonomy and only narrows a mandatory standard."""
    lib = loaded.library
    known = {a.id for a in lib.areas}
    found: list[Diagnostic] = []
    for std in lib.standards:
        source = loaded.sources[f"@standard:{std.id}"]
        def where(*sub: str | int, s: tuple[Document, KeyPath] = source) -> dict[str, Any]:
            return s[0].where((*s[1], *sub))
        if std.mandatory_for and not std.mandatory:
            found.append(error("L019", _("standard '{id}': mandatory_for is set but mandatory is false").format(
                                   id=std.id),
                               _("Set 'mandatory: true' (regulation binds these areas) or remove mandatory_for; "
                                 "describe other ties in 'binding'."), **where("mandatory_for")))
        for i, area in enumerate(std.mandatory_for):
            if area not in known:
                found.append(error("L020", _("standard '{id}': unknown service area '{area}' in mandatory_for").format(
                                       id=std.id, area=area),
                                   _use_one_of(sorted(known)), **where("mandatory_for", i)))
        for lang in lib.languages:
            if std.binding and not std.binding.has(lang):
                found.append(_missing_language(
                    lang, _("standard {id} binding has no '{lang}' text").format(id=std.id, lang=lang),
                    where("binding")))
    return found


def _check_register(loaded: LoadedLibrary) -> list[Diagnostic]:
    """IDs are never reused: an issued ID may not disappear, and a new one must be registered."""
    doc = loaded.sources["@register"][0]
    issued: dict[str, str] = doc.data["issued"]
    found = [
        error("L016", _("{id} was issued in {version} and cannot be removed").format(id=req_id, version=version),
              _("Keep the requirement and mark it 'deprecated: true' (with 'replaced_by' when it has a "
                "successor)."),
              **doc.where_key(("issued", req_id)))
        for req_id, version in issued.items() if loaded.library.requirement(req_id) is None
    ]
    found += [
        error("L017", _("{id} is not in {register}").format(id=req.id, register=REGISTER),
              _("Add '{entry}' under 'issued:' in {register}; check first that the ID was never used "
                "before.").format(entry=f"{req.id}: {loaded.library.version}", register=REGISTER),
              **loaded.where(req.id, "id"))
        for req in loaded.library.requirements() if req.id not in issued
    ]
    return found


def check_requirement(req: Requirement, lib: Library, where: Any,
                      languages: tuple[str, ...] | None = None) -> list[Diagnostic]:
    """Meaning checks for one requirement; `where(*sub)` places a finding in the source."""
    found: list[Diagnostic] = []
    languages = lib.languages if languages is None else languages
    if req.kind not in lib.ids("kinds"):
        found.append(error("L003", _("{id}: unknown requirement kind '{kind}'").format(id=req.id, kind=req.kind),
                           _use_one_of(k.id for k in lib.kinds), **where("kind")))
    if req.subcriterion and req.subcriterion not in lib.ids("subcriteria"):
        hint = (_use_one_of(c.id for c in lib.subcriteria) if lib.subcriteria
                else _("Use one of: (none: add taxonomy.subcriteria)."))
        found.append(error("L024", _("{id}: unknown sub-criterion '{subcriterion}'").format(
                               id=req.id, subcriterion=req.subcriterion), hint, **where("subcriterion")))
    if req.fulfilment and req.fulfilment.when == "frist" and not req.fulfilment.by:
        found.append(error("L025", _("{id}: fulfilment is 'frist' but fulfilment_by does not say when").format(
                               id=req.id),
                           _("Add 'fulfilment_by:' with the deadline in words, e.g. 12 months after acceptance."),
                           **where("fulfilment")))
    known_areas = lib.ids("areas")
    for i, area in enumerate(req.areas):
        if area not in known_areas and area != ALL_AREAS:
            found.append(error("L004", _("{id}: unknown service area '{area}'").format(id=req.id, area=area),
                               _use_one_of(sorted(known_areas | {ALL_AREAS})), **where("areas", i)))
    known_standards = lib.ids("standards")
    for i, std in enumerate(req.standards):
        if std not in known_standards:
            found.append(error("L005", _("{id}: standard '{standard}' is not in the standards catalogue").format(
                                   id=req.id, standard=std),
                               _("Add it to standards.yaml or correct the id."), **where("standards", i)))
    story_ids = lib.ids("user_stories")
    for i, story in enumerate(req.user_stories):
        if story not in story_ids:
            found.append(error("L006", _("{id}: unknown user story '{story}'").format(id=req.id, story=story),
                               _("Use an id from user-stories.yaml."), **where("user_stories", i)))
    found.extend(_check_weight(req, where))
    found.extend(check_parameters(req, where, languages))
    for lang in languages:
        for name in ("title", "text"):
            if not getattr(req, name).has(lang):
                found.append(_missing_language(
                    lang, _("{id} {field} has no '{lang}' text").format(id=req.id, field=name, lang=lang),
                    where(name)))
    if req.replaced_by and lib.requirement(req.replaced_by) is None:
        found.append(error("L007", _("{id}: replaced_by names unknown requirement {replacement}").format(
                               id=req.id, replacement=req.replaced_by),
                           **where("replaced_by")))
    if req.replaced_by and not req.deprecated:
        found.append(error("L008", _("{id}: replaced_by is set but the requirement is not deprecated").format(
                               id=req.id),
                           _("Add 'deprecated: true' or remove replaced_by."), **where("replaced_by")))
    return found


def _use_one_of(names: Iterable[str]) -> str:
    return _("Use one of: {names}.").format(names=", ".join(names))


def _check_weight(req: Requirement, where: Any) -> list[Diagnostic]:
    if req.obligation == "informasjon" and req.weight:
        return [error("L018", _("{id}: an informasjon requirement cannot carry a weight").format(id=req.id),
                      _("Remove the weight, or make the requirement evaluert."), **where("weight"))]
    if req.obligation == "evaluert" and not req.weight:
        return [error("L009", _("{id}: an evaluert requirement needs a weight above 0").format(id=req.id),
                      _("Add 'weight:' with a value from 1 to 10."), **where("obligation"))]
    return []


def check_parameters(req: Requirement, where: Any, languages: tuple[str, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for param in req.parameters:
        problem = parameter_value_problem(param, param.default)
        if problem:
            found.append(error("L010", _("{id}: default of parameter '{name}' {problem}").format(
                                   id=req.id, name=param.name, problem=problem),
                               **where("parameters", param.name, "default")))
    declared = {p.name for p in req.parameters}
    used: dict[str, set[str]] = {}
    for lang in languages:
        if req.text.has(lang):
            text = req.text.get(lang)
            used[lang] = set(PLACEHOLDER.findall(text)) if "{" in text else set()
    for lang, names in used.items():
        for name in sorted(names - declared):
            found.append(error("L011", _("{id}: placeholder {placeholder} in the {lang} text has no parameter").format(
                                   id=req.id, placeholder=f"{{{name}}}", lang=lang),
                               _("Declare '{name}' under parameters, or correct the placeholder.").format(name=name),
                               **where("text", lang)))
    if len({frozenset(v) for v in used.values()}) > 1:
        found.append(error("L012", _("{id}: the language versions use different placeholders").format(id=req.id),
                           _("Use the same {placeholders} in every language.").format(placeholders="{placeholders}"),
                           **where("text")))
    return found


def parameter_value_problem(param: Parameter, value: Any) -> str:
    """Why `value` does not fit `param`, or '' when it does: the rest of a sentence about the parameter."""
    return parameter_value_check(param, value)[0]


def parameter_value_check(param: Parameter, value: Any) -> tuple[str, bool]:
    """Why `value` does not fit `param` ('' when it does), and whether it is of the right kind but outside
    the values the parameter allows (below its minimum, above its maximum, not one of its choices)."""
    if param.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("must be a number, not '{value}'").format(value=abbreviate(str(value))), False
        if isinstance(value, float) and not math.isfinite(value):
            # The loader refuses these; NaN would pass every comparison below.
            return _("must be a finite number, not {value}").format(value=value), False
        if param.type == "integer" and isinstance(value, float) and not value.is_integer():
            return _("must be a whole number, not {value}").format(value=value), False
        if param.min is not None and value < param.min:
            return _("is {value}, below the minimum {minimum}").format(value=value, minimum=param.min), True
        if param.max is not None and value > param.max:
            return _("is {value}, above the maximum {maximum}").format(value=value, maximum=param.max), True
        return "", False
    if param.type == "choice":
        if value not in param.choices:
            return _("is '{value}'; allowed values: {choices}").format(
                value=abbreviate(str(value)), choices=", ".join(map(str, param.choices))), True
        return "", False
    if not isinstance(value, str) or not value.strip():
        return _("must be a non-empty text"), False
    return "", False


def _check_terms(values: tuple[str, ...], terms: tuple[Term, ...], message: str,
                 where: tuple[Document, KeyPath], key: str) -> list[Diagnostic]:
    """L004 for each value not among `terms`; `message` names the kind of term, with a `value` placeholder."""
    known = {t.id for t in terms}
    doc, path = where
    return [
        error("L004", message.format(value=v), _use_one_of(sorted(known)), **doc.where((*path, key, i)))
        for i, v in enumerate(values) if v not in known
    ]


def _missing_language(lang: str, message: str, at: dict[str, Any]) -> Diagnostic:
    """L013: `message` says which text lacks the language; the hint says which language to write."""
    if lang == "nn":
        hint = _("Add '{lang}:' with the text in nynorsk.")
    elif lang == "nb":
        hint = _("Add '{lang}:' with the text in nb.")
    else:
        hint = _("Add '{lang}:' with the text in {lang}.")
    return error("L013", message, hint.format(lang=lang), **at)
