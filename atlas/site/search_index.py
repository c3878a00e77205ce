"""Case pages in the search index at any size: one short entry each, beside Material's own entries.

Material's search plugin reads every page it indexes with Python's HTML parser, a cost that grew
with the atlas; above 100 cases the case pages leave its index (atlas/pages/case_page.py). To keep
every case findable, this plugin adds an entry for each of them once Material has written the
index: the page's address, its title and its descriptive citation title (age, sex, side, operation,
source), from the case's data, without reading the page. The index is fetched only when a reader
starts a search (atlas-search.js), so its size costs a first visit nothing (DESIGN.md, Search on
demand). Entries are escaped as Material's are: Material's search treats their text as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from atlas.pages.html_page import PrerenderedPage

INDEX = Path("search") / "search_index.json"


def short_entries(pages: Sequence[PrerenderedPage]) -> list[dict[str, str]]:
    """An entry for each case page kept out of Material's index (`search: {exclude: true}`)."""
    return [
        {
            "location": page.src_uri.removesuffix(".md") + "/",
            "title": str(escape(page.title)),
            "text": str(escape(page.meta.get("atlas_citation_title", ""))),
        }
        for page in pages
        if page.src_uri != "cases/index.md" and (page.meta.get("search") or {}).get("exclude")
    ]


class ShortEntries(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): appends the entries to Material's index."""

    def __init__(self, pages: Sequence[PrerenderedPage]) -> None:
        super().__init__()
        self.entries = short_entries(pages)

    @event_priority(-100)  # after Material's search plugin has written the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = Path(config.site_dir) / INDEX
        if not self.entries or not path.exists():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] += self.entries
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
