"""Recount L-6 and L-11 in Chromium: the case browser shows an inferred value's mark, and its filters
still find the value.

The mark is in the cell's `data-mark` attribute, drawn after the value by the stylesheet, so the
filter script, which compares a cell's text, sees "female", not "female (inferred)".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def after(page, selector: str) -> str:
    return page.eval_on_selector(selector, "cell => getComputedStyle(cell, '::after').content")


def test_marked_cells_show_their_mark_and_still_filter(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/")
    row = 'table[data-atlas-cases] tr:has(a[href$="turkjpath-618/"])'
    assert after(page, f'{row} td[data-mark="inferred"]:text-is("female")') == '" (inferred)"'
    assert after(page, f"{row} td:text-is('24')") == '" (inferred, from diagnosis)"'
    assert after(page, 'table[data-atlas-cases] tr:has(a[href$="baheen-2022/"]) td:text-is("male")') == "none"
    page.locator('select[data-filter="surgery"]').select_option(value="radical nephrectomy")
    expect(page.locator(row)).to_be_visible()  # an inferred operation is found by its filter
    page.locator('select[data-filter="sex"]').select_option(value="female")
    expect(page.locator(row)).to_be_visible()
    assert page.watch.console_errors == [] and page.watch.page_errors == []
