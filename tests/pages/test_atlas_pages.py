"""Atlas pages rendered from hand-made corpora, before MkDocs: charts, tables, CSV and published figures."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from atlas.cases.model import Case
from atlas.evidence.chart_svg import chart_svg
from atlas.inputs import Corpus, Inputs, load_corpus
from atlas.pages.atlaspages import CHART_TOPICS, PAGES, atlas_pages, build_charts
from atlas.pages.environment import environment
from atlas.pages.render import PAGE_GENERATORS
from atlas.sources.bibliography import Bibliography, Reference
from atlas.sources.literature import PublishedFigure
from atlas.sources.release import Release, current_release
from tests.conftest import ROOT

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}
RELEASE = Release("9.9.9", dt.date(2024, 1, 2), 1704153600)


def make(case_id: str, source: str = "smith2001", **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": source, "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


def reference(key: str, author: str, year: str) -> Reference:
    return Reference(key, "article", {"author": author, "year": year, "title": "A title"}, 1)


def published(
    topic: str, figure: str, scope: str = "renal vein leiomyosarcoma", **extra: object
) -> PublishedFigure:
    return PublishedFigure.model_validate(
        {
            "topic": topic,
            "figure": figure,
            "reported_in": "review2020",
            "attributed_to": ["smith2001"],
            "scope": scope,
            **extra,
        }
    )


def corpus_of(cases: list[Case], figures: list[PublishedFigure] | None = None) -> Corpus:
    bibliography = Bibliography("references.bib")
    bibliography.references = {
        "smith2001": reference("smith2001", "Smith, Ann and Jones, Bo", "2001"),
        "review2020": reference("review2020", "Review, Rita", "2020"),
    }
    return Corpus(root=Path("."), cases=cases, bibliography=bibliography, published=figures or [])


CASES = [
    make("a", patient={"sex": "female", "age_years": 50}, tumour={"side": "left"}),
    make("b", patient={"sex": "female"}, treatment={"surgery": "local excision"}),
    make("c", patient={"sex": "male"}, outcome={"status": "DOD", "follow_up_months": 12}),
    make("d"),
]


def render(corpus: Corpus) -> dict[str, str]:
    return atlas_pages(Inputs(corpus, RELEASE), environment())


def chart_block(page: str, slug: str) -> str:
    """The page text from a chart's heading to the next heading."""
    start = page.index(f"{{ #{slug} }}")
    end = page.find("\n## ", start)
    return page[start : end if end != -1 else None]


def test_the_generator_is_registered() -> None:
    assert atlas_pages in PAGE_GENERATORS


def test_every_page_declares_charts_and_embeds_each_figure_with_its_table_and_csv() -> None:
    pages = render(corpus_of(CASES))
    charts = build_charts(corpus_of(CASES))
    for page in PAGES:
        text = pages[page.path]
        assert text.startswith(f"---\ntitle: {page.title}\ncharts: true\n---\n")
        for slug in page.charts:
            block = chart_block(text, slug)
            if charts[slug].withheld:  # a comparison with an empty arm: the reason instead of the drawing
                assert charts[slug].withheld in block and "<svg" not in block
                assert f"atlas/data/{slug}.figure.json" not in pages
                continue
            # The drawing is in the page; the figure, for plotly.js, only beside the CSV files.
            assert json.loads(pages[f"atlas/data/{slug}.figure.json"]) == charts[slug].figure
            assert f'<div class="atlas-chart" data-figure="{slug}.figure.json"' in block
            assert chart_svg(charts[slug]) in block and "<template" not in block
            for table in charts[slug].tables:
                assert f'<table class="atlas-data" id="table-{table.slug}">' in block
                assert f"(data/{table.slug}.csv)" in block
                assert f"atlas/data/{table.slug}.csv" in pages
    assert sorted(p for p in pages if p.endswith(".md")) == sorted(page.path for page in PAGES)
    figures = [p for p in pages if p.endswith(".figure.json")]
    assert len(figures) == sum(not chart.withheld for chart in charts.values())


