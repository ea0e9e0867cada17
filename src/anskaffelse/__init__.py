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
    anskaffelse.upgrade(["kommune.yaml"], write=True)        # -> list[ProfileUpgrade]
    anskaffelse.prioritize_export("felles.yaml", "runde")    # one priority workbook per member
    anskaffelse.prioritize_merge("felles.yaml", ["a.xlsx", "b.xlsx"], "samlet.yaml", rule="majority")
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic, InputError, Severity, UsageError

__all__ = [
    "BuildResult",
    "BuiltRequirement",
    "Diagnostic",
    "InputError",
    "ProfileUpgrade",
    "Severity",
    "UsageError",
    "build",
    "built_requirement",
    "lint",
    "load_library",
    "prioritize_export",
    "prioritize_merge",
    "specification",
    "upgrade",
    "validate",
    "verify_answer_sheet",
    "vocabulary",
]


def __getattr__(name: str) -> Any:
    # Imported on first use so that `anskaffelse --help` does not load the document libraries.
    # No submodule may carry the name of a public function: importing it would bind the
    # module to that name in the package, and the function would be gone.
    if name in ("build", "validate", "lint", "specification", "verify_answer_sheet", "BuildResult",
                "BuiltRequirement", "built_requirement", "vocabulary", "upgrade", "ProfileUpgrade",
                "prioritize_export", "prioritize_merge"):
        from . import api

        value = getattr(api, name)
    elif name == "load_library":
        from .library import load_library as value
    else:
        raise AttributeError(name)
    globals()[name] = value
    return value
