"""The case format: the single definition of what a case file may hold.

Everything else derives from these classes: the JSON Schema that editors use
(`schema/case.schema.json`), the validator, and the field reference page.
A field that is absent means *not reported*; there is deliberately no other
way to say so (null values are rejected at load time), so every count in the
atlas can tell "reported" from "not reported" without guessing. The values a field may take
are the vocabularies of atlas/cases/vocabularies.py; how each reads, atlas/cases/wording.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from atlas.cases.instruments import INSTRUMENTS
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
from atlas.cases.wording import STATUS

CASE_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
BIB_KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_:.-]*$"
FIELD_PATH_PATTERN = r"^[a-z_]+(\.[a-z_]+)*$"
YEAR_MONTH_PATTERN = r"^\d{4}(-\d{2})?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _keep_whole_numbers(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A number written as 27 stays 27, so the JSON export writes it as the case file has it (not 27.0).

    Strict float fields accept an int but store a float; the checks and bounds stay the float's,
    only the stored type is kept."""
    checked = handler(value)
    return value if type(value) is int else checked


Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=False)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
BibKey = Annotated[str, StringConstraints(pattern=BIB_KEY_PATTERN, max_length=80)]
Months = Annotated[float, Field(ge=0, le=600), WrapValidator(_keep_whole_numbers)]
Centimetres = Annotated[float, Field(gt=0, le=60), WrapValidator(_keep_whole_numbers)]
MitoticCount = Annotated[float, Field(ge=0, le=500), WrapValidator(_keep_whole_numbers)]


