"""The one-line summary at the top of a case page, and the gathering of empty sections, on hand-made cases.

Each expected sentence is written out in full: a value the case does not hold must not appear
(no "woman" for a case without sex, no "at N months" without a follow-up time), and what is
missing is named instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlas.cases.model import Case
from atlas.evidence.summary import case_sections
from atlas.pages.case_page import section_views
from atlas.pages.patient_line import patient_line
from tests.pages.test_case_page import MINIMAL_CASE, rendered

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(**parts: dict) -> Case:
    return Case.model_validate(
        {"id": "hand-made", "source": "k", "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


ALL = make(
    patient={"age_years": 63, "sex": "female"},
    tumour={"side": "left", "largest_diameter_cm": 8.5},
    treatment={"surgery": "radical nephrectomy"},
    outcome={"status": "NED", "follow_up_months": 24},
)


@pytest.mark.parametrize(
    ("case", "text", "missing"),
    [
        (
            ALL,
            "63-year-old woman, 8.5 cm leiomyosarcoma of the left renal vein, radical nephrectomy, "
            "alive with no evidence of disease at 24 months.",
            (),
        ),
        (
            make(),
            "Leiomyosarcoma of the renal vein.",
            ("age", "sex", "side", "tumour size", "operation", "outcome"),
        ),
        (
            make(patient={"sex": "male"}, treatment={"surgery": "none"}, outcome={"status": "DOD"}),
            "Man, leiomyosarcoma of the renal vein, no operation, died with the disease.",
            ("age", "side", "tumour size", "follow-up time"),
        ),
        (
            make(patient={"age_years": 40}, tumour={"side": "bilateral"}, outcome={"follow_up_months": 6.5}),
            "40-year-old patient, leiomyosarcoma of both renal veins, followed for 6.5 months.",
            ("sex", "tumour size", "operation", "status at last follow-up"),
        ),
        (
            make(patient={"sex": "female"}, tumour={"largest_diameter_cm": 4}, inferred=["patient.sex"]),
            "Woman (inferred), 4 cm leiomyosarcoma of the renal vein.",
            ("age", "side", "operation", "outcome"),
        ),
    ],
    ids=["all", "none", "some", "other-some", "inferred"],
)
def test_the_line_says_what_the_case_holds_and_names_what_it_lacks(
    case: Case, text: str, missing: tuple
) -> None:
    line = patient_line(case)
    assert line.text == text
    assert line.not_reported == missing
    assert line.full == (text if not missing else f"{text} Not reported: {', '.join(missing)}.")


def test_a_patient_who_died_with_the_disease_is_not_said_to_have_died_of_it() -> None:
    """DOD is a death with the disease, the cause not necessarily stated (dufor-1982, recount M-1)."""
    dod = make(
        patient={"sex": "female"},
        treatment={"surgery": "local excision"},
        outcome={"status": "DOD", "follow_up_months": 18},
    )
    line = patient_line(dod)
    assert (
        line.text
        == "Woman, leiomyosarcoma of the renal vein, local excision, died with the disease at 18 months."
    )
    assert line.not_reported == ("age", "side", "tumour size")


def test_the_line_says_the_disease_had_spread_and_what_came_before_surgery() -> None:
    """Recount L-5: cirugia-espanola-v093's line did not say the disease was metastatic at diagnosis."""
    spread = make(
        patient={"age_years": 55, "sex": "male"},
        tumour={"side": "left", "largest_diameter_cm": 11},
        diagnosis={"metastasis_at_diagnosis": {"present": True, "sites": ["bone (iliac)"]}},
        treatment={"neoadjuvant": {"given": True, "types": ["chemotherapy", "radiotherapy"]}},
    )
    assert patient_line(spread).text == (
        "55-year-old man, 11 cm leiomyosarcoma of the left renal vein, metastatic at diagnosis, "
        "chemotherapy and radiotherapy before surgery."
    )
    unnamed = make(treatment={"neoadjuvant": {"given": True}, "surgery": "local excision"})
    assert patient_line(unnamed).text == (
        "Leiomyosarcoma of the renal vein, therapy before surgery, local excision."
    )
    none = make(
        diagnosis={"metastasis_at_diagnosis": {"present": False}}, treatment={"neoadjuvant": {"given": False}}
    )
    assert patient_line(none).text == "Leiomyosarcoma of the renal vein."


def test_follow_up_counted_from_diagnosis_says_so() -> None:
    """Recount L-11: turkjpath-618's "at 24 months" read as after surgery."""
    counted = make(
        outcome={"status": "NED", "follow_up_months": 24, "follow_up_counted_from": "diagnosis"},
        inferred=["outcome.follow_up_months"],
    )
    assert patient_line(counted).text == (
        "Leiomyosarcoma of the renal vein, alive with no evidence of disease at 24 months from diagnosis "
        "(inferred)."
    )
    followed = make(outcome={"follow_up_months": 6, "follow_up_counted_from": "diagnosis"})
    assert (
        patient_line(followed).text
        == "Leiomyosarcoma of the renal vein, followed for 6 months from diagnosis."
    )


def test_empty_sections_and_sub_sections_are_gathered() -> None:
    shown, empty = section_views(case_sections(ALL))
    assert [view.section.key for view in shown] == ["patient", "tumour", "treatment", "outcome"]
    assert [section.key for section in empty] == ["presentation", "diagnosis", "pathology"]
    treatment = next(view for view in shown if view.section.key == "treatment")
    assert treatment.blocks == [] and [b.title for b in treatment.empty_blocks] == [
        "Neoadjuvant therapy",
        "Adjuvant therapy",
    ]
    shown, empty = section_views(case_sections(make()))
    assert shown == [] and len(empty) == 7


def test_case_page_opens_with_the_line_and_one_line_for_the_empty_sections(project: Path) -> None:
    (project / "cases" / "minimal-2020.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    _, pages = rendered(project)
    page = pages["cases/minimal-2020.md"]
    h1_end = page.index("</h1>")
    line = page.index("data-patient-line")
    assert h1_end < line < page.index('class="atlas-case-source"')
    assert "<strong>Leiomyosarcoma of the renal vein.</strong>" in page
    assert "Not reported: age, sex, side, tumour size, operation, outcome." in page
    names = "Patient, Presentation, Tumour, Imaging and diagnosis, Pathology, Treatment, Outcome"
    assert f'Nothing reported on: <a href="#not-reported">{names}</a>.' in page
    assert page.count("Nothing reported on:") == 1  # at the top only; it links to the folded fields
    assert '<div class="atlas-empty-sections" id="not-reported"' in page
    assert f"<summary>The fields of {names}, all not reported</summary>" in page
    # Every field keeps its row (with its data-path), folded inside one details element.
    folded = page[page.index('<details class="atlas-gathered-fields">') : page.index("</details>")]
    assert 'data-path="pathology.grade"' in folded and 'data-path="patient.age_years"' in folded
    blecher = pages["cases/blecher.md"]
    expected = "66-year-old woman, 4.5 cm leiomyosarcoma of the left renal vein, radical nephrectomy."
    assert f"<strong>{expected}</strong>" in blecher
    assert "Not reported: outcome." in blecher


def test_search_finds_the_line_but_not_what_is_missing(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    top = next(doc["text"] for doc in docs if doc["location"] == "cases/blecher/")
    assert "66-year-old woman, 4.5 cm leiomyosarcoma of the left renal vein" in top
    assert "Not reported" not in top and "Nothing reported on" not in top