def test_pages_state_the_scope_and_the_counts_of_the_corpus() -> None:
    pages = render(corpus_of(CASES))
    demographics = pages["atlas/demographics.md"]
    assert "n = 3 of 4 cases reported sex" in demographics
    # 3 reporting: no percentage in the table or its CSV, as on the bars (recount L-3)
    assert '<th scope="row">female</th><td>2</td><td>—</td><td>0</td>' in demographics
    assert '<th scope="row">not reported</th><td>1</td><td>—</td><td>—</td>' in demographics
    assert pages["atlas/data/sex.csv"] == (
        "category,patients,percent of those reporting,of them inferred\n"
        "female,2,,0\nmale,1,,0\nnot reported,1,,\n"
    )
    assert "It now holds **4 cases**" in pages["atlas/index.md"]
    assert "data of 2024-01-02, version 9.9.9" in demographics


def test_empty_corpus_renders_every_page() -> None:
    pages = render(corpus_of([]))
    assert "n = 0 of 0 cases reported sex" in pages["atlas/demographics.md"]
    assert "It now holds **0 cases**" in pages["atlas/index.md"]
    assert pages["atlas/data/completeness-matrix.csv"].startswith("field\nPatient · Age (years)\n")


def test_published_figures_sit_beside_their_chart_with_citation_and_scope() -> None:
    figures = [
        published("sex", "82% women"),
        published("survival by surgery", "33 alive and 15 dead after radical nephrectomy"),
        published("immunohistochemistry", "desmin in most", scope="leiomyosarcoma in general"),
        published("reporting specialty", "urology 18/49"),
    ]
    pages = render(corpus_of(CASES, figures))
    demographics = pages["atlas/demographics.md"]
    sex = chart_block(demographics, "sex")
    assert '<span class="atlas-published-label">Published</span>' in sex and "<li>82% women (sex)" in sex
    # Author–year for reading, then a numbered citation linked to the page's reference list.
    assert re.search(
        r"reported in Review \(2020\) <span class=\"atlas-cite\">&#91;<a href=\"#ref-review2020\"", sex
    )
    assert re.search(
        r"which credits Smith et al. \(2001\) <span class=\"atlas-cite\">&#91;<a href=\"#ref-smith2001\"", sex
    )
    assert "Scope: renal vein leiomyosarcoma." in sex and "atlas-context" not in sex
    assert '<li id="ref-review2020">' in demographics and '<li id="ref-smith2001">' in demographics
    assert "82% women" not in chart_block(demographics, "age")
    assert "33 alive and 15 dead" in chart_block(pages["atlas/outcomes.md"], "survival-by-surgery")
    tumour = pages["atlas/tumour.md"]
    assert (
        "<li>desmin in most (immunohistochemistry)" in tumour
        and "Scope: leiomyosarcoma in general." in tumour
    )
    assert '<span class="atlas-context">context: not comparable' in tumour
    assert "urology 18/49" in pages["atlas/index.md"]  # a topic no chart shows is listed on the overview


def test_published_figures_are_labelled_summaries_never_quotations() -> None:
    """The sheet's words are a paraphrase: no quotation marks, no "Quoted"; a box says it summarises."""
    pages = render(corpus_of(CASES, [published("sex", "82% women"), published("imaging", "CT: homogeneous")]))
    boxes = re.findall(r'<aside class="atlas-chart-published">.*?</aside>', "".join(pages.values()), re.S)
    assert len(boxes) == 2
    for box in boxes:
        assert "summarised in our words (not quotations)" in box
        assert "Quoted" not in box and "“" not in box and "”" not in box


def test_a_checked_summary_replaces_the_sheets_words_and_an_inferred_credit_says_probably() -> None:
    """The Illuminati case: the sheet's P = .48 is kept in the data, the page shows the checked P = .63."""
    figure = published(
        "survival",
        "62% at 5 years against 54% (P = .48)",
        summary="62% at 5 years against 54% (P = .63)",
        attribution_inferred=True,
    )
    assert figure.figure == "62% at 5 years against 54% (P = .48)" and figure.words == figure.summary
    overview = render(corpus_of(CASES, [figure, published("sex", "82% women")]))
    text = overview["atlas/index.md"] + overview["atlas/demographics.md"]
    assert "(P = .63)" in text and "P = .48" not in text
    assert re.search(r"which probably credits Smith et al. \(2001\)", overview["atlas/index.md"])
    assert "which credits Smith et al. (2001)" in overview["atlas/demographics.md"]


