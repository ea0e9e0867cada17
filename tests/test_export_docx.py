"""The Word specification, read back with python-docx and lxml.

Expectations come from the profiles' YAML text, the locale files and the
resolved specification (`anskaffelse.specification`), never from a document
the exporter produced.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

import anskaffelse

from .conftest import read_yaml, spec_of, words

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
FELLES = EXAMPLES / "samarbeid" / "felles.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
PROFILES = {"eksempel-kommune": KOMMUNE, "medlem-nynorsk": NYNORSK}
LANGUAGES = {"eksempel-kommune": "nb", "medlem-nynorsk": "nn"}
LOCALE = Path(anskaffelse.__file__).resolve().parent / "locale"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
DASHES = {"", "-", "–", "—", "0"}


# ---------------------------------------------------------------- helpers


def docx_path(example_build: Path, name: str) -> Path:
    return example_build / f"{name}-kravspesifikasjon.docx"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def requirement_tables(doc: Any, lang: str) -> list[Any]:
    """The tables whose header row is the requirement table header of the locale."""
    d = words(lang)["document"]
    header = [d["column_id"], d["column_requirement"], d["column_obligation"], d["column_weight"]]
    return [t for t in doc.tables if [c.text.strip() for c in t.rows[0].cells] == header]


def requirement_rows(doc: Any, lang: str) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in requirement_tables(doc, lang) for row in t.rows[1:]]


def rows_by_id(doc: Any, lang: str) -> dict[str, list[str]]:
    return {row[0].strip(): row for row in requirement_rows(doc, lang)}


def heading_1_texts(doc: Any) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]


def all_text(path: Path) -> str:
    return "".join(t.text or "" for t in part(path, "word/document.xml").iter(f"{W}t"))


@pytest.fixture(scope="module")
def docs(example_build: Path) -> dict[str, Any]:
    return {name: Document(str(docx_path(example_build, name))) for name in PROFILES}


# ---------------------------------------------------------------- requirements in the tables


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_selected_requirement_appears_exactly_once(docs: dict[str, Any], name: str) -> None:
    """Each requirement of the specification has one row in the requirement tables, and no row is extra."""
    expected = [r.id for r in spec_of(PROFILES[name]).requirements()]
    found = [row[0].strip() for row in requirement_rows(docs[name], LANGUAGES[name])]
    assert expected, "the example must select requirements"
    duplicates = sorted({i for i in found if found.count(i) > 1})
    assert not duplicates, f"requirements listed more than once: {duplicates}"
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_requirement_rows_show_text_obligation_and_weight(docs: dict[str, Any], name: str) -> None:
    """Each row carries the rendered title and text, the obligation label from the locale and the weight."""
    lang = LANGUAGES[name]
    labels = words(lang)["obligation"]
    rows = rows_by_id(docs[name], lang)
    for req in spec_of(PROFILES[name]).requirements():
        row = rows[req.id]
        assert req.title in row[1], req.id
        assert req.text in row[1], req.id
        assert row[2].strip() == labels[req.obligation], req.id
        if req.obligation == "evaluert":
            assert row[3].strip() == str(req.weight), req.id
        else:
            assert row[3].strip() in DASHES, f"{req.id} is not evaluated but shows weight {row[3]!r}"


def test_tailored_parameter_is_rendered_the_norwegian_way(docs: dict[str, Any]) -> None:
    """eksempel-kommune sets oppetid to 99.8; the document shows '99,8 %' (decimal comma)."""
    value = read_yaml(KOMMUNE)["tailor"]["EPJ-DR-020"]["parameters"]["oppetid"]
    assert value == 99.8
    shown = f"{value}".replace(".", ",") + " %"
    row = rows_by_id(docs["eksempel-kommune"], "nb")["EPJ-DR-020"]
    assert shown in row[1]
    assert "99.8" not in row[1]
    assert "{oppetid}" not in row[1]


def test_tailored_obligation_and_weight_are_shown(docs: dict[str, Any]) -> None:
    """The profile's tailoring of obligation (EPJ-TL-010) and weight (EPJ-LM-014) reaches the table."""
    tailor = read_yaml(KOMMUNE)["tailor"]
    rows = rows_by_id(docs["eksempel-kommune"], "nb")
    labels = words("nb")["obligation"]
    assert rows["EPJ-TL-010"][2].strip() == labels[tailor["EPJ-TL-010"]["obligation"]]
    assert rows["EPJ-LM-014"][3].strip() == str(tailor["EPJ-LM-014"]["weight"])


