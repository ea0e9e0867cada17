"""Library + merged profile -> `Specification`. Pure: no files, no clock.

Selection rule, in this order:
1. start from the library's requirements in library order;
2. keep those in `select.modules` (all modules when not given);
3. keep those that apply to one of `select.areas` (all areas when not given;
   requirements for all areas always apply);
4. keep those with one of `select.tags` (any when not given);
5. add `include`, remove `exclude` (the later profile in a chain wins); a
   module named under `exclude` removes its requirements but those included
   by ID;
6. drop deprecated requirements unless included by ID;
7. append local requirements.

A user story is printed only when it applies: it names a selected service area
(any, when the profile selects none; in a joint tender whose members list their
areas, one a member runs), it is not under `exclude_stories` or `exclude`, and
the document holds at least half of the story's requirements for those areas, so
a story left with one cross-cutting requirement after its module was excluded is
not printed.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from ..award.criteria import resolve_criteria, resolve_price_form
from ..chapters import resolve_chapters
from ..collaboration.members import resolve_members
from ..collaboration.scope import apply_scope, joint_scope, story_areas
from ..library import requirement_from_data
from ..locale import texts
from ..localtext import pick
from ..model import Library, Parameter, Requirement, UserStory
from ..profile import MergedProfile, parent_of
from ..resolved import (
    Buyer,
    Contact,
    DemoScript,
    Deviation,
    Specification,
    SpecModule,
    SpecRequirement,
    SpecStandard,
    SpecUserStory,
    Tender,
)
from .render import (
    format_value,
    render_requirement,
    render_text,
    rendered_text,
    specification_fingerprint,
    tailored_response,
    text_and_values,
    text_fingerprint,
)

__all__ = [
    "LOCAL_MODULE", "evaluated_among", "evaluated_requirements", "file_label", "format_value", "local_requirements",
    "render_requirement", "render_text", "rendered_text", "resolve", "select_requirements",
    "specification_fingerprint", "story_applies", "tailored_response", "text_and_values", "text_fingerprint",
]

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
            if req.module in merged.exclude:
                continue
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


def evaluated_requirements(library: Library, merged: MergedProfile) -> list[Requirement]:
    """The requirements the profile builds whose obligation, after tailoring, is `evaluert`."""
    return evaluated_among(select_requirements(library, merged) + local_requirements(merged), merged)


def evaluated_among(built: list[Requirement], merged: MergedProfile) -> list[Requirement]:
    """Those of `built` (the profile's selected and local requirements) whose tailored obligation is `evaluert`."""
    return [r for r in built if _tailored(merged, r, "obligation", r.obligation) == "evaluert"]


def _tailored(merged: MergedProfile, req: Requirement, key: str, default: Any) -> Any:
    change = merged.tailor.get(req.id, {}).get(key)
    return change[0] if change else default


def resolve(library: Library, merged: MergedProfile, date: str) -> Specification:
    """The complete specification. `date` is used when the profile gives none."""
    lang = merged.language
    chosen, locals_ = select_requirements(library, merged), local_requirements(merged)
    reqs = apply_scope(_rendered(chosen, locals_, merged, lang), joint_scope(merged))
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
    members = resolve_members(merged, reqs, lang)
    tender = _tender(merged, date)
    if not tender.buyers:  # a joint tender's members are its buyers unless the profile lists them
        tender = dataclasses.replace(tender, buyers=tuple(Buyer(m.name, m.org_number) for m in members))
    parent = parent_of(merged)
    stories = _user_stories(library, merged, reqs, lang)
    printed = {s.id for s in stories}
    criteria = resolve_criteria(merged.award_criteria[0] if merged.award_criteria else [],
                                evaluated_among(chosen + locals_, merged), lang)
    return Specification(
        tender=tender,
        profile=file_label(merged.path),
        parent_profile=file_label(parent.path) if parent else "",
        library_id=library.id,
        library_name=library.name.get(lang),
        library_version=library.version,
        modules=tuple(_with_printed_stories(m, printed) for m in modules),
        standards=_standards(library, reqs, lang),
        user_stories=stories,
        award_criteria=criteria,
        deviations=_deviations(library, merged, parent, reqs, lang) if parent else (),
        area_names=tuple((a.id, a.name.get(lang)) for a in library.areas),
        subcriterion_names=tuple((c.id, c.name.get(lang)) for c in library.subcriteria),
        # In document order, as the JSON and the answer sheet list them (a local requirement may stand in a
        # library module's chapter), so a reader of the JSON can check the fingerprint again.
        fingerprint=specification_fingerprint([r for m in modules for r in m.requirements]),
        chapters=resolve_chapters(merged, lang),
        parent_title=str(parent.tender_value("title", "")) if parent else "",
        publish_justifications=bool(merged.publish_justification and merged.publish_justification[0]),
        award_basis=merged.award_basis,
        price_form=resolve_price_form(merged.price_form[0] if merged.price_form else None, criteria, lang),
        members=members,
    )


def _with_printed_stories(module: SpecModule, printed: set[str]) -> SpecModule:
    """A requirement refers only to the user stories the document prints."""
    reqs = tuple(r if set(r.user_stories) <= printed else
                 dataclasses.replace(r, user_stories=tuple(s for s in r.user_stories if s in printed))
                 for r in module.requirements)
    return dataclasses.replace(module, requirements=reqs)


def _render_all(library: Library, merged: MergedProfile, lang: str) -> list[SpecRequirement]:
    return _rendered(select_requirements(library, merged), local_requirements(merged), merged, lang)


def _rendered(chosen: list[Requirement], locals_: list[Requirement], merged: MergedProfile,
              lang: str) -> list[SpecRequirement]:
    return ([render_requirement(req, merged, lang, local=False) for req in chosen]
            + [render_requirement(req, merged, lang, local=True) for req in locals_])


def file_label(path: Path) -> str:
    """A file's name as text the documents can hold.

    A name copied from an old Windows share may not be UTF-8 (Python keeps its bytes as
    lone surrogates), and a name may hold characters XML cannot; both are shown as
    replacement characters rather than breaking the Excel and Word files.
    """
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _XML_ILLEGAL.sub("\ufffd", name)


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
        SpecStandard(s.id, s.name.get(lang), s.owner, s.url, s.mandatory, tuple(cited[s.id]),
                     s.mandatory_for, s.binding.get(lang))
        for s in library.standards if s.id in cited
    )


