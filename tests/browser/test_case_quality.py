"""The case browser's kind-of-source filter and its appraisal-items column, in Debian's Chromium.

Runs on the real site and on the copy with synthetic cases (several kinds of source); expected
rows are computed from the loaded cases, the items column from atlas.evidence.reporting.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atlas.evidence.reporting import REPORTED, record_completeness
from tests.browser.test_case_browser import assert_clean, count_text, listed_ids, open_browser, page_size
from tests.conftest import ServedSite

pytestmark = pytest.mark.browser


@pytest.fixture
def site(served_site: ServedSite) -> ServedSite:
    return served_site


def test_the_kind_of_source_filter_shows_exactly_the_matching_cases(page, site: ServedSite) -> None:
    open_browser(page, site)
    select = page.locator('select[data-filter="source_type"]')
    offered = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    kinds = {case.source_type for case in site.cases}
    assert set(offered) == {""} | kinds, "every kind present, and no 'not reported': the field is required"
    limit = page_size(page)
    for kind in offered[1:]:
        expected = [c.id for c in site.cases if c.source_type == kind]
        select.select_option(value=kind)
        expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(expected), len(site.cases)))
        assert listed_ids(page) == expected[:limit], kind
        cells = page.evaluate(
            """() => {
              const table = document.querySelector("table[data-atlas-cases]");
              const index = [...table.tHead.rows[0].cells].findIndex(th => th.dataset.key === "source_type");
              return [...table.tBodies[0].rows].map(tr => tr.cells[index].textContent);
            }"""
        )
        assert set(cells) == {kind}
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("[data-atlas-count]")).to_have_text(count_text(len(site.cases), len(site.cases)))
    assert_clean(page)


def test_the_items_column_sorts_by_items_reported(page, site: ServedSite) -> None:
    open_browser(page, site)
    header = page.locator('th[data-key="completeness"]')
    reported = {c.id: record_completeness(c).count(REPORTED) for c in site.cases}
    limit = page_size(page)
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert listed_ids(page) == sorted(reported, key=reported.__getitem__)[:limit]
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert listed_ids(page) == sorted(reported, key=reported.__getitem__, reverse=True)[:limit]
    assert_clean(page)
