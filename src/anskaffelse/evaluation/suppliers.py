"""The tenders to evaluate: each supplier's answers, and whether its tender is rejected.

A tender is rejected, and then neither scored nor ranked, when its answer
workbook has errors that can lead to rejection: a minstekrav not answered
"Ja" (FOA § 9-6: a minstekrav not met means rejection), or a workbook that
departs from the published one (an edited requirement text can be a
reservation, forbehold). The reasons are written in the document's language
for the workbook and the report; the findings themselves are returned for
the command line and scripts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answers.fingerprints import verify_fingerprints
from ..answers.responses import SupplierAnswers, read_answers
from ..answers.workbook import AnsweredWorkbook, read_workbook
from ..diagnostics import Diagnostic, Severity, display_path, error
from ..resolved import Specification


@dataclass(frozen=True)
class Tender:
    answers: SupplierAnswers
    reasons: tuple[str, ...]
    """Why the tender is rejected, in the document's language; empty when it is evaluated."""
    findings: tuple[Diagnostic, ...]
    """The errors in its answer workbook."""

    @property
    def supplier(self) -> str:
        return self.answers.supplier


def read_tender(path: Path, spec: Specification, words: Mapping[str, Any]) -> Tender:
    """One supplier's tender; `InputError` when its workbook cannot be read safely."""
    book = read_workbook(path)
    answers = read_answers(book, spec)
    not_met = unmet_minstekrav(spec, answers, words["answer"]["yes"])
    found = [_unmet(book, not_met)] if not_met else []
    found += [d for d in verify_fingerprints(book, spec) if d.severity is Severity.ERROR]
    reasons = words["evaluation_workbook"]["reasons"]
    shown = [reasons["minstekrav"].format(ids=", ".join(not_met))] if not_met else []
    others = len(found) - (1 if not_met else 0)
    if others:
        shown.append(reasons["answer_sheet"].format(count=others))
    return Tender(answers, tuple(shown), tuple(found))


def unmet_minstekrav(spec: Specification, answers: SupplierAnswers, yes: str) -> list[str]:
    """The minstekrav whose answer is anything but yes (empty, Nei, a comment), in document order."""
    wanted = yes.strip().casefold()
    unmet = []
    for req in spec.requirements():
        if req.obligation != "minstekrav":
            continue
        answer = answers.answers.get(req.id)
        value = answer.value if answer is not None else None
        if not isinstance(value, str) or value.strip().casefold() != wanted:
            unmet.append(req.id)
    return unmet


def _unmet(book: AnsweredWorkbook, ids: list[str]) -> Diagnostic:
    shown = display_path(book.path)
    listed = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    return error("E030", f"{book.path.stem}: minstekrav not answered 'Ja': {listed}; the tender is rejected "
                 "and not ranked", "A minstekrav that is not met means rejection (FOA § 9-6). If the answer "
                 "is unclear, clarify it with the supplier as the rules allow before evaluating.", file=shown)
