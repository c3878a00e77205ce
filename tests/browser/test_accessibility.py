"""Accessibility: axe-core (bundled by axe-playwright-python, no download) in Chromium, both colour schemes.

Clinicians read the atlas with screen readers, zoom and keyboards: no page may have a
serious or critical axe violation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.inputs import Corpus

pytestmark = pytest.mark.browser

REQUIRED_PAGES = {
    "home": "/",
    "case browser": "/cases/",
    "review chapter": "/review/",
    "references": "/references/",
    "atlas page": "/atlas/demographics/",
    "case format": "/reference/fields/",
    "data page": "/data/",
}
BLOCKING = {"serious", "critical"}
CHART = re.compile(
    r'<figure class="atlas-figure" id="chart-(?P<slug>[a-z0-9-]+)"[^>]*>\s*'
    r'<div class="atlas-chart"[^>]*>\s*<div[^>]*>\s*<svg class="atlas-svg"(?P<attributes>[^>]*)>'
    r'<title id="[^"]+">(?P<title>[^<]+)</title><desc id="[^"]+">(?P<desc>[^<]+)</desc>'
)
CHARTS_DRAWN = """() => [...document.querySelectorAll('.atlas-chart')]
    .every(chart => chart.querySelector('svg.atlas-svg'))"""


@pytest.fixture(scope="module")
def axe():
    """axe-core's runner, imported here rather than when the tests are collected."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def blocking_violations(axe, page) -> list[str]:
    results = axe.run(page, options={"resultTypes": ["violations"]})
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets[:5]}")
    return lines


def representative_cases(corpus: Corpus) -> set[str]:
    """Case pages share one template: check the fullest, the sparsest and one with inferred values."""
    by_size = sorted(corpus.cases, key=lambda case: (len(case.model_dump_json(exclude_none=True)), case.id))
    inferred = [case.id for case in corpus.cases if case.inferred][:1]
    return {by_size[0].id, by_size[-1].id, *inferred}


def site_pages(site: Path, corpus: Corpus) -> list[str]:
    """Every page but case pages beyond the representative ones, as served (404.html links from the
    published root, not localhost)."""
    cases = representative_cases(corpus)
    pages = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        is_case = relative.parts[0] == "cases" and len(relative.parts) == 3
        if page.name != "404.html" and (not is_case or relative.parts[1] in cases):
            pages.append("/" + relative.as_posix().removesuffix("index.html"))
    return pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_or_critical_violation(
    browser, axe, built_site: Path, site_url: str, real_corpus: Corpus, scheme: str
) -> None:
    """Every kind of page, in both colour schemes."""
    pages = site_pages(built_site, real_corpus)
    assert set(REQUIRED_PAGES.values()) <= set(pages)
    assert len([path for path in pages if path.startswith("/cases/") and path != "/cases/"]) >= 2
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        found = {}
        for path in pages:
            page.goto(site_url + path, wait_until="load")
            page.wait_for_function(CHARTS_DRAWN, timeout=30000)  # axe must see the drawn charts
            body_scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert body_scheme == ("slate" if scheme == "dark" else "default")
            if violations := blocking_violations(axe, page):
                found[path] = violations
        assert found == {}
    finally:
        context.close()


def test_axe_reports_what_it_should(browser, axe, site_url: str) -> None:
    """The check can fail: an image without alternative text on a real page is reported."""
    page = browser.new_page()
    try:
        page.goto(site_url + "/", wait_until="load")
        page.evaluate(
            "() => { const i = document.createElement('img'); i.src = 'x.png';"
            " document.querySelector('article').append(i); }"
        )
        assert any(line.startswith("image-alt (critical)") for line in blocking_violations(axe, page))
    finally:
        page.close()


def test_every_chart_has_a_text_alternative_and_its_table(built_site: Path) -> None:
    """Static check over every page: a chart is an image with a label, and its numbers are a table."""
    charts = 0
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for match in CHART.finditer(html):
            charts += 1
            slug, attributes = match.group("slug"), match.group("attributes")
            assert (
                'role="img"' in attributes
                and f'aria-labelledby="svg-{slug}-title svg-{slug}-desc"' in attributes
            )
            assert len(match.group("desc")) >= 20 and match.group("title"), (path, slug)
            assert f'<table class="atlas-data" id="table-{slug}">' in html or f"{slug}.csv" in html, (
                path,
                slug,
            )
    assert charts >= 10
