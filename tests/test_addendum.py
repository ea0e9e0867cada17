"""`anskaffelse addendum` and `anskaffelse diff` end to end on the example pair examples/rettelse/v1.yaml → v2.yaml.

v2 plants exactly these changes (see the comment at the top of v2.yaml); the
expected sets below are written out from that list, and the words of the
document come from the locale files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

import anskaffelse

from .conftest import EXAMPLES, words
from .test_export_pdf import require_uno
from .test_libreoffice import convert_to_pdf, pdf_text

V1 = EXAMPLES / "rettelse" / "v1.yaml"
V2 = EXAMPLES / "rettelse" / "v2.yaml"

PLANTED_REQUIREMENTS = {
    ("EPJ-DR-079", "added"),
    ("EPJ-DR-010", "removed"),
    ("EPJ-DR-008", "text"),
    ("EPJ-DR-021", "obligation"),
    ("EPJ-DR-001", "weight"),
    ("EPJ-DR-020", "parameter"),
    ("EPJ-DR-006", "answer_form"),
    ("EPJ-DR-011", "fulfilment"),
}
PLANTED_CRITERIA = {("Kvalitet", "weight"), ("Pris", "weight")}
PLANTED_TENDER = {"deadline"}
FORMATS = "docx,xlsx,json"


@pytest.fixture(scope="module")
def addendum_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = tmp_path_factory.mktemp("rettelse")
    result = CliRunner().invoke(app, ["addendum", str(V1), str(V2), "-o", str(out), "--formats", FORMATS])
    assert result.exit_code == 0, result.output
    return out


def _label_keys(mapping: dict[str, str]) -> dict[str, str]:
    return {label: key for key, label in mapping.items()}


def _tables_under_headings(path: Path) -> Iterator[tuple[str, Any]]:
    """Each table of the document with the text of the level-1 heading above it."""
    from docx.table import Table

    doc = Document(str(path))
    heading = ""
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            style = block.xpath("./w:pPr/w:pStyle/@w:val")
            if style and style[0] in ("Heading1", "Overskrift1"):
                heading = "".join(t.text or "" for t in block.iter("{*}t"))
        elif block.tag.endswith("}tbl"):
            yield heading, Table(block, doc)


def _listed(path: Path, lang: str = "nb") -> dict[str, set[tuple[str, str]]]:
    """What the addendum lists, per section: (subject, change) with the change named by its locale key."""
    a = words(lang)["addendum"]
    sections = {a["requirements_heading"]: ("requirements", _label_keys(a["requirement_change"])),
                a["criteria_heading"]: ("criteria", _label_keys(a["criterion_change"])),
                a["price_heading"]: ("price_form", _label_keys(a["price_change"])),
                a["chapters_heading"]: ("chapters", _label_keys(a["chapter_change"]))}
    found: dict[str, set[tuple[str, str]]] = {}
    for heading, table in _tables_under_headings(path):
        rows = [[c.text.strip() for c in row.cells] for row in table.rows]
        if heading == a["tender_heading"]:
            fields = _label_keys(a["tender_field"])
            found.setdefault("tender", set()).update(("", fields[r[0]]) for r in rows[1:])
        elif heading in sections:
            name, labels = sections[heading]
            found.setdefault(name, set()).update((r[0], labels[r[1]]) for r in rows[1:])
    return found


def _docx(out: Path, number: int = 1) -> Path:
    return out / f"v2-rettelse-{number}.docx"


# ---------------------------------------------------------------- the document lists every planted change, no other


def test_the_addendum_lists_exactly_the_planted_changes(addendum_dir: Path) -> None:
    assert _listed(_docx(addendum_dir)) == {
        "tender": {("", f) for f in PLANTED_TENDER},
        "requirements": PLANTED_REQUIREMENTS,
        "criteria": PLANTED_CRITERIA,
    }


def test_the_addendum_is_numbered_dated_and_names_the_tender(addendum_dir: Path) -> None:
    doc = Document(str(_docx(addendum_dir)))
    a = words("nb")["addendum"]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Rettelse nr. 1" == a["title"].format(number=1)
    assert doc.paragraphs[0].style.name == "Title"
    assert "Drift og brukerstøtte for elektronisk pasientjournal" in texts[1]
    cover = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cover[a["reference"]] == "2027/15"
    assert cover[a["date"]] == "20. januar 2027"
    assert cover[a["changes"]] == "Kravspesifikasjon versjon 1.0 av 4. januar 2027"
    assert cover[a["new_edition"]] == "Kravspesifikasjon versjon 1.1 av 20. januar 2027"
    assert cover[a["deadline"]] == "1. mars 2027 kl. 12:00 (endret fra 15. februar 2027 kl. 12:00)"
    assert "Tilbudsfristen er endret fra 15. februar 2027 kl. 12:00 til 1. mars 2027 kl. 12:00." in texts
    assert any("skal ikke brukes" in t for t in texts)
    assert doc.core_properties.subject == "Rettelse nr. 1"
    assert doc.core_properties.created.year == 2027 and doc.core_properties.created.month == 1


def _requirement_rows(path: Path) -> dict[tuple[str, str], Any]:
    a = words("nb")["addendum"]
    labels = _label_keys(a["requirement_change"])
    return {(row.cells[0].text, labels[row.cells[1].text]): row.cells[2]
            for heading, table in _tables_under_headings(path) if heading == a["requirements_heading"]
            for row in table.rows[1:]}


def test_a_changed_text_shows_old_and_new_with_the_words_marked(addendum_dir: Path) -> None:
    cell = _requirement_rows(_docx(addendum_dir))[("EPJ-DR-008", "text")]
    before, after = (p for p in cell.paragraphs if p.text.startswith(("Før:", "Nå:")))
    assert [r.text for r in before.runs if r.font.strike] == ["brukere"]
    assert [r.text for r in after.runs if r.underline] == ["driftskontakter"]
    assert before.text == ("Før: Leverandøren skal publisere pågående driftshendelser i løsningen på en statusside "
                           "som kundens brukere kan lese også når løsningen er utilgjengelig.")
    assert after.text.startswith("Nå: Leverandøren skal publisere") and "driftskontakter kan lese" in after.text


def test_each_changed_value_is_shown_before_and_after(addendum_dir: Path) -> None:
    rows = {key: cell.text for key, cell in _requirement_rows(_docx(addendum_dir)).items()}
    assert "Før: Evalueres (vekt 9)" in rows[("EPJ-DR-001", "weight")]
    assert "Nå: Evalueres (vekt 7)" in rows[("EPJ-DR-001", "weight")]
    assert "99,5 %" in rows[("EPJ-DR-020", "parameter")].split("Nå:")[0]
    assert "99,7 %" in rows[("EPJ-DR-020", "parameter")].split("Nå:")[1]
    assert "Før: Minstekrav" in rows[("EPJ-DR-021", "obligation")]
    assert "Nå: Evalueres (vekt 6)" in rows[("EPJ-DR-021", "obligation")]
    assert "minutter" in rows[("EPJ-DR-006", "answer_form")].split("Nå:")[0]
    assert "timer" in rows[("EPJ-DR-006", "answer_form")].split("Nå:")[1]
    assert "Før: ved levering" in rows[("EPJ-DR-011", "fulfilment")]
    assert "Nå: 1. september 2027" in rows[("EPJ-DR-011", "fulfilment")]
    assert "Versjonsmerknader på norsk" in rows[("EPJ-DR-010", "removed")]


def test_an_added_requirement_is_printed_in_full(addendum_dir: Path) -> None:
    new = anskaffelse.specification(V2)[0]
    added = next(r for r in new.requirements() if r.id == "EPJ-DR-079")
    cell = _requirement_rows(_docx(addendum_dir))[("EPJ-DR-079", "added")]
    assert [p.text for p in cell.paragraphs][:2] == [added.title, added.text]
    assert "Kravtype: Minstekrav" in cell.paragraphs[2].text


# ---------------------------------------------------------------- the new answer sheet and JSON belong to NEW


def _control(path: Path) -> dict[str, str]:
    sheet = load_workbook(path, read_only=True)["Kontroll"]
    return {str(row[0]): str(row[1]) for row in sheet.iter_rows(values_only=True)}


def test_the_answer_sheet_and_json_are_those_of_the_new_version(addendum_dir: Path, tmp_path: Path) -> None:
    data = json.loads((addendum_dir / "v2-spesifikasjon.json").read_text(encoding="utf-8"))
    assert _control(addendum_dir / "v2-svarskjema.xlsx")["specification_sha256"] == data["fingerprint"]
    assert data["tender"]["version"] == "1.1"
    built = anskaffelse.build([V2], tmp_path, formats=["xlsx", "json"])[0]
    assert built.fingerprint == data["fingerprint"]
    for name in ("v2-svarskjema.xlsx", "v2-spesifikasjon.json"):
        assert (tmp_path / name).read_bytes() == (addendum_dir / name).read_bytes()
    assert sorted(p.name for p in addendum_dir.iterdir()) == [
        "v2-rettelse-1.docx", "v2-spesifikasjon.json", "v2-svarskjema.xlsx"]


def test_the_addendum_is_the_same_bytes_every_time(cli: Any, addendum_dir: Path, tmp_path: Path) -> None:
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (V1, V2)}
    result = cli("addendum", V1, V2, "-o", tmp_path, "--formats", FORMATS)
    assert result.exit_code == 0, result.output
    for name in ("v2-rettelse-1.docx", "v2-svarskjema.xlsx", "v2-spesifikasjon.json"):
        assert (tmp_path / name).read_bytes() == (addendum_dir / name).read_bytes(), name
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (V1, V2)} == before


def test_built_json_specifications_give_the_same_addendum(cli: Any, addendum_dir: Path, tmp_path: Path) -> None:
    anskaffelse.build([V1, V2], tmp_path / "bygg", formats=["json"])
    result = cli("addendum", tmp_path / "bygg" / "v1-spesifikasjon.json", tmp_path / "bygg" / "v2-spesifikasjon.json",
                 "-o", tmp_path / "ut", "--formats", "docx,xlsx", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outputs"] == [str(tmp_path / "ut" / n)
                                                   for n in ("v2-rettelse-1.docx", "v2-svarskjema.xlsx")]
    assert _listed(tmp_path / "ut" / "v2-rettelse-1.docx") == _listed(_docx(addendum_dir))


def test_number_and_nynorsk(cli: Any, tmp_path: Path) -> None:
    result = cli("addendum", V1, V2, "-o", tmp_path, "--number", "3", "--lang", "nn", "--formats", "docx")
    assert result.exit_code == 0, result.output
    path = tmp_path / "v2-rettelse-3.docx"
    assert Document(str(path)).paragraphs[0].text == "Retting nr. 3"
    listed = _listed(path, "nn")
    assert listed["requirements"] == PLANTED_REQUIREMENTS and listed["criteria"] == PLANTED_CRITERIA


# ---------------------------------------------------------------- refused: nothing written


def test_another_tender_is_refused_with_its_position(cli: Any, tmp_path: Path) -> None:
    other = tmp_path / "annen.yaml"
    other.write_text(V2.read_text(encoding="utf-8").replace('"2027/15"', '"2027/99"'), encoding="utf-8")
    result = cli("addendum", V1, other, "-o", tmp_path / "ut")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(other.read_text(encoding="utf-8").splitlines(), 1) if "2027/99" in text)
    assert f"annen.yaml:{line}:14: error" in result.stderr and "(D001)" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "ut").exists()


def test_nothing_changed_is_refused(cli: Any, tmp_path: Path) -> None:
    result = cli("addendum", V1, V1, "-o", tmp_path / "ut", "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["diagnostics"]
    assert [d["code"] for d in found] == ["D002"] and "nothing changed" in found[0]["message"]
    assert not (tmp_path / "ut").exists()


def test_only_a_new_date_and_version_is_nothing_to_correct(cli: Any, tmp_path: Path) -> None:
    later = tmp_path / "v1-kopi.yaml"
    later.write_text(V1.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.0.1"'), encoding="utf-8")
    result = cli("addendum", V1, later, "-o", tmp_path / "ut")
    assert result.exit_code == 1 and "(D002)" in result.stderr and "but the version" in result.stderr
    assert not (tmp_path / "ut").exists()


def test_the_same_version_number_is_a_warning(cli: Any, tmp_path: Path) -> None:
    same = tmp_path / "v2.yaml"
    same.write_text(V2.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.0"'), encoding="utf-8")
    result = cli("addendum", V1, same, "-o", tmp_path / "ut", "--formats", "docx")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "(D003)" in result.stderr


def test_an_input_is_never_overwritten(cli: Any, tmp_path: Path) -> None:
    anskaffelse.build([V2], tmp_path, formats=["json"])
    spec = tmp_path / "v2-spesifikasjon.json"
    before = spec.read_bytes()
    result = cli("addendum", V1, spec, "-o", tmp_path)
    assert result.exit_code == 2 and "would replace an input file" in result.stderr
    assert spec.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v2-spesifikasjon.json"]


@pytest.mark.parametrize(("args", "message"), [
    (["--formats", "odt"], "unknown format 'odt'"),
    (["--number", "0"], "--number must be 1 or more"),
    (["--number", "en"], ""),
])
def test_usage_errors(cli: Any, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("addendum", V1, V2, "-o", tmp_path / "ut", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "ut").exists()


# ---------------------------------------------------------------- diff on the same pair


def test_diff_reports_the_same_changes(cli: Any) -> None:
    result = cli("diff", V1, V2, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    listed = {(r["id"], r["change"]) if r["change"] != "changed" else (r["id"], f["field"])
              for r in data["requirements"] for f in r.get("fields", [{}])}
    assert listed == PLANTED_REQUIREMENTS
    assert {(c["name"], f["field"]) for c in data["award_criteria"] for f in c["fields"]} == PLANTED_CRITERIA
    assert {c["field"] for c in data["tender"]} == PLANTED_TENDER | {"date", "version"}
    assert data["changed"] is True and data["price_form"] == data["chapters"] == []
    assert data["summary"]["requirements_added"] == data["summary"]["requirements_removed"] == 1
    text = next(f for r in data["requirements"] for f in r.get("fields", []) if f["field"] == "text")
    assert [w for w in text["words"] if w["kind"] != "equal"] == [
        {"kind": "removed", "text": "brukere "}, {"kind": "added", "text": "driftskontakter "}]
    added = next(r for r in data["requirements"] if r["change"] == "added")
    assert added["requirement"]["obligation"] == "minstekrav" and added["requirement"]["weight"] == 0


def test_diff_prints_a_table_that_reads_without_colour(cli: Any) -> None:
    result = cli("diff", V1, V2)
    assert result.exit_code == 0
    out = result.stdout
    assert "[-brukere-]" in out and "{+driftskontakter+}" in out
    for req_id, _ in PLANTED_REQUIREMENTS:
        assert req_id in out
    assert "99,5 % → 99,7 %" in out and "minstekrav → evaluert, weight 6" in out
    assert out.rstrip().splitlines()[-1].startswith("1 added, 1 removed, 6 changed")
    assert "\x1b[" not in out


def test_diff_of_a_version_with_itself_says_so_and_exits_0(cli: Any) -> None:
    result = cli("diff", V1, V1)
    assert result.exit_code == 0 and result.stdout.strip().endswith("no changes")
    assert json.loads(cli("diff", V1, V1, "--json").stdout)["changed"] is False


def test_a_members_view_of_a_joint_tender(cli: Any, tmp_path: Path) -> None:
    anskaffelse.build([V2], tmp_path, formats=["json"])
    data = json.loads((tmp_path / "v2-spesifikasjon.json").read_text(encoding="utf-8"))
    data["members"] = [{"id": m, "name": f"{m.title()} kommune", "org_number": "940000130", "language": "nb",
                        "areas": [], "population": 0, "role": ""} for m in ("nordvik", "bratt")]
    scoped = next(r for m in data["modules"] for r in m["requirements"] if r["id"] == "EPJ-DR-004")
    scoped["members"] = ["bratt"]
    # The fingerprint covers each requirement's scope, so the hand-made joint tender gets its own.
    digest = hashlib.sha256()
    for r in (r for m in data["modules"] for r in m["requirements"]):
        joint_part = f"\x1f{','.join(r['members'])}\x1f{int(r['option'])}" if r["members"] or r["option"] else ""
        digest.update(f"{r['id']}\x1f{r['obligation']}\x1f{r['weight']}\x1f{r['text']}{joint_part}\x1e".encode())
    data["fingerprint"] = digest.hexdigest()
    joint = tmp_path / "felles-spesifikasjon.json"
    joint.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    nordvik = json.loads(cli("diff", tmp_path / "v2-spesifikasjon.json", joint, "--member", "nordvik",
                             "--json").stdout)
    assert [(r["id"], r["change"]) for r in nordvik["requirements"]] == [("EPJ-DR-004", "removed")]
    bratt = json.loads(cli("diff", tmp_path / "v2-spesifikasjon.json", joint, "--member", "bratt", "--json").stdout)
    assert bratt["requirements"][0]["fields"] == [{"field": "members", "old": [], "new": ["bratt"]}]
    unknown = cli("diff", tmp_path / "v2-spesifikasjon.json", joint, "--member", "elvdal")
    assert unknown.exit_code == 2 and "its members are nordvik, bratt" in unknown.stderr


@pytest.mark.parametrize(("make", "code", "words_"), [
    (lambda d: d / "svar.xlsx", 2, "is an Excel workbook"),
    (lambda d: d, 2, "is a folder"),
    (lambda d: d / "mangler.yaml", 2, "file not found"),
])
def test_diff_refuses_what_is_not_a_version(cli: Any, tmp_path: Path, make: Any, code: int, words_: str) -> None:
    (tmp_path / "svar.xlsx").write_bytes(b"PK\x03\x04" + b"xl/workbook.xml" + b"\0" * 64)
    result = cli("diff", V1, make(tmp_path))
    assert result.exit_code == code and words_ in result.stderr
    assert "Traceback" not in result.output


def test_diff_of_broken_json_names_line_and_column(cli: Any, tmp_path: Path) -> None:
    broken = tmp_path / "x-spesifikasjon.json"
    broken.write_text('{"format": "anskaffelse-spesifikasjon",\n  "modules": [1,]}', encoding="utf-8")
    result = cli("diff", V1, broken)
    assert result.exit_code == 1
    assert "x-spesifikasjon.json:2:17: error" in result.stderr and "(J001)" in result.stderr


def test_diff_of_two_languages_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    anskaffelse.build([V2], tmp_path, formats=["json"], lang="nn")
    result = cli("diff", V1, tmp_path / "v2-spesifikasjon.json")
    assert result.exit_code == 2 and "'nb'" in result.stderr and "'nn'" in result.stderr


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_converts_the_addendum(addendum_dir: Path, tmp_path: Path) -> None:
    pdf = convert_to_pdf(_docx(addendum_dir), tmp_path / "pdf", tmp_path / "lo-profile")
    text = pdf_text(pdf)
    assert "Rettelse nr. 1" in text and "Side 1 av" in text
    for req_id, _ in PLANTED_REQUIREMENTS:
        assert req_id in text


@pytest.mark.libreoffice
def test_the_addendum_as_pdf(cli: Any, tmp_path: Path) -> None:
    require_uno()
    result = cli("addendum", V1, V2, "-o", tmp_path, "--formats", "docx,pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "v2-rettelse-1.pdf")
    assert "Rettelse nr. 1" in text and "EPJ-DR-079" in text
