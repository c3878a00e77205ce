"""The case browser in Debian's Chromium: filters, sorting, keyboard, no JavaScript, instant navigation.

Every test runs on the real site and on a copy with synthetic cases that cover every filter
value (and "not reported"), so that a filter returning the wrong rows is caught whatever
the real corpus holds. Expected rows are computed here from the loaded cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.cases.model import Case
from atlas.inputs import Corpus, load_corpus
from tests.conftest import VARIED_CASES, ServedSite

pytestmark = pytest.mark.browser

NOT_REPORTED = "—"


@pytest.fixture
def site(served_site: ServedSite) -> ServedSite:
    return served_site


def value_of(case: Case, column: str, corpus: Corpus) -> str | float | None:
    """A browser column computed straight from the model (independently of the page generator)."""
    if column == "year":
        return corpus.bibliography[case.source].year
    section, name = {
        "age": ("patient", "age_years"),
        "sex": ("patient", "sex"),
        "side": ("tumour", "side"),
        "size": ("tumour", "largest_diameter_cm"),
        "surgery": ("treatment", "surgery"),
        "status": ("outcome", "status"),
        "follow_up": ("outcome", "follow_up_months"),
    }[column]
    part = getattr(case, section)
    return getattr(part, name) if part is not None else None


def count_text(shown: int, total: int) -> str:
    return f"{shown} of {total} case{'' if total == 1 else 's'} shown"


def open_browser(page, site: ServedSite) -> None:
    page.goto(f"{site.url}/cases/")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))


def listed_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "table[data-atlas-cases] tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].textContent.trim())",
    )


def page_size(page) -> int:
    return int(page.get_attribute("table[data-atlas-cases]", "data-page-size"))


def assert_clean(page) -> None:
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == [] and page.watch.dialogs == []


@pytest.mark.parametrize("column", ["sex", "surgery", "status", "side"])
def test_each_filter_value_shows_exactly_the_matching_cases(page, site: ServedSite, column: str) -> None:
    open_browser(page, site)
    select = page.locator(f'select[data-filter="{column}"]')
    values = {value_of(case, column, site.corpus) for case in site.cases}
    offered = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert set(offered) == {""} | {v for v in values if v is not None} | (
        {NOT_REPORTED} if None in values else set()
    )
    limit = page_size(page)
    for option in offered[1:]:
        wanted = None if option == NOT_REPORTED else option
        expected = [c.id for c in site.cases if value_of(c, column, site.corpus) == wanted]
        select.select_option(value=option)
        expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
        assert listed_ids(page) == expected[:limit], option
    select.select_option(value="")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    assert_clean(page)


def test_filters_combine_with_year_range_and_free_text(page, site: ServedSite) -> None:
    open_browser(page, site)
    years = sorted({value_of(c, "year", site.corpus) for c in site.cases} - {None})
    low, high = years[0], years[-1]
    sex = next(value_of(c, "sex", site.corpus) for c in site.cases if value_of(c, "sex", site.corpus))
    page.locator('select[data-filter="sex"]').select_option(value=sex)
    page.locator('input[data-filter="year"][data-bound="min"]').fill(str(high))
    expected = [
        c.id
        for c in site.cases
        if value_of(c, "sex", site.corpus) == sex
        # Undated cases stay listed unless the reader unticks "include ... without a value".
        and (value_of(c, "year", site.corpus) is None or value_of(c, "year", site.corpus) >= high)
    ]
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    assert listed_ids(page) == expected[: page_size(page)]
    page.locator('input[data-filter="year"][data-bound="min"]').fill(str(low))
    target = site.cases[-1].id
    page.locator('input[data-filter="text"]').fill(target.upper())
    expected = [c.id for c in site.cases if value_of(c, "sex", site.corpus) == sex and target in c.id]
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    assert listed_ids(page) == expected
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    assert page.locator('select[data-filter="sex"]').input_value() == ""
    assert_clean(page)


def expected_order(site: ServedSite, column: str, descending: bool) -> list[str]:
    """Sorted by the column (ties in id order), cases that do not report it always last."""
    reported = [c for c in site.cases if value_of(c, column, site.corpus) is not None]
    missing = [c.id for c in site.cases if value_of(c, column, site.corpus) is None]
    # Cases are in id order and sorted() is stable (also with reverse=True): ties stay in id order.
    keyed = sorted(reported, key=lambda c: value_of(c, column, site.corpus), reverse=descending)
    return [c.id for c in keyed] + missing


@pytest.mark.parametrize("column", ["age", "sex", "surgery", "status", "follow_up"])
def test_sorting_a_column_orders_the_rows(page, site: ServedSite, column: str) -> None:
    open_browser(page, site)
    header = page.locator(f'th[data-key="{column}"]')
    limit = page_size(page)
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert listed_ids(page) == expected_order(site, column, descending=False)[:limit]
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert listed_ids(page) == expected_order(site, column, descending=True)[:limit]
    assert page.locator("th[aria-sort]").count() == 1
    assert_clean(page)


def test_sorting_keeps_the_filter(page, site: ServedSite) -> None:
    open_browser(page, site)
    status = next(
        value_of(c, "status", site.corpus) for c in site.cases if value_of(c, "status", site.corpus)
    )
    page.locator('select[data-filter="status"]').select_option(value=status)
    page.locator('th[data-key="age"]').get_by_role("button").click()
    expected = [
        i
        for i in expected_order(site, "age", descending=False)
        if value_of(next(c for c in site.cases if c.id == i), "status", site.corpus) == status
    ]
    assert listed_ids(page) == expected[: page_size(page)]
    assert_clean(page)


def focus_by_tab(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_keyboard_alone_filters_sorts_and_clears(page, site: ServedSite) -> None:
    open_browser(page, site)
    focus_by_tab(page, 'select[data-filter="sex"]')
    page.keyboard.press("ArrowDown")
    chosen = page.locator('select[data-filter="sex"]').input_value()
    assert chosen != ""
    wanted = None if chosen == NOT_REPORTED else chosen
    expected = [c.id for c in site.cases if value_of(c, "sex", site.corpus) == wanted]
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    focus_by_tab(page, "[data-atlas-clear]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    focus_by_tab(page, 'th[data-key="age"] button')
    page.keyboard.press("Enter")
    expect(page.locator('th[data-key="age"]')).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Space")
    expect(page.locator('th[data-key="age"]')).to_have_attribute("aria-sort", "descending")
    assert listed_ids(page) == expected_order(site, "age", descending=True)[: page_size(page)]
    assert_clean(page)


def test_long_lists_are_listed_in_pages(page, varied_project: Path, varied_site_url: str) -> None:
    site = ServedSite(varied_site_url, load_corpus(varied_project)[0])
    open_browser(page, site)
    limit = page_size(page)
    total = len(site.cases)
    assert total > limit >= 1 and limit < VARIED_CASES
    assert listed_ids(page) == [c.id for c in site.cases][:limit]
    more = page.locator("[data-atlas-more]")
    expect(more).to_be_visible()
    expect(more).to_contain_text(f"Listing {limit} of {total}.")
    page.locator("[data-atlas-more-button]").click()
    assert listed_ids(page) == [c.id for c in site.cases][: 2 * limit]
    expect(more).to_be_visible() if total > 2 * limit else expect(more).to_be_hidden()
    open_browser(page, site)
    page.locator("[data-atlas-all-button]").click()
    assert listed_ids(page) == [c.id for c in site.cases]
    expect(more).to_be_hidden()
    assert_clean(page)


def test_without_javascript_the_table_lists_every_case(browser, site: ServedSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site.url}/cases/")
        assert listed_ids(tab) == [c.id for c in site.cases]
        expect(tab.locator("form[data-atlas-filters]")).to_be_hidden()
        first = site.cases[0].id
        tab.get_by_role("link", name=first, exact=True).click()
        tab.wait_for_url(f"**/cases/{first}/")
    finally:
        context.close()


def test_instant_navigation_starts_the_browser_once(page, varied_project: Path, varied_site_url: str) -> None:
    site = ServedSite(varied_site_url, load_corpus(varied_project)[0])
    page.goto(f"{site.url}/")
    page.get_by_role("link", name="Case browser").first.click()
    page.wait_for_url("**/cases/")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    first = site.cases[0].id
    page.get_by_role("link", name=first, exact=True).click()
    page.wait_for_url(f"**/cases/{first}/")
    page.go_back()
    page.wait_for_url("**/cases/")
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    assert page.locator('th[data-key="age"] button').count() == 1
    page.locator('select[data-filter="status"]').select_option(value="NED")
    expected = [c.id for c in site.cases if value_of(c, "status", site.corpus) == "NED"]
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
    assert re.fullmatch(r"\d+ of \d+ cases shown", page.locator("[data-atlas-count]").inner_text())
    assert_clean(page)
