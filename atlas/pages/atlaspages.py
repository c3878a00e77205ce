"""The atlas section of the site: which charts go on which page, with the published figures beside them.

Statistics (atlas.evidence.stats, atlas.evidence.survival) and chart specs
(atlas.evidence.charts) are pure; this module wires them to pages. It returns Markdown pages
and the CSV file of every table, both handed to MkDocs in memory (atlas/site/generated_files.py),
which writes the CSV files as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from atlas.cases.model import Case
from atlas.cases.wording import (
    APPROACH,
    IMPRESSION,
    MARGINS,
    SEX,
    SIDE,
    SOURCE_TYPE,
    STATUS,
    SURGERY,
    SYMPTOM,
    THERAPY,
    Wording,
)
from atlas.evidence import stats, survival
from atlas.evidence.chart_svg import chart_svg
from atlas.evidence.charts import Chart, category_chart, inferred_text, numeric_chart, table_csv
from atlas.evidence.completeness_charts import completeness_chart
from atlas.evidence.reporting import appraisal_count, record_completeness
from atlas.evidence.reporting_charts import item_completeness_chart
from atlas.evidence.representation import representation
from atlas.evidence.stats import NumericSummary, Tally
from atlas.evidence.survival_charts import survival_chart
from atlas.inputs import Corpus, Inputs
from atlas.pages.chart_data import PACKAGE_FILE as CHART_PACKAGE
from atlas.pages.chart_data import chart_package
from atlas.pages.environment import Pages, json_for_html, short_citation
from atlas.sources.cite import cite_generated

ATLAS_DIR = "atlas"
DATA_DIR = "data"  # CSV files, relative to the atlas pages


@dataclass(frozen=True)
class AtlasPage:
    slug: str
    title: str
    charts: tuple[str, ...]
    topics: tuple[str, ...] = ()  # published-figure topics shown for the page as a whole

    @property
    def path(self) -> str:
        return f"{ATLAS_DIR}/{self.slug}.md"

    @property
    def template(self) -> str:
        return f"atlas/{self.slug}.md.j2"


PAGES = (
    AtlasPage(
        "index",
        "Evidence atlas",
        ("publication-year", "source-type", "country"),
        ("number of published cases",),
    ),
    AtlasPage("demographics", "Demographics", ("sex", "age")),
    AtlasPage(
        "presentation",
        "Presentation and diagnosis",
        ("symptoms", "incidental", "preoperative-impression", "biopsy", "metastasis-at-diagnosis"),
        ("imaging",),
    ),
    AtlasPage("tumour", "Tumour and pathology", ("side", "size", "margins"), ("immunohistochemistry",)),
    AtlasPage(
        "treatment",
        "Treatment in the atlas",
        (
            "surgery",
            "approach",
            "kidney-preserved",
            "vascular-reconstruction",
            "neoadjuvant",
            "adjuvant",
            "adjuvant-types",
        ),
    ),
    AtlasPage(
        "outcomes",
        "Outcomes and survival",
        (
            "status",
            "local-recurrence",
            "metastasis",
            "metastasis-sites",
            "follow-up",
            "overall-survival",
            "survival-by-surgery",
        ),
    ),
    AtlasPage("completeness", "Reporting completeness", ("completeness-by-item", "completeness")),
)

# Published figures (corpus.published, atlas.sources.literature) shown beside a chart, by their topic.
CHART_TOPICS = {
    "publication-year": ("literature search",),
    "sex": ("sex",),
    "age": ("age",),
    "side": ("side",),
    "symptoms": ("presentation",),
    "surgery": ("surgical treatment",),
    "status": ("outcome",),
    "local-recurrence": ("recurrence",),
    "overall-survival": ("prognosis",),
    "survival-by-surgery": ("survival by surgery",),
}


@dataclass(frozen=True)
class Categorical:
    """A bar chart of a categorical statistic; `phrase` completes "n = 9 of 11 cases …".

    A statistic of a vocabulary names its `wording`, whose labels the bars and the table show."""

    slug: str
    title: str
    statistic: Callable[[Sequence[Case]], Tally]
    phrase: str
    multi: bool = False
    wording: Wording | None = None
    who: tuple[str, str] = ("case", "cases")  # a subgroup's chart names its patients
    detail: Callable[[Sequence[Case]], str] | None = None  # a computed note: what the bars cannot say

    def chart(self, cases: Sequence[Case]) -> Chart:
        tally = self.statistic(cases)
        chart = category_chart(
            self.slug,
            self.title,
            tally,
            phrase=self.phrase,
            multi=self.multi,
            labels=self.wording.label if self.wording else None,
            who=self.who,
        )
        return with_note(chart, self.detail(cases) if self.detail else "")


@dataclass(frozen=True)
class Numeric:
    slug: str
    title: str
    statistic: Callable[[Sequence[Case]], NumericSummary]
    phrase: str
    detail: Callable[[Sequence[Case]], str] | None = None

    def chart(self, cases: Sequence[Case]) -> Chart:
        chart = numeric_chart(self.slug, self.title, self.statistic(cases), phrase=self.phrase)
        return with_note(chart, self.detail(cases) if self.detail else "")


def with_note(chart: Chart, note: str) -> Chart:
    """The chart with one more note under it (none for an empty note or a chart that is not drawn)."""
    if not note or chart.withheld:
        return chart
    return replace(chart, notes=(*chart.notes, note))


def _sampled_elsewhere(cases: Sequence[Case]) -> str:
    """What the biopsies that did not sample the renal vein tumour sampled (recount L-4)."""
    sites = stats.biopsy_sites_elsewhere(cases)
    if not sites:
        return ""
    return f"Sampled instead of the tumour: {'; '.join(sites)}."


def _named(statistic: Callable[[Sequence[Case]], Tally], what: str) -> Callable[[Sequence[Case]], str]:
    """A note naming the values of a subgroup's tally: "Sites named: bone (iliac) in 1 (of 1 patient)"."""

    def note(cases: Sequence[Case]) -> str:
        tally = statistic(cases)
        named = [
            f"{name} in {count}{inferred_text(tally.inferred.get(name, 0))}"
            for name, count in tally.counts.items()
            if count
        ]
        return f"{what}: {', '.join(named)} (of {_patients(tally.reported)})." if named else ""

    return note


