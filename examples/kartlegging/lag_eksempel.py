"""Kartlegging og markedsdialog fra start til slutt, med oppdiktede svar.

    python examples/kartlegging/lag_eksempel.py [UTMAPPE]      # standard: out/kartlegging

1. `anskaffelse survey export --respondents kommuner.yaml` lager et skjema til hver kommune på lista,
   fylt ut på forhånd og på kommunens målform; `anskaffelse dialogue export --suppliers
   leverandorer.yaml` gjør det samme for leverandørene, og uten liste et blankt skjema;
2. skriptet fyller ut skjemaene slik en kommune eller leverandør ville gjort: seks av de åtte
   kommunene svarer, og to av de tre leverandørene på lista og én som ikke står der (på det blanke skjemaet);
3. `anskaffelse survey report` og `anskaffelse dialogue report` lager rapportene (xlsx, docx, json, og
   pdf når LibreOffice er installert), og med lista sier de hvem som ikke har svart.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
PROFILE = HERE / "fjordregionen.yaml"
RESPONDENTS = HERE / "kommuner.yaml"
SUPPLIERS = HERE / "leverandorer.yaml"
SILENT = ("lia-kommune", "kvitsund-kommune")
"""The two municipalities that do not answer: the report names them (S050)."""
SCALE = {"nb": ["Fullt", "Delvis", "Ikke", "Vet ikke"], "nn": ["Fullt", "Delvis", "Ikkje", "Veit ikkje"]}
PRODUCTS = ["Alfa Omsorg", "Alfa Omsorg", "Beta Journal", "Gamma EPJ"]


def anskaffelse(*args: str | Path) -> None:
    subprocess.run([sys.executable, "-m", "anskaffelse", *map(str, args)], check=True)


def fill(blank: Path, target: Path, facts: list[object], answer: object) -> None:
    """Fill the facts (None keeps what is there) and, for each requirement row, the (answer, importance or
    year, comment) `answer` gives."""
    book = load_workbook(blank)
    facts_sheet, sheet = book.worksheets[1], book.worksheets[3]
    for row, value in enumerate(facts, 2):
        if value is not None:
            facts_sheet.cell(row, 2).value = value
    for row in range(2, sheet.max_row + 1):
        values = answer(row, str(sheet.cell(row, 1).value))  # type: ignore[operator]
        for column, value in zip((6, 7, 8), values, strict=True):
            sheet.cell(row, column).value = value
    book.save(target)


def survey(out: Path) -> None:
    forms = out / "skjema-kommuner"
    anskaffelse("survey", "export", PROFILE, "-o", forms, "--respondents", RESPONDENTS)
    answers = out / "svar-kommuner"
    answers.mkdir(parents=True, exist_ok=True)
    books = sorted(p for p in forms.glob("fjordregionen-kartlegging-*.xlsx"))
    for n, blank in enumerate(b for b in books if not b.stem.endswith(SILENT)):
        lang = str(load_workbook(blank, read_only=True)["Kontroll"]["C2"].value)
        product = PRODUCTS[n % 4]
        strong = "LM" if product.startswith("Alfa") else "MS"  # Alfa supports medication well, the others messaging

        def answer(row: int, req_id: str, n: int = n, lang: str = lang, strong: str = strong) -> tuple:
            level = 0 if f"-{strong}-" in req_id else (row + n) % 4
            return SCALE[lang][level], ["Må", "Bør", "Kan"][(row * 7 + n) % 3], ""

        # The name, organisation number, service areas and role are filled in already; the rest is the
        # municipality's own.
        fill(blank, answers / blank.name.replace("fjordregionen-kartlegging-", ""),
             [None, None, None, product, "Leverandør AS", "4.2", 80 + 10 * n, None], answer)
    anskaffelse("survey", "report", forms / "fjordregionen-kartlegging-spesifikasjon.json",
                *sorted(answers.glob("*.xlsx")), "-o", out / "rapport-kartlegging", "--respondents", RESPONDENTS)


def dialogue(out: Path) -> None:
    forms = out / "skjema-leverandorer"
    anskaffelse("dialogue", "export", PROFILE, "-o", forms, "--suppliers", SUPPLIERS)
    blank = out / "skjema-blankt"
    anskaffelse("dialogue", "export", PROFILE, "-o", blank)  # for a supplier that is not on the list
    answers = out / "svar-leverandorer"
    answers.mkdir(parents=True, exist_ok=True)
    choices = ["Leveres i dag", "På veikart (år)", "Ikke planlagt"]
    # Alfa and Beta answer the workbooks made for them; Gamma does not answer; Delta, not on the list,
    # answers the blank workbook.
    given = [(forms / "fjordregionen-markedsdialog-alfa-omsorg-as.xlsx", [None, None, None, "3.1", None]),
             (forms / "fjordregionen-markedsdialog-beta-journal-as.xlsx",
              [None, None, None, "12.0", "salg@beta.example"]),
             (blank / "fjordregionen-markedsdialog-nb.xlsx",
              ["Delta Systemer AS", "924680148", "Delta Pleie", "1.0", "salg@delta.example"])]
    for n, (source, facts) in enumerate(given):
        def answer(row: int, req_id: str, n: int = n) -> tuple:
            choice = choices[0] if (row + n) % 5 < 3 else choices[1] if (row + n) % 5 == 3 else choices[2]
            return choice, 2027 + n if choice == choices[1] else None, ""

        fill(source, answers / f"leverandor-{n + 1}.xlsx", facts, answer)
    anskaffelse("dialogue", "report", forms / "fjordregionen-markedsdialog-spesifikasjon.json",
                *sorted(answers.glob("*.xlsx")), "-o", out / "rapport-markedsdialog", "--suppliers", SUPPLIERS)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out") / "kartlegging"
    survey(target)
    dialogue(target)
