"""Bar charts drawn as SVG from their figure: one bar per category, or bars stacked by state.

Every bar is drawn horizontally with its label above it, whatever the figure's orientation: a
label then has the whole width of a phone's screen, and the count beside each bar ("7 (64%)",
"2 of 3", the grey "not reported" bar's count) is the figure's own text.
"""

from __future__ import annotations

import math
from typing import Any

from atlas.evidence.svg_frame import (
    LINE_PX,
    MARGIN,
    SMALL_PX,
    Canvas,
    document,
    esc,
    ink,
    number,
    plain,
    subtitle_of,
    wrap,
)

WIDTH = 420
BAR_PX = 14
ROW_GAP = 8


def bars_svg(slug: str, figure: dict[str, Any]) -> str:
    """A figure of bar traces: one trace of bars, or several stacked (`barmode: stack`)."""
    traces = figure["data"]
    canvas = Canvas(WIDTH)
    canvas.header(figure["layout"]["title"]["text"], subtitle_of(figure))
    if len(traces) == 1:
        rows = _single_rows(traces[0])
        limit = _axis_limit(
            figure, traces[0], max((value for _, segments, _ in rows for value, _ in segments))
        )
        desc = "; ".join(f"{label}: {text}" for label, _, text in rows)
    else:
        canvas.legend([(trace["marker"]["color"], trace["name"]) for trace in traces])
        rows = _stacked_rows(figure, traces)
        limit = _axis_limit(figure, traces[0], max(sum(v for v, _ in segments) for _, segments, _ in rows))
        desc = "; ".join(
            f"{label}: "
            + ", ".join(
                f"{value} {trace['name']}" for (value, _), trace in zip(segments, traces, strict=True)
            )
            for label, segments, _ in rows
        )
    scale = (WIDTH - 2) / limit
    for label, segments, text in rows:
        _bar_row(canvas, label, segments, text, scale)
    _count_axis(canvas, figure, limit, scale)
    title = plain(figure["layout"]["title"]["text"])
    return document(slug, WIDTH, canvas.y + MARGIN, title, f"{title}. {desc}.", canvas.parts)


Row = tuple[str, list[tuple[float, str]], str]  # label, (value, colour) segments, text after the bar


def _single_rows(trace: dict[str, Any]) -> list[Row]:
    horizontal = trace.get("orientation") == "h"
    labels = trace["y"] if horizontal else trace["x"]
    values = trace["x"] if horizontal else trace["y"]
    colours = trace["marker"]["color"]
    colours = colours if isinstance(colours, list) else [colours] * len(values)
    texts = trace.get("text") or [str(value) for value in values]
    return [
        (plain(label), [(value, colour)], plain(text))
        for label, value, colour, text in zip(labels, values, colours, texts, strict=True)
    ]


def _stacked_rows(figure: dict[str, Any], traces: list[dict[str, Any]]) -> list[Row]:
    """Stacked traces at numeric positions, named by the category axis's tick labels."""
    axis = figure["layout"]["yaxis"]
    names = dict(zip(axis["tickvals"], axis["ticktext"], strict=True))
    positions = traces[0]["y"]
    return [
        (
            plain(names[position]),
            [(trace["x"][index], trace["marker"]["color"]) for trace in traces],
            "",
        )
        for index, position in enumerate(positions)
    ]


def _axis_limit(figure: dict[str, Any], trace: dict[str, Any], largest: float) -> float:
    """The end of the count axis: the figure's own range where it sets one."""
    layout = figure["layout"]
    axis = layout["xaxis"] if trace.get("orientation") == "h" else layout["yaxis"]
    ends = axis.get("range")
    return max(float(ends[1]) if ends else 0.0, float(largest), 1.0)


def _bar_row(canvas: Canvas, label: str, segments: list[tuple[float, str]], text: str, scale: float) -> None:
    canvas.lines(0, wrap(label, WIDTH))
    top = canvas.y + 4
    x = 0.0
    for value, colour in segments:
        width = value * scale
        if width > 0:
            canvas.add(
                f'<rect class="{ink(colour)}" x="{number(x)}" y="{number(top)}" width="{number(width)}" '
                f'height="{BAR_PX}" fill="currentColor" data-value="{esc(value)}"/>'
            )
        x += width
    canvas.add(f'<path class="atlas-svg-axis" d="M0 {number(top - 2)}v{BAR_PX + 4}"/>')
    if text:
        canvas.text(x + 5, top + BAR_PX - 3, text, cls="atlas-svg-value")
    canvas.y = top + BAR_PX + ROW_GAP


def _count_axis(canvas: Canvas, figure: dict[str, Any], limit: float, scale: float) -> None:
    """Ticks under the bars and the axis title (what is counted)."""
    layout = figure["layout"]
    axis = next(
        (layout[name] for name in ("xaxis", "yaxis") if layout.get(name, {}).get("title")),
        {},
    )
    step = axis.get("dtick") or _nice_step(limit)
    top = canvas.y
    canvas.add(f'<path class="atlas-svg-axis" d="M0 {number(top)}h{number(limit * scale)}"/>')
    value = 0.0
    while value <= limit + 1e-9:
        x = value * scale
        canvas.add(f'<path class="atlas-svg-axis" d="M{number(x)} {number(top)}v4"/>')
        anchor = "start" if value == 0 else "end" if x > WIDTH - 10 else "middle"
        canvas.text(x, top + 4 + SMALL_PX, f"{value:g}", size=SMALL_PX, anchor=anchor, cls="atlas-svg-muted")
        value += step
    canvas.y = top + 4 + SMALL_PX
    title = axis.get("title", {}).get("text")
    if title:
        canvas.y += LINE_PX
        canvas.text(WIDTH / 2, canvas.y, plain(title), size=SMALL_PX, anchor="middle", cls="atlas-svg-muted")


def _nice_step(limit: float) -> float:
    """A tick step of 1, 2 or 5 times a power of ten giving about five ticks."""
    raw = limit / 5
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(power * factor for factor in (1, 2, 5, 10) if power * factor >= raw)
