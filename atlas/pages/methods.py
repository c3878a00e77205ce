"""The Methods page: who is included, how the literature was searched, how values are read, how
evidence quality is shown, and the flow of reports, in the order of PRISMA 2020.

The search is literature/search.yaml (atlas.sources.search) written out; every count on the page is
computed here or in atlas.pages.report_flow from the cases and literature/leads.yaml, so the flow
diagram's numbers are the row counts of the leads and exclusions CSV files of the Data page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from atlas.evidence import stats
from atlas.evidence.summary import SECTION_TITLES, label_for
from atlas.inputs import Inputs
from atlas.pages.coverage import labelled_citation, lead_view
from atlas.pages.environment import Pages
from atlas.pages.evidence_quality import evidence_quality_context
from atlas.pages.report_flow import Flow, flow
from atlas.sources.cite import cite_generated
from atlas.sources.search import Search, SearchRound

FIELDS_PAGE = "reference/fields.md"


@dataclass(frozen=True)
class FieldLink:
    """A case-format field as a reader sees it: its label and section, linked to its entry."""

    path: str
    label: str
    section: str

    @property
    def href(self) -> str:
        return f"{FIELDS_PAGE}#field-{self.path.replace('.', '-')}"


def field_link(path: str) -> FieldLink:
    section, *_, name = path.split(".")
    return FieldLink(path, label_for(name), SECTION_TITLES.get(section, section))


@dataclass(frozen=True)
class RoundView:
    found: SearchRound
    leads: list[str]  # the citations of the leads it found
    excluded: int  # excluded reports first met in it


def round_views(search: Search, current: Flow, cite: Any) -> list[RoundView]:
    return [
        RoundView(found, [cite(key) for key in found.leads], current.excluded_in_round(found.round))
        for found in search.rounds
    ]


def methods_page(ctx: Inputs, env: Environment) -> Pages:
    corpus = ctx.corpus
    current = flow(corpus)

    def cite(key: str) -> str:
        return labelled_citation(corpus, key)

    search = corpus.search
    text = env.get_template("methods.md.j2").render(
        flow=current,
        search=search,
        rounds=round_views(search, current, cite) if search else [],
        excluded=[lead_view(corpus, a, cite) for a in current.excluded],
        wanted=[lead_view(corpus, a, cite) for a in current.not_extracted],
        confidence=stats.tally("confidence", corpus.cases, lambda c: c.confidence, ("high", "medium", "low")),
        with_inferred=sum(bool(case.inferred) for case in corpus.cases),
        total=len(corpus.cases),
        cite=cite,
        field_link=field_link,
        **evidence_quality_context(corpus.cases),
    )
    return {"methods.md": cite_generated(text, corpus.bibliography, env, "methods.md")}
