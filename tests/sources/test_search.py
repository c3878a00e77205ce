"""literature/search.yaml: the record of the search, checked like the other literature data.

Each broken search file reports its problem at its line, in a contributor's words; a valid one
is what the Methods page writes out (tests/pages/test_methods_search.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.diagnostics import Diagnostic
from atlas.sources.bibliography import Bibliography, Reference
from atlas.sources.literature import load_literature
from tests.support.rule_fixtures import PUBLISHED, SEARCH


def search_problems(folder: Path, search: str | None) -> list[str]:
    (folder / "literature").mkdir()
    (folder / "literature" / "published.yaml").write_text(PUBLISHED % ("82", "smith2019"), encoding="utf-8")
    (folder / "literature" / "leads.yaml").write_text("{}\n", encoding="utf-8")
    if search is not None:
        (folder / "literature" / "search.yaml").write_text(search, encoding="utf-8")
    bibliography = Bibliography("references.bib", {"smith2019": Reference("smith2019", "article", {}, 1)})
    literature, problems = load_literature(folder, bibliography, {})
    return [problem.format() for problem in problems if isinstance(problem, Diagnostic)]


def test_the_minimal_search_is_valid(tmp_path: Path) -> None:
    assert search_problems(tmp_path, SEARCH) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda text: text.replace("'2026-01-31'\nsearched_by", "'2026-02-01'\nsearched_by"),
            "literature/search.yaml:1:22: E199 date_of_last_search: must be the date of the latest round, "
            "2026-01-31 (got '2026-02-01')",
        ),
        (
            lambda text: text + "review_lists:\n  - {key: jones2020, what: a review, used: its table}\n",
            "literature/search.yaml:15:11: E601 'jones2020' is not an entry of references.bib; add the "
            "reference there first",
        ),
        (
            lambda text: text.replace(
                "method: Free-text searches.", "method: As the review did [@jones2020]."
            ),
            "literature/search.yaml:3:27: E401 citation key 'jones2020' is not an entry of references.bib",
        ),
        (
            lambda text: (
                text + "review_lists:\n  - {key: smith2019, name: Smith, what: a review, used: its table}\n"
            ),
            "literature/search.yaml:15:5: E199 review_lists[0]: give key (its references.bib entry) or name, "
            "not both",
        ),
        (
            lambda text: text.replace(
                "terms: {English: [renal vein leiomyosarcoma]}", "terms: {English: []}"
            ),
            "literature/search.yaml:8:18: E107 terms.English: list should have at least 1 item after "
            "validation, not 0",
        ),
        (
            lambda text: text.replace("'2026-01-31'\nsearched_by", "'31 January 2026'\nsearched_by"),
            "literature/search.yaml:1:22: E106 date_of_last_search must be a date, quoted, e.g. '2026-12-01' "
            "(got '31 January 2026')",
        ),
    ],
    ids=[
        "last-search-not-latest-round",
        "unknown-review-key",
        "unknown-citation",
        "key-and-name",
        "no-terms",
        "date-form",
    ],
)
def test_a_broken_search_names_file_line_and_field(tmp_path: Path, change, expected: str) -> None:
    assert search_problems(tmp_path, change(SEARCH)) == [expected]


def test_a_missing_search_stops_the_build(tmp_path: Path) -> None:
    assert search_problems(tmp_path, None) == [
        "literature/search.yaml:1:1: E602 literature/search.yaml is missing; the site is built from it"
    ]
