"""One library requirement in full: its own page, and the same block on its module's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..locale import texts
from ..model import ALL_AREAS, Library, Parameter, Requirement
from ..resolve import format_value, render_text
from .html import esc, facts, items, link, paragraphs, section, table, tag


@dataclass(frozen=True)
class Names:
    """What the pages call the library's names in one language, and where things are."""

    lang: str
    areas: dict[str, str]
    modules: dict[str, str]
    subcriteria: dict[str, str]
    standards: dict[str, str]
    stories: dict[str, str]

    @classmethod
    def of(cls, library: Library, lang: str) -> Names:
        return cls(lang,
                   {t.id: t.name.get(lang) for t in library.areas} | {ALL_AREAS: texts(lang)["all_areas"]},
                   {m.id: m.title.get(lang) for m in library.modules},
                   {t.id: t.name.get(lang) for t in library.subcriteria},
                   {s.id: s.name.get(lang) for s in library.standards},
                   {s.id: s.title.get(lang) for s in library.user_stories})


def requirement_text(req: Requirement, lang: str) -> str:
    """The text with each parameter's default value in place of its placeholder."""
    return render_text(req.text.get(lang), req.parameters, {p.name: p.default for p in req.parameters}, lang)


def requirement_body(req: Requirement, names: Names, root: str, level: int) -> str:
    """The requirement below its heading; `root` leads back to the language folder, `level` is its heading's."""
    lang = names.lang
    w = texts(lang)["site"]
    sub = level + 1
    return (tag("div", paragraphs(requirement_text(req, lang)), class_="requirement-text")
            + _withdrawn(req, w, root)
            + facts(_facts(req, names, root))
            + section(w["guidance_label"], paragraphs(req.guidance.get(lang)), sub)
            + section(w["rationale_label"], paragraphs(req.rationale.get(lang)), sub)
            + section(w["parameters_label"], _parameters(req, lang, w), sub)
            + section(w["verification_label"], _verification(req, lang, w), sub)
            + section(w["scoring_label"], _scoring(req, lang, w), sub))


def _withdrawn(req: Requirement, w: dict[str, Any], root: str) -> str:
    if not req.deprecated:
        return ""
    successor = (f" {esc(w['replaced_by'])} {link(f'{root}krav/{req.replaced_by}.html', req.replaced_by)}."
                 if req.replaced_by else "")
    return tag("p", esc(w["deprecated"]) + successor, class_="notice")


def _facts(req: Requirement, names: Names, root: str) -> list[tuple[str, str]]:
    lang = names.lang
    words = texts(lang)
    w = words["site"]
    fulfilment = ""
    if req.fulfilment is not None:
        fulfilment = esc(req.fulfilment.by.get(lang) if req.fulfilment.when == "frist"
                         else words["document"]["fulfilment"].get(req.fulfilment.when, req.fulfilment.when))
    response = words["response"].get(req.response.type, req.response.type)
    if req.response.unit:
        response += f" ({req.response.unit.get(lang)})"
    return [
        (w["module_label"], link(f"{root}moduler/{req.module}.html", names.modules.get(req.module, req.module))),
        (w["obligation_label"], esc(words["obligation"].get(req.obligation, req.obligation))),
        (w["weight_label"], esc(req.weight) if req.obligation == "evaluert" and req.weight else ""),
        (w["subcriterion_label"], esc(names.subcriteria.get(req.subcriterion, req.subcriterion))),
        (w["fulfilment_label"], fulfilment),
        (w["response_label"], esc(response)),
        (w["areas_label"], esc(", ".join(names.areas.get(a, a) for a in req.areas))),
        (w["standards_label"], items(link(f"{root}standarder.html#{s}", f"{s}: {names.standards.get(s, s)}")
                                     for s in req.standards)),
        (w["stories_label"], items(link(f"{root}historier.html#{s}", f"{s}: {names.stories.get(s, s)}")
                                   for s in req.user_stories)),
        (w["tags_label"], esc(", ".join(req.tags))),
        (w["since_label"], esc(req.since)),
    ]


def _parameters(req: Requirement, lang: str, w: dict[str, Any]) -> str:
    if not req.parameters:
        return ""
    # A long name may break after its underscores (<wbr>), so the table fits beside the text on a screen.
    rows = [[tag("code", "_<wbr>".join(esc(part) for part in p.name.split("_"))),
             esc(_with_unit(p.default, p, lang)), esc(_range(p, lang, w)), esc(p.description.get(lang))]
            for p in req.parameters]
    return table([w["parameter_name"], w["parameter_default"], w["parameter_range"], w["parameter_description"]],
                 rows, label=f"{w['parameters_label']}: {req.id}")


def _with_unit(value: float | int | str, param: Parameter, lang: str) -> str:
    unit = param.unit_text.get(lang)
    return f"{format_value(value, lang)} {unit}".strip()


def _range(param: Parameter, lang: str, w: dict[str, Any]) -> str:
    if param.choices:
        return str(w["range_choices"].format(choices=", ".join(format_value(c, lang) for c in param.choices)))
    low = None if param.min is None else _with_unit(param.min, param, lang)
    high = None if param.max is None else _with_unit(param.max, param, lang)
    if low and high:
        return str(w["range_from_to"].format(min=low, max=high))
    if low or high:
        return str(w["range_from"].format(min=low) if low else w["range_to"].format(max=high))
    return str(w["range_free"])


def _verification(req: Requirement, lang: str, w: dict[str, Any]) -> str:
    if req.verification is None:
        return ""
    methods = texts(lang)["testplan"]["methods"]
    v = req.verification
    return facts([(w["method_label"], esc(methods.get(v.method, v.method))),
                  (w["steps_label"], items((esc(s.get(lang)) for s in v.steps), ordered=True)),
                  (w["expected_label"], paragraphs(v.expected.get(lang)))])


def _scoring(req: Requirement, lang: str, w: dict[str, Any]) -> str:
    return facts((w["scoring_points"].format(points=scores), paragraphs(text.get(lang)))
                 for scores, text in req.scoring)
