"""Pages whose HTML is made before MkDocs runs, placed into Material's page template rendered once.

Case pages are thousands of pages with one layout. Sent through MkDocs like prose, each paid
for Python-Markdown reading every tag of its tables and for Material's whole page template
(header, navigation, footer), which is the same for all of them; that was most of the build's
time and grew with every case (DESIGN.md, Built for scale). Here the generator makes each page's
HTML itself (escaped by its Jinja template), MkDocs still owns the pages (files, sitemap,
search index, anchor validation, writing), and Material's template is rendered once per
*shell*: a stand-in page with tokens for the title, address, content, table of contents and the
per-page metadata of PER_PAGE_META.
Each page is the shell with its own values put in, in one pass, so no page's text can reach
another slot. The first page of each shell is also rendered by Material itself and must come
out byte-identical, so a change in Material that the tokens miss stops the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from atlas.pages.html_page import PrerenderedPage

TEMPLATE = "atlas-prerendered.html"  # in atlas/site/overrides: calls the stamp below
STAMP_GLOBAL = "atlas_prerendered_page"
VERIFY_EVERY_PAGE = False  # tests turn this on: every page is also rendered by Material and compared

_TOKEN = "x-atlas-prerendered-"
SLUG_TOKEN = _TOKEN + "slug"
TITLE_TOKEN = _TOKEN + "title"
FIRST_ID_TOKEN = _TOKEN + "first-heading"
TOC_ITEM_TOKEN = _TOKEN + "toc-item"
# Material writes its own <h1> unless the content has one ("<h1" in page.content); every
# prerendered page brings its own, so the stand-in content must contain "<h1" too.
CONTENT_TOKEN = f"<!--{_TOKEN}content <h1-->"
TOC_SLOT = f"<!--{_TOKEN}toc-->"
# Page metadata that differs on every page (the descriptive citation title, the description of link
# previews) has slots too: the theme writes them escaped (main.html), and each page's values are
# escaped alike when put in. Any other metadata is part of the shell (pages that differ get their own).
PER_PAGE_META = {
    "atlas_citation_title": _TOKEN + "citation-title",
    "atlas_description": _TOKEN + "description",
}
SLOT_TOKENS = (CONTENT_TOKEN, TOC_SLOT, SLUG_TOKEN, TITLE_TOKEN, FIRST_ID_TOKEN, *PER_PAGE_META.values())
SLOTS = re.compile("(" + "|".join(map(re.escape, SLOT_TOKENS)) + ")")  # a group: split() keeps them
TOC_TEMPLATE = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'
PLAIN_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")


class PrerenderError(Exception):
    """A prerendered page that cannot be placed, or a shell that no longer matches Material's output."""


