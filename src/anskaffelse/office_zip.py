"""The zip rules for every Office file that comes from outside: templates and answered workbooks.

A .docx or .xlsx is a zip archive, and a zip archive can declare far more
than it holds (a zip bomb), or hold a million entries whose directory alone
costs seconds and memory. So, before anything is unpacked:

1. the number of directory records is counted in the raw bytes (each starts
   with the same signature), before `zipfile` reads the directory;
2. the directory is checked: the number of parts, each part's and the total
   declared unpacked size, and how tightly each part is packed.

Parts are then read with `read_part`, which stops at the declared size, so a
part that unpacks to more than it declares is refused too. The callers turn a
`ZipRefused` into a finding of their own (P018 for a template, A001 for a workbook).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .locale.messages import _, number

_DIRECTORY_RECORD = b"PK\x01\x02"


@dataclass(frozen=True)
class ZipLimits:
    max_parts: int
    max_part_bytes: int
    max_total_bytes: int
    max_ratio: int = 100
    ratio_from_bytes: int = 1_000_000
    """XML packs about 5–20 to 1 and pictures hardly at all: a part above 1 MB packed tighter than
    100 to 1 is a zip bomb (a gigabyte of blanks packs 1,000 to 1)."""


class ZipRefused(Exception):
    """The archive breaks a rule; `problem` completes the sentence "<the file> ...", in the user's language."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def open_archive(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    """The archive in `data` once its directory passes `limits`; `ZipRefused`, or `zipfile.BadZipFile`
    when it is no zip archive at all."""
    if data.count(_DIRECTORY_RECORD) > limits.max_parts:
        raise ZipRefused(_("has more than {limit} parts").format(limit=limits.max_parts))
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        check_directory(archive, limits)
    except ZipRefused:
        archive.close()
        raise
    return archive


def check_directory(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """Refuse a zip bomb by the sizes its directory declares, before anything is unpacked."""
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise ZipRefused(_("has {count} parts, more than {limit}").format(count=len(infos), limit=limits.max_parts))
    total = 0
    for info in infos:
        name, size = printable_name(info.filename), info.file_size
        if size > limits.max_part_bytes:
            raise ZipRefused(_("has a part {name} that unpacks to {size}, more than the limit of {limit} per "
                               "part").format(name=name, size=megabytes(size),
                                              limit=megabytes(limits.max_part_bytes)))
        if size > limits.ratio_from_bytes and size > limits.max_ratio * max(info.compress_size, 1):
            raise ZipRefused(_("has a part {name} packed more than {ratio} to 1 ({size} from {packed}), as zip "
                               "bombs are").format(name=name, ratio=limits.max_ratio, size=megabytes(size),
                                                   packed=megabytes(info.compress_size)))
        total += size
    if total > limits.max_total_bytes:
        raise ZipRefused(_("unpacks to {size}, more than the limit of {limit}").format(
            size=megabytes(total), limit=megabytes(limits.max_total_bytes)))


def read_part(archive: zipfile.ZipFile, name: str, limits: ZipLimits) -> bytes:
    """A part, unpacked no further than its declared size (already within the limits)."""
    info = archive.getinfo(name)
    limit = min(info.file_size, limits.max_part_bytes)
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ZipRefused(_("is damaged: part {name} unpacks to more than it declares").format(
            name=printable_name(name)))
    return data


def printable_name(text: str, limit: int = 100) -> str:
    """A name from the file, safe to print: no control characters, not too long."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def megabytes(size: int) -> str:
    """'1.5 GB', '12 MB', '500 bytes' (in Norwegian '1,5 GB', '500 byte')."""
    if size >= 1_000_000_000:
        return _("{count} GB").format(count=number(size / 1e9, 1))
    if size >= 1_000_000:
        return _("{count} MB").format(count=f"{size / 1e6:.0f}")
    return _("{count} bytes").format(count=size)