class Part(BaseModel):
    """Base of every section: strict types, and unknown keys are errors (typos must not vanish)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Inclusion(Part):
    """Why this patient belongs in the atlas; both criteria must hold for every case."""

    renal_vein_origin: Literal[True] = Field(
        description="The source states that the tumour arose from the renal vein."
    )
    leiomyosarcoma: Literal[True] = Field(description="The source reports the histology as leiomyosarcoma.")
    basis: Text | None = Field(
        None, description="How the source establishes origin and histology, in its own terms."
    )


class Patient(Part):
    """The patient at diagnosis."""

    age_years: int | None = Field(None, ge=1, le=110, description="Age at diagnosis, in years.")
    sex: Sex | None = Field(None, description="Sex as reported.")
    country: ShortText | None = Field(None, description="Country where the patient was treated.")
    comorbidities: list[ShortText] | None = Field(
        None, min_length=1, description="Comorbidities as reported."
    )
    admitted: Annotated[str, StringConstraints(pattern=YEAR_MONTH_PATTERN)] | None = Field(
        None, description="Year (YYYY) or month (YYYY-MM) of admission, quoted."
    )
    no_relevant_history: bool | None = Field(
        None, description="true when the source states that the patient had no relevant medical history."
    )


class Presentation(Part):
    """How the tumour came to attention."""

    symptoms: list[Symptom] | None = Field(
        None, min_length=1, description="Presenting symptoms mapped onto the vocabulary."
    )
    symptoms_as_reported: list[Text] | None = Field(
        None, min_length=1, description="The source's own wording of the symptoms."
    )
    duration_months: Months | None = Field(None, description="Duration of symptoms, in months.")
    incidental: bool | None = Field(
        None, description="true when the tumour was found incidentally, without symptoms."
    )
    other_findings: Text | None = Field(None, description="Other presenting findings, as reported.")
    setting: ShortText | None = Field(
        None, description="Where the patient first presented (e.g. emergency department), as reported."
    )


class Tumour(Part):
    """Side, size and extent of the tumour."""

    side: Side | None = Field(None, description="Which renal vein.")
    largest_diameter_cm: Centimetres | None = Field(None, description="Largest diameter, in centimetres.")
    dimensions_cm: list[Centimetres] | None = Field(
        None, min_length=1, max_length=3, description="All dimensions as reported, in centimetres."
    )
    measured_on: MeasuredOn | None = Field(
        None, description="Where the size was measured: imaging, at operation, or on the specimen."
    )
    extension: list[Extension] | None = Field(
        None, min_length=1, description="Structures the tumour involved."
    )
    origin_as_reported: Text | None = Field(None, description="The source's description of origin.")
    shape: ShortText | None = Field(None, description="Shape as reported.")
    notes: Text | None = Field(None, description="Other tumour details as reported.")


class ImagingStudy(Part):
    """One imaging study before surgery."""

    modality: Modality = Field(description="Imaging modality.")
    findings: Text | None = Field(None, description="Findings as reported.")
    size_cm: Centimetres | None = Field(None, description="Largest size on this study, cm.")
    dimensions_cm: list[Centimetres] | None = Field(
        None, min_length=1, max_length=3, description="All dimensions measured on this study, cm."
    )


class PreoperativeImpression(Part):
    """What the team thought the mass was before surgery."""

    considered: list[Impression] | None = Field(
        None, min_length=1, description="Diagnoses considered before surgery."
    )
    as_reported: Text | None = Field(None, description="The impression in the source's words.")


class Biopsy(Part):
    """Preoperative biopsy."""

    performed: bool = Field(description="Whether a preoperative biopsy was performed.")
    type: BiopsyType | None = Field(None, description="Kind of biopsy.")
    result: Text | None = Field(None, description="Biopsy result as reported.")
    site: ShortText | None = Field(
        None, description="What was biopsied, when it was not the primary tumour (e.g. a metastasis)."
    )


class MetastasisAtDiagnosis(Part):
    """Distant metastasis already present when the tumour was diagnosed, before any operation."""

    present: bool = Field(description="Whether distant metastasis was present at diagnosis.")
    sites: list[ShortText] | None = Field(None, min_length=1, description="Sites of those metastases.")
    confirmed_by: Text | None = Field(None, description="How the metastasis was established, as reported.")


class Diagnosis(Part):
    """Imaging, laboratory work-up, preoperative impression and biopsy."""

    imaging: list[ImagingStudy] | None = Field(None, min_length=1, description="Imaging studies.")
    laboratory_workup: list[ShortText] | None = Field(
        None, min_length=1, description="Laboratory tests performed before surgery."
    )
    preoperative_impression: PreoperativeImpression | None = None
    biopsy: Biopsy | None = None
    metastasis_at_diagnosis: MetastasisAtDiagnosis | None = None


class Pathology(Part):
    """Findings on the resected specimen."""

    histology: Text | None = Field(None, description="Histology as reported.")
    grade: ShortText | None = Field(None, description="Grade or differentiation as reported.")
    mitoses_per_10_hpf: MitoticCount | None = Field(
        None, description="Mitotic count per 10 high-power fields."
    )
    mitoses_as_reported: Text | None = Field(None, description="The mitotic count in the source's words.")
    margins: Margins | None = Field(None, description="Resection margins.")
    ihc: dict[Annotated[str, StringConstraints(min_length=1, max_length=40)], IhcResult] | None = Field(
        None, min_length=1, description="Immunohistochemistry: marker name → result."
    )
    vascular_invasion: bool | None = Field(None, description="Whether vascular invasion was seen.")
    perirenal_infiltration: bool | None = Field(
        None, description="Whether the tumour infiltrated the perirenal tissue."
    )
    other_findings: Text | None = Field(
        None,
        description="Other findings on the specimen as reported (e.g. necrosis, Ki-67, margin distance).",
    )


class AdditionalTherapy(Part):
    """Chemotherapy or radiotherapy given before (neoadjuvant) or after (adjuvant) surgery."""

    given: bool = Field(description="Whether the therapy was given.")
    types: list[Therapy] | None = Field(None, min_length=1, description="Kinds of therapy.")
    drugs: list[ShortText] | None = Field(None, min_length=1, description="Drugs given, as named.")
    as_reported: Text | None = Field(None, description="The therapy in the source's words.")


class Treatment(Part):
    """The operation and any additional therapy."""

    surgery: Surgery | None = Field(None, description="Operation performed.")
    surgery_as_reported: Text | None = Field(None, description="The operation in the source's words.")
    approach: Approach | None = Field(None, description="Surgical approach.")
    approach_as_reported: Text | None = Field(None, description="The approach in the source's words.")
    kidney_preserved: bool | None = Field(None, description="Whether the kidney was preserved.")
    vascular_reconstruction: bool | None = Field(
        None, description="Whether the renal vein was reconstructed."
    )
    vascular_reconstruction_as_reported: Text | None = Field(
        None, description="The reconstruction in the source's words."
    )
    vascular_control: Text | None = Field(None, description="Vascular control as reported.")
    operative_time_min: int | None = Field(None, gt=0, le=1440, description="Minutes.")
    blood_loss_ml: int | None = Field(None, ge=0, le=30000, description="Millilitres.")
    postoperative_course: Text | None = Field(None, description="Postoperative course as reported.")
    preoperative_procedures: list[ShortText] | None = Field(
        None, min_length=1, description="Procedures before the operation (e.g. a nephrostomy), as reported."
    )
    planning: Text | None = Field(
        None,
        description="How the operation was planned (e.g. a tumour board, 3D reconstruction), as reported.",
    )
    intraoperative_complications: bool | None = Field(
        None, description="Whether there were intraoperative complications (false: the source says none)."
    )
    intraoperative_complications_as_reported: Text | None = Field(
        None, description="The intraoperative complications in the source's words."
    )
    neoadjuvant: AdditionalTherapy | None = None
    adjuvant: AdditionalTherapy | None = None


class Outcome(Part):
    """Follow-up after surgery."""

    follow_up_months: Months | None = Field(None, description="Follow-up after surgery, in months.")
    follow_up_counted_from: CountedFrom | None = Field(
        None, description="What the follow-up is counted from, when the source counts it from diagnosis."
    )
    status: Status | None = Field(
        None,
        description=f"At last follow-up: {STATUS.definitions()}.",
    )
    local_recurrence: bool | None = Field(None, description="Local recurrence during follow-up.")
    local_recurrence_months: Months | None = Field(None, description="Months to local recurrence.")
    metastasis: bool | None = Field(None, description="Distant metastasis during follow-up.")
    metastasis_months: Months | None = Field(None, description="Months to distant metastasis.")
    metastasis_sites: list[ShortText] | None = Field(
        None, min_length=1, description="Sites of distant metastasis."
    )
    progression_months: Months | None = Field(
        None,
        description="Months to local recurrence or metastasis when the source does not say which.",
    )
    follow_up_schedule: Text | None = Field(None, description="Surveillance schedule as reported.")


def _items_by_instrument(schema: dict[str, Any]) -> None:
    """Editors check the item ids too: each instrument's answers take exactly its items, and its item
    notes only its items (E214/E215); an appraisal gives answers or says why there are none (E216)."""
    schema["allOf"] = [
        {
            "if": {"properties": {"instrument": {"const": name}}},
            "then": {
                "properties": {
                    "answers": {"propertyNames": {"enum": list(ids)}, "required": list(ids)},
                    "item_notes": {"propertyNames": {"enum": list(ids)}},
                }
            },
        }
        for name, ids in ((name, instrument.item_ids) for name, instrument in INSTRUMENTS.items())
    ]
    schema["oneOf"] = [
        {"required": ["answers"], "not": {"required": ["not_appraised"]}},
        {
            "required": ["not_appraised"],
            "not": {"anyOf": [{"required": ["answers"]}, {"required": ["item_notes"]}]},
        },
    ]


ItemId = Annotated[str, StringConstraints(min_length=1, max_length=10)]


# A curator who finds that an article cannot be appraised (only its abstract, or one row of a
# review's table, is known) says why in `not_appraised` instead of answering: readers see the reason.
class Appraisal(Part):
    """A curator's appraisal of the article, item by item, or why it could not be appraised (optional)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, json_schema_extra=_items_by_instrument
    )

    instrument: AppraisalInstrument = Field(
        description="The instrument used: the JBI checklist for case reports or the Murad et al. 2018 tool."
    )
    answers: dict[ItemId, AppraisalAnswer] | None = Field(
        None,
        min_length=1,
        description="Item number → answer, for every item of the instrument (Q1 to Q8 for both). "
        "Quote 'yes' and 'no': unquoted, YAML reads them as true/false.",
    )
    item_notes: dict[ItemId, Text] | None = Field(
        None,
        min_length=1,
        description="Item number → the appraiser's short note on that answer, in their own words "
        "(what the article gives and what it leaves out), for any items.",
    )
    not_appraised: Text | None = Field(
        None,
        description="Why the article could not be appraised, for readers (e.g. only its abstract is "
        "known); given instead of answers.",
    )
    appraised_by: ShortText = Field(
        description="Who appraised the article, or judged that it could not be (name or handle)."
    )
    appraised_on: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] = Field(
        description="Date of the appraisal (YYYY-MM-DD), quoted."
    )
    note: Text | None = Field(None, description="The appraiser's note.")


