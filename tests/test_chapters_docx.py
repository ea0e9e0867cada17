"""The buyer's chapters in the built Word document, and the nynorsk example's chapters in good nynorsk.

Expectations come from the example profiles, their Markdown files and the locale
files; the documents are read back with python-docx and zipfile.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import anskaffelse

from .conftest import EXAMPLES, MINIMAL_PROFILE, read_yaml, words

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Words that are bokmål and wrong in nynorsk (nynorsk: ikkje, eg, kva, korleis, ...).
BOKMAL_ONLY = ("ikke", "jeg", "hva", "hvordan", "hvem", "hvilke", "hvis", "være", "fra", "sammen", "uke",
               "løsningen", "løsninger", "tjenesten", "tjenester", "tilbud", "tilbudet", "tilbudsfrist",
               "brukere", "måneder", "dager", "mye", "noen", "sykehjem", "hjemmetjenesten", "kunngjøringen",
               "gjennomføres", "innbyggere", "planlagt", "endret")


@pytest.fixture(scope="module")
def nb_doc(example_build: Path) -> Any:
    return Document(str(example_build / "eksempel-kommune-kravspesifikasjon.docx"))


@pytest.fixture(scope="module")
def nn_doc(example_build: Path) -> Any:
    return Document(str(example_build / "medlem-nynorsk-kravspesifikasjon.docx"))


def headings(doc: Any, level: int = 1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]


def section(doc: Any, title: str) -> list[Any]:
    """The body elements (paragraphs and tables) from the Heading 1 `title` to the next Heading 1."""
    out: list[Any] = []
    inside = False
    for block in doc.iter_inner_content():
        is_heading = hasattr(block, "style") and block.style is not None and block.style.name == "Heading 1"
        if is_heading:
            if inside:
                break
            inside = block.text == title
        elif inside:
            out.append(block)
    return out


def titles(lang: str) -> dict[str, str]:
    return words(lang)["chapter_titles"]


# ---------------------------------------------------------------- the bokmål example


def test_chapters_stand_after_the_introduction_and_before_the_instructions(nb_doc: Any) -> None:
    d, t = words("nb")["document"], titles("nb")
    found = headings(nb_doc)
    start = found.index(d["intro_heading"])
    assert found[start:start + 6] == [d["intro_heading"], t["background"], t["current_situation"], t["timeline"],
                                      t["contact"], d["instructions_heading"]]
    own = read_yaml(KOMMUNE)["chapters"]["opsjoner"]
    assert found.index(own["title"]) == found.index(d["standards_heading"]) + 1  # place: end


def test_markdown_headings_become_numbered_subheadings(nb_doc: Any) -> None:
    situation = (EXAMPLES / "eksempel-kommune-situasjon.md").read_text(encoding="utf-8")
    background = read_yaml(KOMMUNE)["chapters"]["background"]["text"]
    expected = re.findall(r"^## (.+)$", background, re.M) + re.findall(r"^## (.+)$", situation, re.M)
    assert expected and all(h in headings(nb_doc, 2) for h in expected)


def test_bullets_and_numbered_items_are_word_list_paragraphs_with_bold_runs(nb_doc: Any) -> None:
    items = [p for p in section(nb_doc, titles("nb")["background"]) if hasattr(p, "_p")
             and p._p.find(f"{W}pPr/{W}numPr") is not None]
    background = read_yaml(KOMMUNE)["chapters"]["background"]["text"]
    bold = re.findall(r"\*\*(.+?)\*\*", background)
    assert len(items) == background.count("\n- ")
    assert [next(r.text for r in p.runs if r.bold) for p in items] == bold
    numbered = [p for p in section(nb_doc, titles("nb")["current_situation"]) if hasattr(p, "_p")
                and p._p.find(f"{W}pPr/{W}numPr") is not None]
    situation = (EXAMPLES / "eksempel-kommune-situasjon.md").read_text(encoding="utf-8")
    assert [p.text for p in numbered] == re.findall(r"^\d+\. (.+)$", situation, re.M)
    assert len({p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in numbered}) == 1


def test_a_markdown_table_is_a_word_table_with_a_header_row(nb_doc: Any) -> None:
    timeline = read_yaml(KOMMUNE)["chapters"]["timeline"]["text"]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in timeline.splitlines()
            if line.startswith("|") and "---" not in line]
    [table] = [b for b in section(nb_doc, titles("nb")["timeline"]) if hasattr(b, "rows")]
    assert [[c.text for c in r.cells] for r in table.rows] == rows
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_links_are_hyperlinks_to_their_address(example_build: Path, nb_doc: Any) -> None:
    paragraphs = [p for p in section(nb_doc, titles("nb")["contact"]) if hasattr(p, "_p")]
    links = [(h.text, h.address) for p in paragraphs for h in p.hyperlinks]
    assert links == [("Doffin", "https://www.doffin.no"),
                     ("innkjop@fjordvik.example.no", "mailto:innkjop@fjordvik.example.no")]


def test_the_build_is_byte_identical_with_chapters_and_links(tmp_path: Path) -> None:
    first = anskaffelse.build([KOMMUNE], tmp_path / "a", formats=["docx", "json"])[0].outputs
    second = anskaffelse.build([KOMMUNE], tmp_path / "b", formats=["docx", "json"])[0].outputs
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


# ---------------------------------------------------------------- justifications


OVERRIDE = """\
tailor:
  EPJ-DR-002:
    text: Leverandøren skal varsle planlagt vedlikehold en uke i forveien.
    justification: Kommunen har en intern frist på en uke.
"""


def document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize(("extra", "printed"), [("", False), ("publish_justification: true\n", True)])
def test_justifications_are_internal_unless_the_profile_publishes_them(write_profile, tmp_path: Path,
                                                                       extra: str, printed: bool) -> None:
    path = write_profile(MINIMAL_PROFILE + OVERRIDE + extra)
    [result] = anskaffelse.build([path], tmp_path / "ut", formats=["docx", "json"])
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    label = words("nb")["document"]["justification_label"]
    assert ("Kommunen har en intern frist på en uke." in document_text(docx)) is printed
    assert (label in document_text(docx)) is printed
    json_text = next(p for p in result.outputs if p.suffix == ".json").read_text(encoding="utf-8")
    assert "Kommunen har en intern frist på en uke." in json_text


# ---------------------------------------------------------------- the nynorsk example


def test_the_nynorsk_member_has_its_own_chapters_and_the_inherited_contact_in_nynorsk(nn_doc: Any) -> None:
    t = titles("nn")
    found = headings(nn_doc)
    assert [h for h in found if h in t.values()] == [t["background"], t["timeline"], t["contact"]]
    contact = " ".join(p.text for p in section(nn_doc, t["contact"]) if hasattr(p, "text"))
    assert read_yaml(EXAMPLES / "samarbeid" / "felles.yaml")["chapters"]["contact"]["text"]["nn"].split("\n")[0] \
        .split("(KGV)")[0].strip() in contact


def test_the_nynorsk_chapters_hold_no_bokmal_words() -> None:
    spec, warnings = anskaffelse.specification(NYNORSK)
    assert not [w for w in warnings if w.code == "P042"]
    text = " ".join(f"{c.title} {c.text}" for c in spec.chapters)
    found = {w for w in BOKMAL_ONLY if re.search(rf"\b{w}\b", text, re.IGNORECASE)}
    assert not found, f"bokmål words in the nynorsk chapters: {sorted(found)}"
    assert len(spec.chapters) >= 3


def test_the_word_list_catches_bokmal() -> None:
    """The check above would see a bokmål chapter: the same test on the bokmål example finds words."""
    spec, _ = anskaffelse.specification(KOMMUNE)
    text = " ".join(c.text for c in spec.chapters)
    assert {w for w in BOKMAL_ONLY if re.search(rf"\b{w}\b", text, re.IGNORECASE)}
