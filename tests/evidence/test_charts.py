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
    # The table and its CSV follow the bars: no percentage of 3 (recount L-3).
    assert table.rows == (("female", 2, None, 0), ("male", 1, None, 0), ("not reported", 2, None, None))
    assert (
        table.caption == "Sex: patients per category; of the 3 reporting; no percentages below 10 reporting."
    )
    assert csv_rows(charts.table_csv(table)) == [
        ["category", "patients", "percent of those reporting", "of them inferred"],
        ["female", "2", "", "0"],
        ["male", "1", "", "0"],
        ["not reported", "2", "", ""],
    ]
    assert table.display_rows()[-1] == ["not reported", "2", "—", "—"]
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
    assert rows["abdominal pain"] == (2, None, 0) and rows["weight loss"] == (1, None, 0)
    assert rows["haematuria"] == (0, None, 0) and rows["not reported"] == (1, None, None)
    assert charts.MULTI_VALUED_NOTE in chart.notes


def test_nobody_reporting_gives_no_chart_table_or_csv() -> None:
    """Usability N-15: "Sites of distant metastasis" was drawn for 0 of 1 reporting."""
    chart = charts.category_chart("side", "Side", stats.side([make("a"), make("b")]), phrase="reported side")
    assert chart.scope == "n = 0 of 2 cases reported side"
    assert chart.withheld == "Nobody reported this, so there is nothing to draw."
    assert chart.tables == () and chart.notes == ()
    ages = charts.numeric_chart("age", "Age", stats.age([make("a")]), phrase="reported age")
    assert ages.scope == "n = 0 of 1 case reported age" and ages.withheld and ages.tables == ()


def test_empty_corpus_chart_is_still_a_valid_figure() -> None:
    chart = charts.category_chart("sex", "Sex", stats.sex([]), phrase="reported sex")
    assert chart.scope == "n = 0 of 0 cases reported sex"
    assert chart.withheld == "No case to count, so there is nothing to draw."
    go.Figure(chart.figure)
    who = ("patient given adjuvant therapy", "patients given adjuvant therapy")
    kinds = charts.category_chart("k", "Kinds", Tally("k", {"other": 0}), phrase="named the kind", who=who)
    assert kinds.withheld == "No patient given adjuvant therapy to count, so there is nothing to draw."


def test_numeric_chart_gives_median_range_and_every_value() -> None:
    cases = [make(f"c{i}", patient={"age_years": a}) for i, a in enumerate([34, 41, 47, 61, 66])]
    chart = charts.numeric_chart("age", "Age", stats.age(cases + [make("x")]), phrase="reported age")
    assert chart.scope == "n = 5 of 6 cases reported age; median 47 years (range 34–66)"
    bar = chart.figure["data"][0]
    assert bar["x"] == ["30–39 years", "40–49 years", "50–59 years", "60–69 years", "not reported"]
    assert bar["y"] == [1, 2, 0, 2, 1]
    assert "Every reported value (years): 34, 41, 47, 61, 66." in chart.notes
    assert chart.tables[0].rows[-1] == ("not reported", 1, None, None)
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


# Five patients in each arm: both curves are drawn.
ARMS = SURVIVAL_CASES + [
    make("g", treatment={"surgery": "local excision"}, outcome={"follow_up_months": 40, "status": "NED"}),
    make("h", treatment={"surgery": "local excision"}, outcome={"follow_up_months": 60, "status": "NED"}),
    make("i", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 6, "status": "NED"}),
    make(
        "j", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 24, "status": "DOD"}
    ),
    make(
        "k", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 48, "status": "NED"}
    ),
]


def test_survival_chart_steps_censoring_and_numbers_at_risk() -> None:
    analysis = survival.survival_by_surgery(ARMS)
    chart = survival_charts.survival_chart("km", "Survival by operation", analysis)
    assert chart.scope == (
        "n = 10 of 11 cases reported status and follow-up time; 4 deaths; "
        "no log-rank test shown: only 4 deaths (fewer than 5)"
    )
    assert chart.withheld is None
    radical_line, radical_censored, local_line, local_censored, at_risk, *_hover = chart.figure["data"]
    # Radical nephrectomy: censored at 6; deaths at 12 (4 at risk) -> 75%, at 24 (3 at risk) -> 50%.
    assert (radical_line["x"], radical_line["y"]) == ([0, 6, 12, 24, 30, 48], [100, 100, 75, 50, 50, 50])
    assert (radical_censored["x"], radical_censored["y"]) == ([6, 30, 48], [100, 50, 50])
    assert radical_line["name"] == "Radical nephrectomy (n = 5, 2 deaths)"
    # Local excision: death at 18 (5 at risk) -> 80%; at 72 (2 at risk) -> 40%; censored at 40, 60, 78.
    assert (local_line["x"], local_line["y"]) == ([0, 18, 40, 60, 72, 78], [100, 80, 80, 80, 40, 40])
    assert (local_censored["x"], local_censored["y"]) == ([40, 60, 78], [80, 80, 40])
    assert local_line["line"]["shape"] == "hv"
    assert at_risk["x"] == [0, 24, 48, 72] * 2
    assert at_risk["text"] == ["5", "3", "1", "0", "5", "4", "3", "2"]
    steps, risk = chart.tables
    assert risk.columns == ("group", "0 months", "24 months", "48 months", "72 months")
    assert risk.rows == (("Radical nephrectomy", 5, 3, 1, 0), ("Local excision", 5, 4, 3, 2))
    assert steps.rows[1][:6] == ("Radical nephrectomy", 12.0, 4, 1, 0, 75.0)
    assert "Local excision: no median estimated, 2 deaths (fewer than 5)" in steps.caption
    assert any("1 of 11 cases lack the status or the follow-up time" in note for note in chart.notes)
    assert (
        "Local excision: after 18 months only 4 patients remain followed: the fall from 80.0% to 40.0% at "
        "72 months is 1 death among the 2 still followed." in chart.notes
    )
    assert survival_charts.SURVIVAL_CAVEAT in chart.notes
    go.Figure(chart.figure)


