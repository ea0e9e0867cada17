"""Which award criterion each evaluated requirement counts under, against the rules read literally."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from anskaffelse.award.criteria import Coverage, coverage, is_catch_all
from anskaffelse.model import Requirement, Response, Text

_WORDS = ("a", "b", "c")


def _requirement(number: int, module: str, kind: str, tags: tuple[str, ...], subcriterion: str) -> Requirement:
    return Requirement(id=f"R-{number}", module=module, title=Text("t"), text=Text("t"), guidance=Text(""),
                       rationale=Text(""), kind=kind, obligation="evaluert", weight=1, response=Response("ja-nei"),
                       areas=("alle",), tags=tags, subcriterion=subcriterion)


def _literal(criteria: list[dict[str, Any]], evaluated: list[Requirement]) -> Coverage:
    """The module docstring of `award.criteria`, followed step by step for each requirement and criterion."""
    result = Coverage(covered={i: [] for i in range(len(criteria))})
    catch_alls = [i for i, c in enumerate(criteria) if is_catch_all(c)]
    if catch_alls:
        result.catch_all, result.extra_catch_alls = catch_alls[0], catch_alls[1:]
    for req in evaluated:
        named = [c.get("requirements") or {} for c in criteria]
        by_id = [i for i, n in enumerate(named) if req.id in (n.get("ids") or ())]
        by_group = [i for i, n in enumerate(named)
                    if req.module in (n.get("modules") or ()) or req.kind in (n.get("kinds") or ())
                    or set(req.tags) & set(n.get("tags") or ()) or req.subcriterion in (n.get("subcriteria") or ())]
        claims = by_id or by_group
        if len(claims) > 1:
            result.doubles.append((req.id, claims[0], claims[1]))
        if claims:
            result.covered[claims[0]].append(req.id)
        elif result.catch_all is not None:
            result.covered[result.catch_all].append(req.id)
        else:
            result.unmapped.append(req.id)
    return result


_names = st.lists(st.sampled_from(_WORDS), max_size=3)
_criterion = st.fixed_dictionaries(
    {"name": st.just("k"), "weight": st.just(10)},
    optional={"requirements": st.fixed_dictionaries({}, optional={
        "modules": _names, "kinds": _names, "tags": _names, "subcriteria": _names,
        "ids": st.lists(st.sampled_from([f"R-{n}" for n in range(6)]), max_size=3)}),
        "price": st.just({"model": "lineær"}), "deliverables": st.just(["d"])})
_requirements = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_WORDS),
                                   st.lists(st.sampled_from(_WORDS), max_size=2).map(tuple),
                                   st.sampled_from(("", *_WORDS))), max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.lists(_criterion, max_size=4), _requirements)
def test_coverage_follows_the_rules(criteria: list[dict[str, Any]], parts: list[tuple[Any, ...]]) -> None:
    evaluated = [_requirement(n, *p) for n, p in enumerate(parts)]
    assert coverage(criteria, evaluated) == _literal(criteria, evaluated)


def test_an_id_wins_over_a_module_and_two_groups_make_a_double() -> None:
    evaluated = [_requirement(0, "a", "a", ("b",), ""), _requirement(1, "a", "b", ("b",), "")]
    criteria = [{"name": "k", "requirements": {"modules": ["a"]}}, {"name": "l", "requirements": {"tags": ["b"]}},
                {"name": "m", "requirements": {"ids": ["R-0"]}}]
    found = coverage(criteria, evaluated)
    assert found.covered == {0: ["R-1"], 1: [], 2: ["R-0"]}
    assert found.doubles == [("R-1", 0, 1)] and found.unmapped == [] and found.catch_all is None
