"""Bar charts drawn on the server as SVG: no script, readable without one, printable.

Each chart is a list of (label, value) bars; the page shows it beside a table with the same
figures and a CSV download, so that a screen reader or a spreadsheet gets them as well.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR = 22
GAP = 6
LABEL_WIDTH = 260
WIDTH = 720


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_x: float


def bars(rows: list[tuple[str, int]]) -> tuple[list[Bar], int]:
    """Geometry of the bars (the longest fills the chart) and the chart's height."""
    largest = max((v for _, v in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 80
    out = []
    for i, (label, value) in enumerate(rows):
        width = max(1.0, span * value / largest) if value else 0.0
        out.append(Bar(label, value, i * (BAR + GAP), round(width, 1),
                       round(LABEL_WIDTH + width + 6, 1)))  # fmt: skip
    return out, max(1, len(rows)) * (BAR + GAP)