def test_an_arm_of_fewer_than_five_patients_is_counted_not_drawn() -> None:
    """Recount L-1, usability N-5: one radical nephrectomy drawn flat at 100% beside local excision."""
    one = [case for case in ARMS if case.id in ("a", "b", "c", "g", "h", "d")]
    chart = survival_charts.survival_chart("km", "By operation", survival.survival_by_surgery(one))
    assert chart.scope == (
        "n = 6 of 6 cases reported status and follow-up time; 2 deaths; "
        "1 patient after radical nephrectomy: too few to draw, so no log-rank test"
    )
    assert chart.withheld is None
    lines = [trace["name"] for trace in chart.figure["data"] if trace.get("mode") == "lines"]
    assert lines == ["Local excision (n = 5, 2 deaths)"]
    assert chart.figure["data"][0]["line"]["color"] == charts.VERMILLION  # the arm keeps its colour
    steps, risk = chart.tables
    assert {row[0] for row in steps.rows} == {"Local excision"} and [r[0] for r in risk.rows] == [
        "Local excision"
    ]
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


def test_survival_chart_without_a_curve_to_draw_says_so() -> None:
    analysis = survival.survival_by_surgery(SURVIVAL_CASES[:3])
    chart = survival_charts.survival_chart("km", "Survival by operation", analysis)
    assert chart.scope.endswith(
        "; no patient after radical nephrectomy: nothing to draw; "
        "3 patients after local excision: too few to draw, so no log-rank test"
    )
    assert "no death" not in chart.scope
    assert chart.withheld == "No curve is drawn for fewer than 5 patients."
    assert chart.tables == ()
    go.Figure(chart.figure)


def test_a_comparison_without_deaths_gives_that_reason_only() -> None:
    alive = [timed(f"l{i}", "local excision", 10 + i, "NED") for i in range(5)]
    alive += [timed(f"r{i}", "radical nephrectomy", 20 + i, "AWD") for i in range(5)]
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
        timed(f"r{i}", "radical nephrectomy", 12 * (i + 1), "NED" if i % 2 else "DOD") for i in range(5)
    ]
    chart = survival_charts.survival_chart(
        "km", "By operation", survival.survival_by_surgery(local + radical)
    )
    assert "; log-rank p = " in chart.scope
    steps, _ = chart.tables
    assert "Local excision: median 30 months (95% CI " in steps.caption
    assert "Radical nephrectomy: no median estimated, 3 deaths (fewer than 5)" in steps.caption


def test_a_curve_whose_patients_share_one_operation_says_so() -> None:
    local = [case for case in SURVIVAL_CASES if case.treatment.surgery == "local excision"]
    chart = survival_charts.survival_chart("os", "Overall survival", survival.overall_survival(local))
    assert chart.scope.endswith("; all 3 had a local excision")
    mixed = survival_charts.survival_chart(
        "os", "Overall survival", survival.overall_survival(SURVIVAL_CASES)
    )
    assert mixed.scope.endswith("; operations: 3 local excision, 2 radical nephrectomy")


def test_not_reported_notes_agree_in_number_and_name_the_subgroup() -> None:
    one = charts.category_chart("s", "Side", Tally("side", {"left": 1}, 1, 1), phrase="reported side")
    assert one.notes[0] == "1 of 2 cases did not report this; it is shown as “not reported”, not guessed."
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
    assert chart.tables[0].rows[:2] == (("female", 7, 70, 0), ("male", 3, 30, 0))  # the table agrees
    assert chart.tables[0].caption == "Sex: patients per category; percentages are of the 10 reporting."


@pytest.mark.parametrize(
    ("count", "of", "share"), [(1, 8, 13), (5, 8, 63), (1, 3, 33), (2, 3, 67), (0, 5, 0)]
)
def test_percentages_round_half_up_as_by_hand(count: int, of: int, share: int) -> None:
    """Recount M-5: 1 of 8 is 12.5%, which Python's round() makes 12 and a reader 13."""
    assert charts.percent(count, of) == share


