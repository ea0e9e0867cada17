"""The library to and from other places: a ReqIF file read into a module, and the web catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, InputError, UsageError, display_path
from ..library import LoadedLibrary, require_library
from ..locale.messages import _
from .tender import build, check_request, specification, write_files

if TYPE_CHECKING:
    from ..site import SiteResult

@dataclass(frozen=True)
class ImportResult:
    source: Path
    output: Path
    module: str
    requirements: int
    warnings: tuple[Diagnostic, ...]


def import_reqif(source: Path | str, out: Path | str, module_id: str | None = None,
                 force: bool = False) -> ImportResult:
    """Write the requirements of a ReqIF file as a module YAML file of the library format.

    Raises `InputError` for a malformed, hostile or incomplete file (nothing is written) and
    `UsageError` for an existing output file without `force`, or a module ID that cannot be one.
    """
    from ..exchange.module_file import module_yaml, schema_findings
    from ..exchange.reqif import import_reqif as read_module
    from ..exchange.reqif import valid_module_id

    source, out = Path(source), Path(out)
    if module_id is not None and not valid_module_id(module_id):
        raise UsageError(_("--id '{id}' is not a module ID; use lower-case letters, digits and hyphens, such as "
                           "'lokale-krav'").format(id=module_id[:60]))
    if out.is_dir():
        raise UsageError(_("{path} is a folder; give the name of the module file to write, such as "
                           "{path}/modul.yaml").format(path=out))
    if out.exists() and not force:
        raise UsageError(_("{path} already exists; choose another name or add --force").format(path=out))
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError(_("{path} is the ReqIF file itself; choose another name for the module").format(path=out))
    imported = read_module(source, module_id)
    findings = schema_findings(imported.data, display_path(source))
    if findings:
        raise InputError(findings)
    write_files({out: module_yaml(imported.data, source.name)}, out.parent)
    return ImportResult(source, out, imported.data["id"], imported.requirements, imported.warnings)


def build_site(profiles: Sequence[Path | str], out_dir: Path | str,
               library: LoadedLibrary | Path | str | None = None) -> SiteResult:
    """Write the web catalogue into `out_dir`: the library in bokmål and nynorsk, and each profile's
    specification as pages with its docx, xlsx and json to download.

    Raises `InputError` for a profile with errors and `UsageError` when `out_dir` holds files the
    catalogue did not write; in both cases nothing is written.
    """
    from ..site import build_site as write_site
    from ..site.tenders import DOWNLOADS, Tender

    paths = [Path(p) for p in profiles]
    check_request(paths, [kind for kind, _ in DOWNLOADS])
    loaded = library if isinstance(library, LoadedLibrary) else require_library(Path(library) if library else None)
    tenders = [Tender(path.stem, specification(path, loaded)[0]) for path in paths]

    def documents(folder: Path) -> None:
        build(paths, folder, [kind for kind, _ in DOWNLOADS], library=loaded)

    return write_site(loaded, tenders, Path(out_dir), documents if paths else None)
