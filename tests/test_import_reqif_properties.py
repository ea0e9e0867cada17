"""Property-based checks of `anskaffelse import reqif` on damaged ReqIF files.

A valid ReqIF file exported by `anskaffelse build --format reqif` is cut down to a
few requirements of every answer form and then damaged: elements deleted, repeated,
reordered, moved or renamed; attribute values and texts replaced by odd values (empty,
huge, 5,000 digits, negative, NaN, digits that are not ASCII, control characters and
astral characters as character references); references pointed at unknown IDs or at
IDs of the wrong kind; required attributes dropped; XHTML nested oddly and deeply;
the file cut off, given another encoding declaration or a byte order mark. Whatever
the file, the import ends in exit 0 with a complete module file, or in exit 1 with at
least one finding (X0xx) — never an internal error, a traceback, a file left in the
output folder, or a changed input file.

The default run is short. `ANSKAFFELSE_FUZZ_EXAMPLES=1500 ANSKAFFELSE_FUZZ_RANDOM=1
./scripts/test tests/test_import_reqif_properties.py` runs a long one.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from anskaffelse.reading.schema import validator_for

from .conftest import Cli
from .fuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "eksempel-kommune.yaml"
REQIF = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
XHTML = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", REQIF)
ET.register_namespace("xhtml", XHTML)

FUZZ = fuzz(25, shrink=False)

# Odd values as XML text, valid in an attribute and in element text: (name, fragment). The
# fragments are put in after serialising, so character references reach the parser as written.
ODD = [
    "", " ", "\t", "-1", "-0", "0", "101", "1e999", "NaN", "nan", "inf", "-inf", "0x1F", "1.5", "+5", " 7 ",
    "²", "٣", "５", "Ⅻ", "9" * 5000, "-" + "9" * 5000, "x" * 100_000, "ø" * 40_000,
    "&#0;", "&#1;", "&#x1b;]0;x&#7;", "&#x9;", "&#xA;", "&#xD;", "&#x7F;", "&#x85;", "&#x9B;2J", "&#xFFFE;",
    "&#xFEFF;", "&#xD800;", "&#x202E;", "&#x2028;", "&#x1F3E5;", "&#x10FFFF;", "&#x110000;", "🏥", "𝔘𝔫𝔦",
    "&amp;", "&lt;xhtml:p&gt;", "&quot;", "'", "{oppetid}", "{", "%s", "\\", "null", "~", "yes", "- x", ": x",
    "# x", "!!python/object", "=SUM(A1)", "EPJ-GE-001", "A-B", "a b", "ev-obligation-minstekrav", "dt-string",
    "ad-krav-text", "kapittel-generelt", "minstekrav", "evaluert", "tall", "valg", "Forpliktelse", "Vekt",
    "Tekst (nn)", "ReqIF.ForeignID", "ReqIF.Text", "ReqIF.ChapterName",
]
XHTML_ODD = [
    "<xhtml:div><xhtml:div><xhtml:p>a<xhtml:br/>b</xhtml:p></xhtml:div>c</xhtml:div>",
    "<xhtml:ul><xhtml:li><xhtml:ul><xhtml:li>x</xhtml:li></xhtml:ul></xhtml:li><xhtml:li/></xhtml:ul>",
    "<xhtml:span>a<xhtml:div>b</xhtml:div>c</xhtml:span>", "<xhtml:br/><xhtml:br/><xhtml:br/>",
    "<xhtml:table><xhtml:tr><xhtml:td>1</xhtml:td><xhtml:td>2</xhtml:td></xhtml:tr></xhtml:table>",
    "<xhtml:object data='x.png' type='image/png'>bilde</xhtml:object>", "<annen xmlns='urn:x'>fremmed</annen>",
    "<xhtml:pre>  a\n    b  </xhtml:pre>", "<xhtml:div/>", "tekst uten element", "<xhtml:div>&#x1F3E5;</xhtml:div>",
    "<xhtml:div>" * 3000 + "dypt" + "</xhtml:div>" * 3000,
    "<xhtml:div>" + "<xhtml:span>" * 1200 + "dypt" + "</xhtml:span>" * 1200 + "</xhtml:div>",
]
DECLARATIONS = [
    None, "", '<?xml version="1.0" encoding="ISO-8859-1"?>', '<?xml version="1.0" encoding="UTF-16"?>',
    '<?xml version="1.0" encoding="US-ASCII"?>', '<?xml version="1.0" encoding="windows-1252"?>',
    '<?xml version="1.0" encoding="x-ukjent"?>', '<?xml version="1.0" encoding="UTF-32"?>',
    '<?xml version="1.0" encoding=""?>', '<?xml version="1.1" encoding="UTF-8"?>',
    '<?xml version="2.0"?>', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<?xml version="1.0" encoding="ebcdic-cp-us"?>', '<?xml encoding="UTF-8"?>',
]
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "utf-16", "utf-16-be", "utf-32", "cp1252", "ascii"]
SPLICES = [b"\x00", b"\xff\xfe", b"\xc3", b"<", b"&", b"]]>", b"<!DOCTYPE x>", b"<?pi x?>", b"<!-- -->",
           b"<![CDATA[x]]>", b"\r", b"\xef\xbb\xbf"]
FOREIGN = (ROOT / "tests" / "fixtures" / "reqif" / "fra-annet-verktoy.reqif").read_bytes()
# Found by a long run: expat hands an encoding it does not know to Python's codecs, and an unknown
# one (LookupError) or one of several bytes per character (ValueError) was an internal error.
UNKNOWN_ENCODING = FOREIGN.replace(b'encoding="UTF-8"', b'encoding="x-ukjent"', 1)
MULTI_BYTE_ENCODING = FOREIGN.replace(b'encoding="UTF-8"', b'encoding="UTF-32"', 1)
# Found by a long run: XHTML nested deeper than Python's recursion limit was an internal error.
DEEP = b"<xhtml:span>" * 3000 + b"dypt" + b"</xhtml:span>" * 3000
DEEP_XHTML = FOREIGN.replace(b"<xhtml:div><xhtml:p>", b"<xhtml:div>" + DEEP + b"<xhtml:p>", 1)
KEEP = 12
"""Requirements kept from the example: enough for every answer form and obligation, few enough to be quick."""


def _q(tag: str) -> str:
    return f"{{{REQIF}}}{tag}"


@cache
def base_reqif() -> bytes:
    """The example's ReqIF export, cut down."""
    with tempfile.TemporaryDirectory() as folder:
        result = Cli()("build", EXAMPLE, "-o", folder, "--format", "reqif")
        assert result.exit_code == 0, result.stdout + result.stderr
        exported = (Path(folder) / "eksempel-kommune-spesifikasjon.reqif").read_bytes()
    return _serialise(_cut_down(ET.fromstring(exported)))


