"""Charts placed in a Word report: size from the PNG itself, scaled to the text width."""

from __future__ import annotations

import struct
from typing import Protocol

from ..export import wordml as w
from .charts import DPI

EMU_PER_INCH = 914400
TEXT_WIDTH_EMU = 9638 * 635
"""The text width of the report's page (9638 twips), in EMU."""
MAX_HEIGHT_EMU = 8 * EMU_PER_INCH
"""A picture taller than the page body is not shown at all by LibreOffice; keep room for the caption."""


class PicturePackage(Protocol):
    def image(self, png: bytes) -> str: ...


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the IHDR chunk that every PNG starts with."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class Figures:
    """Numbers the pictures of one document and adds each as an image part."""

    def __init__(self, package: PicturePackage) -> None:
        self.package = package
        self.count = 0

    def add(self, png: bytes, caption: str) -> str:
        self.count += 1
        width, height = png_size(png)
        cx = width * EMU_PER_INCH // DPI
        cy = height * EMU_PER_INCH // DPI
        if cx > TEXT_WIDTH_EMU:
            cy = cy * TEXT_WIDTH_EMU // cx
            cx = TEXT_WIDTH_EMU
        if cy > MAX_HEIGHT_EMU:
            cx = cx * MAX_HEIGHT_EMU // cy
            cy = MAX_HEIGHT_EMU
        picture = w.picture(self.package.image(png), cx, cy, 1000 + self.count, caption)
        return picture + w.paragraph(w.run(caption, size=18), align="center")
