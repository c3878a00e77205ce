"""A case in one line, for the top of its page: who, what, which operation, and how it ended.

Built only from the case's own fields, so it can say nothing the case does not: a value the
source does not report is left out of the sentence and named in a short "not reported" list
instead of being guessed ("a woman" is never written for a case without sex). The tumour is
always a leiomyosarcoma of the renal vein (the inclusion criteria every case must meet).
Values the curators inferred keep their "(inferred)" mark. The words of each value are the
wording table's (atlas/cases/wording.py), as in every other place that names it. Disease already
metastatic at diagnosis and therapy before surgery are said (recount L-5), and a follow-up that the
source counts from diagnosis says so (recount L-11: "at 24 months" read as after surgery).
"""

from __future__ import annotations

from dataclasses import dataclass

from atlas.cases.model import Case
from atlas.cases.wording import SEX, SIDE, STATUS, SURGERY, THERAPY

INFERRED = " (inferred)"


@dataclass(frozen=True)
class PatientLine:
    """The sentence, and the key facts it had to leave out because the source does not report them."""

    text: str
    not_reported: tuple[str, ...]

    @property
    def full(self) -> str:
        if not self.not_reported:
            return self.text
        return f"{self.text} Not reported: {', '.join(self.not_reported)}."


def _mark(case: Case, path: str) -> str:
    """ " (inferred)" when the curators deduced the field (or its whole section) rather than read it."""
    inferred = set(case.inferred or [])
    section = path.split(".")[0]
    return INFERRED if path in inferred or section in inferred else ""


def _number(value: float) -> str:
    return f"{value:g}"


def _who(case: Case, missing: list[str]) -> str | None:
    patient = case.patient
    age = patient.age_years if patient else None
    sex = patient.sex if patient else None
    if age is None:
        missing.append("age")
    if sex is None:
        missing.append("sex")
    age_text = f"{_number(age)}-year-old" + _mark(case, "patient.age_years") if age is not None else None
    sex_text = SEX.sentence[sex] + _mark(case, "patient.sex") if sex is not None else None
    if age_text and sex_text:
        return f"{age_text} {sex_text}"
    if age_text:
        return f"{age_text} patient"
    return sex_text


def _tumour(case: Case, missing: list[str]) -> str:
    tumour = case.tumour
    side = tumour.side if tumour else None
    size = tumour.largest_diameter_cm if tumour else None
    if side is None:
        missing.append("side")
    if size is None:
        missing.append("tumour size")
    where = SIDE.sentence[side] + _mark(case, "tumour.side") if side is not None else "the renal vein"
    sized = f"{_number(size)} cm{_mark(case, 'tumour.largest_diameter_cm')} " if size is not None else ""
    return f"{sized}leiomyosarcoma of {where}"


def _spread(case: Case) -> str | None:
    """ "metastatic at diagnosis" when the case records distant metastasis before any operation."""
    found = case.diagnosis.metastasis_at_diagnosis if case.diagnosis else None
    if found is None or not found.present:
        return None
    return "metastatic at diagnosis" + _mark(case, "diagnosis.metastasis_at_diagnosis")


def _before_surgery(case: Case) -> str | None:
    """ "chemotherapy before surgery" (its kinds, or "therapy" when they are not named)."""
    therapy = case.treatment.neoadjuvant if case.treatment else None
    if therapy is None or not therapy.given:
        return None
    kinds = " and ".join(THERAPY.label[kind] for kind in therapy.types or ()) or "therapy"
    return f"{kinds} before surgery" + _mark(case, "treatment.neoadjuvant")


def _operation(case: Case, missing: list[str]) -> str | None:
    surgery = case.treatment.surgery if case.treatment else None
    if surgery is None:
        missing.append("operation")
        return None
    return SURGERY.sentence[surgery] + _mark(case, "treatment.surgery")


def _outcome(case: Case, missing: list[str]) -> str | None:
    outcome = case.outcome
    status = outcome.status if outcome else None
    months = outcome.follow_up_months if outcome else None
    if status is None and months is None:
        missing.append("outcome")
        return None
    since = " from diagnosis" if outcome and outcome.follow_up_counted_from == "diagnosis" else ""
    if status is None:
        missing.append("status at last follow-up")
        return f"followed for {_number(months)} months{since}" + _mark(case, "outcome.follow_up_months")
    text = STATUS.sentence[status] + _mark(case, "outcome.status")
    if months is None:
        missing.append("follow-up time")
        return text
    return f"{text} at {_number(months)} months{since}" + _mark(case, "outcome.follow_up_months")


def patient_line(case: Case) -> PatientLine:
    """E.g. "63-year-old woman, 8 cm leiomyosarcoma of the left renal vein, radical nephrectomy,
    alive with no evidence of disease at 24 months." """
    missing: list[str] = []
    parts = [
        _who(case, missing),
        _tumour(case, missing),
        _spread(case),
        _before_surgery(case),
        _operation(case, missing),
        _outcome(case, missing),
    ]
    sentence = ", ".join(part for part in parts if part)
    return PatientLine(sentence[:1].upper() + sentence[1:] + ".", tuple(missing))
