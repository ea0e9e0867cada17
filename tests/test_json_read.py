"""A built JSON specification read back: the same `Specification`, and edits refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import anskaffelse
from anskaffelse.diagnostics import InputError
from anskaffelse.export.json_read import read_specification

ROOT = Path(__file__).resolve().parent.parent
KOMMUNE = ROOT / "examples" / "eksempel-kommune.yaml"


@pytest.mark.parametrize("name", ["eksempel-kommune", "medlem-nynorsk"])
def test_a_built_specification_reads_back_equal(example_build: Path, name: str) -> None:
    read = read_specification(example_build / f"{name}-spesifikasjon.json")
    path = KOMMUNE if name == "eksempel-kommune" else ROOT / "examples" / "samarbeid" / "medlem-nynorsk.yaml"
    assert read == anskaffelse.specification(path)[0]


def _edited_copy(example_build: Path, tmp_path: Path, edit: object) -> Path:
    data = json.loads((example_build / "eksempel-kommune-spesifikasjon.json").read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    path = tmp_path / "endret-spesifikasjon.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _first_requirement(data: dict) -> dict:  # type: ignore[type-arg]
    return data["modules"][0]["requirements"][0]  # type: ignore[no-any-return]


def test_an_edited_requirement_text_is_refused(example_build: Path, tmp_path: Path) -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        _first_requirement(data)["text"] += " Leverandøren kan velge."

    with pytest.raises(InputError) as caught:
        read_specification(_edited_copy(example_build, tmp_path, edit))
    assert "edited" in caught.value.diagnostics[0].message


def test_an_edited_weight_is_refused(example_build: Path, tmp_path: Path) -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        req = next(r for m in data["modules"] for r in m["requirements"] if r["obligation"] == "evaluert")
        req["weight"] += 1

    with pytest.raises(InputError) as caught:
        read_specification(_edited_copy(example_build, tmp_path, edit))
    assert "fingerprint" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("content", "words"), [
    (b'{"format": "anskaffelse-spesifikasjon",\n "modules": [1,]}', "not valid JSON"),
    (b'{"a": NaN}', "NaN"),
    (b"\xff\xfe", "not UTF-8"),
    (b'{"format": "noe annet"}', "not a specification"),
])
def test_other_files_get_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x-spesifikasjon.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_specification(path)
    found = caught.value.diagnostics[0]
    assert words in found.message
    assert found.file and found.file.endswith("x-spesifikasjon.json")


def test_a_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b'{\n  "format": "anskaffelse-spesifikasjon",\n  "modules": [1,]\n}')
    with pytest.raises(InputError) as caught:
        read_specification(path)
    assert (caught.value.diagnostics[0].line, caught.value.diagnostics[0].column) == (3, 17)
