"""Generated HTML inside Markdown pages, kept away from Python-Markdown and put back after it.

A chart page is prose around generated HTML: figures and data tables of hundreds of rows.
Python-Markdown reads every tag of such HTML only to leave it as it is, which made the chart
pages the slowest of the build after the case pages. A template wraps generated HTML in
`{% filter island %}`; the page's Markdown then holds a placeholder, and a small MkDocs plugin
(added by atlas/site/build.py) puts the HTML back as soon as Markdown is done, before the search
index, the theme and the link check see the page.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

PLACEHOLDER = re.compile(r'<div data-atlas-island="(\d+)"></div>')
ID = re.compile(r' id="([^"]*)"')


class Islands(BasePlugin):
    """The HTML of every island of a build, by number; and the plugin that puts it back."""

    def __init__(self) -> None:
        super().__init__()
        self.html: list[str] = []

    def keep(self, html: str) -> Markup:
        """A Jinja filter: the placeholder that stands for `html` in the Markdown (a block of its own)."""
        self.html.append(str(html))
        return Markup(f'\n\n<div data-atlas-island="{len(self.html) - 1}"></div>\n\n')

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        def island(match: re.Match[str]) -> str:
            content = self.html[int(match.group(1))]
            if page.present_anchor_ids is not None:  # MkDocs checks links to anchors with these
                page.present_anchor_ids.update(ID.findall(content))
            return content

        return PLACEHOLDER.sub(island, html)
