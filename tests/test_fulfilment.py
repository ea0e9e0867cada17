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
