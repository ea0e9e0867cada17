"""Every part of a workbook from outside is streamed through here: bounded, and with no document types.

Entity declarations are how XML bombs and external entities work, and
SpreadsheetML never needs them; a part that declares a document type is
refused before expat sees the declaration, and expat is set to refuse one
too. `Refused` carries a problem that completes the sentence "answer
workbook X ...".
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from ..locale.messages import _
from ..office_zip import printable_name

CHUNK = 1 << 20

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class Refused(Exception):
    """The workbook breaks a rule; `problem` completes "answer workbook X ..."."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem, self.hint = problem, hint


def stream_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, parser: expat.XMLParserType | None) -> None:
    """Read a part up to its declared size, refusing a document type; feed it to `parser` when given."""
    tail = b""
    read = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            read += len(chunk)
            if read > info.file_size:
                raise Refused(_("is damaged: part {part} unpacks to more than it declares").format(
                    part=printable_name(info.filename)))
            # The tail of the last chunk catches a declaration split between two chunks.
            if _DOCTYPE.search(tail + chunk):
                raise Refused(_("declares an XML document type in {part!r}, which a workbook never does").format(
                    part=printable_name(info.filename)))
            tail = chunk[-32:]
            if parser is not None:
                _feed(parser, chunk, info.filename, final=False)
    if parser is not None:
        _feed(parser, b"", info.filename, final=True)


def _feed(parser: expat.XMLParserType, data: bytes, name: str, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as exc:
        reason = expat.errors.messages.get(exc.code, "error")
        raise Refused(_("is damaged: part {part} is not well-formed XML ({reason} at line {line})").format(
            part=printable_name(name), reason=reason, line=exc.lineno)) from None


def xml_parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_ignored: object) -> None:
        raise Refused(_("declares an XML document type, which a workbook never does"))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(" ")[2], attrs)
    return parser
