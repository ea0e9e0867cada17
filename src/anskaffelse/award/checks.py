"""Meaning checks of the evaluation model: award criteria, price criterion and price form.

A published evaluation model must be complete and unambiguous (the
predictability principle): the weights add up to 100, every evaluated
requirement counts under exactly one criterion, every criterion evaluates
something, and there is one price criterion unless the price is fixed
beforehand (`award_basis: fast-pris`, where tenders compete on quality alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..locale.messages import _, ngettext
from ..localtext import lacks_language, languages_of
from ..model import Library, Requirement
from ..profile import MergedProfile, Origin
from .criteria import FIXED_PRICE, coverage, is_price, selectors

SHOWN_IDS = 10
"""How many requirement IDs a finding lists before it says 'and N more'."""


def check_award_criteria(merged: MergedProfile, lib: Library, built: Sequence[Requirement],
                         evaluated: Sequence[Requirement]) -> list[Diagnostic]:
    if merged.award_criteria is None:
        if merged.was_pruned("award_criteria"):
            return []
        return [error("P021", _("the profile has no award criteria"),
                      _("Add 'award_criteria:' with names and weights that sum to 100."),
                      **Origin(merged.chain[-1], ()).where())]
    criteria, origin = merged.award_criteria
    found: list[Diagnostic] = []
    total = sum(c["weight"] for c in criteria)
    if abs(total - 100) > 1e-9:
        found.append(error("P007", _("the award criteria weights sum to {total:g}, not 100").format(total=total),
                           _("Adjust the weights so that they add up to 100."), **origin.where()))
    found += _check_price_criteria(merged, criteria, origin)
    known_locals = {item.get("id") for item, _ in merged.local_requirements}
    found += _check_selectors(criteria, origin, lib, built, known_locals, {r.id for r in evaluated})
    if built:  # a profile that selects nothing is reported once (P025), not once per criterion
        found += _check_coverage(criteria, origin, evaluated)
    found += _check_price_form(merged, criteria, origin)
    found += _check_languages(merged)
    return found


def _name(criterion: Mapping[str, Any]) -> str:
    name = criterion.get("name")
    if isinstance(name, Mapping):
        return str(next(iter(name.values()), ""))
    return str(name or "")


def _check_price_criteria(merged: MergedProfile, criteria: list[dict[str, Any]],
                          origin: Origin) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    prices = [i for i, c in enumerate(criteria) if is_price(c)]
    if merged.award_basis == FIXED_PRICE:
        for i in prices:
            found.append(error("P050", _("award criterion '{name}' scores price, but the price is fixed "
                                         "beforehand (award_basis: fast-pris)").format(name=_name(criteria[i])),
                               _("Remove the price criterion, or remove 'award_basis: fast-pris'."),
                               **origin.where(i, "name")))
    elif not prices:
        found.append(error("P050", _("the award criteria have no price criterion"),
                           _("Give one criterion 'price: {model: lineær, years: 6}' (or proporsjonal); if the "
                             "price is fixed beforehand, set 'award_basis: fast-pris'."), **origin.where()))
    for i in prices[1:] if merged.award_basis != FIXED_PRICE else []:
        found.append(error("P050", _("award criteria '{first}' and '{second}' both score price; a tender has one "
                                     "price criterion").format(first=_name(criteria[prices[0]]),
                                                               second=_name(criteria[i])),
                           _("Put every cost in one price criterion and list the costs in 'price_form:'."),
                           **origin.where(i, "name")))
    for i in prices:
        for key in ("requirements", "deliverables", "bands"):
            if key in criteria[i]:
                found.append(error("P057", _("award criterion '{name}' is scored by its price formula and cannot "
                                             "have '{key}'").format(name=_name(criteria[i]), key=key),
                                   _("Move '{key}' to a quality criterion.").format(key=key),
                                   **_key_at(origin, i, key)))
    return found


def _check_selectors(criteria: list[dict[str, Any]], origin: Origin, lib: Library, built: Sequence[Requirement],
                     known_locals: set[Any], evaluated: set[str]) -> list[Diagnostic]:
    known = {
        "modules": {m.id for m in lib.modules} | {r.module for r in built},
        "kinds": {k.id for k in lib.kinds},
        "tags": {t for r in lib.requirements() for t in r.tags} | {t for r in built for t in r.tags},
        "subcriteria": {c.id for c in lib.subcriteria},
    }
    found: list[Diagnostic] = []
    known_ids = {r.id for r in built} | known_locals
    for i, criterion in enumerate(criteria):
        name = _name(criterion)
        for key, values in selectors(criterion).items():
            for j, value in enumerate(values):
                where = origin.where(i, "requirements", key, j)
                if key != "ids" and value not in known[key]:
                    found.append(error("P055", _unknown_selector(key).format(name=name, value=value),
                                       _("Use one of: {names}.").format(names=", ".join(sorted(known[key]))),
                                       **where))
                elif key == "ids" and value not in known_ids and lib.requirement(value) is None:
                    found.append(error("P055", _("award criterion '{name}' names unknown requirement {id}").format(
                                           name=name, id=value),
                                       _("Check the ID with 'anskaffelse show' or 'anskaffelse list'."), **where))
                elif key == "ids" and value not in evaluated:
                    found.append(warning("P056", _("award criterion '{name}' names {id}, which this tender does not "
                                                   "evaluate (it is not selected, or not 'evaluert')").format(
                                             name=name, id=value),
                                         _("Remove the ID, or select it and make its obligation evaluert."),
                                         **where))
    return found


def _unknown_selector(key: str) -> str:
    """P055's message for an unknown module, requirement kind, tag or sub-criterion."""
    if key == "modules":
        return _("award criterion '{name}' names unknown module '{value}'")
    if key == "kinds":
        return _("award criterion '{name}' names unknown requirement kind '{value}'")
    if key == "tags":
        return _("award criterion '{name}' names unknown tag '{value}'")
    return _("award criterion '{name}' names unknown sub-criterion '{value}'")


