"""The words readers search with, taken from each page's `keywords:`, handed to the site search.

Readers look for "frequency", "similar patients" or "submit a case", words the page they want
may never use (usability finding N-13). A page names them once, in its front matter
(`keywords: [frequency, how often]`; a generated page in its metadata). That one field is what
the site's search reads, whichever search it is: for Material's search they become the page's
search tags, which mkdocs.yml weighs like a title, and every page with keywords also carries
them in its head as <meta name="keywords"> (atlas/site/overrides/main.html). Nothing is added
to the text of the page, visible or hidden.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

FIELD = "keywords"
SEARCH_FIELD = "tags"  # Material's search indexes a page's `tags` as a field of their own


def page_keywords(meta: dict[str, object], where: str) -> list[str]:
    """The page's keywords: a list of words or phrases, or none."""
    keywords = meta.get(FIELD)
    if keywords is None:
        return []
    if not isinstance(keywords, list) or not all(isinstance(word, str) and word.strip() for word in keywords):
        raise PluginError(
            f"{where}: {FIELD} must be a list of the words readers search with, "
            f"for example `{FIELD}: [frequency, how often]`"
        )
    return [" ".join(word.split()) for word in keywords]


class SearchKeywords(BasePlugin):
    """Before the search indexes a page: its keywords become its search tags."""

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        keywords = page_keywords(page.meta, f"docs/{page.file.src_uri}")
        if keywords:
            page.meta[SEARCH_FIELD] = keywords
        return markdown
