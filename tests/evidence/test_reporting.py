"""Reporting completeness by appraisal item, from the one item → fields mapping, on hand-made cases."""

from __future__ import annotations

from typing import Any

import pytest

from atlas.cases import model
from atlas.cases.instruments import INSTRUMENTS, JBI_CASE_REPORT, READING
from atlas.cases.model import Case
from atlas.evidence.reporting import (
    ABSENT,
    PARTLY,
    REPORTED,
    appraisal_count,
    completeness_by_item,
    record_completeness,
)
from atlas.evidence.summary import model_of
from atlas.inputs import load_corpus
from tests.conftest import ROOT

BASE: dict[str, Any] = {
    "id": "hand-made",
    "source": "k",
    "source_type": "case report",
    "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True},
}
EVERYTHING: dict[str, Any] = {
    "patient": {
        "age_years": 50,
        "sex": "female",
        "country": "Chile",
        "comorbidities": ["gout"],
        "admitted": "2019",
    },
    "presentation": {"symptoms": ["abdominal pain"], "duration_months": 2},
    "tumour": {"side": "left", "largest_diameter_cm": 5.0, "extension": ["inferior vena cava"]},
    "diagnosis": {"imaging": [{"modality": "CT"}], "biopsy": {"performed": False}},
    "pathology": {"histology": "leiomyosarcoma", "ihc": {"SMA": "positive"}},
    "treatment": {
        "surgery": "radical nephrectomy",
        "approach": "open",
        "vascular_reconstruction": False,
        "adjuvant": {"given": False},
        "postoperative_course": "uneventful",
    },
    "outcome": {"status": "NED", "follow_up_months": 12.0, "local_recurrence": False, "metastasis": False},
}
# For each item: one element's field alone (the item's first element).
ONE_ELEMENT = {
    "Q1": {"patient": {"age_years": 50}},
    "Q2": {"patient": {"comorbidities": ["gout"]}},
    "Q3": {"presentation": {"incidental": True}},
    "Q4": {"diagnosis": {"imaging": [{"modality": "CT"}]}},
    "Q5": {"treatment": {"surgery_as_reported": "excision of the vein"}},
    "Q6": {"outcome": {"status": "NED"}},
    "Q7": {"treatment": {"postoperative_course": "uneventful"}},
}


def case(**parts: Any) -> Case:
    return Case.model_validate({**BASE, **parts})


def states(record) -> dict[str, str]:
    return {item.reading.item.id: item.state for item in record.items}


def test_the_items_are_the_jbi_items_a_record_can_answer() -> None:
    assert [r.item.id for r in READING] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"]
    assert [r.item for r in READING] == list(JBI_CASE_REPORT.items[:7])


def test_every_mapped_field_exists_in_the_case_format() -> None:
    """A misspelt path would silently count as never reported."""
    for reading in READING:
        for element in reading.elements:
            for path in element.fields:
                current: Any = Case
                for part in path.split("."):
                    assert part in current.model_fields, path
                    current = model_of(current.model_fields[part].annotation)


def test_a_fully_reported_case_has_every_item_reported() -> None:
    record = record_completeness(case(**EVERYTHING))
    assert set(states(record).values()) == {REPORTED}
    assert record.summary == "7 of 7"
    assert all(not item.missing for item in record.items)


def test_an_empty_case_has_nothing_in_the_record() -> None:
    record = record_completeness(case())
    assert set(states(record).values()) == {ABSENT}
    assert record.summary == "0 of 7"
    assert record.detail == "0 of 7 items reported, 0 partly, 7 not in the record"


@pytest.mark.parametrize("item_id", sorted(ONE_ELEMENT))
def test_one_element_of_an_item_makes_it_partly_reported_and_leaves_the_others(item_id: str) -> None:
    record = record_completeness(case(**ONE_ELEMENT[item_id]))
    reading = next(r for r in READING if r.item.id == item_id)
    expected = REPORTED if len(reading.elements) == 1 else PARTLY
    assert states(record) == {r.item.id: expected if r.item.id == item_id else ABSENT for r in READING}
    item = next(i for i in record.items if i.reading.item.id == item_id)
    assert item.held == (reading.elements[0].name,)


