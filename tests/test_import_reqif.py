"""`anskaffelse import reqif`: the round trip library → ReqIF → module, foreign files, hostile files."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

import anskaffelse
from anskaffelse.cli import app
from anskaffelse.exchange.safe_xml import MAX_ELEMENTS, MAX_REQIF_BYTES

ROOT = Path(__file__).resolve().parent.parent
ALL_AREAS = ROOT / "examples" / "alle-tjenesteomrader.yaml"
LIBRARY_MODULES = ROOT / "requirements-library" / "modules"
FOREIGN = ROOT / "tests" / "fixtures" / "reqif" / "fra-annet-verktoy.reqif"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd">')


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def library_requirements() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for path in sorted(LIBRARY_MODULES.glob("*.yaml")) for r in read_yaml(path)["requirements"]}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("roundtrip")
    built = invoke("build", str(ALL_AREAS), "-o", str(folder), "--format", "reqif")
    assert built.exit_code == 0, built.output
    module = folder / "alle.yaml"
    imported = invoke("import", "reqif", str(folder / "alle-tjenesteomrader-spesifikasjon.reqif"),
                      "-o", str(module), "--id", "alle")
    assert imported.exit_code == 0, imported.output
    data = read_yaml(module)
    assert data["id"] == "alle"
    return {r["id"]: r for r in data["requirements"]}


def with_parameters(template: str, parameters: tuple[Any, ...]) -> str:
    """The library's text with the values the specification shows in place of its {placeholders}."""
    for parameter in parameters:
        template = template.replace("{" + parameter.name + "}", parameter.value)
    return template


def test_round_trip_keeps_every_requirement_of_the_library(round_trip: dict[str, dict[str, Any]]) -> None:
    current = {key for key, r in library_requirements().items() if not r.get("deprecated")}
    assert set(round_trip) == current
    assert len(current) > 400


def test_round_trip_keeps_ids_texts_and_attributes(round_trip: dict[str, dict[str, Any]]) -> None:
    nb = {r.id: r for r in anskaffelse.specification(ALL_AREAS)[0].requirements()}
    nn = {r.id: r for r in anskaffelse.specification(ALL_AREAS, lang="nn")[0].requirements()}
    for req_id, imported in round_trip.items():
        source = library_requirements()[req_id]
        assert imported["title"] == source["title"], req_id
        assert imported["text"] == {"nb": with_parameters(source["text"]["nb"], nb[req_id].parameters),
                                    "nn": with_parameters(source["text"]["nn"], nn[req_id].parameters)}, req_id
        for key in ("kind", "obligation", "areas", "subcriterion", "fulfilment", "fulfilment_by", "contract_annex"):
            assert imported.get(key) == source.get(key), (req_id, key)
        for key in ("standards", "user_stories"):
            assert imported.get(key, []) == source.get(key, []), (req_id, key)
        assert imported.get("weight") == (source.get("weight") if source["obligation"] == "evaluert" else None)
        assert imported["response"] == source["response"], req_id


def test_round_trip_texts_with_parameters_carry_the_values(round_trip: dict[str, dict[str, Any]]) -> None:
    with_values = [key for key, r in library_requirements().items() if "{" in r["text"]["nb"] and key in round_trip]
    assert with_values
    assert all("{" not in round_trip[key]["text"]["nb"] for key in with_values)


def test_a_module_of_the_tool_round_trips_its_own_yaml(tmp_path: Path) -> None:
    # A second import of the module's own export gives the same file: nothing drifts.
    first = tmp_path / "a.yaml"
    assert invoke("import", "reqif", str(FOREIGN), "-o", str(first)).exit_code == 0
    assert invoke("import", "reqif", str(FOREIGN), "-o", str(tmp_path / "b.yaml")).exit_code == 0
    assert first.read_bytes() == (tmp_path / "b.yaml").read_bytes()


