"""Reading an untrusted XML file: defusedxml, no DTD, a size limit and an element limit, lines kept.

A ReqIF file comes from another organisation's tool, so it is read like a supplier's
workbook: a DTD (and with it every entity expansion, "billion laughs", and external
entity) is refused outright, the file is read with a bounded read, and the parser
stops at `MAX_ELEMENTS` elements before memory runs out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ..diagnostics import InputError, display_path, error
from ..infile import binary_kind, kind_text, read_bytes
from ..locale.messages import _, ui_language

MAX_REQIF_BYTES = 50_000_000
"""A ReqIF file of the whole built-in library is under 3 MB; 50 MB leaves room for large foreign
specifications (pictures travel in .reqifz archives, which are not read)."""

MAX_ELEMENTS = 500_000
"""The whole built-in library in ReqIF is some 60,000 elements; a file with many more is not a
requirement specification but an attempt to exhaust memory."""


@dataclass(frozen=True)
class XmlDocument:
    root: ET.Element
    lines: dict[int, int]
    """Line of each element's start tag, by `id(element)`."""
    shown: str

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)


class _TooManyElements(Exception):
    pass


class _CountingBuilder(ET.TreeBuilder):
    """A tree builder that records each element's line and stops at `MAX_ELEMENTS`."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.lines: dict[int, int] = {}
        self.expat: Any = None

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise _TooManyElements
        element = super().start(tag, attrs)
        if self.expat is not None:
            self.lines[id(element)] = self.expat.CurrentLineNumber
        return element


def read_xml(path: Path, what: str | None = None) -> XmlDocument:
    """The parsed file; `InputError` (codes X001-X003) for anything malformed or hostile.

    `what` names the file in messages; by default "ReqIF file" in the user's language.
    """
    shown = display_path(path)
    data = read_bytes(path, MAX_REQIF_BYTES, what or _("ReqIF file"))
    kind = binary_kind(data[:4096])
    if kind is not None:
        message = _("{file} is {kind}, not a ReqIF file").format(file=shown, kind=kind_text(kind))
        raise InputError([error("X001", message,
                                _("Export the specification from your requirements tool as ReqIF (.reqif); unpack a "
                                  ".reqifz archive first."),
                                file=shown)])
    if not _begins_with_markup(data):
        raise InputError([error("X001", _("the file is not XML: it does not begin with '<'"),
                                _("Give the .reqif file that the requirements tool exported, not a table or a text "
                                  "file."), file=shown, line=1, column=1)])
    builder = _CountingBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except _TooManyElements:
        raise InputError([error("X003", _("{file} has more than {limit} XML elements").format(
            file=shown, limit=_grouped(MAX_ELEMENTS)),
            _("A requirement specification is far smaller; split the export in your requirements tool, or check "
              "that this is the file you meant."), file=shown, line=parser.parser.CurrentLineNumber)]) from None
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden, DefusedXmlException) as exc:
        raise InputError([_refused(shown, exc)]) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError([error("X001", _("the file is not well-formed XML: {reason}").format(reason=_reason(exc)),
                                _("Check that the file is a complete ReqIF export, not a cut-off or edited copy; "
                                  "export it again from the requirements tool."),
                                file=shown, line=line, column=column + 1)]) from None
    except (LookupError, ValueError) as exc:
        # expat hands an encoding it does not know itself to Python's codecs, which may not know
        # it either, may not be a text encoding, or may use several bytes per character.
        raise InputError([_unreadable_encoding(shown, data, exc)]) from None
    return XmlDocument(root, builder.lines, shown)


def _begins_with_markup(data: bytes) -> bool:
    """Whether the file begins with '<' after a byte order mark and blanks: UTF-8, or UTF-16 with its mark.

    XML may be UTF-16 when it begins with the mark, and expat reads it so; some requirements tools
    on Windows save their exports that way.
    """
    for mark, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            head = data[len(mark):len(mark) + 400]
            return head[:len(head) // 2 * 2].decode(encoding, "replace").lstrip(" \t\r\n").startswith("<")
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _unreadable_encoding(shown: str, data: bytes, exc: Exception) -> Any:
    declared = re.search(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,40})""", data[:300].lstrip(b"\xef\xbb\xbf"))
    name = declared.group(1).decode("ascii", "replace") if declared else str(exc)[:80]
    return error("X001", _("{file} is in the encoding '{encoding}', which cannot be read").format(
        file=shown, encoding=name),
        _("Export the file again as UTF-8, the encoding ReqIF files use."), file=shown, line=1, column=1)


def _grouped(number: int) -> str:
    """500,000 in English; 500 000 as Norwegian writes it."""
    return f"{number:,}" if ui_language() == "en" else f"{number:,}".replace(",", " ")


def _refused(shown: str, exc: Exception) -> Any:
    line = getattr(exc, "line", None) or 0
    return error("X002", _("{file} declares a DTD or entities, which a ReqIF file never needs; it is not "
                           "read").format(file=shown),
                 _("Entities can expand a small file to gigabytes or read other files on this machine. Export the "
                   "file again without a DOCTYPE."), file=shown, line=int(line))


def _reason(exc: ET.ParseError) -> str:
    """expat's message without its own 'line N, column M' (the finding carries the position)."""
    text = str(exc)
    return text.split(":", 1)[0] if ": line" in text else text
