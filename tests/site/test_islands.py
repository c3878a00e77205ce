"""Generated HTML kept from Python-Markdown and put back after it (atlas/site/islands.py)."""

from __future__ import annotations

from pathlib import Path

import markdown

from atlas.site.islands import Islands


def test_an_island_comes_back_as_it_was_written_with_its_anchors() -> None:
    islands = Islands()
    html = '<table id="table-age"><tr><td>*not emphasis* &amp; [not a link](x)</td></tr></table>'
    text = f"# Page\n\nSome *prose*.\n{islands.keep(html)}More prose.\n"
    converted = markdown.markdown(text)
    assert "data-atlas-island" in converted and "not emphasis" not in converted

    class Page:
        present_anchor_ids: set[str] = set()

    page = Page()
    result = islands.on_page_content(converted, page=page, config=None, files=None)  # type: ignore[arg-type]
    assert html in result and "<em>prose</em>" in result and "data-atlas-island" not in result
    assert page.present_anchor_ids == {"table-age"}


def test_no_placeholder_reaches_the_built_site(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert all("data-atlas-island" not in page.read_text(encoding="utf-8") for page in pages)
    outcomes = (built_site / "atlas" / "outcomes" / "index.html").read_text(encoding="utf-8")
    assert 'class="atlas-data"' in outcomes and 'class="atlas-figure"' in outcomes
