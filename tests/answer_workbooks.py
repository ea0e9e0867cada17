"""Answer workbooks made by script: suppliers who fill in the sheet, and the hostile corpus.

Used by the answer-check tests and by `benchmarks/hostile_workbooks.py`. Every
file is generated here from a workbook that `anskaffelse build` wrote; there
are no binary fixtures. A supplier fills its sheet with openpyxl, as a
script or a spreadsheet program would.
"""

from __future__ import annotations

import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from anskaffelse.locale import texts

ANSWER, DESCRIPTION, REFERENCE = 8, 9, 10
UNIT_PRICE = 5


def words(spec: Any) -> dict[str, Any]:
    return texts(spec.language)


def good_answer(req: Any, w: dict[str, Any]) -> Any:
    """What a supplier that meets everything writes in the answer cell."""
    if req.obligation == "minstekrav" or req.response_type in ("ja-nei", "ja-nei-delvis"):
        return w["answer"]["yes"]
    if req.response_type == "valg":
        return req.options[0]
    if req.response_type == "tall":
        return 10
    return None  # a description answer goes in the description column


def fill(source: Path, target: Path, spec: Any, supplier: str | None = "Leverandør AS",
         change: Callable[[Any, dict[str, int]], None] | None = None) -> Path:
    """`source` answered in full, the supplier's name on the instructions sheet, every unit price given;
    then `change(book, rows)` plants faults (rows: requirement ID -> row of the answer sheet)."""
    w = words(spec)
    book = load_workbook(source)
    sheet = book[w["workbook"]["answers_sheet"]]
    rows = {sheet.cell(n, 1).value: n for n in range(2, sheet.max_row + 1)}
    for req in spec.requirements():
        row = rows[req.id]
        sheet.cell(row, ANSWER).value = good_answer(req, w)
        sheet.cell(row, DESCRIPTION).value = f"Løsningen oppfyller {req.id} slik beskrevet i bilag 2."
        sheet.cell(row, REFERENCE).value = "Bilag 2, kapittel 3"
    instructions = book[w["workbook"]["instructions_sheet"]]
    for row in instructions.iter_rows():
        if row[0].value == w["workbook"]["supplier"] and supplier is not None:
            instructions.cell(row[0].row, 2).value = supplier
    if spec.price_form is not None:
        prices = book[w["workbook_price"]["sheet"]]
        names = {e.name for e in spec.price_form.elements}
        for row in prices.iter_rows(min_row=2):
            if row[1].value in names:
                prices.cell(row[0].row, UNIT_PRICE).value = 1000 + row[0].row
    if change is not None:
        change(book, rows)
    book.save(target)
    return target


# ---------------------------------------------------------------- repacking


