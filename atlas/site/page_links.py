"""Links to pages in generated HTML: written to the page's source file, turned into its address here.

Generated pages hold raw HTML (the case pages and the case browser are nothing else; tables and
lists of the other pages are). MkDocs turns the `.md` links of Markdown into addresses, but leaves
raw HTML alone, so a generator that wrote `../cases/x/` wrote MkDocs' directory addresses into its
page. Instead, a generator writes the link as a Markdown link is written, to the source file and
relative to its own page's source file (`cases/x.md` from coverage.md, `../methods.md#section`
from cases/x.md), which means the same page under any site engine; this step, run on every page
once its HTML is complete (islands back in place, prerendered pages included), turns each into
the address MkDocs gives that page, relative to the page it is on, as MkDocs does for Markdown.

A link to a page that does not exist becomes the address the page would have, so the link check
(atlas/site/linkcheck.py) reports it as it reports any broken link, and the build stops.
Only `.md` links without a scheme are touched: MkDocs has already made every Markdown link an
address (one it cannot resolve stops the strict build), so a `.md` link left in the HTML is raw.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# href="…x.md", href="…x.md#part": a relative path (no scheme, not from the root) to a Markdown file.
# It starts with the literal ' href="', which the regular expression engine finds fast: a lookbehind
# made the scan of 5,000 case pages take 0.8 s instead of 0.2 s.
PAGE_LINK = re.compile(r'( href=")([^"#?:/][^"#?:]*\.md)(?=[#?"])')


class PageLinks(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): `.md` links of raw HTML become the pages' addresses."""

    @event_priority(-50)  # after the islands are back (atlas/site/islands.py), before the theme and the check
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        def address(link: re.Match[str]) -> str:
            if not _in_a_tag(html, link.start()):
                return link.group(0)  # text, such as an example shown in a code block
            return link.group(1) + page_address(link.group(2), page.file, files, config)

        return PAGE_LINK.sub(address, html)


def _in_a_tag(html: str, position: int) -> bool:
    """Whether `position` is inside a tag: code blocks escape "<" and ">" but show quotes as they are."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position)


def page_address(link: str, page: File, files: Files, config: MkDocsConfig) -> str:
    """The address of the page `link` names, relative to the address of `page`, whose source holds it."""
    source = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), unquote(link)))
    if source == ".." or source.startswith("../"):
        return link  # leaves the site's sources: the link check reports where it leads
    target = files.get_file_from_path(source) or _absent_page(source, config)
    return target.url_relative_to(page)


def _absent_page(source: str, config: MkDocsConfig) -> File:
    """Where a page of that source would be served: the address the link check then finds missing."""
    return File(source, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
