"""Contributor text is rendered inert on every page: in the built HTML and in a real browser.

One site is built with a hostile case per payload (tests/hostile.py: every free-text field of
the schema holds the payload) and a reference whose fields hold markup. Every page of that
site is then checked, so pages added later (charts, case browser, data, review) are covered
as soon as they show contributor text.
"""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.evidence.spreadsheet import FORMULA_START, NUMBER, spreadsheet_safe
from atlas.site.build import build
from tests.conftest import ROOT, copy_project, serve
from tests.support.hostile import (
    MARKER,
    PAYLOADS,
    SHORT_PAYLOAD,
    case_ids,
    free_text_fields,
    write_hostile_project,
)
from tests.support.search_index import search_entries

DANGEROUS_TAGS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
ROW_CELLS = "rows => rows.map(r => [r.dataset.path, [...r.querySelectorAll('td')].map(td => td.innerText)])"
ELEMENTS_WITH_EVENT_HANDLERS = """() => [...document.querySelectorAll('*')]
    .filter(e => [...e.attributes].some(a => a.name.startsWith('on')))
    .map(e => e.outerHTML.slice(0, 120))"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    write_hostile_project(project)
    build(project)
    return project / "site"


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path):
    url, server = serve(hostile_site)
    yield url
    server.shutdown()


class _Inspector(HTMLParser):
    """Finds anything in a page that contributor text could have turned into markup or script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"line {self.getpos()[0]} <{tag}>"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name == "data-pwn" or name.startswith("on") or name == "srcdoc":
                self.findings.append(f"{where} has attribute {name}")
            if name in URL_ATTRIBUTES and value.startswith(UNSAFE_SCHEMES):
                self.findings.append(f"{where} {name}={value[:40]}")
        if tag in DANGEROUS_TAGS:
            self.findings.append(f"{where} element")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.findings.append(f"{where} refresh")
        if tag in ("script", "style", "template"):
            self.script = (dict(attrs).get("type") or tag, [])

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("script", "style", "template") or self.script is None:
            return
        kind, parts = self.script
        text = "".join(parts)
        self.script = None
        if kind == "application/json" or (kind == "template" and text.lstrip().startswith(("{", "["))):
            try:
                json.loads(text)
            except ValueError:
                self.findings.append(f"line {self.getpos()[0]}: JSON in <{tag}> was cut short")
        elif (
            kind != "template"
            and MARKER in text
            or "__pwned" in text
            or "alert(" in text
            or "display:none" in text
        ):
            self.findings.append(f"line {self.getpos()[0]}: contributor text inside <{tag}>")


