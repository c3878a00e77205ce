"""Cite this case record (N-11): the atlas's record of a patient cited with the atlas, the case id, the
version, the data date and the address, as text, BibTeX (read back with bibtexparser v2) and RIS (read
back with rispy), on every case page; its script saves the last two as files (tests/browser)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from lxml import html as lxml_html
from markupsafe import escape

from atlas.inputs import Inputs, read_inputs
from atlas.pages.case_page import case_pages
from atlas.pages.case_title import case_title
from atlas.pages.environment import environment
from atlas.pages.how_to_cite import how_to_cite_page
from atlas.pages.record_citation import record_citation
from atlas.sources.release import Release
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    real, _ = read_inputs(ROOT)
    return dataclasses.replace(real, release=Release("1.4.2", dt.date(2027, 3, 9), 1))


def parse_bibtex(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    return {"ENTRYTYPE": entry.entry_type, "ID": entry.key} | {f.key: f.value for f in entry.fields}


def record_formats(page: str) -> dict[str, str]:
    """The record's texts on a case page, by the name they are saved under, as a browser reads them."""
    document = lxml_html.fromstring(page)
    blocks = document.xpath("//details[@class='atlas-record-formats']/pre/code[@data-atlas-download]")
    return {block.get("data-atlas-download"): block.text_content() for block in blocks}


@pytest.fixture(scope="module")
def pages(inputs: Inputs) -> dict[str, str]:
    return {page.src_uri: page.html for page in case_pages(inputs, environment())}


def test_every_record_reads_back_from_its_page_with_its_version_date_and_address(
    inputs: Inputs, pages: dict[str, str]
) -> None:
    for case in inputs.corpus.cases:
        title = f"{case_title(case, inputs.corpus)} [case {case.id}]"
        address = f"https://rvlms-atlas.github.io/atlas/cases/{case.id}/"
        files = record_formats(pages[f"cases/{case.id}.md"])
        # Saved under a name of its own: the source's file may carry the case id too (aua-v9-12.bib).
        assert sorted(files) == [f"rvlms-atlas-{case.id}.bib", f"rvlms-atlas-{case.id}.ris"]
        entry = parse_bibtex(files[f"rvlms-atlas-{case.id}.bib"])
        assert entry == {
            "ENTRYTYPE": "misc",
            "ID": f"rvlms-atlas-{case.id}-1-4-2",
            "author": "RVLMS Evidence Atlas contributors",  # braced in the file: a group's name, whole
            "title": title,
            "howpublished": "RVLMS Evidence Atlas, version 1.4.2",
            "year": "2027",
            "version": "1.4.2",
            "url": address,
            "note": f"Case {case.id}; version 1.4.2, data as of 2027-03-09",
        }
        (record,) = rispy.loads(files[f"rvlms-atlas-{case.id}.ris"])
        assert record == {
            "type_of_reference": "DATA",
            "authors": ["RVLMS Evidence Atlas contributors"],
            "title": title,
            "secondary_title": "RVLMS Evidence Atlas",
            "edition": "1.4.2",
            "year": "2027",
            "date": "2027/03/09",
            "urls": [address],
            "notes": [f"Case {case.id}; version 1.4.2, data as of 2027-03-09"],
        }


def test_the_text_citation_names_the_atlas_the_case_the_version_and_the_data_date(inputs: Inputs) -> None:
    case = next(c for c in inputs.corpus.cases if c.id == "colon-rodriguez-2004")
    assert record_citation(case, inputs).text() == (
        "RVLMS Evidence Atlas contributors. Leiomyosarcoma of the left renal vein in a 63-year-old woman "
        "treated by radical nephrectomy (operation inferred) — case record from Colón-Rodríguez et al. "
        "(2004) [case colon-rodriguez-2004]. In: RVLMS Evidence Atlas, version 1.4.2 [Internet]. 2027 "
        "[data as of 2027-03-09]. Available from: https://rvlms-atlas.github.io/atlas/cases/colon-rodriguez-2004/"
    )


def test_every_case_page_gives_the_record_citation_beside_the_source(
    inputs: Inputs, pages: dict[str, str]
) -> None:
    for case in inputs.corpus.cases:
        page = pages[f"cases/{case.id}.md"]
        cite = page[page.index('id="cite-this-case-record"') :]
        text = record_citation(case, inputs).text()
        assert f'<blockquote class="atlas-record-citation"><p>{escape(text)}</p></blockquote>' in cite
        assert "as version 1.4.2 of the atlas holds it (data as of 2027-03-09)" in cite
        assert "<summary>The record for reference managers: BibTeX and RIS</summary>" in cite
        assert f'href="../../data/sources/{case.source}.bib"' in cite  # the source's, beside it
        assert 'href="../how-to-cite.md#a-case-record-or-its-source"' in cite


def test_a_doi_once_given_reaches_every_citation_and_the_how_to_cite_page(inputs: Inputs) -> None:
    without = how_to_cite_page(inputs, environment())["how-to-cite.md"]
    assert "not yet archived under a DOI" in without and "doi.org" not in without
    archived = dataclasses.replace(
        inputs, site_citation=dataclasses.replace(inputs.site_citation, doi="10.5281/zenodo.123")
    )
    case = archived.corpus.cases[0]
    citation = record_citation(case, archived)
    assert citation.text().endswith(" doi:10.5281/zenodo.123")
    assert parse_bibtex(citation.bibtex())["doi"] == "10.5281/zenodo.123"
    assert rispy.loads(citation.ris())[0]["doi"] == "10.5281/zenodo.123"
    page = how_to_cite_page(archived, environment())["how-to-cite.md"]
    assert '<a href="https://doi.org/10.5281/zenodo.123">10.5281/zenodo.123</a>' in page
    assert "archived, with its site and its open data, under the DOI above" in page
    assert "not yet archived" not in page


def test_source_names_with_bibtex_specials_and_markup_read_back_as_written(project: Path) -> None:
    bib = project / "references.bib"
    hostile = "O'Brien_#1 100\\% {\\$}5 ~ <b>x</b>"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Baheen, Qais", f"{hostile}, Qais"), "utf-8")
    inputs, _ = read_inputs(project)
    name = inputs.corpus.bibliography.references["baheen2022"].first_author_surname
    assert set("'_#%$<>") <= set(name)  # as references.bib reads it: the characters BibTeX needs encoded
    case = next(c for c in inputs.corpus.cases if c.id == "baheen-2022")
    citation = record_citation(case, inputs)
    assert f"case record from {name} et al. (2022)" in citation.title
    assert parse_bibtex(citation.bibtex())["title"] == citation.title
    assert rispy.loads(citation.ris())[0]["title"] == citation.title
    page = next(p.html for p in case_pages(inputs, environment()) if p.src_uri == "cases/baheen-2022.md")
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    # What the page shows, and its script saves, is the entry itself, character for character.
    assert record_formats(page) == {
        "rvlms-atlas-baheen-2022.bib": citation.bibtex(),
        "rvlms-atlas-baheen-2022.ris": citation.ris(),
    }


def test_records_are_written_the_same_every_time(inputs: Inputs, pages: dict[str, str]) -> None:
    again = {page.src_uri: page.html for page in case_pages(inputs, environment())}
    first = {uri: record_formats(page) for uri, page in pages.items()}
    assert first == {uri: record_formats(page) for uri, page in again.items()}
    assert not any("\r" in text for files in first.values() for text in files.values())
