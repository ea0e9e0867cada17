"""After the tender is published: what changed and the addendum that says so, the suppliers' answer
workbooks checked and read, and the evaluation with its award justification.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, UsageError
from ..library import LoadedLibrary
from ..locale.messages import _
from ..resolved import Specification
from .tender import epoch_of, resolve_profile, source_date, specification, write_files

if TYPE_CHECKING:
    from ..answers.checks import AnswerReport
    from ..answers.responses import SupplierAnswers
    from ..changes.versions import AddendumResult, Comparison
    from ..evaluation.run import AwardReportResult, EvaluationResult

def published_specification(path: Path | str, library: LoadedLibrary | Path | str | None = None) -> Specification:
    """The specification the suppliers answered: a built JSON specification (`…-spesifikasjon.json`), or a
    profile, which is resolved as `build` would (read as `diff` reads a version). Raises `InputError` for a file
    with errors, `UsageError` for a file of the wrong kind (a workbook, a Word document)."""
    from ..changes.versions import profile_resolver, read_version

    return read_version(Path(path), profile_resolver(resolve_profile, library, None), None).spec


def _as_specification(spec: Specification | Path | str, library: LoadedLibrary | Path | str | None) -> Specification:
    return spec if isinstance(spec, Specification) else published_specification(spec, library)


def verify_answer_sheet(workbook: Path | str, profile: Path | str, library: LoadedLibrary | Path | None = None,
                        lang: str | None = None) -> list[Diagnostic]:
    """Where an answered workbook departs from the profile's specification; [] when it matches.

    Finds edited requirement texts, deleted rows and a workbook made for another
    version, also after the supplier saved it in LibreOffice. The workbook is read
    as untrusted input (`answers.workbook`). Raises `InputError` for a workbook that
    cannot be read safely or a profile with errors.
    """
    from ..answers.fingerprints import verify_fingerprints
    from ..answers.workbook import read_workbook

    spec, _warnings = specification(profile, library, lang)
    return verify_fingerprints(read_workbook(Path(workbook)), spec)


def check_answers(spec: Specification | Path | str, workbooks: Sequence[Path | str],
                  earlier: Sequence[Specification | Path | str] = (),
                  library: LoadedLibrary | Path | str | None = None) -> list[AnswerReport]:
    """Check each supplier's answer workbook against the specification it answers; one report per workbook.

    `spec` is a `Specification`, a built JSON specification or a profile; `earlier` the
    specifications of earlier versions of the same tender, so that a workbook made for one
    of them is named as such (A009). A workbook that cannot be read safely gets a report
    with that one finding (A001); the others are checked all the same. Every finding has
    the sheet, cell and requirement it concerns (docs/answer-checks.md lists the codes).
    """
    from ..answers.checks import check_workbooks

    current = _as_specification(spec, library)
    before = [_as_specification(e, library) for e in earlier]
    return check_workbooks([Path(w) for w in workbooks], current, before)


def read_answers(workbook: Path | str, spec: Specification | Path | str,
                 library: LoadedLibrary | Path | str | None = None) -> SupplierAnswers:
    """A supplier's answers as plain values with their cells, read safely; `InputError` for a workbook that
    cannot be read safely. Nothing is checked here: `check_answers` does that."""
    from ..answers.responses import limits_for
    from ..answers.responses import read_answers as answers_of
    from ..answers.workbook import read_workbook

    current = _as_specification(spec, library)
    return answers_of(read_workbook(Path(workbook), limits_for(current)), current)


def write_check_reports(reports: Sequence[AnswerReport], spec: Specification, out_dir: Path | str) -> list[Path]:
    """A check report per workbook in `out_dir`, as Word and Excel (`<workbook name>-kontroll.docx/.xlsx`),
    in the specification's language; all files appear together or none. Dates inside the files come from
    `SOURCE_DATE_EPOCH`, else the specification's date, so the same check gives the same bytes."""
    from ..answers.report import report_files

    # Case folded: on Windows and macOS `Leverandør.xlsx` and `leverandør.xlsx` would write the same files.
    stems = [r.path.stem for r in reports]
    folded = [s.casefold() for s in stems]
    clash = sorted({s for s, f in zip(stems, folded, strict=True) if folded.count(f) > 1})
    if clash:
        raise UsageError(_("two workbooks share the name '{name}', so their reports would collide; check them into "
                           "different folders").format(name=clash[0]))
    epoch_text = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch_text:
        source_date(epoch_text)  # a UsageError for a value that is no time
        epoch = int(epoch_text.strip())
    else:
        try:
            epoch = epoch_of(spec.tender.date)
        except ValueError:
            epoch = 0
    files: dict[Path, bytes] = {}
    for report in reports:
        files.update(report_files(report, spec, Path(out_dir), epoch))
    write_files(files, out_dir)
    return list(files)


