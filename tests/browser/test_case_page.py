"""What a reader sees on a case page, in Debian's Chromium driven by Playwright.

Runs on the real site and on the varied synthetic one (sources with DOI, PubMed and web
links, secondary extraction, text that tries to inject markup); what each page must show
is computed here from the loaded case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from atlas.cases.model import Case
from atlas.inputs import load_corpus
from atlas.pages.case_title import case_title
from tests.conftest import ROOT, ServedSite

pytestmark = pytest.mark.browser

SAMPLE = 12  # case pages opened per site: enough to meet every kind of case, few enough to stay quick


def sample(site: ServedSite) -> list[Case]:
    cases = site.cases
    step = max(1, len(cases) // SAMPLE)
    return cases[::step][:SAMPLE]


def model_value(case: Case, path: str) -> Any:
    value: Any = case
    for name in path.split("."):
        if value is None:
            return None
        value = getattr(value, name)
    return value


def gate_closed(case: Case, path: str) -> bool:
    """The parent sub-section says the procedure was not done (biopsy performed: no)."""
    parent = model_value(case, path.rpartition(".")[0])
    return parent is not None and any(getattr(parent, flag, None) is False for flag in ("performed", "given"))


def heading_of(case_id: str) -> str:
    """What a case page is headed by: its descriptive title, built from its data."""
    corpus, _ = load_corpus(ROOT)
    return case_title(next(case for case in corpus.cases if case.id == case_id), corpus)


def test_case_page_shows_summary_and_not_reported(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/baheen-2022/")
    assert page.locator("h1").inner_text().rstrip("¶") == heading_of("baheen-2022")
    assert page.locator(".atlas-case-id").inner_text().startswith("Case baheen-2022 · ")
    for heading in (
        "Patient",
        "Presentation",
        "Tumour",
        "Imaging and diagnosis",
        "Pathology",
        "Treatment",
        "Outcome",
    ):
        assert page.get_by_role("heading", name=heading).count() == 1
    assert page.locator('tr[data-path="patient.age_years"] td').inner_text() == "61 years"
    assert page.locator('tr[data-path="pathology.grade"] td').inner_text() == "not reported"
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == []


def test_absent_fields_say_not_reported_and_present_ones_show_a_value(page, served_site: ServedSite) -> None:
    for case in sample(served_site):
        page.goto(f"{served_site.url}/cases/{case.id}/")
        # Empty sections are folded under one "Nothing reported on" line: open them, as a reader would.
        page.eval_on_selector_all(
            "article details.atlas-gathered-fields", "ds => ds.forEach(d => { d.open = true; })"
        )
        shown = page.eval_on_selector_all(
            "article [data-path]",
            "els => els.map(e => [e.dataset.path, (e.matches('tr') ? e.cells[1] : e).innerText.trim()])",
        )
        assert shown, case.id
        for path, text in shown:
            value = model_value(case, path)
            if value is None:
                expected = "not applicable" if gate_closed(case, path) else "not reported"
                assert text == expected, f"{case.id} {path}: {text!r}"
            else:
                assert text and "not reported" not in text.splitlines()[0], f"{case.id} {path}: {text!r}"
        for path in case.inferred or []:
            assert "(inferred)" in page.locator(f'[data-path="{path}"]').inner_text(), (case.id, path)
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    assert page.watch.external_requests == []


def expected_links(site: ServedSite, key: str) -> list[str]:
    reference = site.corpus.bibliography[key]
    links = []
    if reference.get("doi"):
        links.append(f"https://doi.org/{reference.get('doi')}")
    if reference.get("pmid"):
        links.append(f"https://pubmed.ncbi.nlm.nih.gov/{reference.get('pmid')}/")
    if reference.get("url"):
        links.append(reference.get("url"))
    return links


def test_source_links_resolve(page, served_site: ServedSite) -> None:
    """Internal files are fetched and checked; external links are checked for form, never fetched."""
    for case in sample(served_site):
        page.goto(f"{served_site.url}/cases/{case.id}/")
        source = page.locator(".atlas-case-source p").first
        hrefs = source.locator("a:not(.atlas-incomplete)").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert hrefs == expected_links(served_site, case.source), case.id
        for href in hrefs:
            assert re.fullmatch(r"https://[^\s<>\"']+", href), href
        # The source's files (the record's own are tested in tests/pages/test_record_citation.py).
        bibtex = page.locator('a[href*="data/sources/"]', has_text="BibTeX")
        ris = page.locator('a[href*="data/sources/"]', has_text="RIS")
        for link, start in ((bibtex, f"@article{{{case.source},"), (ris, "TY  - ")):
            url = link.evaluate("a => a.href")
            response = page.request.get(url)
            assert response.status == 200, url
            text = response.text()
            assert text.startswith(start), text[:80]
        incomplete = served_site.corpus.bibliography[case.source].is_incomplete
        assert (source.locator(".atlas-incomplete").count() == 1) == incomplete
        if case.extracted_from and case.extracted_from != case.source:
            read_from = page.locator(".atlas-case-source p", has_text="Values read from")
            for href in expected_links(served_site, case.extracted_from):
                assert read_from.locator(f'a[href="{href}"]').count() == 1
        # Under the case id at the top and again at the end of the page.
        browser_links = page.get_by_role("link", name="All cases in the case browser")
        hrefs = browser_links.evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [f"{served_site.url}/cases/"] * 2
    assert page.watch.external_requests == []
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_the_record_is_saved_as_the_bibtex_and_ris_the_page_shows(page, served_site: ServedSite) -> None:
    """The buttons save, as files made in the browser, exactly the text the page shows to copy."""
    case = served_site.cases[0]
    page.goto(f"{served_site.url}/cases/{case.id}/")
    formats = page.locator("details.atlas-record-formats")
    formats.locator("summary").click()
    for suffix, start in (("bib", f"@misc{{rvlms-atlas-{case.id}-"), ("ris", "TY  - DATA")):
        name = f"rvlms-atlas-{case.id}.{suffix}"
        shown = formats.locator(f'code[data-atlas-download="{name}"]').text_content()
        with page.expect_download() as saving:
            formats.get_by_role("button", name=f"Save {name}").click()
        download = saving.value
        assert download.suggested_filename == name
        saved = Path(download.path()).read_text(encoding="utf-8")
        assert saved == shown and saved.startswith(start), saved[:80]
    assert formats.get_by_role("button").count() == 2  # once each, though the script may run again
    assert page.watch.external_requests == []
    assert page.watch.console_errors == [] and page.watch.page_errors == []


def test_identifier_links_are_met_on_the_varied_site(varied_project, varied_site_url: str, page) -> None:
    """The synthetic sources carry DOI, PubMed and web links, so the link checks above are not vacuous."""
    page.goto(f"{varied_site_url}/cases/synthetic-000/")
    hrefs = page.locator(".atlas-source-link").evaluate_all("links => links.map(a => a.href)")
    assert "https://doi.org/10.1000/test.1980.101" in hrefs
    assert "https://pubmed.ncbi.nlm.nih.gov/1234567/" in hrefs
    assert "https://example.org/synthetic-1980" in hrefs
    also = page.locator("ul.atlas-also li")
    assert also.count() == 1 and "citation incomplete" in also.inner_text()
    stable = page.locator(".atlas-stable-url a")
    assert stable.get_attribute("href") == "https://rvlms-atlas.github.io/atlas/cases/synthetic-000/"


def test_contributor_text_stays_text(page, varied_site_url: str) -> None:
    from tests.support.synthetic import HOSTILE

    page.goto(f"{varied_site_url}/cases/synthetic-000/")
    article = page.locator("article")
    assert HOSTILE in article.inner_text()
    assert article.locator("img[src='x']").count() == 0
    assert article.locator("script:not([src])").count() == 0
    assert page.watch.dialogs == [] and page.watch.page_errors == []


def test_case_browser_links_to_case_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/cases/")
    page.get_by_role("link", name="baheen-2022").click()
    page.wait_for_url("**/cases/baheen-2022/")
    assert page.locator("h1").inner_text().rstrip("¶") == heading_of("baheen-2022")


@pytest.mark.parametrize("path", ["/cases/", "/cases/synthetic-000/", "/data/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_content_passes_axe(browser, varied_site_url: str, path: str, scheme: str) -> None:
    """Accessibility of what these pages add (the article), in both palettes, with filters in use."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(f"{varied_site_url}{path}")
        if path == "/cases/":
            tab.locator('select[data-filter="sex"]').select_option(value="female")
            tab.locator('th[data-key="age"]').get_by_role("button").click()
        else:  # what is folded too: the fields not reported, the record's BibTeX and RIS
            tab.locator("article details").evaluate_all("folded => folded.forEach(d => { d.open = true; })")
        result = Axe().run(tab, context="article")
        problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
        assert problems == []
    finally:
        context.close()


def test_data_page_reached_by_instant_navigation_runs_no_json(page, varied_site_url: str) -> None:
    """The Dataset JSON-LD is in the head: instant navigation re-creates content scripts as JavaScript."""
    page.goto(f"{varied_site_url}/")
    page.get_by_role("link", name="Data", exact=True).first.click()
    page.wait_for_url("**/data/")
    page.get_by_role("heading", name="Columns of the CSV").wait_for()
    assert page.locator("article script").count() == 0
    assert page.watch.console_errors == [] and page.watch.page_errors == []
    page.goto(f"{varied_site_url}/data/")
    assert page.locator('head script[type="application/ld+json"]').count() == 1