def _patients(count: int) -> str:
    return f"{count} patient{'' if count == 1 else 's'}"


def _from_diagnosis(cases: Sequence[Case]) -> str:
    """Follow-up counted from diagnosis sits among times counted from surgery: said (recount L-11)."""
    count = stats.follow_up_from_diagnosis(cases)
    if not count:
        return ""
    verb = "is" if count == 1 else "are"
    return f"{count} of these times {verb} counted by the source from diagnosis, not from surgery."


CHART_SPECS: tuple[Categorical | Numeric, ...] = (
    Categorical(
        "source-type",
        "Kind of source",
        stats.source_type,
        "have the kind of source recorded",
        wording=SOURCE_TYPE,
    ),
    Categorical("country", "Country", stats.country, "reported the country"),
    Categorical("sex", "Sex", stats.sex, "reported sex", wording=SEX),
    Numeric("age", "Age at diagnosis", stats.age, "reported age"),
    Categorical(
        "symptoms", "Presenting symptoms", stats.symptoms, "reported symptoms", multi=True, wording=SYMPTOM
    ),
    Categorical(
        "incidental",
        "Found incidentally",
        stats.incidental,
        "reported whether the tumour was an incidental finding",
    ),
    Categorical(
        "preoperative-impression",
        "Diagnoses considered before surgery",
        stats.preoperative_impression,
        "reported the preoperative impression",
        multi=True,
        wording=IMPRESSION,
    ),
    Categorical(
        "biopsy",
        "Preoperative biopsy",
        stats.biopsy,
        "reported whether a biopsy was done",
        detail=_sampled_elsewhere,
    ),
    Categorical(
        "metastasis-at-diagnosis",
        "Distant metastasis at diagnosis",
        stats.metastasis_at_diagnosis,
        "reported whether the disease had spread at diagnosis",
        detail=_named(stats.metastasis_at_diagnosis_sites, "Sites named"),
    ),
    Categorical("side", "Side", stats.side, "reported side", wording=SIDE),
    Numeric("size", "Largest tumour diameter", stats.tumour_size, "reported the tumour size"),
    Categorical("margins", "Resection margins", stats.margins, "reported margins", wording=MARGINS),
    Categorical("surgery", "Operation", stats.surgery, "reported the operation", wording=SURGERY),
    Categorical("approach", "Surgical approach", stats.approach, "reported the approach", wording=APPROACH),
    Categorical(
        "kidney-preserved", "Kidney preserved", stats.kidney_preserved, "reported whether the kidney was kept"
    ),
    Categorical(
        "vascular-reconstruction",
        "Renal vein reconstructed",
        stats.vascular_reconstruction,
        "reported whether the vein was reconstructed",
    ),
    Categorical(
        "neoadjuvant",
        "Therapy before surgery",
        stats.neoadjuvant,
        "reported whether therapy was given before surgery",
        detail=_named(stats.neoadjuvant_types, "Kinds named"),
    ),
    Categorical(
        "adjuvant", "Adjuvant therapy", stats.adjuvant, "reported whether adjuvant therapy was given"
    ),
    Categorical(
        "adjuvant-types",
        "Kinds of adjuvant therapy",
        stats.adjuvant_types,
        "given adjuvant therapy named the kind",
        multi=True,
        wording=THERAPY,
        who=("patient given adjuvant therapy", "patients given adjuvant therapy"),
    ),
    Categorical(
        "status",
        "Status at last follow-up",
        stats.outcome_status,
        "reported the status",
        wording=STATUS,
    ),
    Categorical(
        "local-recurrence", "Local recurrence", stats.local_recurrence, "reported on local recurrence"
    ),
    Categorical(
        "metastasis",
        "Distant metastasis during follow-up",
        stats.metastasis,
        "reported on distant metastasis",
    ),
    Categorical(
        "metastasis-sites",
        "Sites of distant metastasis during follow-up",
        stats.metastasis_sites,
        "with distant metastasis named the sites",
        multi=True,
        who=("patient with distant metastasis", "patients with distant metastasis"),
    ),
    Numeric("follow-up", "Follow-up after surgery", stats.follow_up, "reported follow-up", _from_diagnosis),
)


