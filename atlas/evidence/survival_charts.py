"""The survival charts: Kaplan–Meier step curves, their confidence band and the numbers at risk.

Built, like every chart, from one statistic (`SurvivalAnalysis`) together with its tables, so the
curve, the table of every step and the CSV cannot disagree. No median or log-rank p-value is shown
with fewer than `MIN_DEATHS_FOR_ESTIMATE` deaths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from atlas.cases.vocabularies import DEATH
from atlas.cases.wording import STATUS
from atlas.evidence.charts import (
    BAND_LIGHT,
    MIN_DEATHS_FOR_ESTIMATE,
    MIN_PATIENTS_FOR_CURVE,
    SERIES,
    Chart,
    Table,
    figure_layout,
    number,
    plotly_text,
    scope_text,
)
from atlas.evidence.survival import Curve, Step, SurvivalAnalysis, risk_table_times

SURVIVAL_CAVEAT = (
    "Published case reports are a selected sample: striking courses and good results may be more likely to "
    "reach print, and follow-up lengths vary widely. These curves describe the patients in the literature; "
    "they are not a prediction for a new patient."
)
_DEAD = " or ".join(status for status in STATUS.values if status in DEATH)
_ALIVE = " or ".join(status for status in STATUS.values if status not in DEATH)
SURVIVAL_DEFINITION = (
    f"Overall survival: death from any cause (status {_DEAD}) is the event; a patient alive at the last "
    f"follow-up ({_ALIVE}) is censored then (tick marks). Only cases reporting both the status and the "
    "follow-up time are analysed. Kaplan–Meier estimates; the tables give 95% log-log confidence limits "
    "(shaded on the single-curve chart)."
)


def survival_chart(slug: str, title: str, analysis: SurvivalAnalysis) -> Chart:
    """Kaplan–Meier step curves with censoring marks, and the numbers at risk under the time axis.

    A group of fewer than MIN_PATIENTS_FOR_CURVE patients gets no curve, only its count."""
    drawn = tuple(curve for curve in analysis.curves if curve.n >= MIN_PATIENTS_FOR_CURVE)
    comparison = len(analysis.curves) > 1
    scope = (
        f"{scope_text(analysis.n, analysis.cases, 'reported status and follow-up time')}; "
        f"{analysis.deaths} death{'' if analysis.deaths == 1 else 's'}"
    )
    too_few = [_too_few_text(curve) for curve in analysis.curves if curve.n < MIN_PATIENTS_FOR_CURVE]
    if too_few:
        scope += "; " + "; ".join(too_few) + (", so no log-rank test" if comparison else "")
    elif comparison:
        scope += f"; {_logrank_text(analysis)}"
    if not comparison and analysis.operations:
        scope += f"; {_operations_text(analysis)}"
    longest = max((o.months for c in drawn for o in c.observations), default=0.0)
    times = risk_table_times(longest)
    figure = _survival_figure(title, scope, analysis, drawn, times, longest)
    tables = (
        _survival_table(slug, title, drawn),
        _risk_table(f"{slug}-at-risk", title, drawn, times),
    )
    notes = [
        SURVIVAL_DEFINITION,
        _survival_exclusions(analysis),
        _from_diagnosis_note(drawn),
        *(_one_article_note(curve, comparison) for curve in drawn),
        *(_thin_tail_note(curve, comparison) for curve in drawn),
        SURVIVAL_CAVEAT,
    ]
    withheld = None
    if not drawn:
        withheld = f"No curve is drawn for fewer than {MIN_PATIENTS_FOR_CURVE} patients."
        tables = ()
    return Chart(slug, title, scope, figure, tables, tuple(n for n in notes if n), withheld=withheld)


def _too_few_text(curve: Curve) -> str:
    """ "1 patient after radical nephrectomy: too few to draw" (or "no patient …: nothing to draw")."""
    who = f" {curve.group}" if curve.group else ""
    if not curve.n:
        return f"no patient{who}: nothing to draw"
    return f"{curve.n} patient{'' if curve.n == 1 else 's'}{who}: too few to draw"


def _from_diagnosis_note(curves: Sequence[Curve]) -> str:
    """Times counted from diagnosis are not months after surgery: marked on the curve and said."""
    count = sum(o.from_diagnosis for curve in curves for o in curve.observations)
    if not count:
        return ""
    whose = "patient's follow-up is" if count == 1 else "patients' follow-up is"
    return (
        f"{count} {whose} counted by the source from diagnosis rather than from surgery "
        f"(marked {FROM_DIAGNOSIS_MARK} on the curve)."
    )


def _one_article_note(curve: Curve, comparison: bool) -> str:
    """When most of a curve's patients come from one article, say so: the curve is largely its table."""
    counts = Counter(o.read_from for o in curve.observations)
    key, count = min(counts.items(), key=lambda item: (-item[1], item[0]), default=("", 0))
    if 2 * count <= curve.n:
        return ""
    own = sum(1 for o in curve.observations if o.read_from == key and o.authors_own)
    parts = []
    if own:
        parts.append("its authors' own patient" if own == 1 else f"its authors' own {own} patients")
    if count - own:
        parts.append(f"{_patients(count - own)} of earlier reports, as summarised in it")
    whose = f"{curve.label}: " if comparison else ""
    how_many = f"all {curve.n}" if count == curve.n else f"{count} of the {curve.n}"
    sentence = f"{whose}{how_many} patients come from one article [@{key}]: {' and '.join(parts)}."
    return sentence[:1].upper() + sentence[1:]


