"""Charts drawn as SVG: the marks and labels of each drawing say what the chart's table says.

Each test builds a chart as the atlas does, draws it, parses the SVG and reads the drawing back
(bar lengths, step corners, censor ticks, squares, the number-at-risk row, the texts), then
compares what it read with the chart's own table, not with the figure the SVG was drawn from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from atlas.evidence import charts, completeness_charts, reporting, reporting_charts, stats, survival
from atlas.evidence.chart_svg import chart_svg
from atlas.evidence.survival_charts import survival_chart
from atlas.evidence.svg_frame import ink
from atlas.evidence.svg_survival import LEFT, PLOT_PX
from atlas.evidence.svg_survival import WIDTH as KM_WIDTH
from tests.evidence.test_charts import ARMS, SURVIVAL_CASES, make

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[2] / "atlas" / "site" / "assets" / "css" / "atlas.css"
MOVE = re.compile(r"M([\d.]+) ([\d.]+)")
CORNER = re.compile(r"[ML]([\d.]+) ([\d.]+)")


def parse(svg: str | None) -> etree._Element:
    assert svg is not None
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    return root


def texts(root: etree._Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def bar_rows(root: etree._Element) -> list[tuple[str, list[float], str]]:
    """(label, bar widths, text after the bar) read from the drawing, top to bottom."""
    rows: list[tuple[str, list[float], str]] = []
    label: list[str] = []
    for element in root:
        tag = element.tag.removeprefix(SVG)
        if tag == "text" and not element.get("class"):
            label.append(element.text or "")
        elif tag == "rect":
            if label:
                rows.append((" ".join(label), [], ""))
                label = []
            rows[-1][1].append(float(element.get("width")))
        elif tag == "path" and "M0 " in element.get("d", "") and element.get("d").endswith("v18") and label:
            rows.append((" ".join(label), [], ""))  # a bar of zero: only the baseline is drawn
            label = []
        elif tag == "text" and element.get("class") == "atlas-svg-value":
            name, widths, _ = rows[-1]
            rows[-1] = (name, widths, element.text or "")
    return rows


def expected_text(label: str, count: int, percent: int | None, reporting_count: int) -> str:
    """The label the table implies: "2 of 3" under 10 reporting, "7 (64%)" from 10, a bare count for the
    cases that did not report."""
    if label == "not reported":
        return str(count)
    return f"{count} of {reporting_count}" if reporting_count < 10 else f"{count} ({percent}%)"


def test_category_bars_have_the_tables_labels_counts_and_lengths() -> None:
    tally = stats.Tally("sex", {"female": 7, "male": 2}, reported=9, not_reported=3)
    chart = charts.category_chart("sex", "Sex", tally, phrase="reported sex")
    root = parse(chart_svg(chart))
    (table,) = chart.tables
    rows = bar_rows(root)
    assert [label for label, _, _ in rows] == [row[0] for row in table.rows]
    assert [text for _, _, text in rows] == [expected_text(*row[:3], 9) for row in table.rows]
    lengths = {row[0]: sum(widths) for row, (_, widths, _) in zip(table.rows, rows, strict=True)}
    unit = lengths["female"] / 7
    assert lengths == pytest.approx({row[0]: row[1] * unit for row in table.rows}, abs=0.15)
    assert root.find(f"{SVG}title").text == "Sex"
    assert root.find(f"{SVG}desc").text == "Sex. female: 7 of 9; male: 2 of 9; not reported: 3."
    grey = [r for r in root.iter(f"{SVG}rect") if r.get("class") == ink(charts.NOT_REPORTED_GREY)]
    assert len(grey) == 1 and float(grey[0].get("width")) == pytest.approx(3 * unit, abs=0.15)


def test_a_zero_count_draws_no_bar_but_keeps_its_label_and_text() -> None:
    tally = stats.Tally("side", {"left": 10, "right": 0}, reported=10, not_reported=0)
    root = parse(chart_svg(charts.category_chart("side", "Side", tally, phrase="reported side")))
    rows = bar_rows(root)
    assert [(label, text) for label, _, text in rows] == [
        ("left", "10 (100%)"),
        ("right", "0 (0%)"),
        ("not reported", "0"),
    ]
    assert [len(widths) for _, widths, _ in rows] == [1, 0, 0]


def test_numeric_bars_follow_the_bins_of_the_table() -> None:
    cases = [make(f"c{i}", patient={"age_years": age}) for i, age in enumerate((41, 45, 52, 67, 68, 69))]
    cases.append(make("none"))
    chart = charts.numeric_chart("age", "Age", stats.age(cases), phrase="reported age")
    (table,) = chart.tables
    rows = bar_rows(parse(chart_svg(chart)))
    assert [label for label, _, _ in rows] == [row[0] for row in table.rows]
    assert [text for _, _, text in rows] == [expected_text(*row[:3], 6) for row in table.rows]
    assert "median 59.5 years (range 41–69)" in " ".join(texts(parse(chart_svg(chart))))


def test_labels_from_contributors_are_text_in_the_svg() -> None:
    hostile = '<script>alert(1)</script> & "x"'
    tally = stats.Tally("country", {hostile: 1}, reported=1, not_reported=0)
    svg = chart_svg(charts.category_chart("country", "Country", tally, phrase="reported the country"))
    assert "<script" not in svg
    root = parse(svg)
    assert hostile in texts(root)
    assert hostile in root.find(f"{SVG}desc").text


def _km_points(path: str) -> list[tuple[float, float]]:
    """Step corners in data units (months, percent alive), read back through the drawing's axes."""
    return [(float(x), float(y)) for x, y in CORNER.findall(path)]


