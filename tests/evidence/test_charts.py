"""Chart specs: the figure, the table and the CSV say the same numbers, and plotly accepts every figure."""

from __future__ import annotations

import csv
import io
import json

import plotly.graph_objects as go
import pytest

from atlas.cases.model import Case
from atlas.evidence import charts, completeness_charts, stats, survival, survival_charts
from atlas.evidence.stats import Tally

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
GREYS = {charts.NOT_REPORTED_GREY, charts.MATRIX_EMPTY_LIGHT, charts.MATRIX_EMPTY_DARK}
BANDS = {charts.BAND_LIGHT, charts.BAND_DARK}  # translucent Okabe–Ito blue and sky blue


def make(case_id: str, **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": "k", "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def colours_in(value: object) -> set[str]:
    text = json.dumps(value)
    return {token for token in OKABE_ITO | GREYS if token in text}


def test_category_chart_bars_table_and_csv_agree() -> None:
    tally = Tally("sex", {"female": 2, "male": 1}, reported=3, not_reported=2)
    chart = charts.category_chart("sex", "Sex", tally, phrase="reported sex")
    assert chart.scope == "n = 3 of 5 cases reported sex"
    bar = chart.figure["data"][0]
    assert bar["y"] == ["female", "male", "not reported"] and bar["x"] == [2, 1, 2]
    assert bar["text"] == ["2 of 3", "1 of 3", "2"]  # fewer than 10 reporting: no bare percentage
    assert bar["marker"]["color"] == [charts.BLUE, charts.BLUE, charts.NOT_REPORTED_GREY]
    assert chart.figure["layout"]["title"]["text"] == "Sex"
    assert chart.figure["layout"]["title"]["subtitle"]["text"] == "n = 3 of 5 cases reported sex"
    (table,) = chart.tables
    assert table.rows == (("female", 2, 67), ("male", 1, 33), ("not reported", 2, None))
    assert csv_rows(charts.table_csv(table)) == [
        ["category", "patients", "percent of those reporting"],
        ["female", "2", "67"],
        ["male", "1", "33"],
        ["not reported", "2", ""],
    ]
    assert table.display_rows()[-1] == ["not reported", "2", "—"]
    assert "2 of 5 cases did not report this" in chart.notes[0]
    go.Figure(chart.figure)


def test_multi_valued_chart_says_patients_can_count_more_than_once() -> None:
    cases = [
        make("a", presentation={"symptoms": ["abdominal pain", "weight loss"]}),
        make("b", presentation={"symptoms": ["abdominal pain"]}),
        make("c"),
    ]
    chart = charts.category_chart(
        "symptoms", "Symptoms", stats.symptoms(cases), phrase="reported symptoms", multi=True
    )
    assert chart.scope == "n = 2 of 3 cases reported symptoms; a patient may have several"
    rows = {row[0]: row[1:] for row in chart.tables[0].rows}
    assert (
        rows["abdominal pain"] == (2, 100) and rows["weight loss"] == (1, 50) and rows["haematuria"] == (0, 0)
    )
    assert rows["not reported"] == (1, None)
    assert charts.MULTI_VALUED_NOTE in chart.notes


def test_nobody_reporting_gives_no_percentages() -> None:
    chart = charts.category_chart("side", "Side", stats.side([make("a"), make("b")]), phrase="reported side")
    assert chart.scope == "n = 0 of 2 cases reported side"
    assert [row[2] for row in chart.tables[0].rows] == [None, None, None, None]
    assert chart.figure["data"][0]["text"] == ["0", "0", "0", "2"]


def test_empty_corpus_chart_is_still_a_valid_figure() -> None:
    chart = charts.category_chart("sex", "Sex", stats.sex([]), phrase="reported sex")
    assert chart.scope == "n = 0 of 0 cases reported sex"
    assert chart.notes == ("No case to count yet.",)
    go.Figure(chart.figure)


def test_numeric_chart_gives_median_range_and_every_value() -> None:
    cases = [make(f"c{i}", patient={"age_years": a}) for i, a in enumerate([34, 41, 47, 61, 66])]
    chart = charts.numeric_chart("age", "Age", stats.age(cases + [make("x")]), phrase="reported age")
    assert chart.scope == "n = 5 of 6 cases reported age; median 47 years (range 34–66)"
    bar = chart.figure["data"][0]
    assert bar["x"] == ["30–39 years", "40–49 years", "50–59 years", "60–69 years", "not reported"]
    assert bar["y"] == [1, 2, 0, 2, 1]
    assert "Every reported value (years): 34, 41, 47, 61, 66." in chart.notes
    assert chart.tables[0].rows[-1] == ("not reported", 1, None)
    go.Figure(chart.figure)


def test_labels_from_contributors_cannot_add_markup_to_a_figure() -> None:
    tally = stats.country([make("a", patient={"country": "<b onmouseover=alert(1)>X</b>"})])
    chart = charts.category_chart("country", "Country", tally, phrase="reported the country")
    assert chart.figure["data"][0]["y"][0] == "&lt;b onmouseover=alert(1)&gt;X&lt;/b&gt;"
    assert chart.tables[0].rows[0][0] == "<b onmouseover=alert(1)>X</b>"  # the table is escaped by Jinja


def test_table_csv_quotes_commas_and_ends_lines_with_newline() -> None:
    table = charts.Table("t", "caption", ("a", "b"), (("x, y", 1.5), ("z", None)))
    assert charts.table_csv(table) == 'a,b\n"x, y",1.5\nz,\n'


SURVIVAL_CASES = [
    make("a", treatment={"surgery": "local excision"}, outcome={"follow_up_months": 78, "status": "NED"}),
    make("b", treatment={"surgery": "local excision"}, outcome={"follow_up_months": 72, "status": "DOD"}),
    make("c", treatment={"surgery": "local excision"}, outcome={"follow_up_months": 18, "status": "DOD"}),
    make(
        "d", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 30, "status": "AWD"}
    ),
    make(
        "e", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 12, "status": "DOC"}
    ),
    make("f", treatment={"surgery": "radical nephrectomy"}, outcome={"status": "DOD"}),
]


