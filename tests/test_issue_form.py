"""The submission form for clinicians without git, and `from-issue`, which turns a filled form into a case."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

from atlas.cases import model
from atlas.cases.load import load_yaml_file
from atlas.contribute.issue_form import (
    FORM_PATH,
    ScaffoldError,
    bibtex_authors,
    case_data,
    case_from_issue,
    first_author_surname,
    names_for,
    parse_body,
    read_form,
)
from atlas.sources.bibliography import load_bibliography
from tests.conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "issue-form" / "colon-rodriguez-2004.md"
NOT_REPORTED = "not reported"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build_site.py", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def question(question_id: str):
    return next(q for q in read_form(ROOT) if q.id == question_id)


def test_the_form_is_a_valid_github_issue_form() -> None:
    """The same schema GitHub applies (SchemaStore's, shipped with check-jsonschema)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-issue-forms",
            FORM_PATH,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("question_id", "vocabulary", "extra"),
    [
        ("source_type", model.SourceType, []),
        ("appraisal_instrument", model.AppraisalInstrument, ["not appraised"]),
        ("sex", model.Sex, [NOT_REPORTED]),
        ("side", model.Side, [NOT_REPORTED]),
        ("measured_on", model.MeasuredOn, [NOT_REPORTED]),
        ("surgery", model.Surgery, [NOT_REPORTED]),
        ("approach", model.Approach, [NOT_REPORTED]),
        ("margins", model.Margins, [NOT_REPORTED]),
        ("symptoms", model.Symptom, []),
        ("extension", model.Extension, []),
        ("adjuvant", model.Therapy, [NOT_REPORTED, "none given"]),
        ("neoadjuvant", model.Therapy, [NOT_REPORTED, "none given"]),
    ],
)
def test_dropdowns_offer_exactly_the_format_vocabulary(
    question_id: str, vocabulary, extra: list[str]
) -> None:
    assert list(question(question_id).options) == extra + list(typing.get_args(vocabulary))


def test_status_options_start_with_the_format_codes() -> None:
    options = question("status").options
    assert options[0] == NOT_REPORTED
    assert [option.split(" ", 1)[0] for option in options[1:]] == list(typing.get_args(model.Status))


def test_every_answer_has_a_place_in_the_case_or_the_reference() -> None:
    from atlas.contribute.issue_form import ANSWER_FIELDS, APPRAISAL_ANSWERS, NOTE_ANSWERS, REFERENCE_ANSWERS

    handled = set(ANSWER_FIELDS) | set(NOTE_ANSWERS) | set(REFERENCE_ANSWERS) | set(APPRAISAL_ANSWERS)
    handled |= {"inclusion", "confirmation"}
    assert {q.id for q in read_form(ROOT)} == handled


def test_body_is_parsed_by_the_form_labels() -> None:
    answers = parse_body(FIXTURE.read_text(encoding="utf-8"), read_form(ROOT))
    assert answers["age"] == "63"
    assert answers["sex"] == "female"
    assert answers["doi"] is None, "_No response_ is no answer"
    assert answers["language"] == "Spanish"
    assert len(answers["inclusion"]) == 2


def test_conversion_keeps_only_the_answers_given() -> None:
    answers = parse_body(FIXTURE.read_text(encoding="utf-8"), read_form(ROOT))
    data = case_data(answers, "colon-rodriguez-2004", "colonrodriguez2004")
    assert data["patient"] == {"age_years": 63, "sex": "female", "country": "Spain"}
    assert data["tumour"] == {"side": "left", "largest_diameter_cm": 15, "measured_on": "operation"}
    assert data["presentation"]["symptoms"] == ["flank/back pain"]
    assert "outcome" not in data, "no follow-up answer, no outcome section"
    assert "surgery" not in data["treatment"], "'not reported' leaves the field out"
    assert list(data)[:4] == ["id", "source", "source_type", "inclusion"]
    assert data["source_type"] == "case report"
    assert "appraisal" not in data, "'not appraised' gives no appraisal section"


