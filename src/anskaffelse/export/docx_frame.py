"""The frame of a Word document on the default template, kept between builds.

A Word document of a tender is a frame python-docx makes (the package, styles,
numbering, page set-up, header and footer) around a body written as text
(`docx_body`, spliced in where the frame holds a marker). Importing python-docx
and making the frame is a fifth of a warm build of a large tender, and the
frame hardly changes between builds: on the default template it depends only
on the document's language, its header (the tender's title and reference) and
what the body asked of the package (a link's relationship, a picture, a list's
numbering). So the frame is kept in the cache (`library.cache`, entries of the
kind "word"), signed like every entry, under a key made from those inputs, the
package's own code and the code of python-docx and lxml.

A build with the frame at hand writes the body against the frame's answers:
each request the body makes of the package must be the one the frame was
made with, in the same order (`ReplayedPackage`); at the first other request
the frame is not used and the document is made afresh, as without a cache. The
document's properties (docProps/core.xml) are written here, not by python-docx,
so that a frame does not depend on the requirement texts (their fingerprint is
among the properties); a buyer's own template keeps its properties, and its
documents are made afresh each time.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from ..epoch import utc
from ..library import cache
from ..xmlescape import escape
from .replay import Replay


class Package(Protocol):
    """What a body asks of the Word package around it (`markdown.WordPackage`, `survey.figures.PicturePackage`)."""

    def link(self, url: str) -> str: ...

    def image(self, png: bytes) -> str: ...

    def bullets(self) -> int: ...

    def numbered(self) -> int: ...


@dataclass(frozen=True)
class FrameInputs:
    """Everything the frame of a document on the default template is made from."""

    language_tag: str
    page_text: str
    """The footer's "Side {page} av {pages}" in the document's language."""
    header_text: str


@dataclass(frozen=True)
class Frame:
    """A frame as python-docx saved it, with the marker where the body goes (see `docx._splice_body`)."""

    package: bytes
    main: str
    """The name of the main document part in the package."""
    styles: dict[str, str]
    """The style IDs the body is written with."""
    requests: tuple[tuple[str, str, str | int], ...]
    """What the body asked of the package while the frame was made: (request, its argument, the answer)."""


class RecordedPackage:
    """A package (`docx._Package`) whose answers to the body are written down for the frame."""

    def __init__(self, package: Any) -> None:
        self._package = package
        self.requests: list[tuple[str, str, str | int]] = []

    def link(self, url: str) -> str:
        return self._recorded("link", url, self._package.link(url))

    def image(self, png: bytes) -> str:
        return self._recorded("image", hashlib.sha256(png).hexdigest(), self._package.image(png))

    def bullets(self) -> int:
        return self._recorded("bullets", "", self._package.bullets())

    def numbered(self) -> int:
        return self._recorded("numbered", "", self._package.numbered())

    def _recorded(self, request: str, argument: str, answer: Any) -> Any:
        self.requests.append((request, argument, answer))
        return answer


class ReplayedPackage(Replay):
    """Answers the body's requests from a frame's record (`Replay.run` tells whether the frame serves)."""

    def link(self, url: str) -> str:
        return str(self.answer("link", url))

    def image(self, png: bytes) -> str:
        return str(self.answer("image", hashlib.sha256(png).hexdigest()))

    def bullets(self) -> int:
        return int(self.answer("bullets", ""))

    def numbered(self) -> int:
        return int(self.answer("numbered", ""))


def frame_key(inputs: FrameInputs, document: tuple[str, str]) -> str | None:
    """The cache key of the frame made from `inputs` for `document` (its subject, its profile); None when the
    code that makes it cannot be read. The frame does not depend on which document it is, but the bodies of
    the specification, the test plan and the other documents of a tender, or of two versions of a profile,
    ask for different things: each keeps a frame of its own rather than replacing the other's at every build."""
    code = _code_digest()
    if code is None:
        return None
    digest = hashlib.sha256(b"anskaffelse-word-frame 1\0" + code)
    digest.update(repr((inputs, document)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.cache
def _code_digest() -> bytes | None:
    """This package's code and the installed python-docx and lxml."""
    from ..library.model_entry import code_digest_with

    return code_digest_with(("docx", "python-docx"), ("lxml", "lxml"))


def read_frame(key: str) -> Frame | None:
    """The frame stored under `key`; None when there is none, or no sound one."""
    entry = cache.read(key, cache.WORD)
    if entry is None:
        return None
    try:
        styles, requests = entry["styles"], entry["requests"]
        if not (isinstance(styles, dict) and all(isinstance(v, str) for v in styles.values())
                and isinstance(entry["main"], str) and isinstance(requests, list)):
            return None
        replies = tuple((str(r), str(a), answer) for r, a, answer in requests
                        if isinstance(answer, str | int) and not isinstance(answer, bool))
        if len(replies) != len(requests):
            return None
        return Frame(base64.b64decode(entry["package"], validate=True), entry["main"], styles, replies)
    except (TypeError, ValueError):
        return None


def write_frame(key: str, frame: Frame) -> None:
    """Keep `frame` under `key` (only what a clean build of the default template made)."""
    cache.write({key: {"package": base64.b64encode(frame.package).decode("ascii"), "main": frame.main,
                       "styles": frame.styles, "requests": [list(r) for r in frame.requests]}}, cache.WORD)


# ---------------------------------------------------------------- document properties

_CORE_START = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


@dataclass(frozen=True)
class CoreProperties:
    """The properties of a document on the default template, as Word shows them under File › Info."""

    title: str
    subject: str
    author: str
    keywords: str
    comments: str
    version: str
    identifier: str
    language: str
    category: str
    epoch: int


def core_xml(props: CoreProperties) -> bytes:
    """docProps/core.xml of a document on the default template: the properties in the order and form
    python-docx writes them into its template's part (tests/test_docx_frame.py compares the two)."""
    stamp = utc(props.epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    dated = f' xsi:type="dcterms:W3CDTF">{stamp}'
    parts = [
        _element("dc:title", props.title), _element("dc:subject", props.subject),
        _element("dc:creator", props.author), _element("cp:keywords", props.keywords),
        _element("dc:description", props.comments), _element("cp:lastModifiedBy", props.author),
        "<cp:revision>1</cp:revision>",
        f"<dcterms:created{dated}</dcterms:created>", f"<dcterms:modified{dated}</dcterms:modified>",
        _element("cp:category", props.category), _element("cp:version", props.version),
        _element("dc:identifier", props.identifier), _element("dc:language", props.language),
        f"<cp:lastPrinted>{stamp}</cp:lastPrinted>",
    ]
    return (_CORE_START + "".join(parts) + "</cp:coreProperties>").encode("utf-8")


def _element(name: str, text: str) -> str:
    return f"<{name}>{escape(text, {chr(13): '&#13;'})}</{name}>"

