"""A case page's panels on how much its record can tell: kind of source, what the record holds by
appraisal item (atlas.evidence.reporting) and the curator's appraisal, or "not yet appraised"."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.cases.instruments import INSTRUMENTS, Item
from atlas.cases.model import Appraisal, Case
from atlas.evidence.reporting import LABEL, NOT_APPRAISED, RecordCompleteness, record_completeness

METHODS_SECTION = "methods.md#evidence-quality"  # the source page, from the docs root


@dataclass(frozen=True)
class AppraisalView:
    appraisal: Appraisal
    title: str
    answers: list[tuple[Item, str]]  # in the instrument's order


@dataclass(frozen=True)
class QualityView:
    label: str
    record: RecordCompleteness
    appraisal: AppraisalView | None
    not_appraised: str = NOT_APPRAISED


def appraisal_view(appraisal: Appraisal | None) -> AppraisalView | None:
    if appraisal is None:
        return None
    instrument = INSTRUMENTS[appraisal.instrument]
    given = appraisal.answers
    answers = [(item, given[item.id]) for item in instrument.items if item.id in given]
    return AppraisalView(appraisal, instrument.title, answers)


def quality_view(case: Case) -> QualityView:
    return QualityView(LABEL, record_completeness(case), appraisal_view(case.appraisal))
