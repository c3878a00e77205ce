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
    """MkDocs plugin (added by atlas/site/build.py): `.md` links of raw HTML become the pages' addresses.

    Sibling pages (cases/a/, cases/b/) give a link to a page outside their folders the same address,
    so it is worked out once per folder: working out a case page's few links was two thirds of this
    step's time at 1,000 cases.
    """

    def __init__(self) -> None:
        super().__init__()
        # (link, source folder, parent folder of the address, its depth) → (target's URL, address)
        self.addresses: dict[tuple[str, str, str, int], tuple[str, str]] = {}

    @event_priority(-50)  # after the islands are back (atlas/site/islands.py), before the theme and the check
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        def address(link: re.Match[str]) -> str:
            if not _in_a_tag(html, link.start()):
                return link.group(0)  # text, such as an example shown in a code block
            return link.group(1) + self._address(link.group(2), page.file, files, config)

        return PAGE_LINK.sub(address, html)

    def _address(self, link: str, page: File, files: Files, config: MkDocsConfig) -> str:
        folder = _folder(page)
        depth = folder.count("/")
        key = (link, posixpath.dirname(page.src_uri), folder.rsplit("/", 2)[0] if depth > 1 else "", depth)
        kept = self.addresses.get(key)
        if kept is not None and not kept[0].startswith(folder):
            return kept[1]
        target = link_target(link, page, files, config)
        if target is None:
            return link  # leaves the site's sources: the link check reports where it leads
        address = target.url_relative_to(page)
        if not target.url.startswith(folder):  # not the page itself or below it: the same for its siblings
            self.addresses[key] = (target.url, address)
        return address


def _folder(page: File) -> str:
    """The folder a page's address is in: "" for the home page, "cases/a/" for cases/a/ and cases/a.html."""
    url = page.url
    folder = url if url.endswith("/") else posixpath.dirname(url) + "/"
    return "" if folder in ("./", "/") else folder


def _in_a_tag(html: str, position: int) -> bool:
    """Whether `position` is inside a tag: code blocks escape "<" and ">" but show quotes as they are."""
    return html.rfind("<", 0, position) > html.rfind(">", 0, position)


def page_address(link: str, page: File, files: Files, config: MkDocsConfig) -> str:
    """The address of the page `link` names, relative to the address of `page`, whose source holds it."""
    target = link_target(link, page, files, config)
    return link if target is None else target.url_relative_to(page)


def link_target(link: str, page: File, files: Files, config: MkDocsConfig) -> File | None:
    """The page `link` names from `page`'s source; None when it leaves the site's sources."""
    source = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), unquote(link)))
    if source == ".." or source.startswith("../"):
        return None
    return files.get_file_from_path(source) or _absent_page(source, config)


def _absent_page(source: str, config: MkDocsConfig) -> File:
    """Where a page of that source would be served: the address the link check then finds missing."""
    return File(source, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
