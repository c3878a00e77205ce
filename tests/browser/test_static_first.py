"""Static-first pages in Chromium: charts without script, plotly.js and search only when asked for, paper.

A first visit to each kind of page fetches neither plotly.js nor a search index; every chart is
drawn with JavaScript off; exploring a chart fetches plotly.js and its hover answers as before;
a search from a phone's header finds a case page and a key point; a printed atlas page carries
the whole Kaplan–Meier chart with its number-at-risk row.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.pages.atlaspages import PAGES
from tests.browser.test_atlas import page_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ON_DEMAND = ("plotly", "search_index", "/workers/search.", "pagefind")
FIRST_VISITS = {
    "home": "/",
    "review chapter": "/review/treatment/",
    "atlas page": "/atlas/outcomes/",
    "case browser": "/cases/",
    "case page": "/cases/blecher/",
}
PHONE = {"width": 390, "height": 844}


def requests_of(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.parametrize("kind", sorted(FIRST_VISITS))
def test_a_first_visit_fetches_neither_plotly_nor_a_search_index(browser, site_url: str, kind: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = requests_of(page)
    page.goto(site_url + FIRST_VISITS[kind], wait_until="load")
    page.wait_for_timeout(1500)  # Material's script would ask for its index shortly after load
    page.mouse.move(1, 1)
    assert len(seen) >= 4, seen
    assert [url for url in seen if any(part in url for part in ON_DEMAND)] == []
    assert [url for url in seen if url.endswith("sitemap.xml")] == []  # no <link rel="alternate"> read
    context.close()


def test_with_javascript_off_every_chart_is_drawn_with_its_title_and_values(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    drawn = 0
    for atlas_page in PAGES:
        page.goto(page_url(site_url, atlas_page.slug))
        for figure in page.locator("figure.atlas-figure").all():
            svg = figure.locator("svg.atlas-svg")
            expect(svg).to_be_visible()
            box = svg.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100, figure.get_attribute("id")
            heading = figure.get_attribute("id").removeprefix("chart-")
            title = page.locator(f"h2#{heading}").inner_text().rstrip("¶").strip()
            assert svg.locator("title").text_content() == title
            assert len(svg.locator("desc").text_content()) > len(title) + 10
            assert not figure.locator(".atlas-explore").is_visible()  # a control that needs script: hidden
            drawn += 1
    assert drawn >= sum(len(p.charts) for p in PAGES) - 1  # a withheld comparison has no drawing
    context.close()


def test_exploring_a_chart_loads_plotly_in_its_place_and_the_hover_answers(page, site_url: str) -> None:
    seen = requests_of(page)
    page.goto(f"{site_url}/atlas/outcomes/")
    chart = page.locator('.atlas-chart[data-figure="overall-survival.figure.json"]')
    chart.scroll_into_view_if_needed()
    before = page.locator("#chart-overall-survival").bounding_box()
    after_chart = page.locator("#chart-overall-survival + .atlas-notes").bounding_box()
    assert not [url for url in seen if "plotly" in url]
    chart.hover()
    plot = chart.locator(".atlas-plot")
    plot.locator("svg.main-svg g.trace").first.wait_for(state="attached", timeout=20000)
    assert [url.removeprefix(site_url) for url in seen if "plotly" in url or "figure.json" in url] == [
        "/assets/atlas/js/plotly-basic.min.js",
        "/atlas/data/overall-survival.figure.json",
    ]
    expect(chart.locator(".atlas-svg-box")).to_be_hidden()
    # In the SVG's place, at its height: what follows the chart has not moved.
    assert page.locator("#chart-overall-survival").bounding_box()["height"] == pytest.approx(
        before["height"], abs=2
    )
    moved = page.locator("#chart-overall-survival + .atlas-notes").bounding_box()
    assert moved["y"] == pytest.approx(after_chart["y"], abs=2)
    point = plot.evaluate(
        """c => {
          const trace = c.data[c.data.length - 1], i = Math.floor(trace.x.length * 0.6);
          const xa = c._fullLayout.xaxis, ya = c._fullLayout.yaxis, r = c.getBoundingClientRect();
          return {x: r.left + xa._offset + xa.l2p(trace.x[i]), y: r.top + ya._offset + ya.l2p(trace.y[i])};
        }"""
    )
    page.mouse.move(point["x"] - 20, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    label = page.locator(".hoverlayer .hovertext").first
    expect(label).to_be_visible()
    assert re.search(r"[\d.]+ months: [\d.]+% alive.*95% CI.*\d+ at risk", label.text_content())
    assert page.watch.page_errors == [] and page.watch.external_requests == []


def test_the_explore_button_works_from_the_keyboard(page, site_url: str) -> None:
    seen = requests_of(page)
    page.goto(f"{site_url}/atlas/demographics/")
    button = page.locator("#chart-sex .atlas-explore")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.locator("#chart-sex .atlas-plot svg.main-svg g.trace").first.wait_for(
        state="attached", timeout=20000
    )
    assert len([url for url in seen if "plotly" in url]) == 1
    expect(button).to_be_hidden()
    assert page.watch.page_errors == []


def _search(page, query: str) -> list[str]:
    field, meta = page.locator("input.md-search__input"), page.locator("[data-atlas-search-meta]")
    field.fill("")
    expect(meta).not_to_contain_text("matching")  # the previous query's results are gone
    page.keyboard.type(query)
    expect(meta).to_contain_text("matching page", timeout=20000)
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")


def test_a_search_from_the_phone_header_finds_a_case_page_and_a_key_point(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    seen = requests_of(page)
    page.goto(f"{site_url}/cases/")
    page.locator("label.md-header__button[for='__search']").click()
    expect(page.locator("input.md-search__input")).to_be_focused()
    assert [url for url in seen if "search_index" in url] == []
    found = _search(page, "blecher")
    assert f"{site_url}/cases/blecher/" in found
    found = _search(page, "biopsy paraganglioma")
    assert any(url.startswith(f"{site_url}/review/key-points/#") for url in found), found
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url("**/review/key-points/**")
    assert len([url for url in seen if "search_index" in url]) == 1  # fetched once, at the first search
    context.close()


def test_search_by_keyboard_in_the_dark_scheme(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/atlas/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("nephrectomy")
    expect(page.locator("[data-atlas-search-meta]")).to_contain_text("matching page", timeout=20000)
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__link").first
    expect(first).to_be_focused()
    colours = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.md-search-result__article h1')).color,
                  getComputedStyle(document.querySelector('.md-search__output')).backgroundColor]"""
    )
    assert colours[0] != colours[1]
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    href = first.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the first result of the same query
    assert page.url == href
    context.close()


