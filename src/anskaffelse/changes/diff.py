"""The one comparison of two specifications (see the package docstring).

Pure: no files, no clock, no library. Requirements are matched by ID,
award criteria and price elements by name, chapters by key. Only what a
supplier answers or is evaluated against is compared: the requirement's
title, text, parameters, obligation, weight, answer form, scope and option;
the tender's title, reference, procedure, contract standard, deadline, date
and version, and the award basis; the award criteria with their
deliverables and bands; the price form; the buyer's chapters. Two equal
specifications give an empty diff.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from ..resolved import AwardCriterion, PriceElement, PriceForm, SpecChapter, Specification, SpecRequirement
from .model import (
    ADDED,
    CHANGED,
    REMOVED,
    TENDER_FIELDS,
    AnswerForm,
    ChapterChange,
    CriterionChange,
    FieldChange,
    PriceElementChange,
    RequirementChange,
    SpecificationDiff,
    Value,
)
from .words import word_diff

T = TypeVar("T")


def diff_specifications(old: Specification, new: Specification) -> SpecificationDiff:
    """What changed from `old` to `new`, in the document order of `new`."""
    return SpecificationDiff(
        requirements=_requirement_changes(old, new),
        tender=_tender_changes(old, new),
        award_criteria=_criterion_changes(old, new),
        price_form=_price_form_changes(old.price_form, new.price_form),
        chapters=_chapter_changes(old.chapters, new.chapters),
    )


def in_order(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]) -> list[tuple[T | None, T | None]]:
    """Pairs (old, new) matched by `key`, in the order of `new`; an item only `old` has comes right after
    the item it followed in `old` (at the start when nothing before it is kept)."""
    kept = {key(item) for item in new}
    by_key = {key(item): item for item in old}
    removed_after: dict[Hashable, list[T]] = {}
    anchor: Hashable = None
    for item in old:
        if key(item) in kept:
            anchor = ("kept", key(item))
        else:
            removed_after.setdefault(anchor, []).append(item)
    pairs: list[tuple[T | None, T | None]] = [(item, None) for item in removed_after.get(None, [])]
    for item in new:
        pairs.append((by_key.get(key(item)), item))
        pairs += [(gone, None) for gone in removed_after.get(("kept", key(item)), [])]
    return pairs


def _kind(old: object | None, new: object | None) -> str:
    return ADDED if old is None else REMOVED if new is None else CHANGED


# ---------------------------------------------------------------- requirements


def _requirement_changes(old: Specification, new: Specification) -> tuple[RequirementChange, ...]:
    titles = {m.id: m.title for m in old.modules} | {m.id: m.title for m in new.modules}
    found = []
    for before, after in in_order(list(old.requirements()), list(new.requirements()), lambda r: r.id):
        fields = requirement_fields(before, after) if before is not None and after is not None else ()
        if before is not None and after is not None and not fields:
            continue
        shown = after or before
        assert shown is not None
        found.append(RequirementChange(_kind(before, after), shown.id, titles.get(shown.module, shown.module),
                                       before, after, fields))
    return tuple(found)


def requirement_fields(old: SpecRequirement, new: SpecRequirement) -> tuple[FieldChange, ...]:
    """The fields of one requirement that differ, in the order of `RequirementChange.fields`."""
    found: list[FieldChange] = []
    if old.title != new.title:
        found.append(_text_change("title", old.title, new.title))
    parameters = _parameter_changes(old, new)
    if old.text != new.text and not _only_parameters(old.text, new.text, parameters):
        found.append(_text_change("text", old.text, new.text))
    found += parameters
    if old.obligation != new.obligation:
        # The weight goes with the obligation: a minstekrav has none, so it is not a second change.
        found.append(FieldChange("obligation", old.obligation, new.obligation))
    elif old.weight != new.weight:
        found.append(FieldChange("weight", old.weight, new.weight))
    if answer_form(old) != answer_form(new):
        found.append(FieldChange("answer_form", answer_form(old), answer_form(new)))
    if set(old.members) != set(new.members):
        found.append(FieldChange("members", old.members, new.members))
    if old.option != new.option:
        found.append(FieldChange("option", old.option, new.option))
    if (old.fulfilment, old.fulfilment_by) != (new.fulfilment, new.fulfilment_by):
        # When the requirement must be met is a deadline of the contract: an addendum must say it moved.
        found.append(FieldChange("fulfilment", old.fulfilment_by or old.fulfilment,
                                 new.fulfilment_by or new.fulfilment))
    return tuple(found)


def answer_form(req: SpecRequirement) -> AnswerForm:
    return AnswerForm(req.response_type, req.unit, req.options)


def _text_change(field: str, old: str, new: str, name: str = "") -> FieldChange:
    return FieldChange(field, old, new, name, word_diff(old, new))


def _parameter_changes(old: SpecRequirement, new: SpecRequirement) -> list[FieldChange]:
    """Parameters both texts use whose value changed; a parameter only one text uses comes with a text change."""
    before = {p.name: p.value for p in old.parameters}
    return [FieldChange("parameter", before[p.name], p.value, p.name)
            for p in new.parameters if p.name in before and before[p.name] != p.value]


def _only_parameters(old: str, new: str, parameters: list[FieldChange]) -> bool:
    """Whether the new text is the old one with the new parameter values, and nothing else changed."""
    text = old
    for change in parameters:
        assert isinstance(change.old, str) and isinstance(change.new, str)
        text = text.replace(change.old, change.new)
    return bool(parameters) and text == new


# ---------------------------------------------------------------- tender


def _tender_changes(old: Specification, new: Specification) -> tuple[FieldChange, ...]:
    def value(spec: Specification, field: str) -> str:
        return spec.award_basis if field == "award_basis" else str(getattr(spec.tender, field))

    return tuple(FieldChange(f, value(old, f), value(new, f)) for f in TENDER_FIELDS if value(old, f) != value(new, f))


# ---------------------------------------------------------------- award criteria


def _criterion_changes(old: Specification, new: Specification) -> tuple[CriterionChange, ...]:
    moved = _moved_requirements(old.award_criteria, new.award_criteria)
    found = []
    for before, after in in_order(old.award_criteria, new.award_criteria, lambda c: c.name):
        fields: tuple[FieldChange, ...] = ()
        if before is not None and after is not None:
            fields = criterion_fields(before, after, moved.get(after.name, ()))
            if not fields:
                continue
        shown = after or before
        assert shown is not None
        found.append(CriterionChange(_kind(before, after), shown.name, before, after, fields))
    return tuple(found)


def criterion_fields(old: AwardCriterion, new: AwardCriterion,
                     moved_in: tuple[str, ...] = ()) -> tuple[FieldChange, ...]:
    """The differences of one criterion; `moved_in` are the requirements it now evaluates that another
    criterion evaluated before."""
    found: list[FieldChange] = []
    if old.weight != new.weight:
        found.append(FieldChange("weight", old.weight, new.weight))
    if old.description != new.description:
        found.append(_text_change("description", old.description, new.description))
    for field, before, after in zip(("price_model", "price_years", "price_includes"), _price_values(old),
                                    _price_values(new), strict=True):
        if before != after:
            found.append(FieldChange(field, before, after))
    for d_old, d_new in in_order(old.deliverables, new.deliverables, lambda d: d.name):
        if d_old != d_new:
            shown = d_new or d_old
            assert shown is not None
            found.append(FieldChange("deliverable", d_old, d_new, shown.name))
    bands_old, bands_new = dict((b.scores, b.text) for b in old.bands), dict((b.scores, b.text) for b in new.bands)
    for scores in dict.fromkeys([*bands_new, *bands_old]):
        if bands_old.get(scores, "") != bands_new.get(scores, ""):
            found.append(_text_change("band", bands_old.get(scores, ""), bands_new.get(scores, ""), scores))
    if moved_in:
        found.append(FieldChange("requirements", (), moved_in))
    return tuple(found)


def _price_values(criterion: AwardCriterion) -> tuple[Value, Value, Value]:
    price = criterion.price
    return (price.model, price.years, price.includes) if price else ("", 0, "")


def _moved_requirements(old: Iterable[AwardCriterion], new: Iterable[AwardCriterion]) -> dict[str, tuple[str, ...]]:
    """For each new criterion, the requirements evaluated under another criterion before.

    A requirement that becomes evaluated, or stops being so, is a change of its obligation and is
    shown there; only a move between two criteria is a change of the criteria.
    """
    before = {r: c.name for c in old for r in c.requirements}
    return {c.name: moved for c in new
            if (moved := tuple(r for r in c.requirements if before.get(r, c.name) != c.name))}


# ---------------------------------------------------------------- price form


def _price_form_changes(old: PriceForm | None, new: PriceForm | None) -> tuple[PriceElementChange, ...]:
    found: list[PriceElementChange] = []
    if old is not None and new is not None and old.years != new.years:
        found.append(PriceElementChange(CHANGED, "", None, None, (FieldChange("years", old.years, new.years),)))
    elements_old = old.elements if old else ()
    elements_new = new.elements if new else ()
    for before, after in in_order(elements_old, elements_new, lambda e: e.name):
        if before == after:
            continue
        fields = _element_fields(before, after) if before is not None and after is not None else ()
        shown = after or before
        assert shown is not None
        found.append(PriceElementChange(_kind(before, after), shown.name, before, after, fields))
    return tuple(found)


def _element_fields(old: PriceElement, new: PriceElement) -> tuple[FieldChange, ...]:
    names = ("unit", "quantity", "per_year", "option")
    values: list[tuple[str, Value, Value]] = [(n, getattr(old, n), getattr(new, n)) for n in names]
    return tuple(FieldChange(n, a, b) for n, a, b in values if a != b)


# ---------------------------------------------------------------- chapters


def _chapter_changes(old: Sequence[SpecChapter], new: Sequence[SpecChapter]) -> tuple[ChapterChange, ...]:
    found = []
    for before, after in in_order(old, new, lambda c: c.key):
        if before == after:
            continue
        fields: list[FieldChange] = []
        if before is not None and after is not None:
            if before.title != after.title:
                fields.append(FieldChange("title", before.title, after.title))
            if before.place != after.place:
                fields.append(FieldChange("place", before.place, after.place))
            if before.text != after.text:
                fields.append(_text_change("text", before.text, after.text))
        shown = after or before
        assert shown is not None
        found.append(ChapterChange(_kind(before, after), shown.key, before, after, tuple(fields)))
    return tuple(found)