def test_survival_steps_censor_marks_and_numbers_at_risk_match_the_tables() -> None:
    chart = survival_chart("km", "By operation", survival.survival_by_surgery(ARMS))
    root = parse(chart_svg(chart))
    steps, risk = chart.tables
    curves = [p for p in root.iter(f"{SVG}path") if "atlas-svg-curve" in (p.get("class") or "")]
    curves = [p for p in curves if len(p.get("d")) > 20]  # the legend's swatches are 14 px strokes
    assert len(curves) == len(risk.rows) == 2
    longest = max(row[1] for row in steps.rows)
    grid = [
        float(m[2])
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "atlas-svg-grid"
        for m in [MOVE.match(p.get("d"))]
    ]
    top, bottom = min(grid), max(grid)  # 100 % and 0 %
    for curve, (group, *_counts) in zip(curves, risk.rows, strict=True):
        corners = _km_points(curve.get("d"))
        percents = sorted({round(100 * (bottom - y) / (bottom - top), 1) for _, y in corners}, reverse=True)
        rows = [row for row in steps.rows if row[0] == group]
        table = sorted({100.0, *(row[5] for row in rows)}, reverse=True)
        assert percents == pytest.approx(table, abs=0.11)
        xs = sorted({x for x, _ in corners})
        x_left, x_right = xs[0], xs[-1]
        months = [round((x - x_left) / (x_right - x_left) * max(row[1] for row in rows), 1) for x in xs]
        assert months == [0.0, *sorted({row[1] for row in rows})]
        assert x_right <= KM_WIDTH and x_left >= LEFT and x_right - x_left > 0
    censors = [p for p in root.iter(f"{SVG}path") if "atlas-svg-censor" in (p.get("class") or "")]
    censored = {group: sum(r[4] for r in steps.rows if r[0] == group) for group, *_ in risk.rows}
    assert [int(p.get("data-count")) for p in censors] == list(censored.values())
    assert [len(MOVE.findall(p.get("d"))) for p in censors] == list(censored.values())  # distinct times here
    risk_texts = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "atlas-svg-risk"]
    assert risk_texts == [str(n) for row in risk.rows for n in row[1:]]
    assert "Number at risk" in texts(root) and "months after surgery" in texts(root)
    assert longest == 78.0
    desc = root.find(f"{SVG}desc").text
    assert "Local excision (n = 5, 2 deaths): 100% alive at 0 months (5 at risk)" in desc
    assert "40% alive at 72 months (2 at risk)" in desc
    assert float(root.get("height")) > PLOT_PX


def test_the_single_curve_is_shaded_by_its_confidence_band() -> None:
    chart = survival_chart("os", "Overall survival", survival.overall_survival(SURVIVAL_CASES))
    root = parse(chart_svg(chart))
    bands = [p for p in root.iter(f"{SVG}path") if "atlas-svg-band" in (p.get("class") or "")]
    assert len(bands) == 1 and bands[0].get("d").endswith("Z")
    assert ink(charts.BAND_LIGHT) in bands[0].get("class")
    assert "95% confidence band" in texts(root)


def test_a_withheld_drawing_has_no_svg() -> None:
    chart = survival_chart("km", "By operation", survival.survival_by_surgery(SURVIVAL_CASES[:3]))
    assert chart.withheld and chart_svg(chart) is None


def _squares(path: etree._Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in MOVE.findall(path.get("d"))]


def test_matrix_squares_match_the_full_table_cell_by_cell() -> None:
    cases = [make("a", patient={"sex": "female"}), make("b", patient={"sex": "male", "age_years": 40})]
    chart = completeness_charts.completeness_chart("completeness", "Completeness", stats.completeness(cases))
    root = parse(chart_svg(chart))
    _, full = chart.tables
    reported, missing = (p for p in root.iter(f"{SVG}path") if p.get("data-state"))
    assert (reported.get("data-state"), missing.get("data-state")) == ("reported", "not reported")
    cells = _squares(reported) + _squares(missing)
    columns = sorted({x for x, _ in cells})
    rows = sorted({y for _, y in cells})
    assert len(columns) == len(full.columns) - 1 and len(rows) == len(full.rows)
    drawn = {(rows.index(y), columns.index(x)) for x, y in _squares(reported)}
    expected = {(i, j) for i, row in enumerate(full.rows) for j, value in enumerate(row[1:]) if value == 1}
    assert drawn == expected
    assert [t for t in texts(root) if t in ("a", "b")] == ["a", "b"]  # the case ids, above their columns
    assert "Patient · Age (years) (1/2)" in texts(root)


