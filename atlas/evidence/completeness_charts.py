"""The reporting-completeness matrix: fields down, cases across, a filled square where reported.

A value the curators inferred rather than read is held too, but it is not the source's report: it
has its own open square, count and cell (recount L-6), so no one counts it as reported unmarked.

Drawn with scatter markers (the self-hosted plotly.js bundle has no heat map) and always with its
table of the same cells; above `MATRIX_DETAIL_LIMIT` cases only what scales with the fields stays.
"""

from __future__ import annotations

from typing import Any

from atlas.evidence.charts import (
    BLUE,
    MATRIX_EMPTY_LIGHT,
    NOT_REPORTED,
    VERMILLION,
    Chart,
    Table,
    figure_layout,
    percent,
    plotly_text,
    table_percent,
)
from atlas.evidence.stats import Completeness

MATRIX_DETAIL_LIMIT = 200  # cases; above it the matrix page keeps only what scales with the fields


def completeness_chart(slug: str, title: str, matrix: Completeness) -> Chart:
    """Fields down, cases across: a filled square where the case reported the field."""
    n_fields, n_cases = len(matrix.fields), len(matrix.case_ids)
    cells = n_fields * n_cases
    filled = sum(map(sum, matrix.reported))
    inferred = sum(map(sum, matrix.inferred))
    share = percent(filled, cells)
    scope = f"{n_fields} fields × {n_cases} case{'' if n_cases == 1 else 's'}"
    scope += f"; {filled} of {cells} values reported ({share}%)" if cells else ""
    scope += f", {inferred} of them inferred" if inferred else ""
    figure = _matrix_figure(title, scope, matrix)
    counts = Table(
        slug,
        f"{title}: how many cases report each field of the case format.",
        (
            "section",
            "field",
            "cases reporting",
            "cases not reporting",
            "percent reporting",
            "of them inferred",
        ),
        tuple(
            (
                f.section,
                f.label,
                matrix.reported_count(i),
                matrix.not_reported_count(i),
                table_percent(matrix.reported_count(i), n_cases),
                matrix.inferred_count(i),
            )
            for i, f in enumerate(matrix.fields)
        ),
    )
    full = Table(
        f"{slug}-matrix",
        f"{title}: 1 where the case reports the field, {INFERRED_CELL} where the curators inferred it, "
        "0 where neither.",
        ("field", *matrix.case_ids),
        # Fields by the names the case pages show them under, never their dotted paths.
        tuple((f"{f.section} · {f.label}", *_matrix_cells(matrix, i)) for i, f in enumerate(matrix.fields)),
        collapsed=True,
        on_page=n_cases <= MATRIX_DETAIL_LIMIT,
    )
    notes = [
        "Each row is a field of the case format; each column is a case. A grey square is a value the "
        "source did not report: the evidence gaps a new report could fill."
    ]
    if inferred:
        notes.append(
            "An open square is a value the curators deduced rather than read in the source (“inferred”): "
            "the case holds it, but its source does not state it."
        )
    if n_cases > MATRIX_DETAIL_LIMIT:
        notes.append(
            f"With more than {MATRIX_DETAIL_LIMIT} cases the chart shows, for each field, how many cases "
            "report it (a square per case would be too many to draw), and the full matrix is offered "
            "as CSV only, to keep the page light."
        )
    return Chart(slug, title, scope, figure, (counts, full), tuple(notes))


INFERRED_CELL = "inferred"


def _matrix_cells(matrix: Completeness, index: int) -> tuple[int | str, ...]:
    inferred = matrix.inferred[index] if matrix.inferred else (False,) * len(matrix.case_ids)
    return tuple(
        INFERRED_CELL if deduced else int(held)
        for held, deduced in zip(matrix.reported[index], inferred, strict=True)
    )


# The three states of a cell: (name in the legend and hover, colour, marker symbol).
STATED = ("reported", BLUE, "square")
DEDUCED = ("inferred by the curators", BLUE, "square-open")
ABSENT = (NOT_REPORTED, MATRIX_EMPTY_LIGHT, "square")


def _cell_state(matrix: Completeness, i: int, j: int) -> tuple[str, str, str]:
    if not matrix.reported[i][j]:
        return ABSENT
    return DEDUCED if matrix.inferred and matrix.inferred[i][j] else STATED


