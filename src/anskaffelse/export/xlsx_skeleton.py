"""The skeleton of the supplier response workbook, kept between builds.

openpyxl writes everything of the workbook but its requirement rows and their
validations, which are written as text (`xlsx_blocks.RowWriter`) and spliced
in: the instructions, the price form, the answer lists, the sheets' set-up,
the styles and the properties. That skeleton depends on the tender's facts,
the answer lists and the number of requirements, not on the requirements'
texts; importing openpyxl and making it is a tenth of a warm build of a large
tender. So it is made from a copy of the specification that holds only what
it may depend on (`skeleton_spec`: every requirement reduced to its answer
form and whether it is an option) and kept in the cache (`library.cache`,
entries of the kind "excel"), signed like every entry, under a key made from
that copy, the build's date, the texts of the tender's language, the package's
own code and the code of openpyxl and the XML writers it uses.

The rows ask the workbook for the indices of their cell styles as they are
written. A build with the skeleton at hand answers from the skeleton's record of
those requests (`ReplayedStyles`); at the first request the skeleton did not
see (a text beginning with "=" needs a style of its own), or when the rows ask
for fewer, the skeleton is not used and the workbook is made afresh.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..library import cache
from ..resolved import Specification, SpecModule, SpecRequirement
from .replay import Replay


@dataclass(frozen=True)
class Skeleton:
    """A workbook as openpyxl saved it, without its requirement rows, and where those go."""

    package: bytes
    sheets: dict[str, str]
    """The part of each sheet that gets rows: 'answers', 'control' and, in a joint tender, 'matrix'."""
    list_ranges: dict[tuple[str, ...], str]
    """The cells of each answer list, for the validations of the answer column."""
    styles: tuple[tuple[str, bool, int], ...]
    """The cell styles the rows asked for, in order: (named style, quote prefix, index)."""


class RecordedStyles:
    """Cell styles from `source` (an `xlsx_blocks.WorkbookStyles`), each request written down in `requests`."""

    def __init__(self, source: Any, requests: list[tuple[str, bool, int]]) -> None:
        self.source, self.requests = source, requests

    def index(self, name: str, quote: bool) -> int:
        index: int = self.source.index(name, quote)
        self.requests.append((name, quote, index))
        return index


class ReplayedStyles(Replay):
    """Answers the rows' requests for cell styles from a skeleton's record (`Replay.run` tells whether it serves)."""

    def index(self, name: str, quote: bool) -> int:
        return int(self.answer(name, quote))


def skeleton_spec(spec: Specification) -> Specification:
    """What the skeleton is made from: the specification with each requirement reduced to its answer form
    and whether it is an option (one shared object for each such pair), and without the requirement
    fingerprints, standards, user stories, chapters and deviations, which only the rows and other documents use."""
    stubs: dict[tuple[str, tuple[str, ...], bool], SpecRequirement] = {}

    def stub(req: SpecRequirement) -> SpecRequirement:
        key = (req.response_type, req.options, req.option)
        found = stubs.get(key)
        if found is None:
            found = stubs[key] = SpecRequirement(
                id="", module="", title="", text="", obligation="", weight=0, response_type=req.response_type,
                unit="", options=req.options, kind="", areas=(), standards=(), user_stories=(), local=False,
                justification="", fingerprint="", option=req.option)
        return found

    modules = tuple(SpecModule(m.id, m.title, m.description, tuple([stub(r) for r in m.requirements]))
                    for m in spec.modules)
    return dataclasses.replace(spec, modules=modules, fingerprint="", standards=(), user_stories=(), chapters=(),
                               deviations=())


def skeleton_key(frame: Specification, epoch: int) -> str | None:
    """The cache key of the skeleton made from `frame` (see `skeleton_spec`) for a build dated `epoch`;
    None when the code that makes it cannot be read."""
    code = _code_digest()
    if code is None:
        return None
    digest = hashlib.sha256(b"anskaffelse-excel-skeleton 1\0" + code)
    try:
        digest.update((resources.files("anskaffelse.locale") / f"{frame.language}.yaml").read_bytes())
    except OSError:
        return None
    digest.update(f"\0{epoch}\0{dataclasses.replace(frame, modules=())!r}\0".encode("utf-8", "surrogatepass"))
    numbers: dict[int, int] = {}  # the number of each distinct requirement, by the object's identity
    distinct: list[SpecRequirement] = []
    for module in frame.modules:
        digest.update(f"{(module.id, module.title, module.description)!r}\0".encode("utf-8", "surrogatepass"))
        sequence = []
        for req in module.requirements:
            number = numbers.get(id(req))
            if number is None:
                number = numbers[id(req)] = len(distinct)
                distinct.append(req)
            sequence.append(number)
        digest.update(",".join(map(str, sequence)).encode() + b"\0")
    digest.update(repr(distinct).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.cache
def _code_digest() -> bytes | None:
    """This package's code and that of openpyxl and the XML writers it uses."""
    from ..library.model_entry import code_digest_with

    code = code_digest_with(("openpyxl", "openpyxl"), ("et_xmlfile", "et_xmlfile"), ("lxml", "lxml"))
    if code is None:
        return None
    # openpyxl writes with lxml unless this variable says otherwise, and the two write differently.
    return hashlib.sha256(code + f"\0OPENPYXL_LXML={os.environ.get('OPENPYXL_LXML')}".encode()).digest()


def read_skeleton(key: str) -> Skeleton | None:
    """The skeleton stored under `key`; None when there is none, or no sound one."""
    entry = cache.read(key, cache.EXCEL)
    if entry is None:
        return None
    try:
        sheets, ranges, styles = entry["sheets"], entry["list_ranges"], entry["styles"]
        if not (isinstance(sheets, dict) and all(isinstance(v, str) for v in sheets.values())
                and isinstance(ranges, list) and isinstance(styles, list)):
            return None
        list_ranges = {tuple(str(v) for v in values): str(cells) for values, cells in ranges
                       if isinstance(values, list) and isinstance(cells, str)}
        requests = tuple((name, quote, index) for name, quote, index in styles
                         if isinstance(name, str) and isinstance(quote, bool) and type(index) is int)
        if len(list_ranges) != len(ranges) or len(requests) != len(styles):
            return None
        return Skeleton(base64.b64decode(entry["package"], validate=True), sheets, list_ranges, requests)
    except (TypeError, ValueError):
        return None


def write_skeleton(key: str, skeleton: Skeleton) -> None:
    """Keep `skeleton` under `key`."""
    cache.write({key: {"package": base64.b64encode(skeleton.package).decode("ascii"), "sheets": skeleton.sheets,
                       "list_ranges": [[list(values), cells] for values, cells in skeleton.list_ranges.items()],
                       "styles": [list(r) for r in skeleton.styles]}}, cache.EXCEL)
