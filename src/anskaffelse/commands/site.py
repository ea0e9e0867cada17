"""`anskaffelse site`: write the web catalogue and say where it is."""

from __future__ import annotations

from pathlib import Path

import typer

from ..diagnostics import display_path, dumps
from ..library import require_library
from ..locale.messages import _, ngettext
from .common import _check_profile_path, stderr_console


def run_site(profiles: list[Path], out: Path, library: Path | None, as_json: bool) -> int:
    from ..api import build_site

    for path in profiles:
        _check_profile_path(path)
    loaded = require_library(library)
    result = build_site(profiles, out, loaded)
    index = out / "index.html"
    if as_json:
        typer.echo(dumps({"ok": True, "out_dir": str(out), "index": str(index), "pages": result.pages,
                          "requirements": result.requirements, "tenders": list(result.tenders)}))
        return 0
    tenders = ngettext("{count} tender(s)", "{count} tender(s)", len(result.tenders)).format(
        count=len(result.tenders))
    stderr_console().print(_("Wrote {pages} pages ({requirements} requirements, {tenders}) to {folder}; open {index} "
                             "in a browser.").format(pages=result.pages, requirements=result.requirements,
                                                     tenders=tenders, folder=display_path(out),
                                                     index=display_path(index)), markup=False, highlight=False)
    return 0
