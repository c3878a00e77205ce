"""Accessibility: axe-core (bundled by axe-playwright-python, no download) in Chromium, both colour schemes.

Clinicians read the atlas with screen readers, zoom and keyboards: no page may have a
serious or critical axe violation.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "case browser": "/cases/",
    "case page": "/cases/baheen-2022/",
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_or_critical_violation(browser, site_url: str, name: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[name], wait_until="load")
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default"
        )
        assert blocking_violations(page) == []
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