def test_a_foreign_file_maps_the_standard_attributes(tmp_path: Path) -> None:
    out = tmp_path / "lokale.yaml"
    result = invoke("import", "reqif", str(FOREIGN), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = read_yaml(out)
    assert data["id"] == "fra-annet-verktoy"
    assert data["title"] == {"nb": "Lokale krav til hjemmetjenesten"}
    first, second = data["requirements"]
    assert first["id"] == "FJORD-HT-001"
    assert first["title"] == {"nb": "Kjøreliste for hjemmetjenesten"}
    assert first["text"] == {"nb": "Løsningen skal lage en kjøreliste per dag med:\n- besøk i rekkefølge,\n"
                                   "- adresse og nøkkelinformasjon."}
    assert (first["obligation"], first["kind"], first["response"], first["areas"]) == \
        ("minstekrav", "funksjonell", {"type": "ja-nei"}, ["alle"])
    assert second["id"] == "REQIF-123"
    assert second["text"] == {"nb": "Løsningen skal varsle  primærkontakten når et besøk er avlyst."}
    assert second["title"] == second["text"]
    assert "X021" in result.output and "'123'" in result.output
    assert "without obligation in the file (FJORD-HT-001, REQIF-123) got 'minstekrav' (X020)" in result.output


def test_json_output_names_the_module_and_the_warnings(tmp_path: Path) -> None:
    result = invoke("import", "reqif", str(FOREIGN), "-o", str(tmp_path / "m.yaml"), "--id", "lokale-krav", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["ok"], data["module"], data["requirements"]) == (True, "lokale-krav", 2)
    assert {w["code"] for w in data["warnings"]} == {"X020", "X021"}


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    out.write_text("id: mitt\n", encoding="utf-8")
    result = invoke("import", "reqif", str(FOREIGN), "-o", str(out))
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "id: mitt\n"
    assert invoke("import", "reqif", str(FOREIGN), "-o", str(out), "--force").exit_code == 0
    assert read_yaml(out)["requirements"][0]["id"] == "FJORD-HT-001"


def test_the_input_file_is_never_written(tmp_path: Path) -> None:
    copy = tmp_path / "fil.reqif"
    copy.write_bytes(FOREIGN.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    result = invoke("import", "reqif", str(copy), "-o", str(copy), "--force")
    assert result.exit_code == 2
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_a_bad_module_id_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("import", "reqif", str(FOREIGN), "-o", str(tmp_path / "m.yaml"), "--id", "Mine Krav")
    assert result.exit_code == 2
    assert "not a module ID" in result.output
    assert not (tmp_path / "m.yaml").exists()


def refused(tmp_path: Path, content: bytes, code: str) -> Result:
    source = tmp_path / "fiendtlig.reqif"
    source.write_bytes(content)
    out = tmp_path / "m.yaml"
    result = invoke("import", "reqif", str(source), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert f"({code})" in result.output, result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [source], "nothing may be written"
    return result


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd">&lol9;</REQ-IF>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE REQ-IF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"><THE-HEADER>&secret;</THE-HEADER></REQ-IF>
"""


def test_entities_are_refused(tmp_path: Path) -> None:
    result = refused(tmp_path, BILLION_LAUGHS, "X002")
    assert "DTD or entities" in result.output


def test_an_external_entity_is_refused(tmp_path: Path) -> None:
    result = refused(tmp_path, EXTERNAL_ENTITY, "X002")
    assert "root:" not in result.output


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "stor.reqif"
    with source.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.truncate(MAX_REQIF_BYTES + 1)  # sparse: no disk space needed
    result = invoke("import", "reqif", str(source), "-o", str(tmp_path / "m.yaml"))
    assert result.exit_code == 1
    assert "stor.reqif" in result.output and "MB" in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "m.yaml").exists()


def test_a_million_elements_are_refused(tmp_path: Path) -> None:
    body = b"<SPEC-OBJECTS>" + b"<a/>" * 1_000_000 + b"</SPEC-OBJECTS>"
    assert len(body) < MAX_REQIF_BYTES
    result = refused(tmp_path, HEAD.encode() + body + b"</REQ-IF>", "X003")
    assert f"more than {MAX_ELEMENTS:,} XML elements" in result.output


def test_a_file_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    result = refused(tmp_path, "Krav;Tekst\nK-1;Løsningen skal …\n".encode(), "X001")
    assert "fiendtlig.reqif:1:1: error the file is not XML" in result.output


@pytest.mark.parametrize(("mark", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_a_file_in_utf16_with_its_mark_is_read_as_its_utf8_twin(tmp_path: Path, mark: bytes, codec: str) -> None:
    """Some requirements tools on Windows save XML as UTF-16; XML allows it when the file begins with the mark."""
    text = FOREIGN.read_text(encoding="utf-8")
    wide = text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    (tmp_path / "utf8").mkdir()
    (tmp_path / "utf16").mkdir()
    (tmp_path / "utf8" / "krav.reqif").write_text(text, encoding="utf-8")
    (tmp_path / "utf16" / "krav.reqif").write_bytes(mark + wide.encode(codec))
    for folder in ("utf8", "utf16"):
        result = invoke("import", "reqif", str(tmp_path / folder / "krav.reqif"), "-o",
                        str(tmp_path / folder / "krav.yaml"))
        assert result.exit_code == 0, result.output
    assert (tmp_path / "utf16" / "krav.yaml").read_bytes() == (tmp_path / "utf8" / "krav.yaml").read_bytes()
    broken = mark + (wide[:3000] + "<x").encode(codec)
    line = wide[:3000].count("\n") + 1
    (tmp_path / "broken").mkdir()
    assert f"fiendtlig.reqif:{line}:" in refused(tmp_path / "broken", broken, "X001").output


def test_a_pdf_is_named_for_what_it_is(tmp_path: Path) -> None:
    result = refused(tmp_path, b"%PDF-1.7\n" + bytes(range(256)) * 8, "X001")
    assert "a PDF document" in result.output


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    content = HEAD + "\n<THE-HEADER>\n<REQ-IF-HEADER IDENTIFIER='h'>\n</THE-HEADER>\n</REQ-IF>\n"
    result = refused(tmp_path, content.encode(), "X001")
    assert "fiendtlig.reqif:5:3: error the file is not well-formed XML: mismatched tag" in result.output


def test_xml_that_is_not_reqif_is_refused(tmp_path: Path) -> None:
    result = refused(tmp_path, b"<?xml version='1.0'?>\n<kravliste><krav/></kravliste>\n", "X004")
    assert "<kravliste>" in result.output


def test_a_dangling_reference_is_an_error(tmp_path: Path) -> None:
    text = FOREIGN.read_text(encoding="utf-8").replace(
        "<ATTRIBUTE-DEFINITION-STRING-REF>a-name</", "<ATTRIBUTE-DEFINITION-STRING-REF>a-finnes-ikke</")
    result = refused(tmp_path, text.encode(), "X005")
    assert "'a-finnes-ikke'" in result.output


def test_a_repeated_id_is_an_error(tmp_path: Path) -> None:
    text = FOREIGN.read_text(encoding="utf-8").replace('THE-VALUE="123"', 'THE-VALUE="FJORD-HT-001"')
    refused(tmp_path, text.encode(), "X007")


def test_an_unknown_obligation_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ut"
    assert invoke("build", str(ALL_AREAS), "-o", str(folder), "--format", "reqif").exit_code == 0
    text = (folder / "alle-tjenesteomrader-spesifikasjon.reqif").read_text(encoding="utf-8")
    text = text.replace('LONG-NAME="minstekrav"', 'LONG-NAME="skal"', 1)
    (folder / "alle-tjenesteomrader-spesifikasjon.reqif").unlink()
    folder.rmdir()
    result = refused(tmp_path, text.encode(), "X008")
    assert "Forpliktelse is 'skal'" in result.output


def test_a_file_without_requirements_is_an_error(tmp_path: Path) -> None:
    refused(tmp_path, (HEAD + "<CORE-CONTENT><REQ-IF-CONTENT/></CORE-CONTENT></REQ-IF>").encode(), "X006")


LOCAL = """
local_requirements:
  - id: TEST-001
    title: {nb: "Avsnitt og linjer", nn: "Avsnitt og liner"}
    text:
      nb: "Leverandøren skal beskrive  opplæringen.\\n\\nDen skal omfatte:\\n- superbrukere\\n- alle andre"
      nn: "Leverandøren skal skildre  opplæringa.\\n\\nDen skal omfatte:\\n- superbrukarar\\n- alle andre"
    obligation: informasjon
    response: {type: beskrivelse}
"""


def test_line_breaks_blank_lines_and_spaces_survive_the_round_trip(write_profile: Any, tmp_path: Path) -> None:
    profile = write_profile(extra=LOCAL)
    built = invoke("build", str(profile), "-o", str(tmp_path / "ut"), "--format", "reqif")
    assert built.exit_code == 0, built.output
    out = tmp_path / "m.yaml"
    result = invoke("import", "reqif", str(tmp_path / "ut" / "profil-spesifikasjon.reqif"), "-o", str(out))
    assert result.exit_code == 0, result.output
    imported = {r["id"]: r for r in read_yaml(out)["requirements"]}["TEST-001"]
    assert imported["text"] == {
        "nb": "Leverandøren skal beskrive  opplæringen.\n\nDen skal omfatte:\n- superbrukere\n- alle andre",
        "nn": "Leverandøren skal skildre  opplæringa.\n\nDen skal omfatte:\n- superbrukarar\n- alle andre"}
    assert imported["title"] == {"nb": "Avsnitt og linjer", "nn": "Avsnitt og liner"}
    assert imported["obligation"] == "informasjon" and "weight" not in imported
