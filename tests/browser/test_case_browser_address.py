"""The case browser keeps its filters and sort in the address (N-1): Back, Forward, reload, a shared
link and "Clear filters" all show what the address says, and a case opened from a filtered list
links back to it.

Runs on the real site (plain page loads) and on the varied synthetic one (Material's instant
navigation), so both ways of coming back to the list are exercised. Expected rows are computed
here from the loaded cases.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_case_browser import assert_clean, count_text, listed_ids, open_browser, value_of
from tests.conftest import ServedSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site(served_site: ServedSite) -> ServedSite:
    return served_site


def common_sex(site: ServedSite) -> str:
    """The sex most cases report, so that a filter on it keeps several rows."""
    values = [value_of(c, "sex", site.corpus) for c in site.cases]
    return max({v for v in values if v}, key=values.count)


def age_bounds(site: ServedSite) -> tuple[int, int]:
    ages = sorted({value_of(c, "age", site.corpus) for c in site.cases} - {None})
    return int(ages[len(ages) // 4]), int(ages[(3 * len(ages)) // 4])


def expected_ids(site: ServedSite, sex: str, low: float, high: float) -> list[str]:
    """Sex as chosen; age in range, cases without an age left out (the box unticked)."""
    return [
        c.id
        for c in site.cases
        if value_of(c, "sex", site.corpus) == sex
        and value_of(c, "age", site.corpus) is not None
        and low <= value_of(c, "age", site.corpus) <= high
    ]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def expect_rows(page, site: ServedSite, expected: list[str]) -> None:
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    assert (
        listed_ids(page) == expected[: int(page.get_attribute("table[data-atlas-cases]", "data-page-size"))]
    )


def filter_the_list(page, site: ServedSite) -> tuple[list[str], dict[str, list[str]]]:
    sex = common_sex(site)
    low, high = age_bounds(site)
    page.locator('select[data-filter="sex"]').select_option(value=sex)
    page.locator('input[data-filter="age"][data-bound="min"]').fill(str(low))
    page.locator('input[data-filter="age"][data-bound="max"]').fill(str(high))
    page.locator('input[data-filter="age"][data-bound="missing"]').uncheck()
    expected = expected_ids(site, sex, low, high)
    assert expected, "the filter must keep some cases"
    expect_rows(page, site, expected)
    wanted = {"sex": [sex], "age-from": [str(low)], "age-to": [str(high)], "age-missing": ["exclude"]}
    assert query(page) == wanted
    return expected, wanted


def expect_controls(page, wanted: dict[str, list[str]]) -> None:
    expect(page.locator('select[data-filter="sex"]')).to_have_value(wanted["sex"][0])
    expect(page.locator('input[data-filter="age"][data-bound="min"]')).to_have_value(wanted["age-from"][0])
    expect(page.locator('input[data-filter="age"][data-bound="max"]')).to_have_value(wanted["age-to"][0])
    expect(page.locator('input[data-filter="age"][data-bound="missing"]')).not_to_be_checked()


def open_first_case(page, expected: list[str]) -> None:
    page.locator("table[data-atlas-cases] tbody tr").first.get_by_role("link").click()
    page.wait_for_url(f"**/cases/{expected[0]}/")


def test_back_from_a_case_finds_the_same_rows(page, site: ServedSite) -> None:
    open_browser(page, site)
    expected, wanted = filter_the_list(page, site)
    open_first_case(page, expected)
    page.go_back()
    page.wait_for_url("**/cases/?*")
    expect_rows(page, site, expected)
    expect_controls(page, wanted)
    assert query(page) == wanted
    assert_clean(page)


def test_a_reload_keeps_the_filters_the_address_holds(page, site: ServedSite) -> None:
    """The finding's cause: a page reloaded from history with restored controls and an unfiltered table."""
    open_browser(page, site)
    expected, wanted = filter_the_list(page, site)
    page.reload()
    expect_rows(page, site, expected)
    expect_controls(page, wanted)
    assert_clean(page)


def test_a_shared_address_opens_the_list_filtered_and_sorted(page, site: ServedSite) -> None:
    sex = common_sex(site)
    low, high = age_bounds(site)
    page.goto(f"{site.url}/cases/?sex={sex}&age-from={low}&age-to={high}&age-missing=exclude&sort=-age")
    expected = expected_ids(site, sex, low, high)
    ages = {c.id: value_of(c, "age", site.corpus) for c in site.cases}
    # Oldest first; equal ages keep the table's (id) order.
    expected = sorted(expected, key=lambda i: -ages[i])
    expect_rows(page, site, expected)
    expect(page.locator('th[data-key="age"]')).to_have_attribute("aria-sort", "descending")
    expect_controls(page, {"sex": [sex], "age-from": [str(low)], "age-to": [str(high)]})
    assert_clean(page)


def test_forward_returns_to_the_case_and_clear_empties_the_address(page, site: ServedSite) -> None:
    open_browser(page, site)
    expected, wanted = filter_the_list(page, site)
    page.locator('th[data-key="age"]').get_by_role("button").click()
    assert query(page) == {**wanted, "sort": ["age"]}
    expected = listed_ids(page)
    open_first_case(page, expected)
    page.go_back()
    page.wait_for_url("**/cases/?*")
    page.go_forward()
    page.wait_for_url(f"**/cases/{expected[0]}/")
    page.go_back()
    page.wait_for_url("**/cases/?*")
    assert listed_ids(page) == expected
    expect(page.locator('th[data-key="age"]')).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    assert query(page) == {"sort": ["age"]}  # the filters are gone; the order the reader chose stays
    page.locator('th[data-key="id"]').get_by_role("button").click()  # the table's own order again
    assert urlsplit(page.url).query == "" and page.url.endswith("/cases/")
    assert_clean(page)


