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
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from atlas.pages.html_page import PrerenderedPage

INDEX = Path("search") / "search_index.json"
# What Material's search plugin removes from every page once it has read it (material/plugins/search).
MATERIAL_STRIP = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")
MARK = "data-search-"


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


def strip_search_attributes(html: str) -> str:
    """`MATERIAL_STRIP.sub("", html)`, found from the literal text instead of trying every position.

    Material's pattern starts with an optional space, so the regular expression engine tries it at
    each of a page's characters: 0.4 s at 1,000 case pages. The matches are the same (tested).
    """
    parts: list[str] = []
    done = 0
    found = html.find(MARK)
    while found != -1:
        match = ATTRIBUTE.match(html, found)
        if match is None:
            found = html.find(MARK, found + 1)
            continue
        start = found - 1 if found - 1 >= done and MATERIAL_STRIP.match(html, found - 1) else found
        parts.append(html[done:start])
        done = match.end()
        found = html.find(MARK, done)
    return "".join(parts) + html[done:] if parts else html


def skip_material_work_on_excluded_pages(config: MkDocsConfig) -> None:
    """Material's search plugin reads nothing from a page kept out of its index (`search: {exclude:
    true}`) but still scans all of it to remove its attributes; for those pages this does the same
    removal, faster, and Material's step is skipped (the pages are byte-identical; both tested)."""
    plugin = config.plugins.get("material/search")
    if plugin is None:
        return
    original: Callable[..., Any] = plugin.on_page_context

    def on_page_context(context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if (page.meta.get("search") or {}).get("exclude"):
            page.content = strip_search_attributes(page.content)
            return context
        return original(context, page=page, config=config, nav=nav)

    # MkDocs calls the methods it registered when the plugin was loaded: replace that one.
    events = config.plugins.events["page_context"]
    events[events.index(original)] = on_page_context
