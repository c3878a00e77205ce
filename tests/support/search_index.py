"""The site's search index as a reader's browser receives it on the first search: Material's JSON."""

from __future__ import annotations

import json
from pathlib import Path


def search_entries(site: Path) -> list[dict]:
    """Every entry of search/search_index.json: a page or a section, with its address, title and text."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def searched_pages(site: Path) -> dict[str, str]:
    """The text search can find on each page (its sections joined), by the page's address."""
    pages: dict[str, str] = {}
    for entry in search_entries(site):
        page = entry["location"].split("#")[0]
        pages[page] = (pages.get(page, "") + " " + entry["title"] + " " + entry["text"]).strip()
    return pages
