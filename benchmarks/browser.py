"""Chromium's view of a first visit, and the case browser's responsiveness, through Playwright.

The site is served by a local server that gzips text files (level 9) the way a static
host does, so the Performance API's `encodedBodySize` is the gzip bytes on the wire
and `decodedBodySize` the raw bytes (`transferSize` adds the headers). Each page is
opened in a new browser context: an empty cache, as on a first visit. Requests made
inside workers do not appear in the page's Performance timeline, so Playwright's
network events are recorded too and any URL only they saw is added with its file
sizes (and named in the report).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError

from benchmarks.weight import COMPRESSIBLE, FONT_SUFFIXES, file_sizes
from tests.conftest import serve

CHROMIUM = Path("/usr/bin/chromium")
SETTLE_QUIET_S = 1.0
SETTLE_TIMEOUT_S = 20.0
LOAD_TIMEOUT_MS = 120_000
LOAD_TIME_SCRIPT = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  return navigation && navigation.loadEventEnd > 0 ? navigation.loadEventEnd : null;
}"""
FILTER_SCRIPT = (Path(__file__).parent / "filter_timing.js").read_text(encoding="utf-8")
ENTRIES_SCRIPT = """() => [
  ...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource'),
].map(e => ({name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize,
             decoded: e.decodedBodySize, type: e.initiatorType}))"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that sends text files gzip-encoded when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix.lower() in COMPRESSIBLE):
            super().do_GET()
            return
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=1024)
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


@contextmanager
def served(site: Path) -> Iterator[str]:
    url, server = serve(site, GzipHandler)
    try:
        yield url + "/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class BrowserVisit:
    url: str
    raw: int = 0
    gzip: int = 0
    transfer: int = 0
    load_ms: float | None = None  # from navigation start to the end of the load event
    requests: list[str] = field(default_factory=list)
    added_from_network: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def loads(self, name_part: str) -> bool:
        return any(name_part in url for url in self.requests)


@dataclass
class FilterTiming:
    rows: int
    column: str
    milliseconds: list[float]
    visible_after: list[int]

    @property
    def median(self) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[len(ordered) // 2]


class Chromium:
    """One Chromium for the whole report (started lazily, closed by `close`)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        from tests.conftest import CHROMIUM_ARGS

        if not CHROMIUM.exists():
            raise RuntimeError("Debian's Chromium is missing: run `bash setup.sh`")
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()
        self._playwright.stop()

    def first_visit(self, base: str, site: Path, page_url: str) -> BrowserVisit:
        visit = BrowserVisit(page_url)
        context = self.browser.new_context()
        page = context.new_page()
        network: list[str] = []
        page.on("requestfinished", lambda request: network.append(request.url))
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        entries: list[dict[str, Any]] = []
        try:
            page.goto(base + page_url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
            entries = _settled_entries(page)
            visit.load_ms = _evaluate(page, LOAD_TIME_SCRIPT)
        except PlaywrightError:
            # The page's main thread is still busy (e.g. drawing): what it fetched is known
            # from the network events, and its sizes from the files.
            visit.errors.append(f"page busy: not loaded or not answering within {LOAD_TIMEOUT_MS // 1000} s")
        context.close()
        seen = set()
        for entry in entries:
            name = entry["name"].split("#")[0]
            if _is_font(name):
                continue
            seen.add(name)
            visit.requests.append(name)
            visit.raw += entry["decoded"]
            visit.gzip += entry["encoded"]
            visit.transfer += entry["transfer"]
        for url in network:
            if url in seen or _is_font(url) or not url.startswith(base):
                continue
            seen.add(url)
            path = _file_for(site, url[len(base) :])
            if path is None:
                continue
            raw, compressed = file_sizes(path)
            visit.requests.append(url)
            visit.added_from_network.append(url[len(base) :])
            visit.raw += raw
            visit.gzip += compressed
        return visit

    def filter_timing(self, base: str, page_url: str, rows: int, repeats: int = 5) -> FilterTiming | None:
        """Time real filter interactions on the case browser; None when it has no filter controls yet."""
        context = self.browser.new_context()
        page = context.new_page()
        try:
            page.goto(base + page_url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
            _evaluate(page, "() => true")  # the main thread is free: the filters can be timed
            result = page.evaluate(FILTER_SCRIPT, repeats)
        finally:
            context.close()
        if result is None:
            return None
        return FilterTiming(rows, result["column"], result["milliseconds"], result["visible"])


def _settled_entries(page: Any) -> list[dict[str, Any]]:
    """The timeline once no new request has started for a second (after `load`).

    Playwright's "networkidle" is not enough: on a large page the main thread can be busy
    parsing for longer than its 500 ms quiet period before Material's script asks for the
    search index.
    """
    entries = _evaluate(page, ENTRIES_SCRIPT)
    quiet_since = time.monotonic()
    deadline = quiet_since + SETTLE_TIMEOUT_S
    while time.monotonic() - quiet_since < SETTLE_QUIET_S and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        now = _evaluate(page, ENTRIES_SCRIPT)
        if len(now) != len(entries):
            quiet_since = time.monotonic()
        entries = now
    return entries


def _evaluate(page: Any, function: str) -> Any:
    """page.evaluate with a time limit: a page whose main thread never comes free raises a
    Playwright TimeoutError instead of hanging the benchmark (evaluate itself waits forever)."""
    handle = page.wait_for_function(f"() => ({{ value: ({function})() }})", timeout=LOAD_TIMEOUT_MS)
    return handle.json_value()["value"]


def _is_font(url: str) -> bool:
    return Path(urlsplit(url).path).suffix.lower() in FONT_SUFFIXES


def _file_for(site: Path, relative: str) -> Path | None:
    path = site / unquote(urlsplit(relative).path)
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None
