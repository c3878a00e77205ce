"""The case browser: every case in one plain HTML table, which a small script makes filterable and sortable.

The table is complete without JavaScript (each row links to its case page). The filter
choices are the format's own vocabularies (read from the model), limited to the values
that occur, so the browser never offers a value the data cannot have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from jinja2 import Environment

from atlas.cases.model import Case, Outcome, Patient, Treatment, Tumour
from atlas.evidence.reporting import record_completeness
from atlas.evidence.summary import field_type
from atlas.inputs import Corpus
from atlas.pages.case_page import SEARCHABLE_CASES_LIMIT
from atlas.pages.html_page import Outline, PrerenderedPage

MISSING = "—"
# Rows the script lists at once (more on request): laying out thousands of rows is what is slow.
PAGE_SIZE = 100


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class RangeFilter:
    """A from–to filter on a numeric column; cases without the value are counted, never dropped silently."""

    key: str
    label: str
    low: float | None
    high: float | None
    missing: int

    @property
    def span(self) -> str:
        if self.low is None or self.high is None:
            return "no case reports it"
        return f"{self.low:g}–{self.high:g}" if self.low != self.high else f"{self.low:g}"


@dataclass(frozen=True)
class ChoiceFilter:
    key: str
    label: str
    options: list[str]
    has_missing: bool


COLUMNS = (
    Column("id", "Case"),
    Column("year", "Year", numeric=True),
    Column("age", "Age (years)", numeric=True),
    Column("sex", "Sex"),
    Column("side", "Side"),
    Column("size", "Size (cm)", numeric=True),
    Column("surgery", "Surgery"),
    Column("status", "Status"),
    Column("follow_up", "Follow-up (months)", numeric=True),
    Column("source_type", "Source"),
    Column("completeness", "Appraisal items held", numeric=True),
    Column("outcome", "Outcome data"),
)
# Range filters (from–to) on numeric columns: the year, and what a clinician matches a patient on.
RANGES = (("age", "Age (years)"), ("size", "Size (cm)"), ("year", "Year"))
OUTCOME_MEANING = "yes when the source reports the status at last follow-up or the length of follow-up"
CHOICES = (
    ("sex", "Sex", Patient, "sex"),
    ("side", "Side", Tumour, "side"),
    ("surgery", "Surgery", Treatment, "surgery"),
    ("status", "Status", Outcome, "status"),
    ("source_type", "Kind of source", Case, "source_type"),
)


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _part(case: Case, section: str, name: str) -> Any:
    part = getattr(case, section)
    return getattr(part, name) if part is not None else None


def case_row(case: Case, corpus: Corpus) -> dict[str, str | None]:
    """The browser's columns for one case; None is not reported."""
    reference = corpus.bibliography.references.get(case.source)
    year = reference.year if reference else None
    return {
        "id": case.id,
        "year": str(year) if year else None,
        "age": _number(_part(case, "patient", "age_years")),
        "sex": _part(case, "patient", "sex"),
        "side": _part(case, "tumour", "side"),
        "size": _number(_part(case, "tumour", "largest_diameter_cm")),
        "surgery": _part(case, "treatment", "surgery"),
        "status": _part(case, "outcome", "status"),
        "follow_up": _number(_part(case, "outcome", "follow_up_months")),
        "source_type": case.source_type,
        "completeness": record_completeness(case).summary,
        "outcome": "yes" if has_outcome_data(case) else "no",
    }


def has_outcome_data(case: Case) -> bool:
    """What survival needs a start of: the status at last follow-up or the follow-up time."""
    outcome = case.outcome
    return outcome is not None and (outcome.status is not None or outcome.follow_up_months is not None)


def case_rows(corpus: Corpus) -> list[dict[str, str | None]]:
    return [case_row(case, corpus) for case in corpus.cases]


def choice_filters(rows: list[dict[str, str | None]]) -> list[ChoiceFilter]:
    filters = []
    for key, label, model, field in CHOICES:
        vocabulary = get_args(field_type(model.model_fields[field].annotation))
        present = {row[key] for row in rows}
        options = [str(value) for value in vocabulary if value in present]
        filters.append(ChoiceFilter(key, label, options, None in present))
    return filters


def range_filters(rows: list[dict[str, str | None]]) -> list[RangeFilter]:
    """Bounds from the values that occur; any numeric column can be one (RANGES lists which are)."""
    filters = []
    for key, label in RANGES:
        values = [float(row[key]) for row in rows if row[key] is not None]
        low, high = (min(values), max(values)) if values else (None, None)
        filters.append(RangeFilter(key, label, low, high, len(rows) - len(values)))
    return filters


def year_bounds(rows: list[dict[str, str | None]]) -> tuple[int | None, int | None]:
    years = [int(row["year"]) for row in rows if row["year"]]
    return (min(years), max(years)) if years else (None, None)


def case_browser_page(corpus: Corpus, env: Environment) -> PrerenderedPage:
    """HTML, not Markdown: Python-Markdown read every tag of the table, a cost that grew with the atlas."""
    rows = case_rows(corpus)
    first_year, last_year = year_bounds(rows)
    outline = Outline()
    html = env.get_template("cases_index.html.j2").render(
        outline=outline,
        rows=rows,
        columns=COLUMNS,
        filters=choice_filters(rows),
        ranges=range_filters(rows),
        outcome_counts=(sum(row["outcome"] == "yes" for row in rows), len(rows)),
        outcome_meaning=OUTCOME_MEANING,
        first_year=first_year,
        last_year=last_year,
        missing=MISSING,
        page_size=PAGE_SIZE,
        status_meaning=Outcome.model_fields["status"].description,
    )
    meta: dict[str, Any] = {"case_browser": True, "hide": ["toc"]}
    if len(rows) > SEARCHABLE_CASES_LIMIT:
        # Like the case pages: the search plugin would read the whole table (excluded from the
        # index anyway) for one sentence of text, a cost that grows with the atlas.
        meta["search"] = {"exclude": True}
    return PrerenderedPage(
        "cases/index.md", "Case browser", html, outline.toc_tokens(), meta, shared_layout=False
    )
