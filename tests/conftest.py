"""Shared fixtures: a real build of the real site, a copy of the project to modify, and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas.cases.model import Case
from atlas.inputs import Corpus, load_corpus
from atlas.site.build import build

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_ITEMS = (
    "atlas",
    "cases",
    "docs",
    "literature",
    "schema",
    "references.bib",
    "mkdocs.yml",
    "build_site.py",
    "CITATION.cff",
    "CHANGELOG.md",
    ".github",
    ".pre-commit-config.yaml",
)


def copy_project(destination: Path) -> Path:
    """A throw-away copy of the project's inputs, for tests that add or break files."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ITEMS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


def run_cli(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python build_site.py ARGS` in a project folder, as a contributor runs it (a new process)."""
    return subprocess.run(
        [sys.executable, "build_site.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with MkDocs into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, site)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(
    directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
) -> tuple[str, http.server.ThreadingHTTPServer]:
    """The folder served on a free local port, in a thread (tests and the benchmark's browser)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: run `bash setup.sh` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """What a page did besides rendering: console errors and requests that left localhost."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.external_requests: list[str] = []
        self.failed_requests: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    watch = PageWatch()
    tab.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    tab.on("requestfailed", lambda r: watch.failed_requests.append(r.url))

    def on_request(request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            watch.external_requests.append(request.url)

    def on_dialog(dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("request", on_request)
    tab.on("dialog", on_dialog)
    tab.watch = watch
    yield tab
    context.close()


VARIED_CASES = 130  # more than the case browser lists at once, so "Show more" is exercised


@pytest.fixture(scope="session")
def varied_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project plus synthetic cases covering every filter value, with instant navigation on."""
    from tests.support.synthetic import add_synthetic_cases, enable_instant_navigation

    root = copy_project(tmp_path_factory.mktemp("varied") / "project")
    add_synthetic_cases(root, VARIED_CASES)
    enable_instant_navigation(root)
    build(root, root / "site")
    return root


@pytest.fixture(scope="session")
def varied_site_url(varied_project: Path) -> Iterator[str]:
    url, server = serve(varied_project / "site")
    yield url
    server.shutdown()


@dataclass
class ServedSite:
    """A built site being served, with the corpus it was built from (to compute what pages must show)."""

    url: str
    corpus: Corpus

    @property
    def cases(self) -> list[Case]:
        return self.corpus.cases


@pytest.fixture(params=["real", "varied"])
def served_site(request) -> ServedSite:
    """The real site, then the varied synthetic one: a test using it runs on both."""
    if request.param == "real":
        return ServedSite(request.getfixturevalue("site_url"), load_corpus(ROOT)[0])
    root: Path = request.getfixturevalue("varied_project")
    return ServedSite(request.getfixturevalue("varied_site_url"), load_corpus(root)[0])
