"""Accessibility: axe-core (bundled by axe-playwright-python, no download) in Chromium, both colour schemes.

Clinicians read the atlas with screen readers, zoom and keyboards: no page may have a
serious or critical axe violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

REQUIRED_PAGES = {
    "home": "/",
    "case browser": "/cases/",
    "case page": "/cases/baheen-2022/",
    "review chapter": "/review/",
    "references": "/references/",
    "case format": "/reference/fields/",
}
BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets[:5]}")
    return lines


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as served (404.html links from the published root, not localhost)."""
    return [
        "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        for page in sorted(site.rglob("*.html"))
        if page.name != "404.html"
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_or_critical_violation(
    browser, built_site: Path, site_url: str, scheme: str
) -> None:
    """Every page, every case page included (their content differs), in both colour schemes."""
    pages = site_pages(built_site)
    assert set(REQUIRED_PAGES.values()) <= set(pages)
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        found = {}
        for path in pages:
            page.goto(site_url + path, wait_until="load")
            body_scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert body_scheme == ("slate" if scheme == "dark" else "default")
            if violations := blocking_violations(page):
                found[path] = violations
        assert found == {}
    finally:
        context.close()


def test_axe_reports_what_it_should(browser, site_url: str) -> None:
    """The check can fail: an image without alternative text on a real page is reported."""
    page = browser.new_page()
    try:
        page.goto(site_url + "/", wait_until="load")
        page.evaluate(
            "() => { const i = document.createElement('img'); i.src = 'x.png';"
            " document.querySelector('article').append(i); }"
        )
        assert any(line.startswith("image-alt (critical)") for line in blocking_violations(page))
    finally:
        page.close()
