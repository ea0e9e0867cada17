"""The Markdown subset of the buyer's chapters, parsed and written as WordprocessingML.

Edge cases (unclosed markers, HTML, ampersands, nested lists, empty cells) must
come out as literal text in well-formed XML, never as markup of their own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from docx import Document

import anskaffelse
from anskaffelse.export import markdown as md
from anskaffelse.export.wordml import NSDECL, R_NS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


class FakePackage:
    """Records what a chapter asks of the Word package."""

    def __init__(self) -> None:
        self.links: list[str] = []
        self.lists = 0

    def link(self, url: str) -> str:
        self.links.append(url)
        return f"rId{len(self.links)}"

    def bullets(self) -> int:
        return 1

    def numbered(self) -> int:
        self.lists += 1
        return 100 + self.lists


def heading(text: str, level: int) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="H{level}"/></w:pPr>{md.w.run(text)}</w:p>'


def as_xml(markdown: str, package: FakePackage | None = None) -> ElementTree.Element:
    body = md.render(markdown, heading, package or FakePackage(), 9000)
    return ElementTree.fromstring(f'<w:body {NSDECL} xmlns:r="{R_NS}">{body}</w:body>')


def texts(element: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


# ---------------------------------------------------------------- blocks


def test_headings_paragraphs_lists_and_tables_are_told_apart() -> None:
    blocks = md.parse_blocks(
        "Innledende tekst\nsom fortsetter.\n\n## Mål\n\n- en\n- to\n\n1. først\n2. så\n\n"
        "| A | B |\n|---|:-:|\n| 1 | 2 |\n\n### Detaljer\n#### ikke en overskrift"
    )
    assert blocks[0] == md.Paragraph("Innledende tekst som fortsetter.")
    assert blocks[1] == md.Heading(2, "Mål")
    assert isinstance(blocks[2], md.ListBlock)
    assert [(i.ordered, i.text) for i in blocks[2].items] == [(False, "en"), (False, "to"), (True, "først"),
                                                              (True, "så")]
    assert blocks[3] == md.Table(("A", "B"), (("1", "2"),))
    assert blocks[4] == md.Heading(3, "Detaljer")
    assert blocks[5] == md.Paragraph("#### ikke en overskrift")


def test_nested_lists_follow_the_indentation_up_to_three_levels() -> None:
    [block] = md.parse_blocks("- a\n  - b\n    - c\n      - d\n  - e\n    fortsatt\n- f")
    assert isinstance(block, md.ListBlock)
    assert [(i.level, i.text) for i in block.items] == [
        (0, "a"), (1, "b"), (2, "c"), (2, "d"), (1, "e fortsatt"), (0, "f")]


def test_a_line_ending_in_two_spaces_or_a_backslash_breaks_the_line() -> None:
    assert md.parse_blocks("Kari Nordmann  \nTelefon 12 34 56 78\\\nE-post") == [
        md.Paragraph("Kari Nordmann\nTelefon 12 34 56 78\nE-post")]


def test_table_rows_are_padded_or_joined_to_the_header_width() -> None:
    [table] = md.parse_blocks("| A | B |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n| a \\| b | |")
    assert table == md.Table(("A", "B"), (("1", ""), ("1", "2 | 3"), ("a | b", "")))


def test_pipes_without_a_separator_line_are_a_paragraph() -> None:
    assert md.parse_blocks("| A | B |\n| 1 | 2 |") == [md.Paragraph("| A | B | | 1 | 2 |")]


# ---------------------------------------------------------------- inline text


def test_bold_italic_and_links() -> None:
    spans = md.parse_inline("Se **viktig *her*** og [Doffin](https://www.doffin.no) nå")
    assert [(s.text, s.bold, s.italic, s.url) for s in spans] == [
        ("Se ", False, False, ""), ("viktig ", True, False, ""), ("her", True, True, ""),
        (" og ", False, False, ""), ("Doffin", False, False, "https://www.doffin.no"), (" nå", False, False, "")]


@pytest.mark.parametrize("text", [
    "**ikke lukket", "*ikke lukket", "2*3*4", "a ** b ** c", "[lenke](javascript:alert(1))",
    "[lenke](ftp://x)", "<script>alert('x')</script>", "A & B < C > D \"sitat\"", "\\*ikke kursiv\\*",
    "`kode`", "![bilde](https://x/y.png)",
])
def test_anything_else_is_literal_text(text: str) -> None:
    spans = md.parse_inline(text)
    assert not any(s.bold or s.italic for s in spans if s.text.strip("*"))
    shown = "".join(s.text for s in spans)
    assert shown == text.replace("\\*", "*")
    assert all(not s.url or s.url.startswith("https://") for s in spans)


# ---------------------------------------------------------------- WordprocessingML


def test_lists_use_numbering_and_each_numbered_list_starts_anew() -> None:
    package = FakePackage()
    body = as_xml("1. a\n2. b\n\nTekst\n\n1. c\n\n- d\n  - e", package)
    items = [(p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"),
              p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val"), texts(p))
             for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None]
    assert items == [("101", "0", "a"), ("101", "0", "b"), ("102", "0", "c"), ("1", "0", "d"), ("1", "1", "e")]


def test_links_become_hyperlinks_to_a_relationship() -> None:
    package = FakePackage()
    body = as_xml("Skriv til [oss](mailto:innkjop@example.no) eller se [Doffin](https://www.doffin.no).", package)
    links = body.findall(f"{W}p/{W}hyperlink")
    assert [(h.get(f"{{{R_NS}}}id"), texts(h)) for h in links] == [("rId1", "oss"), ("rId2", "Doffin")]
    assert package.links == ["mailto:innkjop@example.no", "https://www.doffin.no"]


def test_a_table_is_a_word_table_with_a_repeated_header_row() -> None:
    body = as_xml("| Aktivitet | Dato |\n|---|---|\n| **Tilbudsfrist** | |")
    table = body.find(f"{W}tbl")
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [texts(c) for c in rows[0].findall(f"{W}tc")] == ["Aktivitet", "Dato"]
    first, empty = rows[1].findall(f"{W}tc")
    assert texts(first) == "Tilbudsfrist" and first.find(f".//{W}b") is not None
    assert texts(empty) == "" and empty.find(f"{W}p") is not None  # Word needs a paragraph in every cell


@pytest.mark.parametrize("text", [
    "**ulukket", "<script>alert(1)</script>", "A & B", "]]> <w:p/> &amp;", "- a\n    - b\n        - c\n- d",
    "| a | |\n|---|---|\n| | |", "[x](https://e.no/?a=1&b=<2>)", "# \n##\n###", "|\n|-|\n|", "\t- tab",
])
def test_edge_cases_give_well_formed_xml_with_the_text_kept(text: str) -> None:
    body = as_xml(text)
    assert "script" not in {el.tag.split("}")[-1] for el in body.iter()}
    if "<script>" in text:
        assert "<script>alert(1)</script>" in texts(body)


# ---------------------------------------------------------------- in a built document

HOSTILE = """\
Tekst med **ulukket fet og <script>alert('x')</script> & mer.

