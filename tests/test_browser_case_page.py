"""What a reader sees on a case page, in Debian's Chromium driven by Playwright."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_case_page_shows_summary_and_not_reported(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/baheen-2022/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Case baheen-2022"
    for heading in (
        "Patient",
        "Presentation",
        "Tumour",
        "Imaging and diagnosis",
        "Pathology",
        "Treatment",
        "Outcome",
    ):
        assert page.get_by_role("heading", name=heading).count() == 1
    age = page.locator("tr", has=page.locator("th", has_text="Age")).first
    assert age.locator("td").inner_text() == "61 years"
    grade = page.locator("tr", has=page.locator("th", has_text="Grade")).first
    assert grade.locator("td").inner_text() == "not reported"
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == []


def test_case_browser_links_to_case_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/")
    page.get_by_role("link", name="baheen-2022").click()
    page.wait_for_url("**/cases/baheen-2022/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Case baheen-2022"