def _thin_tail_note(curve: Curve, comparison: bool) -> str:
    """Where fewer than MIN_PATIENTS_FOR_CURVE patients remain followed, each death is a large step:
    "After 24 months only 3 patients remain followed: the fall from 85.7% to 42.9% at 72 months is 1
    death among the 2 still followed." """
    times = sorted({o.months for o in curve.observations})
    start = next((t for t in times if 0 < _followed_after(curve, t) < MIN_PATIENTS_FOR_CURVE), None)
    if start is None:
        return ""
    whose = f"{curve.label}: after" if comparison else "After"
    sentence = (
        f"{whose} {number(start)} months only {_patients(_followed_after(curve, start))} remain followed"
    )
    falls = [_fall_text(curve, step) for step in curve.steps if step.months > start and step.deaths]
    if not falls:
        return f"{sentence}, so the end of the curve rests on them."
    return f"{sentence}: {'; '.join(falls)}."


def _followed_after(curve: Curve, months: float) -> int:
    return sum(1 for o in curve.observations if o.months > months)


def _fall_text(curve: Curve, step: Step) -> str:
    before = curve.survival_at(step.months - 1e-9)
    deaths = f"{step.deaths} death{'' if step.deaths == 1 else 's'}"
    return (
        f"the fall from {100 * before:.1f}% to {100 * step.survival:.1f}% at {number(step.months)} months "
        f"is {deaths} among the {step.at_risk} still followed"
    )


def _patients(count: int) -> str:
    return f"{count} patient{'' if count == 1 else 's'}"


def _operations_text(analysis: SurvivalAnalysis) -> str:
    """Who is in a single curve: "all 7 had a local excision", or the count per operation."""
    named = [(name or "operation not reported", count) for name, count in analysis.operations]
    if len(named) == 1:
        name, count = named[0]
        return f"all {count} had {'a ' if analysis.operations[0][0] else ''}{name}"
    return "operations: " + ", ".join(f"{count} {name}" for name, count in named)


def _logrank_text(analysis: SurvivalAnalysis) -> str:
    """The log-rank p-value, or the one reason it is not given: an empty group, no death, few deaths."""
    empty = [curve.label.lower() for curve in analysis.curves if not curve.n]
    if empty:
        return f"log-rank test not computable: no patient in the {' or '.join(empty)} group"
    if analysis.deaths == 0:
        return "log-rank test not computable: no death in either group"
    if analysis.deaths < MIN_DEATHS_FOR_ESTIMATE:
        deaths = f"{analysis.deaths} death{'' if analysis.deaths == 1 else 's'}"
        return f"no log-rank test shown: only {deaths} (fewer than {MIN_DEATHS_FOR_ESTIMATE})"
    if analysis.logrank_p is None:
        return "log-rank test not computable: the deaths leave the test without variance"
    if analysis.logrank_p < 0.001:
        return "log-rank p < 0.001"
    return f"log-rank p = {analysis.logrank_p:.2g}"


def _legend(curve: Curve, analysis: SurvivalAnalysis) -> str:
    """Who is in the curve: "Patients analysed (n = 8 of 14, 2 deaths)", "Local excision (n = 7, …)"."""
    of = f" of {analysis.cases}" if len(analysis.curves) == 1 else ""
    return f"{curve.label} (n = {curve.n}{of}, {curve.deaths} death{'' if curve.deaths == 1 else 's'})"


def _survival_exclusions(analysis: SurvivalAnalysis) -> str:
    parts = []
    if analysis.without_follow_up_or_status:
        missing = analysis.without_follow_up_or_status
        parts.append(f"{missing} of {analysis.cases} cases lack the status or the follow-up time")
    if analysis.outside_groups:
        parts.append(f"{analysis.outside_groups} had another operation or did not report it")
    return ("Not analysed: " + "; ".join(parts) + ".") if parts else ""


def _curve_points(curve: Curve) -> tuple[list[float], list[float]]:
    xs, ys = [0.0], [100.0]
    for step in curve.steps:
        xs.append(step.months)
        ys.append(round(100 * step.survival, 2))
    return xs, ys


