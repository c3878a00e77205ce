"""Search results a reader can tell apart: every page has its own title, and the data tables of the
chart pages (numbers that only make sense beside their chart) stay out of the search snippets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import lxml.html
import yaml

from tests.conftest import ROOT

TABLE_CAPTIONS = (
    '//table[contains(@class,"atlas-data")]/caption'
    ' | //details[contains(@class,"atlas-table-details")]/summary'
)


def search_docs(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def nav_titles(node: object) -> list[str]:
    if isinstance(node, list):
        return [title for item in node for title in nav_titles(item)]
    if isinstance(node, dict):
        return [
            title
            for key, value in node.items()
            for title in ([key] if isinstance(value, str) else nav_titles(value))
        ]
    return []


def test_no_two_pages_share_a_title_in_the_nav() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    repeated = [title for title, count in Counter(nav_titles(config["nav"])).items() if count > 1]
    assert repeated == []


def test_no_two_pages_share_a_title_in_the_search_index(built_site: Path) -> None:
    titles = [doc["title"] for doc in search_docs(built_site) if "#" not in doc["location"]]
    assert [title for title, count in Counter(titles).items() if count > 1] == []


def test_chart_tables_stay_out_of_search_snippets(built_site: Path) -> None:
    docs = search_docs(built_site)
    checked = 0
    for page in sorted((built_site / "atlas").glob("*/index.html")):
        location = page.parent.relative_to(built_site).as_posix() + "/"
        tree = lxml.html.parse(str(page))
        cells = [
            cell.text_content().strip()
            for cell in tree.xpath('//table[contains(@class,"atlas-data")]//tbody/tr[1]/*')
        ]
        captions = [element.text_content().strip() for element in tree.xpath(TABLE_CAPTIONS)]
        text = " ".join(doc["text"] for doc in docs if doc["location"].startswith(location))
        for caption in captions:
            assert caption not in text, f"{location}: table '{caption}' is in the search index"
            checked += 1
        assert cells == [] or " ".join(cells) not in text, location
    assert checked > 10