def test_a_case_opened_from_a_filtered_list_links_back_to_it(page, site: ServedSite) -> None:
    open_browser(page, site)
    expected, wanted = filter_the_list(page, site)
    open_first_case(page, expected)
    back = page.locator("a[data-atlas-return]").first
    expect(back).to_have_text(f"Back to the filtered list ({count_text(len(expected), len(site.cases))})")
    back.click()
    page.wait_for_url("**/cases/?*")
    expect_rows(page, site, expected)
    assert query(page) == wanted
    # Reached another way, the same case page links to the whole list.
    page.goto(f"{site.url}/")
    page.goto(f"{site.url}/cases/{site.cases[-1].id}/")
    expect(page.locator("a[data-atlas-return]").first).to_have_text("All cases in the case browser")
    assert_clean(page)


def test_values_the_data_cannot_have_are_not_applied(page, site: ServedSite) -> None:
    page.goto(f"{site.url}/cases/?sex=%3Cb%3Eother&age-from=abc&sort=nonsense&q=")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    expect(page.locator('select[data-filter="sex"]')).to_have_value("")
    assert urlsplit(page.url).query == ""  # the address says what is applied: nothing
    assert page.locator("b").filter(has_text="other").count() == 0
    assert_clean(page)


def test_not_reported_is_a_choice_of_the_address_too(page, site: ServedSite) -> None:
    missing = [c.id for c in site.cases if value_of(c, "side", site.corpus) is None]
    if not missing:
        pytest.skip("every case of this site reports the side")
    page.goto(f"{site.url}/cases/?side=not-reported")
    expect_rows(page, site, missing)
    expect(page.locator('select[data-filter="side"]')).to_have_value("—")
    assert_clean(page)


def test_the_key_points_open_the_browser_with_the_patient_described_there(page, site_url: str) -> None:
    """N-9: the key points end with "Published patients like yours", a form whose fields are the
    browser's own filters (same names, values the browser offers)."""
    from atlas.inputs import load_corpus
    from tests.conftest import ROOT

    site = ServedSite(site_url, load_corpus(ROOT)[0])
    page.goto(f"{site_url}/review/key-points/")
    form = page.locator("form[data-atlas-like-yours]")
    expect(page.get_by_role("heading", name="Published patients like yours")).to_be_visible()
    offered = form.locator("select").evaluate_all(
        "selects => selects.map(s => [s.name, [...s.options].map(o => o.value).filter(Boolean)])"
    )
    sex = common_sex(site)
    low, high = age_bounds(site)
    form.locator('select[name="sex"]').select_option(value=sex)
    form.locator('input[name="age-from"]').fill(str(low))
    form.locator('input[name="age-to"]').fill(str(high))
    form.get_by_role("button", name="Show published patients like yours").click()
    page.wait_for_url("**/cases/?*")
    # Cases without an age stay listed (the browser's default), and the page says how many.
    expected = [
        c.id
        for c in site.cases
        if value_of(c, "sex", site.corpus) == sex
        and (value_of(c, "age", site.corpus) is None or low <= value_of(c, "age", site.corpus) <= high)
    ]
    expect_rows(page, site, expected)
    # The empty side the form sent is not a filter, and the address keeps only what is applied.
    assert query(page) == {"sex": [sex], "age-from": [str(low)], "age-to": [str(high)]}
    for name, values in offered:
        browser_values = page.locator(f'form[data-atlas-filters] select[name="{name}"] option').evaluate_all(
            "options => options.map(o => o.value)"
        )
        assert set(values) <= set(browser_values), (name, values, browser_values)
    assert_clean(page)


def test_back_to_top_stays_clear_of_the_filters_on_a_phone(browser, varied_site_url: str) -> None:
    """N-14: Material's "Back to top" button, shown while scrolling up, no longer covers the filters."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(f"{varied_site_url}/cases/")
        expect(tab.locator("[data-atlas-count]")).to_contain_text("cases shown")
        button = tab.locator(".md-top")
        tab.mouse.wheel(0, 4000)
        tab.wait_for_timeout(300)
        tab.mouse.wheel(0, -600)  # scrolling up, far from the filters: the button offers itself
        expect(button).to_be_visible()
        form = tab.locator("form[data-atlas-filters]").bounding_box()
        tab.evaluate(
            "y => window.scrollTo(0, y)", max(0, form["y"] + tab.evaluate("scrollY") + form["height"] - 300)
        )
        tab.wait_for_timeout(300)
        tab.mouse.wheel(0, -100)  # scrolling up, with the filters' last controls on screen
        tab.wait_for_timeout(300)
        expect(tab.locator("html")).to_have_attribute("data-atlas-filters-in-view", "")
        expect(button).to_be_hidden()
        assert tab.evaluate("getComputedStyle(document.querySelector('.md-top')).pointerEvents") == "none"
    finally:
        context.close()
