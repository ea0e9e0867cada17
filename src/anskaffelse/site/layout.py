"""The frame around every page: head, skip link, header with language switch, menu, footer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .html import esc, link, tag

LANGUAGES = ("nb", "nn")
"""Each language is a tree of its own (nb/, nn/); a page has the same path in both."""

NAV = (("requirements", "index.html"), ("modules", "moduler/index.html"), ("stories", "historier.html"),
       ("standards", "standarder.html"), ("changelog", "endringer.html"))


@dataclass(frozen=True)
class Page:
    path: str
    """Relative to the language folder, with '/' between parts: 'krav/EPJ-LM-001.html'."""
    title: str
    main: str
    """The HTML of <main>, starting with its h1."""
    section: str
    """The menu entry the page belongs to: requirements, modules, stories, standards, changelog, tenders."""
    scripts: tuple[str, ...] = ()
    """Script files under assets/, loaded at the end of the page."""


@dataclass(frozen=True)
class Frame:
    lang: str
    words: dict[str, Any]
    """The `site:` texts of the locale file."""
    site_name: str
    version: str
    has_tenders: bool


def up(path: str) -> str:
    """The relative way from a page back to its language folder: '' or '../'."""
    return "../" * path.count("/")


def render(page: Page, frame: Frame) -> str:
    w = frame.words
    root = up(page.path)
    other = LANGUAGES[1 - LANGUAGES.index(frame.lang)] if frame.lang in LANGUAGES else "nb"
    title = w["page_title"].format(title=page.title, site=frame.site_name)
    head = ("<head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"{tag('title', esc(title))}"
            f"<link rel=\"stylesheet\" href=\"{root}../assets/site.css\"></head>")
    header = tag("header", tag("div", (
        link(f"{root}index.html", frame.site_name, class_="brand")
        + tag("span", esc(w["version"].format(version=frame.version)), class_="version")
        + link(f"{root}../{other}/{page.path}", w["other_language"], class_="language",
               hreflang=language_tag(other), aria_label=w["other_language_label"])), class_="bar"),
        class_="site-header")
    body = (link("#main", w["skip_link"], class_="skip-link") + header + _nav(page, frame, root)
            + tag("main", page.main, id="main", tabindex="-1")
            + tag("footer", tag("p", esc(w["footer"].format(name=frame.site_name, version=frame.version))),
                  class_="site-footer")
            + "".join(f"<script src=\"{root}../assets/{esc(s)}\"></script>" for s in page.scripts))
    return f"<!DOCTYPE html>\n<html lang=\"{language_tag(frame.lang)}\">{head}<body>{body}</body></html>\n"


def _nav(page: Page, frame: Frame, root: str) -> str:
    entries = [*NAV, ("tenders", "anskaffelser/index.html")] if frame.has_tenders else list(NAV)
    shown = []
    for key, target in entries:
        current = "page" if key == page.section else None
        shown.append(tag("li", link(f"{root}{target}", frame.words[f"nav_{key}"], aria_current=current)))
    return tag("nav", tag("ul", "".join(shown)), aria_label=frame.words["nav_label"], class_="site-nav")


def language_tag(lang: str) -> str:
    """The BCP 47 tag of a document language, for `lang` attributes."""
    return {"nb": "nb-NO", "nn": "nn-NO", "en": "en"}.get(lang, lang)