def repack(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with parts replaced, added (new names) or removed (None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    new.writestr(info.filename, change[info.filename])  # type: ignore[arg-type]
            else:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in change.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def part(source: Path, name: str) -> bytes:
    with zipfile.ZipFile(source) as archive:
        return archive.read(name)


def answer_sheet_part(source: Path) -> str:
    """The worksheet part of the answer sheet (the second sheet) of a built workbook."""
    return "xl/worksheets/sheet2.xml"


# ---------------------------------------------------------------- the hostile corpus


def zip_bomb(source: Path, target: Path, size: int = 1 << 30) -> Path:
    """The workbook with one more part that unpacks to `size` bytes of zeros from about a thousandth of that.

    The deflate stream is made once for a megabyte and repeated (a full flush
    makes each copy stand alone), so a gigabyte bomb is built in a second.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    copies = size // len(chunk)
    stream = block * copies + b"\x03\x00"  # an empty final block ends the stream
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    repack(source, target, {})
    _append_deflated(target, "xl/media/image1.bin", stream, crc, copies * len(chunk))
    return target


def _append_deflated(path: Path, name: str, stream: bytes, crc: int, size: int) -> None:
    """Add an entry whose deflate stream is already made (zipfile can only compress itself)."""
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    entries, directory_size, directory_at = struct.unpack("<10xHII", data[end:end + 20])[0:3]
    directory = data[directory_at:directory_at + directory_size]
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                          len(encoded), 0, 0, 0, 0, 0, directory_at)
    body = data[:directory_at] + local + encoded + stream
    new_directory = directory + central + encoded
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(new_directory), len(body), 0)
    path.write_bytes(body + new_directory + tail)


def with_doctype(xml: bytes, doctype: str) -> bytes:
    """`xml` with a document type declaration, after the XML declaration when it has one."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype.encode() + xml[end:]
    return doctype.encode() + xml


def billion_laughs(source: Path, target: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    xml = part(source, "xl/workbook.xml")
    bomb = with_doctype(xml, f"<!DOCTYPE lolz [{entities}]>")
    return repack(source, target, {"xl/workbook.xml": bomb.replace(b"<sheets>", b"<sheets>&lol9;", 1)})


def xxe(source: Path, target: Path) -> Path:
    name = answer_sheet_part(source)
    xml = part(source, name)
    declared = with_doctype(xml, '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    return repack(source, target, {name: re.sub(rb"<t xml:space=\"preserve\">[^<]*</t>",
                                                 b'<t xml:space="preserve">&xxe;</t>', declared, count=1)})


CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_relationship(source: Path, rel_type: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="rId999" Type="{rel_type}" Target="{target}"{mode}/>'.encode()
    return part(source, WORKBOOK_RELS).replace(b"</Relationships>", rel + b"</Relationships>")


def macro_enabled(source: Path, target: Path) -> Path:
    """A macro-enabled workbook (.xlsm renamed .xlsx): a VBA project and the macro-enabled content type."""
    types = part(source, CONTENT_TYPES).replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
        b"</Types>", b'<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                     b"</Types>")
    project = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nEnd Sub\n"
    rels = _add_relationship(source, "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                             "vbaProject.bin")
    return repack(source, target, {CONTENT_TYPES: types, WORKBOOK_RELS: rels, "xl/vbaProject.bin": project})


def external_link(source: Path, target: Path) -> Path:
    """A link to another workbook, whose values a spreadsheet program fetches when the file opens."""
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" xmlns:r="' + OFFICE_RELS.encode() + b'"><externalBook r:id="rId1"/>'
            b"</externalLink>")
    link_rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/relationships"><Relationship Id="rId1" Type="' + OFFICE_RELS.encode()
                 + b'/externalLinkPath" Target="file:///C:/priser/hemmelig.xlsx" TargetMode="External"/>'
                 b"</Relationships>")
    types = part(source, CONTENT_TYPES).replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    rels = _add_relationship(source, f"{OFFICE_RELS}/externalLink", "externalLinks/externalLink1.xml")
    return repack(source, target, {CONTENT_TYPES: types, WORKBOOK_RELS: rels,
                                   "xl/externalLinks/externalLink1.xml": link,
                                   "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def million_row_dimension(source: Path, target: Path, rows: int = 1_048_576) -> Path:
    """The answer sheet claims `rows` rows (openpyxl would fill in every one)."""
    name = answer_sheet_part(source)
    xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:J{rows}"/>'.encode(), part(source, name), count=1)
    return repack(source, target, {name: xml})


def last_row_used(source: Path, target: Path, row: int = 1_048_576) -> Path:
    """One cell in the last row of the answer sheet, no dimension: a million rows all the same."""
    name = answer_sheet_part(source)
    cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    xml = re.sub(rb"<dimension [^>]*/>", b"", part(source, name)).replace(b"</sheetData>", cell + b"</sheetData>")
    return repack(source, target, {name: xml})


def endless_row_number(source: Path, target: Path, digits: int = 5_000) -> Path:
    """A row numbered with `digits` nines: more digits than Python turns into a number."""
    name = answer_sheet_part(source)
    xml = part(source, name).replace(b'<row r="3"', b'<row r="' + b"9" * digits + b'"', 1)
    assert xml != part(source, name)
    return repack(source, target, {name: xml})


def huge_cell(source: Path, target: Path, size: int = 5_000_000) -> Path:
    """One cell of the answer sheet with `size` random letters, which do not pack (no zip rule applies)."""
    letters = bytes(random.Random(1).choices(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=size))
    name = answer_sheet_part(source)
    cell = b'<row r="900"><c r="I900" t="inlineStr"><is><t>' + letters + b"</t></is></c></row></sheetData>"
    return repack(source, target, {name: part(source, name).replace(b"</sheetData>", cell)})


def truncated(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def csv_renamed(source: Path, target: Path) -> Path:
    target.write_text("ID;Svar;Beskrivelse\nEPJ-GE-001;Ja;Løsningen støtter dette\n", encoding="utf-8")
    return target


def ole_renamed(source: Path, target: Path) -> Path:
    """The first bytes of an old .xls (an OLE compound file), renamed .xlsx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    target.write_bytes(header + b"\0" * (4096 - len(header)) + b"Workbook".ljust(512, b"\0"))
    return target


HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    # name: (how to make it, what the message says)
    "zip-bomb": (zip_bomb, "unpacks to"),
    "billion-laughs": (billion_laughs, "declares an XML document type"),
    "xxe": (xxe, "declares an XML document type"),
    "macro-enabled": (macro_enabled, "contains macros"),
    "external-link": (external_link, "links to other files"),
    "million-row-dimension": (million_row_dimension, "claims 1,048,576 rows"),
    "last-row-used": (last_row_used, "uses row 1,048,576"),
    "endless-row-number": (endless_row_number, "with 5,000 digits"),
    "huge-cell": (huge_cell, "holds more than 32,767 characters in cell I900"),
    "truncated-zip": (truncated, "damaged or cut short"),
    "csv-renamed": (csv_renamed, "is a text file (a CSV file"),
    "ole-xls-renamed": (ole_renamed, "old-style Excel file (.xls)"),
}
