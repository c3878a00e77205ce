"""The atlas view of reporting completeness by appraisal item: one stacked bar per item, and its tables.

A view of atlas.evidence.reporting, built like every chart (atlas.evidence.charts): the figure,
the counts table and the case-by-item table come from the same records, so the page, the CSV
files, the case pages and the case browser show the same state for a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from atlas.evidence.charts import (
    BLUE,
    MATRIX_EMPTY_LIGHT,
    ORANGE,
    Chart,
    Table,
    figure_layout,
    percent,
    plotly_text,
)
from atlas.evidence.completeness_charts import MATRIX_DETAIL_LIMIT
from atlas.evidence.reporting import ABSENT, PARTLY, REPORTED, RecordCompleteness, completeness_by_item

COLOURS = {REPORTED: BLUE, PARTLY: ORANGE, ABSENT: MATRIX_EMPTY_LIGHT}
NOTE = (
    "This describes the atlas's record of each case, arranged by the items of the JBI checklist for "
    "case reports that a record can answer; it is not an appraisal of the articles. A patient known "
    "from one row of a review's table holds little here however careful the original report was."
)


def item_label(record_item: Any) -> str:
    item = record_item.item
    return f"{item.id} {item.name}"


def item_completeness_chart(slug: str, title: str, records: Sequence[RecordCompleteness]) -> Chart:
    tallies = completeness_by_item(records)
    n_cases = len(records)
    fully = sum(t.counts[REPORTED] for t in tallies)
    scope = f"n = {n_cases} case{'' if n_cases == 1 else 's'}, {len(tallies)} items each"
    if n_cases:
        scope += f"; {fully} of {len(tallies) * n_cases} items fully in the record"
    labels = [item_label(t.reading) for t in tallies]
    counts = Table(
        slug,
        f"{title}: cases per state of each item.",
        ("item", REPORTED, PARTLY, ABSENT, "percent reported"),
        tuple(
            (
                label,
                t.counts[REPORTED],
                t.counts[PARTLY],
                t.counts[ABSENT],
                percent(t.counts[REPORTED], n_cases),
            )
            for label, t in zip(labels, tallies, strict=True)
        ),
    )
    by_case = Table(
        f"{slug}-cases",
        f"{title}, case by case: the state of each item, and the items fully reported.",
        ("case", *(t.reading.item.id for t in tallies), "items reported"),
        tuple((r.case_id, *(item.state for item in r.items), r.summary) for r in records),
        collapsed=True,
        on_page=n_cases <= MATRIX_DETAIL_LIMIT,
    )
    figure = _figure(title, scope, labels, tallies, n_cases)
    notes = (
        NOTE,
        "Reported: the record holds every element the Methods page lists for the item; partly reported: "
        "some of them; not in the record: none.",
    )
    return Chart(slug, title, scope, figure, (counts, by_case), notes)


def _figure(title: str, scope: str, labels: list[str], tallies: list[Any], n_cases: int) -> dict[str, Any]:
    ticks = [plotly_text(label) for label in labels]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "x": [t.counts[state] for t in tallies],
            "y": list(range(len(tallies))),
            "name": state,
            "marker": {"color": colour},
            "text": ticks,
            "textposition": "none",
            "hovertemplate": "%{text}: %{x} " + state + "<extra></extra>",
        }
        for state, colour in COLOURS.items()
    ]
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True}
    layout = figure_layout(
        title,
        scope,
        20 + 30 * len(tallies),
        legend=True,
        barmode="stack",
        bargap=0.2,
        xaxis={**axis, "title": {"text": "cases"}, "range": [0, max(n_cases, 1)]},
        yaxis={
            **axis,
            "tickmode": "array",
            "tickvals": list(range(len(tallies))),
            "ticktext": ticks,
            "range": [len(tallies) - 0.5, -0.5],
        },
    )
    layout["legend"]["traceorder"] = "normal"  # reported first, as the bars read left to right
    return {"data": traces, "layout": layout}
