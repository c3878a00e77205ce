"""Page types of a built site, found by URL pattern, so new kinds of pages are measured as they land.

home `/`, review chapter `/review/*`, atlas page `/atlas/*`, case browser `/cases/`,
case page `/cases/<id>/`. A type with no page in the site is reported as "not built yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HOME = "home"
REVIEW = "review chapter"
ATLAS = "atlas page"
CASE_BROWSER = "case browser"
CASE_PAGE = "case page"
PAGE_TYPES = (HOME, REVIEW, ATLAS, CASE_BROWSER, CASE_PAGE)


@dataclass
class SitePages:
    """Every HTML page of a built site, as URL paths relative to the site root ('' is home)."""

    site: Path
    by_type: dict[str, list[str]] = field(default_factory=dict)
    all_pages: list[str] = field(default_factory=list)

    def file_of(self, url: str) -> Path:
        return self.site / url / "index.html" if url else self.site / "index.html"


def page_type(url: str) -> str | None:
    """The page type of a URL path such as 'cases/smith-2019/' (None: a page of no measured type)."""
    parts = [part for part in url.strip("/").split("/") if part]
    if not parts:
        return HOME
    if parts[0] == "review":
        return REVIEW
    if parts[0] == "atlas":
        return ATLAS
    if parts == ["cases"]:
        return CASE_BROWSER
    if parts[0] == "cases" and len(parts) == 2:
        return CASE_PAGE
    return None


def discover(site: Path) -> SitePages:
    pages = SitePages(site=site, by_type={kind: [] for kind in PAGE_TYPES})
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        url = "" if relative == "." else relative + "/"
        pages.all_pages.append(url)
        kind = page_type(url)
        if kind:
            pages.by_type[kind].append(url)
    return pages


def count_html_pages(site: Path) -> int:
    """Pages MkDocs rendered (index.html of each page; 404.html is rendered by any site)."""
    return sum(1 for _ in site.rglob("index.html"))
