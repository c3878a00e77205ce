"""How each value of the case format's vocabularies reads, in every place the atlas shows it.

One table beside the vocabularies (atlas/cases/vocabularies.py): a chart's bars, the summary line
at the top of a case page, the page's descriptive title, the counts of a pull request's summary
and the format's own description of a field read a value's words from here, so that they cannot
drift apart. They had: the summary line said "died of the disease" for DOD, which the format
defines as "died with the disease", the cause of death not necessarily stated.
tests/cases/test_wording.py fails when a value of a vocabulary has no words in a context its
vocabulary is shown in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, get_args

from atlas.cases.vocabularies import (
    AppraisalAnswer,
    AppraisalInstrument,
    Approach,
    BiopsyType,
    Confidence,
    CountedFrom,
    Extension,
    IhcResult,
    Impression,
    Margins,
    MeasuredOn,
    Modality,
    Sex,
    Side,
    SourceType,
    Status,
    Surgery,
    Symptom,
    Therapy,
)

Phrases = Mapping[str, str]  # value → its words in one context


@dataclass(frozen=True)
class Wording:
    """A vocabulary's values in each context it is shown in; an empty context is one it is never said in."""

    name: str
    vocabulary: Any  # the Literal type of atlas/cases/vocabularies.py
    label: Phrases  # on its own: a chart's bar, a table's row, a CSV cell
    sentence: Phrases = field(default_factory=dict)  # inside a sentence about one patient
    title: Phrases = field(default_factory=dict)  # the case page's descriptive title ("": left out)
    young: Phrases = field(default_factory=dict)  # the noun for a patient under 18
    count: Phrases = field(default_factory=dict)  # a headline count of patients ("women 10 → 11")
    definition: Phrases = field(default_factory=dict)  # what a code stands for, in the format's description

    @property
    def values(self) -> tuple[str, ...]:
        return get_args(self.vocabulary)

    def contexts(self) -> dict[str, Phrases]:
        """The contexts this vocabulary is shown in, by name."""
        return {
            context.name: phrases
            for context in fields(self)
            if context.name not in ("name", "vocabulary") and (phrases := getattr(self, context.name))
        }

    def missing(self) -> list[str]:
        """What the table lacks or has in excess, e.g. "Status: 'DOD' has no sentence"."""
        problems = []
        for context, phrases in self.contexts().items():
            lacking = [value for value in self.values if value not in phrases]
            extra = [value for value in phrases if value not in self.values]
            problems += [f"{self.name}: {value!r} has no {context}" for value in lacking]
            problems += [f"{self.name}: {value!r} has a {context} but is not a value" for value in extra]
        return problems

    def definitions(self) -> str:
        """Every code with what it stands for: "NED no evidence of disease, AWD alive with disease, …"."""
        return ", ".join(f"{value} {self.definition[value]}" for value in self.values)


def as_written(vocabulary: Any) -> dict[str, str]:
    """Values that read as the case file writes them ("abdominal pain", "CT")."""
    return {value: value for value in get_args(vocabulary)}


SEX = Wording(
    "Sex",
    Sex,
    label=as_written(Sex),
    sentence={"female": "woman", "male": "man"},
    young={"female": "girl", "male": "boy"},
    count={"female": "women", "male": "men"},
)
SIDE = Wording(
    "Side",
    Side,
    label=as_written(Side),
    sentence={
        "left": "the left renal vein",
        "right": "the right renal vein",
        "bilateral": "both renal veins",
    },
    count={"left": "left renal vein", "right": "right renal vein", "bilateral": "both renal veins"},
)
SURGERY = Wording(
    "Surgery",
    Surgery,
    label=as_written(Surgery),
    sentence={
        "radical nephrectomy": "radical nephrectomy",
        "local excision": "local excision",
        "partial nephrectomy": "partial nephrectomy",
        "other": "another operation",
        "none": "no operation",
    },
    title={
        "radical nephrectomy": "treated by radical nephrectomy",
        "local excision": "treated by local excision",
        "partial nephrectomy": "treated by partial nephrectomy",
        "other": "",  # an operation the vocabulary does not name: the title does not name one either
        "none": "not treated by surgery",
    },
    count={
        "radical nephrectomy": "radical nephrectomy",
        "local excision": "local excision",
        "partial nephrectomy": "partial nephrectomy",
        "other": "other operation",
        "none": "no operation",
    },
)
# NED is no *evidence* of disease, and DOD a death with the disease, whatever its cause: no context
# may say more than the code does ("alive without disease", "died of the disease").
STATUS = Wording(
    "Status",
    Status,
    label={
        "NED": "NED: alive, no evidence of disease",
        "AWD": "AWD: alive with disease",
        "DOD": "DOD: died with the disease",  # as the submission form says it; short enough for a phone
        "DOC": "DOC: dead of other causes",
    },
    sentence={
        "NED": "alive with no evidence of disease",
        "AWD": "alive with disease",
        "DOD": "died with the disease",
        "DOC": "died of other causes",
    },
    definition={
        "NED": "no evidence of disease",
        "AWD": "alive with disease",
        "DOD": "died with the disease (the cause of death not necessarily stated)",
        "DOC": "dead of other causes",
    },
)

# Vocabularies that every context shows as the case file writes them.
CONFIDENCE = Wording("Confidence", Confidence, as_written(Confidence))
SYMPTOM = Wording("Symptom", Symptom, as_written(Symptom))
EXTENSION = Wording("Extension", Extension, as_written(Extension))
MEASURED_ON = Wording("MeasuredOn", MeasuredOn, as_written(MeasuredOn))
COUNTED_FROM = Wording("CountedFrom", CountedFrom, as_written(CountedFrom))
MODALITY = Wording("Modality", Modality, as_written(Modality))
IMPRESSION = Wording("Impression", Impression, as_written(Impression))
BIOPSY_TYPE = Wording("BiopsyType", BiopsyType, as_written(BiopsyType))
IHC_RESULT = Wording("IhcResult", IhcResult, as_written(IhcResult))
MARGINS = Wording("Margins", Margins, as_written(Margins))
APPROACH = Wording("Approach", Approach, as_written(Approach))
THERAPY = Wording("Therapy", Therapy, as_written(Therapy))
SOURCE_TYPE = Wording("SourceType", SourceType, as_written(SourceType))
APPRAISAL_INSTRUMENT = Wording("AppraisalInstrument", AppraisalInstrument, as_written(AppraisalInstrument))
APPRAISAL_ANSWER = Wording("AppraisalAnswer", AppraisalAnswer, as_written(AppraisalAnswer))

WORDING: tuple[Wording, ...] = (
    SEX,
    SIDE,
    SURGERY,
    STATUS,
    CONFIDENCE,
    SYMPTOM,
    EXTENSION,
    MEASURED_ON,
    COUNTED_FROM,
    MODALITY,
    IMPRESSION,
    BIOPSY_TYPE,
    IHC_RESULT,
    MARGINS,
    APPROACH,
    THERAPY,
    SOURCE_TYPE,
    APPRAISAL_INSTRUMENT,
    APPRAISAL_ANSWER,
)
