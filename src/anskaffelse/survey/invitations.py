"""A workbook for every respondent of a list, and the list read again for the report.

`export` with a list writes one workbook per respondent, named from it
(`respondents.file_names`), in its language, its facts filled in and its
name and organisation number recorded in the control sheet; and the
specification JSON, in the profile's language when that is bokmål or nynorsk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostic
from ..resolved import Specification
from .respondents import Respondent, file_names, read_respondents
from .scales import LANGUAGES, Kind


def export_invitations(profile: Path, out_dir: Path, kind: Kind, listed: Path, library: Path | None,
                       form_name: str) -> tuple[list[Path], list[Diagnostic]]:
    """One pre-filled workbook per respondent of `listed`, and the specification JSON; the list's warnings."""
    from ..api import write_files
    from ..export import ExportOptions
    from ..export.json import export_json
    from .forms import export_form
    from .run import epoch_of

    spec_in = _specifications(profile, library)
    first, _warnings = spec_in(None)
    json_spec = first if first.language in LANGUAGES else spec_in("nb")[0]
    respondents, found = read_respondents(listed, kind, dict(json_spec.area_names))
    files: dict[Path, bytes] = {}
    for respondent, stem in zip(respondents, file_names(respondents), strict=True):
        spec = spec_in(respondent.language)[0]
        files[out_dir / f"{profile.stem}-{form_name}-{stem}.xlsx"] = export_form(spec, kind, epoch_of(spec), respondent)
    files[out_dir / f"{profile.stem}-{form_name}-spesifikasjon.json"] = export_json(
        json_spec, ExportOptions(epoch=epoch_of(json_spec)))
    write_files(files, out_dir)
    return list(files), found


def _specifications(profile: Path, library: Path | None) -> Callable[[str | None], tuple[Specification, list]]:
    """The profile's specification in a language (None: its own), resolved once per language."""
    from ..api import specification

    made: dict[str | None, tuple[Specification, list[Diagnostic]]] = {}

    def spec_in(lang: str | None) -> tuple[Specification, list[Diagnostic]]:
        if lang not in made:
            made[lang] = specification(profile, library, lang)
        return made[lang]

    return spec_in


def invited(listed: Path | None, kind: Kind,
            spec: Specification) -> tuple[tuple[Respondent, ...] | None, list[Diagnostic]]:
    """The list the report compares the workbooks with (None without one), and its warnings."""
    if listed is None:
        return None, []
    return read_respondents(listed, kind, dict(spec.area_names))
