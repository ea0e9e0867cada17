"""Helpers for the evaluation tests: suppliers that answer by script, a committee that scores by script,
and the award justification read back.

The cells are found by the column headings of the locale files, as a person
would find them, not by the layout code under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook

from .conftest import words

Score = float | int | str | None
ScoreFor = Callable[[str, str, str, int], Score]
"""(sheet, row ID, supplier, evaluator number from 1) -> the score to type in."""


def answered_workbook(source: Path, target: Path, spec: Any, nei: Iterable[str] = (),
                      unit_prices: Mapping[str, float] | None = None, lang: str = "nb") -> Path:
    """A supplier's answer workbook: every requirement answered as its form asks, Nei where `nei` says."""
    w = words(lang)
    book = load_workbook(source)
    sheet = book[w["workbook"]["answers_sheet"]]
    requirements = {r.id: r for r in spec.requirements()}
    refused = set(nei)
    for row in range(2, sheet.max_row + 1):
        req = requirements[sheet.cell(row, 1).value]
        sheet.cell(row, 9).value = f"{target.stem} beskriver løsningen for {req.id}."
        if req.response_type in ("ja-nei", "ja-nei-delvis"):
            sheet.cell(row, 8).value = w["answer"]["no" if req.id in refused else "yes"]
        elif req.response_type == "tall":
            sheet.cell(row, 8).value = 42
        elif req.response_type == "valg":
            sheet.cell(row, 8).value = req.options[0]
    if unit_prices is not None:
        prices = book[w["workbook_price"]["sheet"]]
        for row in range(2, prices.max_row + 1):
            name = prices.cell(row, 2).value
            if isinstance(prices.cell(row, 1).value, int) and name in unit_prices:
                prices.cell(row, 5).value = unit_prices[name]
    book.save(target)
    return target


def header_row(ws: Any, lang: str = "nb") -> int:
    wanted = words(lang)["evaluation_workbook"]["columns"]["id"]
    return next(r for r in range(1, 40) if ws.cell(r, 1).value == wanted)


def score_columns(ws: Any, supplier: str, lang: str = "nb") -> tuple[list[int], int]:
    """The score columns (one per evaluator) and the comment column of `supplier`, by their headings."""
    columns = words(lang)["evaluation_workbook"]["columns"]
    header = header_row(ws, lang)
    names = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    single = columns["score"].format(supplier=supplier)
    if single in names:
        scores = [names[single]]
    else:
        prefix = columns["score_by"].format(supplier=supplier, evaluator="\x00").split("\x00")[0]
        scores = [c for n, c in names.items() if isinstance(n, str) and n.startswith(prefix)]
    return scores, names[columns["comment"].format(supplier=supplier)]


def item_rows(ws: Any, lang: str = "nb") -> dict[str, int]:
    """The row of each requirement or deliverable, by the ID in column A."""
    rows = {}
    for row in range(header_row(ws, lang) + 1, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if not value:
            break
        rows[value] = row
    return rows


def fill_scores(source: Path, target: Path, suppliers: Iterable[str], score: ScoreFor,
                comment: Callable[[str, str, str], str] | None = None, lang: str = "nb") -> Path:
    """The committee's work, typed in with openpyxl: a score per evaluator and a comment for every row."""
    book = load_workbook(source)
    skip = {words(lang)["evaluation_workbook"]["summary_sheet"], "Kontroll"}
    for ws in book.worksheets:
        if ws.title in skip or ws.cell(1, 1).value is None or not _has_header(ws, lang):
            continue
        for supplier in suppliers:
            scores, comment_column = score_columns(ws, supplier, lang)
            for item, row in item_rows(ws, lang).items():
                for number, column in enumerate(scores, 1):
                    ws.cell(row, column).value = score(ws.title, item, supplier, number)
                if comment is not None:
                    ws.cell(row, comment_column).value = comment(ws.title, item, supplier)
    book.save(target)
    return target


def _has_header(ws: Any, lang: str) -> bool:
    wanted = words(lang)["evaluation_workbook"]["columns"]["id"]
    return any(ws.cell(r, 1).value == wanted for r in range(1, 40))


def cell_of(path: Path, sheet: str, supplier: str, item: str, evaluator: int = 1, lang: str = "nb") -> str:
    """'F12': the score cell of `supplier` for `item` in `sheet`."""
    from openpyxl.utils import get_column_letter

    ws = load_workbook(path)[sheet]
    scores, _ = score_columns(ws, supplier, lang)
    return f"{get_column_letter(scores[evaluator - 1])}{item_rows(ws, lang)[item]}"


def docx_blocks(path: Path) -> list[str | list[list[str]]]:
    """The document body in order: a paragraph's text, or a table as rows of cell texts."""
    doc = Document(str(path))
    blocks: list[str | list[list[str]]] = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}tbl"):
            blocks.append([["".join(t.text or "" for t in cell.iter("{*}t")) for cell in row.iter("{*}tc")]
                           for row in block.iter("{*}tr")])
        elif block.tag.endswith("}p"):
            blocks.append("".join(t.text or "" for t in block.iter("{*}t")))
    return blocks


def table_after(blocks: list[str | list[list[str]]], heading: str) -> list[list[str]]:
    """The first table after the paragraph `heading`."""
    start = blocks.index(heading)
    return next(b for b in blocks[start:] if isinstance(b, list))


def paragraphs(blocks: list[str | list[list[str]]]) -> list[str]:
    return [b for b in blocks if isinstance(b, str)]
