"""Worksheet XML generated as Excel, LibreOffice and openpyxl write it, and in the other manners XML allows.

Strategies for `test_workbook_reading_properties.py`: a part is built as a small
tree (`El`) and written out in a `Manner` (prefixes, attribute order and quoting,
blanks, comments, rows and cells without their reference, rows out of order, CDATA
and the like), so that every variation applies to every element alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hypothesis import strategies as st

from anskaffelse.diagnostics import column_letter

from .test_workbook_reading import MAIN, RELATIONSHIPS


@dataclass
class El:
    tag: str
    attrs: list[tuple[str, str]] = field(default_factory=list)
    children: list[El | str] = field(default_factory=list)
    """Elements, or (for a text element: `t`, `v`, `f`) pieces of text already written as XML."""


@dataclass(frozen=True)
class Manner:
    """How a part is written: all False is how Excel, LibreOffice and openpyxl write it."""

    prefix: str = ""
    """'x:' on every element (the Open XML SDK writes a sheet so)."""
    prefixes: bool = False
    """A prefix, declared on the element itself, on some elements."""
    shuffle: bool = False
    quoting: bool = False
    """Single quotes, blanks and line breaks around '=' and between attributes."""
    blanks: bool = False
    comments: bool = False
    """Comments and processing instructions between elements and inside texts."""
    no_refs: bool = False
    reorder: bool = False
    """Rows out of order, or a row number twice."""
    odd: bool = False
    """CDATA, `<x></x>` for `<x/>`, a formula after its value, padded numbers, values of the wrong kind."""


PLAIN_MANNER = Manner()
GAPS = ["", " ", "\n", "\n  ", "\r\n    ", "\t", "\n\n"]
NOTES = ["<!---->", "<!-- merknad -->", '<!-- <c r="A1"><v>9</v></c> -->', '<!--<row r="99"><c r="Z99"/></row>-->',
         "<?anskaffelse data?>", '<?pi <c r="B2" t="s"><v>0</v></c>?>']


def manners() -> st.SearchStrategy[Manner]:
    """Any mixture of variations; or one alone, which the regular reading may still read."""
    flags = st.booleans()
    one = st.sampled_from([f for f in Manner.__dataclass_fields__ if f != "prefix"])
    return st.one_of(
        st.builds(Manner, prefix=st.sampled_from(["", "", "x:"]), prefixes=flags, shuffle=flags, quoting=flags,
                  blanks=flags, comments=flags, no_refs=flags, reorder=flags, odd=flags),
        one.map(lambda name: Manner(**{name: True})), st.just(Manner(prefix="x:")))


def render(draw: st.DrawFn, node: El, manner: Manner) -> str:
    tag = manner.prefix + node.tag
    attrs = list(node.attrs)
    if manner.shuffle:
        attrs = list(draw(st.permutations(attrs)))
    if manner.prefixes and not manner.prefix and draw(st.integers(0, 3)) == 0:
        tag = f"y:{node.tag}"
        attrs.append(("xmlns:y", MAIN))
    head = f"<{tag}" + "".join(_attribute(draw, name, value, manner) for name, value in attrs)
    if manner.quoting:
        head += draw(st.sampled_from(["", " ", "\n"]))
    if not node.children:
        return head + ("></" + tag + ">" if manner.odd and draw(st.booleans()) else "/>")
    texts = all(isinstance(c, str) for c in node.children)
    inner = []
    for child in node.children:
        if not texts:
            inner.append(_gap(draw, manner))
        inner.append(child if isinstance(child, str) else render(draw, child, manner))
        if texts and manner.comments and draw(st.integers(0, 5)) == 0:
            inner.append(draw(st.sampled_from(NOTES)))
    if not texts:
        inner.append(_gap(draw, manner))
    return f"{head}>{''.join(inner)}</{tag}>"


def _attribute(draw: st.DrawFn, name: str, value: str, manner: Manner) -> str:
    if not manner.quoting:
        return f' {name}="{value}"'
    quote = draw(st.sampled_from(['"', "'"]))
    return (draw(st.sampled_from([" ", "\n", "\t ", "  ", "\r\n"])) + name + draw(st.sampled_from(["=", " = ", "=\n"]))
            + quote + value + quote)


def _gap(draw: st.DrawFn, manner: Manner) -> str:
    gap = draw(st.sampled_from(GAPS)) if manner.blanks else ""
    if manner.comments and draw(st.integers(0, 3)) == 0:
        gap += draw(st.sampled_from(NOTES)) + (draw(st.sampled_from(GAPS)) if manner.blanks else "")
    return gap


# ---------------------------------------------------------------- texts, numbers, dates and formulas

SPECIAL = ["&", "<", ">", "]]>", '"', "'", "\r\n", "\r", "\n", "\t", " ", "  ", "ø", "Å", "\U0001F600",
           "\U0001D11E", "\u00a0", "\u2028", "\x85", "_x000D_", "_x005F_x000D_", "x005F_", "=SUM(A1)", "1e999", "Ja"]
XML_CHARACTERS = st.characters(min_codepoint=0x20, exclude_categories=["Cs"], exclude_characters="\ufffe\uffff")
PIECES = st.one_of(st.sampled_from(SPECIAL), st.text(XML_CHARACTERS, min_size=1, max_size=6))


def encode(piece: str, how: str) -> str:
    """A piece of text as XML writes it: escaped, as character references, or in CDATA."""
    if how == "cdata":
        return "<![CDATA[" + piece.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    if how in ("dec", "hex"):
        return "".join(f"&#{ord(c)};" if how == "dec" else f"&#x{ord(c):X};" for c in piece)
    escaped = piece.replace("&", "&amp;").replace("<", "&lt;")
    # '>' may stand as it is, except after ']]' (and at the start: the piece before may end with ']]').
    return "".join("&gt;" if c == ">" and (i == 0 or escaped[i - 1] == "]") else c for i, c in enumerate(escaped))


@st.composite
def texts(draw: st.DrawFn, manner: Manner) -> list[str]:
    ways = ["plain"] * 6 + ["dec", "hex"] + (["cdata"] * 2 if manner.odd else [])
    return [encode(piece, draw(st.sampled_from(ways))) for piece in draw(st.lists(PIECES, max_size=4))]


NUMBERS = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.integers(-10**25, 10**25).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f"{f:.16E}"),  # Excel: 1.2345678901234501E-2
    st.sampled_from(["0", "-0", "-0.0", "0.1", "12.5", "1E-3", "1.0000000000000001E-3", "6.0221408570000002E+23",
                     "1E+308", "4.9406564584124654E-324", "1e999", "-1e999", ".5", "5.", "+3", "007", "1e3"]))
SERIALS = st.one_of(  # days since 1900 (s="1" is dd/mm/yyyy, s="2" Excel's built-in date), and times of day
    st.integers(1, 2_958_465).map(str), st.floats(0, 2_958_465.99, allow_nan=False).map(repr),
    st.sampled_from(["0", "0.5", "0.99999999", "59", "60", "61", "45000.5", "2958465.9999999", "2958466", "-1"]))
ISO_DATES = st.sampled_from(["2024-02-29T00:00:00", "2024-02-29", "1900-01-01T12:30:00", "12:30:00",
                             "2026-01-01T08:15:30Z", "1899-12-30T00:00:00"])
ERRORS = st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"])
FORMULAS = st.sampled_from(["SUM(A1:B2)", 'IF(A1>0,"ja","nei")', 'A1&"x"', "1/0", "NA()", "A1<B1",
                            'CONCATENATE("ø","\U0001F600")', "Ark2!A1*2", ""])


def text_element(tag: str, pieces: list[str], preserve: bool) -> El:
    return El(tag, [("xml:space", "preserve")] if preserve else [], list(pieces))


@st.composite
def rich(draw: st.DrawFn, manner: Manner) -> list[El]:
    """The children of `<is>` or `<si>`: one text, or rich-text runs; either with phonetic runs after them.
    (A `<t>` next to runs, or two `<t>`, openpyxl reads otherwise by design: left out.)"""
    how = draw(st.sampled_from(["plain", "plain", "runs", "empty"]))
    if how == "empty":
        return [El("t")] if draw(st.booleans()) else []
    if how == "plain":
        found = [text_element("t", draw(texts(manner)), draw(st.booleans()))]
    else:
        found = []
        for _run in range(draw(st.integers(1, 3))):
            style = [El("rPr", children=[El("b"), El("sz", [("val", "11")]), El("rFont", [("val", "Calibri")])])]
            found.append(El("r", children=[*style[:draw(st.integers(0, 1))],
                                           text_element("t", draw(texts(manner)), draw(st.booleans()))]))
    if draw(st.integers(0, 3)) == 0:
        found += [El("rPh", [("sb", "0"), ("eb", "1")], [text_element("t", draw(texts(manner)), False)]),
                  El("phoneticPr", [("fontId", "1"), ("type", "noConversion")])]
    return found


@st.composite
def cell(draw: st.DrawFn, flavour: str, manner: Manner, shared: int) -> tuple[str | None, str | None, list[El]]:
    """Type, style and children of a cell."""
    kind = draw(st.sampled_from(["n", "n", "date", "s", "s", "str", "b", "e", "inlineStr", "d"]))
    number_type = {"excel": None, "libreoffice": "n", "openpyxl": "n"}.get(flavour) or draw(
        st.sampled_from([None, "n"]))
    style = draw(st.sampled_from([None, None, "0", "1", "2"]))
    if kind == "inlineStr":
        value = El("is", children=draw(rich(manner))) if draw(st.integers(0, 5)) else None
        return "inlineStr", style, [value] if value is not None else []
    stored: list[str] = {
        "n": lambda: [draw(NUMBERS)], "date": lambda: [draw(SERIALS)], "b": lambda: [draw(st.sampled_from("01"))],
        "s": lambda: [str(draw(st.integers(0, shared - 1)))], "e": lambda: [draw(ERRORS)],
        "str": lambda: draw(texts(manner)), "d": lambda: [draw(ISO_DATES)],
    }[kind]()
    if kind == "date":
        kind, style = number_type or "n", draw(st.sampled_from(["1", "2"]))
    if manner.odd and kind in ("n", "s", "b") and draw(st.booleans()):
        stored = [draw(st.sampled_from([" ", "\n", "\t"])) + stored[0] + draw(st.sampled_from(["", " ", "\n"]))]
    if manner.odd and draw(st.integers(0, 5)) == 0:
        stored = []  # <v/>, as openpyxl writes a formula's value it has not calculated
    children = [El("v", children=stored)]
    if manner.odd and draw(st.integers(0, 7)) == 0:
        children = []  # no value at all
    if draw(st.integers(0, 3)) == 0:
        formula = draw(st.sampled_from([[], [("t", "shared"), ("ref", "A1:A3"), ("si", "0")], [("aca", "false")],
                                        [("t", "array"), ("ref", "A1")]]))
        shared_only = formula[:1] == [("t", "shared")] and draw(st.booleans())
        f = El("f", formula, [] if shared_only else [encode(draw(FORMULAS), "plain")])
        if flavour == "openpyxl":
            children = [El("v")]
        children = [*children, f] if manner.odd and draw(st.integers(0, 3)) == 0 else [f, *children]
        if kind == "s" and draw(st.booleans()):  # a formula whose result is a text
            kind, children = "str", [El("v", children=draw(texts(manner))) if c.tag == "v" else c for c in children]
    if manner.odd and draw(st.integers(0, 7)) == 0:
        children.append(El("extLst", children=[El("ext", [("uri", "{78C0D931-6437-407d-A8EE-F0AAD7539E65}")])]))
    return (None if kind == "n" and number_type is None else kind), style, children


ROW_ATTRIBUTES = {
    "excel": [("spans", "1:5"), ("x14ac:dyDescent", "0.25")],
    "libreoffice": [("customFormat", "false"), ("ht", "12.8"), ("hidden", "false"), ("customHeight", "false"),
                    ("outlineLevel", "0"), ("collapsed", "false")],
    "openpyxl": [],
    "odd": [("spans", "1:3"), ("ht", "15"), ("customHeight", "1"), ("x14ac:dyDescent", "0.3")],
}


@st.composite
def sheet_data(draw: st.DrawFn, flavour: str, manner: Manner, shared: int) -> tuple[list[El], int, int]:
    """The rows of a sheet, numbered and referenced as a reader counts them; and the extent they use."""
    planned, number = [], 0
    for _row in range(draw(st.integers(0, 7))):
        number += draw(st.sampled_from([1, 1, 1, 2, 5]))
        cells = [(draw(st.sampled_from([1, 1, 1, 2, 27])), draw(cell(flavour, manner, shared)))
                 for _cell in range(draw(st.integers(0, 5)))]
        planned.append((number, cells))
    if manner.reorder and len(planned) > 1:
        first, second = sorted(draw(st.lists(st.integers(0, len(planned) - 1), min_size=2, max_size=2, unique=True)))
        if draw(st.booleans()):
            planned[first], planned[second] = planned[second], planned[first]
        else:
            planned[second] = (planned[first][0], planned[second][1])
    rows, current, widest, highest = [], 0, 0, 0
    for number, cells in planned:
        numbered = not (manner.no_refs and draw(st.booleans()))
        current = number if numbered else current + 1
        column, written = 0, []
        for gap, (kind, style, children) in cells:
            referenced = not (manner.no_refs and draw(st.booleans()))
            column += gap if referenced else 1
            attrs = [("r", f"{column_letter(column)}{current}")] if referenced else []
            attrs += [(name, value) for name, value in (("s", style), ("t", kind)) if value is not None]
            written.append(El("c", attrs, children))
        extra = ROW_ATTRIBUTES[flavour]
        attrs = [("r", str(current))] if numbered else []
        attrs += extra[:draw(st.integers(0, len(extra)))] if flavour in ("excel", "odd") else extra
        rows.append(El("row", attrs, written))
        widest, highest = max(widest, column), max(highest, current)
    return rows, highest, widest


@st.composite
def worksheet(draw: st.DrawFn, shared: int, head: list[El] | None = None,
              poison: El | None = None) -> str:
    flavour = draw(st.sampled_from(["excel", "libreoffice", "openpyxl", "odd", "odd"]))
    manner = draw(manners()) if flavour == "odd" else PLAIN_MANNER
    rows, highest, widest = draw(sheet_data(flavour, manner, shared))
    if poison is not None:
        rows.insert(draw(st.integers(0, len(rows))), poison)
    if head is None:
        head = list(draw(st.sampled_from([[], [El("dimension", [("ref", f"A1:{column_letter(max(widest, 1))}"
                                                                  f"{max(highest, 1)}")])]])))
        head += draw(st.sampled_from([[], [El("sheetViews", children=[El("sheetView", [("workbookViewId", "0")])]),
                                           El("sheetFormatPr", [("defaultRowHeight", "15")]),
                                           El("cols", children=[El("col", [("min", "1"), ("max", "2"),
                                                                           ("width", "30"), ("customWidth", "1")])])]]))
    namespaces = [("xmlns:x", MAIN)] if manner.prefix else [("xmlns", MAIN), ("xmlns:x", MAIN)]
    namespaces += [("xmlns:r", RELATIONSHIPS), ("xmlns:mc", "http://schemas.openxmlformats.org/markup-compatibility/"
                                                           "2006"), ("mc:Ignorable", "x14ac"),
                   ("xmlns:x14ac", "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac")]
    tail = [El("pageMargins", [("left", "0.7"), ("right", "0.7"), ("top", "0.75"), ("bottom", "0.75"),
                               ("header", "0.3"), ("footer", "0.3")])]
    root = El("worksheet", namespaces, [*head, El("sheetData", children=list(rows)), *tail])
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                                        '<?xml version="1.0" encoding="utf-8"?>']
                                       + (["", '\ufeff<?xml version="1.0"?>\r\n',
                                          '<?xml version="1.0" encoding="utf8"?>',
                                          "<?xml version='1.0' encoding='ISO-8859-1'?>",
                                          '<?xml version="1.0" encoding="windows-1252"?>'] if manner.odd else [])))
    return declaration + render(draw, root, manner)


@st.composite
def shared_texts(draw: st.DrawFn) -> list[str]:
    """As `handmade` takes them: the XML inside each `<si>`."""
    manner = replace(draw(manners()), prefix="")
    return [render(draw, El("si", children=draw(rich(manner))), manner).partition(">")[2].rpartition("<")[0]
            .lstrip() or "<t/>" for _text in range(draw(st.integers(1, 5)))]


