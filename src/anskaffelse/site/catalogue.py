"""The library's pages in one language: the searchable start page, modules, requirements, stories, standards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..locale import texts
from ..model import Library, Module, Requirement, Standard, UserStory
from .html import esc, facts, items, link, paragraphs, section, tag
from .layout import Page
from .requirement import Names, requirement_body, requirement_text


def library_pages(library: Library, lang: str) -> Iterator[Page]:
    names = Names.of(library, lang)
    w = texts(lang)["site"]
    yield start_page(library, names, w)
    yield Page("moduler/index.html", w["nav_modules"], _modules_index(library, names, w), "modules")
    for module in library.modules:
        yield _module_page(module, names)
    for req in library.requirements():
        main = (tag("h1", tag("span", esc(req.id), class_="req-id") + " " + esc(req.title.get(lang)), id=req.id)
                + requirement_body(req, names, "../", 1))
        yield Page(f"krav/{req.id}.html", f"{req.id} {req.title.get(lang)}", main, "requirements")
    yield Page("historier.html", w["nav_stories"], _stories(library, names, w), "stories")
    yield Page("standarder.html", w["nav_standards"], _standards(library, names, w), "standards")


def start_page(library: Library, names: Names, w: dict[str, Any]) -> Page:
    lang = names.lang
    reqs = [r for r in library.requirements() if not r.deprecated]
    main = (tag("h1", esc(library.name.get(lang))) + tag("p", esc(w["intro"]), class_="lead")
            + _search_form(library, names, w)
            + tag("h2", esc(w["results_heading"]), id="results-heading")
            + tag("p", esc(w["results_count"].format(count=len(reqs), total=len(reqs))), id="result-count",
                  role="status", data_template=w["results_count"], data_total=str(len(reqs)))
            + tag("p", esc(w["no_results"]), id="no-results", hidden="hidden")
            + tag("noscript", tag("p", esc(w["noscript"])))
            + tag("ul", "".join(_result(r, names) for r in reqs), id="results", class_="results",
                  aria_labelledby="results-heading"))
    return Page("index.html", library.name.get(lang), main, "requirements", (f"search-{lang}.js", "site.js"))


def _search_form(library: Library, names: Names, w: dict[str, Any]) -> str:
    words = texts(names.lang)
    tags = sorted({t for r in library.requirements() for t in r.tags})
    choices = [
        ("area", w["filter_area"], sorted(names.areas.items(), key=lambda kv: kv[1])),
        ("module", w["filter_module"], list(names.modules.items())),
        ("tag", w["filter_tag"], [(t, t) for t in tags]),
        ("obligation", w["filter_obligation"], list(words["obligation"].items())),
        ("standard", w["filter_standard"], sorted(names.standards.items())),
    ]
    selects = "".join(_select(key, label, options, w["filter_all"]) for key, label, options in choices)
    field = (tag("label", esc(w["search_label"]), for_="q")
             + tag("p", esc(w["search_hint"]), id="q-hint", class_="hint")
             + '<input type="search" id="q" name="q" autocomplete="off" aria-describedby="q-hint">')
    return tag("form", tag("h2", esc(w["search_heading"]), id="search-heading")
               + tag("div", field, class_="field search-field")
               + tag("div", selects, class_="filters")
               + tag("button", esc(w["reset"]), type="reset", class_="button-secondary"),
               id="search-form", role="search", aria_labelledby="search-heading")


def _select(key: str, label: str, options: list[tuple[str, str]], everything: str) -> str:
    shown = tag("option", esc(everything), value="") + "".join(
        tag("option", esc(name), value=value) for value, name in options)
    return tag("div", tag("label", esc(label), for_=f"f-{key}") + tag("select", shown, id=f"f-{key}", name=key),
               class_="field")


def _result(req: Requirement, names: Names) -> str:
    words = texts(names.lang)
    meta = " · ".join([names.modules.get(req.module, req.module),
                       words["obligation"].get(req.obligation, req.obligation)])
    text = requirement_text(req, names.lang)
    short = text if len(text) <= 220 else text[:217].rsplit(" ", 1)[0] + " …"
    return tag("li", tag("h3", link(f"krav/{req.id}.html", f"{req.id} {req.title.get(names.lang)}"))
               + tag("p", esc(meta), class_="meta") + tag("p", esc(short)), id=f"r-{req.id}")


def _modules_index(library: Library, names: Names, w: dict[str, Any]) -> str:
    rows = (link(f"{m.id}.html", m.title.get(names.lang)) + " "
            + tag("span", esc(w["requirement_count"].format(count=len(m.requirements))), class_="count")
            for m in library.modules)
    return tag("h1", esc(w["nav_modules"])) + tag("p", esc(w["modules_intro"]), class_="lead") + items(rows)


def _module_page(module: Module, names: Names) -> Page:
    lang = names.lang
    contents = items(link(f"#{r.id}", f"{r.id} {r.title.get(lang)}") for r in module.requirements)
    blocks = "".join(
        tag("article", tag("h2", tag("span", esc(r.id), class_="req-id") + " " + esc(r.title.get(lang))
                           + " " + link(f"../krav/{r.id}.html", "#", class_="permalink",
                                        aria_label=f"{texts(lang)['site']['link_label']} {r.id}"), id=r.id)
            + requirement_body(r, names, "../", 2), class_="requirement")
        for r in module.requirements)
    main = (tag("h1", esc(module.title.get(lang))) + paragraphs(module.description.get(lang))
            + tag("nav", contents, aria_label=module.title.get(lang), class_="toc") + blocks)
    return Page(f"moduler/{module.id}.html", module.title.get(lang), main, "modules")


def _stories(library: Library, names: Names, w: dict[str, Any]) -> str:
    realising: dict[str, list[Requirement]] = {}
    for req in library.requirements():
        for story in req.user_stories:
            realising.setdefault(story, []).append(req)
    blocks = "".join(_story(s, realising.get(s.id, []), names, w) for s in library.user_stories)
    return tag("h1", esc(w["nav_stories"])) + tag("p", esc(w["stories_intro"]), class_="lead") + blocks


def _story(story: UserStory, reqs: list[Requirement], names: Names, w: dict[str, Any]) -> str:
    lang = names.lang
    demo = ""
    if story.demo is not None:
        demo = section(w["demo_label"], facts([
            (w["demo_data"], paragraphs(story.demo.data.get(lang))),
            (w["demo_steps"], items((esc(s.get(lang)) for s in story.demo.steps), ordered=True)),
            (w["demo_look_for"], items(esc(s.get(lang)) for s in story.demo.look_for))]), 3)
    return tag("article", tag("h2", esc(f"{story.id} {story.title.get(lang)}"), id=story.id) + facts([
        (w["story_problem"], paragraphs(story.problem.get(lang))),
        (w["story_desired"], paragraphs(story.desired.get(lang))),
        (w["story_systems"], paragraphs(story.systems.get(lang))),
        (w["areas_label"], esc(", ".join(names.areas.get(a, a) for a in story.areas))),
        (w["story_requirements"], items(link(f"krav/{r.id}.html", f"{r.id} {r.title.get(lang)}") for r in reqs)),
    ]) + demo, class_="story")


def _standards(library: Library, names: Names, w: dict[str, Any]) -> str:
    citing: dict[str, list[Requirement]] = {}
    for req in library.requirements():
        for cited in req.standards:
            citing.setdefault(cited, []).append(req)
    ordered = sorted(library.standards, key=lambda s: s.id)
    blocks = "".join(_standard(s, citing.get(s.id, []), names, w) for s in ordered)
    return tag("h1", esc(w["nav_standards"])) + tag("p", esc(w["standards_intro"]), class_="lead") + blocks


def _standard(standard: Standard, reqs: list[Requirement], names: Names, w: dict[str, Any]) -> str:
    lang = names.lang
    yes = texts(lang)["answer"]["yes"]
    cited = (items(link(f"krav/{r.id}.html", f"{r.id} {r.title.get(lang)}") for r in reqs)
             or tag("p", esc(w["standard_not_cited"])))
    address = link(standard.url, standard.url) if standard.url.startswith(("https://", "http://")) else esc(
        standard.url)
    return tag("article", tag("h2", esc(f"{standard.id}: {standard.name.get(lang)}"), id=standard.id) + facts([
        (w["standard_owner"], esc(standard.owner)),
        ("URL", address),
        (w["standard_mandatory"], esc(yes) if standard.mandatory else ""),
        (w["standard_binding"], paragraphs(standard.binding.get(lang))),
        (w["standard_cited_by"], cited),
    ]), class_="standard")
