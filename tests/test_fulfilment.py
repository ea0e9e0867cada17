"""When a requirement must be met: tailored in the profile, checked, and printed in the specification."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from .conftest import words

FRIST = """
tailor:
  EPJ-DR-004:
    fulfilment: frist
    fulfilment_by: "2028-06-01"
  EPJ-DR-005:
    fulfilment: tilbud
"""


def _requirements(out: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((out / "profil-spesifikasjon.json").read_text(encoding="utf-8"))
    return {r["id"]: r for m in data["modules"] for r in m["requirements"]}


def test_a_tailored_deadline_is_written_out_and_printed(cli, write_profile, tmp_path: Path) -> None:
    profile = write_profile(extra=FRIST)
    result = cli("build", profile, "-o", tmp_path / "ut", "--format", "docx,json")
    assert result.exit_code == 0, result.output
    reqs = _requirements(tmp_path / "ut")
    assert (reqs["EPJ-DR-004"]["fulfilment"], reqs["EPJ-DR-004"]["fulfilment_by"]) == ("frist", "1. juni 2028")
    assert (reqs["EPJ-DR-005"]["fulfilment"], reqs["EPJ-DR-005"]["fulfilment_by"]) == ("tilbud", "")
    d = words("nb")["document"]
    text = "\n".join(c.text for t in Document(str(tmp_path / "ut" / "profil-kravspesifikasjon.docx")).tables
                     for row in t.rows for c in row.cells)
    assert f"{d['fulfilment_label']}: 1. juni 2028" in text
    assert f"{d['fulfilment_label']}: {d['fulfilment']['tilbud']}" in text


def test_a_deadline_without_a_date_is_an_error_at_its_line(cli, write_profile, tmp_path: Path) -> None:
    profile = write_profile(extra="tailor:\n  EPJ-DR-004:\n    fulfilment: frist\n")
    result = cli("build", profile, "-o", tmp_path / "ut")
    assert result.exit_code == 1
    assert "profil.yaml:24:17" in result.output and "P061" in result.output
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").iterdir())


def test_a_date_without_a_deadline_is_an_error(cli, write_profile) -> None:
    profile = write_profile(extra="tailor:\n  EPJ-DR-004:\n    fulfilment_by: \"2028-06-01\"\n")
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "P062" in result.output and "profil.yaml:24:20" in result.output


def test_the_specification_says_how_requirements_bind_and_lists_contract_terms_by_annex(example_build: Path) -> None:
    from collections import Counter

    from .conftest import EXAMPLES, spec_of
    from .test_export_docx import requirement_tables

    spec = spec_of(EXAMPLES / "eksempel-kommune.yaml")
    doc = Document(str(example_build / "eksempel-kommune-kravspesifikasjon.docx"))
    d = words("nb")["document"]
    paragraphs = [p.text for p in doc.paragraphs]
    assert d["binding_heading"] in " ".join(paragraphs)
    assert all(line in paragraphs for line in d["binding"])
    annexes = sorted({r.contract_annex for r in spec.requirements() if r.contract_annex})
    assert annexes
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    annex_at = next(i for i, h in enumerate(headings) if h.endswith(d["annex_heading"]))
    assert all(any(h.endswith(d["contract_annex"][a]) for h in headings[annex_at:]) for a in annexes)
    # Every requirement is printed once: the contract terms only in their annex's table.
    ids = Counter(row.cells[0].text.strip() for t in requirement_tables(doc, "nb") for row in t.rows[1:])
    assert ids == Counter(r.id for r in spec.requirements())
    evaluated = next(r for r in spec.requirements() if r.scoring)
    row = next(row for t in requirement_tables(doc, "nb") for row in t.rows[1:]
               if row.cells[0].text.strip() == evaluated.id)
    for band in evaluated.scoring:
        assert f"{d['scoring_points'].format(points=band.scores)}: {band.text}" in row.cells[1].text
