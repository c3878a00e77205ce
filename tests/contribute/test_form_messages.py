"""Every message a submitter reads names the question as the form labels it and says what to type: no
field path, citation key, YAML advice or 600.0; problems across answers come in the same reply as the
problems of single answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.cases.fieldref import field_docs
from atlas.contribute.form_messages import PlainMessage
from atlas.contribute.issue_form import case_from_issue, submission_form
from atlas.contribute.submission import Problems, _in_form_words, _problems_of
from tests.conftest import ROOT

CORE = Path(__file__).parents[1] / "fixtures" / "issue-form" / "core-questions.md"
FORM = submission_form(ROOT)
FIELD_PATHS = [doc.path for doc in field_docs() if "." in doc.path]


def with_answers(answers: dict[str, str]) -> str:
    """The core fixture, with answers given or replaced by question label (appended when not there)."""
    body = CORE.read_text(encoding="utf-8")
    for label, answer in answers.items():
        pattern = rf"(### {re.escape(label)}\n\n)(.*?)(\n\n### |\n\Z)"
        body, count = re.subn(
            pattern, lambda m, text=answer: m.group(1) + text + m.group(3), body, flags=re.S
        )
        if count == 0:
            body += f"\n### {label}\n\n{answer}\n"
    return body


def reply(project: Path, answers: dict[str, str]) -> list[PlainMessage]:
    """What the submission's reply lists: the single-answer messages, then the ones across answers."""
    submission = case_from_issue(project, with_answers(answers), form=FORM)
    found: Problems = _problems_of(project, submission, FORM)
    return _in_form_words(project, submission, found.errors, FORM) + found.across


def test_problems_across_answers_come_in_the_same_reply_as_a_wrong_single_answer(project: Path) -> None:
    messages = reply(
        project,
        {
            "Age at diagnosis (years)": "sixty",
            "Local recurrence during follow-up": "no",
            "Months from surgery to local recurrence": "30",
            "Values you deduced rather than read": "Sex, Perirenal infiltration",
        },
    )
    assert messages == [
        PlainMessage(
            "Age at diagnosis (years)",
            "must be a whole number (got 'sixty')",
            "The number only, for example 58.",
        ),
        PlainMessage(
            "Months from surgery to local recurrence",
            '30 months is later than the last follow-up, 24 months ("Follow-up after surgery (months)")',
            "The follow-up runs to the last news of the patient: check both numbers against the article.",
        ),
        PlainMessage(
            "Months from surgery to local recurrence",
            'is answered, so "Local recurrence during follow-up" must be "yes"; or leave this answer empty',
            'Answer "yes" under the event, or leave its months and sites empty.',
        ),
        PlainMessage(
            "Values you deduced rather than read",
            'lists "Perirenal infiltration", which has no answer',
            "Answer that question, or untick it here.",
        ),
    ]


def test_numbers_out_of_range_read_as_typed_not_as_600_point_0(project: Path) -> None:
    (message,) = reply(project, {"Follow-up after surgery (months)": "700"})
    assert message.question == "Follow-up after surgery (months)"
    assert message.message == "must be at most 600 (got 700)"


def test_a_percentage_among_the_markers_names_its_line_and_where_it_goes(project: Path) -> None:
    (message,) = reply(project, {"Other immunohistochemistry markers": "Desmin: positive\nKi-67: 20%"})
    assert message == PlainMessage(
        "Other immunohistochemistry markers",
        "the line 'Ki-67: 20%' must end in positive, negative or focal",
        "Each line: the marker, a colon, then positive, negative or focal. A percentage, such as Ki-67 20%, "
        'goes under "Other pathology findings".',
    )


def test_an_appraisal_without_its_appraiser_and_date_names_the_questions(project: Path) -> None:
    answers = "\n".join(f"Q{i}: yes" for i in range(1, 9))
    messages = reply(project, {"Appraisal instrument": "JBI case report", "Appraisal answers": answers})
    assert [(m.question, m.message) for m in messages] == [
        ("Appraised by", "needs an answer"),
        ("Date of the appraisal", "needs an answer"),
    ]
    messages = reply(
        project,
        {
            "Appraisal instrument": "JBI case report",
            "Appraisal answers": answers,
            "Appraised by": "A. Reader",
            "Date of the appraisal": "1 December 2026",
        },
    )
    assert [(m.question, m.message) for m in messages] == [
        ("Date of the appraisal", "must be a date, for example '2026-12-01' (got '1 December 2026')")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "answers",
    [
        {"DOI": "not a doi"},
        {"Year of publication": "1850"},
        {"Kidney preserved": "yes", "Operation": "radical nephrectomy"},
        {
            "Status at last follow-up": "DOD (died with the disease)",
            "Follow-up after surgery (months)": "_No response_",
        },
        {"Largest diameter (cm)": "5.5", "All dimensions (cm)": "6 x 4 x 3"},
        {"Biopsy before surgery": "no", "Kind of biopsy": "core needle"},
        {"Country where the patient was treated": "x" * 250},
    ],
)
def test_no_message_names_a_field_path_a_key_or_a_float(project: Path, answers: dict[str, str]) -> None:
    messages = reply(project, answers)
    assert messages, answers
    labels = {question.label for question in FORM.questions}
    for message in messages:
        assert message.question in labels, message
        text = f"{message.message} {message.hint}"
        assert not [path for path in FIELD_PATHS if path in text], message
        assert "syntheticcoreonly" not in text and not re.search(r"\b\d+\.0\b", text), message
        assert "true" not in text and "false" not in text and "YAML" not in text, message