def test_published_figure_text_is_escaped() -> None:
    figures = [published("sex", "<script>alert(1)</script> & <b>bold</b>")]
    sex = chart_block(render(corpus_of(CASES, figures))["atlas/demographics.md"], "sex")
    assert "<script>alert" not in sex and "<b>bold" not in sex
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in sex


def test_without_published_figures_no_published_block() -> None:
    pages = render(corpus_of(CASES))
    assert all("atlas-chart-published" not in text and "## References" not in text for text in pages.values())


def test_every_chart_topic_names_a_chart_on_some_page() -> None:
    on_pages = {slug for page in PAGES for slug in page.charts}
    assert set(CHART_TOPICS) <= on_pages
    assert set(build_charts(corpus_of(CASES))) == on_pages


def test_chart_text_from_contributors_stays_text_in_the_drawing_and_the_figure() -> None:
    hostile = make("e", patient={"country": "</svg><script>alert(1)</script>"})
    pages = render(corpus_of([*CASES, hostile]))
    country = chart_block(pages["atlas/index.md"], "country")
    assert country.count("</svg>") == 1  # only the drawing's own end tag
    assert "<script" not in country
    assert re.search(r"<text[^>]*>&lt;/svg&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;</text>", country)
    assert '<th scope="row">&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;</th>' in country
    figure = pages["atlas/data/country.figure.json"]
    assert "<" not in figure and "\\u0026lt;/svg\\u0026gt;" in figure  # escaped for Plotly, then for HTML


def test_a_large_atlas_offers_the_full_matrix_as_csv_only() -> None:
    cases = [make(f"c{i}", patient={"sex": "male"}) for i in range(201)]
    pages = render(corpus_of(cases))
    completeness = pages["atlas/completeness.md"]
    assert 'id="table-completeness"' in completeness
    assert 'id="table-completeness-matrix"' not in completeness
    assert (
        "[Download the full table (CSV), too large to show here](data/completeness-matrix.csv)"
        in completeness
    )
    first_row = pages["atlas/data/completeness-matrix.csv"].splitlines()[1]
    assert first_row.startswith("Patient · Age (years),0,0,")


@pytest.mark.slow
def test_every_chart_csv_is_described_with_its_n_version_and_date(built_site: Path, tmp_path: Path) -> None:
    """Usability O-8: a chart's CSV downloaded alone said nothing of its n, version or date."""
    from frictionless import validate

    folder = built_site / "atlas" / "data"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    release = current_release(ROOT)
    assert (descriptor["version"], descriptor["created"]) == (release.version, f"{release.date}T00:00:00Z")
    described = {resource["path"]: resource for resource in descriptor["resources"]}
    assert set(described) == {path.name for path in folder.glob("*.csv")}
    charts = build_charts(load_corpus(ROOT)[0])
    chart_of = {f"{table.slug}.csv": chart for chart in charts.values() for table in chart.tables}
    for path, resource in described.items():
        chart = chart_of[path]
        assert resource["description"] == (
            f"{chart.title}: {chart.scope}. Data as of {release.date}, version {release.version}."
        )
        assert re.search(r"\b\d+ (of \d+ )?(cases?|patients?)\b", chart.scope), path  # the n of the chart
        header = (folder / path).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in resource["schema"]["fields"]] == header
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    copy = tmp_path / "data"
    shutil.copytree(folder, copy)
    sex = (copy / "sex.csv").read_text(encoding="utf-8").splitlines()
    sex[1] = sex[1].rsplit(",", 2)[0] + ",many,50"
    (copy / "sex.csv").write_text("\n".join(sex) + "\n", encoding="utf-8")
    broken = validate(str(copy / "datapackage.json"))
    assert not broken.valid and "type-error" in {row[0] for row in broken.flatten(["type"])}