def test_a_printed_atlas_page_holds_the_whole_kaplan_meier_chart(page, site_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    page.goto(f"{site_url}/atlas/outcomes/")
    page.locator('.atlas-chart[data-figure="overall-survival.figure.json"]').hover()  # explored on screen
    page.locator("#chart-overall-survival .atlas-plot svg.main-svg").first.wait_for(state="attached")
    page.emulate_media(media="print")
    svg = page.locator("#chart-overall-survival svg.atlas-svg")
    expect(svg).to_be_visible()  # paper gets the drawing, not the interactive chart
    expect(page.locator("#chart-overall-survival .atlas-plot")).to_be_hidden()
    box = svg.bounding_box()
    content = page.locator("article").bounding_box()
    assert box["x"] >= content["x"] - 1 and box["x"] + box["width"] <= content["x"] + content["width"] + 1
    risk = svg.locator("text.atlas-svg-risk").all_text_contents()
    assert risk and svg.locator("text", has_text="Number at risk").count() == 1
    pdf = page.pdf(format="A4", print_background=True)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    start = text.index("Overall survival n = ")
    drawn = text[start : text.index("Overall survival:", start)]
    assert "Number at risk" in drawn and "months after surgery" in drawn
    assert " ".join(risk) in drawn  # the whole row, its last number included
    assert (
        svg.locator("text").last.evaluate("t => t.getBoundingClientRect().bottom")
        <= box["y"] + box["height"] + 1
    )
