"""Methods → Search and the flow of reports, read back from the real build.

The Methods page states the date of the last search, the languages and the rounds from
literature/search.yaml; the flow diagram counts reports, and its numbers are the row counts of the
leads and exclusions CSV files of the data package (recount L-9, usability N-3).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from atlas.inputs import Corpus, load_corpus
from atlas.pages.report_flow import flow
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT)[0]


@pytest.fixture(scope="module")
def methods(built_site: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built_site / "methods" / "index.html").read_bytes())


def csv_rows(site: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / "data" / name).read_text(encoding="utf-8"), newline="")))


def prisma(page: lxml.html.HtmlElement) -> dict[str, int]:
    return {
        box.get("data-step"): int(box.xpath('./p[@class="atlas-prisma-n"]')[0].text.removeprefix("n = "))
        for box in page.xpath("//div[@data-step]")
        if box.xpath('./p[@class="atlas-prisma-n"]')
    }


def test_the_methods_page_states_the_last_search_and_the_languages(methods, corpus: Corpus) -> None:
    search = corpus.search
    assert search is not None and search.date_of_last_search == "2026-12-06"
    last = methods.xpath('//time[@data-search="last-search"]')[0]
    assert last.get("datetime") == last.text == search.date_of_last_search
    assert methods.xpath('//*[@data-search="languages"]')[0].text == ", ".join(search.languages)
    assert methods.xpath('//*[@data-count="languages"]')[0].text == str(len(search.languages)) == "11"
    shown = [tr.get("data-language") for tr in methods.xpath('//table[@id="table-search-terms"]/tbody/tr')]
    assert shown == search.languages
    headings = [
        " ".join(h.text_content().split()).rstrip("¶") for h in methods.xpath("//article//h2|//article//h3")
    ]
    order = [
        "Which patients are included",
        "Search",
        "Information sources",
        "Search strategy",
        "Selection process",
        "Data collection process",
        "How values are extracted",
        "How evidence quality is shown",
        "Flow of reports and patients",
        "Limitations of the search",
    ]
    assert [h for h in headings if h in order] == order, "the PRISMA 2020 order"


def test_each_round_counts_the_exclusions_it_first_met(methods, built_site: Path, corpus: Corpus) -> None:
    rows = methods.xpath('//table[@id="table-search-rounds"]/tbody/tr')
    per_round = Counter(row["round"] for row in csv_rows(built_site, "rvlms-excluded-reports.csv"))
    shown = {tr.get("data-round"): tr.xpath('./td[@data-count="excluded-in-round"]')[0].text for tr in rows}
    assert shown == {str(r.round): str(per_round[str(r.round)]) for r in corpus.search.rounds}
    assert sum(map(int, shown.values())) == flow(corpus).excluded_count == 75
    round_three = " ".join(rows[2].text_content().split())
    assert "Leads found: Leiomyosarcoma of vascular origin; Demkow et al. (1997, Polish)." in round_three


def test_the_flow_diagram_counts_are_the_csv_row_counts(methods, built_site: Path, corpus: Corpus) -> None:
    numbers = prisma(methods)
    excluded = csv_rows(built_site, "rvlms-excluded-reports.csv")
    leads = csv_rows(built_site, "rvlms-leads.csv")
    assert numbers["excluded"] == len(excluded)
    assert numbers["not-extracted"] == len(leads)
    assert numbers["assessed"] - numbers["excluded"] == len(
        {r for r in load_corpus(ROOT)[0].cases for r in [r.source]}
    )
    assert numbers["identified"] == numbers["assessed"] + len(leads)
    reasons = Counter(row["reason"] for row in excluded)
    for item in methods.xpath('//div[@data-step="excluded"]//li[@data-ground]'):
        assert item.text_content() == f"{item.get('data-ground')}: {reasons[item.get('data-ground')]}"


def test_a_lead_that_is_also_excluded_is_in_one_csv_only(built_site: Path, corpus: Corpus) -> None:
    excluded = {row["pmid"] for row in csv_rows(built_site, "rvlms-excluded-reports.csv") if row["pmid"]}
    leads = csv_rows(built_site, "rvlms-leads.csv")
    assert "22380999" in excluded  # the sheet's lead "PMID 22380999", excluded (renal sinus vessels)
    assert not {row["pmid"] for row in leads} & excluded
    assert not [row for row in leads if re.search(r"\bKord\b", row["citation"])]


def test_the_chinese_language_lead_is_told_apart_from_the_included_report(built_site: Path, methods) -> None:
    """Recount L-9: the lead read "Baheen et al. (2022)", the label of the included case's source."""
    coverage = lxml.html.fromstring((built_site / "coverage" / "index.html").read_bytes())
    leads = [
        " ".join(li.xpath("./strong")[0].text_content().split())
        for li in coverage.xpath('//ul[@class="atlas-leads"]/li')
    ]
    assert "Baheen et al. (2022, Chinese)" in leads and "Baheen et al. (2022)" not in leads
    wanted = [li.text_content() for li in methods.xpath('//div[@data-step="not-extracted"]//li')]
    assert "Baheen et al. (2022, Chinese)" in wanted
    articles = coverage.xpath('//table[@id="atlas-coverage-articles"]/tbody/tr/td[1]')
    assert "Baheen et al. (2022)" in [td.text_content().split(" citation")[0].strip() for td in articles]
