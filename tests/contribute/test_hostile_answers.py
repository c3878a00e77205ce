"""Hostile answers in a submitted form stay inert everywhere: each is refused or quoted with the question
named and the exact message, and nothing is written where it should not be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.contribute.form_messages import PlainMessage
from atlas.contribute.issue_form import AnswerProblems, case_from_issue
from atlas.sources.bibliography import load_bibliography
from tests.conftest import run_in_process

CORE = Path(__file__).parents[1] / "fixtures" / "issue-form" / "core-questions.md"


def answered(label: str, answer: str) -> str:
    """The core fixture with one answer replaced, as GitHub renders it under the question's label."""
    body = CORE.read_text(encoding="utf-8")
    replaced, count = re.subn(
        rf"(### {re.escape(label)}\n\n)(.*?)(\n\n### |\n\Z)",
        lambda m: m.group(1) + answer + m.group(3),
        body,
        flags=re.S,
    )
    assert count == 1, label
    return replaced


def untouched(project: Path) -> tuple[list[str], str]:
    cases = sorted(path.name for path in (project / "cases").iterdir())
    return cases, (project / "references.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("label", "answer", "character"),
    [
        ("Authors", "Smith J, \u202eenaJ A", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        (
            "Article title",
            "Leiomyosarcoma of the renal vein\u2066 reversed\u2069",
            "U+2066 (LEFT-TO-RIGHT ISOLATE)",
        ),
        ("Journal", "Urology\u200b Case Reports", "U+200B (ZERO WIDTH SPACE)"),
    ],
)
def test_an_invisible_or_bidirectional_character_is_refused_with_its_question(
    project: Path, label: str, answer: str, character: str
) -> None:
    before = untouched(project)
    with pytest.raises(AnswerProblems) as refused:
        case_from_issue(project, answered(label, answer))
    assert refused.value.messages == [
        PlainMessage(
            label,
            f"holds the invisible character {character}, which makes text read differently from what it is",
            "Type the answer again.",
        )
    ]
    assert untouched(project) == before, "no case file, no reference"


def test_a_one_megabyte_answer_is_refused_with_its_question(project: Path) -> None:
    with pytest.raises(AnswerProblems) as refused:
        case_from_issue(project, answered("Histology", "x" * 1_048_576))
    assert refused.value.messages == [
        PlainMessage(
            "Histology",
            "is 1,048,576 characters long; an answer may be at most 2,000",
            "Shorten it to what the article reports.",
        )
    ]


def test_from_issue_takes_only_a_case_id_as_id(project: Path, tmp_path: Path) -> None:
    body = tmp_path / "body.md"
    body.write_text(CORE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_in_process(project, "from-issue", str(body), "--id", "../../x")
    assert result.returncode == 1
    assert result.stderr == (
        "from-issue: '../../x' is not a case id: lowercase letters, digits and single hyphens\n"
    )
    assert not list(project.parent.rglob("x.yaml")), "no file outside cases/"


@pytest.mark.parametrize(
    ("authors", "case_file", "key", "bib_authors"),
    [
        ("Иванов И.И., Петров П.П.", "ivanov-2023.yaml", "ivanov2023", ["Иванов, И.И.", "Петров, П.П."]),
        ("王伟, 李明", "wangwei-2023.yaml", "wangwei2023", ["王伟", "李明"]),
    ],
)
def test_non_latin_authors_are_accepted_with_an_ascii_id(
    project: Path, authors: str, case_file: str, key: str, bib_authors: list[str]
) -> None:
    submission = case_from_issue(project, answered("Authors", authors))
    assert (submission.case_path.name, submission.key) == (case_file, key)
    bibliography, _ = load_bibliography(project / "references.bib")
    assert bibliography[key].authors == bib_authors, "the names as written, in the reference"


@pytest.mark.slow
def test_a_record_without_authors_or_year_gets_an_id_and_passes_check(project: Path) -> None:
    body = answered("Year of publication", "_No response_")
    body = re.sub(r"(### Authors\n\n).*?\n", r"\1_No response_\n", body)
    submission = case_from_issue(project, body)
    assert submission.case_path.name == "synthetic-core-only.yaml"
    assert submission.citation_missing == ("author", "year")
    checked = run_in_process(project, "check", "--all")
    assert checked.returncode == 0, checked.stdout
    assert "cases/synthetic-core-only.yaml" not in checked.stdout