def test_excluded_requirement_is_absent(example_build: Path, tmp_path: Path) -> None:
    """EPJ-UU-011 would be selected by the areas but is excluded, so it appears nowhere in the document."""
    profile = read_yaml(KOMMUNE)
    assert "EPJ-UU-011" in profile["exclude"]
    # Sanity: without the exclusion the requirement is selected, so its absence means something.
    without = tmp_path / "uten-unntak.yaml"
    text = KOMMUNE.read_text(encoding="utf-8").replace("  - EPJ-UU-011\n", "  - EPJ-UU-001\n")
    without.write_text(text, encoding="utf-8")
    for chapter in EXAMPLES.glob("*.md"):  # chapters the profile keeps in files next to it
        (tmp_path / chapter.name).write_bytes(chapter.read_bytes())
    assert "EPJ-UU-011" in {r.id for r in spec_of(without).requirements()}
    assert "EPJ-UU-011" not in all_text(docx_path(example_build, "eksempel-kommune"))


def test_local_requirement_is_present(docs: dict[str, Any]) -> None:
    """The municipality's own requirement FJORD-001 is listed with its text under the local heading."""
    local = read_yaml(KOMMUNE)["local_requirements"][0]
    row = rows_by_id(docs["eksempel-kommune"], "nb")[local["id"]]
    assert local["title"]["nb"] in row[1]
    assert " ".join(local["text"]["nb"].split()) in " ".join(row[1].split())
    assert words("nb")["local_module"] in heading_1_texts(docs["eksempel-kommune"])


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_page_is_a4(docs: dict[str, Any], name: str) -> None:
    for section in docs[name].sections:
        assert section.page_width.mm == pytest.approx(210, abs=0.5)
        assert section.page_height.mm == pytest.approx(297, abs=0.5)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_each_module_title_is_a_heading_1(docs: dict[str, Any], name: str) -> None:
    """Chapters use the real 'Heading 1' style, so Word's navigation and TOC find them."""
    headings = heading_1_texts(docs[name])
    for module in spec_of(PROFILES[name]).modules:
        assert module.title in headings


def test_heading_1_is_numbered_through_a_list_bound_to_its_style(example_build: Path) -> None:
    """The Heading 1 style has numPr pointing at a multilevel list whose level 0 names that style."""
    path = docx_path(example_build, "eksempel-kommune")
    styles = part(path, "word/styles.xml")
    numbering = part(path, "word/numbering.xml")
    heading = [s for s in styles.findall("w:style", NS)
               if (s.find("w:name", NS).get(f"{W}val") or "").lower() == "heading 1"]
    assert len(heading) == 1
    style_id = heading[0].get(f"{W}styleId")
    num_pr = heading[0].find("w:pPr/w:numPr", NS)
    assert num_pr is not None, "Heading 1 has no numbering"
    num_id = num_pr.find("w:numId", NS).get(f"{W}val")
    ilvl = num_pr.find("w:ilvl", NS)
    level = ilvl.get(f"{W}val") if ilvl is not None else "0"
    assert level == "0"
    nums = numbering.xpath("w:num[@w:numId=$n]", namespaces=NS, n=num_id)
    assert len(nums) == 1
    abstract_id = nums[0].find("w:abstractNumId", NS).get(f"{W}val")
    abstract = numbering.xpath("w:abstractNum[@w:abstractNumId=$a]", namespaces=NS, a=abstract_id)
    assert len(abstract) == 1
    lvl = abstract[0].xpath("w:lvl[@w:ilvl='0']", namespaces=NS)[0]
    assert lvl.find("w:pStyle", NS).get(f"{W}val") == style_id
    assert lvl.find("w:numFmt", NS).get(f"{W}val") == "decimal"


