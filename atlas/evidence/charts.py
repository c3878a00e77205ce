"""Chart specifications from statistics: Plotly figure dicts plus the tables of the same numbers (no I/O).

A chart is only a view of its table: both are built here from one statistic, so the bars,
the HTML table under them and the CSV download cannot disagree. Figures are plain dicts for
plotly.js (the self-hosted "basic" bundle: bar and scatter traces only; a test validates every
figure against plotly's schema). Colours are the Okabe–Ito colour-blind-safe palette; the
figure carries the swaps for the dark scheme in `layout.meta`, which the page script applies
when the reader toggles the palette.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from atlas.evidence.spreadsheet import spreadsheet_safe
from atlas.evidence.stats import Completeness, NumericSummary, Tally
from atlas.evidence.survival import Curve, SurvivalAnalysis, risk_table_times

# Okabe & Ito (2008). Light-scheme colours; the dark scheme swaps the two darkest for lighter siblings.
BLUE, SKY_BLUE = "#0072B2", "#56B4E9"
VERMILLION, ORANGE = "#D55E00", "#E69F00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
NOT_REPORTED_GREY = "#888888"
MATRIX_EMPTY_LIGHT, MATRIX_EMPTY_DARK = "#DDDDDD", "#474C58"
BAND_LIGHT, BAND_DARK = "rgba(0,114,178,0.15)", "rgba(86,180,233,0.2)"  # blue / sky blue, translucent
DARK_SWAPS = {
    BLUE: SKY_BLUE,
    VERMILLION: ORANGE,
    MATRIX_EMPTY_LIGHT: MATRIX_EMPTY_DARK,
    BAND_LIGHT: BAND_DARK,
}
SERIES = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE)

NOT_REPORTED = "not reported"
BAR_HEIGHT_PX = 30
# Below this many reporting cases a bar reads "2 of 3", not "2 (67%)": a percentage of a handful
# suggests a precision the numbers do not have (usability finding A-9).
SMALL_DENOMINATOR = 10
# Fewer deaths than this and a survival curve shows no point estimate (median, log-rank p-value):
# with one to four events the estimate rests on single patients and its interval spans almost
# everything (usability finding A-3). The curve, its band and the table of every step stay.
MIN_DEATHS_FOR_ESTIMATE = 5
Who = tuple[str, str]  # what is counted, singular and plural: ("case", "cases")
CASES: Who = ("case", "cases")

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """The numbers of a chart: shown as an HTML table and downloadable as CSV (`<slug>.csv`)."""

    slug: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    collapsed: bool = False  # large tables start folded on the page
    on_page: bool = True  # False: too large for a page, offered only as CSV

    def display_rows(self) -> list[list[str]]:
        """Cells as the page shows them: an empty cell (no percentage of nothing) as a dash."""
        return [[cell_text(cell) or "—" for cell in row] for row in self.rows]


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    scope: str
    figure: dict[str, Any]
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()
    withheld: str | None = None  # why the drawing is not shown (the tables stay)

    @property
    def label(self) -> str:
        """Text alternative of the drawing: what it shows and where the numbers are."""
        return f"{self.title}: {self.scope}. The table below gives the same numbers."


# --- Formatting ------------------------------------------------------------------------------


def percent(count: int, of: int) -> int | None:
    """Whole percent of those reporting (None when nobody reported: no percentage of nothing)."""
    return round(100 * count / of) if of else None


def number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def scope_text(reported: int, total: int, phrase: str) -> str:
    """The finding's scope, e.g. "n = 9 of 11 cases reported side" (phrase: "reported side")."""
    return f"n = {reported} of {total} case{'' if total == 1 else 's'} {phrase}"


