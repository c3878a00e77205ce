"""Appraisal instruments and what a case record can say about each appraisal item: data in one place.

Two uses read this module, so they cannot disagree:

* a curator's `appraisal` of an article (atlas.cases.model.Appraisal) answers every item of one
  instrument; the validator (atlas.cases.checks, E214/E215) takes the item ids from here;
* the reporting-completeness view (atlas.evidence.reporting) arranges a record's fields by the
  JBI case-report items, using READING below, and the Methods page prints that same mapping.

Item names and descriptions are our own short wording of what each item asks about; the
instruments' texts are not reproduced (the Methods page cites them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    id: str
    name: str  # our short name for what the item asks about


@dataclass(frozen=True)
class Instrument:
    name: str  # the value of appraisal.instrument in a case file
    title: str
    citation: str  # key in references.bib
    items: tuple[Item, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> Item:
        return next(item for item in self.items if item.id == item_id)


JBI_CASE_REPORT = Instrument(
    "JBI case report",
    "JBI critical appraisal checklist for case reports",
    "jbi-case-reports",
    (
        Item("Q1", "Demographics"),
        Item("Q2", "History and timeline"),
        Item("Q3", "Condition at presentation"),
        Item("Q4", "Diagnostic tests and results"),
        Item("Q5", "Intervention"),
        Item("Q6", "Condition after the intervention"),
        Item("Q7", "Adverse or unexpected events"),
        Item("Q8", "Lessons drawn"),
    ),
)
MURAD_2018 = Instrument(
    "Murad 2018",
    "Murad et al. 2018 tool for case reports and case series",
    "murad2018",
    (
        Item("Q1", "Selection: whole experience of the centre"),
        Item("Q2", "Ascertainment of the exposure"),
        Item("Q3", "Ascertainment of the outcome"),
        Item("Q4", "Causality: other causes ruled out"),
        Item("Q5", "Causality: challenge and rechallenge"),
        Item("Q6", "Causality: dose and response"),
        Item("Q7", "Causality: follow-up long enough"),
        Item("Q8", "Reporting: detail enough to replicate or apply"),
    ),
)
INSTRUMENTS = {instrument.name: instrument for instrument in (JBI_CASE_REPORT, MURAD_2018)}
CARE_GUIDELINE = "gagnier2013"  # the CARE reporting guideline, cited beside the instruments
# References the Methods page cites (a generated page: its citations are counted here, not in docs/).
METHODS_CITATIONS = (JBI_CASE_REPORT.citation, MURAD_2018.citation, CARE_GUIDELINE)
ANSWERS = ("yes", "no", "unclear", "not applicable")


@dataclass(frozen=True)
class Element:
    """One thing an item asks about, and the fields that record it (any one of them is enough)."""

    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ItemReading:
    """How a record answers one JBI item: the item, what it means for this atlas, and its elements."""

    item: Item
    meaning: str
    elements: tuple[Element, ...]


def _reading(item_id: str, meaning: str, *elements: tuple[str, tuple[str, ...]]) -> ItemReading:
    return ItemReading(
        JBI_CASE_REPORT.item(item_id), meaning, tuple(Element(name, fields) for name, fields in elements)
    )


# The JBI case-report items a record can answer (Q8, the lessons an article draws, is a matter of
# its discussion, which no field holds). An item is reported when the record holds every element,
# partly reported when it holds some, and not in the record when it holds none.
READING: tuple[ItemReading, ...] = (
    _reading(
        "Q1",
        "Who the patient was.",
        ("age", ("patient.age_years",)),
        ("sex", ("patient.sex",)),
        ("country", ("patient.country",)),
    ),
    _reading(
        "Q2",
        "What came before: other illnesses (or a statement that there were none), when the patient was "
        "seen, how long the symptoms had lasted.",
        ("other illnesses", ("patient.comorbidities", "patient.no_relevant_history")),
        ("date of admission", ("patient.admitted",)),
        ("how long the symptoms had lasted", ("presentation.duration_months",)),
    ),
    _reading(
        "Q3",
        "How the patient and the tumour were when first seen.",
        ("symptoms or incidental finding", ("presentation.symptoms", "presentation.incidental")),
        ("side", ("tumour.side",)),
        ("size", ("tumour.largest_diameter_cm", "tumour.dimensions_cm")),
        ("extent", ("tumour.extension",)),
    ),
    _reading(
        "Q4",
        "Which tests were done and what they showed, up to the final pathology.",
        ("imaging", ("diagnosis.imaging",)),
        ("whether a biopsy was done", ("diagnosis.biopsy",)),
        ("histology", ("pathology.histology",)),
        ("immunohistochemistry", ("pathology.ihc",)),
    ),
    _reading(
        "Q5",
        "What was done: the operation, how, and what was done with the renal vein. Therapy before or "
        "after surgery is shown on the case page when reported, but its absence is not held against "
        "the record: reports that gave none seldom say so.",
        ("operation", ("treatment.surgery", "treatment.surgery_as_reported")),
        ("approach", ("treatment.approach", "treatment.approach_as_reported")),
        ("the renal vein's management", ("treatment.vascular_reconstruction", "treatment.vascular_control")),
    ),
    _reading(
        "Q6",
        "How the patient fared afterwards.",
        ("status at last follow-up", ("outcome.status",)),
        ("length of follow-up", ("outcome.follow_up_months",)),
        ("local recurrence", ("outcome.local_recurrence", "outcome.progression_months")),
        ("distant metastasis", ("outcome.metastasis", "outcome.progression_months")),
    ),
    _reading(
        "Q7",
        "Complications and unexpected events: what the report says of complications during the "
        "operation, or of the course after it.",
        (
            "complications during or after the operation",
            (
                "treatment.intraoperative_complications",
                "treatment.intraoperative_complications_as_reported",
                "treatment.postoperative_course",
            ),
        ),
    ),
)
