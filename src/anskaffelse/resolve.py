"""Library + merged profile -> `Specification`. Pure: no files, no clock.

Selection rule, in this order:
1. start from the library's requirements in library order;
2. keep those in `select.modules` (all modules when not given);
3. keep those that apply to one of `select.areas` (all areas when not given;
   requirements for all areas always apply);
4. keep those with one of `select.tags` (any when not given);
5. add `include`, remove `exclude` (the later profile in a chain wins);
6. drop deprecated requirements unless included by ID;
7. append local requirements.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

from .library import PLACEHOLDER, requirement_from_data
from .locale import texts
from .localtext import pick
from .model import Library, Parameter, Requirement, Response, Text
from .profile import MergedProfile, parent_of
from .resolved import (
    AwardCriterion,
    Buyer,
    Contact,
    Deviation,
    Specification,
    SpecModule,
    SpecRequirement,
    SpecStandard,
    SpecUserStory,
    Tender,
)

LOCAL_MODULE = "lokale-krav"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def select_requirements(library: Library, merged: MergedProfile) -> list[Requirement]:
    """The library requirements a profile selects (steps 1-6 above)."""
    modules = set(merged.select["modules"][0]) if "modules" in merged.select else None
    areas = frozenset(merged.select["areas"][0]) if "areas" in merged.select else None
    tags = set(merged.select["tags"][0]) if "tags" in merged.select else None
    chosen = []
    for req in library.requirements():
        if req.id in merged.exclude:
            continue
        if req.id not in merged.include:
            if req.deprecated:
                continue
            if modules is not None and req.module not in modules:
                continue
            if areas is not None and not req.applies_to(areas):
                continue
            if tags is not None and tags.isdisjoint(req.tags):
                continue
        chosen.append(req)
    return chosen


def local_requirements(merged: MergedProfile) -> list[Requirement]:
    return [requirement_from_data(item, item.get("module", LOCAL_MODULE)) for item, _ in merged.local_items()]


def resolve(library: Library, merged: MergedProfile, date: str) -> Specification:
    """The complete specification. `date` is used when the profile gives none."""
    lang = merged.language
    reqs = _render_all(library, merged, lang)
    by_module: dict[str, list[SpecRequirement]] = {}
    for req in reqs:
        by_module.setdefault(req.module, []).append(req)
    modules = [
        SpecModule(m.id, m.title.get(lang), m.description.get(lang), tuple(by_module[m.id]))
        for m in library.modules if m.id in by_module
    ]
    if LOCAL_MODULE in by_module:
        words = texts(lang)
        modules.append(SpecModule(LOCAL_MODULE, words["local_module"], "", tuple(by_module[LOCAL_MODULE])))
    tender = _tender(merged, date)
    parent = parent_of(merged)
    return Specification(
        tender=tender,
        profile=file_label(merged.path),
        parent_profile=file_label(parent.path) if parent else "",
        library_id=library.id,
        library_name=library.name.get(lang),
        library_version=library.version,
        modules=tuple(modules),
        standards=_standards(library, reqs, lang),
        user_stories=_user_stories(library, reqs, lang),
        award_criteria=tuple(
            AwardCriterion(c["name"], c["weight"], c.get("description", ""), c.get("price_formula", ""))
            for c in (merged.award_criteria[0] if merged.award_criteria else [])
        ),
        deviations=_deviations(library, parent, reqs, lang) if parent else (),
        area_names=tuple((a.id, a.name.get(lang)) for a in library.areas),
        fingerprint=specification_fingerprint(reqs),
    )


def _render_all(library: Library, merged: MergedProfile, lang: str) -> list[SpecRequirement]:
    return [render_requirement(req, merged, lang, local=False)
            for req in select_requirements(library, merged)] + [
        render_requirement(req, merged, lang, local=True) for req in local_requirements(merged)]


def file_label(path: Path) -> str:
    """A file's name as text the documents can hold.

    A name copied from an old Windows share may not be UTF-8 (Python keeps its bytes as
    lone surrogates), and a name may hold characters XML cannot; both are shown as
    replacement characters rather than breaking the Excel and Word files.
    """
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _XML_ILLEGAL.sub("\ufffd", name)


def render_requirement(req: Requirement, merged: MergedProfile, lang: str, local: bool) -> SpecRequirement:
    tailor = {k: v[0] for k, v in merged.tailor.get(req.id, {}).items()}
    obligation = tailor.get("obligation", req.obligation)
    weight = tailor.get("weight", req.weight) or 0
    if obligation != "evaluert":
        weight = 0  # only evaluated requirements are scored
    override = tailor.get("text")
    if isinstance(override, dict):
        template = override.get(lang) or override.get("nb", "")
    elif isinstance(override, str):
        template = override
    else:
        template = req.text.get(lang)
    values = {p.name: p.default for p in req.parameters} | tailor.get("parameters", {})
    text = render_text(template, req.parameters, values, lang)
    title = pick(tailor["title"], lang) if "title" in tailor else req.title.get(lang)
    # A minstekrav is met or not: "Delvis", a number or a description cannot show which.
    response = Response("ja-nei") if obligation == "minstekrav" else tailored_response(req, tailor)
    return SpecRequirement(
        id=req.id, module=req.module, title=title, text=text,
        obligation=obligation, weight=int(weight), response_type=response.type,
        unit=response.unit.get(lang), options=tuple(o.get(lang) for o in response.options),
        kind=req.kind, areas=req.areas, standards=req.standards, user_stories=req.user_stories,
        local=local, justification=str(tailor.get("justification", "")),
        fingerprint=text_fingerprint(text),
    )


def tailored_response(req: Requirement, tailor: dict[str, Any]) -> Response:
    """The answer form the profile sets in `tailor`, else the requirement's own."""
    data = tailor.get("response")
    if not data:
        return req.response
    return Response(data["type"], Text.from_data(data.get("unit")),
                    tuple(Text.from_data(o) for o in data.get("options", ())))


