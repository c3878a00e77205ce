"""The issue forms read once into one model: questions, options, help and labels, for every reader."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
import yaml

from atlas.cases.vocabularies import Status
from atlas.cases.wording import STATUS
from atlas.inputs import read_inputs
from atlas.paths import FORMS_DIR, SUBMIT_FORM
from atlas.sources.issue_forms import (
    FAST_SAFE_LOADER,
    IssueForm,
    IssueFormError,
    Question,
    parse_issue_form,
    read_issue_form,
)
from tests.conftest import ROOT

FORM = """\
name: Submit
labels: ["new case", "needs review"]
body:
  - type: markdown
    attributes:
      value: Thank you.
  - type: input
    id: authors
    attributes:
      label: Authors
      description: As in the article.
  - type: dropdown
    id: sex
    attributes:
      label: Sex
      options: [not reported, female, male]
  - type: checkboxes
    id: inclusion
    attributes:
      label: Inclusion
      options:
        - label: The tumour arose from the renal vein
  - type: textarea
    id: notes
    attributes:
      label: Anything else
"""


def test_a_form_becomes_its_questions_in_order_with_their_options_and_help() -> None:
    form, problems = parse_issue_form("submit.yml", FORM)
    assert problems == []
    assert form == IssueForm(
        file="submit.yml",
        name="Submit",
        labels=("new case", "needs review"),
        questions=(
            Question("authors", "Authors", "input", (), "As in the article."),
            Question("sex", "Sex", "dropdown", ("not reported", "female", "male")),
            Question("inclusion", "Inclusion", "checkboxes", ("The tumour arose from the renal vein",)),
            Question("notes", "Anything else", "textarea"),
        ),
    )
    assert form.fillable == ("authors", "notes")


def test_labels_given_as_one_string_are_split_at_commas() -> None:
    form, _ = parse_issue_form("submit.yml", FORM.replace('["new case", "needs review"]', "new case, urgent"))
    assert form is not None and form.labels == ("new case", "urgent")


def test_a_file_that_is_not_a_form_is_skipped_and_broken_yaml_is_reported() -> None:
    assert parse_issue_form("config.yml", "blank_issues_enabled: false\n") == (None, [])
    form, problems = parse_issue_form("bad.yml", "name: [unclosed\n")
    assert form is None
    assert [problem.format() for problem in problems] == [
        ".github/ISSUE_TEMPLATE/bad.yml:2:1: E609 the issue form is not valid YAML: "
        "expected ',' or ']', but got '<stream end>'"
    ]


def test_a_command_is_told_which_form_it_could_not_read(tmp_path: Path) -> None:
    with pytest.raises(IssueFormError) as missing:
        read_issue_form(tmp_path, SUBMIT_FORM)
    assert str(missing.value) == (
        ".github/ISSUE_TEMPLATE/submit-case.yml cannot be read: No such file or directory"
    )
    (tmp_path / FORMS_DIR).mkdir(parents=True)
    (tmp_path / FORMS_DIR / SUBMIT_FORM).write_text("blank_issues_enabled: false\n", encoding="utf-8")
    with pytest.raises(IssueFormError) as not_a_form:
        read_issue_form(tmp_path, SUBMIT_FORM)
    assert str(not_a_form.value) == (
        ".github/ISSUE_TEMPLATE/submit-case.yml is not an issue form: it has no body of questions"
    )


def test_the_build_carries_the_same_forms_that_the_commands_read() -> None:
    inputs, _ = read_inputs(ROOT)
    submit = read_issue_form(ROOT, SUBMIT_FORM)
    assert inputs.issue_forms[SUBMIT_FORM] == submit
    assert submit.labels == ("new case",)


def test_the_submission_forms_status_options_say_what_the_wording_table_defines() -> None:
    """ "DOD (died with the disease)": the code, then the start of the table's definition of it."""
    status = next(q for q in read_issue_form(ROOT, SUBMIT_FORM).questions if q.id == "status")
    assert status.options[0] == "not reported"
    meanings = dict(option.removesuffix(")").split(" (", 1) for option in status.options[1:])
    assert list(meanings) == list(get_args(Status))
    assert {code: STATUS.definition[code][: len(meaning)] for code, meaning in meanings.items()} == meanings


@pytest.mark.parametrize(
    "path", sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")), ids=lambda p: p.name
)
def test_libyaml_reads_each_form_as_the_pure_python_parser_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=FAST_SAFE_LOADER) == yaml.safe_load(text)  # noqa: S506 - a safe loader
