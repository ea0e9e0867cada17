"""The tenders to evaluate: each supplier's answers, and whether its tender is rejected.

Every answer workbook goes through the answer check (`answers.checks`, the
same check as `anskaffelse answers check`). A tender whose workbook has
findings of severity error is rejected, and then neither scored nor ranked:
a minstekrav not answered "Ja" (FOA § 9-6: a minstekrav not met means
rejection), an edited requirement text (a possible reservation, forbehold),
a workbook made for another version. The reasons are written in the
document's language for the workbook and the report; the findings are kept
for the command line and scripts. A workbook that cannot be read safely
stops the evaluation: a tender must be read before it can be judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answers.checks import check_workbook
from ..answers.responses import SupplierAnswers
from ..diagnostics import Diagnostic, InputError, Severity
from ..resolved import Specification

MINSTEKRAV_CODES = frozenset({"A010", "A011"})
"""The answer check's findings for a minstekrav left empty or not answered Ja."""


@dataclass(frozen=True)
class Tender:
    answers: SupplierAnswers
    reasons: tuple[str, ...]
    """Why the tender is rejected, in the document's language; empty when it is evaluated."""
    findings: tuple[Diagnostic, ...]
    """The errors the answer check found in its workbook."""

    @property
    def supplier(self) -> str:
        return self.answers.supplier


def read_tender(path: Path, spec: Specification, words: Mapping[str, Any]) -> Tender:
    """One supplier's tender; `InputError` when its workbook cannot be read safely."""
    report = check_workbook(path, spec)
    if report.answers is None:
        raise InputError(report.findings)
    errors = tuple(d for d in report.findings if d.severity is Severity.ERROR)
    return Tender(report.answers, rejection_reasons(errors, words), errors)


def rejection_reasons(errors: tuple[Diagnostic, ...], words: Mapping[str, Any]) -> tuple[str, ...]:
    """The reasons for rejecting a tender with these errors; empty when there are none."""
    texts = words["evaluation_workbook"]["reasons"]
    unmet = list(dict.fromkeys(d.requirement for d in errors if d.code in MINSTEKRAV_CODES and d.requirement))
    others = [d for d in errors if d.code not in MINSTEKRAV_CODES]
    reasons = [texts["minstekrav"].format(ids=", ".join(unmet))] if unmet else []
    if others:
        reasons.append(texts["answer_sheet"].format(count=len(others)))
    return tuple(reasons)
