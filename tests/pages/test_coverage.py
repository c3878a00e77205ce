"""Coverage and Methods pages: their numbers are computed from the data, and follow it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from atlas.cases.model import Case
from atlas.inputs import Corpus, case_paths, read_inputs
from atlas.pages.coverage import COUNT_TOPICS, flow, held_shares
from atlas.pages.render import render_pages
from atlas.site.build import build
from atlas.sources.bibliography import Bibliography, Reference
from atlas.sources.literature import ExcludedRecord, KnownTotal, LeadArticle, LeadGroup, Leads
from tests.conftest import ROOT

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(case_id: str, source: str, extracted_from: str | None = None) -> Case:
    data = {"id": case_id, "source": source, "source_type": "case report", "inclusion": INCLUSION}
    if extracted_from:
        data["extracted_from"] = extracted_from
    return Case.model_validate(data)


def synthetic_corpus() -> Corpus:
    bibliography = Bibliography("references.bib")
    for key in ("a2001", "b2005", "review2020", "lead2019", "gone2018"):
        bibliography.references[key] = Reference(key, "article", {"author": key.title()}, 1)
    leads = Leads(
        known_totals=[KnownTotal(count=40, what="patients", reported_in="review2020")],
        unresolved_groups=[LeadGroup(what="a group", patients=12, reported_in="review2020")],
        articles=[
            LeadArticle(key="lead2019", state="not yet extracted"),
            LeadArticle(citation="Someone, 1970", state="not yet extracted"),
            LeadArticle(key="gone2018", state="excluded", reason="arose from the vena cava"),
            LeadArticle(key="a2001", state="not yet extracted"),  # already a source: counted once
        ],
        excluded_seen=[
            ExcludedRecord(what="X 2010", reason="primary renal (parenchymal) leiomyosarcoma"),
            ExcludedRecord(what="Y 2011", reason="benign tumour, not leiomyosarcoma"),
            ExcludedRecord(what="Z 2012", reason="primary renal (parenchymal) leiomyosarcoma"),
        ],
    )
    cases = [
        make("a-2001", "a2001"),
        make("a-2001-b", "a2001"),
        make("b-2005", "b2005", extracted_from="review2020"),
        make("review-2020", "review2020", extracted_from="review2020"),
    ]
    return Corpus(root=Path("."), cases=cases, bibliography=bibliography, leads=leads)


def test_flow_counts_each_article_once() -> None:
    result = flow(synthetic_corpus())
    assert result.included_articles == 3  # a2001, b2005, review2020
    assert result.included_patients == 4
    assert [a.key or a.citation for a in result.not_extracted] == ["lead2019", "Someone, 1970"]
    assert [a.key for a in result.excluded] == ["gone2018"]
    assert result.excluded_count == 4  # the excluded lead and the three reports read and excluded
    assert result.excluded_by_reason == {
        "primary renal (parenchymal) leiomyosarcoma": 2,
        "benign tumour, not leiomyosarcoma": 1,
    }
    assert result.assessed == 7
    assert result.identified == 9
    assert result.read_directly == 3  # extracted_from equal to the source is the article itself
    assert result.read_from_review == {"review2020": 1}
    assert [g.patients for g in result.groups] == [12]


def test_empty_corpus_has_an_empty_flow() -> None:
    result = flow(Corpus(root=Path(".")))
    assert (result.identified, result.assessed, result.included_patients) == (0, 0, 0)


def test_held_share_is_rounded_percent() -> None:
    corpus = synthetic_corpus()
    (share,) = held_shares(corpus)
    assert (share.held, share.total.count, share.percent) == (4, 40, 10)


def page_text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", article)))


def data_count(site: Path, page: str, name: str) -> list[str]:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return re.findall(rf'data-count="{name}">([^<]*)<', html)


def prisma_numbers(site: Path) -> dict[str, int]:
    html = (site / "methods" / "index.html").read_text(encoding="utf-8")
    steps = re.findall(r'data-step="([a-z-]+)">.*?<p class="atlas-prisma-n">n = (\d+)</p>', html)
    return {step: int(n) for step, n in steps}


def test_coverage_page_shows_the_computed_held_count(built_site: Path, real_corpus: Corpus) -> None:
    held = len(case_paths(ROOT))
    assert data_count(built_site, "coverage", "held") == [str(held)]
    assert data_count(built_site, "coverage", "articles") == [str(len({c.source for c in real_corpus.cases}))]
    for total in real_corpus.leads.known_totals:
        assert f"{held} ({round(100 * held / total.count)}% of {total.count})" in data_count(
            built_site, "coverage", "share"
        )


def test_coverage_page_lists_every_case_and_every_lead(built_site: Path, real_corpus: Corpus) -> None:
    html = (built_site / "coverage" / "index.html").read_text(encoding="utf-8")
    for case in real_corpus.cases:
        assert f'href="../cases/{case.id}/"' in html
        assert (built_site / "cases" / case.id / "index.html").exists()
    text = page_text(built_site, "coverage")
    for article in real_corpus.leads.articles:
        shown = article.reason or article.note
        assert " ".join(shown.split()) in text
    for group in real_corpus.leads.unresolved_groups:
        assert group.what in text
    assert text.count("citation incomplete — help complete it") >= 1
    assert "https://pubmed.ncbi.nlm.nih.gov/22380999/" in html
    for record in real_corpus.leads.excluded_seen:
        assert record.what in text and " ".join(record.reason.split()) in text
    assert data_count(built_site, "coverage", "excluded") == [str(flow(real_corpus).excluded_count)]


def test_published_counts_are_labelled_as_published(built_site: Path, real_corpus: Corpus) -> None:
    html = (built_site / "coverage" / "index.html").read_text(encoding="utf-8")
    labelled = re.findall(r'<li><span class="atlas-published-label">Published</span> ([^<]*) —', html)
    expected = [f.figure for f in real_corpus.published if f.topic in COUNT_TOPICS]
    assert [unescape(text) for text in labelled] == expected and expected


def test_context_figures_are_labelled_as_context(project: Path) -> None:
    path = project / "literature" / "published.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    reported_in: urkan\n    scope: renal vein leiomyosarcoma\n"
    path.write_text(
        text.replace(old, "    reported_in: urkan\n    scope: vascular leiomyosarcoma\n"), "utf-8"
    )
    page = render_pages(read_inputs(project)[0])["coverage.md"]
    assert page.count('<span class="atlas-context">') == 1
    assert "about 30 primary renal vein cases reported — Urkan et al." in page
    assert '<span class="atlas-context">context: vascular leiomyosarcoma</span>' in page


def test_methods_flow_diagram_counts_come_from_the_data(built_site: Path, real_corpus: Corpus) -> None:
    expected = flow(real_corpus)
    numbers = prisma_numbers(built_site)
    assert numbers == {
        "identified": expected.identified,
        "sought": expected.identified,
        "not-extracted": len(expected.not_extracted),
        "assessed": expected.assessed,
        "excluded": expected.excluded_count,
        "included": len(case_paths(ROOT)),
    }
    assert numbers["identified"] == numbers["assessed"] + numbers["not-extracted"]
    assert numbers["assessed"] == numbers["excluded"] + len({c.source for c in real_corpus.cases})
    text = page_text(built_site, "methods")
    for article in expected.excluded:
        assert " ".join(article.reason.split()) in text
    assert expected.excluded_by_reason and sum(expected.excluded_by_reason.values()) == len(
        real_corpus.leads.excluded_seen
    )
    for ground, count in expected.excluded_by_reason.items():
        assert f"{ground}: {count}" in text


def test_pages_are_in_the_navigation(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    assert (
        nav.index('href="coverage/"') < nav.index('href="methods/"') < nav.index('href="reference/fields/"')
    )


@pytest.mark.slow
def test_adding_a_case_and_excluding_a_lead_moves_the_numbers(
    built_site: Path, project: Path, tmp_path: Path
) -> None:
    before = built_site  # the project as it is
    held = int(data_count(before, "coverage", "held")[0])
    numbers = prisma_numbers(before)
    (project / "cases" / "imao-2011.yaml").write_text(
        "id: imao-2011\nsource: imao2011\ninclusion: {renal_vein_origin: true, leiomyosarcoma: true}\n"
        "source_type: case report\n",
        encoding="utf-8",
    )
    leads = project / "literature" / "leads.yaml"
    text = leads.read_text(encoding="utf-8")
    text = text.replace(
        "  - key: imao2011\n    state: not yet extracted\n"
        "    note: >-\n"
        '      An article titled "Leiomyosarcoma of the renal vein", known from the reference list of\n'
        "      another case report; its text could not be reached yet.\n",
        "",
    )
    text = text.replace(
        "  - key: zhang2021\n    state: not yet extracted\n",
        "  - key: zhang2021\n    state: excluded\n"
        "    reason: None of its patients arose from the renal vein.\n",
    )
    leads.write_text(text, encoding="utf-8")
    after = tmp_path / "after"
    build(project, after)
    assert int(data_count(after, "coverage", "held")[0]) == held + 1
    moved = prisma_numbers(after)
    assert moved["included"] == numbers["included"] + 1
    assert moved["not-extracted"] == numbers["not-extracted"] - 2
    assert moved["excluded"] == numbers["excluded"] + 1
    assert moved["identified"] == numbers["identified"]
    assert "None of its patients arose from the renal vein." in page_text(after, "coverage")