def test_survival_chart_steps_censoring_and_numbers_at_risk() -> None:
    analysis = survival.survival_by_surgery(SURVIVAL_CASES)
    chart = survival_charts.survival_chart("km", "Survival by operation", analysis)
    assert chart.scope == (
        "n = 5 of 6 cases reported status and follow-up time; 3 deaths; "
        "no log-rank test shown: only 3 deaths (fewer than 5)"
    )
    assert chart.withheld is None
    radical_line, radical_censored, local_line, local_censored, at_risk, *_hover = chart.figure["data"]
    # Radical nephrectomy: death at 12 of 2 at risk -> 50%; censored at 30.
    assert (radical_line["x"], radical_line["y"]) == ([0, 12, 30], [100, 50, 50])
    assert (radical_censored["x"], radical_censored["y"]) == ([30], [50])
    # Local excision: death at 18 (3 at risk) -> 66.67%; at 72 (2 at risk) -> 33.33%; censored at 78.
    assert (local_line["x"], local_line["y"]) == ([0, 18, 72, 78], [100, 66.67, 33.33, 33.33])
    assert local_line["line"]["shape"] == "hv"
    assert at_risk["x"] == [0, 24, 48, 72] * 2
    assert at_risk["text"] == ["2", "1", "0", "0", "3", "2", "2", "2"]
    steps, risk = chart.tables
    assert risk.columns == ("group", "0 months", "24 months", "48 months", "72 months")
    assert risk.rows == (("Radical nephrectomy", 2, 1, 0, 0), ("Local excision", 3, 2, 2, 2))
    assert steps.rows[0][:6] == ("Radical nephrectomy", 12.0, 2, 1, 0, 50.0)
    assert "Local excision: no median estimated, 2 deaths (fewer than 5)" in steps.caption
    assert any("1 of 6 cases lack the status or the follow-up time" in note for note in chart.notes)
    assert survival_charts.SURVIVAL_CAVEAT in chart.notes
    go.Figure(chart.figure)


def test_overall_survival_shades_the_confidence_band_around_the_curve() -> None:
    chart = survival_charts.survival_chart(
        "os", "Overall survival", survival.overall_survival(SURVIVAL_CASES)
    )
    upper, lower, line, censored, at_risk, *_hover = chart.figure["data"]
    assert lower["fill"] == "tonexty" and lower["fillcolor"] == charts.BAND_LIGHT
    assert upper["x"] == lower["x"] == line["x"] == [0, 12, 18, 30, 72, 78]
    assert upper["y"][0] == lower["y"][0] == 100
    for low, estimate, high in zip(lower["y"], line["y"], upper["y"], strict=True):
        assert low <= estimate <= high
    assert lower["y"][1] < line["y"][1] < upper["y"][1]  # 80% after the first death, with real limits
    assert line["y"][:3] == [100, 80, 60]  # 5 at risk at 12 months: 4/5; 4 at risk at 18: 4/5 * 3/4


