"""The buyer's chapters survive LibreOffice: the bokmål example's chapters are in its PDF.

Skipped like the other LibreOffice tests when soffice or pdftotext is missing,
unless ANSKAFFELSE_REQUIRE_LIBREOFFICE is set (as in CI).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import EXAMPLES, read_yaml, words
from .test_libreoffice import convert_to_pdf, pdf_text, require_tool

pytestmark = pytest.mark.libreoffice


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_chapters_of_the_bokmal_example_are_in_its_pdf(example_build: Path, tmp_path: Path) -> None:
    require_tool("soffice", "libreoffice")
    pdf = convert_to_pdf(example_build / "eksempel-kommune-kravspesifikasjon.docx", tmp_path / "pdf",
                         tmp_path / "lo-profile")
    text = one_line(pdf_text(pdf))
    chapters = read_yaml(EXAMPLES / "eksempel-kommune.yaml")["chapters"]
    for key in ("background", "current_situation", "timeline", "contact"):
        assert words("nb")["chapter_titles"][key] in text
    assert chapters["opsjoner"]["title"] in text
    first_sentence = one_line(chapters["background"]["text"]).split(". ")[0]
    assert first_sentence in text
    situation = (EXAMPLES / "eksempel-kommune-situasjon.md").read_text(encoding="utf-8")
    assert one_line(situation.split("\n\n")[0]) in text  # the chapter read from the Markdown file
    assert "Vedståelsesfrist 15. mai 2027" in text  # a table row
    assert "**" not in text and "](" not in text  # no Markdown markers left
