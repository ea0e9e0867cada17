"""The check report of one supplier's workbook, as Word and Excel (`answers check --report DIR`).

A short record for the procurement file: which file was checked (by its
SHA-256), against which specification, the result, and every finding with
its sheet, cell and requirement. The content is worked out once
(`report_content`) and laid out by the Word and Excel building blocks of
`export/`; fixed text comes from the locale files, in the specification's
language. Everything from the supplier's file (its name, sheet names) is
written as text only: never a formula in Excel, escaped in Word.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Severity, sort_key
from ..epoch import utc
from ..export import wordml as w
from ..locale import long_date, texts
from ..resolved import Specification
from .checks import AnswerReport

TEXT_WIDTH = 9638
FINDING_WIDTHS = (600, 1400, 800, 1800, 1500, 3538)
FINDING_COLUMNS = ("number", "severity", "code", "cell", "requirement", "finding")
EXCEL_WIDTHS = (6, 12, 8, 22, 16, 70)
SUFFIXES = ("kontroll.docx", "kontroll.xlsx")


@dataclass(frozen=True)
class ReportContent:
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    results: tuple[tuple[str, str], ...]
    conclusion: str
    findings: tuple[tuple[str, ...], ...]
    """One row per finding: number, severity, code, cell, requirement, finding (in the document's language)."""


def report_content(report: AnswerReport, spec: Specification) -> ReportContent:
    c = texts(spec.language)["answer_check"]
    t = spec.tender
    facts = (
        (c["supplier"], report.supplier),
        (c["file"], report.path.name),
        (c["file_sha256"], report.sha256 or c["file_unread"]),
        (c["specification"], c["specification_value"].format(title=t.title, reference=t.reference,
                                                             version=t.version, date=long_date(t.date, t.language))),
        (c["fingerprint"], spec.fingerprint),
    )
    met = c["unknown"] if report.minstekrav_met is None else c["yes" if report.minstekrav_met else "no"]
    answered = c["answered_value"].format(answered=report.answered, total=report.total)
    results = (
        (c["errors"], str(report.errors)),
        (c["warnings"], str(report.warnings)),
        (c["answered"], answered if report.readable else c["unknown"]),
        (c["minstekrav_met"], met),
    )
    return ReportContent(c["title"], c["subtitle"].format(supplier=report.supplier), facts, results,
                         c["conclusion"][_conclusion(report)], _finding_rows(report, c))


def _conclusion(report: AnswerReport) -> str:
    if not report.readable:
        return "unreadable"
    return "errors" if report.errors else "warnings" if report.warnings else "ok"


def _finding_rows(report: AnswerReport, c: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    # Errors first: they are what must be decided before the evaluation.
    ordered = sorted(report.findings, key=lambda d: (d.severity is not Severity.ERROR, *sort_key(d)))
    return tuple(
        (str(n), c["severity"][d.severity.value], d.code, _cell(d.sheet, d.cell), d.requirement,
         c["codes"].get(d.code, d.code))
        for n, d in enumerate(ordered, 1))


def _cell(sheet: str, cell: str) -> str:
    return f"{sheet}!{cell}" if sheet and cell else sheet


def report_files(report: AnswerReport, spec: Specification, out_dir: Path, epoch: int) -> dict[Path, bytes]:
    """The Word and Excel report, named after the workbook file (never after what the file says)."""
    content = report_content(report, spec)
    docx, xlsx = (out_dir / f"{report.path.stem}-{suffix}" for suffix in SUFFIXES)
    return {docx: report_docx(content, spec, epoch), xlsx: report_xlsx(content, spec, epoch)}


# ---------------------------------------------------------------- Word


def report_docx(content: ReportContent, spec: Specification, epoch: int) -> bytes:
    """On the page set-up, styles, header and footer every Word document of the tender shares."""
    from ..export import ExportOptions
    from ..export.docx import word_document

    c = texts(spec.language)["answer_check"]
    return word_document(spec, ExportOptions(epoch=epoch), f"{content.title} – {content.subtitle}"[:255],
                         lambda styles, _package: _docx_body(content, c, styles), content.title)


def _facts_table(rows: tuple[tuple[str, str], ...]) -> str:
    return w.table((3200, TEXT_WIDTH - 3200), None,
                   ([w.paragraph(w.run(label, bold=True)), w.text_paragraph(value)] for label, value in rows))


def _docx_body(content: ReportContent, c: dict[str, Any], styles: dict[str, str]) -> str:
    parts = [w.text_paragraph(content.title, styles["Title"]), w.text_paragraph(content.subtitle, styles["Subtitle"]),
             w.text_paragraph(c["facts_heading"], styles["Heading 1"]), _facts_table(content.facts),
             w.text_paragraph(c["result_heading"], styles["Heading 1"]), w.text_paragraph(content.conclusion),
             _facts_table(content.results), w.text_paragraph(c["findings_heading"], styles["Heading 1"])]
    if content.findings:
        header = [c["columns"][name] for name in FINDING_COLUMNS]
        parts.append(w.table(FINDING_WIDTHS, header, ([w.text_paragraph(v) for v in row] for row in content.findings)))
    else:
        parts.append(w.text_paragraph(c["no_findings"]))
    parts.append(w.text_paragraph(c["explanation_heading"], styles["Heading 1"]))
    parts += [w.text_paragraph(text) for text in c["explanation"]]
    return "".join(parts)


# ---------------------------------------------------------------- Excel


def report_xlsx(content: ReportContent, spec: Specification, epoch: int) -> bytes:

    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from ..export.xlsx_blocks import page_setup, register_styles, text_cell
    from ..export.xlsx_layout import row_height
    from ..export.zipfix import normalise

    words = texts(spec.language)
    c = words["answer_check"]
    wb = Workbook(write_only=True)
    register_styles(wb)
    summary = wb.create_sheet(c["summary_sheet"])
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 40, 90
    page_setup(summary, words, landscape=False)
    summary.append([text_cell(summary, content.title, "krav_title")])
    summary.append([text_cell(summary, content.subtitle, "krav_label")])
    rows = (*content.facts, ("", ""), *content.results, ("", ""), (c["result_heading"], content.conclusion))
    for number, (label, value) in enumerate(rows, 3):
        # Excel does not grow a row for wrapped text when the file is written: give it the height it needs.
        summary.row_dimensions[number].height = row_height([(value, 90), (label, 40)])
        summary.append([text_cell(summary, label, "krav_label"), text_cell(summary, value, "krav_plain")])
    findings = wb.create_sheet(c["findings_sheet"])
    for i, width in enumerate(EXCEL_WIDTHS, 1):
        findings.column_dimensions[get_column_letter(i)].width = width
    findings.freeze_panes = "A2"
    findings.print_title_rows = "1:1"
    findings.auto_filter.ref = f"A1:F{len(content.findings) + 1}"
    page_setup(findings, words, landscape=True)
    findings.append([text_cell(findings, c["columns"][name], "krav_header") for name in FINDING_COLUMNS])
    for number, row in enumerate(content.findings, 2):
        findings.row_dimensions[number].height = row_height(list(zip(row, EXCEL_WIDTHS, strict=True)))
        findings.append([text_cell(findings, value, "krav_locked") for value in row])
    stamp = utc(epoch)
    wb.properties.title, wb.properties.subject = content.title, content.subtitle[:255]
    wb.properties.creator = "; ".join(b.name for b in spec.tender.buyers)[:255]
    wb.properties.language = words["language_tag"]
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), epoch)