def _survival_figure(
    title: str,
    scope: str,
    analysis: SurvivalAnalysis,
    drawn: Sequence[Curve],
    times: list[float],
    longest: float,
) -> dict[str, Any]:
    data: list[dict[str, Any]] = []
    if len(analysis.curves) == 1 and drawn and drawn[0].steps:
        data += _confidence_band(drawn[0])
    colours = [colour for curve, colour in zip(analysis.curves, SERIES, strict=False) if curve in drawn]
    for curve, colour in zip(drawn, colours, strict=True):
        xs, ys = _curve_points(curve)
        name = plotly_text(_legend(curve, analysis))
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"shape": "hv", "color": colour, "width": 2.5},
                "x": xs,
                "y": ys,
                "name": name,
                "hoverinfo": "skip",  # the hover points below answer, between steps too
            }
        )
        censored = [o.months for o in curve.observations if not o.died and not o.from_diagnosis]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "marker": {"symbol": "line-ns-open", "size": 12, "color": colour, "line": {"width": 2}},
                "x": censored,
                "y": [round(100 * curve.survival_at(t), 2) for t in censored],
                "name": "censored",
                "showlegend": False,
                "hovertemplate": "censored at %{x} months<extra></extra>",
            }
        )
        data += _from_diagnosis_marks(curve, colour, first=not any(t.get("legendgroup") for t in data))
    groups = [plotly_text(curve.label) for curve in drawn]
    data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": [t for _ in drawn for t in times],
            "y": [label for label in groups for _ in times],
            "text": [str(curve.at_risk(t)) for curve in drawn for t in times],
            "xaxis": "x2",
            "yaxis": "y2",
            "cliponaxis": False,
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    data += [_hover_points(curve, colour) for curve, colour in zip(drawn, colours, strict=True)]
    # Heights in pixels: the curves, then tick labels, the axis title and the "Number at risk" label,
    # then one row per group; Plotly wants the split as fractions of the plotting area.
    curves_px, gap_px, rows_px = 280, 80, 24 * len(groups)
    area = curves_px + gap_px + rows_px
    table_top = rows_px / area
    x_range = [-max(longest, 1) * 0.03, max(longest, 1) * 1.03]
    layout = figure_layout(
        title,
        scope,
        area,
        bottom=10,
        legend=True,
        xaxis={
            "title": {"text": _time_axis_title(drawn), "standoff": 6},
            "range": x_range,
            "tickvals": times,
            "anchor": "y",
            "fixedrange": True,
        },
        yaxis={
            "title": {"text": "alive (%)"},
            "range": [0, 105],
            "domain": [(rows_px + gap_px) / area, 1],
            "fixedrange": True,
        },
        xaxis2={"range": x_range, "matches": "x", "anchor": "y2", "visible": False},
        yaxis2={
            "domain": [0, table_top],
            "type": "category",
            "range": [len(groups) - 0.5, -0.5],
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        annotations=[
            {
                "text": "Number at risk",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": table_top,
                "yshift": 4,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
            }
        ],
    )
    return {"data": data, "layout": layout}


FROM_DIAGNOSIS_MARK = "◇"


def _time_axis_title(curves: Sequence[Curve]) -> str:
    """ "months after surgery", and the mark of the times counted from diagnosis when a curve has one."""
    if any(o.from_diagnosis for curve in curves for o in curve.observations):
        return f"months after surgery ({FROM_DIAGNOSIS_MARK}: after diagnosis)"
    return "months after surgery"


def _from_diagnosis_marks(curve: Curve, colour: str, *, first: bool) -> list[dict[str, Any]]:
    """A diamond where a patient's time is counted from diagnosis, not from surgery (recount L-1)."""
    marked = [o for o in curve.observations if o.from_diagnosis]
    if not marked:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "marker": {"symbol": "diamond-open", "size": 11, "color": colour, "line": {"width": 2}},
            "x": [o.months for o in marked],
            "y": [round(100 * curve.survival_at(o.months), 2) for o in marked],
            "name": "follow-up counted from diagnosis",
            "legendgroup": "from-diagnosis",
            "showlegend": first,
            "text": ["died" if o.died else "censored" for o in marked],
            "hovertemplate": "%{text} at %{x} months after diagnosis<extra></extra>",
        }
    ]


HOVER_POINTS = 80  # evenly spaced hover points per curve, besides its own step and censoring times


