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
from atlas.cases.fieldref import field_docs
from atlas.cases.load import load_yaml_file
from atlas.contribute.form_fields import (
    ANSWER_FIELDS,
    APPRAISAL_ANSWERS,
    COMBINED_ANSWERS,
    IHC_MARKERS,
    INFERABLE,
    NOTE_ANSWERS,
    REVIEW_ANSWERS,
    case_data,
    review_notes,
)
from atlas.contribute.form_messages import PlainMessage, plain_messages
from atlas.contribute.form_naming import bibtex_authors, first_author_surname, names_for, reference_fields
from atlas.contribute.issue_form import case_from_issue, parse_body, submission_form
from atlas.diagnostics import errors_in
from atlas.inputs import read_inputs
from atlas.pages.issue_links import CORE_MINUTES, FILL_MINUTES
from atlas.paths import FORMS_DIR, REPORT_FORM, SUBMIT_FORM
from atlas.sources.bibliography import load_bibliography
from atlas.sources.issue_forms import REFERENCE_ANSWERS, RESERVED_IDS
from tests.conftest import ROOT, run_in_process

FIXTURE = Path(__file__).parents[1] / "fixtures" / "issue-form" / "colon-rodriguez-2004.md"
NOT_REPORTED = "not reported"


FORM = submission_form(ROOT)


def question(question_id: str):
    return next(q for q in FORM.questions if q.id == question_id)


FORMS = sorted((ROOT / FORMS_DIR).glob("*.yml"))


