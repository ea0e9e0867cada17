"""Both documents open and convert to PDF in LibreOffice headless, with the requirement IDs in the text.

Skipped when LibreOffice or pdftotext is missing, unless ANSKAFFELSE_REQUIRE_LIBREOFFICE
is set (as in CI), in which case a missing tool fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import anskaffelse

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parent.parent
KOMMUNE = ROOT / "examples" / "eksempel-kommune.yaml"
TIMEOUT = 180


def require_tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' / '.join(names)} not found on PATH (install libreoffice-writer, libreoffice-calc, poppler-utils)"
    if os.environ.get("ANSKAFFELSE_REQUIRE_LIBREOFFICE"):
        pytest.fail(f"ANSKAFFELSE_REQUIRE_LIBREOFFICE is set but {message}")
    pytest.skip(message)


def convert_to_pdf(source: Path, out_dir: Path, profile_dir: Path) -> Path:
    soffice = require_tool("soffice", "libreoffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )
    pdf = out_dir / f"{source.stem}.pdf"
    assert result.returncode == 0, f"soffice failed ({result.returncode}): {result.stdout}\n{result.stderr}"
    assert pdf.is_file(), f"no PDF written for {source.name}: {result.stdout}\n{result.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    pdftotext = require_tool("pdftotext")
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                            timeout=TIMEOUT, check=True)
    return result.stdout


def id_pattern(req_id: str) -> re.Pattern[str]:
    """The ID, also when a line breaks at one of its hyphens.

    pdftotext either keeps the hyphen before the break or, taking it for a
    word-break hyphen, joins the parts without it ("EPJ-\nLM-008" -> "EPJLM-008").
    """
    parts = [re.escape(p) for p in req_id.split("-")]
    return re.compile(r"(?<![\w-])" + r"-?\s*".join(parts) + r"(?![\w-])")


def contains_id(text: str, req_id: str) -> bool:
    return id_pattern(req_id.replace("\u00ad", "")).search(text.replace("\u00ad", "")) is not None


@pytest.fixture(scope="module")
def spec() -> Any:
    return anskaffelse.specification(KOMMUNE)[0]


@pytest.fixture(scope="module")
def pdfs(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_tool("soffice", "libreoffice")
    work = tmp_path_factory.mktemp("libreoffice")
    profile = work / "lo-profile"
    return {
        fmt: convert_to_pdf(example_build / f"eksempel-kommune-{suffix}", work / "pdf", profile)
        for fmt, suffix in (("docx", "kravspesifikasjon.docx"), ("xlsx", "svarskjema.xlsx"))
    }


def test_id_pattern_tolerates_line_breaks() -> None:
    """The helper finds IDs split by pdftotext, and does not find other IDs."""
    assert contains_id("se EPJ-DR-001 her", "EPJ-DR-001")
    assert contains_id("EPJ-DR-\n001", "EPJ-DR-001")
    assert contains_id("EPJDR-001", "EPJ-DR-001")
    assert contains_id("EPJ\nDR-001", "EPJ-DR-001")
    assert not contains_id("EPJ-DR-002", "EPJ-DR-001")
    assert not contains_id("EPJ-DR-0011", "EPJ-DR-001")
    assert not contains_id("XEPJ-DR-001", "EPJ-DR-001")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_document_converts_to_pdf(pdfs: dict[str, Path], fmt: str) -> None:
    pdf = pdfs[fmt]
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")


def test_docx_pdf_contains_every_requirement_id(pdfs: dict[str, Path], spec: Any) -> None:
    text = pdf_text(pdfs["docx"])
    missing = [r.id for r in spec.requirements() if not contains_id(text, r.id)]
    assert not missing, f"requirement IDs missing from the PDF: {missing}"
    assert not contains_id(text, "EPJ-UU-011")  # excluded by the profile


def test_docx_pdf_has_page_numbers_from_the_footer_fields(pdfs: dict[str, Path]) -> None:
    """LibreOffice evaluates PAGE and NUMPAGES: 'Side 1 av N' with N the real page count."""
    text = pdf_text(pdfs["docx"])
    totals = {int(n) for n in re.findall(r"Side \d+ av (\d+)", text)}
    assert len(totals) == 1, totals
    total = totals.pop()
    assert total > 1
    assert f"Side {total} av {total}" in text


def test_xlsx_pdf_contains_the_requirement_ids(pdfs: dict[str, Path], spec: Any) -> None:
    ids = [r.id for r in spec.requirements()]
    text = pdf_text(pdfs["xlsx"])
    assert contains_id(text, ids[0])
    assert contains_id(text, ids[-1])
    missing = [i for i in ids if not contains_id(text, i)]
    assert not missing, f"requirement IDs missing from the printed response sheet: {missing}"


def test_xlsx_pdf_does_not_print_the_hidden_control_sheet(pdfs: dict[str, Path], spec: Any) -> None:
    text = pdf_text(pdfs["xlsx"])
    assert spec.fingerprint not in text
    first = next(spec.requirements())
    assert first.fingerprint not in text
