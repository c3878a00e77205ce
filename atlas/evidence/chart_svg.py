"""Which SVG drawing a chart gets, read from the kinds of trace its figure holds.

One entry point for the pages: `chart_svg(chart)` is the chart drawn as inline SVG, or None
when the chart's drawing is withheld (its tables still stand on the page).
"""

from __future__ import annotations

from atlas.evidence.charts import Chart
from atlas.evidence.svg_bars import bars_svg
from atlas.evidence.svg_matrix import matrix_svg
from atlas.evidence.svg_survival import survival_svg


def chart_svg(chart: Chart) -> str | None:
    if chart.withheld:
        return None
    traces = chart.figure["data"]
    if all(trace["type"] == "bar" for trace in traces):
        return bars_svg(chart.slug, chart.figure)
    if any(trace.get("line", {}).get("shape") == "hv" for trace in traces):
        return survival_svg(chart.slug, chart.figure)
    if all(trace.get("marker", {}).get("symbol") in ("square", "square-open") for trace in traces):
        return matrix_svg(chart.slug, chart.figure)
    raise ValueError(f"no SVG drawing for the figure of chart {chart.slug!r}")
