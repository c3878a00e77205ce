"""The performance budgets (issues 8 and 19), checked against one benchmark run.

A budget either holds ("yes"), fails ("NO"), or cannot be judged by this run: the page
type does not exist in the site yet ("not built yet") or the run did not include the
size it needs ("not measured"). Only a failure makes the benchmark exit non-zero.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

HOLDS = "yes"
FAILS = "NO"
NOT_BUILT = "not built yet"
NOT_MEASURED = "not measured"

BUILD_GROWTH_LIMIT = 5.5  # build(5,000) / build(1,000)
FLOOR_RATIO_LIMIT = 1.5  # build(1,000) / bare MkDocs(1,000)
FLOOR_PAIRS_NEEDED = 5  # alternating build/floor runs: a shared machine's floor varies more than ours
VALIDATION_LIMIT_S = 2.0  # check of 5,000 case files
# First visit, gzip, everything the browser fetches on load (Chromium), at 14 and at 5,000 cases: just
# above Material's own floor (a bare Material page is about 75 KB; a case page's own content 5.4 KB).
PAGE_LIMITS_KB = {"home": 90, "case page": 90, "case browser": 110, "atlas page": 120}
LARGE_ATLAS = 1000  # cases; from here the case browser, whose table holds every case, may weigh more
CASE_BROWSER_LARGE_LIMIT_KB = 260
# What no page may fetch before the reader asks for it (explores a chart, starts a search).
ON_DEMAND = {"plotly.js": ("plotly",), "a search index": ("/pagefind/", "search_index")}
FILTER_LIMIT_MS = 100  # case browser with 5,000 rows
KB = 1000


@dataclass(frozen=True)
class BudgetResult:
    figure: str
    value: str
    budget: str
    status: str

    @property
    def failed(self) -> bool:
        return self.status == FAILS


def _verdict(ok: bool) -> str:
    return HOLDS if ok else FAILS


def build_growth(build_1000: float | None, build_5000: float | None, clock: str = "") -> BudgetResult:
    figure = "build time, 5,000 cases ÷ 1,000 cases"
    return _ratio(figure, build_5000, build_1000, BUILD_GROWTH_LIMIT, clock)


def floor_ratio(builds: list[float] | None, floors: list[float] | None, clock: str = "") -> BudgetResult:
    """Judged on the median of the per-pair ratios of at least five alternating build/floor runs.

    One pair can land in a quiet or a busy spell of a shared machine; the ratio of a single run
    moved between 1.24× and 1.77× on the same code, so fewer pairs cannot judge the budget.
    """
    figure = "build time, 1,000 cases ÷ bare MkDocs floor, same page count"
    budget = f"≤ {FLOOR_RATIO_LIMIT}× (median of ≥ {FLOOR_PAIRS_NEEDED} alternating pairs)"
    if not builds or not floors:
        return BudgetResult(figure, "—", budget, NOT_MEASURED)
    pairs = list(zip(builds, floors, strict=True))
    if len(pairs) < FLOOR_PAIRS_NEEDED:
        return BudgetResult(figure, f"{len(pairs)} pair(s) only", budget, NOT_MEASURED)
    ratio = statistics.median(build / floor for build, floor in pairs)
    spread = f"{min(b / f for b, f in pairs):.2f}–{max(b / f for b, f in pairs):.2f}×"
    value = (
        f"{ratio:.2f}× (median of {len(pairs)} pairs, {spread}; medians "
        f"{statistics.median(builds):.1f} s ÷ {statistics.median(floors):.1f} s{clock})"
    )
    return BudgetResult(figure, value, budget, _verdict(ratio <= FLOOR_RATIO_LIMIT))


def _ratio(figure: str, top: float | None, bottom: float | None, limit: float, clock: str) -> BudgetResult:
    budget = f"≤ {limit}×"
    if top is None or bottom is None:
        return BudgetResult(figure, "—", budget, NOT_MEASURED)
    ratio = top / bottom
    return BudgetResult(
        figure, f"{ratio:.2f}× ({top:.1f} s ÷ {bottom:.1f} s{clock})", budget, _verdict(ratio <= limit)
    )


def validation(check_5000: float | None, clock: str = "") -> BudgetResult:
    figure = "validation of 5,000 case files (in-process `check`)"
    budget = f"< {VALIDATION_LIMIT_S:g} s"
    if check_5000 is None:
        return BudgetResult(figure, "—", budget, NOT_MEASURED)
    value = f"{check_5000:.2f} s{clock}"
    return BudgetResult(figure, value, budget, _verdict(check_5000 < VALIDATION_LIMIT_S))


def page_weight(figure: str, gzip_bytes: int | None, limit_kb: int, where: str) -> BudgetResult:
    budget = f"≤ {limit_kb} KB gzip"
    if gzip_bytes is None:
        return BudgetResult(figure, "—", budget, NOT_BUILT)
    return BudgetResult(
        figure, f"{gzip_bytes / KB:.0f} KB gzip ({where})", budget, _verdict(gzip_bytes <= limit_kb * KB)
    )


def page_limit_kb(page_type: str, cases: int) -> int | None:
    """The first-visit budget of a page type in an atlas of `cases` cases (None: no budget)."""
    if page_type == "case browser" and cases >= LARGE_ATLAS:
        return CASE_BROWSER_LARGE_LIMIT_KB
    return PAGE_LIMITS_KB.get(page_type)


def nothing_on_demand_fetched_on_load(offenders: list[str], visits: int, pages_checked: int) -> BudgetResult:
    """No first visit (Chromium) and no page's markup (every page) fetches plotly.js or a search index."""
    figure = "pages that fetch plotly.js or a search index on load"
    value = f"{len(offenders)} ({visits} first visits in Chromium, {pages_checked} pages' markup)"
    if offenders:
        value += ": " + ", ".join(offenders[:3])
    return BudgetResult(figure, value, "0", _verdict(not offenders))


def filter_speed(median_ms: float | None, rows: int | None, built: bool) -> BudgetResult:
    figure = "case browser, filtering a column with 5,000 rows (Chromium)"
    budget = f"< {FILTER_LIMIT_MS} ms"
    if not built:
        return BudgetResult(figure, "—", budget, NOT_BUILT)
    if median_ms is None or rows is None or rows < 5000:
        shown = f"{median_ms:.0f} ms with {rows} rows" if median_ms is not None else "—"
        return BudgetResult(figure, shown, budget, NOT_MEASURED)
    return BudgetResult(
        figure, f"{median_ms:.0f} ms (median, {rows} rows)", budget, _verdict(median_ms < FILTER_LIMIT_MS)
    )