@pytest.mark.slow
@pytest.mark.parametrize("form", [path.name for path in FORMS if path.name != "config.yml"])
def test_the_form_is_a_valid_github_issue_form(form: str) -> None:
    """The same schema GitHub applies (SchemaStore's, shipped with check-jsonschema)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-issue-forms",
            Path(FORMS_DIR) / form,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# What the form leaves out of a vocabulary: a tumour found by chance is its own question ("Found
# incidentally"), not a symptom to tick beside the symptoms.
LEFT_OUT = {"symptoms": ["incidental finding"]}
VOCABULARY_DROPDOWNS = [
    ("source_type", model.SourceType, []),
    ("appraisal_instrument", model.AppraisalInstrument, ["not appraised"]),
    ("sex", model.Sex, [NOT_REPORTED]),
    ("side", model.Side, [NOT_REPORTED]),
    ("measured_on", model.MeasuredOn, [NOT_REPORTED]),
    ("surgery", model.Surgery, [NOT_REPORTED]),
    ("approach", model.Approach, [NOT_REPORTED]),
    ("margins", model.Margins, [NOT_REPORTED]),
    ("symptoms", model.Symptom, []),
    ("extension", model.Extension, ["none beyond the vein"]),
    ("adjuvant", model.Therapy, ["none given"]),
    ("neoadjuvant", model.Therapy, ["none given"]),
    ("imaging", model.Modality, []),
    ("impression", model.Impression, []),
    ("biopsy_type", model.BiopsyType, [NOT_REPORTED]),
    *((marker, model.IhcResult, [NOT_REPORTED]) for marker in IHC_MARKERS),
]


@pytest.mark.parametrize(("question_id", "vocabulary", "extra"), VOCABULARY_DROPDOWNS)
def test_dropdowns_offer_exactly_the_format_vocabulary(
    question_id: str, vocabulary, extra: list[str]
) -> None:
    offered = [value for value in typing.get_args(vocabulary) if value not in LEFT_OUT.get(question_id, [])]
    assert list(question(question_id).options) == extra + offered


def test_incidental_finding_is_a_question_of_its_own_not_a_symptom() -> None:
    assert "incidental finding" not in question("symptoms").options
    assert question("incidental").options == (NOT_REPORTED, "yes", "no")


def test_every_dropdown_is_compared_with_the_format() -> None:
    """No dropdown escapes these tests: a vocabulary, a yes/no field, or one of the few others."""
    yes_no = [NOT_REPORTED, "yes", "no"]
    compared = {question_id for question_id, _, _ in VOCABULARY_DROPDOWNS}
    for q in FORM.questions:
        if q.kind != "dropdown" or q.id in compared:
            continue
        path, convert = ANSWER_FIELDS.get(q.id, ((), None))
        if list(q.options) == yes_no and q.id != "is_author":
            assert [convert(option) for option in yes_no] == [None, True, False], q.id
            assert field_by_path(".".join(path)).kind == "true/false", q.id
        elif q.id == "read":
            assert [convert(option) for option in q.options] == ["high", "medium"]
        elif q.id == "inferred":
            assert list(q.options) == list(INFERABLE.values())
        else:
            assert q.id in {"status", "is_author"}, f"{q.id} is compared with nothing"


def field_by_path(path: str):
    return next(doc for doc in field_docs() if doc.path == path)


def test_status_options_start_with_the_format_codes() -> None:
    options = question("status").options
    assert options[0] == NOT_REPORTED
    assert [option.split(" ", 1)[0] for option in options[1:]] == list(typing.get_args(model.Status))


def test_every_answer_has_a_place_in_the_case_or_the_reference() -> None:
    combined = {question for questions in COMBINED_ANSWERS for question in questions}
    handled = (
        set(ANSWER_FIELDS)
        | combined
        | set(NOTE_ANSWERS)
        | set(REFERENCE_ANSWERS)
        | set(REVIEW_ANSWERS)
        | set(APPRAISAL_ANSWERS)
        | {"inclusion", "confirmation"}
    )
    assert sorted(q.id for q in FORM.questions) == sorted(handled)
    assert list(NOTE_ANSWERS) == ["notes"], "only the free-text question goes to notes"


def test_every_field_question_names_a_field_of_the_format() -> None:
    """The paths come from the model itself (the field reference), so a renamed field fails here."""
    fields = {doc.path for doc in field_docs()}
    for question, (path, _) in [*ANSWER_FIELDS.items(), *COMBINED_ANSWERS.items()]:
        dotted = ".".join(path)
        if path[:2] == ("pathology", "ihc"):
            dotted = "pathology.ihc"
        assert dotted in fields, f"{question} → {dotted} is not a field of the case format"


def test_the_deduced_values_question_offers_field_questions_by_their_labels() -> None:
    labels = {q.id: q.label for q in FORM.questions}
    assert list(question("inferred").options) == [labels[q] for q in INFERABLE]
    assert {q: labels[q] for q in INFERABLE} == INFERABLE


def test_the_short_form_reports_an_article_without_the_case_questions() -> None:
    """An unsure submitter is not blocked by inclusion ticks, and the workflow leaves the report alone."""
    short = yaml.safe_load((ROOT / FORMS_DIR / REPORT_FORM).read_text(encoding="utf-8"))
    submission = yaml.safe_load((ROOT / FORMS_DIR / SUBMIT_FORM).read_text(encoding="utf-8"))
    assert short["labels"] != submission["labels"]
    kinds = {item["type"] for item in short["body"]}
    assert "checkboxes" not in kinds
    required = [item["id"] for item in short["body"] if item.get("validations", {}).get("required")]
    assert required == ["report", "article"]


EVERY_QUESTION = FIXTURE.parent / "every-question.md"


def test_a_form_with_every_question_answered_fills_every_field() -> None:
    """The done-when test: a body like GitHub's with an answer to each question; each answer lands in
    its field, and `notes` holds the free-text question's answer alone."""
    body = EVERY_QUESTION.read_text(encoding="utf-8")
    answers = parse_body(body, FORM)
    assert [q for q, answer in answers.items() if answer is None] == [], "every question is answered"
    data = case_data(answers, "example-2024", "example2024")
    assert data["notes"] == "Notes from the submitter: The article also describes the anaesthetic technique."
    assert data["confidence"] == "high", "read: the full text"
    assert data["source_type"] == "case report"
    assert data["locator"] == "case report"
    assert data["inclusion"]["basis"].startswith("The operative and pathology findings")
    assert data["appraisal"] == {
        "instrument": "JBI case report",
        "answers": {f"Q{i}": "yes" for i in range(1, 9)},
        "appraised_by": "A. Reader",
        "appraised_on": "2026-11-30",
        "note": "Read the full text.",
    }
    assert data["inferred"] == ["tumour.side", "tumour.measured_on", "pathology.vascular_invasion"]
    assert data["patient"] == {"age_years": 58, "sex": "female", "country": "Portugal"}
    assert data["presentation"] == {
        "symptoms": ["flank/back pain", "haematuria"],
        "symptoms_as_reported": ["left flank pain", "visible blood in the urine"],
        "duration_months": 3,
        "incidental": False,
    }
    assert data["tumour"] == {
        "side": "left",
        "largest_diameter_cm": 5.5,
        "dimensions_cm": [5.5, 4, 3],
        "measured_on": "specimen",
        "extension": ["renal vein wall", "renal vein lumen", "perirenal fat"],
    }
    assert data["diagnosis"] == {
        "imaging": [
            {"modality": "CT", "findings": "enhancing 5 cm mass along the left renal vein", "size_cm": 5.0},
            {
                "modality": "MRI",
                "findings": "mass inside the vein, without invasion of the kidney",
                "size_cm": 4.8,
            },
        ],
        "preoperative_impression": {
            "considered": ["renal cell carcinoma", "other"],
            "as_reported": "a renal tumour extending into the renal vein",
        },
        "biopsy": {"performed": True, "type": "core needle", "result": "spindle cell neoplasm"},
    }
    assert data["pathology"] == {
        "histology": "spindle cell leiomyosarcoma",
        "grade": "FNCLCC grade 2",
        "mitoses_per_10_hpf": 12,
        "margins": "negative",
        "ihc": {
            "SMA": "positive",
            "desmin": "positive",
            "h-caldesmon": "focal",
            "vimentin": "positive",
            "CD34": "negative",
            "CD117": "negative",
            "S-100": "negative",
            "cytokeratin": "negative",
            "HMB-45": "negative",
            "CD99": "positive",
            "Chromogranin": "negative",
        },
        "vascular_invasion": True,
        "perirenal_infiltration": True,
        "other_findings": "Necrosis 30%; Ki-67 20%; R0, closest margin 1 mm",
    }
    assert data["treatment"] == {
        "surgery": "radical nephrectomy",
        "surgery_as_reported": "left radical nephrectomy with the renal vein en bloc",
        "approach": "converted to open",
        "approach_as_reported": "laparoscopic, converted to open for bleeding",
        "kidney_preserved": False,
        "vascular_reconstruction": False,
        "neoadjuvant": {"given": True, "types": ["chemotherapy"], "drugs": ["gemcitabine", "docetaxel"]},
        "adjuvant": {
            "given": True,
            "types": ["chemotherapy", "radiotherapy"],
            "drugs": ["doxorubicin", "ifosfamide"],
        },
    }
    assert data["outcome"] == {
        "follow_up_months": 24,
        "status": "AWD",
        "local_recurrence": True,
        "local_recurrence_months": 9,
        "metastasis": True,
        "metastasis_months": 18,
        "metastasis_sites": ["lung", "liver"],
    }
    assert model.Case.model_validate(data), "the case is valid as it stands"
    reference = reference_fields(answers)
    assert reference == {
        "author": "Example, A and Sample, B and Test, C",
        "title": "A synthetic leiomyosarcoma of the left renal vein for the atlas's form tests",
        "journal": "Journal of Test Fixtures",
        "year": "2024",
        "volume": "12",
        "pages": "34-38",
        "doi": "10.5555/fixture.2024.001",
        "pmid": "99999999",
        "url": "https://journal.example.org/fixture-2024-001",
        "language": "Portuguese (full text)",
    }, "the resolver and the PMID label are stripped"
    assert review_notes(answers) == [
        ("Credit", "Jane Smith, 0000-0002-1825-0097"),
        ("Author of the article", "no"),
        (
            "Other articles describing the same patient (add them to `also_reported_in`)",
            "Example A. A later review of the same patient. 2025.",
        ),
        (
            "How the deduced values were worked out",
            "The side is seen on the CT figure; the size was measured on the specimen photograph.",
        ),
    ]


