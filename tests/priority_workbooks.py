"""Helpers for the prioritisation tests: export the example's workbooks and fill them as a member would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from .conftest import EXAMPLES

PROFILE = EXAMPLES / "prioritering" / "felles.yaml"
MEMBERS = ("storfjord", "nordvik", "elvdal", "bratt")
LANGUAGES = {"storfjord": "nb", "nordvik": "nb", "elvdal": "nn", "bratt": "nn"}
LABELS = {"nb": {"må": "Må", "bør": "Bør", "kan": "Kan", "ia": "Ikke aktuelt"},
          "nn": {"må": "Må", "bør": "Bør", "kan": "Kan", "ia": "Ikkje aktuelt"}}
SHEET = "Prioritering"
PRIORITY, COMMENT = 6, 7


def workbook_of(folder: Path, member: str, stem: str = "felles") -> Path:
    return folder / f"{stem}-prioritering-{member}.xlsx"


def fill(source: Path, target: Path, choices: dict[str, str], default: str = "bør",
         comments: dict[str, str] | None = None) -> Path:
    """Save a filled copy: each row's priority from `choices` (by ID: må, bør, kan, ia), else `default`."""
    book = load_workbook(source)
    lang = book["Kontroll"]["B4"].value
    sheet = book[SHEET]
    for row in range(2, sheet.max_row + 1):
        req_id = sheet.cell(row, 1).value
        sheet.cell(row, PRIORITY).value = LABELS[lang][choices.get(req_id, default)]
        if comments and req_id in comments:
            sheet.cell(row, COMMENT).value = comments[req_id]
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def row_of(workbook: Path, req_id: str) -> int:
    sheet = load_workbook(workbook, read_only=True)[SHEET]
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if row[0] == req_id:
            return number
    raise AssertionError(f"{req_id} not in {workbook}")


def edit(workbook: Path, target: Path, cells: dict[str, object]) -> Path:
    """A copy of `workbook` with cells of the priority sheet set, e.g. {"A5": "EPJ-XX-001"}."""
    book = load_workbook(workbook)
    for ref, value in cells.items():
        book[SHEET][ref] = value
    book.save(target)
    return target
