"""Finding patients like mine in the case browser: age and size ranges, outcome data, empty results.

Runs on the real site and on the varied synthetic one (ages and sizes missing in some cases,
outcome data in some): the expected rows are computed here from the loaded cases, so a range
filter that drops or keeps the wrong cases, or drops cases without the value silently, fails.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atlas.cases.model import Case
from tests.browser.test_case_browser import assert_clean, count_text, listed_ids, open_browser, value_of
from tests.conftest import ServedSite

pytestmark = pytest.mark.browser


@pytest.fixture
def site(served_site: ServedSite) -> ServedSite:
    return served_site


def bound(page, key: str, which: str):
    return page.locator(f'input[data-filter="{key}"][data-bound="{which}"]')


def expect_listed(page, site: ServedSite, expected: list[str]) -> None:
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    limit = int(page.get_attribute("table[data-atlas-cases]", "data-page-size"))
    assert listed_ids(page) == expected[:limit]


def middle_range(site: ServedSite, column: str) -> tuple[float, float]:
    values = sorted({value_of(c, column, site.corpus) for c in site.cases} - {None})
    assert len(values) >= 2, column
    return values[len(values) // 4], values[(3 * len(values)) // 4]


def in_range(case: Case, site: ServedSite, column: str, low: float, high: float, *, missing: bool) -> bool:
    value = value_of(case, column, site.corpus)
    return missing if value is None else low <= value <= high


@pytest.mark.parametrize("column", ["age", "size"])
def test_range_filter_keeps_the_cases_in_range_and_says_which_lack_the_value(
    page, site: ServedSite, column: str
) -> None:
    open_browser(page, site)
    low, high = middle_range(site, column)
    without = [c for c in site.cases if value_of(c, column, site.corpus) is None]
    bound(page, column, "min").fill(f"{low:g}")
    bound(page, column, "max").fill(f"{high:g}")
    expected = [c.id for c in site.cases if in_range(c, site, column, low, high, missing=True)]
    expect_listed(page, site, expected)
    include = bound(page, column, "missing")
    if without:
        # Cases without the value are listed by default, and the page says how many of them there are.
        expect(include).to_be_checked()
        label = page.locator(f'[data-range="{column}"]')
        expect(label).to_contain_text(f"include the {len(without)} case{'' if len(without) == 1 else 's'}")
        word = {"age": "age", "size": "size"}[column]
        expect(page.locator("[data-atlas-note]")).to_have_text(
            f"Of these: {len(without)} listed with no {word} reported."
        )
        include.uncheck()
        expected = [c.id for c in site.cases if in_range(c, site, column, low, high, missing=False)]
        expect_listed(page, site, expected)
        expect(page.locator("[data-atlas-note]")).to_have_text(
            f"Of these: cases with no {word} reported are left out."
        )
    else:
        assert include.count() == 0
    page.get_by_role("button", name="Clear filters").click()
    expect_listed(page, site, [c.id for c in site.cases])
    expect(page.locator("[data-atlas-note]")).to_have_text("")
    assert_clean(page)


def test_age_and_size_ranges_combine(page, site: ServedSite) -> None:
    open_browser(page, site)
    age_low, age_high = middle_range(site, "age")
    size_low, size_high = middle_range(site, "size")
    bound(page, "age", "min").fill(f"{age_low:g}")
    bound(page, "age", "max").fill(f"{age_high:g}")
    bound(page, "size", "max").fill(f"{size_high:g}")
    if bound(page, "size", "missing").count():
        bound(page, "size", "missing").uncheck()
    expected = [
        c.id
        for c in site.cases
        if in_range(c, site, "age", age_low, age_high, missing=True)
        and in_range(c, site, "size", float("-inf"), size_high, missing=False)
    ]
    expect_listed(page, site, expected)
    assert_clean(page)


def test_a_year_range_over_the_whole_span_drops_no_case(page, site: ServedSite) -> None:
    """The bounds shown as the span of the cases, typed in, leave every case listed, undated ones too."""
    open_browser(page, site)
    years = sorted({value_of(c, "year", site.corpus) for c in site.cases} - {None})
    span = page.locator('[data-range="year"] legend')
    expect(span).to_contain_text(f"{years[0]}–{years[-1]}")
    bound(page, "year", "min").fill(str(years[0]))
    bound(page, "year", "max").fill(str(years[-1]))
    expect_listed(page, site, [c.id for c in site.cases])
    assert_clean(page)


def test_placeholders_do_not_look_like_values(page, site: ServedSite) -> None:
    open_browser(page, site)
    for key in ("age", "size", "year"):
        for which in ("min", "max"):
            control = bound(page, key, which)
            assert control.input_value() == "" and control.get_attribute("placeholder") == "any"
            style = control.evaluate(
                "e => { const s = getComputedStyle(e, '::placeholder'); return [s.fontStyle, s.color]; }"
            )
            typed = control.evaluate("e => getComputedStyle(e).color")
            assert style[0] == "italic" and style[1] != typed, (key, which, style, typed)


def test_outcome_data_is_marked_and_filters(page, site: ServedSite) -> None:
    open_browser(page, site)

    def has_outcome(case: Case) -> bool:
        return value_of(case, "status", site.corpus) is not None or (
            value_of(case, "follow_up", site.corpus) is not None
        )

    keys = page.eval_on_selector_all("table[data-atlas-cases] thead th", "ths => ths.map(t => t.dataset.key)")
    at = keys.index("outcome")
    shown = page.eval_on_selector_all(
        "table[data-atlas-cases] tbody tr",
        f"rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[{at}].textContent])",
    )
    marks = {case.id: ("yes" if has_outcome(case) else "no") for case in site.cases}
    assert {case_id: mark for case_id, mark in shown} == {case_id: marks[case_id] for case_id, _ in shown}
    page.locator('select[data-filter="outcome"]').select_option(value="yes")
    expect_listed(page, site, [c.id for c in site.cases if has_outcome(c)])
    page.locator('select[data-filter="outcome"]').select_option(value="no")
    expect_listed(page, site, [c.id for c in site.cases if not has_outcome(c)])
    assert_clean(page)


def test_a_filter_that_matches_nothing_says_so_and_clears(page, site: ServedSite) -> None:
    open_browser(page, site)
    empty = page.locator("[data-atlas-empty]")
    expect(empty).to_be_hidden()
    page.locator('input[data-filter="text"]').fill("no case has this text zzqx")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(0, len(site.cases)))
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No case matches these filters.")
    page.get_by_role("button", name="Clear all filters").click()
    expect_listed(page, site, [c.id for c in site.cases])
    expect(empty).to_be_hidden()
    assert page.locator('input[data-filter="text"]').input_value() == ""
    assert_clean(page)


def test_every_sortable_column_looks_sortable_before_a_click(page, site: ServedSite) -> None:
    open_browser(page, site)
    cues = page.eval_on_selector_all(
        "table[data-atlas-cases] thead th",
        """cells => cells.map(th => [th.dataset.key, !!th.querySelector('button'),
            getComputedStyle(th.querySelector('.atlas-sort-arrow'), '::after').content])""",
    )
    assert cues[0][2] == '" ▲"'  # sorted by case at first
    for key, button, arrow in cues[1:]:
        assert button and arrow == '" ⇅"', key
    assert_clean(page)