def test_every_question_of_the_form_is_answered_in_the_every_question_fixture() -> None:
    """So that a question added to the form must be added to the done-when fixture too."""
    headings = re.findall(r"^### (.+)$", EVERY_QUESTION.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert headings == [q.label for q in FORM.questions]


@pytest.mark.parametrize(
    ("question_id", "typed", "stored"),
    [
        ("age", "58", 58),
        ("age", "58 years", 58),
        ("age", "58 years old", 58),
        ("age", "58-year-old", 58),
        ("largest_diameter", "5.5", 5.5),
        ("largest_diameter", "5,5 cm", 5.5),
        ("follow_up", "18 months", 18),
        ("mitoses", "12/10 HPF", 12),
        ("dimensions", "12 × 8 × 6 cm", [12, 8, 6]),
        ("age", "about sixty", "about sixty"),
        ("largest_diameter", "5 mm", "5 mm"),
    ],
)
def test_numbers_typed_with_their_unit_pass_and_others_stay_for_check(
    question_id: str, typed: str, stored: object
) -> None:
    path, convert = ANSWER_FIELDS[question_id]
    assert convert(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "10.1515/raon-2016-0051",
        "https://doi.org/10.1515/raon-2016-0051",
        "http://dx.doi.org/10.1515/raon-2016-0051",
        "doi: 10.1515/raon-2016-0051",
    ],
)
def test_a_doi_is_accepted_with_or_without_its_resolver(typed: str) -> None:
    assert reference_fields({"doi": typed})["doi"] == "10.1515/raon-2016-0051"