def test_table_of_contents_field_is_present(example_build: Path) -> None:
    """A TOC field over the heading levels, for Word to fill in."""
    doc = part(docx_path(example_build, "eksempel-kommune"), "word/document.xml")
    instructions = ["".join(i.itertext()).strip() for i in doc.iter(f"{W}instrText")]
    toc = [i for i in instructions if i.startswith("TOC")]
    assert toc, instructions
    assert "\\o" in toc[0]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_table_of_contents_is_prefilled_with_numbered_headings(docs: dict[str, Any], name: str) -> None:
    """Before Word updates the field, the TOC already lists every chapter with its number."""
    doc = docs[name]
    entries = [p.text.strip() for p in doc.paragraphs if p.style is not None and p.style.name.lower() == "toc 1"]
    expected = [f"{i} {text}" for i, text in enumerate(heading_1_texts(doc), 1)]
    assert entries == expected
    titles = [e.split(" ", 1)[1] for e in entries]
    assert all(m.title in titles for m in spec_of(PROFILES[name]).modules)


def test_settings_ask_word_to_update_fields(example_build: Path) -> None:
    settings = part(docx_path(example_build, "eksempel-kommune"), "word/settings.xml")
    update = settings.findall("w:updateFields", NS)
    assert len(update) == 1
    assert update[0].get(f"{W}val") in ("true", "1", "on")


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_requirement_table_header_rows_repeat(docs: dict[str, Any], name: str) -> None:
    """The first row of every requirement table is marked w:tblHeader, so it repeats on each page."""
    tables = requirement_tables(docs[name], LANGUAGES[name])
    spec = spec_of(PROFILES[name])
    # One table per chapter with needs, and one per contract annex for the contract terms.
    needs = [m for m in spec.modules if any(not r.contract_annex for r in m.requirements)]
    annexes = {r.contract_annex for r in spec.requirements() if r.contract_annex}
    assert annexes, "the example has contract terms"
    assert len(tables) == len(needs) + len(annexes)
    for table in tables:
        first = table._tbl.tr_lst[0]
        assert first.find("w:trPr/w:tblHeader", NS) is not None


def _footer_pattern(footer: etree._Element) -> str:
    """The footer text with each field replaced by {page} / {pages}; field results are skipped."""
    out: list[str] = []
    state, instruction = None, ""
    for run in footer.iter(f"{W}r"):
        char = run.find("w:fldChar", NS)
        if char is not None:
            kind = char.get(f"{W}fldCharType")
            if kind == "begin":
                state, instruction = "instruction", ""
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                out.append({"PAGE": "{page}", "NUMPAGES": "{pages}"}.get(instruction.strip(), "{?}"))
                state = None
            continue
        if state == "instruction":
            instruction += "".join("".join(i.itertext()) for i in run.iter(f"{W}instrText"))
        elif state is None:
            out.append("".join(t.text or "" for t in run.iter(f"{W}t")))
    return "".join(out).strip()


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_footer_says_side_x_av_y_with_page_fields(docs: dict[str, Any], name: str) -> None:
    """The footer is the locale's 'Side {page} av {pages}' built from PAGE and NUMPAGES fields."""
    footer = docs[name].sections[0].footer._element
    instructions = {"".join(i.itertext()).strip() for i in footer.iter(f"{W}instrText")}
    assert {"PAGE", "NUMPAGES"} <= instructions
    assert _footer_pattern(footer) == words(LANGUAGES[name])["document"]["page"]
    if LANGUAGES[name] == "nb":
        assert _footer_pattern(footer).startswith("Side")


