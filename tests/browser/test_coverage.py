"""The Coverage and Methods pages as a reader sees them, in Debian's Chromium."""

from __future__ import annotations

import pytest

from atlas.inputs import Corpus
from atlas.pages.report_flow import flow

pytestmark = pytest.mark.browser


def test_flow_diagram_reads_top_to_bottom_with_the_data_counts(
    page, site_url: str, real_corpus: Corpus
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/methods/")
    expected = flow(real_corpus)
    stages = page.locator(".atlas-prisma-stage")
    assert stages.all_inner_texts() == ["Identification", "Retrieval", "Eligibility", "Included"]
    main = page.locator(".atlas-prisma-main")
    tops = [box["y"] for box in (main.nth(i).bounding_box() for i in range(main.count()))]
    assert tops == sorted(tops) and len(set(tops)) == 4
    side = page.locator('[data-step="excluded"]')
    assert side.bounding_box()["x"] > main.nth(2).bounding_box()["x"]
    assert f"n = {expected.identified}" in main.first.inner_text()
    assert f"n = {expected.included_patients}" in main.last.inner_text()
    assert f"n = {expected.excluded_count}" in side.inner_text()
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == []


def test_flow_diagram_stacks_on_a_phone(page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}/methods/")
    main = page.locator('[data-step="assessed"]').bounding_box()
    side = page.locator('[data-step="excluded"]').bounding_box()
    assert side["y"] >= main["y"] + main["height"]
    assert side["x"] + side["width"] <= 390


def test_coverage_page_links_to_cases_and_to_the_report_form(
    page, site_url: str, real_corpus: Corpus
) -> None:
    page.goto(f"{site_url}/coverage/")
    assert page.locator("[data-count=held]").inner_text() == str(len(real_corpus.cases))
    page.locator("#atlas-coverage-articles").get_by_role("link", name="urkan", exact=True).click()
    page.wait_for_url("**/cases/urkan/")
    assert page.locator(".atlas-case-id code").inner_text() == "urkan"
    page.go_back()
    # Every incomplete citation, of the excluded reports too, opens the short form filled with it.
    marks = page.locator("#atlas-coverage-excluded-reports .atlas-incomplete, article .atlas-incomplete")
    assert marks.count() >= 1
    for href in marks.evaluate_all("marks => marks.map(m => m.getAttribute('href'))"):
        assert href and href.startswith(
            "https://github.com/rvlms-atlas/atlas/issues/new?template=report-article.yml"
        )
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == []
