"""The second accuracy audit of the review (review-corrections-2, rows R2-1 to R2-34) stays answered.

Each sentence it found stronger than its source is kept from coming back, word for word; each chapter
that a second-round case bears on cites it (R2-20 to R2-25); and the home page, the site description
and the survival caveat say no more than their sources.
"""

from __future__ import annotations

import re

import pytest
import yaml

from atlas.evidence.survival_charts import SURVIVAL_CAVEAT
from atlas.sources.citations import citations_in_text
from tests.conftest import ROOT

REVIEW = ROOT / "docs" / "review"

# Wording the audit found overstated, unsupported or wrong, by row: none may come back.
RETIRED = {
    "R2-1": ("index", "local excision with repair of the vein has kept the kidney"),
    "R2-2": ("key-points", "found reference centres critical to outcome"),
    "R2-4": ("key-points", "but no renal vein source compares patients"),
    "R2-5": ("key-points", "chemotherapy before surgery has not reported"),
    "R2-6": ("key-points", "only crude counts exist"),
    "R2-7": ("key-points", "the nearest population"),
    "R2-10": ("imaging", "the wall of the vein cannot be seen"),
    "R2-11": ("imaging", "Imaging cannot exclude it; biochemistry is needed"),
    "R2-12": ("differential-diagnosis", "as seen by the surgeon and confirmed by the pathologist"),
    "R2-13": ("pathology", "range from a moderately differentiated tumour"),
    "R2-14": ("prognosis", "none counts renal vein patients"),
    "R2-15": ("prognosis", "leiomyosarcomas, distant metastasis was the main problem"),
    "R2-16": ("prognosis", "were mostly leiomyosarcomas"),
    "R2-17": ("limitations", "Their patients are not renal vein patients."),
    "R2-26": ("treatment", "No source on renal vein leiomyosarcoma tests radiotherapy"),
    "R2-34": ("treatment", "The European (ESMO) guideline"),
}
# Cases of the second extraction round and the chapters they bear on (R2-13, R2-20 to R2-25).
SECOND_ROUND = {
    "cirugia-v093": ("imaging", "differential-diagnosis", "core-needle-biopsy", "treatment"),
    "turkjpath618": ("pathology", "treatment", "prognosis"),
    "aua-v9-12": ("epidemiology", "limitations", "treatment", "pathology"),
}


def chapter(name: str) -> str:
    return (REVIEW / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("row", sorted(RETIRED))
def test_the_audits_wording_does_not_come_back(row: str) -> None:
    name, wording = RETIRED[row]
    assert wording not in chapter(name), f"{row}: {name}.md says again {wording!r}"


@pytest.mark.parametrize("key", sorted(SECOND_ROUND))
def test_the_second_round_cases_are_cited_where_they_bear(key: str) -> None:
    missing = [
        name
        for name in SECOND_ROUND[key]
        if key not in {use.key for use in citations_in_text(chapter(name), f"{name}.md")}
    ]
    assert missing == [], f"{key} is not cited in {missing}"


def test_a_review_table_patient_is_not_counted_as_a_case_report() -> None:
    """R2-3, R2-8: key points count Baheen's table rows as further patients of that review."""
    points = chapter("key-points")
    assert "renal vein, 9 case reports" not in points and "renal vein, 2 case reports with" not in points
    assert "whose table gives 6 further patients (known through that review" in points
    assert "and 1 further patient from its table [@baheen2022; @stringer1977]" in points


def test_context_sentences_name_their_population() -> None:
    """R2-5, R2-32: the STRASS 2 sentence and the imaging sentence of the key points name theirs."""
    points = chapter("key-points")
    assert "high-risk retroperitoneal leiomyosarcoma and dedifferentiated liposarcoma" in points
    assert "In related imaging literature on renal cell carcinoma thrombus" in points


def test_the_seeding_figure_states_its_denominator() -> None:
    """R2-29: "about 0.5%" of 358 biopsies reads as a rate; the count is given with its denominator."""
    for name in ("key-points", "core-needle-biopsy"):
        assert "about 0.5%) was found" not in chapter(name) and "seeding was about 0.5%" not in chapter(name)
    assert "1 of the 358 biopsies (0.3%)" in chapter("core-needle-biopsy")


def test_the_home_page_and_the_site_description_claim_no_more_than_they_hold() -> None:
    """R2-31: not "every published case"; R2-33: the tags give kind and number, not a graded strength."""
    home = (ROOT / "atlas" / "pages" / "templates" / "home.md.j2").read_text(encoding="utf-8")
    assert "kind and strength" not in home
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])
    description = " ".join(settings["site_description"].split())
    assert "of published cases" in description and not re.search(r"atlas of every published", description)


def test_the_survival_caveat_does_not_state_the_direction_of_bias_as_fact() -> None:
    """R2-19: no sheet says which courses reach print; the caveat says "may be"."""
    assert "good results may be more likely to reach print" in SURVIVAL_CAVEAT
    assert "are more likely" not in SURVIVAL_CAVEAT
