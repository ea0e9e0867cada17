"""anskaffelse: tender documents for municipal EPJ procurements.

The public API for scripts (see README, "Python API"):

    import anskaffelse
    anskaffelse.build(["kommune.yaml"], out_dir="ut")        # -> list[BuildResult]
    anskaffelse.validate(["kommune.yaml"])                   # -> list[Diagnostic]
    anskaffelse.lint(["kommune.yaml"])                       # -> list[Diagnostic]
    spec, warnings = anskaffelse.specification("kommune.yaml")
    library, findings = anskaffelse.load_library()
    anskaffelse.vocabulary("areas")                          # -> list[VocabularyEntry]
    anskaffelse.built_requirement("kommune.yaml", "EPJ-DR-001")  # as the profile builds it
    findings = anskaffelse.verify_answer_sheet("svar.xlsx", "kommune.yaml")  # edited requirement texts
    reports = anskaffelse.check_answers("kommune-spesifikasjon.json", ["svar-a.xlsx"])  # -> list[AnswerReport]
    answers = anskaffelse.read_answers("svar-a.xlsx", "kommune-spesifikasjon.json")   # -> SupplierAnswers
    anskaffelse.upgrade(["kommune.yaml"], write=True)        # -> list[ProfileUpgrade]
    anskaffelse.diff("v1.yaml", "v2.yaml").changes           # -> SpecificationDiff
    anskaffelse.addendum("v1.yaml", "v2.yaml", out_dir="ut", number=1)  # the rettelse
    anskaffelse.evaluate("spec.json", ["A.xlsx", "B.xlsx"], "evaluering.xlsx")  # the committee's workbook
    anskaffelse.evaluation_report("evaluering.xlsx", "ut")   # the award justification
    anskaffelse.import_reqif("fra-doors.reqif", "modul.yaml")  # a ReqIF file as a module
    anskaffelse.build_site(["kommune.yaml"], out_dir="nettsted")  # the web catalogue
    anskaffelse.prioritize_export("felles.yaml", "runde")    # one priority workbook per member
    anskaffelse.prioritize_merge("felles.yaml", ["a.xlsx", "b.xlsx"], "samlet.yaml", rule="majority")
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic, InputError, Severity, UsageError

__version__ = "0.1.0"
"""The package version; pyproject.toml reads it from here, and `anskaffelse --version` prints it."""

__all__ = [
    "AddendumResult",
    "BuildResult",
    "BuiltRequirement",
    "Diagnostic",
    "ImportResult",
    "InputError",
    "ProfileUpgrade",
    "Severity",
    "UsageError",
    "addendum",
    "build",
    "build_site",
    "built_requirement",
    "check_answers",
    "dialogue_export",
    "dialogue_report",
    "diff",
    "evaluate",
    "evaluation_report",
    "import_reqif",
    "lint",
    "load_library",
    "prioritize_export",
    "prioritize_merge",
    "published_specification",
    "read_answers",
    "specification",
    "survey_export",
    "survey_report",
    "upgrade",
    "validate",
    "verify_answer_sheet",
    "vocabulary",
    "write_check_reports",
]


def __getattr__(name: str) -> Any:
    # Imported on first use so that `anskaffelse --help` does not load the document libraries.
    # No submodule may carry the name of a public function: importing it would bind the
    # module to that name in the package, and the function would be gone.
    if name in ("build", "validate", "lint", "specification", "verify_answer_sheet", "BuildResult",
                "BuiltRequirement", "built_requirement", "vocabulary", "upgrade", "ProfileUpgrade",
                "evaluate", "evaluation_report",
                "check_answers", "read_answers", "published_specification", "write_check_reports",
                "diff", "addendum", "import_reqif", "ImportResult", "survey_export", "survey_report",
                "dialogue_export", "dialogue_report", "build_site", "prioritize_export", "prioritize_merge"):
        from . import api

        value = getattr(api, name)
    elif name == "AddendumResult":
        from .changes.versions import AddendumResult as value
    elif name == "load_library":
        from .library import load_library as value
    else:
        raise AttributeError(name)
    globals()[name] = value
    return value
