"""The public Python API: everything the command line does, callable from scripts.

    import anskaffelse
    results = anskaffelse.build(["kommune.yaml"], out_dir="ut")
    findings = anskaffelse.validate(["kommune.yaml"])

Errors in the input raise `anskaffelse.InputError`, whose `diagnostics` say
where and what; nothing is written then.

One module per act, every name importable from here: `tender` (a profile
resolved and built, and the dates and atomic writes the others share),
`profiles` (validate, lint, vocabulary, one requirement as built, upgrade),
`after` (diff and addendum, answer checks, evaluation), `joint`
(prioritisation, survey, market dialogue) and `exchange` (ReqIF import, the
web catalogue). No module here may carry the name of a public function:
importing it would bind the module to that name in this package.
"""

from __future__ import annotations

from ..migration.upgrade import ProfileUpgrade
from .after import (
    addendum,
    check_answers,
    diff,
    evaluate,
    evaluation_report,
    published_specification,
    read_answers,
    verify_answer_sheet,
    write_check_reports,
)
from .exchange import ImportResult, build_site, import_reqif
from .joint import dialogue_export, dialogue_report, prioritize_export, prioritize_merge, survey_export, survey_report
from .profiles import BuiltRequirement, built_requirement, lint, upgrade, validate, vocabulary, wrong_kind_of_input
from .tender import (
    DEFAULT_FORMATS,
    BuildResult,
    build,
    build_date,
    check_request,
    epoch_of,
    resolve_profile,
    source_date,
    specification,
    validate_profile,
    write_files,
)

__all__ = [
    "DEFAULT_FORMATS",
    "BuildResult",
    "BuiltRequirement",
    "ImportResult",
    "ProfileUpgrade",
    "addendum",
    "build",
    "build_date",
    "build_site",
    "built_requirement",
    "check_answers",
    "check_request",
    "dialogue_export",
    "dialogue_report",
    "diff",
    "epoch_of",
    "evaluate",
    "evaluation_report",
    "import_reqif",
    "lint",
    "prioritize_export",
    "prioritize_merge",
    "published_specification",
    "read_answers",
    "resolve_profile",
    "source_date",
    "specification",
    "survey_export",
    "survey_report",
    "upgrade",
    "validate",
    "validate_profile",
    "verify_answer_sheet",
    "vocabulary",
    "write_check_reports",
    "write_files",
    "wrong_kind_of_input",
]