def hostile_markup(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.findings


def test_inspector_catches_each_kind_of_injection() -> None:
    """The page inspector must see what it is meant to catch (else the tests below prove nothing)."""
    inert_as_text = {
        "template-syntax",
        "unicode",
        "markdown-syntax",
        "markdown-links",
        "entities-comments",
        "spreadsheet-formula",
    }
    for name, payload in PAYLOADS.items():
        if name not in inert_as_text:
            unescaped = hostile_markup(f"<p>{payload}</p>") + hostile_markup(f'<p title="{payload}">x</p>')
            assert unescaped, name
    assert hostile_markup('<script type="application/json">{"a": "</script><b>"}</script>')
    assert hostile_markup('<template class="atlas-figure-json">{"a": "</template><b>"}</template>')
    assert hostile_markup('<a href="javascript:alert(1)">x</a>')
    assert hostile_markup('<meta http-equiv="refresh" content="0;url=https://evil.example/">')


def test_every_free_text_field_is_attacked() -> None:
    """The list comes from the schema: a new text field is attacked without editing the tests."""
    fields = free_text_fields()
    assert {"notes", "patient.country", "diagnosis.imaging[].findings", "pathology.ihc{}"} <= set(fields)
    assert "id" not in fields and "source" not in fields and "outcome.status" not in fields


@pytest.mark.slow
def test_built_pages_hold_no_injected_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    for case_id in case_ids():
        assert hostile_site / "cases" / case_id / "index.html" in pages
    showing_marker = {
        p.relative_to(hostile_site).as_posix() for p in pages if MARKER in p.read_text(encoding="utf-8")
    }
    assert "references/index.html" in showing_marker, "the hostile reference should be listed"
    assert {f"cases/{case_id}/index.html" for case_id in case_ids()} <= showing_marker
    findings = {
        page.relative_to(hostile_site).as_posix(): found
        for page in pages
        if (found := hostile_markup(page.read_text(encoding="utf-8")))
    }
    assert findings == {}


@pytest.mark.slow
def test_downloads_hold_no_spreadsheet_formula(hostile_site: Path) -> None:
    """A CSV cell beginning with = + - @ would run as a formula in Excel or LibreOffice."""
    tables = sorted(hostile_site.rglob("*.csv"))
    assert any(MARKER in table.read_text(encoding="utf-8") for table in tables), (
        "hostile text should be in a CSV"
    )
    formulas = [
        f"{table.relative_to(hostile_site)}: {cell[:40]}"
        for table in tables
        for row in csv.reader(table.read_text(encoding="utf-8").splitlines())
        for cell in row
        if cell.startswith(FORMULA_START) and not NUMBER.match(cell)
    ]
    assert formulas == []


def test_spreadsheet_safe_cells() -> None:
    assert spreadsheet_safe('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("+1 cm") == "'+1 cm" and spreadsheet_safe("-ve") == "'-ve"
    assert spreadsheet_safe("-2.5") == "-2.5" and spreadsheet_safe("12") == "12"
    assert spreadsheet_safe("NED") == "NED" and spreadsheet_safe("") == ""


@pytest.mark.slow
def test_search_index_keeps_markup_escaped(hostile_site: Path) -> None:
    """The worker's results are HTML: contributor markup must stay escaped in the index (and
    atlas-search.js puts results in as text besides; test_search_results_stay_inert below)."""
    texts = [entry["text"] for entry in search_entries(hostile_site) if MARKER in entry["text"]]
    assert texts, "the hostile pages should be in the search index"
    for text in texts:
        assert hostile_markup(text) == [], text[:200]


def _local_pages(site: Path) -> list[str]:
    return [
        "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        for page in sorted(site.rglob("*.html"))
        if page.name != "404.html"  # 404.html links from the published root (/atlas/), not from localhost
    ]


def _assert_inert(page) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("[data-pwn], iframe, object, embed, base").count() == 0
    assert page.evaluate(ELEMENTS_WITH_EVENT_HANDLERS) == []


@pytest.mark.browser
def test_no_page_runs_contributor_script(page, hostile_site: Path, hostile_url: str) -> None:
    """Every page that can show contributor text: the pages of the project's own cases show only
    their own case, none of it hostile (the hostile cases' pages, of the same template, are visited)."""
    own_cases = {f"/cases/{path.stem}/" for path in (ROOT / "cases").glob("*.yaml")}
    paths = [path for path in _local_pages(hostile_site) if path not in own_cases]
    assert any(path.startswith("/cases/hostile-") for path in paths) and "/cases/" in paths
    for path in paths:
        page.goto(hostile_url + path, wait_until="load")
        _assert_inert(page)
    assert page.watch.dialogs == []
    assert page.watch.page_errors == []
    assert page.watch.external_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_contributor_text_is_shown_as_written(page, hostile_url: str, name: str) -> None:
    """Each text field's row on the case page shows the payload as plain text, character for character."""
    page.goto(f"{hostile_url}/cases/hostile-{name}/")
    expected = " ".join(PAYLOADS[name].split())
    cells: dict[str, list[str]] = {}  # the value cells of each field's rows, read in one call
    for path, texts in page.eval_on_selector_all("tr[data-path]", ROW_CELLS):
        cells.setdefault(path, []).extend(texts)
    shown = {}
    for path in free_text_fields():
        if "[" not in path and "{" not in path and path in cells:
            (text,) = cells[path]
            shown[path] = " ".join(text.split())
    assert len(shown) >= 10
    assert {path: text for path, text in shown.items() if not expected.startswith(text)} == {}
    notes = page.locator("#curation-notes + p")
    assert " ".join(notes.inner_text().split()) == expected
    assert page.locator('[data-path="pathology.ihc"] th[scope="row"]').inner_text() == SHORT_PAYLOAD
    _assert_inert(page)
    assert page.watch.dialogs == [] and page.watch.external_requests == []


@pytest.mark.browser
def test_case_browser_filtered_and_sorted_by_keyboard_stays_inert(page, hostile_url: str) -> None:
    """Keyboard only: Tab to the text filter, type, Tab to a column's sort button, Enter."""
    page.goto(hostile_url + "/cases/")
    total = page.locator("table[data-atlas-cases] tbody tr").count()
    _tab_to(page, 'input[data-filter="text"]')
    page.keyboard.type("hostile-")
    expect(page.locator("[data-atlas-count]")).to_have_text(f"{len(PAYLOADS)} of {total} cases shown")
    _tab_to(page, 'th[data-key="id"] button')
    expect(page.locator('th[data-key="id"]')).to_have_attribute("aria-sort", "ascending")  # listed by id
    page.keyboard.press("Enter")
    expect(page.locator('th[data-key="id"]')).to_have_attribute("aria-sort", "descending")
    listed = page.eval_on_selector_all(
        "table[data-atlas-cases] tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].textContent.trim())",
    )
    assert listed == sorted(case_ids(), reverse=True)
    _assert_inert(page)
    assert page.watch.dialogs == [] and page.watch.page_errors == []


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.browser
def test_search_results_stay_inert(page, hostile_url: str) -> None:
    page.goto(hostile_url + "/")
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type(MARKER)  # Material searches on key events, which fill() does not send
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    meta = page.locator(".md-search-result__meta").inner_text()
    assert int(meta.split()[0]) >= len(PAYLOADS), meta  # Material shows the first 10, then more on scroll
    results.last.scroll_into_view_if_needed()
    _assert_inert(page)
    assert page.watch.dialogs == [] and page.watch.external_requests == []