def _matrix_figure(title: str, scope: str, matrix: Completeness) -> dict[str, Any]:
    """Numeric positions with tick labels, so two fields with the same label could never merge."""
    n_fields, n_cases = len(matrix.fields), len(matrix.case_ids)
    if n_cases > MATRIX_DETAIL_LIMIT:
        return _field_totals_figure(title, scope, matrix)
    labels = [
        plotly_text(f"{f.section} · {f.label} ({matrix.reported_count(i)}/{n_cases})")
        for i, f in enumerate(matrix.fields)
    ]
    square = max(4, min(14, 640 // max(n_cases, 1)))
    traces = []
    for state in (STATED, DEDUCED, ABSENT):
        name, colour, symbol = state
        cells = [
            (j, i)
            for i, row in enumerate(matrix.reported)
            for j in range(len(row))
            if _cell_state(matrix, i, j) == state
        ]
        if state is DEDUCED and not cells:
            continue
        trace = {
            "type": "scatter",
            "mode": "markers",
            "x": [j for j, _ in cells],
            "y": [i for _, i in cells],
            "name": name,
            "marker": {"symbol": symbol, "size": square, "color": colour},
            "hoverinfo": "skip",
        }
        if state is DEDUCED:
            trace["marker"]["line"] = {"width": 2, "color": colour}
        if n_cases <= MATRIX_DETAIL_LIMIT:  # hover labels repeat text per square: only while cases are few
            del trace["hoverinfo"]
            trace["customdata"] = [[matrix.case_ids[j], labels[i]] for j, i in cells]
            trace["hovertemplate"] = "%{customdata[0]}<br>%{customdata[1]}: " + name + "<extra></extra>"
        traces.append(trace)
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True}
    longest_id = max((len(case_id) for case_id in matrix.case_ids), default=0)
    layout = figure_layout(
        title,
        scope,
        20 + (square + 4) * n_fields,
        bottom=int(15 + 6.5 * longest_id),
        legend=True,
        xaxis={
            **axis,
            "tickmode": "array",
            "tickvals": list(range(n_cases)),
            "ticktext": list(matrix.case_ids),
            "tickangle": -90,
            "range": [-0.7, max(n_cases, 1) - 0.3],
        },
        yaxis={
            **axis,
            "tickmode": "array",
            "tickvals": list(range(n_fields)),
            "ticktext": labels,
            "range": [n_fields - 0.5, -0.7],
        },
    )
    return {"data": traces, "layout": layout}


def _field_totals_figure(title: str, scope: str, matrix: Completeness) -> dict[str, Any]:
    """One stacked bar per field, reported and not reported: the matrix's gaps summed over the cases.

    A square per value does not scale: with 5,000 cases it was 300,000 SVG markers, megabytes of
    figure JSON, and a page that kept Chromium busy for minutes.
    """
    n_fields, n_cases = len(matrix.fields), len(matrix.case_ids)
    labels = [
        plotly_text(f"{f.section} · {f.label} ({matrix.reported_count(i)}/{n_cases})")
        for i, f in enumerate(matrix.fields)
    ]
    inferred = [matrix.inferred_count(i) for i in range(n_fields)]
    reported = [matrix.reported_count(i) - inferred[i] for i in range(n_fields)]
    totals = [matrix.reported_count(i) for i in range(n_fields)]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "x": counts,
            "y": list(range(n_fields)),
            "name": name,
            "marker": {"color": colour},
            "text": labels,
            "textposition": "none",
            "hovertemplate": "%{text}: %{x} " + name + "<extra></extra>",
        }
        for counts, colour, name in (
            (reported, BLUE, "reported"),
            (inferred, VERMILLION, DEDUCED[0]),
            ([n_cases - count for count in totals], MATRIX_EMPTY_LIGHT, NOT_REPORTED),
        )
        if name != DEDUCED[0] or any(inferred)
    ]
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True}
    layout = figure_layout(
        title,
        scope,
        20 + 16 * n_fields,
        legend=True,
        barmode="stack",
        bargap=0.15,
        xaxis={**axis, "title": {"text": "cases"}, "range": [0, n_cases]},
        yaxis={
            **axis,
            "tickmode": "array",
            "tickvals": list(range(n_fields)),
            "ticktext": labels,
            "range": [n_fields - 0.5, -0.5],
        },
    )
    return {"data": traces, "layout": layout}
