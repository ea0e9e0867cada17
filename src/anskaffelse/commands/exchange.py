"""`anskaffelse import reqif`: a ReqIF file from another requirements tool as a module of the library."""

from __future__ import annotations

from pathlib import Path

import typer

from ..diagnostics import dumps, printable
from ..locale.messages import ngettext
from .common import print_diagnostics


def run_import_reqif(source: Path, out: Path, module_id: str | None, force: bool, as_json: bool) -> int:
    from ..api import import_reqif

    result = import_reqif(source, out, module_id, force)
    if as_json:
        typer.echo(dumps({"ok": True, "source": str(result.source), "output": str(result.output),
                          "module": result.module, "requirements": result.requirements,
                          "warnings": [w.to_dict() for w in result.warnings]}))
        return 0
    print_diagnostics(list(result.warnings))
    line = ngettext("{source}: {count} requirement(s) as module '{module}' in {file}",
                    "{source}: {count} requirement(s) as module '{module}' in {file}", result.requirements)
    typer.echo(printable(line.format(source=source, count=result.requirements, module=result.module, file=out)))
    return 0
