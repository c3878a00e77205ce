"""The atlas as a reader sees it in Chromium: every chart drawn, its table there, both palettes readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.inputs import load_corpus
from atlas.pages.atlaspages import PAGES, build_charts
from atlas.site.build import build
from tests.conftest import ROOT, serve

pytestmark = pytest.mark.browser

ALL_DRAWN = """() => {
  const charts = [...document.querySelectorAll('.atlas-chart')];
  return charts.length > 0 && charts.every(c => c.querySelector('svg.atlas-svg'));
}"""
EXPLORED = """(slug) => !!document.querySelector(`#chart-${slug} .atlas-plot svg.main-svg g.trace`)"""


def page_url(site_url: str, slug: str) -> str:
    return f"{site_url}/atlas/" if slug == "index" else f"{site_url}/atlas/{slug}/"


@pytest.mark.parametrize("atlas_page", PAGES, ids=[p.slug for p in PAGES])
def test_every_chart_is_drawn_with_its_table(page, site_url: str, atlas_page) -> None:
    page.goto(page_url(site_url, atlas_page.slug))
    page.wait_for_function(ALL_DRAWN, timeout=20000)
    charts = build_charts(load_corpus(ROOT)[0])
    for slug in atlas_page.charts:
        if charts[slug].withheld:  # nothing to draw (nobody reported): the reason stands in its place
            expect(page.locator(f"#chart-{slug}")).to_contain_text(charts[slug].withheld)
            continue
        table = page.locator(f"#table-{slug}")
        assert table.count() == 1, slug
        assert table.locator("tbody tr").count() >= 1
        chart = page.locator(f"#chart-{slug} .atlas-chart")
        if not chart.count():  # a comparison withheld: its reason stands in the drawing's place
            assert page.locator(f"p.atlas-withheld#chart-{slug}").count() == 1
            continue
        svg = chart.locator("svg.atlas-svg")
        box, column = svg.bounding_box(), page.locator(f"h2#{slug}").bounding_box()
        assert box and column and box["height"] > 100, slug
        assert box["x"] + box["width"] <= column["x"] + column["width"] + 1 or slug == "completeness"
        assert svg.get_attribute("role") == "img"
        assert chart.get_attribute("data-label").endswith("The table below gives the same numbers.")
        heading = page.locator(f"h2#{slug}").inner_text().rstrip("¶").strip()
        assert svg.locator("title").text_content() == heading
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == [] and page.watch.failed_requests == []


def _rgb(colour: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", colour)]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def _contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of a (possibly translucent) text colour over an opaque background."""
    fr, fg, fb, alpha = _rgb(foreground)
    br, bg, bb, _ = _rgb(background)
    mixed = [alpha * f + (1 - alpha) * b for f, b in ((fr, br), (fg, bg), (fb, bb))]

    def luminance(rgb: list[float] | tuple[float, ...]) -> float:
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(mixed), luminance((br, bg, bb))], reverse=True)
    return (high + 0.05) / (low + 0.05)


READ_COLOURS = """() => {
  const chart = document.querySelector('#chart-sex .atlas-chart');
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    background: getComputedStyle(document.body).backgroundColor,
    title: getComputedStyle(chart.querySelector('.atlas-svg-title')).fill,
    tick: getComputedStyle(chart.querySelector('text.atlas-svg-value')).fill,
    bar: getComputedStyle(chart.querySelector('rect')).fill,
    paper: getComputedStyle(chart.querySelector('svg.atlas-svg')).backgroundColor,
  };
}"""


def test_switching_the_palette_keeps_charts_readable(page, site_url: str) -> None:
    page.goto(page_url(site_url, "demographics"))
    page.wait_for_function(ALL_DRAWN, timeout=20000)
    light = page.evaluate(READ_COLOURS)
    assert light["scheme"] == "default"
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function(
        "(before) => getComputedStyle(document.querySelector('#chart-sex .atlas-svg-title')).fill !== before",
        arg=light["title"],
        timeout=10000,
    )
    dark = page.evaluate(READ_COLOURS)
    assert dark["scheme"] == "slate"
    assert dark["background"] != light["background"]
    for colours in (light, dark):
        assert _contrast(colours["title"], colours["background"]) >= 4.5, colours
        assert _contrast(colours["tick"], colours["background"]) >= 4.5, colours
        assert _contrast(colours["bar"], colours["background"]) >= 3, colours  # graphics: WCAG 1.4.11
        assert colours["paper"] in ("", "rgba(0, 0, 0, 0)", "transparent")
    assert (
        light["bar"] == "rgb(0, 114, 178)" and dark["bar"] == "rgb(86, 180, 233)"
    )  # Okabe–Ito blue / sky blue
    page.locator("label[for='__palette_0']").click()
    page.wait_for_function(
        "(before) => getComputedStyle(document.querySelector('#chart-sex .atlas-svg-title')).fill === before",
        arg=light["title"],
        timeout=10000,
    )
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_plotly_is_fetched_once_and_only_when_a_chart_is_explored(page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/")
    page.goto(f"{site_url}/cases/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "plotly" in url or "atlas-charts" in url]
    page.goto(page_url(site_url, "treatment"))
    page.wait_for_function(ALL_DRAWN, timeout=20000)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "plotly" in url]  # drawn, and nothing fetched for it
    for slug in ("surgery", "approach"):
        page.locator(f"#chart-{slug} .atlas-chart").hover()
        page.wait_for_function(EXPLORED, arg=slug, timeout=20000)
    assert [url for url in requested if "plotly" in url] == [
        f"{site_url}/assets/atlas/js/plotly-basic.min.js"
    ]


def test_charts_work_with_instant_navigation(page, project: Path) -> None:
    site = project / "site"
    url, server = serve(site)  # serves whatever site/ holds when asked
    # Material intercepts only links listed in the sitemap, which is written from site_url.
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {url}/", config.read_text(encoding="utf-8"))
    config.write_text(
        text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1), encoding="utf-8"
    )
    build(project, site)
    try:
        page.goto(f"{url}/")
        page.wait_for_load_state("networkidle")  # Material reads the sitemap before it intercepts links
        page.evaluate("window.sameDocument = true")
        page.locator(".md-sidebar--primary a[href$='/atlas/']").first.click()
        page.wait_for_url("**/atlas/")
        page.wait_for_function(ALL_DRAWN, timeout=20000)
        page.locator("#chart-country .atlas-chart").hover()
        page.wait_for_function(EXPLORED, arg="country", timeout=20000)
        page.locator(".md-sidebar--primary a[href$='/atlas/outcomes/']").first.click()
        page.wait_for_url("**/atlas/outcomes/")
        page.wait_for_function(ALL_DRAWN, timeout=20000)
        page.locator("#chart-overall-survival .atlas-chart").hover()
        page.wait_for_function(EXPLORED, arg="overall-survival", timeout=20000)
        assert page.evaluate("window.sameDocument") is True  # no full reload: instant navigation was used
        assert page.locator("#chart-sex").count() == 0  # the previous page's charts are gone
        assert page.watch.console_errors == [] and page.watch.page_errors == []
        assert page.watch.external_requests == []
    finally:
        server.shutdown()
