"""The GitHub issue forms of .github/ISSUE_TEMPLATE/, each read once into one model.

Every reader of a form takes this model, so no two of them can read a form differently: links
that open a form with answers filled in name its fields by id (atlas.pages.issue_links), and a
link can only fill a field the form has; `from-issue` finds each answer of a filled form under its
question's label; the submitter's messages quote a question's label and description; the
submission workflow acts on the label the form gives its issues. Rename a question and all of
them follow at the next build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from atlas.diagnostics import Diagnostic
from atlas.paths import FORMS_DIR
from atlas.rules import rule

FILLABLE_TYPES = ("input", "textarea")  # GitHub fills these from the address; dropdowns and boxes it does not


@dataclass(frozen=True)
class Question:
    """One question of a form: its id, its label (the heading of its answer), kind, options and help."""

    id: str
    label: str
    kind: str  # "input", "textarea", "dropdown" or "checkboxes"
    options: tuple[str, ...] = ()
    description: str = ""


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


class IssueFormError(Exception):
    """A form that cannot be read (missing, not YAML, or not an issue form)."""


def parse_issue_form(file: str, text: str) -> tuple[IssueForm | None, list[Diagnostic]]:
    """The form in `text`, or None (with a problem) when it is not a readable issue form."""
    display = f"{FORMS_DIR}/{file}"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as failure:
        mark = getattr(failure, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(failure, "problem", None) or "invalid YAML"  # one line: the place is in line:column
        return None, [rule("E609").at(display, line, column, f"the issue form is not valid YAML: {reason}")]
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        return None, []  # e.g. config.yml, the template chooser's settings: not a form
    questions = tuple(_question(item) for item in data["body"] if _is_question(item))
    name = str(data.get("name") or file)
    return IssueForm(file=file, name=name, labels=_labels(data.get("labels")), questions=questions), []


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


def _is_question(item: Any) -> bool:
    """Markdown blocks of a form are text for the reader, not questions."""
    return isinstance(item, dict) and item.get("type") != "markdown"


def _question(item: dict[str, Any]) -> Question:
    attributes = item.get("attributes")
    attributes = attributes if isinstance(attributes, dict) else {}
    options = tuple(
        str(option.get("label", "")) if isinstance(option, dict) else str(option)
        for option in attributes.get("options") or []
    )
    return Question(
        id=str(item.get("id") or ""),
        label=str(attributes.get("label") or ""),
        kind=str(item.get("type") or ""),
        options=options,
        description=str(attributes.get("description") or ""),
    )


def _labels(value: Any) -> tuple[str, ...]:
    """GitHub takes a form's labels as a list or as one comma-separated string."""
    if isinstance(value, str):
        return tuple(label.strip() for label in value.split(",") if label.strip())
    if isinstance(value, list):
        return tuple(str(label) for label in value)
    return ()
