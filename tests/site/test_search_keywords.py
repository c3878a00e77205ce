"""Search that answers the words readers use (N-13): pages name them in `keywords:`, the search reads
them as the page's tags, and the page's head declares them; a malformed list stops the build with
the page and the field named. The search itself, in Chromium: tests/browser/test_search_words.py."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
from mkdocs.exceptions import PluginError

from atlas.site.search_keywords import SearchKeywords, page_keywords

PAGES = {
    "review/key-points/": ["frequency", "how often", "probability"],
    "cases/": ["similar patients", "like my patient"],
    "contribute/": ["submit a case", "add a case", "report a case"],
}


def fake_page(meta: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri="review/key-points.md"))


def test_keywords_become_the_pages_search_tags() -> None:
    page = fake_page({"title": "Key points", "keywords": ["frequency", " how   often "]})
    assert SearchKeywords().on_page_markdown("text", page=page, config=None, files=None) == "text"
    assert page.meta["tags"] == ["frequency", "how often"]
    bare = fake_page({"title": "Epidemiology"})
    SearchKeywords().on_page_markdown("text", page=bare, config=None, files=None)
    assert "tags" not in bare.meta


@pytest.mark.parametrize("value", ["frequency, how often", ["frequency", 3], ["frequency", "  "], {"a": 1}])
def test_keywords_that_are_not_a_list_of_words_name_the_page_and_the_field(value: object) -> None:
    with pytest.raises(PluginError) as raised:
        page_keywords({"keywords": value}, "docs/review/key-points.md")
    assert str(raised.value) == (
        "docs/review/key-points.md: keywords must be a list of the words readers search with, "
        "for example `keywords: [frequency, how often]`"
    )


def test_the_built_index_and_heads_carry_each_pages_keywords(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"]["tags"] == {"boost": 1000.0}  # weighed like a title, not above all
    assert index["config"]["pipeline"] == []  # "how", "often", "like" stay searchable
    for location, words in PAGES.items():
        (entry,) = [doc for doc in index["docs"] if doc["location"] == location]
        assert set(words) <= set(entry["tags"]), location
        head = lxml.html.parse(str(built_site / location / "index.html"))
        (content,) = head.xpath('//head/meta[@name="keywords"]/@content')
        assert set(words) <= set(content.split(", ")), location
    # Nothing is added to what the page shows: the tags are not rendered.
    page = (built_site / "review" / "key-points" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-tags"' not in page
