"""The site search, typed into as readers do (N-13): the page they mean comes first for their words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = {
    "frequency": "review/key-points/",
    "how often": "review/key-points/",
    "probability": "review/key-points/",
    "similar patients": "cases/",
    "like my patient": "cases/",
    "submit a case": "contribute/",
    "add a case": "contribute/",
    "report a case": "contribute/",
    # Words that name a page still find that page first.
    "how to cite": "how-to-cite/",
    "case browser": "cases/",
}


def settled_results(page) -> list[str]:
    """The result addresses once the search has answered the whole query (two reads agree)."""
    read = "links => links.map(a => a.getAttribute('href').split('?')[0].split('#')[0])"
    results = page.locator(".md-search-result__item > a")
    before: list[str] | None = None
    for _ in range(20):
        page.wait_for_timeout(250)
        now = results.evaluate_all(read)
        if now and now == before:
            return now
        before = now
    raise AssertionError(f"the search results never settled: {before}")


@pytest.mark.parametrize("words", list(FIRST))
def test_the_first_result_is_the_page_readers_mean(page, site_url: str, words: str) -> None:
    page.goto(f"{site_url}/")
    page.keyboard.press("s")  # Material's shortcut to the search box
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type(words)
    results = settled_results(page)
    assert results[0] == f"{site_url}/{FIRST[words]}", (words, results[:5])
    assert page.watch.console_errors == [] and page.watch.external_requests == []
