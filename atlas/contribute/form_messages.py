"""`check`'s messages in the words of the submission form, for the person who filled it.

A submitter never sees the case file: "tumour.largest_diameter_cm must be a number (got 'about
15 cm')" means little to them, "Largest diameter (cm): must be a number (got 'about 15 cm'). The
number only, in centimetres, for example 5.5." says which answer to edit and what to type. The
question is found from the field the message names (the form's mapping in form_fields), and the
hint is the question's own description in the form (atlas.sources.issue_forms), so the two cannot
drift apart. Every message names a question: no dotted field path, citation key, YAML advice or
"600.0" reaches the submitter, and the rules across answers (form_checks) speak of the questions
by their labels too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from atlas.cases.load import FieldPath
from atlas.cases.validate import dotted
from atlas.contribute.form_fields import ANSWER_FIELDS, COMBINED_ANSWERS
from atlas.diagnostics import Diagnostic
from atlas.sources.issue_forms import REFERENCE_ANSWERS, IssueForm, Question

_INDEX = re.compile(r"\[\d+\]")
_FIELD_PATH = re.compile(r"\b[a-z_]+(?:\.[a-z_]+|\[\d+\])+")
_WHOLE_FLOAT = re.compile(r"\b(\d+)\.0\b")
# Advice written for people who edit the YAML file: the submitter types into a form instead.
_FILE_ADVICE = (
    "; YAML reads yes/no/on/off as true/false, so put text in quotes",
    "; write the number alone, the unit is in the field name",
    "; a date is not a number of months",
)
_CHOICES_OF_A_MARKER = "must be one of 'positive', 'negative' or 'focal'"
MARKER_HINT = (
    "Each line: the marker, a colon, then positive, negative or focal. A percentage, such as Ki-67 20%, "
    'goes under "Other pathology findings".'
)
# references.bib field → the question that fills it (the reference's problems name the BibTeX field).
_BIB_QUESTIONS = {field: question for question, field in REFERENCE_ANSWERS.items()}


@dataclass(frozen=True)
class PlainMessage:
    question: str  # the form's label, or "" when the problem is not one answer's
    message: str
    hint: str


# The appraisal's fields are filled together (form_fields.appraisal_data): each by its own question.
_APPRAISAL_QUESTIONS = {
    "appraisal.instrument": "appraisal_instrument",
    "appraisal.answers": "appraisal_answers",
    "appraisal.appraised_by": "appraised_by",
    "appraisal.appraised_on": "appraised_on",
    "appraisal.note": "appraisal_note",
}


def _field_questions() -> dict[str, str]:
    """Dotted field path → the question id that fills it (a combined answer: its first question)."""
    fields = {".".join(path): question for question, (path, _) in ANSWER_FIELDS.items()}
    for questions, (path, _) in COMBINED_ANSWERS.items():
        fields[".".join(path)] = questions[0]
    return fields | _APPRAISAL_QUESTIONS


def question_id_for(field: str) -> str | None:
    """The question whose field is `field` or holds it (diagnosis.imaging[1].modality → imaging)."""
    fields = _field_questions()
    path = _INDEX.sub("", field)
    while path:
        if path in fields:
            return fields[path]
        path = path.rpartition(".")[0]
    return None


class FormWords:
    """The form's labels for fields and questions, and the rewriting of a message into its words."""

    def __init__(self, form: IssueForm):
        self.form = form
        self.by_id = {question.id: question for question in form.questions}

    def question(self, field: str) -> Question | None:
        return self.by_id.get(question_id_for(field) or "")

    def label(self, field: str) -> str:
        question = self.question(field)
        return f'"{question.label}"' if question else "another answer"

    def plain(self, text: str) -> str:
        """Field paths as the form's labels, yes/no for true/false, 600 for 600.0, no file advice."""
        for advice in _FILE_ADVICE:
            text = text.replace(advice, "")
        text = text.replace(", quoted, e.g.", ", for example").replace(", quoted", "")
        text = _FIELD_PATH.sub(lambda match: self.label(match.group()), text)
        text = re.sub(r"\btrue\b", '"yes"', re.sub(r"\bfalse\b", '"no"', text))
        return _WHOLE_FLOAT.sub(r"\1", text)


def plain_message(diagnostic: Diagnostic, form: IssueForm, bib_file: str) -> PlainMessage:
    words = FormWords(form)
    if diagnostic.path == bib_file:
        return _reference_message(diagnostic, words)
    field, rest = _field_and_rest(diagnostic.message)
    question = words.question(field)
    if question is None:
        return PlainMessage("", words.plain(diagnostic.message), "")
    if question.id == "ihc_other" and rest.startswith(_CHOICES_OF_A_MARKER):
        marker = field.removeprefix("pathology.ihc.")
        got = re.search(r"\(got (.*?)\)", rest)
        line = f"{marker}: {got.group(1).strip(chr(39))}" if got else marker
        return PlainMessage(
            question.label, f"the line '{line}' must end in positive, negative or focal", MARKER_HINT
        )
    message = "needs an answer" if rest == "is required" else words.plain(rest.lstrip(": "))
    return PlainMessage(question.label, message, question.description)


