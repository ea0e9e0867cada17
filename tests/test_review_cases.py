"""Cases found by review: collaborations, odd input and unusual templates, end to end."""

from __future__ import annotations

import json
import textwrap
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Mm

from anskaffelse.limits import TITLE

from .conftest import EXAMPLES, MINIMAL_PROFILE


def member(tmp_path: Path, body: str) -> Path:
    base = tmp_path / "felles.yaml"
    base.write_text((EXAMPLES / "samarbeid" / "felles.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "medlem.yaml"
    path.write_text("extends: felles.yaml\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_member_uses_its_own_namespace_beside_the_base_namespace(cli, tmp_path):
    path = member(tmp_path, """\
        namespace: NORD
        local_requirements:
          - id: NORD-001
            title: {nb: Eget krav}
            text: {nb: Leverandøren skal levere opplæring i kommunens lokaler.}
            obligation: evaluert
            weight: 2
            response: {type: ja-nei}
        """)
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "json", "--json")
    assert result.exit_code == 0, result.stdout
    spec = json.loads((tmp_path / "ut" / "medlem-spesifikasjon.json").read_text(encoding="utf-8"))
    local = [r["id"] for m in spec["modules"] for r in m["requirements"] if r["local"]]
    assert local == ["VEST-001", "NORD-001"]


def test_a_member_can_leave_out_a_local_requirement_of_the_base(cli, tmp_path):
    path = member(tmp_path, "exclude: [VEST-001]\n")
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "json")
    assert result.exit_code == 0, result.stderr
    spec = json.loads((tmp_path / "ut" / "medlem-spesifikasjon.json").read_text(encoding="utf-8"))
    assert "VEST-001" not in {r["id"] for m in spec["modules"] for r in m["requirements"]}
    removed = {(d["requirement"], d["change"]) for d in spec["deviations"]}
    assert ("VEST-001", "removed") in removed


def test_tailoring_a_requirement_down_to_informasjon_needs_no_weight_workaround(cli, write_profile):
    path = write_profile(extra="tailor:\n  EPJ-DR-001:\n    obligation: informasjon\n")
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr


def test_minstekrav_carries_no_weight_in_the_export(cli, write_profile, tmp_path):
    path = write_profile(extra="tailor:\n  EPJ-DR-001:\n    obligation: minstekrav\n")
    assert cli("build", path, "-o", tmp_path / "ut", "--format", "json").exit_code == 0
    spec = json.loads((tmp_path / "ut" / "profil-spesifikasjon.json").read_text(encoding="utf-8"))
    req = next(r for m in spec["modules"] for r in m["requirements"] if r["id"] == "EPJ-DR-001")
    assert (req["obligation"], req["weight"]) == ("minstekrav", 0)


def test_a_selection_of_nothing_warns_and_still_builds(cli, write_profile, tmp_path):
    path = write_profile(MINIMAL_PROFILE.replace("  modules: [drift]", "  tags: [finnes-ikke]"))
    result = cli("build", path, "-o", tmp_path / "ut")
    assert result.exit_code == 1  # the unknown tag is an error
    path = write_profile(MINIMAL_PROFILE.replace("  modules: [drift]", "  modules: [drift]\n  areas: [logopedi]")
                         .replace("modules: [drift]", "modules: [legevakt]"))
    result = cli("build", path, "-o", tmp_path / "ut")
    assert result.exit_code == 0, result.stderr
    assert "(P025)" in result.stderr


def test_control_characters_and_tags_are_findings_with_positions(cli, write_profile):
    path = write_profile(MINIMAL_PROFILE.replace("title: Testanskaffelse", 'title: "Test\\x01anskaffelse"')
                         .replace('reference: "2026/1"', "reference: !ukjent 2026"))
    result = cli("validate", path)
    assert result.exit_code == 1
    lines = path.read_text(encoding="utf-8").splitlines()
    title_line = next(i for i, row in enumerate(lines, 1) if "title:" in row)
    reference_line = next(i for i, row in enumerate(lines, 1) if "reference:" in row)
    assert f"profil.yaml:{title_line}:" in result.stderr and "(Y007)" in result.stderr
    assert f"profil.yaml:{reference_line}:" in result.stderr and "(Y008)" in result.stderr
    assert "internal error" not in result.stderr


def test_deeply_nested_yaml_is_a_finding(cli, tmp_path):
    path = tmp_path / "dyp.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_profile_that_is_a_list_is_one_clear_finding(cli, tmp_path):
    path = tmp_path / "liste.yaml"
    path.write_text("- tender\n- select\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "(P000)" in result.stderr and "(P020)" not in result.stderr


def test_lang_the_library_lacks_is_a_usage_error(cli, tmp_path):
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert "no 'en' texts" in result.stderr


def test_json_mode_reports_usage_errors_as_json(cli, tmp_path):
    result = cli("build", tmp_path / "finnes-ikke.yaml", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["ok"] is False
    result = cli("validate", tmp_path / "finnes-ikke.yaml", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["diagnostics"][0]["code"] == "Y004"


def test_missing_library_folder_is_a_usage_error(cli, tmp_path):
    result = cli("list", "--library", tmp_path / "finnes-ikke")
    assert result.exit_code == 2


def test_square_brackets_in_library_text_are_printed_as_they_are(cli, library_copy):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("nb: Garantert oppetid per måned", "nb: Garantert oppetid [/x] per måned", 1),
                      encoding="utf-8")
    result = cli("show", "EPJ-DR-001", "--library", library_copy)
    assert result.exit_code == 0, result.stderr
    assert "Garantert oppetid [/x] per måned" in result.stdout
    assert cli("list", "--module", "drift", "--library", library_copy).exit_code == 0


def test_a_very_long_title_and_many_buyers_build(cli, write_profile, tmp_path):
    """The longest title the schema allows still builds (a longer one is refused, see test_hostile_values)."""
    buyers = "".join(f'    - {{name: Kommune nummer {i} i samarbeidet, org_number: "940000130"}}\n' for i in range(30))
    title = ("Lang tittel " * 30)[:TITLE].strip()
    text = MINIMAL_PROFILE.replace("title: Testanskaffelse", "title: " + title)
    text = text.replace('    - name: Testvik kommune\n      org_number: "940000130"\n', buyers)
    path = write_profile(text)
    result = cli("build", path, "-o", tmp_path / "ut")
    assert result.exit_code == 0, result.stderr
    doc = Document(str(tmp_path / "ut" / "profil-kravspesifikasjon.docx"))
    assert len(doc.core_properties.title) <= 255 and len(doc.core_properties.author) <= 255
    assert doc.paragraphs[0].text.startswith("Lang tittel Lang tittel")


def _logo_template(path: Path) -> None:
    from docx.oxml import parse_xml

    doc = Document()
    header = doc.sections[0].header
    # A picture-only header, as a municipality's letterhead often is.
    header.paragraphs[0]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pict/></w:r>'))
    doc.sections[0].footer.paragraphs[0].text = "Storgata 1, 9999 Testvik"
    doc.sections[0].page_width = Mm(210)
    doc.save(str(path))


def test_template_header_logo_and_footer_text_are_kept(cli, write_profile, tmp_path):
    _logo_template(tmp_path / "mal med logo.docx")
    path = write_profile(extra='template: "mal med logo.docx"\n')
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "docx")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "ut" / "profil-kravspesifikasjon.docx") as z:
        headers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert "<w:pict" in headers
    assert "Storgata 1" in footers and " PAGE " in footers


def test_a_dotx_template_is_accepted(cli, write_profile, tmp_path):
    _logo_template(tmp_path / "mal.docx")
    source = zipfile.ZipFile(tmp_path / "mal.docx")
    with zipfile.ZipFile(tmp_path / "mal.dotx", "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, data)
    path = write_profile(extra="template: mal.dotx\n")
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "docx")
    assert result.exit_code == 0, result.stderr


def test_a_zip_that_is_not_a_word_file_is_a_template_finding(cli, write_profile, tmp_path):
    with zipfile.ZipFile(tmp_path / "feil.docx", "w") as z:
        z.writestr("hei.txt", "ikke word")
    path = write_profile(extra="template: feil.docx\n")
    result = cli("build", path, "-o", tmp_path / "ut")
    assert result.exit_code == 1
    assert "(P018)" in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "ut").exists()


def test_include_and_exclude_of_the_same_id_warns(cli, write_profile):
    path = write_profile(extra="include: [EPJ-DR-002]\nexclude: [EPJ-DR-002]\n")
    result = cli("validate", path)
    assert result.exit_code == 0
    rows = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(rows, 1) if row.startswith("include"))
    assert f"profil.yaml:{line}:" in result.stderr and "(P026)" in result.stderr


def test_a_text_of_the_wrong_form_gets_a_plain_hint(cli, write_profile):
    path = write_profile(extra="tailor:\n  EPJ-DR-002:\n    text: [en, liste]\n"
                               "    justification: Annen tekst trengs her.\n")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "(S007)" in result.stderr and "{nb: ..., nn: ...}" in result.stderr
    assert "any of the given schemas" not in result.stderr
