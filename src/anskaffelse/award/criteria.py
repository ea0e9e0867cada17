"""The award criteria of a profile: which evaluated requirements each one covers.

Procurement law asks that suppliers can see beforehand how their tender will
be scored, so every requirement that is scored (obligation `evaluert`) must
count under exactly one award criterion. A criterion names its requirements
with selectors under `requirements:` (modules, kinds, tags, sub-criteria, IDs); a
requirement counts under a criterion when it matches any of them.

Precedence, so that one requirement never lands in two criteria by accident:
1. an ID listed under a criterion wins over every broader selector;
2. modules, kinds, tags and sub-criteria come next;
3. the catch-all criterion — the one non-price criterion that names neither
   requirements nor deliverables — takes every evaluated requirement no other
   criterion names. A profile with a single quality criterion therefore needs
   no selectors at all.

Validation (`profile_checks.py`) and resolution (`resolve/`) both use this
module, so the document states exactly what was checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..localtext import pick
from ..model import Requirement
from ..resolved import (
    AwardCriterion,
    CriterionScope,
    Deliverable,
    PriceElement,
    PriceForm,
    PriceModel,
    ScoreBand,
)

SELECTOR_KEYS = ("modules", "kinds", "tags", "subcriteria", "ids")
BAND_KEYS = ("10", "7-9", "4-6", "1-3", "0")
"""The score bands of the 0-10 scale, best first; each has a default description in the locale files."""
PRICE_MODELS = ("lineær", "proporsjonal")
FIXED_PRICE = "fast-pris"
"""`award_basis` of a tender where the price is fixed beforehand and suppliers compete on quality alone."""


def price_model(criterion: Mapping[str, Any]) -> str:
    """'lineær' or 'proporsjonal' for a price criterion, '' otherwise (`price_formula` is the older spelling)."""
    price = criterion.get("price")
    if isinstance(price, Mapping) and price.get("model"):
        return str(price["model"])
    return str(criterion.get("price_formula", ""))


def is_price(criterion: Mapping[str, Any]) -> bool:
    return bool(price_model(criterion)) or "price" in criterion


def selectors(criterion: Mapping[str, Any]) -> dict[str, list[str]]:
    chosen = criterion.get("requirements")
    if not isinstance(chosen, Mapping):
        return {}
    return {key: list(chosen[key]) for key in SELECTOR_KEYS if chosen.get(key)}


def is_catch_all(criterion: Mapping[str, Any]) -> bool:
    return not is_price(criterion) and not selectors(criterion) and not criterion.get("deliverables")


@dataclass
class Coverage:
    """Which evaluated requirements each criterion covers (by index), and what went wrong."""

    covered: dict[int, list[str]] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    doubles: list[tuple[str, int, int]] = field(default_factory=list)
    """(requirement ID, first criterion, second criterion) for a requirement two criteria claim."""
    catch_all: int | None = None
    extra_catch_alls: list[int] = field(default_factory=list)


def coverage(criteria: Sequence[Mapping[str, Any]], evaluated: Sequence[Requirement]) -> Coverage:
    """Map each evaluated requirement to the criterion it counts under (see the module docstring)."""
    result = Coverage(covered={i: [] for i in range(len(criteria))})
    catch_alls = [i for i, c in enumerate(criteria) if is_catch_all(c)]
    if catch_alls:
        result.catch_all, result.extra_catch_alls = catch_alls[0], catch_alls[1:]
    by_id, by_group = _claimants(criteria)
    grouped = any(by_group.values())  # most tenders name no modules, kinds, tags or sub-criteria
    for req in evaluated:
        claims = by_id.get(req.id) or (_group_claims(req, by_group) if grouped else [])
        if len(claims) > 1:
            result.doubles.append((req.id, claims[0], claims[1]))
        if claims:
            result.covered[claims[0]].append(req.id)
        elif result.catch_all is not None:
            result.covered[result.catch_all].append(req.id)
        else:
            result.unmapped.append(req.id)
    return result


_Claimants = dict[str, list[int]]


def _claimants(criteria: Sequence[Mapping[str, Any]]) -> tuple[_Claimants, dict[str, _Claimants]]:
    """For each ID, and for each module, kind, tag and sub-criterion, the criteria naming it, in order."""
    by_key: dict[str, _Claimants] = {key: {} for key in SELECTOR_KEYS}
    for i, criterion in enumerate(criteria):
        for key, values in selectors(criterion).items():
            for value in dict.fromkeys(values):
                by_key[key].setdefault(value, []).append(i)
    by_id = by_key.pop("ids")
    return by_id, by_key


def _group_claims(req: Requirement, by_group: dict[str, _Claimants]) -> list[int]:
    """The criteria whose modules, kinds, tags or sub-criteria take `req`, in order."""
    claims = set(by_group["modules"].get(req.module, ()))
    claims.update(by_group["kinds"].get(req.kind, ()))
    claims.update(by_group["subcriteria"].get(req.subcriterion, ()))
    tags = by_group["tags"]
    if tags:
        for tag in req.tags:
            claims.update(tags.get(tag, ()))
    return sorted(claims)


def resolve_criteria(criteria: Sequence[Mapping[str, Any]], evaluated: Sequence[Requirement],
                     lang: str) -> tuple[AwardCriterion, ...]:
    """The award criteria as the documents state them, in the tender's language."""
    from ..locale import texts

    default_bands = texts(lang)["evaluation"]["bands"]
    mapped = coverage(criteria, evaluated)
    module_of = {r.id: r.module for r in evaluated}
    resolved = []
    for i, data in enumerate(criteria):
        ids = tuple(mapped.covered.get(i, ()))
        modules = tuple(dict.fromkeys(module_of[req_id] for req_id in ids))
        chosen = selectors(data)
        price = _price_model(data, lang) if is_price(data) else None
        resolved.append(AwardCriterion(
            name=pick(data.get("name"), lang), weight=data["weight"],
            description=pick(data.get("description"), lang),
            price_formula=price.model if price else "",
            price=price,
            scope=CriterionScope(modules=tuple(chosen.get("modules", ())), kinds=tuple(chosen.get("kinds", ())),
                                 tags=tuple(chosen.get("tags", ())), ids=tuple(chosen.get("ids", ())),
                                 subcriteria=tuple(chosen.get("subcriteria", ())),
                                 catch_all=i == mapped.catch_all),
            requirements=ids,
            modules=modules,
            deliverables=tuple(
                Deliverable(pick(d.get("name"), lang), pick(d.get("description"), lang), d.get("weight", 10))
                for d in data.get("deliverables", ())),
            bands=() if price else tuple(
                ScoreBand(key, pick(data.get("bands", {}).get(key), lang) or default_bands[key])
                for key in BAND_KEYS),
        ))
    return tuple(resolved)


def _price_model(data: Mapping[str, Any], lang: str) -> PriceModel:
    price = data.get("price") or {}
    return PriceModel(model=price_model(data) or PRICE_MODELS[0], years=int(price.get("years", 0)),
                      includes=pick(price.get("includes"), lang))


def resolve_price_form(form: Mapping[str, Any] | None, criteria: Sequence[AwardCriterion],
                       lang: str) -> PriceForm | None:
    """The price form of the answer workbook; None when the profile has none."""
    if not form:
        return None
    years = next((c.price.years for c in criteria if c.price and c.price.years), 0) or 1
    return PriceForm(years=years, elements=tuple(
        PriceElement(name=pick(e.get("name"), lang), unit=pick(e.get("unit"), lang),
                     quantity=e.get("quantity", 1), per_year=bool(e.get("per_year")),
                     option=bool(e.get("option")))
        for e in form.get("elements", ())))