def test_an_appraisal_in_the_form_becomes_the_appraisal_section() -> None:
    body = "\n\n".join(
        [
            "### Appraisal instrument\n\nJBI case report",
            "### Appraisal answers\n\nQ1: yes\nq2 = unclear\nQ3: not applicable\nsomething else",
            "### Appraised by\n\nA. Reader",
            "### Date of the appraisal\n\n2026-11-30",
            "### Note on the appraisal\n\nRead the full text.",
        ]
    )
    data = case_data(parse_body(body, read_form(ROOT)), "x", "k")
    assert data["appraisal"] == {
        "instrument": "JBI case report",
        "answers": {"Q1": "yes", "Q2": "unclear", "Q3": "not applicable", "something else": ""},
        "appraised_by": "A. Reader",
        "appraised_on": "2026-11-30",
        "note": "Read the full text.",
    }


def test_dropdown_and_yes_no_answers_map_onto_the_format() -> None:
    body = "\n\n".join(
        [
            "### Status at last follow-up\n\nDOD (died with the disease)",
            "### Local recurrence during follow-up\n\nno",
            "### Distant metastasis during follow-up\n\nnot reported",
            "### Therapy after surgery (adjuvant)\n\nnone given",
            "### Therapy before surgery (neoadjuvant)\n\nchemotherapy",
            "### Presenting symptoms\n\nabdominal pain, palpable mass",
            "### Sites of distant metastasis\n\nlung, liver",
            "### Inclusion criteria\n\n- [X] The article states that it arose from the renal vein\n- [ ] x",
        ]
    )
    data = case_data(parse_body(body, read_form(ROOT)), "x-2000", "x2000")
    assert data["outcome"] == {
        "status": "DOD",
        "local_recurrence": False,
        "metastasis_sites": ["lung", "liver"],
    }
    assert data["treatment"] == {
        "neoadjuvant": {"given": True, "types": ["chemotherapy"]},
        "adjuvant": {"given": False},
    }
    assert data["presentation"] == {"symptoms": ["abdominal pain", "palpable mass"]}
    assert data["inclusion"] == {"renal_vein_origin": True, "leiomyosarcoma": False}


def test_names_come_from_the_first_author_and_year() -> None:
    assert first_author_surname("Colón-Rodríguez A, Bernardos-García L") == "Colón-Rodríguez"
    assert first_author_surname("van der Berg JP, Smith K") == "van der Berg"
    assert names_for({"authors": "Colón-Rodríguez A, Reparaz L", "year": "2004"}) == (
        "colon-rodriguez-2004",
        "colonrodriguez2004",
    )
    assert bibtex_authors("Smith J, Jones KL") == "Smith, J and Jones, KL"
    with pytest.raises(ScaffoldError, match="four-digit year"):
        names_for({"authors": "Smith J", "year": "in press"})


@pytest.fixture
def atlas_without_the_patient(project: Path) -> Path:
    """The project as it was before the sample form's patient (Colón-Rodríguez 2004) was added."""
    (project / "cases" / "colon-rodriguez-2004.yaml").unlink(missing_ok=True)
    return project


def without_reference(project: Path, key: str) -> None:
    """Drop a references.bib entry (the docs may still cite it: for tests that do not run check)."""
    path = project / "references.bib"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"@\w+\{{{key},.*?\n\}}\n", "", text, flags=re.DOTALL), encoding="utf-8")