def test_stacked_bars_of_the_appraisal_items_match_their_counts() -> None:
    cases = [make("a", patient={"sex": "female", "age_years": 50}), make("b")]
    records = [reporting.record_completeness(case) for case in cases]
    chart = reporting_charts.item_completeness_chart("items", "Items", records)
    root = parse(chart_svg(chart))
    counts, _ = chart.tables
    rows = bar_rows(root)
    assert [label for label, _, _ in rows] == [row[0] for row in counts.rows]
    unit = None
    for (_, widths, _), row in zip(rows, counts.rows, strict=True):
        nonzero = [count for count in row[1:4] if count]
        assert len(widths) == len(nonzero)
        unit = unit or widths[0] / nonzero[0]
        assert widths == pytest.approx([count * unit for count in nonzero], abs=0.15)
    assert [t for t in texts(root) if t in reporting_charts.COLOURS] == list(reporting_charts.COLOURS)


def test_a_large_matrix_is_drawn_as_stacked_totals_per_field() -> None:
    cases = [
        make(f"c{i}", patient={"sex": "female"}) for i in range(completeness_charts.MATRIX_DETAIL_LIMIT + 1)
    ]
    chart = completeness_charts.completeness_chart("completeness", "Completeness", stats.completeness(cases))
    svg = chart_svg(chart)
    rows = bar_rows(parse(svg))
    counts, _ = chart.tables
    assert [label for label, _, _ in rows] == [f"{r[0]} · {r[1]} ({r[2]}/{len(cases)})" for r in counts.rows]
    full_width = sum(rows[0][1])
    assert all(sum(widths) == pytest.approx(full_width, abs=0.3) for _, widths, _ in rows)
    assert len(svg) < 40_000  # what scales with the fields only


def test_every_colour_of_a_drawing_has_a_rule_for_each_scheme() -> None:
    css = CSS.read_text(encoding="utf-8")
    colours = {charts.BLUE, charts.VERMILLION, charts.BLUISH_GREEN, charts.REDDISH_PURPLE, charts.ORANGE}
    colours |= {charts.NOT_REPORTED_GREY, charts.MATRIX_EMPTY_LIGHT, charts.BAND_LIGHT}
    for colour in colours:
        rule = re.search(rf"\.atlas-svg \.{ink(colour)} {{ color: ([^;]+); }}", css)
        assert rule and rule.group(1).replace(" ", "").lower() == colour.lower(), colour
    for light, dark in charts.DARK_SWAPS.items():
        rule = re.search(
            rf'\[data-md-color-scheme="slate"\] \.atlas-svg \.{ink(light)} {{ color: ([^;]+); }}', css
        )
        assert rule and rule.group(1).replace(" ", "").lower() == dark.lower(), light


def test_inferred_values_are_open_squares_where_the_full_table_says_inferred() -> None:
    """Recount L-6 in the drawing: a value the curators inferred is an outline, not a filled square."""
    cases = [
        make("a", patient={"sex": "female"}, inferred=["patient.sex"]),
        make("b", patient={"sex": "male", "age_years": 40}),
    ]
    chart = completeness_charts.completeness_chart("completeness", "Completeness", stats.completeness(cases))
    root = parse(chart_svg(chart))
    _, full = chart.tables
    paths = {p.get("data-state"): p for p in root.iter(f"{SVG}path") if p.get("data-state")}
    reported, inferred = paths["reported"], paths["inferred by the curators"]
    assert inferred.get("fill") == "none" and inferred.get("stroke") == "currentColor"
    assert reported.get("fill") == "currentColor"
    columns = sorted({x for x, _ in _squares(reported) + _squares(paths["not reported"])})
    rows = sorted({y for _, y in _squares(reported) + _squares(paths["not reported"])})
    drawn = {(rows.index(y - 1), columns.index(x - 1)) for x, y in _squares(inferred)}  # inset by 1 px
    expected = {
        (i, j) for i, row in enumerate(full.rows) for j, value in enumerate(row[1:]) if value == "inferred"
    }
    assert drawn == expected == {(next(i for i, r in enumerate(full.rows) if r[0] == "Patient · Sex"), 0)}
    legend = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "none"]
    assert len(legend) == 1, "the legend's swatch for inferred values is open too"
