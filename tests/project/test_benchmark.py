"""The benchmark cannot rot: its corpora pass `check`, its page weights and budgets add up,
and the whole command runs on a tiny corpus (no timing is asserted anywhere)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.diagnostics import errors_in
from atlas.inputs import case_paths
from atlas.site.build import check
from benchmarks import budgets
from benchmarks.floor import write_floor_site
from benchmarks.main import nav_page_count
from benchmarks.pages import ATLAS, CASE_BROWSER, CASE_PAGE, HOME, REVIEW, discover, page_type
from benchmarks.synthetic import SECTIONS, SYNTHETIC_KEY, add_benchmark_cases
from benchmarks.weight import first_visit
from tests.conftest import ROOT, copy_project


def test_synthetic_cases_pass_check_and_are_reproducible(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "first")
    written = add_benchmark_cases(first, 40)
    inputs, problems = check(first)
    corpus = inputs.corpus
    assert errors_in(problems) == []
    ids = [case.id for case in corpus.cases if case.source == SYNTHETIC_KEY]
    assert ids == [f"synthetic-{n:05d}" for n in range(1, 41)]
    second = copy_project(tmp_path / "second")
    add_benchmark_cases(second, 40)
    assert [p.read_bytes() for p in written] == [(second / "cases" / p.name).read_bytes() for p in written]


def test_synthetic_cases_fill_every_section_of_the_model(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_benchmark_cases(project, 40)
    corpus = check(project)[0].corpus
    synthetic = [case for case in corpus.cases if case.source == SYNTHETIC_KEY]
    for section in SECTIONS:
        assert any(getattr(case, section) is not None for case in synthetic), section
        assert any(getattr(case, section) is None for case in synthetic), section  # "not reported" too


def test_synthetic_cases_never_touch_the_real_cases(tmp_path: Path) -> None:
    before = sorted(p.name for p in case_paths(ROOT))
    add_benchmark_cases(copy_project(tmp_path / "project"), 3)
    assert sorted(p.name for p in case_paths(ROOT)) == before
    assert not any(name.startswith("synthetic-") for name in before)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("", HOME),
        ("review/", REVIEW),
        ("review/imaging/", REVIEW),
        ("atlas/outcomes/", ATLAS),
        ("cases/", CASE_BROWSER),
        ("cases/baheen-2022/", CASE_PAGE),
        ("methods/", None),
        ("cases/a/b/", None),
    ],
)
def test_page_types_come_from_the_url(url: str, kind: str | None) -> None:
    assert page_type(url) == kind


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_first_visit_counts_what_the_page_makes_the_browser_fetch(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(
        site / "atlas" / "a" / "index.html",
        '<link rel="stylesheet" href="../../s.css"><link rel="canonical" href="https://example.org/">'
        '<script src="../../plotly-basic.min.js"></script><img src="../../i.png">'
        '<a href="../../not-fetched.html">link</a><div class="atlas-chart" data-figure="f.figure.json"></div>'
        '<form name="search"></form><script id="__config" type="application/json">'
        '{"base": "../..", "search": "../../worker.js"}</script>',
    )
    _write(site / "s.css", "body { background: url('bg.svg') } @font-face { src: url(f.woff2) }" * 20)
    _write(site / "bg.svg", "<svg></svg>")
    _write(site / "f.woff2", b"font")
    _write(site / "plotly-basic.min.js", "var x = 1;" * 500)
    _write(site / "i.png", b"\x89PNG" + bytes(100))
    _write(site / "worker.js", "onmessage = 1;")
    _write(site / "search" / "search_index.json", '{"docs": []}')
    _write(site / "not-fetched.html", "x")
    _write(site / "atlas" / "a" / "f.figure.json", "{}")  # fetched only when the chart is explored
    weight, has_chart = first_visit(site, "atlas/a/")
    fetched = sorted(r.url for r in weight.resources)
    assert fetched == [
        "atlas/a/index.html",
        "bg.svg",
        "i.png",
        "plotly-basic.min.js",
        "s.css",
        "search/search_index.json",
        "worker.js",
    ]
    assert has_chart and weight.loads("plotly")
    assert weight.raw == sum((site / url).stat().st_size for url in fetched)
    png = next(r for r in weight.resources if r.url == "i.png")
    assert png.gzip == png.raw  # images are served as they are
    css = next(r for r in weight.resources if r.url == "s.css")
    assert css.gzip < css.raw


def test_budgets_hold_fail_or_say_why_they_cannot_be_judged() -> None:
    assert budgets.floor_ratio([3.0] * 5, [2.0] * 5).status == budgets.HOLDS
    assert budgets.floor_ratio([3.1] * 5, [2.0] * 5).status == budgets.FAILS
    # judged on the median pair: one slow floor run does not carry the verdict, either way
    assert budgets.floor_ratio([3.0, 3.0, 3.0, 9.0, 9.0], [2.0] * 5).status == budgets.HOLDS
    assert budgets.floor_ratio([3.2, 3.2, 3.2, 2.0, 2.0], [2.0] * 5).status == budgets.FAILS
    assert budgets.floor_ratio([3.0] * 4, [2.0] * 4).status == budgets.NOT_MEASURED
    assert budgets.floor_ratio(None, [2.0]).status == budgets.NOT_MEASURED
    assert budgets.build_growth(10.0, 55.0).status == budgets.HOLDS
    assert budgets.build_growth(10.0, 56.0).status == budgets.FAILS
    assert budgets.validation(1.99).status == budgets.HOLDS
    assert budgets.validation(2.0).status == budgets.FAILS
    assert budgets.page_weight("case page", 90_000, 90, "x").status == budgets.HOLDS
    assert budgets.page_weight("case page", 90_001, 90, "x").status == budgets.FAILS
    assert budgets.page_weight("atlas page", None, 120, "").status == budgets.NOT_BUILT
    assert [budgets.page_limit_kb(kind, 14) for kind in ("home", "case page", "atlas page")] == [90, 90, 120]
    assert budgets.page_limit_kb("case browser", 14) == 110
    assert (
        budgets.page_limit_kb("case browser", 5000) == 260
        and budgets.page_limit_kb("review chapter", 14) is None
    )
    assert budgets.nothing_on_demand_fetched_on_load(["/cases/ (plotly.js)"], 9, 30).status == budgets.FAILS
    assert budgets.nothing_on_demand_fetched_on_load([], 9, 30).status == budgets.HOLDS
    assert budgets.filter_speed(None, None, built=False).status == budgets.NOT_BUILT
    assert budgets.filter_speed(20.0, 100, built=True).status == budgets.NOT_MEASURED
    assert budgets.filter_speed(99.0, 5000, built=True).status == budgets.HOLDS
    assert budgets.filter_speed(100.0, 5000, built=True).status == budgets.FAILS


def test_floor_site_has_the_pages_and_nav_it_was_asked_for(tmp_path: Path) -> None:
    floor = write_floor_site(tmp_path / "floor", pages=12, nav_pages=3)
    assert len(list((floor / "docs").glob("*.md"))) == 12
    assert nav_page_count(floor / "mkdocs.yml") == 3


def test_our_nav_count_reads_mkdocs_yml() -> None:
    assert nav_page_count(ROOT / "mkdocs.yml") >= 3


@pytest.mark.slow
@pytest.mark.browser
def test_the_benchmark_runs_end_to_end_on_a_tiny_corpus(tmp_path: Path) -> None:
    size = len(case_paths(ROOT)) + 3
    results = tmp_path / "results"
    arguments = ["--sizes", str(size), "--runs", "1", "--no-fail", "--workdir", str(tmp_path)]
    command = [sys.executable, "benchmarks/run.py", *arguments, "--results", str(results)]
    # A process of its own: the command as a user runs it, and its own Playwright (the suite's is busy).
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout == (results / "latest.md").read_text(encoding="utf-8") + "\n"
    report = (results / "latest.md").read_text(encoding="utf-8")
    for figure in (
        "build time, 5,000 cases ÷ 1,000 cases",
        "build time, 1,000 cases ÷ bare MkDocs floor",
        "validation of 5,000 case files",
        f"home, first visit, {size:,} cases",
        f"case page, first visit, {size:,} cases",
        f"case browser, first visit, {size:,} cases",
        f"atlas page, first visit, {size:,} cases",
        "pages that fetch plotly.js or a search index on load",
        "case browser, filtering a column",
    ):
        assert figure in report
    data = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    assert [s["cases"] for s in data["sizes"]] == [size]
    assert data["sizes"][0]["synthetic"] == 3
    built = discover(tmp_path / f"size-{size}" / "site")
    weights = {t["page_type"]: t for t in data["weights"][-1]["types"]}
    for kind, urls in built.by_type.items():
        if urls:  # Chromium fetched at least what the files say, and sizes agree with the files'
            entry = weights[kind]
            files_gzip = sum(resource["gzip"] for resource in entry["files"]["resources"])
            assert entry["browser"]["gzip"] >= files_gzip > 0, kind
            assert entry["browser"]["errors"] == [], kind
        else:
            assert weights[kind]["url"] is None and f"| {kind} | not built yet |" in report
