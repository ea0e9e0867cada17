"""The examples go out as they are: what a procurement officer checks before publishing.

`examples/eksempel-kommune.yaml` uses every feature that makes a tender ready
without Word work (own chapters, one from a file; a title and text override with
a published justification; an answer form tailored for a minstekrav; an excluded
user story; an evaluation model with selectors, deliverables and own score bands;
a price form; a contact). Expectations come from the profile's YAML and the locale
files, not from the code under test.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from anskaffelse.localtext import pick

from .conftest import EXAMPLES, read_yaml, words
from .test_export_pdf import pages_of, require_uno, run_cli

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"

# Words that are bokmål only: none of them may stand in a nynorsk document.
BOKMAL_ONLY = ("ikke", "hva", "hvordan", "hvilke", "hvis", "hvem", "jeg", "løsningen", "tjenesten", "bruker",
               "brukere", "sykehjem", "kommunens", "noen", "ble", "være", "fra", "skrives")


def _first_words(markdown: str) -> str:
    """The first words of a chapter's first paragraph of running text, without its markup."""
    paragraphs = [p for p in markdown.strip().split("\n\n") if not p.lstrip().startswith(("|", "#", "-", "1."))]
    plain = re.sub(r"[*_`\[\]]", "", paragraphs[0]).split(".")[0]
    return " ".join(plain.split()[:6])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_uno()
    out = tmp_path_factory.mktemp("tender-ready")
    result = run_cli("build", KOMMUNE, "-o", out, "--format", "docx,xlsx,json,pdf")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.libreoffice
def test_the_pdf_has_the_own_chapters_and_the_evaluation_model_with_page_numbers(built: Path) -> None:
    profile = read_yaml(KOMMUNE)
    nb = words("nb")
    pages = pages_of(built / "eksempel-kommune-kravspesifikasjon.pdf")
    text = " ".join(" ".join(page.split()) for page in pages)
    toc = " ".join(pages[:4])
    for key in ("background", "timeline", "contact"):
        title = nb["chapter_titles"][key]
        assert re.search(rf"{re.escape(title)}\s*\.{{3,}}\s*\d+", toc), f"no TOC line with a page for {title}"
        assert _first_words(pick(profile["chapters"][key]["text"], "nb")) in text, key
    situation = (EXAMPLES / profile["chapters"]["current_situation"]["file"]).read_text(encoding="utf-8")
    assert _first_words(situation) in text
    assert re.search(rf"{nb['document']['evaluation_heading']}\s*\.{{3,}}\s*\d+", toc)
    for criterion in profile["award_criteria"]:
        assert criterion["name"] in text
    assert " ".join(profile["award_criteria"][1]["bands"]["10"].split()[:6]) in text
    assert " ".join(profile["tailor"]["EPJ-DR-008"]["justification"].split()[:6]) in text


@pytest.mark.libreoffice
def test_the_answer_sheet_has_the_price_form_and_a_tailored_minstekrav_answered_yes_or_no(built: Path) -> None:
    profile = read_yaml(KOMMUNE)
    nb = words("nb")
    workbook = load_workbook(built / "eksempel-kommune-svarskjema.xlsx")
    price = workbook[nb["workbook_price"]["sheet"]]
    names = {str(c.value) for row in price.iter_rows() for c in row if c.value is not None}
    assert all(element["name"] in names for element in profile["price_form"]["elements"])
    answers = workbook[nb["workbook"]["answers_sheet"]]
    row = next(r for r in answers.iter_rows(values_only=True) if r[0] == "EPJ-TL-010")
    assert nb["obligation"]["minstekrav"] in row and nb["response"]["ja-nei"] in row
    retitled = next(r for r in answers.iter_rows(values_only=True) if r[0] == "EPJ-DR-008")
    assert profile["tailor"]["EPJ-DR-008"]["title"] in retitled


def _texts_of(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist()
                 if n.endswith(".xml") and n.startswith(("word/", "xl/sharedStrings", "xl/worksheets/"))]
        xml = " ".join(archive.read(n).decode("utf-8") for n in parts)
    return " ".join(re.findall(r"<(?:w:)?t(?:\s[^>]*)?>([^<]*)</(?:w:)?t>", xml))


def test_no_bokmal_words_in_the_nynorsk_example(tmp_path: Path) -> None:
    result = run_cli("build", NYNORSK, "-o", tmp_path, "--format", "docx,xlsx")
    assert result.returncode == 0, result.stderr
    for name in ("medlem-nynorsk-kravspesifikasjon.docx", "medlem-nynorsk-svarskjema.xlsx"):
        text = _texts_of(tmp_path / name)
        assert len(text) > 10_000, name
        found = sorted({w for w in re.findall(r"[a-zæøå]+", text.lower()) if w in BOKMAL_ONLY})
        assert not found, f"{name} has bokmål words: {found}"


def test_the_word_list_finds_bokmal_in_the_bokmal_example(tmp_path: Path) -> None:
    """The same check on a bokmål document finds words, so it is able to fail."""
    result = run_cli("build", KOMMUNE, "-o", tmp_path, "--format", "docx")
    assert result.returncode == 0, result.stderr
    text = _texts_of(tmp_path / "eksempel-kommune-kravspesifikasjon.docx").lower()
    assert {"ikke", "løsningen"} <= set(re.findall(r"[a-zæøå]+", text))
