"""What `python benchmarks/run.py` does: measure each corpus size, weigh the pages, check the budgets."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from atlas.inputs import case_paths
from benchmarks import budgets
from benchmarks.browser import BrowserVisit, Chromium, FilterTiming, served
from benchmarks.floor import write_floor_site
from benchmarks.machine import CpuContention, Machine, describe
from benchmarks.pages import CASE_BROWSER, PAGE_TYPES, SitePages, count_html_pages, discover
from benchmarks.report import render_report
from benchmarks.synthetic import add_benchmark_cases
from benchmarks.timing import REPOSITORY, Timing, remove_tree, time_command, time_step
from benchmarks.weight import PageWeight, first_visit
from tests.conftest import copy_project

DEFAULT_SIZES = (100, 1000, 5000)
RESULTS = REPOSITORY / "benchmarks" / "results"
ALL_MEASURED_BELOW = 40  # page types with more pages than this: weigh the largest HTML files only
LARGEST_SAMPLE = 5
# Markup that would fetch plotly.js or a search index as the page loads.
ON_LOAD = re.compile(
    r"<(?:script|link)[^>]+(?:src|href)=\"[^\"]*(?:plotly|pagefind|search_index)[^\"]*\"", re.I
)
CHART_MARKUP = re.compile(r"data-figure=|class=\"[^\"]*\batlas-chart\b")


@dataclass
class SizeResult:
    cases: int
    synthetic: int
    pages: int
    nav_pages: int
    runs: int
    check: Timing
    check_cli: Timing
    build: Timing
    floor: Timing


@dataclass
class TypeWeight:
    page_type: str
    pages: int
    url: str | None = None
    files: PageWeight | None = None
    browser: BrowserVisit | None = None

    @property
    def gzip(self) -> int | None:
        """The first-visit gzip bytes: Chromium's figure when measured, else the files'."""
        if self.browser is not None:
            return self.browser.gzip
        return self.files.gzip if self.files else None


@dataclass
class SiteWeight:
    label: str
    cases: int
    types: list[TypeWeight] = field(default_factory=list)
    pages_checked: int = 0
    chart_pages: int = 0
    visits: int = 0  # first visits measured in Chromium
    on_load_offenders: list[str] = field(default_factory=list)  # fetched plotly.js or a search index
    filter: FilterTiming | None = None
    filter_built: bool = False


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Build cost, page weight and performance budgets of the atlas.",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="corpus sizes in cases, comma-separated (default 100,1000,5000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="runs per measurement (the median is reported); 5 judge the floor ratio",
    )
    parser.add_argument("--runs-largest", type=int, help="runs at the largest size (default: --runs)")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="judge the time budgets on CPU seconds (default; the wall clock of an idle machine) "
        "or on wall-clock seconds",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if a budget fails")
    parser.add_argument("--workdir", type=Path, help="where the corpora and sites go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for latest.md and latest.json")
    args = parser.parse_args(argv)
    args.size_list = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    if not args.size_list or min(args.size_list) < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")
    return args


def nav_page_count(config_file: Path) -> int:
    """Pages listed in mkdocs.yml's nav (the floor lists as many; the rest stay out of the nav)."""

    class _AnyTag(yaml.SafeLoader):
        pass

    _AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTag)  # noqa: S506 - SafeLoader

    def count(entries: object) -> int:
        if isinstance(entries, list):
            return sum(count(entry) for entry in entries)
        if isinstance(entries, dict):
            return sum(count(value) for value in entries.values())
        return 1 if isinstance(entries, str) and not entries.startswith(("http://", "https://")) else 0

    return count(config.get("nav", []))


def measure_size(size: int, runs: int, workdir: Path, real_cases: int) -> tuple[SizeResult, Path]:
    project = copy_project(workdir / f"size-{size}")
    synthetic = max(size - real_cases, 0)
    add_benchmark_cases(project, synthetic)
    site = project / "site"
    print(f"  {size} cases ({synthetic} synthetic): validation…", file=sys.stderr, flush=True)
    check = time_step("check", project, runs=runs)
    check_cli = time_command([sys.executable, "build_site.py", "check"], project, runs=runs)
    print(f"  {size} cases: build and bare MkDocs floor, run by run…", file=sys.stderr, flush=True)
    build = time_step("build", project, site, runs=1, before_each=remove_tree(site))
    pages = count_html_pages(site)
    nav_pages = nav_page_count(project / "mkdocs.yml")
    floor_root = write_floor_site(workdir / f"floor-{size}", pages, nav_pages)
    floor = time_step("floor", floor_root, runs=1, before_each=remove_tree(floor_root / "site"))
    for _ in range(runs - 1):  # alternated, so that a busy spell of a shared machine slows both alike
        build += time_step("build", project, site, runs=1, before_each=remove_tree(site))
        floor += time_step("floor", floor_root, runs=1, before_each=remove_tree(floor_root / "site"))
    shutil.rmtree(floor_root)
    cases = real_cases + synthetic
    return SizeResult(cases, synthetic, pages, nav_pages, runs, check, check_cli, build, floor), site


def _heaviest(site: Path, urls: list[str]) -> tuple[PageWeight, list[str]]:
    if len(urls) > ALL_MEASURED_BELOW:
        by_size = sorted(urls, key=lambda url: (site / url / "index.html").stat().st_size, reverse=True)
        urls = by_size[:LARGEST_SAMPLE]
    weights = [first_visit(site, url)[0] for url in urls]
    return max(weights, key=lambda weight: (weight.gzip, weight.url)), urls


