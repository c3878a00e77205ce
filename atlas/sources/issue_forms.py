"""The GitHub issue forms of .github/ISSUE_TEMPLATE/, read for their field ids.

Links that open a form with answers filled in name its fields by id (one query parameter
per id). The ids are taken from the form files themselves, so a link can only fill a field
the form has: rename a question and the links follow at the next build, never point at a
field that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from atlas.diagnostics import Diagnostic
from atlas.paths import FORMS_DIR
from atlas.rules import rule

FILLABLE_TYPES = ("input", "textarea")  # GitHub fills these from the address; dropdowns and boxes it does not


@dataclass(frozen=True)
class IssueForm:
    """One form: its file name (the `template=` value) and the ids of the fields a link can fill."""

    file: str
    name: str
    fillable: tuple[str, ...]


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
    fillable = tuple(
        str(item["id"])
        for item in data["body"]
        if isinstance(item, dict) and item.get("type") in FILLABLE_TYPES and item.get("id")
    )
    return IssueForm(file=file, name=str(data.get("name") or file), fillable=fillable), []
