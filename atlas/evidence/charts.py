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
from atlas.evidence.stats import NumericSummary, Tally

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
# Fewer patients than this in a group and its survival curve is not drawn: a curve of one patient is a
# flat line at 100% (or a cliff to 0) that the eye compares with the others as if it were an estimate
# (recount L-1, usability N-5). The scope says how many there were: "1 patient …: too few to draw".
MIN_PATIENTS_FOR_CURVE = 5
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
    """Whole percent of those reporting, rounded half up as a reader computing by hand does (1 of 8 is
    13%, recount M-5); None when nobody reported: no percentage of nothing."""
    return (200 * count + of) // (2 * of) if of else None


def table_percent(count: int, of: int) -> int | None:
    """The percentage a table or CSV gives: none below SMALL_DENOMINATOR reporting, as on the bars
    (recount L-3: "100% of 1" in a table says what "1 of 1" on the bar does not)."""
    return percent(count, of) if of >= SMALL_DENOMINATOR else None


def inferred_text(inferred: int) -> str:
    """ " (2 inferred)" after a count that includes values the curators deduced; "" when none."""
    return f" ({inferred} inferred)" if inferred else ""


def number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def scope_text(reported: int, total: int, phrase: str, inferred: int = 0) -> str:
    """The finding's scope, e.g. "n = 9 of 11 cases reported side" (phrase: "reported side"), and how
    many of the values are inferred: "n = 13 of 14 cases reported the operation (2 of them inferred)"."""
    scope = f"n = {reported} of {total} case{'' if total == 1 else 's'} {phrase}"
    return scope + (f" ({inferred} of them inferred)" if inferred else "")


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


def figure_layout(
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


def _bar_texts(counts: Sequence[int], of: int, inferred: Sequence[int] = ()) -> list[str]:
    """ "7 (64%)" of those reporting; "2 of 3" below SMALL_DENOMINATOR reporting; and how many of the
    count are inferred: "5 (38%; 2 inferred)", "2 of 8 (1 inferred)"."""
    texts = []
    for count, deduced in zip(counts, [*inferred, *[0] * (len(counts) - len(inferred))], strict=True):
        share = percent(count, of)
        if share is None:
            texts.append(str(count))
        elif of < SMALL_DENOMINATOR:
            texts.append(f"{count} of {of}{inferred_text(deduced)}")
        elif deduced:
            texts.append(f"{count} ({share}%; {deduced} inferred)")
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
    return {"data": [bar], "layout": figure_layout(title, subtitle, height, **axes)}


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
    inferred = [tally.inferred.get(name, 0) for name in names]
    scope = scope_text(tally.reported, tally.total, phrase, tally.inferred_cases)
    if multi:
        scope += "; a patient may have several"
    if not tally.reported:
        return _not_drawn(slug, title, scope, f"No {who[0]} to count" if not tally.total else "")
    figure = _bar_figure(
        title,
        scope,
        shown,
        counts,
        _bar_texts(counts, tally.reported, inferred),
        tally.not_reported,
        horizontal=True,
        value_title="patients",
    )
    rows = [
        (label, count, table_percent(count, tally.reported), deduced)
        for label, count, deduced in zip(shown, counts, inferred, strict=True)
    ]
    rows.append((NOT_REPORTED, tally.not_reported, None, None))
    table = Table(
        slug,
        f"{title}: patients per category; {_percent_caption(tally.reported)}.",
        count_columns("category"),
        tuple(rows),
    )
    notes = [_not_reported_note(tally.not_reported, tally.total, who)]
    if tally.inferred_cases:
        notes.append(_inferred_note(tally.inferred_cases, tally.reported))
    if multi:
        notes.append(MULTI_VALUED_NOTE)
    return Chart(slug, title, scope, figure, (table,), tuple(notes))


def count_columns(first: str) -> tuple[str, ...]:
    """The columns of every count table and CSV: the inferred count last, so the others keep their place."""
    return (first, "patients", "percent of those reporting", "of them inferred")


def _percent_caption(reported: int) -> str:
    """What the percentage column holds, or why it is empty (the bars' small-number rule)."""
    if reported >= SMALL_DENOMINATOR:
        return f"percentages are of the {reported} reporting"
    return f"of the {reported} reporting; no percentages below {SMALL_DENOMINATOR} reporting"


def _inferred_note(inferred: int, reported: int) -> str:
    one = inferred == 1
    return (
        f"{inferred} of the {reported} value{'' if reported == 1 else 's'} {'was' if one else 'were'} "
        "deduced by the curators rather than stated by the source: counted, and marked “inferred”; "
        "the case pages say how each was deduced."
    )


def _not_drawn(slug: str, title: str, scope: str, reason: str = "") -> Chart:
    """No chart, table or CSV for a question nobody reported (usability N-15): the scope says so."""
    empty = {"data": [], "layout": figure_layout(title, scope, 0)}
    withheld = f"{reason or 'Nobody reported this'}, so there is nothing to draw."
    return Chart(slug, title, scope, empty, (), (), withheld=withheld)


MULTI_VALUED_NOTE = (
    "A patient counts once for each category reported, so the percentages can add up to more than 100."
)


def numeric_chart(slug: str, title: str, summary: NumericSummary, *, phrase: str) -> Chart:
    """The distribution over bins, the median and range in the subtitle, and every value when they are few."""
    scope = scope_text(summary.reported, summary.total, phrase, summary.inferred_cases)
    unit = f" {summary.unit}" if summary.unit else ""
    if not summary.reported:
        return _not_drawn(slug, title, scope, "No case to count" if not summary.total else "")
    extremes = f"{number(summary.minimum)}–{number(summary.maximum)}"
    spread = f"median {number(summary.median)}{unit} (range {extremes})"
    subtitle = f"{scope}; {spread}"
    labels = list(summary.bins)
    counts = [summary.bins[label] for label in labels]
    inferred = [summary.inferred_bins.get(label, 0) for label in labels]
    figure = _bar_figure(
        title,
        subtitle,
        labels,
        counts,
        _bar_texts(counts, summary.reported, inferred),
        summary.not_reported,
        horizontal=False,
        value_title="patients",
    )
    rows = [
        (label, count, table_percent(count, summary.reported), deduced)
        for label, count, deduced in zip(labels, counts, inferred, strict=True)
    ]
    rows.append((NOT_REPORTED, summary.not_reported, None, None))
    caption = f"{title}: patients per group; {_percent_caption(summary.reported)}; {spread}."
    table = Table(slug, caption, count_columns("group"), tuple(rows))
    notes = [_not_reported_note(summary.not_reported, summary.total)]
    if summary.inferred_cases:
        notes.append(_inferred_note(summary.inferred_cases, summary.reported))
    if summary.reported <= 40:
        every = ", ".join(
            number(value) + (" (inferred)" if flagged else "")
            for value, flagged in zip(
                summary.values, summary.inferred or [False] * summary.reported, strict=True
            )
        )
        notes.append(f"Every reported value{unit and f' ({summary.unit})'}: {every}.")
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