def build_charts(corpus: Corpus) -> dict[str, Chart]:
    """Every chart of the atlas, keyed by slug (the slug also names its CSV file and its anchor)."""
    cases = corpus.cases
    years = {key: reference.year for key, reference in corpus.bibliography.references.items()}
    charts = [spec.chart(cases) for spec in CHART_SPECS]
    charts += [
        numeric_chart(
            "publication-year",
            "Cases by publication year",
            stats.publication_year(cases, years),
            phrase="had a dated source",
        ),
        survival_chart("overall-survival", "Overall survival", survival.overall_survival(cases)),
        survival_chart(
            "survival-by-surgery", "Overall survival by operation", survival.survival_by_surgery(cases)
        ),
        completeness_chart("completeness", "Reporting completeness", stats.completeness(cases)),
        item_completeness_chart(
            "completeness-by-item",
            "What the records hold, by appraisal item",
            [record_completeness(case) for case in cases],
        ),
    ]
    found = representation(cases, corpus.published)
    if found:
        charts = [
            with_note(chart, found.caveat()) if chart.slug in INHERIT_THE_MIX else chart for chart in charts
        ]
    return {chart.slug: chart for chart in charts}


# Charts whose shares follow from the mix of operations: the caveat is repeated beside them (recount L-10).
INHERIT_THE_MIX = ("kidney-preserved", "status")


