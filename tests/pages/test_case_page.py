"""Case pages as generated HTML, and the source files for reference managers (no MkDocs needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from atlas.cases.fieldref import field_docs
from atlas.evidence.summary import SECTIONS, Row
from atlas.inputs import Corpus, read_inputs
from atlas.pages.case_page import RowRenderer, RowWithLinkError, case_pages
from atlas.pages.environment import citation_text, environment
from atlas.sources.bibliography import Reference
from atlas.sources.reference_export import bibtex_text, reference_links, ris_text
from tests.conftest import ROOT
from tests.support.synthetic import HOSTILE, add_synthetic_cases

MINIMAL_CASE = """\
id: minimal-2020
source: baheen2022
inclusion:
  renal_vein_origin: true
  leiomyosarcoma: true
source_type: case report
"""


def rendered(root: Path) -> tuple[Corpus, dict[str, str]]:
    inputs, _ = read_inputs(root)
    pages = case_pages(inputs, environment())
    return inputs.corpus, {page.src_uri: page.html for page in pages}


def element_line(page: str, path: str) -> str:
    lines = [line for line in page.splitlines() if f'data-path="{path}"' in line]
    assert len(lines) == 1, f"{path}: {len(lines)} elements"
    return lines[0]


def test_every_field_of_the_format_has_a_place_on_a_case_page(project: Path) -> None:
    """Read from the JSON Schema: each field of each section shows, as 'not reported' when absent."""
    (project / "cases" / "minimal-2020.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    _, pages = rendered(project)
    page = pages["cases/minimal-2020.md"]
    paths = [doc.path for doc in field_docs() if doc.path.split(".")[0] in SECTIONS]
    section_fields = [p for p in paths if p.count(".") == 1]
    assert len(section_fields) > 40
    for path in section_fields:
        assert "not reported" in element_line(page, path), path


def test_sub_sections_of_a_reported_case_list_their_fields(project: Path) -> None:
    _, pages = rendered(project)
    page = pages["cases/baheen-2022.md"]
    for doc in field_docs():
        if doc.path.startswith(("diagnosis.biopsy.", "diagnosis.preoperative_impression.")):
            element_line(page, doc.path)
    assert "not applicable" in element_line(page, "diagnosis.biopsy.type")
    assert ">no<" in element_line(page, "diagnosis.biopsy.performed")
    assert "5.5 × 4.5 × 3.8 cm" in element_line(page, "tumour.dimensions_cm")
    assert '<th scope="row">SMA</th> <td>positive</td>' in page


def test_sources_inferred_values_and_contributor_text(project: Path) -> None:
    add_synthetic_cases(project, 3)
    corpus, pages = rendered(project)
    page = pages["cases/synthetic-000.md"]
    assert '<a class="atlas-source-link" href="https://doi.org/10.1000/test.1980.101">DOI</a>' in page
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1234567/">PubMed</a>' in page
    assert 'href="https://example.org/synthetic-1980">Web page</a>' in page
    read_from = next(line for line in page.splitlines() if "Values read from" in line)
    assert citation_text(corpus, "syntheticb2001") in read_from
    assert "https://doi.org/10.1000/test.2001.7" in read_from
    assert "Also reported in" in page and "citation incomplete — help complete it" in page
    assert "(inferred)" in element_line(page, "patient.sex")
    assert "(inferred)" not in element_line(page, "patient.age_years")
    assert HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<a download="synthetica1980.bib" href="../../data/sources/synthetica1980.bib">BibTeX</a>' in page
    assert "https://rvlms-atlas.github.io/atlas/cases/synthetic-000/" in page


def test_case_pages_stay_out_of_the_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    assert "cases/index.md" in nav and not re.search(r"cases/(?!index)[^\s]+\.md", nav)


def reference(**fields: str) -> Reference:
    return Reference(key="k2020", entry_type="article", fields=fields, line=1)


def test_only_well_formed_identifiers_become_links() -> None:
    good = reference(doi="10.1000/a(b)c", pmid="123", url="http://example.org/x?y=1")
    assert [(link.label, link.url) for link in reference_links(good)] == [
        ("DOI", "https://doi.org/10.1000/a(b)c"),
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/123/"),
        ("Web page", "http://example.org/x?y=1"),
    ]
    hostile = reference(doi="javascript:alert(1)", pmid="12a", url="javascript:alert(1)")
    assert reference_links(hostile) == []
    assert reference_links(reference(url="ftp://example.org/file")) == []
    assert reference_links(None) == []


FULL = reference(
    author="Colón-Rodríguez, José and Smith, Ann",
    title="Renal vein tumours & 50% of cases: a review",
    journal="Journal of Tests",
    year="2019",
    volume="7",
    number="2",
    pages="101–109",
    doi="10.1000/x_y.2019",
    pmid="31234567",
    url="https://example.org/a_b%20c",
    unverified="pages",
)


def test_bibtex_reads_back_to_the_same_reference() -> None:
    text = bibtex_text([FULL])
    assert text == bibtex_text([FULL]) and "\r" not in text
    assert "pages = {101--109}" in text and "doi = {10.1000/x_y.2019}" in text
    assert r"url = {https://example.org/a_b\%20c}" in text
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    entry = library.entries[0]
    back = {field.key: field.value for field in entry.fields}
    assert entry.key == "k2020" and entry.entry_type == "article"
    for name in set(FULL.fields) - {"pages"}:
        assert back[name] == FULL.fields[name], name


def test_ris_reads_back_to_the_same_reference() -> None:
    text = ris_text([FULL])
    assert text == ris_text([FULL]) and "\r" not in text
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == ["Colón-Rodríguez, José", "Smith, Ann"]
    assert record["title"] == FULL.fields["title"]
    assert record["secondary_title"] == "Journal of Tests"
    assert (record["year"], record["volume"], record["number"]) == ("2019", "7", "2")
    assert (record["start_page"], record["end_page"]) == ("101", "109")
    assert record["doi"] == "10.1000/x_y.2019"
    assert record["urls"] == ["https://example.org/a_b%20c"]
    assert "PMID: 31234567" in record["notes"]
    assert any("not verified: pages" in note for note in record["notes"])


def test_search_index_keeps_reported_values_only(built_site: Path, real_corpus: Corpus) -> None:
    """Material's index is downloaded by every visitor: absent values and the browser table stay out."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {doc["location"]: doc["text"] for doc in docs}
    patient = by_location["cases/baheen-2022/#patient"]
    assert "Age 61 years" in patient and "Sex male" in patient
    pathology = by_location["cases/baheen-2022/#pathology"]
    assert "Margins negative" in pathology and "Grade" not in pathology and "not reported" not in pathology
    assert "cases/baheen-2022/#cite-this-case-record" not in by_location
    assert "cases/baheen-2022/#adjuvant-therapy" not in by_location  # nothing reported there
    assert "cases/baheen-2022/#immunohistochemistry" in by_location
    assert not any(case.id in by_location["cases/"] for case in real_corpus.cases)


def test_a_summary_row_may_hold_no_link_or_anchor_but_any_text() -> None:
    """The link check leaves summary tables unread (atlas/site/linkcheck.py): the renderer guarantees it."""
    rows = RowRenderer(environment())
    text = 'patient id=3, href="x" <a href="y">, src=z'
    assert "&lt;a href=" in rows([Row("patient.notes", "Notes", text)])
    for html in (
        '<tr><td><a href="../x/">x</a></td></tr>',
        '<tr id="x"><td>x</td></tr>',
        '<tr><td><img src="x"></td></tr>',
    ):
        rows.render_row = lambda row, marks, html=html: html
        with pytest.raises(RowWithLinkError):
            rows([Row("patient.other", "Other", "x")])