def test_the_sample_form_becomes_a_case_that_passes_check(atlas_without_the_patient: Path) -> None:
    project = atlas_without_the_patient
    result = run(project, "from-issue", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    case_file = project / "cases" / "colon-rodriguez-2004.yaml"
    assert case_file.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(case_file.read_text(encoding="utf-8"))["source"] == "colonrodriguez2004"
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stdout
    assert "cases/colon-rodriguez-2004.yaml" not in checked.stdout


def test_a_known_article_is_recognised_by_its_title_despite_the_translation(
    atlas_without_the_patient: Path,
) -> None:
    """references.bib has the Spanish title alone; the form adds the English one in brackets."""
    before = (atlas_without_the_patient / "references.bib").read_text(encoding="utf-8")
    submission = case_from_issue(atlas_without_the_patient, FIXTURE.read_text(encoding="utf-8"))
    assert submission.key == "colonrodriguez2004" and not submission.reference_added
    assert (atlas_without_the_patient / "references.bib").read_text(encoding="utf-8") == before


def test_a_new_article_gets_a_stub_with_every_detail_unverified(atlas_without_the_patient: Path) -> None:
    without_reference(atlas_without_the_patient, "colonrodriguez2004")
    submission = case_from_issue(atlas_without_the_patient, FIXTURE.read_text(encoding="utf-8"))
    assert submission.reference_added
    bibliography, problems = load_bibliography(atlas_without_the_patient / "references.bib")
    assert [p for p in problems if p.severity == "error"] == []
    entry = bibliography["colonrodriguez2004"]
    assert entry.get("language") == "Spanish"
    assert entry.get("journal") == "Angiología"
    assert entry.first_author_surname == "Colón-Rodríguez"
    assert len(entry.authors) == 6
    assert entry.unverified == ["author", "title", "journal", "year", "volume", "pages", "doi"]


def test_a_second_patient_of_the_same_article_gets_the_next_id(atlas_without_the_patient: Path) -> None:
    body = FIXTURE.read_text(encoding="utf-8")
    first = case_from_issue(atlas_without_the_patient, body)
    second = case_from_issue(atlas_without_the_patient, body)
    assert (first.case_path.name, second.case_path.name) == (
        "colon-rodriguez-2004.yaml",
        "colon-rodriguez-2004-b.yaml",
    )
    assert first.key == second.key == "colonrodriguez2004"


def test_another_article_with_the_same_key_gets_a_new_key(atlas_without_the_patient: Path) -> None:
    body = FIXTURE.read_text(encoding="utf-8")
    other = body.replace("Leiomiosarcoma de la vena renal izquierda", "Another article by the same author")
    submission = case_from_issue(atlas_without_the_patient, other)
    assert submission.key == "colonrodriguez2004b" and submission.reference_added


def test_malformed_answers_are_kept_for_check_to_point_at(atlas_without_the_patient: Path) -> None:
    project = atlas_without_the_patient
    body = FIXTURE.read_text(encoding="utf-8").replace(
        "### Largest diameter (cm)\n\n15", "### Largest diameter (cm)\n\nabout 15 cm"
    )
    submission = case_from_issue(project, body)
    loaded, _ = load_yaml_file(submission.case_path, "case")
    assert loaded.data["tumour"]["largest_diameter_cm"] == "about 15 cm"
    result = run(project, "check")
    line = loaded.values[("tumour", "largest_diameter_cm")].line
    assert f"cases/colon-rodriguez-2004.yaml:{line}:" in result.stdout
    assert "tumour.largest_diameter_cm must be a number (got 'about 15 cm')" in result.stdout
    assert result.returncode == 1


def test_text_answers_cannot_break_the_yaml(atlas_without_the_patient: Path) -> None:
    body = FIXTURE.read_text(encoding="utf-8").replace(
        "Left hydronephrosis needed",
        "key: value\n- [list]\n'quote\" # not a comment\nLeft hydronephrosis needed",
    )
    submission = case_from_issue(atlas_without_the_patient, body)
    data = yaml.safe_load(submission.case_path.read_text(encoding="utf-8"))
    assert "key: value - [list] 'quote\" # not a comment" in data["notes"]
    assert run(atlas_without_the_patient, "check").returncode == 0