class _MkDocsPage(Page):
    """A MkDocs page that skips Markdown: its source is already HTML, its table of contents known."""

    def __init__(self, prerendered: PrerenderedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.prerendered = prerendered

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # Escaped here, once, as Markup: Material writes a page's title raw in its header, and a case
        # page's title holds a source's name (contributor text); the theme's `e` leaves Markup as it is.
        self.meta = {**self.prerendered.meta, "title": escape(self.prerendered.title)}
        if self.prerendered.shared_layout:
            self.meta["template"] = TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.prerendered.html
        self.toc = get_toc(self.prerendered.toc)
        self._title_from_render = None
        self.present_anchor_ids = self.prerendered.anchor_ids
        self.links_to_anchors = {}


def is_prerendered(page: Page) -> bool:
    """Whether MkDocs got the page from PrerenderedPages (its HTML made by a generator, not Markdown)."""
    return isinstance(page, _MkDocsPage)


class _StandIn:
    """The page Material's template is rendered with to make a shell: tokens where pages differ."""

    def __init__(self, page: Page, url: str, canonical_url: str | None, abs_url: str | None) -> None:
        self._page = page
        self.url, self.canonical_url, self.abs_url = url, canonical_url, abs_url
        self.title = TITLE_TOKEN
        self.content = CONTENT_TOKEN
        slots = {key: token for key, token in PER_PAGE_META.items() if key in page.meta}
        self.meta = {**_shell_meta(page.meta), **slots, "title": TITLE_TOKEN}
        first = AnchorLink(TITLE_TOKEN, FIRST_ID_TOKEN, 1)
        first.children.append(AnchorLink(TOC_ITEM_TOKEN, TOC_ITEM_TOKEN, 2))
        self.toc = TableOfContents([first])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def _shell_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata shared by every page of a shell (per-page values stand for themselves by name only)."""
    shared = {key: value for key, value in meta.items() if key not in ("title", "template")}
    return shared | {key: PER_PAGE_META[key] for key in shared.keys() & PER_PAGE_META.keys()}


@dataclass(frozen=True)
class _Shell:
    """Material's page split at its slots: literal text at even positions, slot tokens at odd ones."""

    parts: list[str]

    def fill(self, values: dict[str, str]) -> str:
        return "".join(values[part] if odd else part for odd, part in _alternating(self.parts))


def _alternating(parts: Sequence[str]) -> Iterable[tuple[bool, str]]:
    return ((index % 2 == 1, part) for index, part in enumerate(parts))


class PrerenderedPages(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): adds the pages and renders them through shells."""

    def __init__(self, pages: Sequence[PrerenderedPage]) -> None:
        super().__init__()
        self.pages = pages
        self.shells: dict[tuple[str, str], _Shell] = {}
        self.tocs: dict[str, str] = {}
        self.toc_template: Any = None  # compiled once (it was compiled for every distinct outline)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for prerendered in self.pages:
            _check_page(prerendered)
            if files.get_file_from_path(prerendered.src_uri) is not None:
                raise PrerenderError(
                    f"docs/{prerendered.src_uri} exists but is generated; remove it from docs/"
                )
            file = File.generated(config, prerendered.src_uri, content="")
            files.append(file)
            _MkDocsPage(prerendered, file, config)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals[STAMP_GLOBAL] = pass_context(lambda context: self.stamp(context))
        return env

    def stamp(self, context: Context) -> Markup:
        """The page of `context`: its shell with its values put in (called from TEMPLATE)."""
        page = context["page"]
        directory, slug = _split_url(page.url)
        key = (directory, repr(sorted(_shell_meta(page.meta).items())))
        verify = VERIFY_EVERY_PAGE or key not in self.shells
        if key not in self.shells:
            self.shells[key] = self._make_shell(context, page, directory)
        html = self.shells[key].fill(
            {
                CONTENT_TOKEN: page.content,
                TOC_SLOT: self._toc(context, page),
                SLUG_TOKEN: slug,
                TITLE_TOKEN: str(escape(page.title)),
                FIRST_ID_TOKEN: str(escape(page.toc.items[0].id)),
                **{token: str(escape(page.meta.get(key, ""))) for key, token in PER_PAGE_META.items()},
            }
        )
        if verify:
            _verify(context, page, html)
        return Markup(html)

    def _make_shell(self, context: Context, page: Page, directory: str) -> _Shell:
        url = f"{directory}{SLUG_TOKEN}/"
        canonical = page.canonical_url and page.canonical_url.removesuffix(page.url) + url
        abs_url = page.abs_url and page.abs_url.removesuffix(page.url) + url
        stand_in = _StandIn(page, url, canonical, abs_url)
        values = {**context.get_all(), "page": stand_in}
        html = context.environment.get_template("main.html").render(values)
        toc = context.environment.from_string(TOC_TEMPLATE).render(values)
        if html.count(toc) != 1 or SLOTS.search(toc.replace(TOC_ITEM_TOKEN, "")):
            raise PrerenderError("Material's table of contents was not found once in its page template")
        html = html.replace(toc, TOC_SLOT)
        if TOC_ITEM_TOKEN in html:
            raise PrerenderError("Material's page template shows a heading outside its table of contents")
        return _Shell(SLOTS.split(html))

    def _toc(self, context: Context, page: Page) -> str:
        """Material's table of contents for the page; pages with the same sections share one rendering.

        Material lists the children of a first level-1 heading (the page title), so the title's
        own id and text are not part of it.
        """
        items = page.toc.items
        shown = items[0].children if items and items[0].level == 1 else items
        signature = repr([_outline(item) for item in shown])
        if signature not in self.tocs:
            if self.toc_template is None or self.toc_template.environment is not context.environment:
                self.toc_template = context.environment.from_string(TOC_TEMPLATE)
            self.tocs[signature] = self.toc_template.render({**context.get_all(), "page": page})
        return self.tocs[signature]


def _outline(item: AnchorLink) -> tuple[str, str, int, list[Any]]:
    return (item.id, item.title, item.level, [_outline(child) for child in item.children])


def _split_url(url: str) -> tuple[str, str]:
    """('cases/', 'baheen-2022') for 'cases/baheen-2022/': pages sharing a folder share a shell."""
    directory, _, slug = url.rstrip("/").rpartition("/")
    if not url.endswith("/") or not PLAIN_SEGMENT.match(slug):
        raise PrerenderError(f"a prerendered page needs a directory URL ending in a plain name, not {url!r}")
    return (directory + "/" if directory else ""), slug


def _check_page(page: PrerenderedPage) -> None:
    first = page.toc[0] if page.toc else None
    if first is None or first["level"] != 1 or not page.html.lstrip().startswith("<h1"):
        raise PrerenderError(f"{page.src_uri}: a prerendered page starts with its own <h1> heading")


def _verify(context: Context, page: Page, stamped: str) -> None:
    """Material's own rendering of the page must be the stamped one, byte for byte."""
    native = context.environment.get_template("main.html").render({**context.get_all(), "page": page})
    if native != stamped:
        raise PrerenderError(
            f"{page.url} differs from Material's rendering of it (a new version of the theme?); "
            "the slots of the page shell in atlas/site/prerendered.py need updating"
        )
