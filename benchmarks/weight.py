"""What a first visit to a page downloads, counted from the built files.

A page's first visit fetches the HTML and what it references: stylesheets, scripts,
icons, images, JSON data named in attributes (not the figures that atlas-charts.js fetches
only when a chart is explored), what the stylesheets reference, and, because Material's
JavaScript fetches it at start-up, Material's search index and worker when the page has
Material's search box (the atlas's own, answered by Pagefind, fetches nothing until a
search). Sizes are raw and gzip (level 9, each file on its own, summed), gzip only for
text types: images are served as they are. Web fonts
are excluded (the site uses none: `font: false`). The Chromium measurement in
`benchmarks/browser.py` checks this list against what the browser really fetched.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ORIGIN = "http://site.invalid/"
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".csv", ".map", ".ico"}
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "manifest",
}
SEARCH_INDEX = "search/search_index.json"
ON_DEMAND_ATTRIBUTES = {"data-figure"}  # fetched when the reader asks (atlas-charts.js)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


@lru_cache(maxsize=4096)
def file_sizes(path: Path) -> tuple[int, int]:
    """(raw, gzip -9) bytes of one file as a gzip-capable server sends it."""
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSIBLE:
        return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))
    return len(data), len(data)


@dataclass
class Resource:
    url: str  # path relative to the site root
    raw: int
    gzip: int


@dataclass
class PageWeight:
    url: str
    resources: list[Resource] = field(default_factory=list)

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.resources)

    @property
    def gzip(self) -> int:
        return sum(r.gzip for r in self.resources)

    def loads(self, name_part: str) -> bool:
        return any(name_part in r.url for r in self.resources)


class _References(HTMLParser):
    """Collects the URLs a browser fetches while loading the page (not links it could follow)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.has_search_form = False
        self.has_chart = False
        self._in_config = False
        self.config_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and FETCHED_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img", "iframe", "embed", "source", "input") and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "video" and values.get("poster"):
            self.urls.append(values["poster"])
        elif tag == "object" and values.get("data"):
            self.urls.append(values["data"])
        if tag in ("img", "source") and values.get("srcset"):
            self.urls.extend(candidate.split()[0] for candidate in values["srcset"].split(",") if candidate)
        if tag == "form" and values.get("name") == "search":
            self.has_search_form = True
        if tag == "script" and values.get("id") == "__config":
            self._in_config = True
        for name, value in values.items():
            if (
                name.startswith("data-")
                and name not in ON_DEMAND_ATTRIBUTES
                and value.split("?")[0].endswith(".json")
            ):
                self.urls.append(value)
        if "atlas-chart" in values.get("class", "").split() or "data-figure" in values:
            self.has_chart = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config_text += data


def _site_path(page_url: str, reference: str) -> str | None:
    """The site-relative path a reference on a page resolves to (None: data:, other hosts, anchors)."""
    if not reference or reference.startswith(("data:", "blob:", "#", "mailto:", "javascript:")):
        return None
    absolute = urljoin(ORIGIN + page_url, reference)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}/" != ORIGIN:
        return None  # a third-party URL: the site makes none, and tests enforce it
    path = parts.path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def page_references(site: Path, page_url: str) -> tuple[list[str], _References]:
    html_file = site / page_url / "index.html"
    parser = _References()
    parser.feed(html_file.read_text(encoding="utf-8"))
    found = [path for path in (_site_path(page_url, ref) for ref in parser.urls) if path]
    if parser.has_search_form and parser.config_text:
        config = json.loads(parser.config_text)
        base = config.get("base", ".").rstrip("/") + "/"
        if config.get("search"):
            found.append(_site_path(page_url, config["search"]) or "")
        found.append(_site_path(page_url, base + SEARCH_INDEX) or "")
    return [path for path in found if path], parser


def _css_references(site: Path, css_path: str) -> list[str]:
    text = (site / css_path).read_text(encoding="utf-8", errors="replace")
    return [path for path in (_site_path(css_path, ref) for ref in CSS_URL.findall(text)) if path]


def first_visit(site: Path, page_url: str) -> tuple[PageWeight, bool]:
    """The files a first visit to `page_url` downloads, and whether the page draws a chart."""
    references, parser = page_references(site, page_url)
    queue = [page_url + "index.html", *references]
    seen: list[str] = []
    while queue:
        path = queue.pop(0)
        if path in seen or Path(path).suffix.lower() in FONT_SUFFIXES or not (site / path).is_file():
            continue
        seen.append(path)
        if path.endswith(".css"):
            queue.extend(_css_references(site, path))
    weight = PageWeight(page_url)
    for path in seen:
        raw, compressed = file_sizes(site / path)
        weight.resources.append(Resource(path, raw, compressed))
    return weight, parser.has_chart


def loads_plotly(weight: PageWeight) -> bool:
    return weight.loads("plotly")
