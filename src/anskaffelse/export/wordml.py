"""Small builders of WordprocessingML as text.

The requirement tables of a large tender have tens of thousands of cells;
python-docx's cell API costs a few hundred microseconds per cell, so tables
are written as XML text and parsed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from ..xmlescape import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W_NS}"'
BORDER_COLOUR = "A6A6A6"
HEADER_FILL = "DCE6F2"


# XML 1.0 forbids most control characters; a stray one would make Word refuse the file.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
# What a run's text needs more than copying for: control characters, line breaks, XML's own characters.
_SPECIAL = re.compile("[\x00-\x1f&<>]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _plain(value: str) -> bool:
    """Whether a run holds `value` as it is: one line, nothing to escape or remove."""
    # isprintable() is false for every control character, line breaks included: one C-level pass
    # settles most texts; isprintable() is also false for e.g. a no-break space, so those take the search.
    return (value.isprintable() and "&" not in value and "<" not in value and ">" not in value) or \
        _SPECIAL.search(value) is None


def text(value: str) -> str:
    """The text element(s) of a run holding `value`: escaped, without control characters, a line break
    as `w:br`."""
    if _plain(value):
        return f'<w:t xml:space="preserve">{value}</w:t>'
    return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in _clean(value).split("\n"))


def texts(*values: str) -> list[str]:
    """`text` of each of `values`, checked at once for the usual case of nothing to escape in any of them."""
    if _plain("".join(values)):
        return [f'<w:t xml:space="preserve">{value}</w:t>' for value in values]
    return [text(value) for value in values]


@cache
def run_start(bold: bool = False, size: int | None = None, colour: str | None = None,
              italic: bool = False, underline: bool = False, strike: bool = False) -> str:
    """`<w:r>` and its properties: a run is `run_start(...) + text(value) + "</w:r>"`."""
    # Word checks the order of run properties against the schema: b, i, strike, color, sz, szCs, u.
    props = ""
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    if strike:
        props += "<w:strike/>"
    if colour:
        props += f'<w:color w:val="{colour}"/>'
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    if underline:
        props += '<w:u w:val="single"/>'
    return f"<w:r><w:rPr>{props}</w:rPr>" if props else "<w:r>"


def run(value: str, bold: bool = False, size: int | None = None, colour: str | None = None,
        italic: bool = False, underline: bool = False, strike: bool = False) -> str:
    return f"{run_start(bold, size, colour, italic, underline, strike)}{text(value)}</w:r>"


@cache
def paragraph_start(style: str | None = None, keep_next: bool = False, align: str | None = None,
                    space_after: int | None = None, numbering: tuple[int, int] | None = None) -> str:
    """`<w:p>` and its properties: a paragraph is `paragraph_start(...) + runs + "</w:p>"`."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if numbering is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>'
    if space_after is not None:
        ppr += f'<w:spacing w:after="{space_after}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>" if ppr else "<w:p>"


def paragraph(runs: str | Iterable[str], style: str | None = None, keep_next: bool = False,
              align: str | None = None, space_after: int | None = None,
              numbering: tuple[int, int] | None = None) -> str:
    """A paragraph; `numbering` is (numbering ID, level) for a list item."""
    content = runs if isinstance(runs, str) else "".join(runs)
    return f"{paragraph_start(style, keep_next, align, space_after, numbering)}{content}</w:p>"


def text_paragraph(value: str, style: str | None = None, keep_next: bool = False, align: str | None = None,
                   space_after: int | None = None, numbering: tuple[int, int] | None = None) -> str:
    """A paragraph of one plain run."""
    return (f"{paragraph_start(style, keep_next, align, space_after, numbering)}<w:r>{text(value)}"
            "</w:r></w:p>")


def hyperlink(relationship_id: str, runs: str) -> str:
    """A link to an outside address; the address itself is a relationship of the document part.

    The relationships namespace is declared here, since the body is spliced into a main
    part whose root (from a template) need not declare it.
    """
    return (f'<w:hyperlink xmlns:r="{R_NS}" r:id="{escape(relationship_id)}" w:history="1">'
            f"{runs}</w:hyperlink>")


def heading(text: str, style: str, bookmark_id: int, bookmark: str) -> str:
    """A heading paragraph with a bookmark, so the table of contents can refer to its page."""
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{bookmark}"/>{run(text)}'
            f'<w:bookmarkEnd w:id="{bookmark_id}"/></w:p>')


