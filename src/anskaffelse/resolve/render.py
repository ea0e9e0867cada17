"""One requirement as the documents print it: the profile's tailoring applied, parameter values filled in.

Pure, like the rest of `resolve`. Also the fingerprints of a requirement's text
and of a whole specification, which answers are checked against.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..library import PLACEHOLDER
from ..locale import long_date, texts
from ..localtext import pick
from ..model import Parameter, Requirement, Response, Text
from ..profile import MergedProfile
from ..records import builder
from ..resolved import ScoreBand, SpecParameter, SpecRequirement, Verification


def text_and_values(req: Requirement, merged: MergedProfile, lang: str) -> tuple[str, dict[str, Any]]:
    """The text a requirement is rendered from (the library's or the profile's own) and its parameter values."""
    tailored = merged.tailor.get(req.id)
    return _template(req, tailored, lang), _values(req, tailored)


def _template(req: Requirement, tailored: Mapping[str, tuple[Any, Any]] | None, lang: str) -> str:
    """The profile's own text of a requirement (`tailored`: its tailoring with origins), else the library's."""
    override = tailored["text"][0] if tailored and "text" in tailored else None
    return pick(override, lang) if override else req.text.get(lang)


def _values(req: Requirement, tailored: Mapping[str, tuple[Any, Any]] | None) -> dict[str, Any]:
    """The parameter values of a requirement: the library's defaults, as the profile tailors them."""
    values = {p.name: p.default for p in req.parameters}
    return values | tailored["parameters"][0] if tailored and "parameters" in tailored else values


def rendered_text(req: Requirement, merged: MergedProfile, lang: str) -> str:
    """The text of a requirement as the documents print it: the profile's or the library's, values filled in."""
    tailored = merged.tailor.get(req.id)
    template = _template(req, tailored, lang)
    if "{" not in template:
        return template  # most texts have no placeholder, and need no values
    return render_text(template, req.parameters, _values(req, tailored), lang)


_NO_TAILORING: Mapping[str, Any] = MappingProxyType({})


def render_requirement(req: Requirement, merged: MergedProfile, lang: str, local: bool) -> SpecRequirement:
    tailored = merged.tailor.get(req.id)
    tailor = {k: v[0] for k, v in tailored.items()} if tailored else _NO_TAILORING
    obligation = tailor.get("obligation", req.obligation)
    weight = tailor.get("weight", req.weight) or 0
    if obligation != "evaluert":
        weight = 0  # only evaluated requirements are scored
    template, values = _template(req, tailored, lang), _values(req, tailored)
    text = render_text(template, req.parameters, values, lang)
    title = pick(tailor["title"], lang) if "title" in tailor else req.title.get(lang)
    # A minstekrav is met or not: "Delvis", a number or a description cannot show which.
    response = _YES_NO if obligation == "minstekrav" else tailored_response(req, tailor)
    return _spec_requirement(
        id=req.id, module=req.module, title=title, text=text,
        obligation=obligation, weight=int(weight), response_type=response.type,
        unit=response.unit.get(lang), options=tuple([o.get(lang) for o in response.options]),
        kind=req.kind, areas=req.areas, standards=req.standards, user_stories=req.user_stories,
        local=local, justification=pick(tailor.get("justification"), lang),
        fingerprint=text_fingerprint(text),
        subcriterion=req.subcriterion,
        fulfilment=tailor.get("fulfilment", req.fulfilment.when if req.fulfilment else ""),
        fulfilment_by=_fulfilment_by(req, tailor, lang),
        contract_annex=req.contract_annex,
        verification=_verification(req, values, lang),
        scoring=tuple(ScoreBand(points, render_text(band.get(lang), req.parameters, values, lang))
                      for points, band in req.scoring) if obligation == "evaluert" else (),
        parameters=_shown_parameters(req.parameters, template, values, lang) if req.parameters else (),
    )


_spec_requirement = builder(SpecRequirement)
_YES_NO = Response("ja-nei")


def _fulfilment_by(req: Requirement, tailor: Mapping[str, Any], lang: str) -> str:
    """The deadline in words: the profile's (a date is written out), else the library's for its own 'frist'."""
    if "fulfilment_by" in tailor:
        return long_date(pick(tailor["fulfilment_by"], lang), lang)
    if req.fulfilment and tailor.get("fulfilment", req.fulfilment.when) == req.fulfilment.when:
        return req.fulfilment.by.get(lang)
    return ""


def _shown_parameters(parameters: tuple[Parameter, ...], template: str, values: dict[str, Any],
                      lang: str) -> tuple[SpecParameter, ...]:
    """The parameters the text uses, each with its value as the text writes it."""
    return tuple(SpecParameter(p.name, p.description.get(lang) or p.name,
                               render_text("{" + p.name + "}", (p,), values, lang))
                 for p in parameters if "{" + p.name + "}" in template and p.name in values)


def _verification(req: Requirement, values: dict[str, Any], lang: str) -> Verification | None:
    """The acceptance test with the tender's parameter values filled in, like the requirement text."""
    check = req.verification
    if check is None:
        return None

    def filled(text: Text) -> str:
        return render_text(text.get(lang), req.parameters, values, lang)

    return Verification(check.method, tuple(filled(step) for step in check.steps), filled(check.expected))


def tailored_response(req: Requirement, tailor: Mapping[str, Any]) -> Response:
    """The answer form the profile sets in `tailor`, else the requirement's own."""
    data = tailor.get("response")
    if not data:
        return req.response
    return Response(data["type"], Text.from_data(data.get("unit")),
                    tuple(Text.from_data(o) for o in data.get("options", ())))


def render_text(template: str, parameters: tuple[Parameter, ...], values: dict[str, Any],
                lang: str) -> str:
    """Fill `{name}` placeholders with values written the way the language writes them."""
    if "{" not in template:
        return template  # most texts have no placeholder
    units = {p.name: p.unit_text.get(lang) for p in parameters}
    singular = texts(lang)["singular_units"]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        shown = format_value(value, lang)
        unit = units.get(name, "")
        if value == 1 and not isinstance(value, bool):
            unit = singular.get(unit, unit)
        return f"{shown} {unit}" if unit else shown

    return PLACEHOLDER.sub(fill, template)


def format_value(value: Any, lang: str) -> str:
    """99.5 -> '99,5' in Norwegian; whole numbers without decimals; text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # the loader refuses these; never let them reach int()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", "\u00a0") if lang != "en" else text
    text = f"{value:,}"
    if lang == "en":
        return text
    return text.replace(",", "\u00a0").replace(".", ",")


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def specification_fingerprint(reqs: list[SpecRequirement]) -> str:
    """One hash over every requirement's ID, obligation, weight and exact text, in order, and in a joint
    tender its scope and whether it is an option: an answer given for other members is an answer to another
    question. A requirement for all members that is no option hashes as in a tender without members."""
    digest = hashlib.sha256()
    for r in reqs:
        joint = f"\x1f{','.join(r.members)}\x1f{int(r.option)}" if r.members or r.option else ""
        digest.update(f"{r.id}\x1f{r.obligation}\x1f{r.weight}\x1f{r.text}{joint}\x1e".encode())
    return digest.hexdigest()