def test_tables_give_no_percentage_below_ten_reporting() -> None:
    """Recount L-3: "100% of 1" in a table and its CSV beside a bar that reads "1 of 1"."""
    assert charts.table_percent(1, 1) is None and charts.table_percent(6, 9) is None
    assert charts.table_percent(8, 13) == 62 and charts.table_percent(1, 10) == 10


def test_inferred_values_are_marked_in_the_scope_bars_table_and_notes() -> None:
    """Recount L-6: "radical nephrectomy 5" held 2 values the curators inferred, unmarked."""
    tally = Tally(
        "surgery", {"radical nephrectomy": 5, "local excision": 8}, 13, 1, {"radical nephrectomy": 2}, 2
    )
    chart = charts.category_chart("surgery", "Operation", tally, phrase="reported the operation")
    assert chart.scope == "n = 13 of 14 cases reported the operation (2 of them inferred)"
    assert chart.figure["data"][0]["text"][:2] == ["5 (38%; 2 inferred)", "8 (62%)"]
    assert chart.tables[0].rows[:2] == (("radical nephrectomy", 5, 38, 2), ("local excision", 8, 62, 0))
    assert (
        "2 of the 13 values were deduced by the curators rather than stated by the source: counted, and "
        "marked “inferred”; the case pages say how each was deduced." in chart.notes
    )
    small = Tally("sex", {"female": 2, "male": 1}, 3, 0, {"female": 1}, 1)
    bars = charts.category_chart("sex", "Sex", small, phrase="reported sex").figure["data"][0]["text"]
    assert bars == ["2 of 3 (1 inferred)", "1 of 3", "0"]


def test_every_value_of_a_numeric_chart_says_which_is_inferred() -> None:
    cases = [
        make("a", outcome={"follow_up_months": 24, "follow_up_counted_from": "diagnosis"}),
        make("b", outcome={"follow_up_months": 30}),
    ]
    cases[0] = cases[0].model_copy(update={"inferred": ["outcome.follow_up_months"]})
    chart = charts.numeric_chart("fu", "Follow-up", stats.follow_up(cases), phrase="reported follow-up")
    assert (
        chart.scope
        == "n = 2 of 2 cases reported follow-up (1 of them inferred); median 27 months (range 24–30)"
    )
    assert "Every reported value (months): 24 (inferred), 30." in chart.notes
    assert chart.figure["data"][0]["text"][2] == "2 of 2 (1 inferred)"


def test_completeness_chart_has_one_square_per_field_and_case() -> None:
    cases = [make("a", patient={"sex": "female"}), make("b", patient={"sex": "male", "age_years": 40})]
    matrix = stats.completeness(cases)
    chart = completeness_charts.completeness_chart("completeness", "Completeness", matrix)
    reported, missing = chart.figure["data"]
    assert len(reported["x"]) == 3 and len(missing["x"]) == 2 * len(matrix.fields) - 3
    assert chart.figure["layout"]["xaxis"]["ticktext"] == ["a", "b"]
    counts, full = chart.tables
    assert counts.rows[0] == ("Patient", "Age (years)", 1, 1, None, 0)  # no percentage of 2 cases
    assert counts.rows[1] == ("Patient", "Sex", 2, 0, None, 0)
    assert full.collapsed and full.columns == ("field", "a", "b")
    assert full.rows[0] == ("Patient · Age (years)", 0, 1)  # the name the case page shows, not the path
    go.Figure(chart.figure)


def test_the_matrix_gives_inferred_values_their_own_square_count_and_cell() -> None:
    """Recount L-6: "a filled square where the case's source reports the value" held inferred values."""
    cases = [
        make("a", patient={"sex": "female"}, inferred=["patient.sex"]),
        make("b", patient={"sex": "male", "age_years": 40}),
    ]
    matrix = stats.completeness(cases)
    chart = completeness_charts.completeness_chart("completeness", "Completeness", matrix)
    cells = 2 * len(matrix.fields)
    share = int(300 / cells + 0.5)  # rounded half up
    assert chart.scope.endswith(f"; 3 of {cells} values reported ({share}%), 1 of them inferred")
    stated, deduced, missing = chart.figure["data"]
    assert (stated["name"], deduced["name"], missing["name"]) == (
        "reported",
        "inferred by the curators",
        "not reported",
    )
    sex_row = [f.path for f in matrix.fields].index("patient.sex")
    assert (deduced["x"], deduced["y"]) == ([0], [sex_row]) and deduced["marker"]["symbol"] == "square-open"
    assert len(stated["x"]) == 2
    counts, full = chart.tables
    assert counts.rows[sex_row] == ("Patient", "Sex", 2, 0, None, 1)
    assert full.rows[sex_row] == ("Patient · Sex", "inferred", 1)
    assert any(note.startswith("An open square is a value the curators deduced") for note in chart.notes)
    go.Figure(chart.figure)


def test_every_figure_uses_basic_bundle_traces_and_the_palette() -> None:
    cases = ARMS + [
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