@pytest.mark.parametrize("item_id", [r.item.id for r in READING])
def test_all_but_one_element_is_partly_reported(item_id: str) -> None:
    """The full case minus the fields of the item's last element: that item drops to partly (or absent)."""
    reading = next(r for r in READING if r.item.id == item_id)
    data = {section: dict(values) for section, values in EVERYTHING.items()}
    for path in reading.elements[-1].fields:
        section, name = path.split(".")
        data.get(section, {}).pop(name, None)
    record = record_completeness(case(**data))
    expected = PARTLY if len(reading.elements) > 1 else ABSENT
    assert states(record)[item_id] == expected
    assert record.items[[r.item.id for r in READING].index(item_id)].missing == (reading.elements[-1].name,)


def test_any_one_field_of_an_element_is_enough() -> None:
    by_text = record_completeness(case(treatment={"surgery_as_reported": "excision"}))
    by_code = record_completeness(case(treatment={"surgery": "local excision"}))
    assert by_text.items[4].held == by_code.items[4].held == ("operation",)


def test_counts_across_cases_add_up_to_the_cases() -> None:
    records = [record_completeness(c) for c in (case(**EVERYTHING), case(), case(**ONE_ELEMENT["Q1"]))]
    tallies = completeness_by_item(records)
    assert all(sum(t.counts.values()) == 3 for t in tallies)
    assert tallies[0].counts == {REPORTED: 1, PARTLY: 1, ABSENT: 1}
    assert tallies[6].counts == {REPORTED: 1, PARTLY: 0, ABSENT: 2}


def test_appraised_cases_are_counted_by_instrument() -> None:
    answers = {item_id: "yes" for item_id in JBI_CASE_REPORT.item_ids}
    appraisal = {
        "instrument": "JBI case report",
        "answers": answers,
        "appraised_by": "A",
        "appraised_on": "2026-01-02",
    }
    count = appraisal_count([case(appraisal=appraisal), case()])
    assert count.by_instrument == {"JBI case report": 1, "Murad 2018": 0}
    assert (count.appraised, count.total) == (1, 2)


def test_the_model_vocabularies_are_the_instruments() -> None:
    import typing

    from atlas.cases.instruments import ANSWERS

    assert list(typing.get_args(model.AppraisalInstrument)) == list(INSTRUMENTS)
    assert typing.get_args(model.AppraisalAnswer) == ANSWERS


# Recount L-7: the mapping read three things too narrowly.
def test_a_statement_of_no_other_illness_answers_the_history_element() -> None:
    record = record_completeness(case(patient={"no_relevant_history": True}))
    q2 = next(item for item in record.items if item.reading.item.id == "Q2")
    assert q2.held == ("other illnesses",)


def test_complications_during_the_operation_answer_the_harms_item() -> None:
    for treatment in ({"intraoperative_complications": False}, {"postoperative_course": "uneventful"}):
        assert states(record_completeness(case(treatment=treatment)))["Q7"] == REPORTED


def test_the_intervention_does_not_need_a_statement_about_other_therapy() -> None:
    treatment = {"surgery": "local excision", "approach": "open", "vascular_reconstruction": True}
    assert states(record_completeness(case(treatment=treatment)))["Q5"] == REPORTED


def test_the_real_records_that_l7_named_now_read_as_they_report() -> None:
    corpus, _ = load_corpus(ROOT)
    by_id = {c.id: states(record_completeness(c)) for c in corpus.cases}
    assert by_id["aua-v9-12"]["Q7"] == REPORTED  # "no intraoperative complications"
    assert by_id["cirugia-espanola-v093"]["Q2"] != ABSENT  # "no relevant medical history"
    assert sum(s["Q5"] == REPORTED for s in by_id.values()) >= 1


def test_a_case_is_worked_out_once_and_a_changed_copy_afresh() -> None:
    """The case page, the case browser and the atlas's matrix share one reading of each case."""
    from atlas.evidence import reporting

    corpus, _ = load_corpus(ROOT)
    case = next(case for case in corpus.cases if case.presentation is not None)
    first = record_completeness(case)
    assert record_completeness(case) is first
    assert first == reporting._record_completeness(case)
    emptied = case.model_copy(update={"presentation": None})
    assert record_completeness(emptied) == reporting._record_completeness(emptied) != first
