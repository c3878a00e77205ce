"""On a phone (390 px wide): nothing cut off without a cue, the case column stays put, charts readable.

Debian's Chromium at a 390 × 844 viewport. For each page readers named (case browser, survival,
reporting completeness, Case format, Data): the page itself never scrolls sideways; anything
wider than the screen sits in a box that scrolls sideways and says so (a visible line before
it and a shaded edge); in the case browser the case identifier stays visible while the table
scrolls; chart subtitles are clear of legends and axis labels are not cut off at the left.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ServedSite

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["/cases/", "/atlas/outcomes/", "/atlas/completeness/", "/reference/fields/", "/data/"]
SCROLL_BOXES = ".atlas-table-scroll, .md-typeset__scrollwrap, .atlas-chart-scroll"

# Every element of the article that reaches past the screen's right edge and is not inside a scroll box.
CUT_OFF = """selector => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('article *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest(selector))
    .filter(e => getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length > 0)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40));
}"""

# Each scroll box whose content is wider than the box: does it show a cue line and shade an edge?
BOXES = """selector => [...document.querySelectorAll('article ' + selector.split(', ').join(', article '))]
  .filter(box => box.getClientRects().length > 0)
  .map(box => {
    const cue = box.previousElementSibling;
    return {
      overflowing: box.scrollWidth > box.clientWidth + 1,
      scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),
      cue: !!(cue && cue.matches('[data-atlas-scroll-cue]') && !cue.hidden && cue.offsetHeight > 0
        && /scroll it sideways/.test(cue.textContent)),
      edge: box.getAttribute('data-atlas-hidden-edge'),
      shade: getComputedStyle(box).boxShadow,
      name: (box.querySelector('caption, table, .atlas-chart') || box).textContent.trim().slice(0, 50),
    };
  })"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.errors = errors
    yield tab
    context.close()


# Every chart explored so far drawn by Plotly, widened and clear of its legend (atlas-charts.js marks it
# then), and the fonts in. A chart not explored is an SVG drawn at build time: it does not move.
SETTLED = """() => document.fonts.status === 'loaded'
  && [...document.querySelectorAll('.atlas-plot')].every(plot => plot.hasAttribute('data-atlas-drawn'))"""
# Resolves after two more frames: what the last layout set off (scroll cues that appear when a box
# overflows, from a ResizeObserver) has run by then.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done())))"


def settle(page) -> None:
    """Wait until nothing on the page moves any more: a test then measures the layout it will act on."""
    page.wait_for_load_state("load")
    page.wait_for_function(SETTLED, timeout=30000)
    page.evaluate(NEXT_FRAMES)


def explore_all(page) -> None:
    """Every chart of the page drawn by Plotly (as exploring it does), for the checks of its layout."""
    page.evaluate(
        "() => Promise.all([...document.querySelectorAll('.atlas-chart')].map("
        "c => window.atlasCharts.explore('#' + c.closest('figure').id + ' .atlas-chart')))"
    )
    settle(page)  # charts widen and move their legend after the first drawing


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_cut_off_without_a_scroll_cue(phone, site_url: str, path: str) -> None:
    phone.goto(f"{site_url}{path}")
    settle(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        "the page scrolls sideways"
    )
    assert phone.evaluate(CUT_OFF, SCROLL_BOXES) == []
    boxes = phone.evaluate(BOXES, SCROLL_BOXES)
    assert boxes, path
    for box in boxes:
        if box["overflowing"]:
            assert box["scrolls"] and box["cue"], box
            assert box["edge"] in ("right", "both") and box["shade"] != "none", box
        else:
            assert not box["cue"], box
    assert phone.errors == []


def test_the_case_browser_table_scrolls_with_a_cue_and_the_case_column_stays(
    phone, served_site: ServedSite
) -> None:
    phone.goto(f"{served_site.url}/cases/")
    settle(phone)
    box = phone.locator(".atlas-table-scroll").first
    cue = phone.locator("[data-atlas-scroll-cue]").first
    expect(cue).to_be_visible()
    expect(cue).to_contain_text("scroll it sideways")
    expect(box).to_have_attribute("data-atlas-hidden-edge", "right")
    first = served_site.cases[0].id
    box.evaluate("b => { b.scrollIntoView(); window.scrollBy(0, -100); b.scrollLeft = b.scrollWidth; }")
    expect(box).to_have_attribute("data-atlas-hidden-edge", "left")
    # The last column is now in view, and the case identifier is still there, not covered by other cells.
    inside = """([box, selector]) => {
      const b = box.getBoundingClientRect();
      const cell = document.querySelector(selector).getBoundingClientRect();
      const hit = document.elementFromPoint(cell.left + 4, cell.top + cell.height / 2);
      return [cell.left >= b.left - 1 && cell.right <= b.right + 1, hit ? hit.textContent.trim() : null];
    }"""
    for selector, text in (
        ("table[data-atlas-cases] tbody tr:first-child td:first-child", first),
        ("table[data-atlas-cases] thead th:first-child", "Case"),
    ):
        visible, hit = phone.evaluate(inside, [box.element_handle(), selector])
        assert visible and hit.startswith(text), (selector, hit)
    last = phone.locator("table[data-atlas-cases] thead th:last-child")
    assert last.evaluate(
        "(th, b) => th.getBoundingClientRect().right <= b.getBoundingClientRect().right + 1",
        box.element_handle(),
    )
    assert phone.errors == []


