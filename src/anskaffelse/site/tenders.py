"""A built tender's specification as pages, with its documents to download.

The UI text is in the page's language; the specification's own text keeps the
tender's language, marked with its `lang` attribute.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..locale import long_date, texts
from ..resolved import Specification, SpecModule, SpecRequirement
from .html import esc, facts, items, link, paragraphs, section, tag
from .layout import Page, language_tag

DOWNLOADS = (("docx", "kravspesifikasjon.docx"), ("xlsx", "svarskjema.xlsx"), ("json", "spesifikasjon.json"))
"""What the site builds for each tender, and the suffix `anskaffelse build` gives each file."""


@dataclass(frozen=True)
class Tender:
    name: str
    """The profile file's stem: the page's and the files' name."""
    spec: Specification


def tender_pages(tenders: Sequence[Tender], lang: str) -> Iterator[Page]:
    if not tenders:
        return
    w = texts(lang)["site"]
    rows = (link(f"{t.name}.html", t.spec.tender.title) + " " + tag(
        "span", esc(w["requirement_count"].format(count=t.spec.requirement_count)), class_="count")
        for t in tenders)
    main = tag("h1", esc(w["nav_tenders"])) + tag("p", esc(w["tenders_intro"]), class_="lead") + items(rows)
    yield Page("anskaffelser/index.html", w["nav_tenders"], main, "tenders")
    for tender in tenders:
        yield Page(f"anskaffelser/{tender.name}.html", tender.spec.tender.title, _tender_main(tender, lang),
                   "tenders")


def _tender_main(tender: Tender, lang: str) -> str:
    spec = tender.spec
    w = texts(lang)["site"]
    t = spec.tender
    downloads = items(link(f"../../filer/{tender.name}-{suffix}", w[f"download_{kind}"], download="")
                      for kind, suffix in DOWNLOADS)
    award = items(esc(f"{c.name}: {_number(c.weight, lang)} %") for c in spec.award_criteria)
    contents = items(link(f"#{m.id}", m.title) for m in spec.modules)
    body = (tag("h1", esc(t.title))
            + facts([(w["tender_reference"], esc(t.reference)),
                     (w["tender_buyers"], esc(", ".join(b.name for b in t.buyers))),
                     (w["tender_deadline"], esc(long_date(t.deadline, lang))),
                     (w["tender_date"], esc(long_date(t.date, lang))),
                     (w["tender_language"], esc(texts(spec.language)["site"]["language_name"])),
                     (w["tender_fingerprint"], tag("code", esc(spec.fingerprint)))])
            + section(w["tender_downloads"], downloads)
            + section(w["tender_award"], tag("div", award, lang=language_tag(spec.language)))
            + section(w["tender_contents"], tag("nav", contents, aria_label=w["tender_contents"], class_="toc")))
    return body + tag("div", "".join(_module(m, lang, w) for m in spec.modules), lang=language_tag(spec.language))


def _module(module: SpecModule, lang: str, w: dict[str, Any]) -> str:
    return tag("section", tag("h2", esc(module.title), id=module.id) + paragraphs(module.description)
               + "".join(_requirement(r, lang, w) for r in module.requirements))


def _requirement(req: SpecRequirement, lang: str, w: dict[str, Any]) -> str:
    words = texts(lang)
    meta = words["obligation"].get(req.obligation, req.obligation)
    if req.obligation == "evaluert" and req.weight:
        meta += f" · {w['weight_label']} {req.weight}"
    title = tag("span", esc(req.id), class_="req-id") + " " + esc(req.title)
    if not req.local:
        title += " " + link(f"../krav/{req.id}.html", "#", class_="permalink",
                            aria_label=f"{w['link_label']} {req.id}", lang=language_tag(lang))
    return tag("article", tag("h3", title, id=req.id) + tag("p", esc(meta), class_="meta", lang=language_tag(lang))
               + tag("div", paragraphs(req.text), class_="requirement-text"), class_="requirement")


def _number(value: float, lang: str) -> str:
    from ..resolve import format_value

    return format_value(value, lang)
