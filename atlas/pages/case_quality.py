"""A case page's panels on how much its record can tell: kind of source, what the record holds by
appraisal item (atlas.evidence.reporting) and the curator's appraisal, the reason the article could
not be appraised, or "not yet appraised"."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.cases.instruments import INSTRUMENTS, Item
from atlas.cases.model import Appraisal, Case
from atlas.evidence.reporting import (
    COULD_NOT_BE_APPRAISED,
    LABEL,
    NOT_APPRAISED,
    RecordCompleteness,
    answer_summary,
    record_completeness,
)

METHODS_SECTION = "methods.md#evidence-quality"  # the source page, from the docs root


@dataclass(frozen=True)
class AnswerRow:
    item: Item
    answer: str
    note: str | None


@dataclass(frozen=True)
class AppraisalView:
    appraisal: Appraisal
    title: str
    answers: list[AnswerRow]  # in the instrument's order; empty when the article was not appraised
    summary: str  # "6 yes, 1 no, 1 unclear"

    @property
    def appraised(self) -> bool:
        return self.appraisal.answers is not None


@dataclass(frozen=True)
class QualityView:
    label: str
    record: RecordCompleteness
    appraisal: AppraisalView | None
    not_appraised: str = NOT_APPRAISED
    could_not_be_appraised: str = COULD_NOT_BE_APPRAISED


def appraisal_view(appraisal: Appraisal | None) -> AppraisalView | None:
    if appraisal is None:
        return None
    instrument = INSTRUMENTS[appraisal.instrument]
    given, notes = appraisal.answers or {}, appraisal.item_notes or {}
    answers = [
        AnswerRow(item, given[item.id], notes.get(item.id)) for item in instrument.items if item.id in given
    ]
    return AppraisalView(appraisal, instrument.title, answers, answer_summary(appraisal))


def quality_view(case: Case) -> QualityView:
    return QualityView(LABEL, record_completeness(case), appraisal_view(case.appraisal))