def _markup_scan(pages: SitePages) -> tuple[list[str], int]:
    """Pages whose markup fetches plotly.js or a search index on load, and how many pages have charts."""
    offenders: list[str] = []
    chart_pages = 0
    for url in pages.all_pages:
        html = pages.file_of(url).read_text(encoding="utf-8", errors="replace")
        chart_pages += bool(CHART_MARKUP.search(html))
        if ON_LOAD.search(html):
            offenders.append("/" + url)
    return offenders, chart_pages


def _fetched_on_demand(visit: BrowserVisit) -> list[str]:
    """What a first visit fetched that only a reader's request should fetch."""
    return [
        what
        for what, parts in budgets.ON_DEMAND.items()
        if any(part in url for part in parts for url in visit.requests)
    ]


def weigh_site(label: str, site: Path, cases: int, chromium: Chromium | None) -> SiteWeight:
    pages = discover(site)
    result = SiteWeight(label=label, cases=cases, pages_checked=len(pages.all_pages))
    result.on_load_offenders, result.chart_pages = _markup_scan(pages)
    with served(site) as base:
        for kind in PAGE_TYPES:
            urls = pages.by_type[kind]
            entry = TypeWeight(kind, len(urls))
            result.types.append(entry)
            if not urls:
                continue
            entry.files, _ = _heaviest(site, urls)
            entry.url = entry.files.url
            if chromium:
                entry.browser = chromium.first_visit(base, site, entry.url)
                result.visits += 1
                for what in _fetched_on_demand(entry.browser):
                    result.on_load_offenders.append(f"/{entry.url} ({what}, in Chromium)")
        if chromium and pages.by_type[CASE_BROWSER]:
            result.filter = chromium.filter_timing(base, pages.by_type[CASE_BROWSER][0], rows=cases)
            result.filter_built = result.filter is not None
    return result


def check_budgets(
    sizes: list[SizeResult], weights: list[SiteWeight], clock: str = "cpu"
) -> list[budgets.BudgetResult]:
    by_cases = {result.cases: result for result in sizes}
    label = " CPU" if clock == "cpu" else " wall-clock"

    def median(cases: int, step: str) -> float | None:
        result = by_cases.get(cases)
        if result is None:
            return None
        timing = getattr(result, step)
        return timing.median_cpu if clock == "cpu" else timing.median

    def samples(cases: int, step: str) -> list[float] | None:
        result = by_cases.get(cases)
        if result is None:
            return None
        timing = getattr(result, step)
        return timing.cpu if clock == "cpu" else timing.wall

    results = [
        budgets.build_growth(median(1000, "build"), median(5000, "build"), label),
        budgets.floor_ratio(samples(1000, "build"), samples(1000, "floor"), label),
        budgets.validation(median(5000, "check"), label),
    ]
    for site in weights:
        for entry in site.types:
            limit = budgets.page_limit_kb(entry.page_type, site.cases)
            if limit is None:
                continue
            figure = f"{entry.page_type}, first visit, {site.cases:,} cases"
            where = f"/{entry.url}" if entry.url is not None else ""
            results.append(budgets.page_weight(figure, entry.gzip, limit, where))
    offenders = [f"{site.cases:,} cases: {url}" for site in weights for url in site.on_load_offenders]
    results.append(
        budgets.nothing_on_demand_fetched_on_load(
            offenders, sum(site.visits for site in weights), sum(site.pages_checked for site in weights)
        )
    )
    timed = [site.filter for site in weights if site.filter is not None]
    largest = max(timed, key=lambda timing: timing.rows) if timed else None
    results.append(
        budgets.filter_speed(
            largest.median if largest else None,
            largest.rows if largest else None,
            any(site.filter_built for site in weights),
        )
    )
    return results


def save(results_dir: Path, report: str, data: dict) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "latest.md").write_text(report, encoding="utf-8")
    (results_dir / "latest.json").write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    machine: Machine = describe()
    contention = CpuContention()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="atlas-benchmark-"))
    workdir.mkdir(parents=True, exist_ok=True)
    real_cases = len(case_paths(REPOSITORY))
    chromium = None if args.no_browser else Chromium()
    try:
        sizes: list[SizeResult] = []
        largest_site: Path | None = None
        for size in args.size_list:
            runs = args.runs_largest if size == args.size_list[-1] and args.runs_largest else args.runs
            result, site = measure_size(size, runs, workdir, real_cases)
            sizes.append(result)
            if largest_site is not None:
                shutil.rmtree(largest_site.parent)
            largest_site = site
        print("  page weight…", file=sys.stderr, flush=True)
        real_site = workdir / "real" / "site"
        time_step("build", REPOSITORY, real_site, runs=1)
        label = f"the atlas as it is ({real_cases} case{'' if real_cases == 1 else 's'})"
        weights = [weigh_site(label, real_site, real_cases, chromium)]
        if largest_site is not None:
            weights.append(weigh_site(f"{sizes[-1].cases:,} cases", largest_site, sizes[-1].cases, chromium))
        results = check_budgets(sizes, weights, args.clock)
        report = render_report(
            machine=machine,
            command=" ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
            sizes=sizes,
            weights=weights,
            budgets=results,
            contention=contention.percent(),
            clock=args.clock,
            chromium=chromium.version if chromium else None,
        )
    finally:
        if chromium:
            chromium.close()
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report)
    save(
        args.results,
        report,
        {
            "machine": asdict(machine),
            "sizes": [asdict(result) for result in sizes],
            "weights": [asdict(weight) for weight in weights],
            "budgets": [asdict(result) for result in results],
        },
    )
    failed = [result for result in results if result.failed]
    return 1 if failed and not args.no_fail else 0