@pytest.mark.parametrize("path", ["/atlas/outcomes/", "/atlas/completeness/"])
def test_explored_chart_subtitles_clear_the_legend_and_labels_are_not_cut(
    phone, site_url: str, path: str
) -> None:
    phone.goto(f"{site_url}{path}")
    settle(phone)
    explore_all(phone)
    charts = phone.evaluate(
        """() => [...document.querySelectorAll('.atlas-plot')].map(c => {
          const box = s => {
            const e = c.querySelector(s);
            return e ? e.getBoundingClientRect().toJSON() : null;
          };
          const labels = [...c.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect().left);
          return {id: c.closest('figure').id, subtitle: box('.gtitle-subtitle'), legend: box('.legend'),
                  left: c.getBoundingClientRect().left, labels: labels.length ? Math.min(...labels) : null};
        })"""
    )
    assert charts
    for chart in charts:
        if chart["subtitle"] and chart["legend"]:
            assert chart["subtitle"]["bottom"] <= chart["legend"]["top"], chart["id"]
        if chart["labels"] is not None:
            assert chart["labels"] >= chart["left"] - 1, f"{chart['id']}: axis labels cut at the left"
    assert phone.errors == []


def test_survival_hover_shows_estimate_interval_and_numbers_at_risk(page, site_url: str) -> None:
    page.goto(f"{site_url}/atlas/outcomes/")
    page.locator('.atlas-chart[data-figure="overall-survival.figure.json"]').hover()
    chart = page.locator("#chart-overall-survival .atlas-plot")
    chart.locator("svg.main-svg g.trace").first.wait_for(state="attached", timeout=20000)
    settle(page)  # the point is taken in screen coordinates: the chart must no longer move
    chart.scroll_into_view_if_needed()
    page.evaluate(NEXT_FRAMES)
    # A point on the curve between two steps (not at a step), in screen coordinates from the axes.
    trace = chart.evaluate("c => { const t = c.data[c.data.length - 1]; return [t.x, t.y, t.customdata]; }")
    xs, ys, data = trace
    step_times = set(
        chart.evaluate("c => c.data.find(t => t.mode === 'lines' && t.name !== '95% upper limit').x")
    )
    # Its neighbours on both sides are not steps either, so that the nearest point is this one.
    between = next(
        k for k in range(len(xs) // 3, len(xs) - 1) if not step_times & {xs[k - 1], xs[k], xs[k + 1]}
    )
    point = chart.evaluate(
        """(c, i) => {
          const trace = c.data[c.data.length - 1];
          const xa = c._fullLayout.xaxis, ya = c._fullLayout.yaxis, r = c.getBoundingClientRect();
          return {x: r.left + xa._offset + xa.l2p(trace.x[i]), y: r.top + ya._offset + ya.l2p(trace.y[i])};
        }""",
        between,
    )
    page.mouse.move(point["x"] - 20, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    label = page.locator(".hoverlayer .hovertext").first
    # The mouse passed over other points on its way: wait for the label of the point it stopped on.
    expect(label).to_contain_text(re.compile(rf"(?<![\d.]){xs[between]:.1f} months: "))
    text = label.text_content()
    found = re.search(
        r"([\d.]+) months: ([\d.]+)% alive(95% CI [^%]+%|95% CI: not defined[^\d]*)(\d+) at risk", text
    )
    assert found, text
    i = min(range(len(xs)), key=lambda k: abs(xs[k] - float(found.group(1))))
    assert float(found.group(2)) == pytest.approx(ys[i], abs=0.05)
    assert found.group(3) == data[i][0] and int(found.group(4)) == data[i][1], text
    assert xs[i] not in step_times  # the hover answers between the curve's steps, not only at them


@pytest.mark.parametrize("path", ["/cases/", "/atlas/completeness/", "/cases/blecher/"])
def test_phone_layout_passes_axe(phone, site_url: str, path: str) -> None:
    """Scroll boxes (focusable, so a keyboard can scroll them), cues and folded sections stay accessible."""
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(f"{site_url}{path}")
    settle(phone)
    result = Axe().run(phone, context="article")
    problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
    assert problems == []