@pytest.mark.parametrize(("name", "tag"), [("eksempel-kommune", "nb-NO"), ("medlem-nynorsk", "nn-NO")])
def test_document_language_is_set_in_style_defaults(example_build: Path, name: str, tag: str) -> None:
    """Spell-checking language comes from styles.xml docDefaults, not only the core properties."""
    styles = part(docx_path(example_build, name), "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(f"{W}val") == tag
    # No style overrides it with another language.
    others = {e.get(f"{W}val") for e in styles.iter(f"{W}lang")} - {tag, None}
    assert not others


# ---------------------------------------------------------------- properties


def _expected_properties(name: str) -> tuple[str, list[str], str, dt.date]:
    if name == "eksempel-kommune":
        tender = read_yaml(KOMMUNE)["tender"]
        return tender["title"], [b["name"] for b in tender["buyers"]], tender["version"], \
            dt.date.fromisoformat(tender["date"])
    member, base = read_yaml(NYNORSK)["tender"], read_yaml(FELLES)["tender"]
    return member["title"], [b["name"] for b in member["buyers"]], base["version"], \
        dt.date.fromisoformat(base["date"])


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_core_properties_come_from_the_profile(docs: dict[str, Any], name: str) -> None:
    """Title, author (the buyers), version and dates are the tender's, not python-docx's defaults."""
    title, buyers, version, date = _expected_properties(name)
    props = docs[name].core_properties
    assert props.title == title
    for buyer in buyers:
        assert buyer in props.author
    assert "python-docx" not in props.author
    assert props.version == version
    for stamp in (props.created, props.modified):
        assert stamp is not None
        assert stamp.replace(tzinfo=None) == dt.datetime(date.year, date.month, date.day)


# ---------------------------------------------------------------- the buyer's template


def _make_template(path: Path) -> None:
    template = Document()
    template.styles.add_style("Kommunestil", WD_STYLE_TYPE.PARAGRAPH)
    template.add_paragraph("MALTEKST", style="Kommunestil")
    template.save(str(path))


def _build_with_template(write_profile: Any, tmp_path: Path) -> tuple[Path, Path]:
    profile = write_profile(extra="template: mal.docx\n")
    anskaffelse.build([profile], tmp_path / "ut", formats=["docx"])
    return profile, tmp_path / "ut" / "profil-kravspesifikasjon.docx"


def test_buyers_template_is_used(write_profile: Any, tmp_path: Path) -> None:
    """The output keeps the template's own style, drops its body text and holds the requirements."""
    _make_template(tmp_path / "mal.docx")
    profile, out = _build_with_template(write_profile, tmp_path)
    doc = Document(str(out))
    assert "Kommunestil" in [s.name for s in doc.styles]
    assert "MALTEKST" not in all_text(out)
    found = sorted(row[0].strip() for row in requirement_rows(doc, "nb"))
    assert found == sorted(r.id for r in spec_of(profile).requirements())
    assert found


def test_template_without_numbering_part_builds(write_profile: Any, tmp_path: Path) -> None:
    """Word saves documents without lists with no numbering.xml; such a template must still work,
    and the headings must still be numbered."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    template = Document()
    template.add_paragraph("MALTEKST")
    rels = template.part.rels
    for rel_id in [k for k, rel in rels.items() if rel.reltype == RT.NUMBERING]:
        del rels[rel_id]
    template.save(str(tmp_path / "mal.docx"))
    with zipfile.ZipFile(tmp_path / "mal.docx") as archive:
        assert "word/numbering.xml" not in archive.namelist()

    _, out = _build_with_template(write_profile, tmp_path)
    styles = part(out, "word/styles.xml")
    heading = [s for s in styles.findall("w:style", NS)
               if (s.find("w:name", NS).get(f"{W}val") or "").lower() == "heading 1"]
    assert heading[0].find("w:pPr/w:numPr", NS) is not None
    with zipfile.ZipFile(out) as archive:
        assert "word/numbering.xml" in archive.namelist()


def test_template_that_already_updates_fields_keeps_one_update_fields(write_profile: Any, tmp_path: Path) -> None:
    """w:updateFields may occur once in settings.xml; a template (e.g. an earlier tender) that has it
    must not end up with two."""
    template = Document()
    settings = template.settings.element
    compat = settings.find("w:compat", NS)
    update = etree.SubElement(settings, f"{W}updateFields")
    update.set(f"{W}val", "true")
    if compat is not None:
        compat.addprevious(update)
    template.save(str(tmp_path / "mal.docx"))

    _, out = _build_with_template(write_profile, tmp_path)
    assert len(part(out, "word/settings.xml").findall("w:updateFields", NS)) == 1


# ---------------------------------------------------------------- the nynorsk member


def test_nynorsk_member_has_deviations_chapter(docs: dict[str, Any]) -> None:
    """The member that extends the common profile lists its deviations under the nn heading."""
    nn = words("nn")["document"]
    assert nn["deviations_heading"] in heading_1_texts(docs["medlem-nynorsk"])


def test_nynorsk_deviations_list_removed_and_changed_requirements(docs: dict[str, Any]) -> None:
    """EPJ-MS-004 (excluded by the member) is listed as removed; EPJ-LM-005's obligation change is listed."""
    nn = words("nn")["document"]
    member = read_yaml(NYNORSK)
    assert "EPJ-MS-004" in member["exclude"]
    header = [nn["column_id"], nn["column_change"], nn["column_before"], nn["column_after"]]
    tables = [t for t in docs["medlem-nynorsk"].tables if [c.text.strip() for c in t.rows[0].cells] == header]
    assert len(tables) == 1
    rows = [[c.text.strip() for c in r.cells] for r in tables[0].rows[1:]]
    assert ["EPJ-MS-004", nn["change"]["removed"]] in [r[:2] for r in rows]
    obligation = [r for r in rows if r[0] == "EPJ-LM-005" and r[1] == nn["change"]["obligation"]]
    assert len(obligation) == 1
    assert obligation[0][3] == words("nn")["obligation"][member["tailor"]["EPJ-LM-005"]["obligation"]]
    # The removed requirement is not in the requirement tables.
    assert "EPJ-MS-004" not in rows_by_id(docs["medlem-nynorsk"], "nn")


def test_nynorsk_member_inherits_parameter_from_common_profile(docs: dict[str, Any]) -> None:
    """felles.yaml sets oppetid 99.7; the nynorsk member shows '99,7 %'."""
    value = read_yaml(FELLES)["tailor"]["EPJ-DR-020"]["parameters"]["oppetid"]
    row = rows_by_id(docs["medlem-nynorsk"], "nn")["EPJ-DR-020"]
    assert f"{value}".replace(".", ",") + " %" in row[1]


def test_price_formula_is_explained_in_the_evaluation_model(docs: dict[str, Any]) -> None:
    """A price criterion with price_formula gets the DFØ formula written out in the document's language."""
    kommune = "\n".join(p.text for p in docs["eksempel-kommune"].paragraphs)
    assert "Pris poengsettes lineært: poeng = 10 − 10 × (P − Pmin) / Pmin" in kommune
    nynorsk = "\n".join(p.text for p in docs["medlem-nynorsk"].paragraphs)
    assert "Pris blir poengsett proporsjonalt: poeng = 10 × Pmin / P" in nynorsk


# ---------------------------------------------------------------- standards table


def standards_rows(doc: Any, lang: str) -> list[list[str]]:
    d = words(lang)["document"]
    header = [d["column_standard"], d["column_owner"], d["column_mandatory"], d["column_requirements"]]
    tables = [t for t in doc.tables if [c.text.strip() for c in t.rows[0].cells] == header]
    return [[c.text for c in row.cells] for t in tables for row in t.rows[1:]]


@pytest.mark.parametrize("name", PROFILES)
def test_standards_table_shows_the_areas_a_regulation_binds(docs: dict[str, Any], name: str) -> None:
    lang = LANGUAGES[name]
    d = words(lang)["document"]
    rows = {row[0].split("\n")[0].strip(): row for row in standards_rows(docs[name], lang)}
    assert "E-resept" in rows, sorted(rows)
    assert rows["E-resept"][2].startswith(d["mandatory_for"].format(areas="legevakt")), rows["E-resept"]
    binding = next(s for s in spec_of(PROFILES[name]).standards if s.id == "e-resept").binding
    assert binding and binding in rows["E-resept"][2]
    plain = [r for r in rows.values() if r[0].startswith("Lov om behandling av helseopplys")]
    assert plain and plain[0][2].strip() == d["mandatory_yes"]


def test_scope_of_mandatory_is_written_as_a_list_of_area_names() -> None:
    from anskaffelse.export.docx_body import _mandatory_text

    d = words("nb")["document"]
    areas = {"legevakt": "Legevakt", "kad": "Kommunale akutte døgnplasser (KAD)", "jordmor": "Jordmortjeneste"}
    assert _mandatory_text(True, ("legevakt",), areas, d) == "Obligatorisk for legevakt"
    assert _mandatory_text(True, ("legevakt", "kad", "jordmor"), areas, d) == (
        "Obligatorisk for legevakt, kommunale akutte døgnplasser (KAD) og jordmortjeneste")
    assert _mandatory_text(True, (), areas, d) == d["mandatory_yes"]
    assert _mandatory_text(False, (), areas, d) == d["mandatory_no"]
