"""The seed paper's Table 1 (patients treated by local excision), rebuilt from cases/ cell by cell.

The table is transcribed once (tests/fixtures/table1.yaml). The rebuild below reads only the
case files and references.bib, words each cell the way the table does, and must give the same
rows; the mutation tests show that a change to any cell, or to the case data behind it, fails.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from atlas.cases.model import Case
from atlas.diagnostics import errors_in
from atlas.inputs import Corpus, load_corpus
from tests.conftest import copy_project

FIXTURE = Path(__file__).parents[1] / "fixtures" / "table1.yaml"
COLUMNS = ("year", "author", "sex", "treatment", "survival", "recurrence")
REVIEW = "baheen2022"
INITIALS = re.compile(r"^[A-Z]\.?(\s*[A-Z]\.?)*$")

Row = dict[str, str]


def published_table() -> list[Row]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def in_table1(case: Case) -> bool:
    return case.extracted_from == REVIEW and "Table 1" in (case.locator or "")


def author_cell(corpus: Corpus, case: Case) -> str:
    """First author's surname; the table adds the initials where only initials are known ("Parker M")."""
    reference = corpus.bibliography[case.source]
    first = reference.authors[0]
    surname, _, given = (part.strip() for part in first.partition(","))
    return f"{surname} {given.replace('.', '')}" if given and INITIALS.match(given) else surname


def months(value: float | None) -> str:
    return f"{value:g} months"


def recurrence_cell(case: Case) -> str:
    """'No LR, no Mets', 'No LR, 12 months Mets', or '36 months' when the type is not given."""
    outcome = case.outcome
    parts = []
    for flag, when, label in (
        (outcome.local_recurrence, outcome.local_recurrence_months, "LR"),
        (outcome.metastasis, outcome.metastasis_months, "Mets"),
    ):
        if flag is False:
            parts.append(f"no {label}")
        elif flag is True:
            parts.append(f"{months(when)} {label}" if when is not None else label)
    if not parts and outcome.progression_months is not None:
        parts.append(months(outcome.progression_months))
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def rebuilt_table(corpus: Corpus) -> list[Row]:
    rows = []
    for case in corpus.cases:
        if not in_table1(case):
            continue
        rows.append(
            {
                "year": str(corpus.bibliography[case.source].year),
                "author": author_cell(corpus, case),
                "sex": {"female": "F", "male": "M"}[case.patient.sex],
                "treatment": case.treatment.surgery.capitalize(),
                "survival": f"{months(case.outcome.follow_up_months)} {case.outcome.status}",
                "recurrence": recurrence_cell(case),
            }
        )
    return sorted(rows, key=lambda row: (row["year"], row["author"]))


def table_differences(expected: list[Row], actual: list[Row]) -> list[str]:
    """Every cell that differs, as 'row N column: expected != actual'; also extra or missing rows."""
    differences = []
    for index in range(max(len(expected), len(actual))):
        if index >= len(actual):
            differences.append(f"row {index + 1}: missing, expected {expected[index]}")
            continue
        if index >= len(expected):
            differences.append(f"row {index + 1}: unexpected {actual[index]}")
            continue
        for column in COLUMNS:
            if expected[index][column] != actual[index][column]:
                differences.append(
                    f"row {index + 1} {column}: {expected[index][column]!r} != {actual[index][column]!r}"
                )
    return differences


def corpus_of(root: Path) -> Corpus:
    corpus, problems = load_corpus(root)
    assert not errors_in(problems), [p.format() for p in errors_in(problems)]
    return corpus


def test_fixture_is_the_whole_table() -> None:
    rows = published_table()
    assert len(rows) == 7
    assert all(tuple(row) == COLUMNS for row in rows)


def test_table1_is_rebuilt_from_the_cases_row_by_row(real_corpus: Corpus) -> None:
    assert table_differences(published_table(), rebuilt_table(real_corpus)) == []


CELLS = [(index, column) for index in range(7) for column in COLUMNS]


@pytest.mark.parametrize(("index", "column"), CELLS, ids=[f"row{i + 1}-{c}" for i, c in CELLS])
def test_changing_any_published_cell_fails(index: int, column: str, real_corpus: Corpus) -> None:
    expected = published_table()
    expected[index][column] += "x"
    differences = table_differences(expected, rebuilt_table(real_corpus))
    assert differences == [
        f"row {index + 1} {column}: {expected[index][column]!r} != {expected[index][column][:-1]!r}"
    ]


CASE_MUTATIONS = {
    "sex": ("cases/gierson-1976.yaml", "sex: female", "sex: male"),
    "year": ("references.bib", "author = {Hisa},\n  year = {2005}", "author = {Hisa},\n  year = {2006}"),
    "author": ("references.bib", "author = {Parker, M}", "author = {Parker, Mark}"),
    "survival-months": ("cases/hisa-2005.yaml", "follow_up_months: 8", "follow_up_months: 9"),
    "survival-status": ("cases/parker-2014.yaml", "status: NED", "status: AWD"),
    "metastasis-months": ("cases/dufor-1982.yaml", "metastasis_months: 12", "metastasis_months: 11"),
    "recurrence": ("cases/kolodziejski-2004.yaml", "local_recurrence: false", "local_recurrence: true"),
    "progression": ("cases/stringer-1977.yaml", "progression_months: 36", "progression_months: 30"),
    "treatment": ("cases/baheen-2022.yaml", "surgery: local excision", "surgery: partial nephrectomy"),
}


@pytest.mark.parametrize("name", sorted(CASE_MUTATIONS))
def test_changing_the_case_data_behind_a_cell_fails(name: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    relative, old, new = CASE_MUTATIONS[name]
    target = project / relative
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), encoding="utf-8")
    corpus, _ = load_corpus(project)
    assert len(table_differences(published_table(), rebuilt_table(corpus))) == 1


def test_a_missing_case_fails(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "cases" / "hisa-2005.yaml").unlink()
    differences = table_differences(published_table(), rebuilt_table(corpus_of(project)))
    assert differences and differences[-1].startswith("row 7: missing")


def test_a_case_outside_table1_is_not_in_the_rebuilt_table(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copy(project / "cases" / "urkan.yaml", project / "cases" / "urkan-b.yaml")
    path = project / "cases" / "urkan-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: urkan", "id: urkan-b"), encoding="utf-8")
    assert table_differences(published_table(), rebuilt_table(corpus_of(project))) == []
