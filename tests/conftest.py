"""Shared fixtures: a real build of the real site, the real inputs read once, a copy of the project
to modify, the command line (as a new process, or in this one) and a real browser.

What a whole test run reads or builds once is shared by every test that only reads it; a test
that changes a file works on its own copy of the project.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from atlas import cli
from atlas.cases.model import Case
from atlas.diagnostics import Diagnostic, errors_in
from atlas.inputs import Corpus, Inputs, load_corpus, read_inputs
from atlas.site.build import build
from atlas.sources.bibliography import Bibliography

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


# A test that asks for one of these gets a whole site built or a browser started: it is marked slow.
SLOW_FIXTURES = frozenset(
    {"built_site", "site_url", "varied_project", "varied_site_url", "served_site", "browser", "page"}
)


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        builds_or_browses = SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if builds_or_browses or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _as_on_a_contributors_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands print as they do on a contributor's machine, also when the suite runs in a GitHub
    Actions job: no `::error` annotations (tests of them ask for them) and no colour."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _whole_builds_are_marked_slow(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps the quick loop quick: a test not marked slow that gets as far as running MkDocs fails."""
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setattr("atlas.site.build.mkdocs_build", _refuse_whole_build)


def _refuse_whole_build(*args: object, **kwargs: object) -> None:
    pytest.fail("this test builds the whole site: mark it @pytest.mark.slow", pytrace=False)


def copy_project(destination: Path) -> Path:
    """A throw-away copy of the project's inputs, for tests that add or break files."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ITEMS:
        source = ROOT / name
        if source.is_dir():
            skip = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, destination / name, ignore=skip, copy_function=shutil.copy)
        elif source.exists():
            shutil.copy(source, destination / name)
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


def run_in_process(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python build_site.py ARGS` in a project folder, run in this process: the script's own parser
    and commands, without a new interpreter and its imports (about 0.7 s of CPU each time).

    For tests that read what a command prints or writes; tests of the command line itself use run_cli.
    """
    import build_site

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.chdir(project))
        stack.enter_context(mock.patch.dict(os.environ, env))
        stack.enter_context(mock.patch.object(build_site, "ROOT", project))
        stack.enter_context(mock.patch.object(sys, "argv", ["build_site.py", *args]))
        stack.enter_context(mock.patch.object(cli, "_interrupt_on_terminate", lambda: None))  # pytest's own
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            returncode = build_site.main(list(args))
        except SystemExit as stop:  # as the interpreter turns it into an exit status
            returncode = 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
            if isinstance(stop.code, str):
                print(stop.code, file=err)
    return subprocess.CompletedProcess(["build_site.py", *args], returncode, out.getvalue(), err.getvalue())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


Checked = tuple[Inputs, list[Diagnostic]]  # what `check` gives: the inputs read and every problem


@pytest.fixture(scope="session")
def real_check() -> Iterator[Checked]:
    """`check` of the project itself, run once per test session: its inputs and every problem found.
    Shared by the tests that only read them: at the end of the session they must be as read."""
    checked = read_inputs(ROOT)
    yield checked
    assert checked == read_inputs(ROOT), "a test changed the shared inputs; it must change a copy"


@pytest.fixture(scope="session")
def real_inputs(real_check: Checked) -> Inputs:
    inputs, problems = real_check
    assert errors_in(problems) == [], [problem.format() for problem in errors_in(problems)]
    return inputs


@pytest.fixture(scope="session")
def real_corpus(real_inputs: Inputs) -> Corpus:
    return real_inputs.corpus


@pytest.fixture(scope="session")
def real_bibliography(real_corpus: Corpus) -> Bibliography:
    return real_corpus.bibliography


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
        return ServedSite(request.getfixturevalue("site_url"), request.getfixturevalue("real_corpus"))
    root: Path = request.getfixturevalue("varied_project")
    return ServedSite(request.getfixturevalue("varied_site_url"), load_corpus(root)[0])