def _cut_down(root: ET.Element) -> ET.Element:
    """The first chapter and requirements of each answer form and obligation, with the tree pruned to them."""
    objects = root.find(f".//{_q('SPEC-OBJECTS')}")
    assert objects is not None
    kept: set[str] = set()
    seen: set[str] = set()
    for obj in list(objects):
        refs = {(r.text or "") for r in obj.iter(_q("ENUM-VALUE-REF"))}
        chapter = obj.get("IDENTIFIER", "").startswith("kapittel-")
        if (chapter and not kept) or (not chapter and (not refs <= seen or len(kept) <= 5) and len(kept) < KEEP):
            kept.add(obj.get("IDENTIFIER", ""))
            seen |= refs
        else:
            objects.remove(obj)
    for parent in list(root.iter(_q("CHILDREN"))):
        for node in list(parent):
            ref = node.find(f"{_q('OBJECT')}/{_q('SPEC-OBJECT-REF')}")
            if ref is not None and ref.text not in kept:
                parent.remove(node)
    return root


def _serialise(root: ET.Element, declaration: str | None = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    body = ET.tostring(root, encoding="unicode")
    return ((declaration + "\n" if declaration else "") + body).encode("utf-8")


def _elements(root: ET.Element) -> list[tuple[ET.Element, ET.Element]]:
    """Every (parent, child) pair of the tree, in document order."""
    return [(parent, child) for parent in root.iter() for child in parent]


@st.composite
def _mutate_tree(draw: st.DrawFn, root: ET.Element, odd: list[str]) -> None:
    """One structural or value change of the tree, in place; odd values go in as placeholders."""
    pairs = _elements(root)
    if not pairs:
        return
    parent, child = draw(st.sampled_from(pairs))
    kind = draw(st.sampled_from(["delete", "duplicate", "reorder", "attribute", "text", "reference", "drop",
                                 "xhtml", "move", "rename"]))

    def placeholder(values: list[str]) -> str:
        odd.append(draw(st.sampled_from(values)))
        return f"ODDVALUE{len(odd) - 1}END"

    if kind == "delete":
        parent.remove(child)
    elif kind == "duplicate":
        parent.insert(list(parent).index(child), copy.deepcopy(child))
    elif kind == "reorder" and len(child) > 1:
        children = draw(st.permutations(list(child)))
        for item in list(child):
            child.remove(item)
        child.extend(children)
    elif kind == "attribute":
        name = draw(st.sampled_from(sorted(child.attrib) or ["THE-VALUE"]))
        child.set(name, placeholder(ODD))
    elif kind == "text":
        child.text = placeholder(ODD)
    elif kind == "reference" and any(e.tag.endswith("-REF") for e in root.iter()):
        refs = [e for e in root.iter() if e.tag.endswith("-REF")]
        ids = sorted({e.get("IDENTIFIER", "") for e in root.iter()} - {""})
        target = draw(st.sampled_from(refs))
        target.text = draw(st.sampled_from([*ids, "finnes-ikke", "", " ", target.text or ""]))
    elif kind == "drop" and child.attrib:
        del child.attrib[draw(st.sampled_from(sorted(child.attrib)))]
    elif kind == "xhtml":
        holders = list(root.iter(_q("THE-VALUE")))
        holder = draw(st.sampled_from(holders)) if holders else child
        if draw(st.booleans()):
            for item in list(holder):
                holder.remove(item)
        holder.append(ET.Element(placeholder(XHTML_ODD)))
    elif kind == "move":
        _, target = draw(st.sampled_from(pairs))
        if child is not target and child not in target.iter():
            parent.remove(child)
            target.append(child)
    elif kind == "rename":
        tags = sorted({e.tag for e in root.iter()})
        child.tag = draw(st.sampled_from([*tags, _q("UKJENT"), f"{{{XHTML}}}div", "uten-navnerom"]))


def _fill(text: str, odd: list[str]) -> str:
    """The odd values in place of their placeholders; an element placeholder becomes the fragment itself."""
    text = re.sub(r"<ODDVALUE(\d+)END />", lambda m: odd[int(m.group(1))], text)
    return re.sub(r"ODDVALUE(\d+)END", lambda m: odd[int(m.group(1))], text)


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    root = ET.fromstring(base_reqif())
    odd: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        draw(_mutate_tree(root, odd))
    text = _fill(ET.tostring(root, encoding="unicode"), odd)
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', *DECLARATIONS]))
    text = (declaration + "\n" if declaration else "") + text
    encoding = draw(st.sampled_from(ENCODINGS)) if draw(st.integers(0, 4)) == 0 else "utf-8"
    data = text.encode(encoding, "xmlcharrefreplace")
    if draw(st.integers(0, 5)) == 0:
        data = data[:draw(st.integers(min_value=0, max_value=len(data)))]
    if draw(st.integers(0, 5)) == 0:
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.sampled_from(SPLICES)) + data[at:]
    return data


