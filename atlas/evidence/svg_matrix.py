"""The reporting-completeness matrix drawn as SVG from its figure: fields down, cases across.

The figure (atlas/evidence/completeness_charts.py) holds one trace of square markers per state
(reported, inferred by the curators as an open square, not reported) at (case, field) positions,
named by the axes' tick labels. Each field is a row of squares with its label beside it; the case
ids stand upright above their columns, a column wide enough for one line of text, so they never
overlap. A matrix wider than a phone's
screen keeps its size in a box that scrolls sideways (the figure's table follows it).
"""

from __future__ import annotations

from typing import Any

from atlas.evidence.svg_frame import (
    MARGIN,
    OUTLINE,
    SMALL_PX,
    Canvas,
    document,
    esc,
    ink,
    number,
    plain,
    subtitle_of,
    text_width,
)

CELL = 14  # a column and a row: a square and the gap after it
SQUARE = 11
LABEL_GAP = 6
MIN_WIDTH = 420


def matrix_svg(slug: str, figure: dict[str, Any]) -> str:
    layout = figure["layout"]
    cases = [plain(text) for text in layout["xaxis"]["ticktext"]]
    fields = [plain(text) for text in layout["yaxis"]["ticktext"]]
    label_width = max((text_width(label, SMALL_PX) for label in fields), default=0) + LABEL_GAP
    width = max(MIN_WIDTH, label_width + CELL * len(cases) + MARGIN)
    canvas = Canvas(width)
    canvas.header(layout["title"]["text"], subtitle_of(figure))
    hollow = [trace["name"] for trace in figure["data"] if _is_open(trace)]
    canvas.legend([(trace["marker"]["color"], trace["name"]) for trace in figure["data"]], hollow=hollow)
    id_height = max((text_width(case, SMALL_PX) for case in cases), default=0)
    top = canvas.y + id_height + 4
    for index, case in enumerate(cases):
        x = label_width + index * CELL + SQUARE - 2
        canvas.text(
            x, top - 4, case, size=SMALL_PX, extra=f' transform="rotate(-90 {number(x)} {number(top - 4)})"'
        )
    for row, label in enumerate(fields):
        y = top + row * CELL
        canvas.text(label_width - LABEL_GAP, y + SQUARE - 1, label, size=SMALL_PX, anchor="end")
    for trace in figure["data"]:
        canvas.add(_squares(trace, label_width, top))
    canvas.y = top + len(fields) * CELL
    title = plain(layout["title"]["text"])
    desc = f"{title}. " + "; ".join(fields) + "."
    return document(slug, width, canvas.y + MARGIN, title, desc, canvas.parts)


def _is_open(trace: dict[str, Any]) -> bool:
    return trace["marker"].get("symbol") == "square-open"


def _squares(trace: dict[str, Any], left: float, top: float) -> str:
    """One path of squares for a state: a square at each (case, field) position of the trace; an open
    square (a value the curators inferred) is its outline, drawn inside the same cell."""
    hollow = _is_open(trace)
    side, inset = (SQUARE - 2, 1) if hollow else (SQUARE, 0)
    cells = "".join(
        f"M{number(left + column * CELL + inset)} {number(top + row * CELL + inset)}h{side}v{side}h-{side}z"
        for column, row in zip(trace["x"], trace["y"], strict=True)
    )
    colour, name = ink(trace["marker"]["color"]), esc(plain(trace["name"]))
    paint = OUTLINE if hollow else 'fill="currentColor"'
    return f'<path class="{colour}" {paint} data-state="{name}" d="{cells}"/>'
