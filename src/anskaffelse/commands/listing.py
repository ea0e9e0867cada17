"""`anskaffelse list`: the library's requirements, or the names a profile can use (areas, modules, …)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..diagnostics import UsageError, dumps, printable
from ..library import LoadedLibrary, require_library
from ..model import Library, Requirement
from ..suggest import close_names, did_you_mean

# What each vocabulary is called on screen, and the profile key that uses it.
_HEADINGS = {
    "areas": ("Service areas", "select: areas"),
    "modules": ("Modules", "select: modules"),
    "tags": ("Tags", "select: tags"),
    "kinds": ("Requirement kinds", "local_requirements: kind"),
    "stories": ("User stories", "local_requirements: user_stories"),
}


def run_list(what: str | None, filters: dict[str, str | None], lang: str, library: Path | None,
             as_json: bool) -> int:
    """`filters` holds module, area, tag and search; they apply to the requirement list only."""
    loaded = require_library(library)
    if what is not None:
        if any(filters.values()):
            raise UsageError(f"--module, --area, --tag and --search filter the requirement list; "
                             f"use them without '{what}'")
        word = _plural(what)
        # An unknown word goes on as typed, so that the message quotes it as the user wrote it.
        return _list_vocabulary(word if word in _HEADINGS else what, loaded, lang, as_json)
    lib = loaded.library
    _check_filters(lib, filters)
    reqs = [r for r in lib.requirements() if _wanted(r, filters)]
    if as_json:
        rows = [{"id": r.id, "module": r.module, "title": r.title.get(lang),
                 "obligation": r.obligation, "weight": r.weight or 0, "kind": r.kind,
                 "areas": list(r.areas), "tags": list(r.tags), "deprecated": r.deprecated} for r in reqs]
        typer.echo(dumps(rows))
        return 0
    _print_requirements(lib, reqs, lang)
    if not reqs and filters.get("search"):
        _explain_empty_search(lib, str(filters["search"]))
    return 0


def _plural(what: str) -> str:
    """'area' and 'Areas' mean areas: a typed word should not fail on its number or case."""
    word = what.strip().casefold()
    return word if word.endswith("s") else f"{word}s"


def _check_filters(lib: Library, filters: dict[str, str | None]) -> None:
    checks = (("module", "module", [m.id for m in lib.modules], "modules"),
              ("area", "service area", [a.id for a in lib.areas], "areas"),
              ("tag", "tag", sorted({t for r in lib.requirements() for t in r.tags}), "tags"))
    for key, label, known, listing in checks:
        value = filters.get(key)
        if value and value not in known:
            guess = did_you_mean(close_names(value, known))
            raise UsageError(f"unknown {label} '{value}'. {guess + ' ' if guess else ''}"
                             f"See them all with: anskaffelse list {listing}")


def _wanted(req: Requirement, filters: dict[str, str | None]) -> bool:
    module, area, tag, search = (filters.get(k) for k in ("module", "area", "tag", "search"))
    return ((not module or req.module == module)
            and (not area or req.applies_to(frozenset([area])))
            and (not tag or tag in req.tags)
            and (not search or _matches(req, search)))


def _matches(req: Requirement, needle: str) -> bool:
    needle = needle.casefold()
    haystack = [req.id, req.title.nb, req.text.nb, req.title.nn or "", req.text.nn or ""]
    return any(needle in h.casefold() for h in haystack)


def _print_requirements(lib: Library, reqs: list[Requirement], lang: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(printable(f"{lib.name.get(lang)} {lib.version}: {len(reqs)} krav")))
    table.add_column("ID", no_wrap=True)
    for column in ("Module", "Obligation", "Weight", "Title"):
        table.add_column(column)
    for r in reqs:
        table.add_row(*(Text(printable(cell)) for cell in (r.id, r.module, r.obligation, str(r.weight or ""),
                                                           r.title.get(lang))))
    Console(highlight=False).print(table)


def _explain_empty_search(lib: Library, search: str) -> None:
    """'hjemmesykepleie' is found in no text, because the library calls the area something else."""
    from .common import stderr_console

    area = close_names(search, [a.id for a in lib.areas], limit=1)
    module = close_names(search, [m.id for m in lib.modules], limit=1)
    tips = [f"anskaffelse list --area {area[0]}"] if area else []
    tips += [f"anskaffelse list --module {module[0]}"] if module else []
    message = f"No requirement mentions '{search}'."
    if tips:
        message += f" Perhaps you mean: {' or '.join(tips)}"
    else:
        message += " The names a profile can use: anskaffelse list areas (or modules, tags, kinds, stories)."
    stderr_console().print(printable(message), style="yellow", markup=False)


def _list_vocabulary(what: str, loaded: LoadedLibrary, lang: str, as_json: bool) -> int:
    from ..api import vocabulary
    from ..taxonomy import for_all_areas

    entries = vocabulary(what, loaded, lang)
    if as_json:
        typer.echo(dumps([{"id": e.id, "name": e.name, "requirements": e.requirements} for e in entries]))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    heading, key = _HEADINGS[what]
    caption = f"Use the IDs in the profile under '{key}'."
    if what == "areas":
        caption += (f" Besides these, {for_all_areas(loaded.library)} requirements apply to every area "
                    "and come with any choice of areas.")
    table = Table(title=f"{heading}: {len(entries)}", caption=caption)
    table.add_column("ID", no_wrap=True)
    if what != "tags":  # tags are plain words without a display name
        table.add_column("Name")
    table.add_column("Requirements", justify="right")
    for e in entries:
        cells: list[Any] = [Text(printable(e.id))]
        if what != "tags":
            cells.append(Text(printable(e.name)))
        table.add_row(*cells, str(e.requirements))
    Console(highlight=False).print(table)
    return 0
