"""On paper and on disk: printed pages say what and where they are and their charts fit the paper;
the Data page's dictionary says what each CSV download is (n, data date, version)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from atlas import __version__
from atlas.pages.open_data import CSV_FILE, JSON_FILE
from atlas.sources.release import current_release
from tests.conftest import ROOT

PAPER_WIDTH_PX = 680  # A4 portrait at 96 dpi (794) less 15 mm margins; US Letter is wider
WIDTHS = (
    "() => [...document.querySelectorAll('.atlas-chart svg.atlas-svg')]"
    ".map(svg => svg.getBoundingClientRect().width)"
)


def test_the_data_page_says_what_each_case_download_holds(built_site: Path) -> None:
    release = current_release(ROOT)
    count = len(list((ROOT / "cases").glob("*.yaml")))
    tree = lxml.html.fromstring((built_site / "data" / "index.html").read_text(encoding="utf-8"))
    rows = {
        row.xpath("./td[1]")[0].text_content(): " ".join(row.xpath("./td[3]")[0].text_content().split())
        for row in tree.xpath('//table[contains(@class, "atlas-downloads")]/tbody/tr')
    }
    stated = f"n = {count} cases, data as of {release.date.isoformat()}, version {release.version}"
    assert rows[CSV_FILE].endswith(stated) and rows[JSON_FILE].endswith(stated)
    text = " ".join(tree.text_content().split())
    assert "atlas/data/<chart>.csv" in text
    assert f"from these {count} cases (data as of {release.date.isoformat()}, version {__version__})" in text


@pytest.mark.browser
def test_printed_pages_fit_the_paper_and_say_where_they_come_from(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1150, "height": 900})
    page.goto(f"{site_url}/atlas/demographics/")
    page.locator("#chart-sex .atlas-chart").hover()  # one chart explored: Plotly draws it on screen
    page.locator("#chart-sex .atlas-plot svg.main-svg").first.wait_for(state="attached", timeout=20000)
    assert not page.locator(".atlas-print-only").is_visible()

    # On paper every chart is its SVG drawing, the explored one too, within the paper's width.
    page.emulate_media(media="print")
    page.set_viewport_size(
        {"width": PAPER_WIDTH_PX, "height": 900}
    )  # the paper's width, as printing lays out
    assert page.locator("#chart-sex svg.atlas-svg").is_visible()
    assert not page.locator("#chart-sex .atlas-plot").is_visible()
    assert 0 < max(page.evaluate(WIDTHS)) <= PAPER_WIDTH_PX
    label = page.locator(".atlas-print-only")
    assert label.is_visible()
    release = current_release(ROOT)
    assert " ".join(label.text_content().split()) == (
        f"RVLMS Evidence Atlas · version {release.version}, data as of {release.date.isoformat()}"
        " · https://rvlms-atlas.github.io/atlas/atlas/demographics/"
    )

    page.emulate_media(media="screen")
    assert page.locator("#chart-sex .atlas-plot").is_visible()


@pytest.mark.browser
def test_a_printed_case_page_carries_its_own_address(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/urkan/")
    page.emulate_media(media="print")
    text = " ".join(page.locator(".atlas-print-only").text_content().split())
    assert text.endswith("· https://rvlms-atlas.github.io/atlas/cases/urkan/")
    assert not page.locator(".atlas-correction").is_visible()