@dataclass(frozen=True)
class Source:
    """A cited document: author–year for reading, and its key, which becomes a numbered citation."""

    short: str
    key: str


@dataclass(frozen=True)
class PublishedView:
    """A published figure as the page shows it: its words (a summary, never a quotation), where it was
    reported, whom it credits (probably, when the credit is inferred), its scope."""

    topic: str
    figure: str
    reported_in: Source
    attributed_to: tuple[Source, ...]
    scope: str
    is_context: bool
    attribution_inferred: bool = False


def published_views(corpus: Corpus, topics: Iterable[str]) -> list[PublishedView]:

    def source(key: str) -> Source:
        return Source(short_citation(corpus, key), key)

    wanted = set(topics)
    return [
        PublishedView(
            figure.topic,
            figure.words,
            source(figure.reported_in),
            tuple(source(key) for key in figure.attributed_to),
            figure.scope,
            figure.is_context,
            figure.attribution_inferred,
        )
        for figure in corpus.published
        if figure.topic in wanted
    ]


def unplaced_topics(corpus: Corpus) -> list[str]:
    """Topics of published figures that no chart or page shows: listed on the overview, never dropped."""
    placed = {topic for topics in CHART_TOPICS.values() for topic in topics}
    placed |= {topic for page in PAGES for topic in page.topics}
    return sorted({figure.topic for figure in corpus.published} - placed)


def atlas_pages(ctx: Inputs, env: Environment) -> Pages:
    charts = build_charts(ctx.corpus)
    pages: dict[str, str] = {}
    for page in PAGES:
        shown = [charts[slug] for slug in page.charts]
        topics = list(page.topics) + (unplaced_topics(ctx.corpus) if page.slug == "index" else [])
        text = env.get_template(page.template).render(
            page=page,
            charts=[_chart_context(ctx.corpus, chart) for chart in shown],
            page_published=published_views(ctx.corpus, topics),
            n_cases=len(ctx.corpus.cases),
            appraisals=appraisal_count(ctx.corpus.cases),
            representation=representation(ctx.corpus.cases, ctx.corpus.published)
            if page.slug in REPRESENTED
            else None,
            release=ctx.release,
            data_dir=DATA_DIR,
        )
        pages[page.path] = cite_generated(text, ctx.corpus.bibliography, env, page.path)
        pages.update(csv_files(shown))
        pages.update(figure_files(shown))
    placed = [charts[slug] for page in PAGES for slug in page.charts]
    pages[f"{ATLAS_DIR}/{DATA_DIR}/{CHART_PACKAGE}"] = chart_package(placed, ctx.release)  # n, version, date
    return pages


# Pages that show counts by operation or outcome: they say how the atlas's mix differs from the published one.
REPRESENTED = ("treatment", "outcomes")


def _chart_context(corpus: Corpus, chart: Chart) -> dict[str, Any]:
    svg = chart_svg(chart)
    return {
        "chart": chart,
        "svg": Markup(svg) if svg else "",  # escaped as it was drawn (atlas/evidence/svg_frame.py)
        "published": published_views(corpus, CHART_TOPICS.get(chart.slug, ())),
    }


def figure_files(charts: Sequence[Chart]) -> dict[str, str]:
    """Each drawn chart's Plotly figure as JSON, fetched by the page only when the reader explores it."""
    return {
        f"{ATLAS_DIR}/{DATA_DIR}/{chart.slug}.figure.json": str(json_for_html(chart.figure))
        for chart in charts
        if not chart.withheld
    }


def csv_files(charts: Sequence[Chart]) -> dict[str, str]:
    return {
        f"{ATLAS_DIR}/{DATA_DIR}/{table.slug}.csv": table_csv(table)
        for chart in charts
        for table in chart.tables
    }
