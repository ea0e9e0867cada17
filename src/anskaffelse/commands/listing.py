"""`anskaffelse list`: the library's requirements, or the names a profile can use (areas, modules, …)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..diagnostics import UsageError, dumps, printable
from ..library import LoadedLibrary, require_library
from ..locale.messages import _
from ..model import Library, Requirement
from ..suggest import close_names, did_you_mean

# The profile key that uses each vocabulary.
_KEYS = {
    "areas": "select: areas",
    "modules": "select: modules",
    "tags": "select: tags",
    "kinds": "local_requirements: kind",
    "stories": "local_requirements: user_stories",
}


def _heading(what: str) -> str:
    """What each vocabulary is called on screen."""
    return {"areas": _("Service areas"), "modules": _("Modules"), "tags": _("Tags"),
            "kinds": _("Requirement kinds"), "stories": _("User stories")}[what]


def run_list(what: str | None, filters: dict[str, str | None], lang: str, library: Path | None,
             as_json: bool) -> int:
    """`filters` holds module, area, tag and search; they apply to the requirement list only."""
    loaded = require_library(library)
    if what is not None:
        if any(filters.values()):
            raise UsageError(_("--module, --area, --tag and --search filter the requirement list; use them "
                               "without '{what}'").format(what=what))
        word = _plural(what)
        # An unknown word goes on as typed, so that the message quotes it as the user wrote it.
        return _list_vocabulary(word if word in _KEYS else what, loaded, lang, as_json)
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
    checks = (("module", _("unknown module '{value}'."), [m.id for m in lib.modules], "modules"),
              ("area", _("unknown service area '{value}'."), [a.id for a in lib.areas], "areas"),
              ("tag", _("unknown tag '{value}'."), sorted({t for r in lib.requirements() for t in r.tags}), "tags"))
    for key, unknown, known, listing in checks:
        value = filters.get(key)
        if value and value not in known:
            guess = did_you_mean(close_names(value, known))
            see = _("See them all with: anskaffelse list {listing}").format(listing=listing)
            raise UsageError(" ".join(part for part in (unknown.format(value=value), guess, see) if part))


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

    table = Table(title=Text(printable(_("{library} {version}: {count} requirements").format(
        library=lib.name.get(lang), version=lib.version, count=len(reqs)))))
    table.add_column("ID", no_wrap=True)
    for column in (_("Module"), _("Obligation"), _("Weight"), _("Title")):
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
    message = _("No requirement mentions '{search}'.").format(search=search)
    if len(tips) == 2:
        message += " " + _("Perhaps you mean: {first} or {second}").format(first=tips[0], second=tips[1])
    elif tips:
        message += " " + _("Perhaps you mean: {command}").format(command=tips[0])
    else:
        message += " " + _("The names a profile can use: anskaffelse list areas (or modules, tags, kinds, stories).")
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

    caption = _("Use the IDs in the profile under '{key}'.").format(key=_KEYS[what])
    if what == "areas":
        caption += " " + _("Besides these, {count} requirements apply to every area and come with any choice of "
                           "areas.").format(count=for_all_areas(loaded.library))
    table = Table(title=f"{_heading(what)}: {len(entries)}", caption=caption)
    table.add_column("ID", no_wrap=True)
    if what != "tags":  # tags are plain words without a display name
        table.add_column(_("Name"))
    table.add_column(_("Requirements"), justify="right")
    for e in entries:
        cells: list[Any] = [Text(printable(e.id))]
        if what != "tags":
            cells.append(Text(printable(e.name)))
        table.add_row(*cells, str(e.requirements))
    Console(highlight=False).print(table)
    return 0
