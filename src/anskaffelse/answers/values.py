"""A cell's stored text made a plain value, as a spreadsheet program shows it (values only, never a formula).

The worksheet scan (`cells`) hands over, per cell, its type attribute, its
style and the text of its `<v>` (or of its inline string); this module turns
that into a value the way openpyxl's reader does in values-only mode:

- `n` (the default): a number; a number in a date or time format becomes a date
  or time (which format is a date comes from `xl/styles.xml`);
- `s`: the shared text of that index (`read_shared_texts`, read once per file);
- `b`: True or False; `d`: an ISO 8601 date; `str`, `e` (an error such as
  `#N/A`) and any other type: the text as stored;
- an inline string: its text, runs joined, phonetic guides left out.

A stored text that cannot be what its type says (a number `NaN`, a shared text
that does not exist) raises `ValueError` or `IndexError`: the workbook is damaged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from .xmlstream import stream_part, xml_parser

Value = str | int | float | bool | None

@dataclass(frozen=True)
class Formats:
    """Which cell styles show a number as a date or a duration, and the workbook's calendar."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    epoch: dt.datetime | None = None
    """None for the 1900 calendar; 1 January 1904 for a workbook saved with the 1904 calendar."""


PLAIN = Formats()


@dataclass
class CellText:
    """What one `<c>` element holds, gathered while it is read."""

    kind: str = "n"
    style: str | None = None
    value: list[str] | None = None
    """The text of the first `<v>`, None when there is none."""
    inline: list[str] | None = None
    """The text of `<is>`, None when there is none."""
    reading: bool = False
    """Inside the first `<is>`, whose texts are the value."""
    inside: list[str] = field(default_factory=list)
    """The elements open inside the cell, innermost last."""


def cell_value(kind: str, style: str | None, stored: str | None, inline: str | None, shared: Sequence[str],
               formats: Formats) -> Value:
    """The value of a cell of type `kind` (its `t`), with the text of its first `<v>` (`stored`) and of its
    inline string (`inline`), each None when the cell has none."""
    if kind == "inlineStr":
        return inline
    if not stored:
        return None
    if kind == "n":
        number = _number(stored)
        if formats.dates and style and int(style) in formats.dates:
            return _date(number, int(style) in formats.durations, formats)
        return plain(number)
    if kind == "s":
        index = int(stored)
        if index < 0:
            raise IndexError("a shared text before the first")
        return shared[index]
    if kind == "b":
        return bool(int(stored))
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return str(from_ISO8601(stored))
    return stored


def _format_id(written: str) -> int | None:
    """A number format's id as a style sheet writes it; None for anything else, such as thousands of digits,
    which Python would refuse to turn into a number (no format has such an id)."""
    return int(written) if written.isascii() and written.isdigit() and len(written) <= 9 else None


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def plain(value: int | float) -> Value:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # a crafted file can store NaN or infinity, which no spreadsheet can show
    return value


# ---------------------------------------------------------------- dates, as openpyxl reads them

# Reading the dates here spares every workbook from outside the import of openpyxl (a fifth of a second
# on a command that only refuses a file); the rules are openpyxl's (`openpyxl.styles.numbers`,
# `openpyxl.utils.datetime`), and a test holds them to it.
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)
BUILTIN_DATE_FORMATS = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                        19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss",
                        46: "[h]:mm:ss", 47: "mmss.0"}
"""The built-in number formats (below 164) that show a date or a time; the others show numbers or text."""
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


def is_date_format(code: str) -> bool:
    """A number format that shows a date or a time: a date letter in its first section, outside quotes and
    brackets (but for elapsed hours, minutes and seconds)."""
    return _DATE_LETTER.search(_LITERAL_OR_LOCALE.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str) -> bool:
    return _DURATION.search(code.split(";")[0]) is not None


def _date(number: int | float, duration: bool, formats: Formats) -> Value:
    try:
        return str(from_excel(number, formats.epoch or WINDOWS_EPOCH, duration))
    except (OverflowError, ValueError):
        return "#VALUE!"  # a serial number outside the calendar: what openpyxl makes of it


def from_excel(value: int | float, epoch: dt.datetime, duration: bool = False) -> dt.datetime | dt.time | dt.timedelta:
    """A spreadsheet's serial number as a date, a time of day (below 1) or a duration."""
    if duration:
        elapsed = dt.timedelta(days=value)
        if elapsed.microseconds:
            elapsed = dt.timedelta(seconds=elapsed.total_seconds() // 1, microseconds=round(elapsed.microseconds, -3))
        return elapsed
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel counts 29 February 1900, which never was
    return epoch + dt.timedelta(days=day) + diff


# ---------------------------------------------------------------- the parts cells refer to


def read_formats(archive: zipfile.ZipFile, styles: str | None, date1904: bool) -> Formats:
    """The styles whose number format shows a date or a duration, from the workbook's styles part."""
    custom: dict[int, str] = {}
    cell_formats: list[int] = []
    inside = [0]  # > 0 while inside <cellXfs>

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "cellXfs":
            inside[0] += 1
        elif tag == "numFmt" and _format_id(attrs.get("numFmtId", "")) is not None:
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "xf" and inside[0]:
            cell_formats.append(_format_id(attrs.get("numFmtId", "0")) or 0)

    def end(tag: str) -> None:
        if tag.rpartition(" ")[2] == "cellXfs":
            inside[0] -= 1

    if styles is not None and styles in archive.NameToInfo:
        parser = xml_parser(start)
        parser.EndElementHandler = end
        stream_part(archive, archive.getinfo(styles), parser)
    dates, durations = set(), set()
    for index, number in enumerate(cell_formats):
        code = custom.get(number) or BUILTIN_DATE_FORMATS.get(number)
        if code and is_date_format(code):
            dates.add(index)
        if code and is_duration_format(code):
            durations.add(index)
    return Formats(frozenset(dates), frozenset(durations), MAC_EPOCH if date1904 else None)