def plotly_text(value: str) -> str:
    """Plotly reads labels as a small HTML dialect; escape data so it shows as typed and adds no markup."""
    return html.escape(value, quote=False)


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table_csv(table: Table) -> str:
    """CSV with a header row, '\\n' line ends and no quoting beyond what CSV needs (byte-stable).

    Text that a spreadsheet would run as a formula is written as text (atlas/evidence/spreadsheet.py).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_safe(cell_text(cell)) for cell in row] for row in table.rows)
    return buffer.getvalue()


# --- Figures ---------------------------------------------------------------------------------


SUBTITLE_LINE_CHARACTERS = 75


def subtitle_lines(subtitle: str) -> list[str]:
    """The scope in lines short enough for a phone, split at its "; " separators (Plotly does not wrap)."""
    lines: list[str] = []
    for part in subtitle.split("; "):
        if lines and len(lines[-1]) + len(part) + 2 <= SUBTITLE_LINE_CHARACTERS:
            lines[-1] += f"; {part}"
        else:
            lines.append(part)
    return lines


def _layout(
    title: str, subtitle: str, plot_height: int, *, bottom: int = 50, legend: bool = False, **extra: Any
) -> dict[str, Any]:
    """Common layout; the height is the plotting area plus the margins its title and legend need."""
    lines = subtitle_lines(subtitle)
    top = 45 + 17 * len(lines) + (30 if legend else 0)
    layout = {
        "title": {
            "text": plotly_text(title),
            "subtitle": {"text": "<br>".join(plotly_text(line) for line in lines)},
            "x": 0,
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10},
        },
        "height": top + plot_height + bottom,
        "margin": {"l": 10, "r": 30, "t": top, "b": bottom},
        "showlegend": legend,
        "dragmode": False,
        "meta": {"darkColors": DARK_SWAPS},
    }
    if legend:
        layout["legend"] = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}
    layout.update(extra)
    return layout


def _bar_texts(counts: Sequence[int], of: int) -> list[str]:
    """ "7 (64%)" of those reporting; "2 of 3" below SMALL_DENOMINATOR reporting."""
    texts = []
    for count in counts:
        share = percent(count, of)
        if share is None:
            texts.append(str(count))
        elif of < SMALL_DENOMINATOR:
            texts.append(f"{count} of {of}")
        else:
            texts.append(f"{count} ({share}%)")
    return texts


def _count_axis(largest: int, title: str) -> dict[str, Any]:
    axis: dict[str, Any] = {"title": {"text": title}, "rangemode": "tozero", "fixedrange": True}
    axis["range"] = [0, max(largest, 1) * 1.25]  # room for the "n (p%)" labels beside the bars
    if largest <= 10:
        axis["dtick"] = 1
    return axis


def _bar_figure(
    title: str,
    subtitle: str,
    labels: Sequence[str],
    counts: Sequence[int],
    texts: Sequence[str],
    not_reported: int,
    *,
    horizontal: bool,
    value_title: str,
) -> dict[str, Any]:
    categories = [plotly_text(label) for label in labels] + [NOT_REPORTED]
    values = [*counts, not_reported]
    colours = [BLUE] * len(labels) + [NOT_REPORTED_GREY]
    bar = {
        "type": "bar",
        "orientation": "h" if horizontal else "v",
        "x": values if horizontal else categories,
        "y": categories if horizontal else values,
        "marker": {"color": colours},
        "text": [*texts, str(not_reported)],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": ("%{y}" if horizontal else "%{x}") + ": %{text}<extra></extra>",
    }
    count_axis = _count_axis(max(values, default=0), value_title)
    category_axis = {"automargin": True, "fixedrange": True, "type": "category"}
    if horizontal:
        height = 20 + BAR_HEIGHT_PX * len(categories)
        axes = {"xaxis": count_axis, "yaxis": {**category_axis, "autorange": "reversed"}}
    else:
        height = 260
        axes = {"xaxis": category_axis, "yaxis": count_axis}
    return {"data": [bar], "layout": _layout(title, subtitle, height, **axes)}


# --- Charts ----------------------------------------------------------------------------------


def category_chart(
    slug: str,
    title: str,
    tally: Tally,
    *,
    phrase: str,
    labels: Mapping[str, str] | None = None,
    multi: bool = False,
    who: Who = CASES,
) -> Chart:
    """One bar per category (zeros shown) and a grey "not reported" bar; percentages of those reporting."""
    labels = labels or {}
    names = list(tally.counts)
    shown = [labels.get(name, name) for name in names]
    counts = [tally.counts[name] for name in names]
    scope = scope_text(tally.reported, tally.total, phrase)
    if multi:
        scope += "; a patient may have several"
    figure = _bar_figure(
        title,
        scope,
        shown,
        counts,
        _bar_texts(counts, tally.reported),
        tally.not_reported,
        horizontal=True,
        value_title="patients",
    )
    rows = [
        (label, count, percent(count, tally.reported)) for label, count in zip(shown, counts, strict=True)
    ]
    rows.append((NOT_REPORTED, tally.not_reported, None))
    table = Table(
        slug,
        f"{title}: patients per category; percentages are of the {tally.reported} reporting.",
        ("category", "patients", "percent of those reporting"),
        tuple(rows),
    )
    notes = [_not_reported_note(tally.not_reported, tally.total, who)]
    if multi:
        notes.append(MULTI_VALUED_NOTE)
    return Chart(slug, title, scope, figure, (table,), tuple(notes))


MULTI_VALUED_NOTE = (
    "A patient counts once for each category reported, so the percentages can add up to more than 100."
)


def numeric_chart(slug: str, title: str, summary: NumericSummary, *, phrase: str) -> Chart:
    """The distribution over bins, the median and range in the subtitle, and every value when they are few."""
    scope = scope_text(summary.reported, summary.total, phrase)
    unit = f" {summary.unit}" if summary.unit else ""
    if summary.reported:
        extremes = f"{number(summary.minimum)}–{number(summary.maximum)}"
        spread = f"median {number(summary.median)}{unit} (range {extremes})"
        subtitle = f"{scope}; {spread}"
    else:
        subtitle = scope
    labels = list(summary.bins)
    counts = [summary.bins[label] for label in labels]
    figure = _bar_figure(
        title,
        subtitle,
        labels,
        counts,
        _bar_texts(counts, summary.reported),
        summary.not_reported,
        horizontal=False,
        value_title="patients",
    )
    rows = [
        (label, count, percent(count, summary.reported)) for label, count in zip(labels, counts, strict=True)
    ]
    rows.append((NOT_REPORTED, summary.not_reported, None))
    caption = f"{title}: patients per group; percentages are of the {summary.reported} reporting"
    caption += f"; {spread}." if summary.reported else "."
    table = Table(slug, caption, ("group", "patients", "percent of those reporting"), tuple(rows))
    notes = [_not_reported_note(summary.not_reported, summary.total)]
    if 0 < summary.reported <= 40:
        notes.append(
            f"Every reported value{unit and f' ({summary.unit})'}: {', '.join(map(number, summary.values))}."
        )
    return Chart(slug, title, subtitle, figure, (table,), tuple(notes))


def _not_reported_note(not_reported: int, total: int, who: Who = CASES) -> str:
    """How many did not report, in a sentence whose nouns and verbs agree with the counts.

    `who` names what is counted, so that under a subgroup (patients given adjuvant therapy)
    the sentence says which patients it speaks of."""
    one, many = who
    if total == 0:
        return f"No {one} to count yet."
    if not_reported == 0:
        return f"The one {one} reported this." if total == 1 else f"All {total} {many} reported this."
    pronoun = "it is" if not_reported == 1 else "they are"
    return (
        f"{not_reported} of {total} {one if total == 1 else many} did not report this; "
        f"{pronoun} shown as “not reported”, not guessed."
    )


SURVIVAL_CAVEAT = (
    "Published case reports are a selected sample: striking courses and good results are more likely to "
    "reach print, and follow-up lengths vary widely. These curves describe the patients in the literature; "
    "they are not a prediction for a new patient."
)
SURVIVAL_DEFINITION = (
    "Overall survival: death from any cause (status DOD or DOC) is the event; a patient alive at the last "
    "follow-up (NED or AWD) is censored then (tick marks). Only cases reporting both the status and the "
    "follow-up time are analysed. Kaplan–Meier estimates; the tables give 95% log-log confidence limits "
    "(shaded on the single-curve chart)."
)


def survival_chart(slug: str, title: str, analysis: SurvivalAnalysis) -> Chart:
    """Kaplan–Meier step curves with censoring marks, and the numbers at risk under the time axis."""
    scope = (
        f"{scope_text(analysis.n, analysis.cases, 'reported status and follow-up time')}; "
        f"{analysis.deaths} death{'' if analysis.deaths == 1 else 's'}"
    )
    if len(analysis.curves) > 1:
        scope += f"; {_logrank_text(analysis)}"
    elif analysis.operations:
        scope += f"; {_operations_text(analysis)}"
    longest = max((o.months for c in analysis.curves for o in c.observations), default=0.0)
    times = risk_table_times(longest)
    figure = _survival_figure(title, scope, analysis, times, longest)
    tables = (_survival_table(slug, title, analysis), _risk_table(f"{slug}-at-risk", title, analysis, times))
    notes = [
        SURVIVAL_DEFINITION,
        _survival_exclusions(analysis),
        _from_diagnosis_note(analysis),
        SURVIVAL_CAVEAT,
    ]
    empty = [curve.label.lower() for curve in analysis.curves if not curve.n]
    withheld = None
    if len(analysis.curves) > 1 and empty:
        withheld = (
            f"No comparison is drawn: no patient treated by {' or '.join(empty)} reports both the "
            "status and the follow-up time, so that arm of the chart would be empty."
        )
    return Chart(slug, title, scope, figure, tables, tuple(n for n in notes if n), withheld=withheld)


def _from_diagnosis_note(analysis: SurvivalAnalysis) -> str:
    """Times counted from diagnosis are not months after surgery: said, not silently mixed in."""
    count = analysis.from_diagnosis
    if not count:
        return ""
    whose = "patient's follow-up is" if count == 1 else "patients' follow-up is"
    return f"{count} {whose} counted by the source from diagnosis rather than from surgery."


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
    title: str, scope: str, analysis: SurvivalAnalysis, times: list[float], longest: float
) -> dict[str, Any]:
    data: list[dict[str, Any]] = []
    if len(analysis.curves) == 1 and analysis.curves[0].steps:
        data += _confidence_band(analysis.curves[0])
    for curve, colour in zip(analysis.curves, SERIES, strict=False):
        xs, ys = _curve_points(curve)
        name = plotly_text(f"{curve.label} (n = {curve.n}, {curve.deaths} deaths)")
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
        censored = [o.months for o in curve.observations if not o.died]
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
    groups = [plotly_text(curve.label) for curve in analysis.curves]
    data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": [t for _ in analysis.curves for t in times],
            "y": [label for label in groups for _ in times],
            "text": [str(curve.at_risk(t)) for curve in analysis.curves for t in times],
            "xaxis": "x2",
            "yaxis": "y2",
            "cliponaxis": False,
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    data += [_hover_points(curve, colour) for curve, colour in zip(analysis.curves, SERIES, strict=False)]
    # Heights in pixels: the curves, then tick labels, the axis title and the "Number at risk" label,
    # then one row per group; Plotly wants the split as fractions of the plotting area.
    curves_px, gap_px, rows_px = 280, 80, 24 * len(groups)
    area = curves_px + gap_px + rows_px
    table_top = rows_px / area
    x_range = [-max(longest, 1) * 0.03, max(longest, 1) * 1.03]
    layout = _layout(
        title,
        scope,
        area,
        bottom=10,
        legend=True,
        xaxis={
            "title": {"text": "months after surgery", "standoff": 6},
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
    if step is None or step.low is None or step.high is None:
        return "95% CI: not defined (no death yet)" if step is None else "95% CI: not defined"
    return f"95% CI {100 * step.low:.1f}–{100 * step.high:.1f}%"


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


def _survival_table(slug: str, title: str, analysis: SurvivalAnalysis) -> Table:
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
        for curve in analysis.curves
        for step in curve.steps
    ]
    medians = "; ".join(f"{curve.label}: {_median_text(curve)}" for curve in analysis.curves if curve.n)
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
    return Table(slug, caption, columns, tuple(rows))


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


def _risk_table(slug: str, title: str, analysis: SurvivalAnalysis, times: list[float]) -> Table:
    columns = ("group", *(f"{t:g} months" for t in times))
    rows = tuple((curve.label, *(curve.at_risk(t) for t in times)) for curve in analysis.curves)
    return Table(slug, f"{title}: patients still followed (at risk) at each time.", columns, rows)


MATRIX_DETAIL_LIMIT = 200  # cases; above it the matrix page keeps only what scales with the fields


def completeness_chart(slug: str, title: str, matrix: Completeness) -> Chart:
    """Fields down, cases across: a filled square where the case reported the field."""
    n_fields, n_cases = len(matrix.fields), len(matrix.case_ids)
    cells = n_fields * n_cases
    filled = sum(map(sum, matrix.reported))
    share = percent(filled, cells)
    scope = f"{n_fields} fields × {n_cases} case{'' if n_cases == 1 else 's'}"
    scope += f"; {filled} of {cells} values reported ({share}%)" if cells else ""
    figure = _matrix_figure(title, scope, matrix)
    counts = Table(
        slug,
        f"{title}: how many cases report each field of the case format.",
        ("section", "field", "cases reporting", "cases not reporting", "percent reporting"),
        tuple(
            (
                f.section,
                f.label,
                matrix.reported_count(i),
                matrix.not_reported_count(i),
                percent(matrix.reported_count(i), n_cases),
            )
            for i, f in enumerate(matrix.fields)
        ),
    )
    full = Table(
        f"{slug}-matrix",
        f"{title}: 1 where the case reports the field, 0 where it does not.",
        ("field", *matrix.case_ids),
        tuple((f.path, *(int(v) for v in matrix.reported[i])) for i, f in enumerate(matrix.fields)),
        collapsed=True,
        on_page=n_cases <= MATRIX_DETAIL_LIMIT,
    )
    notes = [
        "Each row is a field of the case format; each column is a case. A grey square is a value the "
        "source did not report: the evidence gaps a new report could fill."
    ]
    if n_cases > MATRIX_DETAIL_LIMIT:
        notes.append(
            f"With more than {MATRIX_DETAIL_LIMIT} cases the chart shows, for each field, how many cases "
            "report it (a square per case would be too many to draw), and the full matrix is offered "
            "as CSV only, to keep the page light."
        )
    return Chart(slug, title, scope, figure, (counts, full), tuple(notes))


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
    for reported, colour, name in ((True, BLUE, "reported"), (False, MATRIX_EMPTY_LIGHT, NOT_REPORTED)):
        cells = [
            (j, i)
            for i, row in enumerate(matrix.reported)
            for j, value in enumerate(row)
            if value is reported
        ]
        trace = {
            "type": "scatter",
            "mode": "markers",
            "x": [j for j, _ in cells],
            "y": [i for _, i in cells],
            "name": name,
            "marker": {"symbol": "square", "size": square, "color": colour},
            "hoverinfo": "skip",
        }
        if n_cases <= MATRIX_DETAIL_LIMIT:  # hover labels repeat text per square: only while cases are few
            del trace["hoverinfo"]
            trace["customdata"] = [[matrix.case_ids[j], labels[i]] for j, i in cells]
            trace["hovertemplate"] = "%{customdata[0]}<br>%{customdata[1]}: " + name + "<extra></extra>"
        traces.append(trace)
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True}
    longest_id = max((len(case_id) for case_id in matrix.case_ids), default=0)
    layout = _layout(
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
    reported = [matrix.reported_count(i) for i in range(n_fields)]
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
            ([n_cases - count for count in reported], MATRIX_EMPTY_LIGHT, NOT_REPORTED),
        )
    ]
    axis = {"fixedrange": True, "showgrid": False, "zeroline": False, "automargin": True}
    layout = _layout(
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
