"""The skeleton of the response workbook kept in the cache: the same workbook with it as without it, or not used."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from anskaffelse.export import ExportOptions
from anskaffelse.export import xlsx as excel
from anskaffelse.export.xlsx_skeleton import read_skeleton, skeleton_key, skeleton_spec
from anskaffelse.library import cache

from .conftest import EXAMPLES, spec_of, words
from .test_cache import FORGER_KEY, _sign
from .test_docx_frame import imported_by_two_builds

SKELETONS = "anskaffelse-excel-*.jsonl"
PROFILES = {"price form": EXAMPLES / "eksempel-kommune.yaml",
            "members and options": EXAMPLES / "samarbeid-felles" / "felles-anskaffelse.yaml",
            "nynorsk member": EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"}


@pytest.fixture(scope="module", params=list(PROFILES), ids=list(PROFILES))
def spec(request: pytest.FixtureRequest) -> Any:
    return spec_of(PROFILES[request.param])


def _workbook(spec: Any) -> bytes:
    return excel.export_xlsx(spec, ExportOptions(epoch=1_750_000_000))


def _uncached(spec: Any, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(cache.NO_CACHE_ENV, "1")
        return _workbook(spec)


def _skeletons(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob(SKELETONS))


def _with_first(spec: Any, **changes: Any) -> Any:
    """`spec` with its first requirement changed."""
    first = spec.modules[0]
    changed = dataclasses.replace(first.requirements[0], **changes)
    return dataclasses.replace(spec, modules=(dataclasses.replace(first, requirements=(changed,
                                                                                       *first.requirements[1:])),
                                              *spec.modules[1:]))


def _refuse_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl made a workbook although a skeleton was kept")

    monkeypatch.setattr(openpyxl, "Workbook", refuse)


def test_a_workbook_from_a_kept_skeleton_is_the_workbook_made_afresh(spec, cache_dir, monkeypatch):
    expected = _uncached(spec, monkeypatch)
    assert not _skeletons(cache_dir)
    assert _workbook(spec) == expected
    assert len(_skeletons(cache_dir)) == 1
    _refuse_openpyxl(monkeypatch)
    assert _workbook(spec) == expected
    # Other requirement texts, the same skeleton.
    edited = _with_first(spec, title="Endret tittel", text="Leverandøren skal beskrive noe annet.")
    assert _workbook(edited) != expected
    monkeypatch.undo()
    assert _workbook(edited) == _uncached(edited, monkeypatch)
    assert len(_skeletons(cache_dir)) == 1


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_skeleton_made_from_the_reduced_specification_is_the_one_made_from_the_whole(spec):
    reqs = list(spec.requirements())
    lang = words(spec.language)
    whole, whole_rows = excel._new_skeleton(spec, spec, reqs, lang, 1_750_000_000)
    reduced, reduced_rows = excel._new_skeleton(skeleton_spec(spec), spec, reqs, lang, 1_750_000_000)
    assert _parts(reduced.package) == _parts(whole.package)
    assert (reduced.sheets, reduced.list_ranges, reduced.styles) == (whole.sheets, whole.list_ranges, whole.styles)
    assert reduced_rows == whole_rows


@pytest.mark.parametrize("first, then", [("Vanlig tittel", "=HYPERLINK(\"x\")"), ("=HYPERLINK(\"x\")", "Vanlig tittel"),
                                         ("+47 i tittelen", "-en strek")],
                         ids=["a formula-like title appears", "the formula-like title goes", "other quoted cells"])
def test_rows_asking_for_other_cell_styles_get_a_skeleton_of_their_own(spec, cache_dir, monkeypatch, first, then):
    _workbook(_with_first(spec, title=first))
    changed = _with_first(spec, title=then)
    assert _workbook(changed) == _uncached(changed, monkeypatch)


def test_the_skeleton_follows_the_tender_answer_lists_and_number_of_requirements(spec, cache_dir, monkeypatch):
    _workbook(spec)
    for changed in (dataclasses.replace(spec, tender=dataclasses.replace(spec.tender, title="Et annet navn")),
                    _with_first(spec, response_type="valg", options=("Rød", "Grønn")),
                    dataclasses.replace(spec, modules=spec.modules[:-1])):
        assert _workbook(changed) == _uncached(changed, monkeypatch)
    assert len(_skeletons(cache_dir)) == 4


def test_a_skeleton_not_signed_with_the_users_key_is_not_used(spec, cache_dir, monkeypatch):
    expected = _uncached(spec, monkeypatch)
    _workbook(spec)
    (entry,) = _skeletons(cache_dir)
    payload = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    payload["styles"] = [[name, quote, index + 1] for name, quote, index in payload["styles"]]
    _sign(entry, json.dumps(payload).encode(), FORGER_KEY)
    assert _workbook(spec) == expected


def test_a_skeleton_entry_of_another_shape_is_no_skeleton(cache_dir):
    frame = skeleton_spec(spec_of(PROFILES["price form"]))
    key = skeleton_key(frame, 0)
    assert key is not None
    for entry in ({"package": "ikke base64!", "sheets": {}, "list_ranges": [], "styles": []},
                  {"package": "", "sheets": {"answers": 2}, "list_ranges": [], "styles": []},
                  {"package": "", "sheets": {}, "list_ranges": [["Ja", "A1"]], "styles": []},
                  {"package": "", "sheets": {}, "list_ranges": [], "styles": [["krav_plain", 0, 3]]},
                  {"package": "", "sheets": {}, "list_ranges": [], "styles": [["krav_plain", False, True]]}):
        cache.write({key: entry}, cache.EXCEL)
        assert read_skeleton(key) is None
    cache.write({key: {"package": "", "sheets": {"answers": "a"}, "list_ranges": [[["Ja", "Nei"], "L!$A$1"]],
                       "styles": [["krav_plain", False, 3]]}}, cache.EXCEL)
    found = read_skeleton(key)
    assert found is not None and found.list_ranges == {("Ja", "Nei"): "L!$A$1"}
    assert found.styles == (("krav_plain", False, 3),)


def test_a_build_on_the_command_line_with_a_kept_skeleton_does_not_import_openpyxl(tmp_path):
    assert imported_by_two_builds(tmp_path, "openpyxl", "--format", "xlsx") == [True, False]


def test_openpyxls_choice_of_xml_writer_is_part_of_the_key(monkeypatch):
    from anskaffelse.export import xlsx_skeleton

    monkeypatch.delenv("OPENPYXL_LXML", raising=False)
    usual = xlsx_skeleton._code_digest.__wrapped__()
    monkeypatch.setenv("OPENPYXL_LXML", "False")
    assert usual is not None and xlsx_skeleton._code_digest.__wrapped__() not in (None, usual)
