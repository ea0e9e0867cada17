"""The checks of how a profile tailors one requirement: weight, parameter values, changed texts, answer form.

`checks.check_profile` runs them for each requirement under 'tailor:'.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, error
from ..library import PLACEHOLDER, parameter_value_check
from ..locale.messages import _
from ..migration.releases import gone_parameter
from ..model import Library, Requirement
from ..suggest import Suggester, decimal_comma_hint, joined
from . import MergedProfile, Origin


def check_tailoring(req: Requirement, changes: dict[str, tuple[Any, Origin]],
                    merged: MergedProfile, suggest: Suggester, lib: Library) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    lang = merged.language
    get = {k: v[0] for k, v in changes.items()}
    obligation = get.get("obligation", req.obligation)
    weight = get.get("weight", req.weight)
    if obligation == "informasjon" and get.get("weight"):
        found.append(error("P008", _("{id}: an informasjon requirement cannot carry a weight").format(id=req.id),
                           _("Remove the weight, or set obligation to evaluert."), **changes["weight"][1].where()))
    if obligation == "evaluert" and not weight and ("weight" in changes or "obligation" in changes):
        origin = changes["weight"][1] if "weight" in changes else changes["obligation"][1]
        found.append(error("P023", _("{id}: an evaluert requirement needs a weight above 0").format(id=req.id),
                           _("Set 'weight:' to a value from 1 to 10."), **origin.where()))
    if "parameters" in changes:
        values, origin = changes["parameters"]
        for name, value in values.items():
            param = req.parameter(name)
            at = merged.parameter_origins.get((req.id, name))
            where = at.where() if at else origin.where(name)
            if param is None:
                found.append(_unknown_parameter(req, name, lib, suggest, where))
                continue
            problem, outside = parameter_value_check(param, value)
            if problem:
                hint = joined(decimal_comma_hint(value), bounds_hint(param))
                found.append(error("P004" if outside else "P005", _("{id}: parameter '{name}' {problem}").format(
                                   id=req.id, name=name, problem=problem), hint, **where))
    for key in ("title", "text"):
        if key in changes and "justification" not in changes:
            message = (_("{id}: a changed requirement title needs a justification") if key == "title"
                       else _("{id}: a changed requirement text needs a justification"))
            found.append(error("P006", message.format(id=req.id),
                               _("Add 'justification:' explaining why the library text does not fit."),
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
        return [error("P061", _("{id}: fulfilment 'frist' needs the deadline in 'fulfilment_by'").format(id=req.id),
                      _("Add 'fulfilment_by:' with a date (\"2028-06-01\") or words, e.g. "
                        "'innen 12 måneder etter godkjent leveranse'."), **changes["fulfilment"][1].where())]
    if "fulfilment_by" in changes and when != "frist":
        return [error("P062", _("{id}: 'fulfilment_by' applies only when fulfilment is 'frist'").format(id=req.id),
                      _("Add 'fulfilment: frist', or remove 'fulfilment_by'."), **changes["fulfilment_by"][1].where())]
    return []


def _unknown_parameter(req: Requirement, name: str, lib: Library, suggest: Suggester,
                       where: dict[str, Any]) -> Diagnostic:
    """P016; a parameter a later release moved or removed says where it went."""
    declared = ", ".join(p.name for p in req.parameters)
    listed = (_("Parameters of {id}: {names}.").format(id=req.id, names=declared) if declared
              else _("Parameters of {id}: none.").format(id=req.id))
    return gone_parameter(req, name, lib, where) or error(
        "P016", _("{id} has no parameter '{name}'").format(id=req.id, name=name),
        joined(suggest.names(name, [p.name for p in req.parameters]), listed),
        **where)


def _check_answer_form(req: Requirement, changes: dict[str, tuple[Any, Origin]], obligation: str) -> list[Diagnostic]:
    """A minstekrav is answered Ja/Nei: it is met or the tender is rejected, nothing in between."""
    if "response" not in changes:
        return []
    response, origin = changes["response"]
    if obligation != "minstekrav" or response.get("type") == "ja-nei":
        return []
    return [error("P060", _("{id}: a minstekrav is answered Ja/Nei only, not '{type}'").format(
                      id=req.id, type=response.get("type")),
                  _("Set '{setting}', or make the requirement evaluert or informasjon to ask "
                    "for another answer.").format(setting="response: {type: ja-nei}"), **origin.where("type"))]


def _check_override_text(req: Requirement, text: Any, origin: Origin, lang: str) -> list[Diagnostic]:
    found = []
    texts = {lang: text} if isinstance(text, str) else text
    declared = {p.name for p in req.parameters}
    for key, value in texts.items():
        for name in sorted(set(PLACEHOLDER.findall(value)) - declared):
            found.append(error("P017", _("{id}: placeholder {placeholder} in the changed text has no value").format(
                                   id=req.id, placeholder=f"{{{name}}}"),
                               _("Use only the requirement's own parameters, or write the value out."),
                               **origin.where(*(() if isinstance(text, str) else (key,)))))
    return found


def bounds_hint(param: Any) -> str:
    """What values the parameter takes, as a hint: 'Give a whole number from 1 to 10 (timer).'"""
    if param.type == "choice":
        return _("Allowed values: {choices}.").format(choices=", ".join(map(str, param.choices)))
    if param.type == "text":
        return _("Give a text.")
    whole = param.type == "integer"
    has_min, has_max = param.min is not None, param.max is not None
    messages = {
        (False, True, True): _("Give a number from {minimum} to {maximum}{unit}."),
        (False, True, False): _("Give a number from {minimum}{unit}."),
        (False, False, True): _("Give a number to {maximum}{unit}."),
        (False, False, False): _("Give a number{unit}."),
        (True, True, True): _("Give a whole number from {minimum} to {maximum}{unit}."),
        (True, True, False): _("Give a whole number from {minimum}{unit}."),
        (True, False, True): _("Give a whole number to {maximum}{unit}."),
        (True, False, False): _("Give a whole number{unit}."),
    }
    return messages[(whole, has_min, has_max)].format(
        minimum=_number(param.min) if has_min else "", maximum=_number(param.max) if has_max else "",
        unit=f" ({param.unit})" if param.unit else "")


def _number(value: float) -> str:
    """A bound as people write it (95, 99.5, 1e+15); never fails, whatever the number."""
    try:
        return f"{value:g}"
    except (OverflowError, ValueError):  # an int too large for a float
        return _("a very large number")