def test_an_answer_check_rejects_is_explained_in_the_form_words(atlas_without_the_patient: Path) -> None:
    """A "58 years"-style answer that is still not a number gets a message saying what to type."""
    body = FIXTURE.read_text(encoding="utf-8").replace(
        "### Age at diagnosis (years)\n\n63", "### Age at diagnosis (years)\n\nsixty-three"
    )
    submission = case_from_issue(atlas_without_the_patient, body)
    _, problems = read_inputs(atlas_without_the_patient)
    case_file = submission.case_path.relative_to(atlas_without_the_patient).as_posix()
    messages = plain_messages(errors_in(problems), FORM, (case_file, "references.bib"))
    assert messages == [
        PlainMessage(
            "Age at diagnosis (years)",
            "must be a whole number (got 'sixty-three')",
            "The number only, for example 58.",
        )
    ]


def test_body_is_parsed_by_the_form_labels() -> None:
    answers = parse_body(FIXTURE.read_text(encoding="utf-8"), FORM)
    assert answers["age"] == "63"
    assert answers["sex"] == "female"
    assert answers["doi"] is None, "_No response_ is no answer"
    assert answers["language"] == "Spanish"
    assert len(answers["inclusion"]) == 2


def test_conversion_keeps_only_the_answers_given() -> None:
    answers = parse_body(FIXTURE.read_text(encoding="utf-8"), FORM)
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
    data = case_data(parse_body(body, FORM), "x", "k")
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
    data = case_data(parse_body(body, FORM), "x-2000", "x2000")
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