def test_survival_chart_without_a_comparison_says_so() -> None:
    analysis = survival.survival_by_surgery(SURVIVAL_CASES[:3])
    chart = survival_charts.survival_chart("km", "Survival by operation", analysis)
    assert chart.scope.endswith("log-rank test not computable: no patient in the radical nephrectomy group")
    assert "no death" not in chart.scope
    assert chart.withheld == (
        "No comparison is drawn: no patient treated by radical nephrectomy reports both the status and "
        "the follow-up time, so that arm of the chart would be empty."
    )
    go.Figure(chart.figure)


def test_a_comparison_without_deaths_gives_that_reason_only() -> None:
    alive = [case for case in SURVIVAL_CASES if case.id in ("a", "d")]
    chart = survival_charts.survival_chart("km", "By operation", survival.survival_by_surgery(alive))
    assert chart.scope.endswith("; log-rank test not computable: no death in either group")
    assert chart.withheld is None


def timed(case_id: str, surgery: str, months: int, status: str) -> Case:
    return make(
        case_id, treatment={"surgery": surgery}, outcome={"follow_up_months": months, "status": status}
    )


def test_with_enough_deaths_the_median_comes_with_its_interval_and_the_p_value_is_shown() -> None:
    local = [timed(f"l{i}", "local excision", 10 * (i + 1), "DOD") for i in range(6)]
    radical = [
        timed(f"r{i}", "radical nephrectomy", 12 * (i + 1), "NED" if i % 2 else "DOD") for i in range(4)
    ]
    chart = survival_charts.survival_chart(
        "km", "By operation", survival.survival_by_surgery(local + radical)
    )
    assert "; log-rank p = " in chart.scope
    steps, _ = chart.tables
    assert "Local excision: median 30 months (95% CI " in steps.caption
    assert "Radical nephrectomy: no median estimated, 2 deaths (fewer than 5)" in steps.caption


def test_a_curve_whose_patients_share_one_operation_says_so() -> None:
    local = [case for case in SURVIVAL_CASES if case.treatment.surgery == "local excision"]
    chart = survival_charts.survival_chart("os", "Overall survival", survival.overall_survival(local))
    assert chart.scope.endswith("; all 3 had a local excision")
    mixed = survival_charts.survival_chart(
        "os", "Overall survival", survival.overall_survival(SURVIVAL_CASES)
    )
    assert mixed.scope.endswith("; operations: 3 local excision, 2 radical nephrectomy")


def test_not_reported_notes_agree_in_number_and_name_the_subgroup() -> None:
    one = charts.category_chart("s", "Side", Tally("side", {"left": 0}, 0, 1), phrase="reported side")
    assert one.notes[0] == "1 of 1 case did not report this; it is shown as “not reported”, not guessed."
    all_of_them = charts.category_chart("s", "Side", Tally("side", {"left": 3}, 3, 0), phrase="reported side")
    assert all_of_them.notes[0] == "All 3 cases reported this."
    who = ("patient given adjuvant therapy", "patients given adjuvant therapy")
    kinds = charts.category_chart(
        "k", "Kinds", Tally("k", {"other": 1}, 1, 0), phrase="named the kind", who=who
    )
    assert kinds.notes[0] == "The one patient given adjuvant therapy reported this."


def test_bars_show_percentages_from_ten_reporting() -> None:
    tally = Tally("sex", {"female": 7, "male": 3}, reported=10, not_reported=0)
    chart = charts.category_chart("sex", "Sex", tally, phrase="reported sex")
    assert chart.figure["data"][0]["text"][:2] == ["7 (70%)", "3 (30%)"]


def test_completeness_chart_has_one_square_per_field_and_case() -> None:
    cases = [make("a", patient={"sex": "female"}), make("b", patient={"sex": "male", "age_years": 40})]
    matrix = stats.completeness(cases)
    chart = completeness_charts.completeness_chart("completeness", "Completeness", matrix)
    reported, missing = chart.figure["data"]
    assert len(reported["x"]) == 3 and len(missing["x"]) == 2 * len(matrix.fields) - 3
    assert chart.figure["layout"]["xaxis"]["ticktext"] == ["a", "b"]
    counts, full = chart.tables
    assert counts.rows[0] == ("Patient", "Age (years)", 1, 1, 50)
    assert counts.rows[1] == ("Patient", "Sex", 2, 0, 100)
    assert full.collapsed and full.columns == ("field", "a", "b")
    assert full.rows[0] == ("Patient · Age (years)", 0, 1)  # the name the case page shows, not the path
    go.Figure(chart.figure)


