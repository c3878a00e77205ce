"""The GitHub issue forms of .github/ISSUE_TEMPLATE/, each read once into one model.

Every reader of a form takes this model, so no two of them can read a form differently: links
that open a form with answers filled in name its fields by id (atlas.pages.issue_links), and a
link can only fill a field the form has; `from-issue` finds each answer of a filled form under its
question's label; the submitter's messages quote a question's label and description; the
submission workflow acts on the label the form gives its issues. Rename a question and all of
them follow at the next build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from atlas.diagnostics import Diagnostic
from atlas.paths import FORMS_DIR
from atlas.rules import rule

FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML's, where PyYAML has it

FILLABLE_TYPES = ("input", "textarea")  # GitHub fills these from the address; dropdowns and boxes it does not
# Query parameters GitHub reads for the issue itself: a question with one of these ids would be filled
# with the issue's title (or labels, ...) instead of its answer, so no form may use them.
RESERVED_IDS = ("title", "body", "labels", "assignees", "milestone", "projects", "template", "type")
_HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*$", flags=re.MULTILINE)


# Question id of the submission form → the references.bib field it fills (the authors are rewritten in
# BibTeX's form by the reader of the form, and from it by the links that fill the form).
REFERENCE_ANSWERS = {
    "authors": "author",
    "article_title": "title",
    "journal": "journal",
    "year": "year",
    "volume": "volume",
    "pages": "pages",
    "doi": "doi",
    "pmid": "pmid",
    "url": "url",
    "language": "language",
}


@dataclass(frozen=True)
class Question:
    """One question of a form: its id, its label (the heading of its answer), kind, options and help."""

    id: str
    label: str
    kind: str  # "input", "textarea", "dropdown" or "checkboxes"
    options: tuple[str, ...] = ()
    description: str = ""
    required: bool = False  # an answer (or, for tick boxes, a required tick) is needed to send the form
    multiple: bool = False  # a dropdown that takes several choices
    section: str = ""  # the heading of the form's part it is in ("" before the first heading)


@dataclass(frozen=True)
class IssueForm:
    """One form: its file name (the `template=` value), its name, the labels it gives and its questions."""

    file: str
    name: str
    labels: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()

    @property
    def fillable(self) -> tuple[str, ...]:
        """The ids of the questions a link can fill in."""
        return tuple(q.id for q in self.questions if q.kind in FILLABLE_TYPES and q.id)

    @property
    def required(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.required)

    @property
    def core(self) -> tuple[Question, ...]:
        """The questions before the form's first heading: the ones every submitter is asked to answer."""
        return tuple(q for q in self.questions if not q.section)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class IssueFormError(Exception):
    """A form that cannot be read (missing, not YAML, or not an issue form)."""


def parse_issue_form(file: str, text: str) -> tuple[IssueForm | None, list[Diagnostic]]:
    """The form in `text`, or None (with a problem) when it is not a readable issue form."""
    display = f"{FORMS_DIR}/{file}"
    try:
        data = _load_yaml(text)
    except yaml.YAMLError as failure:
        mark = getattr(failure, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(failure, "problem", None) or "invalid YAML"  # one line: the place is in line:column
        return None, [rule("E609").at(display, line, column, f"the issue form is not valid YAML: {reason}")]
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        return None, []  # e.g. config.yml, the template chooser's settings: not a form
    questions = tuple(_questions(data["body"]))
    name = str(data.get("name") or file)
    return IssueForm(file=file, name=name, labels=_labels(data.get("labels")), questions=questions), []


def _load_yaml(text: str) -> Any:
    """LibYAML's parser, about ten times faster on the forms (a tenth of validating 5,000 case
    files went to reading the three forms); on a syntax error the pure-Python parser reads the text
    again, so the problem is told in its words, as before."""
    try:
        return yaml.load(text, Loader=FAST_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def read_issue_form(root: Path, file: str) -> IssueForm:
    """One form of the project, e.g. SUBMIT_FORM, for a command that needs no other input."""
    path = root / FORMS_DIR / file
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as failure:
        raise IssueFormError(f"{FORMS_DIR}/{file} cannot be read: {failure.strerror}") from failure
    form, problems = parse_issue_form(file, text)
    if form is None:
        reason = problems[0].message if problems else "it has no body of questions"
        raise IssueFormError(f"{FORMS_DIR}/{file} is not an issue form: {reason}")
    return form


def _questions(body: list[Any]) -> list[Question]:
    """The questions in order, each with the last heading of the markdown blocks before it: markdown
    blocks of a form are text for the reader, not questions."""
    questions: list[Question] = []
    section = ""
    for item in body:
        if not isinstance(item, dict):
            continue
        attributes = item.get("attributes")
        attributes = attributes if isinstance(attributes, dict) else {}
        if item.get("type") == "markdown":
            headings = _HEADING.findall(str(attributes.get("value") or ""))
            section = headings[-1] if headings else section
        else:
            questions.append(_question(item, attributes, section))
    return questions


def _question(item: dict[str, Any], attributes: dict[str, Any], section: str) -> Question:
    raw_options = attributes.get("options") or []
    options = tuple(
        str(option.get("label", "")) if isinstance(option, dict) else str(option) for option in raw_options
    )
    validations = item.get("validations")
    required = isinstance(validations, dict) and validations.get("required") is True
    ticks = any(isinstance(option, dict) and option.get("required") is True for option in raw_options)
    return Question(
        id=str(item.get("id") or ""),
        label=str(attributes.get("label") or ""),
        kind=str(item.get("type") or ""),
        options=options,
        description=str(attributes.get("description") or ""),
        required=required or ticks,
        multiple=attributes.get("multiple") is True,
        section=section,
    )


def _labels(value: Any) -> tuple[str, ...]:
    """GitHub takes a form's labels as a list or as one comma-separated string."""
    if isinstance(value, str):
        return tuple(label.strip() for label in value.split(",") if label.strip())
    if isinstance(value, list):
        return tuple(str(label) for label in value)
    return ()
