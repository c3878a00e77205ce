"""Kaplan–Meier charts drawn as SVG from their figure: steps, censor marks, band, numbers at risk.

The figure (atlas/evidence/survival_charts.py) holds every curve as the points of a step line,
the censored patients as markers, the 95% limits as a filled pair of step lines and the numbers
at risk as a text trace under the time axis; this draws exactly those, on paper too, where the
number-at-risk row belongs to the chart.
"""

from __future__ import annotations

from typing import Any

from atlas.evidence.svg_frame import (
    LINE_PX,
    MARGIN,
    SMALL_PX,
    Canvas,
    document,
    ink,
    number,
    plain,
    subtitle_of,
    wrap,
)

WIDTH = 420
LEFT = 30  # room for the percentages of the y axis
PLOT_PX = 210
CENSOR_PX = 8


def survival_svg(slug: str, figure: dict[str, Any]) -> str:
    layout = figure["layout"]
    traces = figure["data"]
    curves = [t for t in traces if t.get("mode") == "lines" and t["line"].get("width", 2) > 0]
    band = [t for t in traces if t.get("mode") == "lines" and t["line"].get("width", 2) == 0]
    censors = [
        t for t in traces if t.get("mode") == "markers" and t["marker"].get("symbol") == "line-ns-open"
    ]
    risk = next((t for t in traces if t.get("mode") == "text"), None)
    canvas = Canvas(WIDTH)
    canvas.header(layout["title"]["text"], subtitle_of(figure))
    entries = [(c["line"]["color"], c["name"]) for c in curves]
    fill = next((t for t in band if t.get("fill")), None)
    canvas.legend(entries + ([(fill["fillcolor"], fill["name"])] if fill else []), line=True)
    x_axis = Axis(layout["xaxis"]["range"], LEFT, WIDTH - 6)
    canvas.y += SMALL_PX
    canvas.text(0, canvas.y, plain(layout["yaxis"]["title"]["text"]), size=SMALL_PX, cls="atlas-svg-muted")
    top = canvas.y + 8
    y_axis = Axis([layout["yaxis"]["range"][1], layout["yaxis"]["range"][0]], top, top + PLOT_PX)
    _grid(canvas, x_axis, y_axis, layout["xaxis"]["tickvals"])
    if len(band) == 2:
        canvas.add(_band_path(band, x_axis, y_axis))
    for curve in curves:
        line = _polyline(_steps(curve["x"], curve["y"]), x_axis, y_axis)
        canvas.add(f'<path class="{ink(curve["line"]["color"])} atlas-svg-curve" d="{line}"/>')
    for marks in censors:
        canvas.add(_censor_path(marks, x_axis, y_axis))
    canvas.y = top + PLOT_PX + 4 + SMALL_PX + LINE_PX
    canvas.text(
        WIDTH / 2,
        canvas.y,
        plain(layout["xaxis"]["title"]["text"]),
        size=SMALL_PX,
        anchor="middle",
        cls="atlas-svg-muted",
    )
    if risk is not None:
        _risk_rows(canvas, risk, curves, layout, x_axis)
    title = plain(layout["title"]["text"])
    desc = f"{title}. " + " ".join(_curve_desc(curve, risk, layout["xaxis"]["tickvals"]) for curve in curves)
    return document(slug, WIDTH, canvas.y + MARGIN, title, desc, canvas.parts)


class Axis:
    """A linear map from a data range onto a pixel range."""

    def __init__(self, ends: list[float], start: float, stop: float) -> None:
        self.low, self.high = float(ends[0]), float(ends[1])
        self.start, self.stop = start, stop

    def __call__(self, value: float) -> float:
        return self.start + (float(value) - self.low) / (self.high - self.low) * (self.stop - self.start)


def _steps(xs: list[float], ys: list[float]) -> list[tuple[float, float]]:
    """The corners of a step line (Plotly's `hv`): across at the old value, then down to the new."""
    points: list[tuple[float, float]] = []
    for x, y in zip(xs, ys, strict=True):
        if points:
            points.append((x, points[-1][1]))
        points.append((x, y))
    return points


def _polyline(points: list[tuple[float, float]], x_axis: Axis, y_axis: Axis) -> str:
    """The points as one path; a point that falls where the previous one is drawn is left out (a
    large atlas has thousands of steps on a plot a few hundred pixels wide)."""
    corners = [f"{number(x_axis(x))} {number(y_axis(y))}" for x, y in points]
    kept = [corner for i, corner in enumerate(corners) if i == 0 or corner != corners[i - 1]]
    return "M" + "L".join(kept)