- nivå 1
  - nivå 2 med [lenke](https://www.doffin.no/?a=1&b=2)
    - nivå 3

| Kolonne | Tom |
|---|---|
| verdi | |
"""


def test_hostile_markdown_builds_a_well_formed_document(write_profile, tmp_path: Path) -> None:
    (tmp_path / "farlig.md").write_text(HOSTILE, encoding="utf-8")
    path = write_profile(extra="chapters:\n  background:\n    file: farlig.md\n")
    [result] = anskaffelse.build([path], tmp_path / "ut", formats=["docx"])
    with zipfile.ZipFile(result.outputs[0]) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        numbering = ElementTree.fromstring(archive.read("word/numbering.xml"))
    body = texts(root)
    assert "Tekst med **ulukket fet og <script>alert('x')</script> & mer." in body
    assert "script" not in {el.tag.split("}")[-1] for el in root.iter()}
    assert 'Target="https://www.doffin.no/?a=1&amp;b=2"' in rels and 'TargetMode="External"' in rels
    levels = [p.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") for p in root.iter(f"{W}p")
              if p.find(f"{W}pPr/{W}numPr") is not None and texts(p).startswith("nivå")]
    assert levels == ["0", "1", "2"]
    nums = {n.get(f"{W}numId") for n in numbering.findall(f"{W}num")}
    assert all(p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") in nums
               for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr/{W}numId") is not None)
    Document(str(result.outputs[0]))  # python-docx opens it


# Inputs whose cost grew with the square of their size (or faster) in the list numbering and in
# ambiguous patterns; each now builds in seconds. The benchmark (benchmarks/fuzz.py) times them.
PATHOLOGICAL = {
    "thousands of numbered lists": "1. a\n\np\n" * 5000,
    "unclosed bold markers": "**a " * 20000,
    "a heading with a long run of blanks": "# a" + " \t" * 10000 + "x\n",
    "a table separator that fails late": "| a |\n" + " " * 20000 + "|" + "-" * 100 + "x\n",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_builds(write_profile, tmp_path: Path, text: str) -> None:
    (tmp_path / "kapittel.md").write_text(text, encoding="utf-8")
    path = write_profile(extra="chapters:\n  background:\n    file: kapittel.md\n")
    [result] = anskaffelse.build([path], tmp_path / "ut", formats=["docx"])
    with zipfile.ZipFile(result.outputs[0]) as archive:
        ElementTree.fromstring(archive.read("word/document.xml"))


def test_numbered_lists_each_start_at_one_with_their_own_definition(write_profile, tmp_path: Path) -> None:
    (tmp_path / "kapittel.md").write_text("1. a\n2. b\n\nTekst\n\n1. c\n", encoding="utf-8")
    path = write_profile(extra="chapters:\n  background:\n    file: kapittel.md\n")
    [result] = anskaffelse.build([path], tmp_path / "ut", formats=["docx"])
    with zipfile.ZipFile(result.outputs[0]) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
        numbering = ElementTree.fromstring(archive.read("word/numbering.xml"))
    used = [p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in root.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}numPr") is not None and texts(p) in ("a", "b", "c")]
    assert used[0] == used[1] != used[2]
    abstract_of = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
                   for n in numbering.findall(f"{W}num")}
    assert abstract_of[used[0]] != abstract_of[used[2]]
    tags = [child.tag.split("}")[-1] for child in numbering]
    assert tags.index("num") > max(i for i, tag in enumerate(tags) if tag == "abstractNum")
