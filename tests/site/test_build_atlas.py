"""The atlas in the real MkDocs build: pages, tables, CSV downloads, plotly.js only where charts are."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from markupsafe import escape

from atlas.inputs import Corpus
from atlas.pages.atlaspages import CHART_TOPICS, PAGES, build_charts
from atlas.site.build import build

CHART = re.compile(r'<div class="atlas-chart" data-figure="([a-z0-9-]+)\.figure\.json"')
TABLE = re.compile(r'<table class="atlas-data" id="table-([a-z0-9-]+)">(.*?)</table>', re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CHART_SCRIPT = re.compile(r'<script src="([^"]*)atlas-charts\.js"></script>')


def page_html(site: Path, page) -> str:
    folder = site / "atlas" if page.slug == "index" else site / "atlas" / page.slug
    return (folder / "index.html").read_text(encoding="utf-8")


def html_tables(text: str) -> dict[str, list[list[str]]]:
    """Every data table of a page as rows of cell texts (the caption left out)."""
    tables = {}
    for slug, body in TABLE.findall(text):
        body = re.sub(r"<caption>.*?</caption>", "", body, flags=re.S)
        tables[slug] = [[html.unescape(c) for c in CELL.findall(row)] for row in ROW.findall(body)]
    return tables


def test_every_atlas_page_is_built_and_in_the_navigation(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        text = page_html(built_site, page)
        assert re.search(rf"<h1[^>]*>{re.escape(page.title)}<", text), page.slug
        href = "atlas/" if page.slug == "index" else f"atlas/{page.slug}/"
        assert f'href="{href}"' in home


def test_every_chart_has_its_figure_its_table_and_a_matching_csv(
    built_site: Path, real_corpus: Corpus
) -> None:
    withheld = {slug for slug, chart in build_charts(real_corpus).items() if chart.withheld}
    assert withheld == {"metastasis-sites"}  # nobody named a site of metastasis during follow-up
    for page in PAGES:
        text = page_html(built_site, page)
        drawn = [slug for slug in page.charts if slug not in withheld]
        figures = CHART.findall(text)
        assert figures == drawn
        for slug in figures:
            figure = json.loads((built_site / "atlas" / "data" / f"{slug}.figure.json").read_text("utf-8"))
            subtitle = figure["layout"]["title"]["subtitle"]["text"]
            assert figure["data"] and re.match(r"n = |\d+ fields × ", subtitle), subtitle
            drawing = re.search(rf'id="chart-{slug}".*?(<svg class="atlas-svg".*?</svg>)', text, re.S)
            assert drawing and f'<title id="svg-{slug}-title">' in drawing.group(1)
        tables = html_tables(text)
        for slug in drawn:
            assert slug in tables, f"{page.slug}: no table for {slug}"
        for slug, rows in tables.items():
            csv_path = built_site / "atlas" / "data" / f"{slug}.csv"
            assert f'href="{"" if page.slug == "index" else "../"}data/{slug}.csv"' in text
            from_csv = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
            as_shown = [[cell if cell else "—" for cell in row] for row in from_csv]
            assert as_shown == rows, f"{slug}.csv differs from its table"


def test_no_page_loads_plotly_and_chart_pages_load_the_chart_script(built_site: Path) -> None:
    """plotly.js is fetched by atlas-charts.js when a chart is explored, never by a page's own markup."""
    with_charts = 0
    for path in sorted(built_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        has_chart = 'class="atlas-chart"' in text
        assert "plotly" not in text.lower(), path
        scripts = CHART_SCRIPT.findall(text)
        assert len(scripts) == (1 if has_chart else 0), path
        if has_chart:
            with_charts += 1
            depth = len(path.relative_to(built_site).parts) - 1
            assert scripts[0] == "../" * depth + "assets/atlas/js/"
    assert with_charts == len(PAGES)
    assert (built_site / "assets" / "atlas" / "js" / "plotly-basic.min.js").is_file()


def test_the_real_corpus_counts_appear_on_the_atlas(built_site: Path, real_corpus: Corpus) -> None:
    corpus = real_corpus
    n = len(corpus.cases)
    sexes = [c.patient.sex for c in corpus.cases if c.patient and c.patient.sex]
    inferred = [c.patient.sex for c in corpus.cases if "patient.sex" in (c.inferred or ())]
    demographics = page_html(built_site, PAGES[1])
    assert f"n = {len(sexes)} of {n} case{'' if n == 1 else 's'} reported sex" in demographics
    rows = html_tables(demographics)["sex"]
    assert rows[1:] == [
        [sex, str(sexes.count(sex)), _pct(sexes.count(sex), len(sexes)), str(inferred.count(sex))]
        for sex in ("female", "male")
    ] + [["not reported", str(n - len(sexes)), "—", "—"]]


def _pct(count: int, of: int) -> str:
    """Rounded half up, and only from 10 reporting (as the bars)."""
    return str(int(100 * count / of + 0.5)) if of >= 10 else "—"


ADDED_CASE = """\
id: added-2001
source: baheen2022
inclusion:
  renal_vein_origin: true
  leiomyosarcoma: true
source_type: case report
patient:
  sex: female
  age_years: 45
tumour:
  side: left
treatment:
  surgery: radical nephrectomy
outcome:
  follow_up_months: 40
  status: DOD
"""


def test_adding_a_case_file_changes_the_atlas_numbers(
    built_site: Path, project: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    n = len(corpus.cases)
    women = sum(1 for c in corpus.cases if c.patient and c.patient.sex == "female")
    sexed = sum(1 for c in corpus.cases if c.patient and c.patient.sex)
    (project / "cases" / "added-2001.yaml").write_text(ADDED_CASE, encoding="utf-8")
    site = project / "site"
    build(project, site)

    before = html_tables(page_html(built_site, PAGES[1]))["sex"]
    after_page = page_html(site, PAGES[1])
    after = html_tables(after_page)["sex"]
    assert f"n = {sexed + 1} of {n + 1} cases reported sex" in after_page
    assert before[1][1] == str(women) and after[1][1] == str(women + 1)
    female_csv = (site / "atlas" / "data" / "sex.csv").read_text(encoding="utf-8").splitlines()[1]
    assert female_csv.startswith(f"female,{women + 1},")

    outcomes = page_html(site, PAGES[5])
    old_outcomes = page_html(built_site, PAGES[5])
    assert _survival_n(outcomes) == _survival_n(old_outcomes) + 1
    matrix = (site / "atlas" / "data" / "completeness-matrix.csv").read_text(encoding="utf-8")
    assert matrix.splitlines()[0].split(",")[1:] == sorted([c.id for c in corpus.cases] + ["added-2001"])


def _survival_n(text: str) -> int:
    found = re.search(r"<strong>Overall survival</strong>: n = (\d+) of", text)
    assert found
    return int(found.group(1))


def test_every_published_figure_is_on_the_atlas_beside_its_topic(
    built_site: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    assert corpus.published, "literature/published.yaml holds figures"
    where = {topic: slug for slug, topics in CHART_TOPICS.items() for topic in topics}
    pages_by_chart = {slug: page for page in PAGES for slug in page.charts}
    page_topics = {topic: page for page in PAGES for topic in page.topics}
    for figure in corpus.published:
        shown = str(escape(figure.words))  # as the template escapes it; a checked summary where given
        if figure.topic in where:
            slug = where[figure.topic]
            text = page_html(built_site, pages_by_chart[slug])
            block = text[text.index(f'id="chart-{slug}"') :]
            block = block[: block.index("<h2")]
            assert shown in block, f"{figure.topic}: not beside the {slug} chart"
        else:
            text = page_html(built_site, page_topics.get(figure.topic, PAGES[0]))
            assert shown in text, f"{figure.topic}: not on the atlas"
        assert f'href="#ref-{figure.reported_in}"' in text
