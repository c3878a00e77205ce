"""Every atlas statistic on small hand-made corpora, with answers counted by hand."""

from __future__ import annotations

import pytest

from atlas.cases.model import Case
from atlas.evidence import stats

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(case_id: str, source: str = "k", **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": source, "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


EMPTY: list[Case] = []
BARE = [make("a"), make("b"), make("c")]  # cases that report nothing beyond inclusion

TALLIES = [
    stats.sex,
    stats.side,
    stats.surgery,
    stats.country,
    stats.symptoms,
    stats.incidental,
    stats.preoperative_impression,
    stats.biopsy,
    stats.approach,
    stats.kidney_preserved,
    stats.vascular_reconstruction,
    stats.margins,
    stats.adjuvant,
    stats.outcome_status,
    stats.local_recurrence,
    stats.metastasis,
]
# Counted within a subgroup (patients given adjuvant therapy; patients with metastasis).
SUBGROUP_TALLIES = [stats.adjuvant_types, stats.metastasis_sites]
SUMMARIES = [stats.age, stats.tumour_size, stats.follow_up, lambda cases: stats.publication_year(cases, {})]


@pytest.mark.parametrize("statistic", TALLIES + SUBGROUP_TALLIES)
def test_every_tally_of_the_empty_corpus_is_zero(statistic) -> None:
    result = statistic(EMPTY)
    assert (result.reported, result.not_reported) == (0, 0)
    assert set(result.counts.values()) <= {0}


@pytest.mark.parametrize("statistic", TALLIES)
def test_every_tally_counts_unreported_cases_as_not_reported(statistic) -> None:
    result = statistic(BARE)
    assert (result.reported, result.not_reported) == (0, 3)
    assert sum(result.counts.values()) == 0
    assert all(result.share(name) is None for name in result.counts)


@pytest.mark.parametrize("statistic", SUBGROUP_TALLIES)
def test_subgroup_tallies_leave_cases_outside_the_subgroup_out(statistic) -> None:
    result = statistic(BARE)
    assert (result.reported, result.not_reported) == (0, 0)
    assert sum(result.counts.values()) == 0


@pytest.mark.parametrize("statistic", SUMMARIES)
def test_every_numeric_summary_of_the_empty_and_bare_corpus(statistic) -> None:
    empty, bare = statistic(EMPTY), statistic(BARE)
    assert (empty.reported, empty.not_reported) == (0, 0)
    assert (bare.reported, bare.not_reported, bare.total) == (0, 3, 3)
    assert bare.median is None and bare.minimum is None and bare.maximum is None
    assert sum(bare.bins.values()) == 0


def test_symptoms_count_a_patient_once_per_symptom() -> None:
    cases = [
        make("a", presentation={"symptoms": ["abdominal pain", "weight loss"]}),
        make("b", presentation={"symptoms": ["abdominal pain"]}),
        make("c", presentation={"symptoms": ["palpable mass", "abdominal pain", "abdominal pain"]}),
        make("d", presentation={"incidental": True}),
        make("e"),
    ]
    result = stats.symptoms(cases)
    assert result.counts["abdominal pain"] == 3  # c lists it twice but is one patient
    assert result.counts["weight loss"] == 1 and result.counts["palpable mass"] == 1
    assert result.counts["haematuria"] == 0
    assert (result.reported, result.not_reported) == (3, 2)
    assert result.share("abdominal pain") == 1.0
    assert sum(result.counts.values()) == 5  # more than the 3 reporting patients: multi-valued
    assert list(result.counts)[:3] == ["abdominal pain", "flank/back pain", "abdominal distension"]


def test_incidental_discovery_yes_no() -> None:
    cases = [
        make("a", presentation={"incidental": True}),
        make("b", presentation={"incidental": False}),
        make("c", presentation={"incidental": False}),
        make("d", presentation={"symptoms": ["other"]}),
    ]
    result = stats.incidental(cases)
    assert result.counts == {"yes": 1, "no": 2}
    assert (result.reported, result.not_reported) == (3, 1)


def test_age_by_decade_median_and_range() -> None:
    ages = [34, 41, 47, 61, 66]
    cases = [make(f"c{i}", patient={"age_years": a}) for i, a in enumerate(ages)] + [make("x")]
    result = stats.age(cases)
    assert result.bins == {
        "30–39 years": 1,
        "40–49 years": 2,
        "50–59 years": 0,  # an empty decade between reported ones is kept
        "60–69 years": 2,
    }
    assert (result.reported, result.not_reported) == (5, 1)
    assert (result.median, result.minimum, result.maximum) == (47, 34, 66)


def test_age_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    cases = [make(f"c{i}", patient={"age_years": a}) for i, a in enumerate([40, 50, 60, 75])]
    assert stats.age(cases).median == 55


def test_tumour_size_bins_are_half_open() -> None:
    sizes = [2.9, 3.0, 4.99, 5.0, 12.0, 15.0, 22.5]
    cases = [make(f"c{i}", tumour={"largest_diameter_cm": s}) for i, s in enumerate(sizes)]
    cases.append(make("x", tumour={"side": "left"}))
    result = stats.tumour_size(cases)
    assert result.bins == {
        "<3 cm": 1,
        "3 to <5 cm": 2,
        "5 to <10 cm": 1,
        "10 to <15 cm": 1,
        "≥15 cm": 2,
    }
    assert (result.reported, result.not_reported) == (7, 1)
    assert result.median == 5.0 and (result.minimum, result.maximum) == (2.9, 22.5)


def test_follow_up_distribution() -> None:
    months = [8, 18, 24, 24, 27, 72, 78, 130]
    cases = [make(f"c{i}", outcome={"follow_up_months": m}) for i, m in enumerate(months)]
    result = stats.follow_up(cases + [make("x", outcome={"status": "NED"})])
    assert result.bins == {
        "<12 months": 1,
        "12 to <24 months": 1,
        "24 to <60 months": 3,
        "60 to <120 months": 2,
        "≥120 months": 1,
    }
    assert result.median == 25.5 and (result.reported, result.not_reported) == (8, 1)


def test_publication_year_by_decade_from_the_source() -> None:
    cases = [make("a", "s1976"), make("b", "s1977"), make("c", "s2004"), make("d", "unknown")]
    years = {"s1976": 1976, "s1977": 1977, "s2004": 2004, "unknown": None}
    result = stats.publication_year(cases, years)
    assert result.bins == {"1970s": 2, "1980s": 0, "1990s": 0, "2000s": 1}
    assert (result.reported, result.not_reported) == (3, 1)
    assert (result.minimum, result.maximum) == (1976, 2004)


def test_country_counts_free_text_as_written() -> None:
    cases = [
        make("a", patient={"country": "China"}),
        make("b", patient={"country": "India"}),
        make("c", patient={"country": "China"}),
        make("d"),
    ]
    result = stats.country(cases)
    assert result.counts == {"China": 2, "India": 1}
    assert (result.reported, result.not_reported) == (3, 1)


def test_preoperative_impression_and_biopsy() -> None:
    cases = [
        make(
            "a",
            diagnosis={
                "preoperative_impression": {"considered": ["paraganglioma", "renal cell carcinoma"]},
                "biopsy": {"performed": False},
            },
        ),
        make(
            "b",
            diagnosis={
                "preoperative_impression": {"as_reported": "a mass"},
                "biopsy": {"performed": True, "type": "core needle"},
            },
        ),
        make("c", diagnosis={"preoperative_impression": {"considered": ["paraganglioma"]}}),
    ]
    impression = stats.preoperative_impression(cases)
    assert impression.counts["paraganglioma"] == 2 and impression.counts["renal cell carcinoma"] == 1
    assert (impression.reported, impression.not_reported) == (2, 1)  # b gives only free text
    biopsy = stats.biopsy(cases)
    assert biopsy.counts == {
        "yes, of the renal vein tumour": 1,
        "yes, of another site only": 0,
        "no": 1,
    }
    assert (biopsy.reported, biopsy.not_reported) == (2, 1)


def test_a_biopsy_of_a_metastasis_is_not_a_biopsy_of_the_tumour() -> None:
    """Recount L-4: cirugia-espanola-v093's biopsy sampled an iliac bone metastasis, not the tumour."""
    cases = [
        make("tumour", diagnosis={"biopsy": {"performed": True, "type": "fine-needle aspiration"}}),
        make("bone", diagnosis={"biopsy": {"performed": True, "site": "iliac bone metastasis"}}),
        make("none", diagnosis={"biopsy": {"performed": False}}),
        make("unknown"),
    ]
    biopsy = stats.biopsy(cases)
    assert biopsy.counts == {"yes, of the renal vein tumour": 1, "yes, of another site only": 1, "no": 1}
    assert (biopsy.reported, biopsy.not_reported) == (3, 1)
    assert stats.biopsy_sites_elsewhere(cases) == ["iliac bone metastasis"]


def test_metastasis_at_diagnosis_and_therapy_before_surgery_are_counted() -> None:
    """Recount L-5: both were recorded for cirugia-espanola-v093 and shown nowhere."""
    cases = [
        make(
            "spread",
            diagnosis={"metastasis_at_diagnosis": {"present": True, "sites": ["bone (iliac)"]}},
            treatment={"neoadjuvant": {"given": True, "types": ["chemotherapy"]}},
        ),
        make("local", diagnosis={"metastasis_at_diagnosis": {"present": False}}),
        make("unknown"),
    ]
    at_diagnosis = stats.metastasis_at_diagnosis(cases)
    assert at_diagnosis.counts == {"yes": 1, "no": 1} and at_diagnosis.not_reported == 1
    sites = stats.metastasis_at_diagnosis_sites(cases)
    assert sites.counts == {"bone (iliac)": 1} and (sites.reported, sites.not_reported) == (1, 0)
    before = stats.neoadjuvant(cases)
    assert before.counts == {"yes": 1, "no": 0} and (before.reported, before.not_reported) == (1, 2)
    assert stats.neoadjuvant_types(cases).counts["chemotherapy"] == 1


def test_inferred_values_are_counted_apart_in_every_kind_of_statistic() -> None:
    """Recount L-6: "radical nephrectomy 5 (2 inferred)", never an unmarked 5."""
    cases = [
        make("read", treatment={"surgery": "radical nephrectomy"}, outcome={"follow_up_months": 30}),
        make(
            "deduced",
            inferred=["treatment.surgery", "outcome"],
            treatment={"surgery": "radical nephrectomy"},
            outcome={"follow_up_months": 24},
        ),
        make("other", treatment={"surgery": "local excision"}),
    ]
    surgery = stats.surgery(cases)
    assert surgery.counts["radical nephrectomy"] == 2 and surgery.inferred == {"radical nephrectomy": 1}
    assert surgery.inferred_cases == 1
    follow_up = stats.follow_up(cases)  # a whole section listed in `inferred` marks its fields
    assert follow_up.values == (24.0, 30.0) and follow_up.inferred == (True, False)
    assert follow_up.inferred_bins["24 to <60 months"] == 1 and follow_up.inferred_cases == 1
    assert stats.sex(cases).inferred == {} and stats.sex(cases).inferred_cases == 0


def test_treatment_variables() -> None:
    cases = [
        make(
            "a",
            treatment={
                "surgery": "local excision",
                "approach": "converted to open",
                "kidney_preserved": True,
                "vascular_reconstruction": True,
            },
        ),
        make(
            "b", treatment={"surgery": "radical nephrectomy", "approach": "open", "kidney_preserved": False}
        ),
        make("c", treatment={"surgery": "radical nephrectomy"}),
        make("d"),
    ]
    surgery = stats.surgery(cases)
    assert surgery.counts["radical nephrectomy"] == 2 and surgery.counts["local excision"] == 1
    assert (surgery.reported, surgery.not_reported) == (3, 1)
    approach = stats.approach(cases)
    assert approach.counts == {"open": 1, "laparoscopic": 0, "robotic": 0, "converted to open": 1}
    assert (approach.reported, approach.not_reported) == (2, 2)
    kidney = stats.kidney_preserved(cases)
    assert kidney.counts == {"yes": 1, "no": 1} and kidney.not_reported == 2
    reconstruction = stats.vascular_reconstruction(cases)
    assert reconstruction.counts == {"yes": 1, "no": 0} and reconstruction.not_reported == 3


def test_margins() -> None:
    cases = [
        make("a", pathology={"margins": "negative"}),
        make("b", pathology={"margins": "positive"}),
        make("c", pathology={"margins": "negative"}),
        make("d", pathology={"histology": "spindle cells"}),
    ]
    result = stats.margins(cases)
    assert result.counts == {"negative": 2, "positive": 1} and result.not_reported == 1


def test_adjuvant_therapy_and_its_types() -> None:
    cases = [
        make("a", treatment={"adjuvant": {"given": True, "types": ["chemotherapy", "radiotherapy"]}}),
        make("b", treatment={"adjuvant": {"given": True, "types": ["radiotherapy"]}}),
        make("c", treatment={"adjuvant": {"given": True}}),
        make("d", treatment={"adjuvant": {"given": False}}),
        make("e", treatment={"surgery": "local excision"}),
    ]
    given = stats.adjuvant(cases)
    assert given.counts == {"yes": 3, "no": 1} and given.not_reported == 1
    types = stats.adjuvant_types(cases)
    assert types.counts["radiotherapy"] == 2 and types.counts["chemotherapy"] == 1
    assert (types.reported, types.not_reported) == (2, 1)  # c did not say which; d and e are out of scope


def test_outcome_recurrence_and_metastasis() -> None:
    cases = [
        make("a", outcome={"status": "NED", "local_recurrence": False, "metastasis": False}),
        make(
            "b",
            outcome={"status": "DOD", "metastasis": True, "metastasis_sites": ["lung", "liver", "lung"]},
        ),
        make("c", outcome={"status": "AWD", "local_recurrence": True, "metastasis_sites": ["lung"]}),
        make("d", outcome={"status": "DOD", "progression_months": 36}),
        make("e"),
        make("f", outcome={"metastasis": True}),
    ]
    status = stats.outcome_status(cases)
    assert status.counts == {"NED": 1, "AWD": 1, "DOD": 2, "DOC": 0}
    assert (status.reported, status.not_reported) == (4, 2)
    recurrence = stats.local_recurrence(cases)
    assert recurrence.counts == {"yes": 1, "no": 1} and recurrence.not_reported == 4
    metastasis = stats.metastasis(cases)
    assert metastasis.counts == {"yes": 2, "no": 1} and metastasis.not_reported == 3
    sites = stats.metastasis_sites(cases)  # among b, c (sites named) and f (metastasis without sites)
    assert sites.counts == {"liver": 1, "lung": 2} and (sites.reported, sites.not_reported) == (2, 1)


def test_completeness_matrix_marks_each_field_of_each_case() -> None:
    cases = [
        make("a", patient={"sex": "female", "age_years": 50}, outcome={"status": "NED"}),
        make("b", patient={"sex": "male"}, diagnosis={"biopsy": {"performed": False}}),
        make("c"),
    ]
    matrix = stats.completeness(cases)
    assert matrix.case_ids == ("a", "b", "c")
    paths = [f.path for f in matrix.fields]
    row = {path: matrix.reported[i] for i, path in enumerate(paths)}
    assert row["patient.sex"] == (True, True, False)
    assert row["patient.age_years"] == (True, False, False)
    assert row["outcome.status"] == (True, False, False)
    assert row["diagnosis.biopsy"] == (False, True, False)
    assert row["pathology.margins"] == (False, False, False)
    index = paths.index("patient.sex")
    assert (matrix.reported_count(index), matrix.not_reported_count(index)) == (2, 1)
    assert sum(map(sum, matrix.reported)) == 5


def test_completeness_fields_come_from_the_format() -> None:
    paths = [f.path for f in stats.format_fields()]
    for section in ("patient", "presentation", "tumour", "diagnosis", "pathology", "treatment", "outcome"):
        model = Case.model_fields[section].annotation.__args__[0]
        for name in model.model_fields:
            assert f"{section}.{name}" in paths
    assert len(paths) == len(set(paths))
    labels = [(f.section, f.label) for f in stats.format_fields()]
    assert len(labels) == len(set(labels))  # e.g. "Metastasis" and "Metastasis (months)" stay apart
    empty = stats.completeness([])
    assert empty.case_ids == () and len(empty.fields) == len(paths)
    assert all(row == () for row in empty.reported)
