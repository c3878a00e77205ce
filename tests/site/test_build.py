"""Whole-build tests: the real MkDocs build of the real cases."""

from __future__ import annotations

import gc
from pathlib import Path

import lxml.html
import pytest

from atlas.inputs import case_paths, load_corpus
from atlas.pages.case_page import RowRenderer, RowWithLinkError
from atlas.pages.case_title import case_title
from atlas.rules import CATALOGUE
from atlas.site.build import BuildFailed, build
from tests.conftest import ROOT


def test_every_case_has_a_page_headed_by_what_it_is(built_site: Path) -> None:
    """N-10: a case page is headed (and titled) by its descriptive title, never its bare id; the id is
    shown below, small, for reference."""
    corpus, _ = load_corpus(ROOT)
    assert len(corpus.cases) == len(case_paths(ROOT))
    for case in corpus.cases:
        tree = lxml.html.parse(str(built_site / "cases" / case.id / "index.html"))
        (heading,) = tree.xpath("//article//h1")
        text = heading.text_content().rstrip("¶")
        assert text == case_title(case, corpus)
        assert case.id not in text and not text.startswith("Case ")
        assert tree.xpath('//article//p[@class="atlas-case-id"]/code/text()') == [case.id]
        assert tree.findtext(".//title") == f"{text} - RVLMS Evidence Atlas"


def test_case_list_links_every_case(built_site: Path) -> None:
    html = (built_site / "cases" / "index.html").read_text(encoding="utf-8")
    for path in case_paths(ROOT):
        assert f'href="{path.stem}/"' in html


def test_field_reference_page_is_generated_from_the_schema(built_site: Path) -> None:
    html = (built_site / "reference" / "fields" / "index.html").read_text(encoding="utf-8")
    assert "patient.age_years" in html and "treatment.surgery" in html
    assert "radical nephrectomy, local excision, partial nephrectomy, other, none" in html
    assert all(f'<tr id="{code}"><td><code>{code}</code></td>' in html for code in CATALOGUE)


def test_index_patient_page_shows_the_sheet_values(built_site: Path) -> None:
    html = (built_site / "cases" / "baheen-2022" / "index.html").read_text(encoding="utf-8")
    for value in (
        "61 years",
        "male",
        "China",
        "5.5 × 4.5 × 3.8 cm",
        "224 min",
        "200 mL",
        "27 months",
        '<th scope="row">SMA</th> <td>positive</td>',
        "converted to open",
        "NED",
    ):
        assert value in html, value


def test_generated_pages_are_not_written_into_docs() -> None:
    assert not (ROOT / "docs" / "cases").exists()
    assert not (ROOT / "docs" / "reference" / "fields.md").exists()


@pytest.mark.slow
def test_the_build_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    before = gc.get_threshold()
    build(ROOT, tmp_path / "site")
    assert gc.get_threshold() == before


def test_a_hand_written_page_where_the_build_writes_one_is_named(project: Path, tmp_path: Path) -> None:
    """Not a traceback: each file of docs/ that a generated page would replace, named; nothing published."""
    (project / "docs" / "coverage.md").write_text("# Mine\n", encoding="utf-8")
    (project / "docs" / "cases").mkdir()
    (project / "docs" / "cases" / "baheen-2022.md").write_text("# Mine\n", encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(BuildFailed) as failure:
        build(project, site)
    messages = [problem.format() for problem in failure.value.diagnostics]
    assert [message.split(":")[0] for message in messages] == [
        "docs/cases/baheen-2022.md",
        "docs/coverage.md",
    ]
    assert all("E507 the build makes this page itself" in message for message in messages)
    assert not site.exists()


def test_a_summary_row_with_a_link_stops_the_build_as_a_fault_of_the_templates(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a traceback: the template is named and the reader told it is not their case file."""
    monkeypatch.setattr(RowRenderer, "_row", lambda self, row: (_ for _ in ()).throw(RowWithLinkError(row)))
    monkeypatch.setattr("atlas.site.build.render_pages", lambda inputs, keep: {})  # not needed here: faster
    site = tmp_path / "site"
    with pytest.raises(BuildFailed) as failure:
        build(project, site)
    [message] = [problem.format() for problem in failure.value.diagnostics]
    assert message.startswith("atlas/pages/templates/case_row.html.j2:1:1: E501 a case page's summary table")
    assert "not of a case file" in message
    assert not site.exists()