def _check_coverage(criteria: list[dict[str, Any]], origin: Origin,
                    evaluated: Sequence[Requirement]) -> list[Diagnostic]:
    mapped = coverage(criteria, evaluated)
    found: list[Diagnostic] = []
    if mapped.unmapped:
        count = len(mapped.unmapped)
        found.append(error("P052", ngettext("{count} evaluated requirement belongs to no award criterion: {ids}",
                                            "{count} evaluated requirements belong to no award criterion: {ids}",
                                            count).format(count=count, ids=_listed(mapped.unmapped)),
                           _("Name their modules, kinds, tags or IDs under 'requirements:' of a criterion, or "
                             "leave one quality criterion without 'requirements:' and 'deliverables:' so that it "
                             "takes the rest."), **origin.where()))
    pairs: dict[tuple[int, int], list[str]] = {}
    for req_id, first, second in mapped.doubles:
        pairs.setdefault((first, second), []).append(req_id)
    for (first, second), ids in pairs.items():
        found.append(error("P053", ngettext("{ids} counts under both award criterion '{first}' and '{second}'",
                                            "{ids} count under both award criterion '{first}' and '{second}'",
                                            len(ids)).format(ids=_listed(ids), first=_name(criteria[first]),
                                                             second=_name(criteria[second])),
                           _("A requirement counts under exactly one criterion: remove the overlap from one of "
                             "them, or list the requirement under 'ids:' of the criterion it belongs to (an ID "
                             "wins over modules, kinds and tags)."), **_key_at(origin, second, "requirements")))
    for i in mapped.extra_catch_alls:
        found.append(error("P054", _("award criteria '{first}' and '{second}' both name no requirements and no "
                                     "deliverables; only one criterion can take the evaluated requirements that the "
                                     "others leave").format(first=_name(criteria[mapped.catch_all or 0]),
                                                            second=_name(criteria[i])),
                           _("Add 'requirements:' (e.g. 'requirements: {subcriteria: [gjennomforing]}') or "
                             "'deliverables:' to one of them."), **origin.where(i, "name")))
    for i, criterion in enumerate(criteria):
        empty = not mapped.covered.get(i) and not criterion.get("deliverables")
        if empty and not is_price(criterion) and i not in mapped.extra_catch_alls:
            found.append(error("P051", _("award criterion '{name}' evaluates nothing: no evaluated requirement "
                                         "counts under it and it asks for no deliverable").format(
                                   name=_name(criterion)),
                               _("Name requirements under 'requirements:' (modules, kinds, tags or ids), add "
                                 "'deliverables:', or remove the criterion and move its weight."),
                               **origin.where(i, "name")))
    return found