def _user_stories(library: Library, merged: MergedProfile, reqs: list[SpecRequirement],
                  lang: str) -> tuple[SpecUserStory, ...]:
    traced: dict[str, list[SpecRequirement]] = {}
    for r in reqs:
        for s in r.user_stories:
            traced.setdefault(s, []).append(r)
    realising: dict[str, list[Requirement]] = {}
    for req in library.requirements():
        for s in req.user_stories:
            if not req.deprecated:
                realising.setdefault(s, []).append(req)
    areas = story_areas(merged)
    return tuple(
        SpecUserStory(
            s.id, s.title.get(lang), s.problem.get(lang), s.desired.get(lang), s.systems.get(lang),
            tuple(library.term_name(library.areas, a, lang) for a in s.areas),
            tuple(library.term_name(library.professions, p, lang) for p in s.professions),
            tuple(r.id for r in traced[s.id]),
            _demo(s, lang),
        )
        for s in library.user_stories
        if s.id in traced and s.id not in merged.exclude_stories and s.id not in merged.exclude
        and story_applies(s, areas, realising.get(s.id, []), traced[s.id])
    )


def _demo(story: UserStory, lang: str) -> DemoScript | None:
    demo = story.demo
    if demo is None:
        return None
    return DemoScript(demo.data.get(lang), tuple(s.get(lang) for s in demo.steps),
                      tuple(s.get(lang) for s in demo.look_for))


def story_applies(story: UserStory, selected: frozenset[str] | None, realising: list[Requirement],
                  in_document: list[SpecRequirement]) -> bool:
    """Whether the document realises the story for the selected service areas (see the module docstring)."""
    wanted = frozenset(story.areas) if selected is None else frozenset(story.areas) & selected
    if not wanted:
        return False
    needed = {r.id for r in realising if r.applies_to(wanted)}
    present = {r.id for r in in_document if r.local or r.id in needed}
    return bool(present) and 2 * len(present) >= len(needed | present)


def _deviations(library: Library, merged: MergedProfile, parent: MergedProfile, reqs: list[SpecRequirement],
                lang: str) -> tuple[Deviation, ...]:
    """What a member changed in the base profile: only real changes, one line each.

    An obligation change carries its weight along (a minstekrav has none), so
    it is one line, not a second "weight 9 -> 0"; a text that differs only by
    its parameter values is shown as the values that changed.
    """
    before = {r.id: r for r in _render_all(library, parent, lang)}
    words = texts(lang)

    def chapter(module_id: str) -> str:
        module = library.module(module_id)
        return module.title.get(lang) if module else words["local_module"]

    found: list[Deviation] = _award_criteria_change(merged, parent, lang)
    for r in reqs:
        old = before.get(r.id)
        if old is None:
            found.append(Deviation(r.id, "added", "", r.title, chapter(r.module)))
            continue
        if old.obligation != r.obligation:
            found.append(Deviation(r.id, "obligation", _obligation(old, words), _obligation(r, words)))
        elif old.weight != r.weight:
            found.append(Deviation(r.id, "weight", str(old.weight), str(r.weight)))
        if old.text != r.text:
            found.extend(_text_change(library.requirement(r.id), merged, parent, old, r, lang))
    after = {r.id for r in reqs}
    found.extend(Deviation(i, "removed", old.title, "", chapter(old.module))
                 for i, old in before.items() if i not in after)
    return tuple(found)


def _obligation(req: SpecRequirement, words: dict[str, Any]) -> str:
    shown = words["obligation"][req.obligation]
    if req.obligation != "evaluert":
        return shown
    return f"{shown} ({words['document']['column_weight'].lower()} {req.weight})"


def _text_change(source: Requirement | None, merged: MergedProfile, parent: MergedProfile,
                 old: SpecRequirement, new: SpecRequirement, lang: str) -> list[Deviation]:
    if source is not None:
        old_text, old_values = text_and_values(source, parent, lang)
        new_text, new_values = text_and_values(source, merged, lang)
        if old_text == new_text:
            return [
                Deviation(new.id, "parameter", _parameter(p, old_values, lang), _parameter(p, new_values, lang))
                for p in source.parameters if old_values.get(p.name) != new_values.get(p.name)
            ]
    return [Deviation(new.id, "text", old.text, new.text)]


def _parameter(param: Parameter, values: dict[str, Any], lang: str) -> str:
    label = param.description.get(lang) or param.name
    return f"{label}: {render_text('{' + param.name + '}', (param,), values, lang)}"


def _award_criteria_change(merged: MergedProfile, parent: MergedProfile, lang: str) -> list[Deviation]:
    """A member that replaces the award criteria says so; the evaluation model chapter gives the details."""
    old = parent.award_criteria[0] if parent.award_criteria else []
    new = merged.award_criteria[0] if merged.award_criteria else []
    if old == new:
        return []
    return [Deviation("", "award_criteria", _criteria(old, lang), _criteria(new, lang))]


def _criteria(criteria: list[dict[str, Any]], lang: str) -> str:
    return ", ".join(f"{pick(c.get('name'), lang)} {format_value(c.get('weight', ''), lang)} %" for c in criteria)
