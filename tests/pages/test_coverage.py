"""Coverage and Methods pages: their numbers are computed from the data, and follow it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import lxml.html
import pytest

from atlas.cases.model import Case
from atlas.inputs import Corpus, case_paths, load_corpus, read_inputs
from atlas.pages.coverage import COUNT_TOPICS, held_shares
from atlas.pages.render import render_pages
from atlas.pages.report_flow import flow
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
    for key in ("a2001", "b2005", "review2020", "lead2019", "gone2018", "both2015"):
        fields = {"author": key.title(), "year": key[-4:]}
        bibliography.references[key] = Reference(key, "article", fields, 1)
    leads = Leads(
        known_totals=[KnownTotal(count=40, what="patients", reported_in="review2020")],
        unresolved_groups=[LeadGroup(what="a group", patients=12, reported_in="review2020")],
        articles=[
            LeadArticle(key="lead2019", state="not yet extracted"),
            LeadArticle(citation="Someone, 1970", state="not yet extracted"),
            LeadArticle(key="gone2018", state="excluded", reason="arose from the vena cava"),
            LeadArticle(key="a2001", state="not yet extracted"),  # already a source: counted once
            LeadArticle(key="both2015", state="not yet extracted"),  # also excluded: counted once
            LeadArticle(
                citation="A report, PubMed 123", pmid="123", state="not yet extracted"
            ),  # also excluded
        ],
        excluded_seen=[
            ExcludedRecord(what="X 2010", reason="primary renal (parenchymal) leiomyosarcoma", round=2),
            ExcludedRecord(what="Y 2011", reason="benign tumour, not leiomyosarcoma", round=3),
            ExcludedRecord(what="Z 2012", reason="primary renal (parenchymal) leiomyosarcoma", round=3),
            ExcludedRecord(what="Both 2015", reason="other vein", key="both2015"),
            ExcludedRecord(what="A report", reason="other vein", pmid="123"),
        ],
    )
    cases = [
        make("a-2001", "a2001"),
        make("a-2001-b", "a2001"),
        make("b-2005", "b2005", extracted_from="review2020"),
        make("review-2020", "review2020", extracted_from="review2020"),
    ]
    return Corpus(root=Path("."), cases=cases, bibliography=bibliography, leads=leads)


def test_flow_counts_each_report_once() -> None:
    result = flow(synthetic_corpus())
    assert result.included_reports == 3  # a2001, b2005, review2020
    assert result.included_patients == 4
    assert [a.key or a.citation for a in result.not_extracted] == ["lead2019", "Someone, 1970"]
    assert [a.key for a in result.excluded] == ["gone2018"]
    assert result.excluded_count == 6  # the excluded lead and the five reports excluded
    assert result.excluded_by_reason == {
        "primary renal (parenchymal) leiomyosarcoma": 2,
        "other vein": 2,
        "benign tumour, not leiomyosarcoma": 1,
    }
    assert [result.excluded_in_round(number) for number in (1, 2, 3)] == [0, 1, 2]
    assert result.assessed == 9
    assert result.identified == 11
    assert result.read_directly == 3  # extracted_from equal to the source is the article itself
    assert result.read_from_review == {"review2020": 1}
    assert [g.patients for g in result.groups] == [12]


def test_a_report_that_is_both_a_lead_and_an_exclusion_counts_once_as_an_exclusion() -> None:
    corpus = synthetic_corpus()
    result = flow(corpus)
    leads = {a.key or a.citation for a in result.not_extracted}
    assert "both2015" not in leads and "A report, PubMed 123" not in leads
    assert [r.what for r in result.excluded_seen if r.key == "both2015" or r.pmid] == [
        "Both 2015",
        "A report",
    ]
    without = Leads(**{**corpus.leads.__dict__, "excluded_seen": corpus.leads.excluded_seen[:3]})
    alone = flow(Corpus(root=Path("."), cases=corpus.cases, bibliography=corpus.bibliography, leads=without))
    assert alone.identified == result.identified  # moved from the leads to the exclusions, not added
    assert len(alone.not_extracted) == len(result.not_extracted) + 2


def test_empty_corpus_has_an_empty_flow() -> None:
    result = flow(Corpus(root=Path(".")))
    assert (result.identified, result.assessed, result.included_patients) == (0, 0, 0)


def test_held_shares_are_bounds_not_coverage_rates() -> None:
    """Recount L-8: only patients not published after the review could be among its total."""
    corpus = synthetic_corpus()
    corpus.bibliography.references["late2023"] = Reference("late2023", "article", {"year": "2023"}, 1)
    corpus.bibliography.references["undated"] = Reference("undated", "article", {"author": "Undated"}, 1)
    corpus.cases += [make("late-2023", "late2023"), make("undated", "undated")]
    (share,) = held_shares(corpus)
    assert (share.held, share.possible, share.later, share.total.count) == (6, 5, 1, 40)
    assert share.percent == 12  # at most 5 of 40
    assert (share.traced, share.traced_percent) == (2, 5)  # b-2005 read from the review, and its own


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
    included = len(
        {c.source for c in real_corpus.cases}
        | {k for c in real_corpus.cases for k in c.also_reported_in or []}
    )
    assert data_count(built_site, "coverage", "articles") == [str(included)]
    shares = held_shares(real_corpus)
    shown = [" ".join(unescape(text).split()) for text in data_count(built_site, "coverage", "share")]
    assert shown == [
        f"at most {s.possible} of {s.total.count} ({s.percent}%)"
        + (f": {s.later} of the atlas's {held} were published later" if s.later else "")
        for s in shares
    ]


@pytest.mark.slow
def test_the_shares_of_published_totals_are_upper_bounds_with_the_traced_overlap(built_site: Path) -> None:
    """Recount L-8: "14 (21% of 67)" and "14 (25% of 55)" read as coverage rates; they are upper bounds,
    and only the patients read from Baheen 2022 (its table, and its own patient) are traced to its 55."""
    corpus = load_corpus(ROOT)[0]
    by_source = {s.total.reported_in: s for s in held_shares(corpus)}
    baheen, novak = by_source["baheen2022"], by_source["novak2016"]
    table_rows = [c for c in corpus.cases if "baheen2022" in (c.source, c.extracted_from)]
    assert baheen.traced == len(table_rows) and baheen.possible == len(corpus.cases)
    # The world series' year is not verified (references.bib): no patient can be ruled out of its 67.
    assert corpus.bibliography["novak2016"].year is None and novak.possible == novak.held == len(corpus.cases)
    traced = data_count(built_site, "coverage", "traced")
    assert traced == ["none yet", f"{baheen.traced} of 55 ({round(100 * baheen.traced / 55)}%)"]
    text = page_text(built_site, "coverage")
    assert f"at most {novak.possible} of 67 ({novak.percent}%)" in text and "(21% of 67)" not in text


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
    rows = lxml.html.fromstring(built_site.joinpath("coverage", "index.html").read_bytes()).xpath(
        '//table[@id="atlas-coverage-excluded"]/tbody/tr'
    )
    assert len(rows) == flow(real_corpus).excluded_count
    for row, record in zip(rows, real_corpus.leads.excluded_seen, strict=True):
        report, reason, _ = (" ".join(td.text_content().split()) for td in row.xpath("./td"))
        assert report.startswith(record.what) and reason == record.reason
        assert record.reason not in report, "the reason stands in its own column, not in the entry"
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
    assert numbers["assessed"] == numbers["excluded"] + expected.included_reports
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