def diff(old: Path | str, new: Path | str, member: str | None = None, lang: str | None = None,
         library: LoadedLibrary | Path | str | None = None) -> Comparison:
    """What changed from `old` to `new`: each a profile or a built JSON specification.

    `member` compares what one member of a joint tender gets: only the requirements in its scope.
    Raises `InputError` for a file with errors, `UsageError` for a file of the wrong kind, two
    languages, or a member that is not one.
    """
    from ..changes.versions import compare, profile_resolver, read_version

    resolve = profile_resolver(resolve_profile, library, lang)
    return compare(read_version(Path(old), resolve, lang), read_version(Path(new), resolve, lang), member)


def addendum(old: Path | str, new: Path | str, out_dir: Path | str = ".", number: int = 1,
             formats: Iterable[str] | None = None, lang: str | None = None,
             library: LoadedLibrary | Path | str | None = None) -> AddendumResult:
    """Write addendum (rettelse) `number` from `old` to `new` into `out_dir`, with the new version's answer
    sheet and JSON specification; all files or none.

    `formats` None writes docx, xlsx and json, and pdf when LibreOffice is installed. Raises
    `InputError` when the two are not versions of one tender or nothing changed.
    """
    from ..changes.publish import addendum_formats
    from ..changes.versions import AddendumResult, plan_addendum

    chosen = addendum_formats(formats)
    if number < 1:
        raise UsageError(_("--number must be 1 or more, not {number}").format(number=number))
    comparison = diff(old, new, None, lang, library)
    plan = plan_addendum(comparison, number, Path(out_dir), chosen, epoch_of(comparison.new.spec.tender.date))
    write_files(plan.files, out_dir)
    warnings = comparison.old.warnings + comparison.new.warnings + plan.warnings
    return AddendumResult(tuple(plan.files), number, comparison.changes, comparison.new.spec.fingerprint, warnings)


def evaluate(specification: Path | str, answers: Sequence[Path | str], out: Path | str = "evaluering.xlsx",
             prices: Path | str | None = None, evaluators: str | None = None, date: str | None = None,
             force: bool = False) -> EvaluationResult:
    """Write the evaluation workbook for the committee; see `evaluation.run.evaluate`.

    `specification` is a built JSON specification (or a profile); `answers` the suppliers'
    answer workbooks, each named after its supplier; `prices` a prices file (else the price
    forms' totals); `evaluators` a number or names separated by commas. Tenders whose
    workbook has errors that lead to rejection (a minstekrav not answered Ja) are shown as
    rejected and not ranked. Raises `InputError` and `UsageError`; nothing is written then.
    """
    from ..evaluation.run import evaluate as run

    return run(Path(specification), [Path(a) for a in answers], Path(out),
               Path(prices) if prices is not None else None, evaluators, date, force)


def evaluation_report(workbook: Path | str, out_dir: Path | str = ".", formats: Sequence[str] | None = None,
                      date: str | None = None) -> AwardReportResult:
    """Write the award justification (tildelingsbegrunnelse) from a filled evaluation workbook.

    The workbook is read as untrusted input and checked against its own control sheet;
    every score must be a number from 0 to 10. `formats` None writes docx, and pdf when
    LibreOffice is installed. Raises `InputError` naming sheet!cell, and `UsageError`.
    """
    from ..evaluation.run import write_report

    return write_report(Path(workbook), Path(out_dir), formats, date)
