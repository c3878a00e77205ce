"""`check`'s messages in the words of the submission form, for the person who filled it.

A submitter never sees the case file: "tumour.largest_diameter_cm must be a number (got 'about
15 cm')" means little to them, "Largest diameter (cm): must be a number (got 'about 15 cm'). The
number only, in centimetres, for example 5.5." says which answer to edit and what to type. The
question is found from the field the message names (the form's mapping in form_fields), and the
hint is the question's own description in the form (atlas.sources.issue_forms), so the two cannot
drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from atlas.contribute.form_fields import ANSWER_FIELDS, COMBINED_ANSWERS, REFERENCE_ANSWERS
from atlas.diagnostics import Diagnostic
from atlas.sources.issue_forms import IssueForm, Question

_INDEX = re.compile(r"\[\d+\]")
# references.bib field → form question (the reference's problems name the BibTeX field).
_BIB_QUESTIONS = {"author": "authors", **{name: name for name in REFERENCE_ANSWERS if name != "authors"}}


@dataclass(frozen=True)
class PlainMessage:
    question: str  # the form's label, or "" when the problem is not one answer's
    message: str
    hint: str


def _field_questions() -> dict[str, str]:
    """Dotted field path → the question id that fills it (a combined answer: its last question)."""
    fields = {".".join(path): question for question, (path, _) in ANSWER_FIELDS.items()}
    for questions, (path, _) in COMBINED_ANSWERS.items():
        fields[".".join(path)] = questions[-1]
    return fields


def question_id_for(field: str) -> str | None:
    """The question whose field is `field` or holds it (diagnosis.imaging[1].modality → imaging)."""
    fields = _field_questions()
    path = _INDEX.sub("", field)
    while path:
        if path in fields:
            return fields[path]
        path = path.rpartition(".")[0]
    return None


def plain_message(diagnostic: Diagnostic, form: IssueForm, bib_file: str) -> PlainMessage:
    by_id = {question.id: question for question in form.questions}
    name, _, rest = diagnostic.message.partition(" ")
    if diagnostic.path == bib_file:
        first = re.match(r"(?:field )?'?([a-z]+)'?", diagnostic.message)
        question = by_id.get(_BIB_QUESTIONS.get(first.group(1), "") if first else "")
        return PlainMessage(question.label if question else "", diagnostic.message, _hint(question))
    question = by_id.get(question_id_for(name.rstrip(":")) or "")
    if question is None:
        return PlainMessage("", diagnostic.message, "")
    return PlainMessage(question.label, rest.lstrip(": ") or diagnostic.message, _hint(question))


def _hint(question: Question | None) -> str:
    return question.description if question else ""


def plain_messages(
    diagnostics: Iterable[Diagnostic], form: IssueForm, files: tuple[str, str]
) -> list[PlainMessage]:
    """The messages about the submission's case file and reference entry, in the form's words."""
    case_file, bib_file = files
    return [plain_message(d, form, bib_file) for d in diagnostics if d.path in (case_file, bib_file)]
