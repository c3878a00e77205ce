"""`from-issue`: turn a filled "Submit a published case" issue form into a case file.

GitHub renders a submitted form as Markdown: one `### Label` heading per question, then
the answer, or `_No response_` when it was left empty. The labels are the form's own
(.github/ISSUE_TEMPLATE/submit-case.yml, read once into atlas.sources.issue_forms.IssueForm),
so renaming a question cannot silently break the conversion. Answers are copied, never guessed:
an empty answer or "not reported" leaves the field out, and a malformed number is written as given so that
`check` points at it with a line number (atlas.contribute.form_messages says it again in the
form's words). Every question has one place: a field of the case (ANSWER_FIELDS, or the one
combined answer in COMBINED_ANSWERS), the reference, or the submitter's details that go into
the pull request rather than the case (SUBMITTER_ANSWERS); only the free-text questions that
need a maintainer's reading go to `notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from atlas.cases.model import CASE_ID_PATTERN
from atlas.cases.yaml_scalars import INVISIBLE, invisible_character
from atlas.contribute.form_fields import Answers, case_data, case_yaml, review_notes
from atlas.contribute.form_messages import PlainMessage
from atlas.contribute.form_naming import missing_citation, names_for, reference_fields, same_article
from atlas.contribute.scaffold import BIB_FIELDS, ScaffoldError, add_reference_stub, write_new_file
from atlas.paths import BIBLIOGRAPHY_FILE, CASES_DIR, SUBMIT_FORM
from atlas.sources.bibliography import load_bibliography
from atlas.sources.issue_forms import IssueForm, IssueFormError, Question, read_issue_form

NO_RESPONSE = "_No response_"
_CHECKED = re.compile(r"^\s*-\s*\[[xX]\]\s*(.+?)\s*$")
MAX_ANSWER_CHARACTERS = 2000  # the case format's longest text field


class AnswerProblems(ScaffoldError):
    """Answers refused before any file is written, each named by its question."""

    def __init__(self, messages: list[PlainMessage]):
        super().__init__("; ".join(f"{m.question}: {m.message}" for m in messages))
        self.messages = messages


def submission_form(root: Path) -> IssueForm:
    """The "Submit a published case" form, read once by each command that needs it."""
    try:
        return read_issue_form(root, SUBMIT_FORM)
    except IssueFormError as problem:
        raise ScaffoldError(str(problem)) from problem


def parse_body(body: str, form: IssueForm) -> Answers:
    """Answers by question id; None for unanswered; checkboxes as the list of ticked labels."""
    by_label = {question.label: question for question in form.questions}
    answers: Answers = {question.id: None for question in form.questions}
    for label, text in _sections(body):
        question = by_label.get(label)
        if question is None:
            continue
        answers[question.id] = _answer(question, text)
    return answers


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, list[str]]] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### "):
            sections.append((line[4:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(label, "\n".join(lines).strip()) for label, lines in sections]


def _answer(question: Question, text: str) -> str | list[str] | None:
    if question.kind == "checkboxes":
        return [match.group(1) for line in text.splitlines() if (match := _CHECKED.match(line))]
    if not text or text == NO_RESPONSE:
        return None
    return text


def answer_problems(answers: Answers, form: IssueForm) -> list[PlainMessage]:
    """Answers no file may hold, whatever their question: invisible characters (a right-to-left
    override would make a citation read differently from what it holds) and an answer longer than any
    field of the case format takes."""
    messages = []
    for question in form.questions:
        value = answers.get(question.id)
        text = "\n".join(value) if isinstance(value, list) else value or ""
        hidden = INVISIBLE.search(text)
        if hidden:
            message = f"holds {invisible_character(hidden.group())}, which makes text read differently from "
            messages.append(PlainMessage(question.label, message + "what it is", "Type the answer again."))
        elif len(text) > MAX_ANSWER_CHARACTERS:
            message = f"is {len(text):,} characters long; an answer may be at most {MAX_ANSWER_CHARACTERS:,}"
            messages.append(PlainMessage(question.label, message, "Shorten it to what the article reports."))
    return messages


def free_key(root: Path, key: str, fields: dict[str, str]) -> str:
    """The key itself when free or already naming this article; else key + b, c, …"""
    bibliography, _ = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
    for suffix in ["", *"bcdefghijklmnopqrstuvwxyz"]:
        candidate = key + suffix
        if candidate not in bibliography or same_article(bibliography[candidate].fields, fields):
            return candidate
    raise ScaffoldError(f"26 references are already named {key}: a maintainer must name this one by hand")


def free_case_id(root: Path, case_id: str) -> str:
    """Another patient of the same article gets -b, -c, … (the atlas's naming convention)."""
    for suffix in ["", *(f"-{letter}" for letter in "bcdefghijklmnopqrstuvwxyz")]:
        if not (root / CASES_DIR / f"{case_id}{suffix}.yaml").exists():
            return case_id + suffix
    raise ScaffoldError(f"26 cases are already named {case_id}: a maintainer must name this one by hand")


@dataclass(frozen=True)
class Submission:
    case_path: Path
    key: str
    reference_added: bool
    review: tuple[tuple[str, str], ...] = ()
    citation_missing: tuple[str, ...] = ()  # references.bib fields the submitter did not know (author, year)


def case_from_issue(
    root: Path, body: str, case_id: str | None = None, form: IssueForm | None = None
) -> Submission:
    """Write the case file and the reference stub of a filled form (`form`: the submission form, if read).

    `case_id` (from-issue --id) must be a case id: it names a file in cases/ and nowhere else.
    """
    if case_id is not None and not re.fullmatch(CASE_ID_PATTERN, case_id):
        raise ScaffoldError(f"'{case_id}' is not a case id: lowercase letters, digits and single hyphens")
    form = form or submission_form(root)
    answers = parse_body(body, form)
    problems = answer_problems(answers, form)
    if problems:
        raise AnswerProblems(problems)
    default_id, default_key = names_for(answers)
    fields = reference_fields(answers)
    key = free_key(root, default_key, fields)
    case_id = case_id or free_case_id(root, default_id)
    path = root / CASES_DIR / f"{case_id}.yaml"
    write_new_file(path, case_yaml(case_data(answers, case_id, key)))
    # Submitted details are the submitter's: all stay unverified until a maintainer checks them.
    unverified = [*BIB_FIELDS, *(name for name in ("pmid", "url") if name in fields)]
    added = add_reference_stub(root, key, fields, unverified)
    missing = tuple(missing_citation(answers)) if added else ()
    return Submission(path, key, added, tuple(review_notes(answers)), missing)