def _key_at(origin: Origin, *sub: str | int) -> dict[str, Any]:
    """The position of a key itself, not of the mapping it opens."""
    return origin.doc.where_key((*origin.path, *sub))


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    if len(ids) <= SHOWN_IDS:
        return shown
    rest = len(ids) - SHOWN_IDS
    return ngettext("{ids} and {count} more", "{ids} and {count} more", rest).format(ids=shown, count=rest)


def _check_price_form(merged: MergedProfile, criteria: list[dict[str, Any]],
                      origin: Origin) -> list[Diagnostic]:
    if merged.price_form is None:
        return []
    form = merged.price_form[0]
    yearly = [i for i, e in enumerate(form.get("elements", ())) if e.get("per_year")]
    price = next((i for i, c in enumerate(criteria) if is_price(c)), None)
    if not yearly or price is None or (criteria[price].get("price") or {}).get("years"):
        return []
    return [error("P058", _("the price form has yearly costs, but price criterion '{name}' does not say over how "
                            "many years the price is evaluated").format(name=_name(criteria[price])),
                  _("Add 'years:' under 'price:' of the criterion, e.g. 'price: {model: lineær, years: 6}'."),
                  **origin.where(price, "name"))]


def _check_languages(merged: MergedProfile) -> list[Diagnostic]:
    """An nn tender whose criteria are written in nb only would show bokmål to suppliers."""
    lang = merged.language
    fields: list[tuple[str, Any, Origin, tuple[str | int, ...]]] = []
    if merged.award_criteria is not None:
        criteria, origin = merged.award_criteria
        for i, c in enumerate(criteria):
            for key in ("name", "description"):
                fields.append((f"award_criteria[{i + 1}].{key}", c.get(key), origin, (i, key)))
            for j, d in enumerate(c.get("deliverables", ())):
                for key in ("name", "description"):
                    fields.append((f"award_criteria[{i + 1}].deliverables[{j + 1}].{key}", d.get(key), origin,
                                   (i, "deliverables", j, key)))
            for band, text in (c.get("bands") or {}).items():
                fields.append((f"award_criteria[{i + 1}].bands.{band}", text, origin, (i, "bands", band)))
            includes = (c.get("price") or {}).get("includes")
            fields.append((f"award_criteria[{i + 1}].price.includes", includes, origin, (i, "price", "includes")))
    if merged.price_form is not None:
        form, form_origin = merged.price_form
        for i, e in enumerate(form.get("elements", ())):
            for key in ("name", "unit"):
                fields.append((f"price_form.elements[{i + 1}].{key}", e.get(key), form_origin, ("elements", i, key)))
    return [warning("P042", _("{field} has no '{lang}' text; the document shows the '{shown}' text").format(
                        field=label, lang=lang, shown=languages_of(value)[0]),
                    _("Add '{lang}:' to the text.").format(lang=lang), **at.where(*path))
            for label, value, at, path in fields if lacks_language(value, lang)]