class Case(Part):
    """One patient with leiomyosarcoma of the renal vein, as one published source reports it."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="RVLMS Evidence Atlas case",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    id: Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN, max_length=60)] = Field(
        description="Case identifier; must equal the file name without .yaml."
    )
    source: BibKey = Field(description="Key in references.bib of the article describing the patient.")
    source_type: SourceType = Field(
        description="The kind of document the values were read from: a case report, a case series, a "
        "congress or video abstract, a letter, or one row of a review's table."
    )
    inclusion: Inclusion
    extracted_from: BibKey | None = Field(
        None, description="Key of the document the values were read from, when it is secondary."
    )
    locator: ShortText | None = Field(None, description="Where in that document (e.g. 'Table 1').")
    also_reported_in: list[BibKey] | None = Field(
        None, min_length=1, description="Other references describing the same patient."
    )
    confidence: Confidence | None = Field(None, description="How sure the extraction is.")
    inferred: list[Annotated[str, StringConstraints(pattern=FIELD_PATH_PATTERN)]] | None = Field(
        None, min_length=1, description="Fields deduced rather than stated, as dotted paths."
    )
    notes: Text | None = Field(None, description="Curation notes.")
    patient: Patient | None = None
    presentation: Presentation | None = None
    tumour: Tumour | None = None
    diagnosis: Diagnosis | None = None
    pathology: Pathology | None = None
    treatment: Treatment | None = None
    outcome: Outcome | None = None
    appraisal: Appraisal | None = None
