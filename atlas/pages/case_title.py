"""A case page's descriptive title for reference managers and link previews, built from the case alone.

"Case colon-rodriguez-2004" says nothing to someone who finds the page in Google Scholar or in a
shared link; "Leiomyosarcoma of the left renal vein in a 63-year-old woman treated by radical
nephrectomy — case record from Colón-Rodríguez et al. (2004)" does. Each part is said only when
the case reports it: an absent side is "the renal vein", an absent age or sex leaves the person
out, an operation that is not named leaves the treatment out. Nothing is filled in, and what the
curators inferred is said once, before the source: "… (sex, side and operation inferred)".
The same title heads the case page and its citation; the case id stays beside it, small.
"""

from __future__ import annotations

from atlas.cases.model import Case
from atlas.cases.wording import SEX, SIDE, SURGERY
from atlas.evidence.summary import is_inferred
from atlas.inputs import Corpus
from atlas.pages.environment import short_citation

ADULT_AGE = 18


def source_label(corpus: Corpus, key: str) -> str:
    """The source as readers name it: "Blecher et al.", "Baheen et al. (2022)"; without an author, where it
    appeared ("Turkish Journal of Pathology"), then its title, never its citation key."""
    reference = corpus.bibliography.references.get(key)
    if reference is None or reference.first_author_surname is not None:
        return short_citation(corpus, key)
    venue = reference.get("journal") or reference.get("booktitle")
    name = venue.split(",")[0].split(" (")[0] if venue else (reference.get("title") or "").split(":")[0]
    if not name.strip():
        return "a source without author or title"
    return f"{name} ({reference.year})" if reference.year else name


RECORD_FROM = " — case record from "


def case_title(case: Case, corpus: Corpus) -> str:
    return f"{case_subject(case)}{RECORD_FROM}{source_label(corpus, case.source)}"


def case_subject(case: Case) -> str:
    """The patient and tumour part: "Leiomyosarcoma of the left renal vein in a 63-year-old woman …"."""
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
    return " ".join(parts)


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


def case_description(title: str) -> str:
    """The page's description for link previews: what it is (its title) and what it holds."""
    summary = "Every value with its source, as reported; absent values were not reported."
    return f"{sentence(title)} {summary}"


def sentence(text: str) -> str:
    """The text ended by one full stop: a title ending "et al." gets none more (N-15: "Blecher et al..")."""
    return text if text.endswith((".", "?", "!")) else text + "."


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
