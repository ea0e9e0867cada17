"""The survey and dialogue commands as functions: export the forms, read the answers, write the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, error
from ..locale.messages import _
from ..resolved import Specification
from .scales import LANGUAGES, Kind

if TYPE_CHECKING:
    from .attribution import Roll

FORM_NAMES = {"survey": "kartlegging", "dialogue": "markedsdialog"}


@dataclass(frozen=True)
class FormsResult:
    outputs: tuple[Path, ...]
    findings: tuple[Diagnostic, ...] = ()
    """Warnings about the respondents list (errors raise `InputError`)."""


@dataclass(frozen=True)
class ReportResult:
    outputs: tuple[Path, ...]
    respondents: int
    findings: tuple[Diagnostic, ...]
    aggregates: dict[str, Any] = field(default_factory=dict)


def epoch_of(spec: Specification) -> int:
    day = dt.date.fromisoformat(spec.tender.date[:10])
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def export_forms(profile: Path, out_dir: Path, kind: Kind, languages: Sequence[str],
                 library: Path | None = None, respondents: Path | None = None) -> FormsResult:
    """One blank workbook per language, or one pre-filled workbook per respondent of the list `respondents`;
    and the specification JSON the report reads them against."""
    if respondents is not None:
        from .invitations import export_invitations

        written, found = export_invitations(profile, out_dir, kind, respondents, library, FORM_NAMES[kind])
        return FormsResult(tuple(written), tuple(found))
    from ..api import specification, write_files
    from ..export import ExportOptions
    from ..export.json import export_json
    from .forms import export_form

    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages:
        raise UsageError(_("--lang takes {some} and {last}, comma-separated; not '{given}'").format(
            some=", ".join(LANGUAGES[:-1]), last=LANGUAGES[-1], given=",".join(unknown)))
    files: dict[Path, bytes] = {}
    name = FORM_NAMES[kind]
    for number, lang in enumerate(dict.fromkeys(languages)):
        spec, _warnings = specification(profile, library, lang)
        files[out_dir / f"{profile.stem}-{name}-{lang}.xlsx"] = export_form(spec, kind, epoch_of(spec))
        if number == 0:
            json_bytes = export_json(spec, ExportOptions(epoch=epoch_of(spec)))
            files[out_dir / f"{profile.stem}-{name}-spesifikasjon.json"] = json_bytes
    write_files(files, out_dir)
    return FormsResult(tuple(files))


def make_report(kind: Kind, spec_path: Path, paths: Sequence[Path], out_dir: Path, named: bool = False,
                min_group: int = 3, pdf: bool | None = None, respondents: Path | None = None) -> ReportResult:
    """Read every answered workbook, skip the bad ones with a finding, write xlsx, docx, json (and pdf).

    `pdf` None writes a PDF when LibreOffice is installed; True requires it; False never. With the list of
    `respondents` the workbooks were exported for, the report also says who has not answered.
    """
    from ..api import write_files
    from ..export.json_read import read_specification
    from .attribution import attribute
    from .invitations import invited
    from .responses import SKIPPED, read_responses

    if min_group < 1:
        raise UsageError(_("--min-group must be 1 or more, not {given}").format(given=min_group))
    want_pdf = _want_pdf(pdf)
    spec = read_specification(spec_path)
    listed, list_found = invited(respondents, kind, spec)
    responses, found = read_responses(paths, spec, kind)
    skipped = sorted({d.file for d in found if d.code in SKIPPED and d.file})
    responses, roll, attributed = attribute(responses, listed, kind)
    found = [*list_found, *found, *attributed]
    if not responses:
        raise InputError([*found, error("R006", _("none of the {count} workbooks could be used, so there is nothing "
                                                  "to report").format(count=len(list(paths))),
                                        _("Give workbooks written by 'anskaffelse {kind} export' for {spec} and "
                                          "filled in.").format(kind=kind, spec=display_path(spec_path)))])
    data, xlsx, docx = _build(kind, spec, responses, skipped, named, min_group, roll)
    name = f"{FORM_NAMES[kind]}-rapport"
    from ..diagnostics import dumps

    files = {out_dir / f"{name}.xlsx": xlsx, out_dir / f"{name}.docx": docx,
             out_dir / f"{name}.json": (dumps(data) + "\n").encode("utf-8")}
    if want_pdf:
        from ..export.libreoffice import docx_to_pdf

        files[out_dir / f"{name}.pdf"] = docx_to_pdf(docx, document="survey report" if kind == "survey"
                                                     else "dialogue report")
    write_files(files, out_dir)
    return ReportResult(tuple(files), len(responses), tuple(found), data)


def _want_pdf(pdf: bool | None) -> bool:
    if pdf is False:
        return False
    from ..export.libreoffice import require_libreoffice

    try:
        require_libreoffice()
    except UsageError:
        if pdf:
            raise
        return False
    return True


def _build(kind: Kind, spec: Specification, responses: list[Any], skipped: list[str], named: bool,
           min_group: int, roll: Roll) -> tuple[dict[str, Any], bytes, bytes]:
    from ..export import ExportOptions

    options = ExportOptions(epoch=epoch_of(spec), for_print=True)
    if kind == "survey":
        from .coverage import survey_aggregates
        from .report_survey import survey_docx, survey_json, survey_workbook

        agg = survey_aggregates(spec, responses, min_group, named)
        return ({**survey_json(spec, agg, skipped), "attribution": roll.as_json(named)},
                survey_workbook(spec, agg, responses, options.epoch),
                survey_docx(spec, agg, responses, len(skipped), options, roll))
    from .market import dialogue_aggregates
    from .report_dialogue import dialogue_docx, dialogue_json, dialogue_workbook

    dagg = dialogue_aggregates(spec, responses, named)
    return ({**dialogue_json(spec, dagg, skipped), "attribution": roll.as_json(named)},
            dialogue_workbook(spec, dagg, responses, options.epoch),
            dialogue_docx(spec, dagg, len(skipped), options, roll))
