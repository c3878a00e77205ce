"""The changes made for scale keep the behaviour: lazy positions, the paused collector, a search
index that stops growing with the corpus, survival bookkeeping without a quadratic loop."""

from __future__ import annotations

import gc
import random
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.cases.load import Position, load_yaml_file
from atlas.diagnostics import errors_in
from atlas.evidence.survival import Observation, kaplan_meier
from atlas.inputs import case_paths, load_corpus
from atlas.pages.case_page import SEARCHABLE_CASES_LIMIT
from atlas.pages.case_title import case_title
from atlas.pages.html_page import PrerenderedPage
from atlas.pages.render import render_prerendered_pages
from atlas.site.build import check
from atlas.site.search_index import short_entries
from benchmarks.synthetic import add_benchmark_cases
from tests.conftest import ROOT, copy_project
from tests.support.search_index import search_entries, searched_pages

CASE = ROOT / "cases" / "baheen-2022.yaml"


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_positions_are_found_only_when_asked_and_point_at_the_text() -> None:
    loaded, problems = load_yaml_file(CASE, "cases/baheen-2022.yaml")
    assert problems == [] and loaded.data["id"] == "baheen-2022"
    assert loaded._positions is None  # a valid file never pays for its positions
    text = CASE.read_text(encoding="utf-8")
    line = _line_of(text, "age_years:")
    assert loaded.where(("patient", "age_years"), key=True) == Position(line, 3)
    assert loaded.where(("patient", "age_years")).line == line
    assert loaded.where(("patient", "no_such_field")) == loaded.where(("patient",))
    imaging = _line_of(text, "- modality: CT")
    assert loaded.where(("diagnosis", "imaging", 1, "modality")) == Position(imaging, 17)


def test_duplicate_keys_are_still_reported_at_their_second_occurrence(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\npatient:\n  sex: male\n  age_years: 3\n  sex: female\n", encoding="utf-8")
    loaded, problems = load_yaml_file(path, "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("E006", 5, 3)]
    assert loaded.data["patient"] == {"sex": "male", "age_years": 3}
    assert loaded.where(("patient", "sex"), key=True) == Position(3, 3)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_restores_the_garbage_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        load_corpus(ROOT)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_search_holds_pages_not_reference_lists_charts_or_lists_of_case_ids(built_site: Path) -> None:
    """What search finds: every page but What changed, without what a page marks data-search-exclude."""
    pages = searched_pages(built_site)
    case_pages = {f"cases/{path.stem}/" for path in case_paths(ROOT)}
    assert case_pages <= pages.keys()
    assert {"", "cases/", "review/key-points/", "atlas/outcomes/"} <= pages.keys()
    assert "changes/" not in pages  # "What changed" is kept out (front matter search: exclude)
    lists = [e for e in search_entries(built_site) if e["location"].endswith("#references")]
    assert lists and all(entry["text"] == "" for entry in lists)  # a chapter's reference list is left out
    assert "review/treatment/#references" in {entry["location"] for entry in lists}
    assert "Baheen Q, Bi H" not in pages["references/"]  # and the bibliography of the References page
    outcomes = pages["atlas/outcomes/"]
    assert "Number at risk" not in outcomes and "95% CI low" not in outcomes  # charts and their tables
    assert '{"data":' not in " ".join(pages.values())  # no figure JSON
    coverage = pages["coverage/"]
    assert "Baheen" in coverage and "baheen-2022" not in coverage  # the articles, not their case ids


@pytest.mark.parametrize("extra", [0, 1])
def test_above_the_limit_case_pages_are_found_by_a_short_entry(tmp_path: Path, extra: int) -> None:
    project = copy_project(tmp_path / "project")
    real = len(case_paths(project))
    add_benchmark_cases(project, SEARCHABLE_CASES_LIMIT - real + extra)
    inputs, problems = check(project)
    assert not errors_in(problems) and len(inputs.corpus.cases) == SEARCHABLE_CASES_LIMIT + extra
    pages = render_prerendered_pages(inputs)
    page = next(page for page in pages if page.src_uri == "cases/baheen-2022.md")
    assert page.meta.get("search", {}).get("exclude", False) is bool(extra)
    baheen = next(c for c in inputs.corpus.cases if c.id == "baheen-2022")
    assert page.title == case_title(baheen, inputs.corpus)
    browser = next(page for page in pages if page.src_uri == "cases/index.md")
    assert browser.meta.get("search", {}).get("exclude", False) is bool(extra)
    entries = short_entries(pages)
    assert len(entries) == (SEARCHABLE_CASES_LIMIT + 1 if extra else 0)  # every case page, not the browser
    if extra:
        (entry,) = [entry for entry in entries if entry["location"] == "cases/baheen-2022/"]
        assert entry == {
            "location": "cases/baheen-2022/",
            "title": case_title(baheen, inputs.corpus),
            "text": case_title(baheen, inputs.corpus),
        }


def test_short_entries_are_escaped_as_material_escapes_its_own() -> None:
    page = PrerenderedPage(
        "cases/x.md",
        "Case <x>",
        "<h1>x</h1>",
        [],
        {"search": {"exclude": True}, "atlas_citation_title": "a<b>"},
    )
    assert short_entries([page]) == [
        {"location": "cases/x/", "title": "Case &lt;x&gt;", "text": "a&lt;b&gt;"}
    ]


def test_survival_counts_at_each_time_follow_their_definition() -> None:
    """The bisection bookkeeping gives what counting every patient at every time gives (ties included)."""
    rng = random.Random(8)
    observations = [
        Observation(f"case-{n}", float(rng.choice([1, 2, 2.5, 6, 6, 12, 24, 30])), rng.random() < 0.4)
        for n in range(300)
    ]
    curve = kaplan_meier("all", observations)
    assert len(curve.steps) == len({o.months for o in observations})
    for step in curve.steps:
        assert step.at_risk == sum(o.months >= step.months for o in observations)
        assert step.deaths == sum(o.months == step.months and o.died for o in observations)
        assert step.censored == sum(o.months == step.months and not o.died for o in observations)


@pytest.mark.slow
def test_the_check_command_does_not_import_scipy() -> None:
    """Contributors run `check` again and again; SciPy took most of its second (survival imports it late)."""
    script = "import sys, atlas.cli, atlas.site.build; print('scipy' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert completed.stdout.strip() == "False", completed.stderr
