"""The ReqIF export: valid against the OMG schema, the module tree, both languages, the same bytes each time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

import anskaffelse
from anskaffelse.cli import app

ROOT = Path(__file__).resolve().parent.parent
ALL_AREAS = ROOT / "examples" / "alle-tjenesteomrader.yaml"
NYNORSK = ROOT / "examples" / "samarbeid" / "medlem-nynorsk.yaml"
XSD = ROOT / "tests" / "fixtures" / "reqif" / "xsd"
NS = {"r": "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd", "x": "http://www.w3.org/1999/xhtml"}


class _LocalSchemas(etree.Resolver):
    """The schemas import each other by their web addresses; each is read from tests/fixtures instead."""

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        local = XSD / url.rsplit("/", 1)[-1]
        if not local.is_file():
            raise AssertionError(f"the schema {url} is not in {XSD}")
        return self.resolve_filename(str(local), context)


@cache
def reqif_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(XSD / "reqif.xsd"), parser))


@cache
def spec_of(profile: Path, lang: str | None = None) -> Any:
    return anskaffelse.specification(profile, lang=lang)[0]


def build_reqif(profile: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(app, ["build", str(profile), "-o", str(out), "--format", "reqif", *extra])
    assert result.exit_code == 0, result.output
    written = out / f"{profile.stem}-spesifikasjon.reqif"
    assert written.is_file()
    return written


@pytest.fixture(scope="module")
def all_areas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_reqif(ALL_AREAS, tmp_path_factory.mktemp("reqif"))


@cache
def definition_names(doc: ET.Element) -> dict[str | None, str | None]:
    return {d.get("IDENTIFIER"): d.get("LONG-NAME") for d in doc.iter()
            if d.tag.startswith(f"{{{NS['r']}}}ATTRIBUTE-DEFINITION-")}


def objects_by_id(doc: ET.Element) -> dict[str | None, ET.Element]:
    return {o.get("IDENTIFIER"): o for o in doc.iter(f"{{{NS['r']}}}SPEC-OBJECT")}


def values_by_name(doc: ET.Element, obj: ET.Element) -> dict[str, str]:
    names = definition_names(doc)
    values = {}
    for value in obj.findall("r:VALUES/*", NS):
        name = names[value.find("r:DEFINITION/*", NS).text]
        div = value.find("r:THE-VALUE/x:div", NS)
        if div is not None:
            values[name] = "".join(div.itertext())
        elif value.find("r:VALUES/r:ENUM-VALUE-REF", NS) is not None:
            values[name] = value.find("r:VALUES/r:ENUM-VALUE-REF", NS).text
        else:
            values[name] = value.get("THE-VALUE")
    return values


def test_export_is_valid_against_the_reqif_schema(all_areas: Path) -> None:
    schema = reqif_schema()
    valid = schema.validate(etree.parse(str(all_areas)))
    assert valid, "\n".join(str(e) for e in list(schema.error_log)[:10])


def test_a_broken_export_fails_the_schema(all_areas: Path) -> None:
    # The check can fail: a hierarchy node without its OBJECT is not ReqIF.
    text = all_areas.read_text(encoding="utf-8").replace("<OBJECT>", "<OBJEKT>", 1).replace(
        "</OBJECT>", "</OBJEKT>", 1)
    assert not reqif_schema().validate(etree.fromstring(text.encode("utf-8")))


def test_the_specification_tree_is_the_modules_with_their_requirements(all_areas: Path) -> None:
    spec = spec_of(ALL_AREAS)
    doc = ET.parse(all_areas).getroot()
    chapters = doc.findall(".//r:SPECIFICATION/r:CHILDREN/r:SPEC-HIERARCHY", NS)
    assert [c.find("r:OBJECT/r:SPEC-OBJECT-REF", NS).text for c in chapters] == \
        [f"kapittel-{m.id}" for m in spec.modules]
    for chapter, module in zip(chapters, spec.modules, strict=True):
        refs = [n.find("r:OBJECT/r:SPEC-OBJECT-REF", NS).text for n in chapter.findall("r:CHILDREN/*", NS)]
        assert refs == [f"krav-{r.id}" for r in module.requirements]
    assert len(doc.findall(".//r:SPEC-OBJECT", NS)) == spec.requirement_count + len(spec.modules)


def test_requirement_objects_carry_every_field_in_both_languages(all_areas: Path) -> None:
    nb = spec_of(ALL_AREAS)
    nn = spec_of(ALL_AREAS, "nn")
    doc = ET.parse(all_areas).getroot()
    nn_by_id = {r.id: r for r in nn.requirements()}
    objects = objects_by_id(doc)
    for req in nb.requirements():
        values = values_by_name(doc, objects[f"krav-{req.id}"])
        assert values["ReqIF.ForeignID"] == req.id
        assert values["ReqIF.Name"] == values["Tittel (nb)"] == req.title
        assert values["ReqIF.Text"] == values["Tekst (nb)"] == req.text.replace("\n", "")
        assert values["Tekst (nn)"] == nn_by_id[req.id].text.replace("\n", "")
        assert values["Tittel (nn)"] == nn_by_id[req.id].title
        assert values["Forpliktelse"] == f"ev-obligation-{req.obligation}"
        assert values["Svarform"] == f"ev-response-{req.response_type}"
        assert values["Vekt"] == str(req.weight)
        assert values["Tjenesteområder"] == ", ".join(req.areas)
        assert values.get("Standarder", "") == ", ".join(req.standards)
        assert values.get("Underkriterium", "") == req.subcriterion
        assert values.get("Oppfyllelse", "") == req.fulfilment
    some = next(r for r in nb.requirements() if r.fulfilment_by)
    values = values_by_name(doc, doc.find(f".//r:SPEC-OBJECT[@IDENTIFIER='krav-{some.id}']", NS))
    assert values["Frist (nb)"] == some.fulfilment_by
    assert values["Frist (nn)"] == nn_by_id[some.id].fulfilment_by


def test_chapters_name_their_module_in_both_languages(all_areas: Path) -> None:
    nn = spec_of(ALL_AREAS, "nn")
    nb = spec_of(ALL_AREAS)
    doc = ET.parse(all_areas).getroot()
    for module_nb, module_nn in zip(nb.modules, nn.modules, strict=True):
        obj = doc.find(f".//r:SPEC-OBJECT[@IDENTIFIER='kapittel-{module_nb.id}']", NS)
        values = values_by_name(doc, obj)
        assert values == {"ReqIF.ChapterName": module_nb.title, "Modul": module_nb.id,
                          "Tittel (nb)": module_nb.title, "Tittel (nn)": module_nn.title}


def test_a_nynorsk_tender_fills_the_standard_attributes_in_nynorsk(tmp_path: Path) -> None:
    written = build_reqif(NYNORSK, tmp_path)
    spec = spec_of(NYNORSK)
    assert spec.language == "nn"
    doc = ET.parse(written).getroot()
    req = next(spec.requirements())
    values = values_by_name(doc, doc.find(f".//r:SPEC-OBJECT[@IDENTIFIER='krav-{req.id}']", NS))
    assert values["ReqIF.Text"] == values["Tekst (nn)"] == req.text.replace("\n", "")
    assert values["Tekst (nb)"] != values["Tekst (nn)"]
    assert reqif_schema().validate(etree.parse(str(written)))


def test_same_input_gives_the_same_bytes_and_dates_come_from_the_tender(all_areas: Path, tmp_path: Path) -> None:
    again = build_reqif(ALL_AREAS, tmp_path)
    assert again.read_bytes() == all_areas.read_bytes()
    doc = ET.parse(all_areas).getroot()
    stamps = {e.get("LAST-CHANGE") for e in doc.iter() if e.get("LAST-CHANGE")}
    assert stamps == {"2027-02-01T00:00:00Z"}
    assert doc.find(".//r:CREATION-TIME", NS).text == "2027-02-01T00:00:00Z"
    spec = spec_of(ALL_AREAS)
    assert doc.find(".//r:REQ-IF-HEADER", NS).get("IDENTIFIER") == f"reqif-{spec.fingerprint[:32]}"


def test_source_date_epoch_dates_a_profile_without_a_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ALL_AREAS.read_text(encoding="utf-8").replace('  date: "2027-02-01"\n', "")
    profile = tmp_path / "udatert.yaml"
    profile.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = build_reqif(profile, tmp_path / "a").read_bytes()
    second = build_reqif(profile, tmp_path / "b").read_bytes()
    assert first == second
    assert b'LAST-CHANGE="2026-01-01T00:00:00Z"' in first


def test_profile_formats_may_name_reqif(tmp_path: Path) -> None:
    text = ALL_AREAS.read_text(encoding="utf-8") + "\nformats: [reqif]\n"
    profile = tmp_path / "bare-reqif.yaml"
    profile.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(profile), "-o", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["bare-reqif-spesifikasjon.reqif"]


def test_the_foreign_fixture_is_valid_reqif() -> None:
    # The import tests read it as another tool's file; it must be one a tool could write.
    assert reqif_schema().validate(etree.parse(str(ROOT / "tests" / "fixtures" / "reqif" / "fra-annet-verktoy.reqif")))
