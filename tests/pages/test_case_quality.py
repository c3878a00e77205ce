"""Kind of source, what each record holds by appraisal item, and appraisal: one state in every view.

The case page's panel, the case browser's column and the atlas's case-by-item table (HTML and
CSV) are read back from a real build and compared with atlas.evidence.reporting; the Methods
page's table is compared with the mapping the computation uses; an appraised case passes
`check` and reaches its page and the atlas's count.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import lxml.html
import pytest

from atlas.cases.instruments import INSTRUMENTS, READING
from atlas.evidence import stats
from atlas.evidence.reporting import COULD_NOT_BE_APPRAISED, is_appraised, record_completeness
from atlas.evidence.summary import label_for
from atlas.inputs import Corpus, load_corpus
from atlas.site.build import build, check

APPRAISED = Path(__file__).parents[1] / "fixtures" / "appraisal" / "appraised-case.yaml"


def tree(site: Path, page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / page / "index.html").read_text(encoding="utf-8"))


def browser_cells(site: Path, key: str) -> dict[str, str]:
    table = tree(site, "cases").xpath("//table[@data-atlas-cases]")[0]
    keys = [th.get("data-key") for th in table.xpath("./thead/tr/th")]
    index = keys.index(key)
    return {
        row.xpath("./td")[0].text_content().strip(): row.xpath("./td")[index].text_content().strip()
        for row in table.xpath("./tbody/tr")
    }


def atlas_rows(site: Path) -> dict[str, list[str]]:
    text = (site / "atlas" / "data" / "completeness-by-item-cases.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["case", *(r.item.id for r in READING), "items reported"]
    return {row[0]: row[1:] for row in rows[1:]}


def atlas_html_rows(site: Path) -> dict[str, list[str]]:
    table = tree(site, "atlas/completeness").xpath('//table[@id="table-completeness-by-item-cases"]')[0]
    return {
        row.xpath("./th")[0].text_content(): [td.text_content() for td in row.xpath("./td")]
        for row in table.xpath("./tbody/tr")
    }


def test_case_page_browser_and_atlas_show_the_same_state_for_each_case(
    built_site: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    browser = browser_cells(built_site, "completeness")
    sources = browser_cells(built_site, "source_type")
    atlas, atlas_html = atlas_rows(built_site), atlas_html_rows(built_site)
    assert set(atlas) == set(browser) == {c.id for c in corpus.cases}
    for case in corpus.cases:
        record = record_completeness(case)
        states = [item.state for item in record.items]
        page = tree(built_site, f"cases/{case.id}")
        panel = page.xpath("//section[@data-completeness]")[0]
        shown = {tr.get("data-item"): tr.get("data-state") for tr in panel.xpath(".//tr[@data-item]")}
        assert shown == {item.reading.item.id: item.state for item in record.items}, case.id
        for tr in panel.xpath(".//tr[@data-item]"):
            assert tr.get("data-state") in tr.text_content()
        assert panel.get("data-completeness") == browser[case.id] == record.summary == atlas[case.id][-1]
        assert atlas[case.id][:-1] == states == atlas_html[case.id][:-1], case.id
        assert page.xpath('//span[@data-path="source_type"]')[0].text == case.source_type == sources[case.id]


@pytest.mark.slow
def test_each_case_page_shows_its_appraisal_or_why_there_is_none(
    built_site: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    appraised = [case for case in corpus.cases if is_appraised(case)]
    assert [case.id for case in appraised] == ["baheen-2022"]
    for case in corpus.cases:
        page = tree(built_site, f"cases/{case.id}")
        if case in appraised:
            rows = page.xpath('//table[@data-appraisal="answers"]/tbody/tr')
            shown = {tr.get("data-item"): [td.text_content() for td in tr.xpath("./td")] for tr in rows}
            answers, notes = case.appraisal.answers, case.appraisal.item_notes
            assert shown == {item: [answers[item], notes[item]] for item in answers}
            summary = page.xpath('//*[@data-appraisal="summary"]')[0].text_content()
            assert summary == "6 yes, 1 no, 1 unclear"
        else:
            text = " ".join(page.xpath('//*[@data-appraisal="not-appraised"]')[0].text_content().split())
            assert text.startswith(f"{COULD_NOT_BE_APPRAISED} with the JBI critical appraisal checklist")
            assert " ".join(case.appraisal.not_appraised.split()) in text
            assert not page.xpath('//table[@data-appraisal="answers"]')
    completeness = " ".join(tree(built_site, "atlas/completeness").text_content().split())
    total = len(corpus.cases)
    assert f"Appraised by a curator: 1 of {total} cases (JBI case report: 1; Murad 2018: 0)." in completeness
    assert (
        f"For {total - 1} cases the article could not be appraised, and the case page says why."
        in completeness
    )


@pytest.mark.slow
def test_the_browser_has_an_appraisal_column_apart_from_the_record_items(
    built_site: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    headings = tree(built_site, "cases").xpath("//table[@data-atlas-cases]/thead/tr/th")
    labels = {th.get("data-key"): th.text_content() for th in headings}
    assert labels["completeness"] == f"Items in the record (of {len(READING)})"
    assert labels["appraisal"] == f"Curator appraisal (1 of {len(corpus.cases)} appraised)"
    cells = browser_cells(built_site, "appraisal")
    assert cells.pop("baheen-2022") == "JBI case report: 6 yes, 1 no, 1 unclear"
    assert set(cells.values()) == {"not appraised"}


def test_the_atlas_counts_patients_by_kind_of_source(built_site: Path, real_corpus: Corpus) -> None:
    corpus = real_corpus
    tally = stats.source_type(corpus.cases)
    rows = list(csv.reader((built_site / "atlas" / "data" / "source-type.csv").read_text().splitlines()))
    counts = {row[0]: int(row[1]) for row in rows[1:]}
    assert counts == {**tally.counts, "not reported": 0}
    assert sum(counts.values()) == len(corpus.cases)
    assert 'id="chart-source-type"' in (built_site / "atlas" / "index.html").read_text(encoding="utf-8")


def test_the_methods_page_prints_the_mapping_the_computation_uses(built_site: Path) -> None:
    page = tree(built_site, "methods")
    table = page.xpath('//table[@id="table-appraisal-reading"]')[0]
    rows = table.xpath("./tbody/tr")
    assert [tr.get("data-item") for tr in rows] == [r.item.id for r in READING]
    for tr, reading in zip(rows, READING, strict=True):
        assert tr.xpath("./th")[0].text_content() == f"{reading.item.id} {reading.item.name}"
        assert tr.xpath("./td")[0].text_content() == reading.meaning
        elements = tr.xpath(".//li[@data-element]")
        assert [li.get("data-element") for li in elements] == [e.name for e in reading.elements]
        for li, element in zip(elements, reading.elements, strict=True):
            links = li.xpath("./a[@data-field]")
            assert [a.get("data-field") for a in links] == list(element.fields)
            for a, path in zip(links, element.fields, strict=True):  # a label, linked to the field's entry
                assert a.get("href") == f"../reference/fields/#field-{path.replace('.', '-')}"
                assert a.text == label_for(path.rsplit(".", 1)[-1]) and "." not in a.text
    text = " ".join(page.text_content().split())
    for instrument in INSTRUMENTS.values():
        for item in instrument.items:
            assert item.id in text and item.name.lower() in text.lower()
    references = page.xpath('//*[@id="references"]/following::ol[1]/li')
    assert len(references) == 5, "JBI, Murad 2018 and CARE, and the two reviews the search's limits cite"


@pytest.mark.slow
def test_a_case_with_an_appraisal_passes_check_and_reaches_its_page(project: Path) -> None:
    shutil.copy(APPRAISED, project / "cases" / APPRAISED.name)
    _, problems = check(project)
    assert [p.format() for p in problems if p.severity == "error"] == []
    site = project / "site"
    build(project, site)
    page = tree(site, "cases/appraised-case")
    answers = {
        tr.get("data-item"): tr.xpath("./td")[0].text
        for tr in page.xpath('//table[@data-appraisal="answers"]/tbody/tr')
    }
    assert answers == {
        "Q1": "yes",
        "Q2": "no",
        "Q3": "yes",
        "Q4": "yes",
        "Q5": "yes",
        "Q6": "unclear",
        "Q7": "not applicable",
        "Q8": "yes",
    }
    assert "by A. Reader on 2026-11-30" in page.text_content()
    corpus, _ = load_corpus(project)
    completeness = " ".join(tree(site, "atlas/completeness").text_content().split())
    assert (
        f"Appraised by a curator: 2 of {len(corpus.cases)} cases (JBI case report: 2; Murad 2018: 0)."
        in completeness
    )


def test_editors_accept_the_appraised_case_and_refuse_an_item_of_the_other_instrument() -> None:
    import json

    import jsonschema
    import yaml

    from atlas.cases.schema import schema_text

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    data = yaml.safe_load(APPRAISED.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["appraisal"]["answers"]["Q9"] = "yes"
    assert list(validator.iter_errors(data))
