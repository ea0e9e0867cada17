"""The rounds where several parties fill in a workbook before a tender: the members' prioritisation
of a joint tender, the survey of the municipalities' systems, and the market dialogue with suppliers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..library import LoadedLibrary, require_library
from .tender import resolve_profile, write_files

if TYPE_CHECKING:
    from ..collaboration.priorities.round import ExportPlan, MergePlan
    from ..survey.run import FormsResult, ReportResult

def prioritize_export(profile: Path | str, out_dir: Path | str = ".",
                      library: LoadedLibrary | Path | str | None = None) -> ExportPlan:
    """One priority workbook per member of a joint profile, written into `out_dir` (all or none).

    Each member's workbook is in its language, with every requirement the profile
    selects; see `collaboration.priorities`. Raises `InputError` for a profile with
    errors or without `members:`.
    """
    from ..collaboration.priorities.round import plan_export

    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    plan = plan_export(Path(profile), Path(out_dir), loaded, lambda path, lang: resolve_profile(path, loaded, lang))
    write_files(plan.files, out_dir)
    return plan


def prioritize_merge(profile: Path | str, workbooks: Sequence[Path | str], output: Path | str,
                     rule: str = "majority", report_dir: Path | str | None = None,
                     library: LoadedLibrary | Path | str | None = None) -> MergePlan:
    """The joint profile from the members' filled workbooks, by `rule` (strictest, majority, weighted).

    Writes `output` (and the disagreement report into `report_dir`) atomically; never
    changes the profile or the workbooks. Raises `InputError` with the findings of every
    workbook that is wrong, `UsageError` for a missing file or an unknown rule.
    """
    from ..collaboration.priorities.round import check_merge_paths, plan_merge

    paths = [Path(w) for w in workbooks]
    report = Path(report_dir) if report_dir is not None else None
    check_merge_paths(Path(profile), paths, Path(output), report)
    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    plan = plan_merge(Path(profile), paths, Path(output), rule, report, loaded,
                      lambda path, lang: resolve_profile(path, loaded, lang))
    write_files(plan.files, Path(output).parent)
    return plan


def survey_export(profile: Path | str, out_dir: Path | str, languages: Sequence[str] = ("nb",),
                  library: Path | str | None = None, respondents: Path | str | None = None) -> FormsResult:
    """Survey workbooks (kartlegging) and the specification JSON to report against: one blank workbook per
    language, or with the list `respondents` one pre-filled workbook per respondent, in its language."""
    from ..survey.run import export_forms

    return export_forms(Path(profile), Path(out_dir), "survey", languages, Path(library) if library else None,
                        Path(respondents) if respondents else None)


def dialogue_export(profile: Path | str, out_dir: Path | str, languages: Sequence[str] = ("nb",),
                    library: Path | str | None = None, suppliers: Path | str | None = None) -> FormsResult:
    """Market dialogue (RFI) workbooks and the specification JSON: one blank workbook per language, or with the
    list `suppliers` one pre-filled workbook per supplier."""
    from ..survey.run import export_forms

    return export_forms(Path(profile), Path(out_dir), "dialogue", languages, Path(library) if library else None,
                        Path(suppliers) if suppliers else None)


def survey_report(specification_json: Path | str, workbooks: Sequence[Path | str], out_dir: Path | str,
                  named: bool = False, min_group: int = 3, pdf: bool | None = None,
                  respondents: Path | str | None = None) -> ReportResult:
    """Aggregate filled survey workbooks into xlsx, docx, json (and pdf); bad workbooks are skipped with findings.

    With the list of `respondents` the workbooks were exported for, the findings and the report also say who
    has not answered."""
    from ..reading.collector import collection_paused
    from ..survey.run import make_report

    # Hundreds of workbooks make hundreds of thousands of objects, which the cyclic collector would walk again
    # and again (a tenth of the time); nothing it could free matters before the report is written.
    with collection_paused():
        return make_report("survey", Path(specification_json), [Path(p) for p in workbooks], Path(out_dir),
                           named, min_group, pdf, Path(respondents) if respondents else None)


def dialogue_report(specification_json: Path | str, workbooks: Sequence[Path | str], out_dir: Path | str,
                    named: bool = False, pdf: bool | None = None, suppliers: Path | str | None = None) -> ReportResult:
    """Aggregate suppliers' RFI workbooks: delivered today, planned, not planned; declarations of conformity.

    Suppliers and their products are named only when `named`; otherwise every table counts suppliers. With the
    list of `suppliers` the report also says who has not answered."""
    from ..reading.collector import collection_paused
    from ..survey.run import make_report

    with collection_paused():
        return make_report("dialogue", Path(specification_json), [Path(p) for p in workbooks], Path(out_dir),
                           named, 1, pdf, Path(suppliers) if suppliers else None)
