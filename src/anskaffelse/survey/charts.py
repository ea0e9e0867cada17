"""Charts for the Word reports as PNG pictures, the same bytes for the same numbers.

matplotlib draws them without pyplot (no global state, no display), with the
Agg renderer, a fixed size and DPI, the DejaVu Sans font that matplotlib ships
(so no system font can change the picture), a fixed hash salt, and no
metadata in the PNG (matplotlib writes its version as "Software" otherwise).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

DPI = 150
_STYLE: Any = {"font.family": "DejaVu Sans", "font.size": 8, "svg.hashsalt": "anskaffelse", "path.simplify": True}
GREEN, YELLOW, RED, GREY = "#2E7D32", "#F9A825", "#C62828", "#BDBDBD"


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _png(figure: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def heatmap(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]],
            title: str) -> bytes:
    """Coverage in per cent, one row per module and one column per product; None is drawn grey."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        height = 1.2 + 0.28 * max(len(rows), 1)
        width = 3.2 + 0.9 * max(len(columns), 1)
        figure = Figure(figsize=(min(width, 9.0), min(height, 11.0)))
        axes = figure.add_subplot()
        grid = [[math.nan if v is None else v for v in row] for row in values] or [[math.nan]]
        cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad=GREY)
        axes.imshow(grid, cmap=cmap, vmin=0, vmax=100, aspect="auto")
        axes.set_xticks(range(len(columns)), [_short(c, 18) for c in columns], rotation=30, ha="right")
        axes.set_yticks(range(len(rows)), [_short(r) for r in rows])
        for y, row in enumerate(values):
            for x, value in enumerate(row):
                if value is not None:
                    axes.text(x, y, f"{value:.0f}", ha="center", va="center", fontsize=7)
        axes.set_title(title)
        figure.tight_layout()
        return _png(figure)


def ranked_bars(labels: Sequence[str], first: Sequence[float], second: Sequence[float],
                names: tuple[str, str], title: str) -> bytes:
    """Two bars per label (e.g. Må share and coverage), the first label on top."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        count = max(len(labels), 1)
        figure = Figure(figsize=(7.0, 1.2 + 0.32 * count))
        axes = figure.add_subplot()
        positions = range(len(labels))
        axes.barh([p - 0.2 for p in positions], first, height=0.4, color=RED, label=names[0])
        axes.barh([p + 0.2 for p in positions], second, height=0.4, color=GREEN, label=names[1])
        axes.set_yticks(list(positions), [_short(label, 46) for label in labels])
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.legend(loc="lower right")
        axes.set_title(title)
        figure.tight_layout()
        return _png(figure)


def stacked_bars(labels: Sequence[str], parts: Sequence[Sequence[float]], names: Sequence[str],
                 title: str) -> bytes:
    """One bar per label split into parts (per cent), the first label on top."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.0, 1.2 + 0.3 * max(len(labels), 1)))
        axes = figure.add_subplot()
        left = [0.0] * len(labels)
        for index, (name, colour) in enumerate(zip(names, (GREEN, YELLOW, RED), strict=False)):
            widths = [p[index] for p in parts]
            axes.barh(range(len(labels)), widths, left=left, color=colour, label=name)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(range(len(labels)), [_short(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.legend(loc="lower right")
        axes.set_title(title)
        figure.tight_layout()
        return _png(figure)
