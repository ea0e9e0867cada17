"""Kartlegging og markedsdialog fra start til slutt, med oppdiktede svar.

    python examples/kartlegging/lag_eksempel.py [UTMAPPE]      # standard: out/kartlegging

1. `anskaffelse survey export` og `anskaffelse dialogue export` lager skjemaene (bokmål og nynorsk);
2. skriptet fyller ut tolv kommuners og fire leverandørers skjema slik Excel ville lagret dem;
3. `anskaffelse survey report` og `anskaffelse dialogue report` lager rapportene (xlsx, docx, json, og
   pdf når LibreOffice er installert).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
PROFILE = HERE / "fjordregionen.yaml"
SCALE = {"nb": ["Fullt", "Delvis", "Ikke", "Vet ikke"], "nn": ["Fullt", "Delvis", "Ikkje", "Veit ikkje"]}
PRODUCTS = ["Alfa Omsorg", "Alfa Omsorg", "Beta Journal", "Gamma EPJ"]
AREAS = ["hjemmetjeneste", "institusjon", "legevakt"]


def anskaffelse(*args: str | Path) -> None:
    subprocess.run([sys.executable, "-m", "anskaffelse", *map(str, args)], check=True)


def fill(blank: Path, target: Path, facts: list[object], answer: object) -> None:
    """Fill the facts and, for each requirement row, the (answer, importance or year, comment) `answer` gives."""
    book = load_workbook(blank)
    facts_sheet, sheet = book.worksheets[1], book.worksheets[3]
    for row, value in enumerate(facts, 2):
        facts_sheet.cell(row, 2).value = value
    for row in range(2, sheet.max_row + 1):
        values = answer(row, str(sheet.cell(row, 1).value))  # type: ignore[operator]
        for column, value in zip((6, 7, 8), values, strict=True):
            sheet.cell(row, column).value = value
    book.save(target)


def survey(out: Path) -> None:
    forms = out / "skjema"
    anskaffelse("survey", "export", PROFILE, "-o", forms, "--lang", "nb,nn")
    answers = out / "svar-kommuner"
    answers.mkdir(parents=True, exist_ok=True)
    for n in range(12):
        lang = "nn" if n % 4 == 3 else "nb"
        product = PRODUCTS[n % 4]
        strong = "LM" if product.startswith("Alfa") else "MS"  # Alfa supports medication well, the others messaging

        def answer(row: int, req_id: str, n: int = n, lang: str = lang, strong: str = strong) -> tuple:
            level = 0 if f"-{strong}-" in req_id else (row + n) % 4
            return SCALE[lang][level], ["Må", "Bør", "Kan"][(row * 7 + n) % 3], ""

        fill(forms / f"fjordregionen-kartlegging-{lang}.xlsx", answers / f"kommune-{n + 1:02d}.xlsx",
             [f"Kommune {n + 1}", f"9{n + 1:08d}", AREAS[n % 3], product, "Leverandør AS", "4.2", 80 + 10 * n,
              "fagsystemansvarlig"], answer)
    anskaffelse("survey", "report", forms / "fjordregionen-kartlegging-spesifikasjon.json",
                *sorted(answers.glob("*.xlsx")), "-o", out / "rapport-kartlegging")


def dialogue(out: Path) -> None:
    forms = out / "skjema"
    anskaffelse("dialogue", "export", PROFILE, "-o", forms)
    answers = out / "svar-leverandorer"
    answers.mkdir(parents=True, exist_ok=True)
    choices = ["Leveres i dag", "På veikart (år)", "Ikke planlagt"]
    for n in range(4):
        def answer(row: int, req_id: str, n: int = n) -> tuple:
            choice = choices[0] if (row + n) % 5 < 3 else choices[1] if (row + n) % 5 == 3 else choices[2]
            return choice, 2027 + n if choice == choices[1] else None, ""

        fill(forms / "fjordregionen-markedsdialog-nb.xlsx", answers / f"leverandor-{n + 1}.xlsx",
             [f"Leverandør {n + 1} AS", f"98765432{n}", f"Produkt {n + 1}", "1.0", "salg@example.no"], answer)
    anskaffelse("dialogue", "report", forms / "fjordregionen-markedsdialog-spesifikasjon.json",
                *sorted(answers.glob("*.xlsx")), "-o", out / "rapport-markedsdialog")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out") / "kartlegging"
    survey(target)
    dialogue(target)