def _band_path(band: list[dict[str, Any]], x_axis: Axis, y_axis: Axis) -> str:
    """The area between the upper and the lower step line, as one closed path."""
    upper, lower = band
    outline = _steps(upper["x"], upper["y"]) + _steps(lower["x"], lower["y"])[::-1]
    colour = lower.get("fillcolor", "")
    return f'<path class="{ink(colour)} atlas-svg-band" d="{_polyline(outline, x_axis, y_axis)}Z"/>'


def _censor_path(marks: dict[str, Any], x_axis: Axis, y_axis: Axis) -> str:
    """A short upright tick at each censoring; ticks drawn at the same place, to half a pixel, are drawn
    once (they would look the same; a large atlas has thousands)."""
    seen: dict[str, None] = {}
    for x, y in zip(marks["x"], marks["y"], strict=True):
        across = round(x_axis(x) * 2) / 2
        seen[f"M{number(across)} {number(y_axis(y) - CENSOR_PX / 2)}v{CENSOR_PX}"] = None
    colour = marks["marker"]["color"]
    count = len(marks["x"])
    return f'<path class="{ink(colour)} atlas-svg-censor" data-count="{count}" d="{"".join(seen)}"/>'


def _grid(canvas: Canvas, x_axis: Axis, y_axis: Axis, tickvals: list[float]) -> None:
    for percent in (0, 25, 50, 75, 100):
        y = y_axis(percent)
        canvas.add(f'<path class="atlas-svg-grid" d="M{LEFT} {number(y)}H{number(x_axis.stop)}"/>')
        canvas.text(LEFT - 4, y + 4, str(percent), size=SMALL_PX, anchor="end", cls="atlas-svg-muted")
    bottom = y_axis(0)
    for tick in tickvals:
        x = x_axis(tick)
        canvas.add(f'<path class="atlas-svg-axis" d="M{number(x)} {number(bottom)}v4"/>')
        canvas.text(
            x, bottom + 4 + SMALL_PX, f"{tick:g}", size=SMALL_PX, anchor="middle", cls="atlas-svg-muted"
        )


def _risk_rows(
    canvas: Canvas, risk: dict[str, Any], curves: list[dict[str, Any]], layout: dict, x_axis: Axis
) -> None:
    """ "Number at risk", then for each group its name and its numbers under the time ticks."""
    label = next((a["text"] for a in layout.get("annotations", ())), "Number at risk")
    canvas.y += LINE_PX + 4
    canvas.text(0, canvas.y, plain(label), cls="atlas-svg-title")
    groups = list(dict.fromkeys(risk["y"]))
    for index, group in enumerate(groups):
        colour = curves[index]["line"]["color"] if index < len(curves) else ""
        canvas.y += 2
        canvas.lines(
            0, wrap(plain(group), WIDTH, SMALL_PX), size=SMALL_PX, cls=f"{ink(colour)} atlas-svg-group"
        )
        canvas.y += LINE_PX
        for x, y, text in zip(risk["x"], risk["y"], risk["text"], strict=True):
            if y == group:
                canvas.text(x_axis(x), canvas.y, plain(text), anchor="middle", cls="atlas-svg-risk")


def _survival_at(curve: dict[str, Any], time: float) -> float:
    value = 100.0
    for x, y in zip(curve["x"], curve["y"], strict=True):
        if x <= time:
            value = y
    return value


def _curve_desc(curve: dict[str, Any], risk: dict[str, Any] | None, times: list[float]) -> str:
    """One curve in words: the estimate at each time of the risk table, with the number at risk."""
    name = plain(curve["name"])
    at_risk = {}
    if risk is not None:
        index = [plain(c) for c in dict.fromkeys(risk["y"])]
        group = next((g for g in index if name.startswith(g)), None)
        at_risk = {
            x: text
            for x, y, text in zip(risk["x"], risk["y"], risk["text"], strict=True)
            if plain(y) == group
        }
    parts = [
        f"{number(_survival_at(curve, t))}% alive at {t:g} months"
        + (f" ({at_risk[t]} at risk)" if t in at_risk else "")
        for t in times
        if t <= max(curve["x"])
    ]
    return f"{name}: " + "; ".join(parts) + "."
