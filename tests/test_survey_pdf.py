"""The survey and dialogue reports convert with LibreOffice and show their headings and charts."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import Cli
from .test_dialogue import dialogue  # noqa: F401  (fixture)
from .test_libreoffice import convert_to_pdf, pdf_text, require_tool
from .test_survey import survey  # noqa: F401  (fixture)

pytestmark = pytest.mark.libreoffice


def test_survey_report_writes_a_pdf_with_its_headings(cli: Cli, survey: dict[str, Any],  # noqa: F811
                                                      tmp_path: Path) -> None:
    require_tool("soffice", "libreoffice")
    files = sorted(survey["answers"].glob("*.xlsx"))
    result = cli("survey", "report", survey["spec"], *files, "-o", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "kartlegging-rapport.pdf")
    for heading in ("Sammendrag", "Slik er tallene regnet ut", "Dekning per kapittel", "Dekning per produkt",
                    "Viktig og dårlig støttet", "Dekning i prosent per kapittel og produkt."):
        assert heading in text, heading
    with zipfile.ZipFile(tmp_path / "kartlegging-rapport.docx") as archive:
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 2


def test_dialogue_report_converts_with_its_headings_and_picture(dialogue: dict[str, Any],  # noqa: F811
                                                                 tmp_path: Path) -> None:
    pdf = convert_to_pdf(dialogue["out"] / "markedsdialog-rapport.docx", tmp_path, tmp_path / "profile")
    text = pdf_text(pdf)
    for heading in ("Krav ingen leverer i dag", "Markedsmodenhet per kapittel", "Erklæring om samsvar med standarder",
                    "Leverandørenes svar per kapittel."):
        assert heading in text, heading
    images = require_tool("pdfimages")
    import subprocess

    listing = subprocess.run([images, "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) >= 3  # header, rule, and at least one picture