def _field_and_rest(message: str) -> tuple[str, str]:
    """'pathology.ihc.Ki 67 must be …' → ('pathology.ihc.Ki 67', 'must be …'): a marker may hold spaces."""
    if message.startswith("pathology.ihc.") and " must be " in message:
        field, _, rest = message.partition(" must be ")
        return field, "must be " + rest
    field, _, rest = message.partition(" ")
    return field.rstrip(":"), rest


def _reference_message(diagnostic: Diagnostic, words: FormWords) -> PlainMessage:
    """'doi of 'key' must be a bare DOI …' → DOI: must be a DOI alone …; the key is never shown."""
    named = re.match(r"(?:field )?'?([a-z]+)'? of '[^']*' (.*)$", diagnostic.message)
    question = words.by_id.get(_BIB_QUESTIONS.get(named.group(1), "")) if named else None
    text = (
        named.group(2) if named else re.sub(r"(entry|citation) '[^']*'", "the reference", diagnostic.message)
    )
    text = text.replace("a bare DOI such as", "the DOI alone, such as")
    return PlainMessage(
        question.label if question else "", words.plain(text), question.description if question else ""
    )


# The rules across answers, said of the questions: code → (finding's field, message) → message.
CrossWords = Callable[[FormWords, str, str], str]


def _later_than_follow_up(words: FormWords, field: str, message: str) -> str:
    numbers = re.findall(r"\((\d+(?:\.\d+)?)\)", message)
    follow_up = words.label("outcome.follow_up_months")
    return f"{numbers[0]} months is later than the last follow-up, {numbers[-1]} months ({follow_up})"


def _death_without_follow_up(words: FormWords, field: str, message: str) -> str:
    follow_up = words.label("outcome.follow_up_months")
    return f"the patient died, so {follow_up} needs the months from surgery to death"


def _months_without_event(words: FormWords, field: str, message: str) -> str:
    flag = "outcome.local_recurrence" if "local_recurrence" in field else "outcome.metastasis"
    return f'is answered, so {words.label(flag)} must be "yes"; or leave this answer empty'


def _kidney_and_operation(words: FormWords, field: str, message: str) -> str:
    if "radical nephrectomy" in message:
        return '"yes" after a radical nephrectomy, which removes the kidney'
    return '"no" after a local excision, which keeps the kidney'


def _diameter_and_dimensions(words: FormWords, field: str, message: str) -> str:
    numbers = re.findall(r"\((\d+(?:\.\d+)?)\)", message)
    return f"{numbers[0]} is not the largest of {words.label('tumour.dimensions_cm')} ({numbers[-1]})"


def _deduced_without_answer(words: FormWords, field: str, message: str) -> str:
    named = re.search(r"lists '([^']+)'", message)
    return f"lists {words.label(named.group(1)) if named else 'a question'}, which has no answer"


def _biopsy_details(words: FormWords, field: str, message: str) -> str:
    return '"no", but a kind or result of the biopsy is given: answer "yes", or leave those empty'


CROSS_WORDS: dict[str, CrossWords] = {
    "E206": _later_than_follow_up,
    "E207": _death_without_follow_up,
    "E208": _months_without_event,
    "E209": _kidney_and_operation,
    "E210": _diameter_and_dimensions,
    "E211": _deduced_without_answer,
    "E212": _biopsy_details,
}
CROSS_HINTS = {
    "E206": "The follow-up runs to the last news of the patient: check both numbers against the article.",
    "E208": 'Answer "yes" under the event, or leave its months and sites empty.',
    "E209": 'Check "Operation" and "Kidney preserved" against the article.',
    "E211": "Answer that question, or untick it here.",
    "E214": "Use the items Q1 to Q8 of the instrument chosen.",
    "E215": "One item per line, Q1 to Q8, each with yes, no, unclear or not applicable.",
}


def cross_message(form: IssueForm, code: str, where: FieldPath, message: str) -> PlainMessage:
    """A finding of a rule across answers, in the form's words."""
    words = FormWords(form)
    field = dotted(where)
    question = words.question(field)
    say = CROSS_WORDS.get(code)
    text = (
        say(words, field, message)
        if say
        else words.plain(message.removeprefix(f"{field}: ").removeprefix(f"{field} "))
    )
    return PlainMessage(question.label if question else "", text, CROSS_HINTS.get(code, ""))


def plain_messages(
    diagnostics: Iterable[Diagnostic], form: IssueForm, files: tuple[str, str]
) -> list[PlainMessage]:
    """The messages about the submission's case file and reference entry, in the form's words."""
    case_file, bib_file = files
    return [plain_message(d, form, bib_file) for d in diagnostics if d.path in (case_file, bib_file)]