def check_import(folder: Path, data: bytes, as_json: bool) -> str:
    """Import `data` and check the promise; what came of it, for the statistics."""
    source = folder / "fil.reqif"
    source.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    out = folder / "modul.yaml"
    result = Cli()("import", "reqif", source, "-o", out, *(["--json"] if as_json else []))
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert "internal error" not in stream and "internal_error" not in stream, stream[-2000:]
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout[-2000:], result.stderr[-2000:])
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "the input file was changed"
    written = sorted(p.name for p in folder.iterdir())
    if result.exit_code == 0:
        assert written == ["fil.reqif", "modul.yaml"]
        module = YAML(typ="safe").load(out.read_text(encoding="utf-8"))
        assert not list(validator_for("module").iter_errors(module))
        assert module["requirements"]
        if as_json:
            assert json.loads(result.stdout)["requirements"] == len(module["requirements"])
        return "imported"
    assert written == ["fil.reqif"], "a refused import left files behind"
    if as_json:
        codes = [d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    else:
        codes = re.findall(r"\((X0\d\d)\)", result.stderr)
    assert any(re.fullmatch(r"X0\d\d", code) for code in codes), result.stdout[-2000:] + result.stderr[-2000:]
    return f"refused with {min(codes)}"


def test_the_cut_down_file_imports(tmp_path: Path) -> None:
    check_import(tmp_path, base_reqif(), as_json=True)
    module = YAML(typ="safe").load((tmp_path / "modul.yaml").read_text(encoding="utf-8"))
    assert len(module["requirements"]) >= 5
    assert {r["response"]["type"] for r in module["requirements"]} >= {"ja-nei", "beskrivelse"}


@pytest.mark.parametrize("declared", ["x-ukjent", "UTF-32", "utf-7", "rot13", "undefined", "idna"])
def test_an_encoding_that_cannot_be_read_is_named(declared: str, tmp_path: Path) -> None:
    content = FOREIGN.replace(b'encoding="UTF-8"', f'encoding="{declared}"'.encode(), 1)
    check_import(tmp_path, content, as_json=False)
    result = Cli()("import", "reqif", tmp_path / "fil.reqif", "-o", tmp_path / "modul.yaml")
    assert "fil.reqif:1:1: error " in result.stderr
    assert f"fil.reqif is in the encoding '{declared}', which cannot be read (X001)" in result.stderr


def test_xhtml_nested_thousands_deep_is_read(tmp_path: Path) -> None:
    check_import(tmp_path, DEEP_XHTML, as_json=True)
    module = YAML(typ="safe").load((tmp_path / "modul.yaml").read_text(encoding="utf-8"))
    assert module["requirements"][0]["text"]["nb"] == ("dypt\nLøsningen skal lage en kjøreliste per dag med:\n"
                                                       "- besøk i rekkefølge,\n- adresse og nøkkelinformasjon.")


@FUZZ
@example(content=UNKNOWN_ENCODING, as_json=False)
@example(content=MULTI_BYTE_ENCODING, as_json=True)
@example(content=DEEP_XHTML, as_json=False)
@given(content=damaged_files(), as_json=st.booleans())
def test_a_damaged_reqif_file_imports_or_is_refused_with_a_finding(
        content: bytes, as_json: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    event(check_import(tmp_path_factory.mktemp("fuzz"), content, as_json))