def table_of_contents(entries: Sequence[tuple[str, str, str]], instruction: str, right_tab: int) -> str:
    """A TOC field already filled with (style, text, bookmark) entries, each linked to its heading.

    Word rebuilds the field with page numbers when it opens the file (the
    settings ask it to). Until then, and in programs that do not update
    fields, the reader sees the entries without page numbers rather than
    wrong ones.
    """
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{right_tab}"/></w:tabs>'
    paragraphs = []
    for i, (style, text, bookmark) in enumerate(entries):
        start = ""
        if i == 0:
            start = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                     f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(entries) - 1 else ""
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{tabs}</w:pPr>{start}'
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{run(text)}</w:hyperlink>{end}</w:p>'
        )
    return "".join(paragraphs)


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def field(instruction: str, shown: str) -> str:
    """A complex field; Word recalculates it, `shown` is what appears before it does."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def cell(paragraphs: str, width: int, fill: str | None = None) -> str:
    return f"{cell_start(width, fill)}{paragraphs}</w:tc>"


@cache
def cell_start(width: int, fill: str | None = None) -> str:
    """`<w:tc>` and its properties: a cell is `cell_start(...) + paragraphs + "</w:tc>"`."""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'


ROW_START = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
"""The start of a table row; a row is `ROW_START + cells + "</w:tr>"`."""
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_TABLE_LOOK = (
    f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
    '<w:tblLayout w:type="fixed"/>'
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
    'w:noHBand="0" w:noVBand="1"/>'
)


def table(widths: Sequence[int], header: Sequence[str] | None, rows: Iterable[Sequence[str]]) -> str:
    """A bordered table; `rows` hold the inner XML of each cell (one or more paragraphs, or "" for none)."""
    # One format string per table: a row is one call, whatever its number of cells.
    row_format = ROW_START + "".join(f"{cell_start(w)}{{}}</w:tc>" for w in widths) + "</w:tr>"
    columns = len(widths)

    def written(row: Sequence[str]) -> str:
        if len(row) != columns:
            raise ValueError(f"a row of {len(row)} cells in a table of {columns} columns")
        return row_format.format(*row) if all(row) else row_format.format(*(c or "<w:p/>" for c in row))

    return table_of_rows(widths, header, map(written, rows))


def table_of_rows(widths: Sequence[int], header: Sequence[str] | None, rows: Iterable[str]) -> str:
    """A bordered table of rows already written (`ROW_START`, a `cell_start(width)` … `</w:tc>` per
    column, `</w:tr>`): for a table of thousands of rows whose cells share their openings.

    Word repeats a header row on every page only when the row has `w:tblHeader`;
    `w:cantSplit` keeps one requirement from breaking across a page.
    """
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{_TABLE_LOOK}</w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    if header is not None:
        cells = "".join(
            cell(paragraph(run(h, bold=True), keep_next=True), w, HEADER_FILL)
            for h, w in zip(header, widths, strict=True)
        )
        out.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>")
    out += rows
    out.append("</w:tbl>")
    return "".join(out)


def list_numbering(abstract_id: int, ordered: bool) -> str:
    """A three-level list: bullets (•, ◦, ▪) or numbers (1., a), i.)."""
    formats = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))
    bullets = ("\u2022", "\u25e6", "\u25aa")
    levels = []
    for level in range(3):
        kind, text = formats[level] if ordered else ("bullet", bullets[level])
        indent = 360 * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    return (f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')


def heading_numbering(abstract_id: int, styles: Sequence[str]) -> str:
    """A multilevel list "1", "1.1", "1.1.1" bound to the heading styles."""
    levels = []
    for level, style in enumerate(styles):
        text = ".".join(f"%{i + 1}" for i in range(level + 1))
        indent = 432 + 144 * level
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:pStyle w:val="{style}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        )
    return (f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')


PICTURE_NAMESPACES = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def picture(relationship_id: str, width_emu: int, height_emu: int, number: int, description: str) -> str:
    """A paragraph holding one inline picture (an image part the package relates as `relationship_id`).

    Each prefix is declared on the element that uses it, so the picture does not depend on the
    declarations of the document's root element (a buyer's template may lack them).
    """
    ns = PICTURE_NAMESPACES
    alt = escape(_clean(description), {'"': "&quot;"})
    size = f'cx="{width_emu}" cy="{height_emu}"'
    return (
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline xmlns:wp="{ns["wp"]}" distT="0" distB="0" distL="0" distR="0"><wp:extent {size}/>'
        f'<wp:docPr id="{number}" name="Figur {number}" descr="{alt}"/>'
        f'<a:graphic xmlns:a="{ns["a"]}"><a:graphicData uri="{ns["pic"]}">'
        f'<pic:pic xmlns:pic="{ns["pic"]}"><pic:nvPicPr><pic:cNvPr id="{number}" name="figur{number}.png"/>'
        '<pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{ns["r"]}" r:embed="{relationship_id}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
