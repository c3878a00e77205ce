"""The flow of reports, PRISMA 2020 style: each report counted once, at the one step it reached.

A report is included (it describes a patient of the atlas), excluded (one entry of
literature/leads.yaml `excluded_seen`, or a lead article marked excluded), or a lead not yet
extracted. A lead that is already a case's source is included; a lead that is also an excluded
report counts once, as excluded. The Methods page's diagram, the Coverage page's lists and the
leads and exclusions CSV files of the Data page all take their rows from here, so their numbers
are the same by construction. Pure functions of the corpus, no I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from atlas.cases.model import Case
from atlas.inputs import Corpus
from atlas.sources.literature import EXCLUSION_REASONS, ExcludedRecord, LeadArticle, LeadGroup


@dataclass(frozen=True)
class Flow:
    """Reports and patients at each step; identified = not yet extracted + assessed, and
    assessed = excluded + included."""

    included_reports: int
    included_patients: int
    excluded: list[LeadArticle]  # lead articles marked excluded, with a reason in words
    excluded_seen: list[ExcludedRecord]  # excluded reports, one entry each, with a reason from the list
    not_extracted: list[LeadArticle]
    groups: list[LeadGroup]
    read_directly: int
    read_from_review: dict[str, int]

    @property
    def excluded_count(self) -> int:
        """Reports excluded, with reasons."""
        return len(self.excluded) + len(self.excluded_seen)

    @property
    def excluded_by_reason(self) -> dict[str, int]:
        """Reports excluded per reason, in the fixed list's order (reasons with none left out)."""
        counts = Counter(record.reason for record in self.excluded_seen)
        return {reason: counts[reason] for reason in EXCLUSION_REASONS if counts[reason]}

    def excluded_in_round(self, number: int) -> int:
        """Excluded reports first met in one search round."""
        return sum(record.round == number for record in self.excluded_seen)

    @property
    def assessed(self) -> int:
        return self.included_reports + self.excluded_count

    @property
    def identified(self) -> int:
        return self.assessed + len(self.not_extracted)


def is_read_from_another_document(case: Case) -> bool:
    return case.extracted_from is not None and case.extracted_from != case.source


def included_report_keys(cases: list[Case]) -> set[str]:
    """The reports that describe the atlas's patients: each case's source and its other reports."""
    return {key for case in cases for key in (case.source, *(case.also_reported_in or []))}


def pending_leads(corpus: Corpus) -> list[LeadArticle]:
    """Lead articles that are neither included already nor also an excluded report."""
    included = included_report_keys(corpus.cases)
    excluded = corpus.leads.excluded_identifiers
    return [
        article
        for article in corpus.leads.articles
        if (article.key is None or article.key not in included) and not article.identifiers & excluded
    ]


def flow(corpus: Corpus) -> Flow:
    pending = pending_leads(corpus)
    from_review = Counter(case.extracted_from for case in corpus.cases if is_read_from_another_document(case))
    return Flow(
        included_reports=len(included_report_keys(corpus.cases)),
        included_patients=len(corpus.cases),
        excluded=[a for a in pending if a.state == "excluded"],
        excluded_seen=list(corpus.leads.excluded_seen),
        not_extracted=[a for a in pending if a.state == "not yet extracted"],
        groups=list(corpus.leads.unresolved_groups),
        read_directly=sum(not is_read_from_another_document(case) for case in corpus.cases),
        read_from_review=dict(sorted(from_review.items())),  # type: ignore[arg-type]
    )
