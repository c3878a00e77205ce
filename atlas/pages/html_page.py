"""Pages made as HTML by their generator (case pages, case browser), before MkDocs sees them.

A page here is its address, title, HTML and headings; atlas/site/prerendered.py places it into
Material's layout. Headings get the ids and permalinks Python-Markdown's toc would have given
them, so links to a section of a case page keep working.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markupsafe import Markup, escape


@dataclass
class Outline:
    """The headings of a page being generated: unique ids as Python-Markdown's toc makes them, and the toc.

    Templates call `heading()`; ids stay what they were when these pages went through Markdown,
    so links to a section of a case page keep working. Without `search_marks` (a page kept out of
    the search index) headings carry no data-search-exclude: Material would only remove it.
    """

    tokens: list[dict[str, Any]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    search_marks: bool = True

    def heading(self, level: int, title: str, exclude: str | None = None) -> Markup:
        anchor = unique(_slug(title), self.ids)
        self.ids.add(anchor)
        html, name = _heading_html(level, title, exclude if self.search_marks else None, anchor)
        self.tokens.append({"level": level, "id": anchor, "name": name, "children": []})
        return html

    def toc_tokens(self) -> list[dict[str, Any]]:
        """Nested by Python-Markdown's own toc code (it consumes its list: given copies)."""
        return nest_toc_tokens([dict(token, children=[]) for token in self.tokens])


@dataclass(frozen=True)
class PrerenderedPage:
    """A page as its generator made it: where it lives, its title, its HTML (with its own h1) and headings.

    With `shared_layout` (case pages) Material's template is rendered once for all pages of a
    folder; without it (the case browser, in the navigation) it is rendered for the page itself.
    """

    src_uri: str
    title: str
    html: str
    toc: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    shared_layout: bool = True

    @property
    def anchor_ids(self) -> set[str]:
        return set(_ids(self.toc))


@lru_cache(maxsize=4096)  # the same section headings come back on every case page
def _heading_html(level: int, title: str, exclude: str | None, anchor: str) -> tuple[Markup, str]:
    """The heading as Python-Markdown's toc extension writes it (with its permalink), and its text."""
    name = str(escape(title))
    tag = f"h{int(level)}"
    excluded = f' data-search-exclude="{escape(exclude)}"' if exclude else ""
    link = f'<a class="headerlink" href="#{escape(anchor)}" title="Permanent link">&para;</a>'
    return Markup(f'<{tag}{excluded} id="{escape(anchor)}">{name}{link}</{tag}>'), name


@cache
def _slug(title: str) -> str:
    """Python-Markdown's toc slug (the same few section titles come back on every case page)."""
    return slugify(title, "-")


def _ids(tokens: Iterable[dict[str, Any]]) -> Iterable[str]:
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])