@pytest.mark.parametrize(
    ("answers", "names"),
    [
        ({"authors": "Иванов И.И., Петров П.", "year": "2019"}, ("ivanov-2019", "ivanov2019")),
        ({"authors": "王伟, 李明", "year": "2022"}, ("wangwei-2022", "wangwei2022")),
        (
            {"article_title": "Leiomyosarcoma of the renal vein: a case report", "year": "2019"},
            ("leiomyosarcoma-renal-vein-2019", "leiomyosarcomarenalvein2019"),
        ),
        (
            {"authors": "Smith J", "article_title": "Leiomyosarcoma of the renal vein", "year": "in press"},
            ("smith-leiomyosarcoma-renal-vein", "smithleiomyosarcomarenalvein"),
        ),
        (
            {"article_title": "[Untranslated]", "journal": "Urology Case Reports"},
            ("urology", "urology"),
        ),
        (
            {"article_title": "3D planning of a resection"},
            ("case-3d-planning-resection", "case3dplanningresection"),
        ),
        ({"article_title": "Data", "year": "no"}, ("case-data", "casedata")),
    ],
)
def test_a_case_without_authors_or_year_or_in_another_script_gets_an_ascii_id(
    answers: dict, names: tuple[str, str]
) -> None:
    """Authors or year unknown, or names in Cyrillic or Chinese: an id from what is there, never a refusal."""
    assert names_for(answers) == names


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
    result = run_in_process(project, "from-issue", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    case_file = project / "cases" / "colon-rodriguez-2004.yaml"
    assert case_file.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(case_file.read_text(encoding="utf-8"))["source"] == "colonrodriguez2004"
    checked = run_in_process(project, "check")
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
    result = run_in_process(project, "check")
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
    assert run_in_process(atlas_without_the_patient, "check").returncode == 0


def test_the_form_with_every_question_answered_passes_check_and_tells_the_reviewer(project: Path) -> None:
    result = run_in_process(project, "from-issue", str(EVERY_QUESTION))
    assert result.returncode == 0, result.stderr
    assert "For the reviewer: Credit: Jane Smith, 0000-0002-1825-0097" in result.stdout
    checked = run_in_process(project, "check")
    assert checked.returncode == 0, checked.stdout
    assert "cases/example-2024.yaml" not in checked.stdout, "not even a warning"


CORE_QUESTIONS = FIXTURE.parent / "core-questions.md"


def test_a_form_with_only_the_required_and_core_questions_gives_a_case_that_passes_check(
    project: Path,
) -> None:
    """The done-when test: the fixture answers the core questions and nothing under "Optional detail"."""
    body = CORE_QUESTIONS.read_text(encoding="utf-8")
    answers = parse_body(body, FORM)
    assert {q for q, answer in answers.items() if answer} == {q.id for q in FORM.core}
    result = run_in_process(project, "from-issue", str(CORE_QUESTIONS))
    assert result.returncode == 0, result.stderr
    checked = run_in_process(project, "check", "--all")
    assert checked.returncode == 0, checked.stdout
    assert "cases/example-2023.yaml" not in checked.stdout, "not even a warning"
    data = yaml.safe_load((project / "cases" / "example-2023.yaml").read_text(encoding="utf-8"))
    assert data["pathology"] == {
        "histology": "spindle cell leiomyosarcoma",
        "grade": "FNCLCC grade 2",
        "margins": "negative",
    }
    assert data["outcome"] == {"follow_up_months": 24, "status": "AWD"}


@pytest.mark.parametrize("form", [path.name for path in FORMS if path.name != "config.yml"])
def test_no_form_uses_an_id_github_reserves_for_the_issue(form: str) -> None:
    """GitHub fills `title=`, `labels=`, … of a link into the issue, not into a question with that id."""
    body = yaml.safe_load((ROOT / FORMS_DIR / form).read_text(encoding="utf-8"))["body"]
    ids = {item["id"] for item in body if "id" in item}
    assert ids and not ids & set(RESERVED_IDS), ids & set(RESERVED_IDS)
    assert set(RESERVED_IDS) == {
        "title",
        "body",
        "labels",
        "assignees",
        "milestone",
        "projects",
        "template",
        "type",
    }


def test_the_form_says_what_the_pages_say_of_it() -> None:
    """Its introduction gives the measured minutes, the number of core questions and every required
    question by its label; everything after the core sits under "Optional detail"."""
    intro = yaml.safe_load((ROOT / FORMS_DIR / SUBMIT_FORM).read_text(encoding="utf-8"))["body"][0][
        "attributes"
    ]["value"]
    text = " ".join(intro.split())
    assert f"about {FILL_MINUTES} minutes" in text and f"about {CORE_MINUTES} minutes" in text
    assert f"The first {len(FORM.core)} questions, down to the confirmation, are the core" in text
    assert f"Only {len(FORM.required)} are required" in text.replace("four", "4")
    for question in FORM.required:
        assert f"**{question.label}**" in text, question.label
    assert FORM.core[-1].id == "confirmation" and all(q.section for q in FORM.questions[len(FORM.core) :])
    assert FORM.questions[len(FORM.core)].section == "The article", "Optional detail starts with the article"
    contributing = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    listed = ", ".join(q.label for q in FORM.required[:-1]) + f" and {FORM.required[-1].label}"
    assert f"about {FILL_MINUTES} minutes" in contributing and f"({listed})" in contributing
    assert f"take about {CORE_MINUTES} minutes" in contributing


def test_the_core_is_about_fifteen_questions_besides_the_required() -> None:
    core_not_required = [q for q in FORM.core if not q.required]
    assert 14 <= len(core_not_required) <= 17, [q.id for q in core_not_required]
    assert {"authors", "article_title", "year", "source_type", "inclusion", "age", "sex", "side"} <= {
        q.id for q in FORM.core
    }
    assert {"largest_diameter", "surgery", "kidney_preserved", "margins", "histology", "grade"} <= {
        q.id for q in FORM.core
    }
    assert {"status", "follow_up"} <= {q.id for q in FORM.core}
