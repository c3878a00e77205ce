"""A case page's descriptive title for reference managers and link previews, built from the case alone.

"Case colon-rodriguez-2004" says nothing to someone who finds the page in Google Scholar or in a
shared link; "Leiomyosarcoma of the left renal vein in a 63-year-old woman treated by radical
nephrectomy — case record from Colón-Rodríguez et al. (2004)" does. Each part is said only when
the case reports it: an absent side is "the renal vein", an absent age or sex leaves the person
out, an operation that is not named leaves the treatment out. Nothing is filled in, and what the
curators inferred is said once, before the source: "… (sex, side and operation inferred)".
"""

from __future__ import annotations

from atlas.cases.model import Case
from atlas.cases.wording import SEX, SIDE, SURGERY
from atlas.evidence.summary import is_inferred
from atlas.inputs import Corpus
from atlas.pages.environment import short_citation

ADULT_AGE = 18


def case_title(case: Case, corpus: Corpus) -> str:
    side = case.tumour.side if case.tumour else None
    parts = [f"Leiomyosarcoma of {SIDE.sentence[side] if side else 'the renal vein'}"]
    person = _person(case)
    if person:
        parts.append(f"in {person}")
    surgery = case.treatment.surgery if case.treatment else None
    if surgery and SURGERY.title[surgery]:
        parts.append(SURGERY.title[surgery])
    inferred = _inferred_parts(case, surgery_named=bool(surgery and SURGERY.title[surgery]))
    if inferred:
        parts.append(f"({inferred} inferred)")
    return f"{' '.join(parts)} — case record from {short_citation(corpus, case.source)}"


def _inferred_parts(case: Case, *, surgery_named: bool) -> str:
    """The parts of the title the curators deduced: "sex, side and operation", or ""."""
    shown = (
        ("age", "patient.age_years", bool(case.patient and case.patient.age_years is not None)),
        ("sex", "patient.sex", bool(case.patient and case.patient.sex)),
        ("side", "tumour.side", bool(case.tumour and case.tumour.side)),
        ("operation", "treatment.surgery", surgery_named),
    )
    names = [name for name, path, said in shown if said and is_inferred(case, path)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def case_description(case: Case, corpus: Corpus) -> str:
    """The page's description for link previews: what it is and what it holds."""
    summary = "Every value with its source, as reported; absent values were not reported."
    return f"{case_title(case, corpus)}. {summary}"


def _person(case: Case) -> str:
    """'a 63-year-old woman', 'a man', 'a 12-year-old patient', or '' when neither age nor sex is reported."""
    age = case.patient.age_years if case.patient else None
    sex = case.patient.sex if case.patient else None
    adult = age is None or age >= ADULT_AGE
    nouns = SEX.sentence if adult else SEX.young
    noun = nouns[sex] if sex else "patient"
    if age is not None:
        article = "an" if age in (8, 11, 18) or 80 <= age <= 89 else "a"  # "an eighty", "an eleven"
        return f"{article} {age}-year-old {noun}"
    return f"a {noun}" if sex else ""
