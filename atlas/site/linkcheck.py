"""The built site checked as a reader's browser would use it: every link and resource resolves.

MkDocs validates the links written in Markdown; this checks the HTML that was actually
produced (templates, generated pages, theme), so a link broken by a template or a page
that moved is caught before publication. Offline by design: external pages are not
fetched, but a page may not load anything from another site, and DOI links must be
well formed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from lxml import etree
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page as MkDocsPage

from atlas.diagnostics import Diagnostic
from atlas.pages.case_page import ROWS_TABLE_END, ROWS_TABLE_START
from atlas.rules import rule
from atlas.site.prerendered import is_prerendered

DOI_LINK = re.compile(r"^https://doi\.org/10\.\d{4,9}/[^\s\"'<>\\]+$")
DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
# Attributes whose URL the browser fetches without a click, by element.
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
NAVIGATION_ATTRIBUTES = {"a": ("href",), "area": ("href",), "form": ("action",)}
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
}
URL_TAGS = (*RESOURCE_ATTRIBUTES, *NAVIGATION_ATTRIBUTES, "link")  # the elements _urls reads
UNSAFE_SCHEMES = {"javascript", "vbscript", "data"}
HTML_PARSER = etree.HTMLParser(encoding="utf-8")
PAGE_INDEPENDENT = ("https://", "http://", "//", "/")  # URLs whose target does not depend on the page
# Where Material's layout regions start (header options, sidebars, article, footer): the cuts
# of RegionCache. Cuts fall at a tag's start; where they fall changes only the speed, not the result.
REGION_STARTS = (
    b'<form class="md-header__option"',
    b'<div class="md-sidebar md-sidebar--',
    b"<article ",
    b"</article>",
    b"<footer ",
)


@dataclass(frozen=True)
class Reference:
    """One URL found in a page, with where it stands."""

    page: str
    line: int
    column: int
    tag: str
    url: str
    loads: bool


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


def _urls(tag: str, values: Mapping[str, str]) -> Iterator[tuple[str, bool]]:
    """(url, loaded without a click) for each URL-bearing attribute of an element."""
    for name in RESOURCE_ATTRIBUTES.get(tag, ()):
        if name in values:
            yield from ((url, True) for url in _urls_in(name, values[name]))
    for name in NAVIGATION_ATTRIBUTES.get(tag, ()):
        if name in values:
            yield values[name], False
    if tag == "link" and "href" in values:
        rels = set(values.get("rel", "").lower().split())
        yield values["href"], bool(rels & LOADED_LINK_RELS)


def _urls_in(attribute: str, value: str) -> list[str]:
    if attribute != "srcset":
        return [value]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def parse_page(path: Path, display: str, regions: RegionCache | None = None) -> Page:
    """Anchors and URLs of one page (lxml: the standard library's parser took most of the build's time)."""
    regions = regions if regions is not None else RegionCache()
    page = Page()
    for first_line, region in _layout(path, regions):
        page.ids.update(region.ids)
        page.references.extend(
            Reference(display, first_line + line, 1, tag, url, loads)
            for line, tag, url, loads in region.found
        )
    return page


Found = tuple[int, str, str, bool]  # line within the region, tag, URL, loaded without a click


@dataclass(frozen=True)
class Region:
    """One region of a page: its ids and its URLs, those whose verdict holds for sibling pages apart.

    `shared`: URLs that leave the page's folder (../…) or the site, so pages in the same parent
    folder (cases/a/, cases/b/) get the same verdicts; `own`: the rest (#anchors, ./…).
    """

    ids: frozenset[str]
    shared: tuple[Found, ...]
    own: tuple[Found, ...]

    @property
    def found(self) -> list[Found]:
        return sorted(self.shared + self.own)


@dataclass
class RegionCache:
    """Parsed regions of pages, by a digest of their bytes.

    Thousands of pages share Material's header, navigation, table of contents and footer byte
    for byte (case pages above all); each distinct region is parsed once. `kept`: regions parsed
    by an earlier build (atlas/site/build_cache.py), by the same digest; a page that did not change
    is not parsed again.
    """

    parsed: dict[bytes, Region] = field(default_factory=dict)
    kept: dict[bytes, Region] = field(default_factory=dict)

    def parse(self, region: bytes) -> Region:
        key = hashlib.blake2b(region, digest_size=16).digest()  # not the bytes: 70 MB at 5,000 cases
        if key not in self.parsed:
            found = self.kept.get(key)
            self.parsed[key] = found if found is not None else _parse_region(region)
        return self.parsed[key]


@cache
def parser_identity() -> str:
    """What decides a region's parse besides its bytes: this module's code and lxml's and libxml2's
    versions. Regions kept under another identity are parsed again."""
    versions = f"lxml {etree.LXML_VERSION}; libxml2 {etree.LIBXML_VERSION}"
    return hashlib.sha256(Path(__file__).read_bytes() + versions.encode()).hexdigest()


def region_record(region: Region) -> list[Any]:
    """A region as JSON: its ids, and its URLs that leave its folder and those that do not."""
    return [sorted(region.ids), [list(item) for item in region.shared], [list(item) for item in region.own]]


def region_from_record(record: list[Any]) -> Region:
    ids, shared, own = record
    return Region(frozenset(ids), tuple(map(tuple, shared)), tuple(map(tuple, own)))


Layout = list[tuple[int, Region]]  # a page's regions, each with the number of its first line - 1


def _layout(path: Path, regions: RegionCache) -> Layout:
    return page_layout(path.read_bytes(), regions)


def page_layout(data: bytes, regions: RegionCache) -> Layout:
    return [(first_line, regions.parse(region)) for first_line, region in _regions(data)]


class PageCollector(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): each page's links are read as MkDocs writes it.

    The link checker then need not read thousands of pages back from the disk; files MkDocs
    writes otherwise (the 404 page, static HTML) are read from the site as before. On the pages
    made as HTML, the summary tables are left unread (without_row_tables).
    """

    def __init__(self, regions: RegionCache | None = None) -> None:
        super().__init__()
        self.regions = regions if regions is not None else RegionCache()
        self.layouts: dict[PurePosixPath, Layout] = {}

    @event_priority(-100)  # after every other plugin: what is collected is what is written
    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        written = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        if is_prerendered(page):
            written = without_row_tables(written)
        self.layouts[PurePosixPath(page.file.dest_uri)] = page_layout(written, self.regions)
        return output


ROWS_START, ROWS_END = ROWS_TABLE_START.encode(), ROWS_TABLE_END.encode()


def without_row_tables(data: bytes) -> bytes:
    """A generated page with its summary tables blanked out, their lines kept (as many newlines).

    Those tables hold only summary rows, and the generator refuses a row with a link, a resource
    or an anchor (atlas/pages/case_page.py, RowRenderer): nothing in them is for the link check,
    and they are half of a case page's bytes and most of its elements. Lines after them keep their
    numbers, so a problem is reported where it is.
    """
    parts: list[bytes] = []
    done = 0
    start = data.find(ROWS_START)
    while start != -1:
        end = data.find(ROWS_END, start)
        if end == -1:
            break
        end += len(ROWS_END)
        parts += [data[done:start], b"\n" * data.count(b"\n", start, end)]
        done = end
        start = data.find(ROWS_START, done)
    return b"".join(parts) + data[done:] if parts else data


def _regions(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The page cut where Material's layout regions start: (number of its first line - 1, bytes).

    Cuts fall at the start of a tag, so no tag is split; each region is parsed on its own.
    """
    start, line = 0, 0
    for cut in _cuts(data):
        if cut > start:
            yield line, data[start:cut]
            line += data.count(b"\n", start, cut)
            start = cut
    yield line, data[start:]


def _cuts(data: bytes) -> list[int]:
    """Where each region starts (bytes.find: a regular expression took a fifth of a page's check)."""
    cuts = []
    for marker in REGION_STARTS:
        found = data.find(marker)
        while found != -1:
            cuts.append(found)
            found = data.find(marker, found + len(marker))
    return sorted(cuts)


def _parse_region(region: bytes) -> Region:
    document = etree.fromstring(region, HTML_PARSER)
    if document is None:
        return Region(frozenset(), (), ())
    found = [
        (element.sourceline or 1, element.tag, url, loads)
        for element in document.iter(*URL_TAGS)
        for url, loads in _urls(element.tag, element.attrib)
    ]
    ids = frozenset(str(value) for value in document.xpath("//@id | //a/@name"))
    leaves = [_leaves_folder(url) for _, _, url, _ in found]
    shared = tuple(item for item, out in zip(found, leaves, strict=True) if out)
    return Region(ids, shared, tuple(item for item, out in zip(found, leaves, strict=True) if not out))


def _leaves_folder(url: str) -> bool:
    url = url.strip()
    if url.startswith("#"):
        return False
    return url.startswith(("../", *PAGE_INDEPENDENT)) or bool(urlsplit(url).scheme)


def join_relative(page: str, link: str) -> str | None:
    """`urljoin` of a relative link on a page's URL path, but None when `..` climbs above the root.

    `urljoin` clamps at the root: from /coverage/, ../../cases/x/ becomes /cases/x/. On a host
    where the site lives in a folder (GitHub Pages: /atlas/), such a link leaves the site.
    The steps are urljoin's own (RFC 3986 dot segments; empty segments inside are dropped).
    """
    if not link:
        return "/" + page
    folder = ("/" + page).split("/")[:-1]  # ["", "cases", "x"] for cases/x/
    segments = folder + link.split("/")
    segments[1:-1] = [segment for segment in segments[1:-1] if segment]
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(resolved) <= 1:
                return None
            resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    return "/".join(resolved) or "/"


def page_url(relative: PurePosixPath) -> str:
    """The URL path a file is served at, relative to the site root (directory URLs end in /)."""
    text = relative.as_posix()
    if relative.name == "index.html":
        return text.removesuffix("index.html")
    return text


def check_site(site: Path, site_url: str = "", collected: PageCollector | None = None) -> list[Diagnostic]:
    """Every problem found in the HTML pages and sitemap of a built site.

    `collected`: pages already read as MkDocs wrote them (the same bytes); the rest is read here.
    """
    regions = collected.regions if collected else RegionCache()
    seen = collected.layouts if collected else {}
    layouts: dict[PurePosixPath, Layout] = {}
    for path in sorted(site.rglob("*.html")):
        relative = PurePosixPath(path.relative_to(site).as_posix())
        layouts[relative] = seen[relative] if relative in seen else _layout(path, regions)
    ids = {
        relative: set().union(*(region.ids for _, region in layout)) for relative, layout in layouts.items()
    }
    resolver = _Resolver(site, ids, urlsplit(site_url))
    verdicts = _Verdicts(resolver)
    problems: list[Diagnostic] = []
    for relative, layout in layouts.items():
        parent = _parent_folder(relative)
        for first_line, region in layout:
            for line, code, text in verdicts.of_region(relative, parent, region):
                problems.append(rule(code).at(f"site/{relative.as_posix()}", first_line + line, 1, text))
    problems += _sitemap_problems(site, resolver)
    return problems


def _parent_folder(relative: PurePosixPath) -> str:
    """'/cases/' for cases/x/index.html: where its ../ links lead; the site's root folder has none."""
    folder = "/" + page_url(relative).rpartition("/")[0]
    return folder.rpartition("/")[0] + "/" if folder != "/" else ""


Problem = tuple[int, str, str]  # line within the region, code, message


@dataclass
class _Verdicts:
    """Verdicts on links, shared where the pages' addresses cannot change them.

    A link that leaves its page's folder (`../../assets/…`) means the same on every page of the
    same parent folder: it is resolved once per parent folder, and a region seen on many such
    pages (the navigation) has its verdicts looked up once per page. `#anchors` of the page
    itself are looked up in its ids.
    """

    resolver: _Resolver
    regions: dict[tuple[int, str], list[Problem]] = field(default_factory=dict)
    links: dict[tuple[str, str, str, bool], tuple[str, str] | None] = field(default_factory=dict)

    def of_region(self, relative: PurePosixPath, parent: str, region: Region) -> list[Problem]:
        key = (id(region), parent)
        if key not in self.regions:
            self.regions[key] = [
                (line, *message)
                for line, tag, url, loads in region.shared
                if (message := self._shared(relative, parent, Reference("", line, 1, tag, url, loads)))
            ]
        return sorted(self.regions[key] + self._own(relative, region.own))

    def _shared(self, relative: PurePosixPath, parent: str, link: Reference) -> tuple[str, str] | None:
        key = (parent, link.tag, link.url, link.loads)
        if key not in self.links:
            self.links[key] = self.resolver.problem(relative, link)
        return self.links[key]

    def _own(self, relative: PurePosixPath, found: tuple[Found, ...]) -> list[Problem]:
        own_ids = self.resolver.ids.get(relative, set())
        return [
            (line, *message)
            for line, tag, url, loads in found
            if not (url.startswith("#") and url[1:] in own_ids)
            and (message := self.resolver.problem(relative, Reference("", line, 1, tag, url, loads)))
        ]


@dataclass
class _Resolver:
    site: Path
    ids: dict[PurePosixPath, set[str]]
    home: SplitResult
    targets: dict[str, PurePosixPath | None] = field(default_factory=dict)

    def problem(self, relative: PurePosixPath, reference: Reference) -> tuple[str, str] | None:
        url = reference.url.strip()
        if url.startswith("#"):  # the page's own anchors: most links of a long page
            return self._anchor(relative, url[1:])
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in UNSAFE_SCHEMES and (
            scheme != "data" or reference.tag in ("a", "area", "iframe", "form")
        ):
            return "E506", f"<{reference.tag}> uses a {scheme}: URL"
        if scheme in ("mailto", "tel", "data"):
            return None
        if scheme in ("http", "https") or url.startswith("//"):
            return self._absolute(relative, reference, parts)
        if scheme:
            return "E506", f"<{reference.tag}> uses an unexpected {scheme}: URL"
        if url.startswith("/"):
            return self._root_relative(relative, parts)
        absolute = join_relative(page_url(relative), parts.path)
        if absolute is None:
            return (
                "E508",
                f"link to {parts.path!r} climbs above the site's root, so it leaves the site; "
                "remove a '../' (the link goes one folder too high)",
            )
        return self._internal(relative, absolute, parts.fragment)

    def _absolute(
        self, relative: PurePosixPath, reference: Reference, parts: SplitResult
    ) -> tuple[str, str] | None:
        home = self.home
        if parts.hostname and parts.hostname.lower() in DOI_HOSTS:
            if reference.loads or not DOI_LINK.match(reference.url):
                return "E504", f"DOI link {reference.url!r} is not of the form https://doi.org/10.…/…"
            return None
        if home.netloc and parts.netloc == home.netloc and parts.path.startswith(home.path or "/"):
            return self._root_relative(relative, parts)
        if reference.loads:
            return "E505", f"<{reference.tag}> loads {reference.url!r} from another site; self-host it"
        return None

    def _root_relative(self, relative: PurePosixPath, parts: SplitResult) -> tuple[str, str] | None:
        """A path from the host's root: inside the site only under site_url's path (e.g. /atlas/)."""
        prefix = self.home.path if self.home.netloc else "/"
        prefix = prefix if prefix.endswith("/") else prefix + "/"
        path = parts.path if parts.path != prefix.rstrip("/") else prefix
        if not path.startswith(prefix):
            return "E502", f"link to {parts.path!r} points outside the site ({prefix})"
        return self._internal(relative, "/" + path[len(prefix) :], parts.fragment)

    def _internal(self, relative: PurePosixPath, absolute: str, fragment: str) -> tuple[str, str] | None:
        target = self._target(unquote(absolute))
        if target is None:
            return "E502", f"link to {absolute.lstrip('/') or '/'} does not resolve to a file of the site"
        return self._anchor(target, fragment)

    def _anchor(self, target: PurePosixPath, fragment: str) -> tuple[str, str] | None:
        if not fragment:
            return None
        ids = self.ids.get(target)
        anchor = unquote(fragment)
        if ids is None or anchor not in ids:
            return "E503", f"anchor #{anchor} does not exist on {target.as_posix()}"
        return None

    def _target(self, absolute: str) -> PurePosixPath | None:
        """The file a URL path serves: a file, or a folder's index.html (as a static host does)."""
        if absolute not in self.targets:
            self.targets[absolute] = self._find_target(absolute)
        return self.targets[absolute]

    def _find_target(self, absolute: str) -> PurePosixPath | None:
        relative = PurePosixPath(absolute.lstrip("/"))
        if ".." in relative.parts:
            return None
        candidate = self.site / relative
        if absolute.endswith("/") or candidate.is_dir():
            relative = relative / "index.html"
            candidate = self.site / relative
        return relative if candidate.is_file() else None


def _sitemap_problems(site: Path, resolver: _Resolver) -> list[Diagnostic]:
    sitemap = site / "sitemap.xml"
    if not sitemap.exists() or not resolver.home.netloc:
        return []
    problems = []
    for number, line in enumerate(sitemap.read_text(encoding="utf-8").splitlines(), start=1):
        for match in re.finditer(r"<loc>([^<]*)</loc>", line):
            parts = urlsplit(match.group(1))
            message = resolver._root_relative(PurePosixPath("sitemap.xml"), parts)
            if message:
                code, text = message
                problems.append(rule(code).at("site/sitemap.xml", number, match.start() + 1, text))
    return problems