def test_every_figure_uses_basic_bundle_traces_and_the_palette() -> None:
    cases = SURVIVAL_CASES + [
        make("g", patient={"sex": "female", "age_years": 50, "country": "Japan"}, tumour={"side": "left"})
    ]
    built = [
        charts.category_chart("sex", "Sex", stats.sex(cases), phrase="reported sex"),
        charts.numeric_chart("follow-up", "Follow-up", stats.follow_up(cases), phrase="reported follow-up"),
        survival_charts.survival_chart("os", "Overall survival", survival.overall_survival(cases)),
        survival_charts.survival_chart("km", "By operation", survival.survival_by_surgery(cases)),
        completeness_charts.completeness_chart("c", "Completeness", stats.completeness(cases)),
    ]
    for chart in built:
        go.Figure(chart.figure)  # raises on any property plotly does not know
        assert {trace["type"] for trace in chart.figure["data"]} <= {"bar", "scatter"}
        data_colours = colours_in(chart.figure["data"])
        assert data_colours and data_colours <= OKABE_ITO | GREYS
        swaps = chart.figure["layout"]["meta"]["darkColors"]
        assert set(swaps.values()) <= OKABE_ITO | GREYS | BANDS


@pytest.mark.parametrize(
    ("scope", "lines"),
    [
        ("n = 1 of 1 case reported sex", ["n = 1 of 1 case reported sex"]),
        (
            "n = 12 of 40 cases reported status and follow-up time; 5 deaths; log-rank p = 0.43",
            ["n = 12 of 40 cases reported status and follow-up time; 5 deaths", "log-rank p = 0.43"],
        ),
    ],
)
def test_long_subtitles_wrap_at_their_separators(scope: str, lines: list[str]) -> None:
    assert charts.subtitle_lines(scope) == lines


def test_a_large_matrix_drops_hover_labels_and_keeps_the_full_table_for_csv() -> None:
    cases = [
        make(f"c{i}", patient={"sex": "female"}) for i in range(completeness_charts.MATRIX_DETAIL_LIMIT + 1)
    ]
    chart = completeness_charts.completeness_chart("completeness", "Completeness", stats.completeness(cases))
    assert all("customdata" not in trace for trace in chart.figure["data"])
    reported, missing = chart.figure["data"]  # a stacked bar per field instead of a square per value
    assert reported["type"] == missing["type"] == "bar" and chart.figure["layout"]["barmode"] == "stack"
    matrix = stats.completeness(cases)
    assert len(reported["x"]) == len(matrix.fields)
    totals = [r + m for r, m in zip(reported["x"], missing["x"], strict=True)]
    assert totals == [len(cases)] * len(matrix.fields)
    assert reported["x"][[f.path for f in matrix.fields].index("patient.sex")] == len(cases)
    go.Figure(chart.figure)
    counts, full = chart.tables
    assert counts.on_page and not full.on_page
    assert len(full.columns) == completeness_charts.MATRIX_DETAIL_LIMIT + 2
    assert any("CSV only" in note for note in chart.notes)
    small = completeness_charts.completeness_chart(
        "completeness", "Completeness", stats.completeness(cases[:3])
    )
    assert all("customdata" in trace for trace in small.figure["data"]) and small.tables[1].on_page


def test_survival_hover_answers_between_steps_with_interval_and_numbers_at_risk() -> None:
    analysis = survival.overall_survival(SURVIVAL_CASES)
    chart = survival_charts.survival_chart("os", "Overall survival", analysis)
    hover = chart.figure["data"][-1]
    assert hover["marker"]["opacity"] == 0 and "at risk" in hover["hovertemplate"]
    assert "%{customdata[0]}" in hover["hovertemplate"] and "%{y:.1f}% alive" in hover["hovertemplate"]
    (curve,) = analysis.curves
    first = curve.steps[0]  # the death at 12 months: 4 of 5 → 80%
    between = [(x, y, data) for x, y, data in zip(hover["x"], hover["y"], hover["customdata"], strict=True)]
    inside = [point for point in between if 12 < point[0] < 18]
    assert len(inside) >= 3  # answers between the steps, not only at them
    for x, y, (interval, at_risk) in inside:
        assert y == 80
        assert interval == f"95% CI {100 * first.low:.1f}–{100 * first.high:.1f}%"
        assert at_risk == sum(1 for o in curve.observations if o.months >= x) == 4
    x, y, (interval, at_risk) = between[0]
    assert (x, y, at_risk) == (0, 100, 5) and interval == "95% CI: not defined (no death yet)"
    assert all(
        trace.get("hoverinfo") == "skip" for trace in chart.figure["data"] if trace.get("mode") == "lines"
    )
