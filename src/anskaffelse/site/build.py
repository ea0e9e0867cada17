"""Putting the site together: pages in both languages, the assets, the search index and each tender's files."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..library import LoadedLibrary
from ..locale import texts
from .catalogue import library_pages
from .changelog import changelog_html, read_changelog
from .html import esc, tag
from .layout import LANGUAGES, Frame, Page, render
from .output import check_target, publish, staging
from .search_index import search_script
from .tenders import DOWNLOADS, Tender, tender_pages

ASSETS = ("site.css", "site.js")


@dataclass(frozen=True)
class SiteResult:
    out_dir: Path
    pages: int
    requirements: int
    tenders: tuple[str, ...]


def build_site(loaded: LoadedLibrary, tenders: Sequence[Tender], out_dir: Path,
               build_files: Callable[[Path], None] | None = None) -> SiteResult:
    """Write the site into `out_dir`; `build_files(folder)` writes each tender's documents into `folder`."""
    target = Path(os.path.abspath(out_dir))  # '-o .' has no name to put a folder beside
    check_target(target)
    library = loaded.library
    changelog = read_changelog(library.root)
    pages = 0
    with staging(target) as folder:
        for lang in LANGUAGES:
            frame = Frame(lang, texts(lang)["site"], library.name.get(lang), library.version, bool(tenders))
            all_pages = [*library_pages(library, lang), _changelog_page(changelog, frame),
                         *tender_pages(tenders, lang)]
            for page in all_pages:
                _write(folder / lang / page.path, render(page, frame).encode("utf-8"))
            pages += len(all_pages)
            _write(folder / "assets" / f"search-{lang}.js", search_script(library, lang).encode("utf-8"))
        for name in ASSETS:
            _write(folder / "assets" / name, (resources.files(__package__) / "static" / name).read_bytes())
        _write(folder / "index.html", _entry_page(library.name.get("nb")).encode("utf-8"))
        if build_files is not None:
            build_files(folder / "filer")
        publish(folder, target)
    return SiteResult(out_dir, pages, len(library.requirements()), tuple(t.name for t in tenders))


def _changelog_page(markdown: str, frame: Frame) -> Page:
    w = frame.words
    # The library's changelog is written in English; its language is marked so screen readers read it so.
    main = (tag("h1", esc(w["nav_changelog"])) + tag("p", esc(w["changelog_intro"]), class_="lead")
            + tag("div", changelog_html(markdown), lang="en", class_="changelog"))
    return Page("endringer.html", w["nav_changelog"], main, "changelog")


def _entry_page(name: str) -> str:
    """The folder's own index.html: it sends the reader to the bokmål start page."""
    return ("<!DOCTYPE html>\n<html lang=\"nb-NO\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(name)}</title><meta http-equiv=\"refresh\" content=\"0; url=nb/index.html\"></head>"
            f"<body><main><h1>{esc(name)}</h1><p><a href=\"nb/index.html\">Bokmål</a> · "
            "<a href=\"nn/index.html\" lang=\"nn-NO\">Nynorsk</a></p></main></body></html>\n")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


__all__ = ["DOWNLOADS", "SiteResult", "Tender", "build_site"]