def _hover_points(curve: Curve, colour: str) -> dict[str, Any]:
    """Invisible points along a curve that answer a hover anywhere on it, not only at its steps:
    the estimate with its 95% interval and how many patients are still followed (at risk) then."""
    last = max((o.months for o in curve.observations), default=0.0)
    grid = {round(last * i / HOVER_POINTS, 1) for i in range(HOVER_POINTS + 1)}
    times = sorted(grid | {o.months for o in curve.observations})
    return {
        "type": "scatter",
        "mode": "markers",
        "marker": {"size": 10, "color": colour, "opacity": 0},
        "x": times,
        "y": [round(100 * curve.survival_at(t), 2) for t in times],
        "customdata": [[_interval_at(curve, t), curve.at_risk(t)] for t in times],
        "name": plotly_text(curve.label),
        "showlegend": False,
        "hovertemplate": "%{x:.1f} months: %{y:.1f}% alive<br>%{customdata[0]}<br>"
        "%{customdata[1]} at risk (still followed)<extra>" + plotly_text(curve.label) + "</extra>",
    }


def _interval_at(curve: Curve, months: float) -> str:
    """The 95% limits of the estimate in force at a time (those of the last step at or before it)."""
    step = next((s for s in reversed(curve.steps) if s.months <= months), None)
    if step is None or step.survival == 1.0:
        return UNDEFINED_BEFORE_DEATH
    if step.low is None or step.high is None:
        return "95% CI: not defined (no patient left alive)"
    return f"95% CI {100 * step.low:.1f}–{100 * step.high:.1f}%"


# One wording wherever the estimate is still 100% (recount L-12: the same state read two ways).
UNDEFINED_BEFORE_DEATH = "95% CI: not defined (no death yet)"


def _confidence_band(curve: Curve) -> list[dict[str, Any]]:
    """The 95% limits as a shaded step band (one curve only: overlapping bands would hide each other).
    Where a limit is undefined (estimate 1 or 0) the band closes on the estimate."""
    xs = [0.0] + [step.months for step in curve.steps]
    lows = [100.0] + [round(100 * (s.low if s.low is not None else s.survival), 2) for s in curve.steps]
    highs = [100.0] + [round(100 * (s.high if s.high is not None else s.survival), 2) for s in curve.steps]
    common = {"type": "scatter", "mode": "lines", "x": xs, "showlegend": False, "hoverinfo": "skip"}
    line = {"shape": "hv", "width": 0}
    return [
        {**common, "y": highs, "line": line, "name": "95% upper limit"},
        {
            **common,
            "y": lows,
            "line": line,
            "fill": "tonexty",
            "fillcolor": BAND_LIGHT,
            "name": "95% confidence band",
            "showlegend": True,
        },
    ]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


# Rows of the Kaplan–Meier table shown on the page; a longer table (thousands of observed times in a
# large atlas, a fifth of an atlas page's weight) is offered as its CSV file only, as the matrix is.
STEP_TABLE_LIMIT = 200


def _survival_table(slug: str, title: str, curves: Sequence[Curve]) -> Table:
    rows = [
        (
            curve.label,
            step.months,
            step.at_risk,
            step.deaths,
            step.censored,
            _pct(step.survival),
            _pct(step.low),
            _pct(step.high),
        )
        for curve in curves
        for step in curve.steps
    ]
    medians = "; ".join(f"{curve.label}: {_median_text(curve)}" for curve in curves if curve.n)
    caption = f"{title}: Kaplan–Meier estimate at each observed time" + (f" ({medians})." if medians else ".")
    columns = (
        "group",
        "months",
        "at risk",
        "deaths",
        "censored",
        "alive (%)",
        "95% CI low (%)",
        "95% CI high (%)",
    )
    return Table(slug, caption, columns, tuple(rows), on_page=len(rows) <= STEP_TABLE_LIMIT)


def _median_text(curve: Curve) -> str:
    """The median with its 95% interval, or why none is given (too few deaths: no point estimate)."""
    if curve.deaths < MIN_DEATHS_FOR_ESTIMATE:
        deaths = f"{curve.deaths} death{'' if curve.deaths == 1 else 's'}"
        return f"no median estimated, {deaths} (fewer than {MIN_DEATHS_FOR_ESTIMATE})"
    if curve.median is None:
        return "median not reached"
    low = next((s.months for s in curve.steps if (s.high if s.high is not None else s.survival) <= 0.5), None)
    high = next((s.months for s in curve.steps if (s.low if s.low is not None else s.survival) <= 0.5), None)
    interval = f"{number(low)}–{number(high) if high is not None else 'not reached'}"
    return f"median {number(curve.median)} months (95% CI {interval})"


def _risk_table(slug: str, title: str, curves: Sequence[Curve], times: list[float]) -> Table:
    columns = ("group", *(f"{t:g} months" for t in times))
    rows = tuple((curve.label, *(curve.at_risk(t) for t in times)) for curve in curves)
    return Table(slug, f"{title}: patients still followed (at risk) at each time.", columns, rows)