def render_text(template: str, parameters: tuple[Parameter, ...], values: dict[str, Any],
                lang: str) -> str:
    """Fill `{name}` placeholders with values written the way the language writes them."""
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
    """One hash over every requirement's ID, obligation, weight and exact text, in order."""
    digest = hashlib.sha256()
    for r in reqs:
        digest.update(f"{r.id}\x1f{r.obligation}\x1f{r.weight}\x1f{r.text}\x1e".encode())
    return digest.hexdigest()


def _tender(merged: MergedProfile, date: str) -> Tender:
    get = merged.tender_value
    buyers = tuple(Buyer(b["name"], b["org_number"]) for b in get("buyers", []))
    return Tender(
        title=get("title", ""), reference=get("reference", ""), buyers=buyers,
        procedure=get("procedure", ""), contract_standard=get("contract_standard", ""),
        deadline=get("deadline", ""), date=get("date", date), version=get("version", "1.0"),
        language=merged.language, contact=Contact(**get("contact", {})),
    )


def _standards(library: Library, reqs: list[SpecRequirement], lang: str) -> tuple[SpecStandard, ...]:
    cited: dict[str, list[str]] = {}
    for r in reqs:
        for s in r.standards:
            cited.setdefault(s, []).append(r.id)
    return tuple(
        SpecStandard(s.id, s.name.get(lang), s.owner, s.url, s.mandatory, tuple(cited[s.id]))
        for s in library.standards if s.id in cited
    )


def _user_stories(library: Library, reqs: list[SpecRequirement], lang: str) -> tuple[SpecUserStory, ...]:
    traced: dict[str, list[str]] = {}
    for r in reqs:
        for s in r.user_stories:
            traced.setdefault(s, []).append(r.id)
    return tuple(
        SpecUserStory(
            s.id, s.title.get(lang), s.problem.get(lang), s.desired.get(lang), s.systems.get(lang),
            tuple(library.term_name(library.areas, a, lang) for a in s.areas),
            tuple(library.term_name(library.professions, p, lang) for p in s.professions),
            tuple(traced[s.id]),
        )
        for s in library.user_stories if s.id in traced
    )


def _deviations(library: Library, parent: MergedProfile, reqs: list[SpecRequirement],
                lang: str) -> tuple[Deviation, ...]:
    before = {r.id: r for r in _render_all(library, parent, lang)}
    after = {r.id: r for r in reqs}
    words = texts(lang)["obligation"]
    found: list[Deviation] = []
    for req_id, r in after.items():
        old = before.get(req_id)
        if old is None:
            found.append(Deviation(req_id, "added", "", r.title))
            continue
        if old.obligation != r.obligation:
            found.append(Deviation(req_id, "obligation", words[old.obligation], words[r.obligation]))
        if old.weight != r.weight:
            found.append(Deviation(req_id, "weight", str(old.weight), str(r.weight)))
        if old.text != r.text:
            found.append(Deviation(req_id, "text", old.text, r.text))
    found.extend(Deviation(i, "removed", before[i].title, "") for i in before if i not in after)
    return tuple(found)
