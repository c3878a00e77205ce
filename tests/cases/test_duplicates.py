"""Probable duplicate patients (W220) on small synthetic corpora, and on a real project copy."""

from __future__ import annotations

from pathlib import Path

from atlas.cases.duplicates import probable_duplicates, signature
from atlas.cases.model import Case
from atlas.diagnostics import Severity
from atlas.site.build import check
from tests.conftest import Checked

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(case_id: str, source: str, age: int | None = 52, side: str | None = "left", **extra: object) -> Case:
    data: dict = {
        "id": case_id,
        "source": source,
        "source_type": "case report",
        "inclusion": INCLUSION,
        **extra,
    }
    data["patient"] = {"sex": "female", **({"age_years": age} if age is not None else {})}
    if side is not None:
        data["tumour"] = {"side": side}
    data["treatment"] = {"surgery": "radical nephrectomy"}
    return Case.model_validate(data)


def ids(pairs: list[tuple[Case, Case]]) -> list[tuple[str, str]]:
    return [(first.id, second.id) for first, second in pairs]


def test_same_patient_in_two_articles_is_flagged() -> None:
    cases = [
        make("smith-2001", "smith2001"),
        make("smith-2009", "smith2009"),
        make("jones-2010", "jones2010", 60),
    ]
    assert ids(probable_duplicates(cases)) == [("smith-2001", "smith-2009")]


def test_three_reports_of_one_patient_give_every_pair() -> None:
    cases = [make("a-2001", "a2001"), make("b-2005", "b2005"), make("c-2010", "c2010")]
    assert ids(probable_duplicates(cases)) == [
        ("a-2001", "b-2005"),
        ("a-2001", "c-2010"),
        ("b-2005", "c-2010"),
    ]


def test_patients_of_one_article_are_not_duplicates() -> None:
    assert probable_duplicates([make("lee-2015", "lee2015"), make("lee-2015-b", "lee2015")]) == []


def test_any_difference_or_missing_value_clears_the_pair() -> None:
    assert probable_duplicates([make("a-2001", "a2001"), make("b-2005", "b2005", age=53)]) == []
    assert probable_duplicates([make("a-2001", "a2001"), make("b-2005", "b2005", side="right")]) == []
    assert probable_duplicates([make("a-2001", "a2001", age=None), make("b-2005", "b2005", age=None)]) == []
    assert probable_duplicates([make("a-2001", "a2001", side=None), make("b-2005", "b2005", side=None)]) == []
    assert signature(make("a-2001", "a2001", side=None)) is None


def test_also_reported_in_suppresses_the_warning_from_either_side() -> None:
    linked_forward = [make("a-2001", "a2001", also_reported_in=["b2005"]), make("b-2005", "b2005")]
    linked_backward = [make("a-2001", "a2001"), make("b-2005", "b2005", also_reported_in=["a2001"])]
    linked_elsewhere = [make("a-2001", "a2001", also_reported_in=["c2010"]), make("b-2005", "b2005")]
    assert probable_duplicates(linked_forward) == []
    assert probable_duplicates(linked_backward) == []
    assert ids(probable_duplicates(linked_elsewhere)) == [("a-2001", "b-2005")]


def test_real_cases_have_no_unlinked_probable_duplicate(real_check: Checked) -> None:
    _, problems = real_check
    assert [p.format() for p in problems if p.code == "W220"] == []


SECOND_REPORT = """\
id: ojha-2019
source: ojha2017
inclusion: {renal_vein_origin: true, leiomyosarcoma: true}
source_type: case report
patient:
  age_years: 40
  sex: female
tumour: {side: left}
treatment: {surgery: local excision}
"""


def test_warning_names_both_files_and_the_line(project: Path) -> None:
    (project / "cases" / "zz-2019.yaml").write_text(SECOND_REPORT.replace("ojha-2019", "zz-2019"), "utf-8")
    _, problems = check(project)
    found = [p for p in problems if p.code == "W220"]
    assert [p.format() for p in found] == [
        "cases/zz-2019.yaml:5:1: W220 may be the same patient as case urkan (cases/urkan.yaml): both are "
        "female, 40 years, left side, local excision, in different articles (urkan, ojha2017); if it is "
        "the same patient, keep one case and list the other article in its also_reported_in"
    ]
    assert found[0].severity is Severity.WARNING


def test_recording_the_link_silences_the_warning(project: Path) -> None:
    text = SECOND_REPORT.replace("ojha-2019", "zz-2019") + "also_reported_in: [urkan]\n"
    (project / "cases" / "zz-2019.yaml").write_text(text, "utf-8")
    _, problems = check(project)
    assert [p for p in problems if p.code == "W220"] == []
