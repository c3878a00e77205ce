"""The benchmark's output: Markdown tables, ready to paste into benchmarks/RESULTS.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.budgets import KB, BudgetResult

if TYPE_CHECKING:
    from benchmarks.machine import Machine
    from benchmarks.main import SiteWeight, SizeResult
    from benchmarks.timing import Timing


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _seconds(timing: Timing) -> str:
    return f"{timing.median:.2f} s ({timing.median_cpu:.2f})"


def _kb(value: int | None) -> str:
    return "—" if value is None else f"{value / KB:,.0f} KB"


def _size_rows(sizes: list[SizeResult]) -> list[list[str]]:
    return [
        [
            f"{result.cases:,}",
            f"{result.pages:,}",
            str(result.runs),
            _seconds(result.check),
            _seconds(result.check_cli),
            _seconds(result.build),
            _seconds(result.floor),
            f"{result.build.median / result.floor.median:.2f}× "
            f"({result.build.median_cpu / result.floor.median_cpu:.2f}×)",
        ]
        for result in sizes
    ]


def _growth_note(sizes: list[SizeResult]) -> list[str]:
    notes = []
    for smaller, larger in zip(sizes, sizes[1:], strict=False):
        factor = larger.cases / smaller.cases
        growth = larger.build.median_cpu / smaller.build.median_cpu
        floor_growth = larger.floor.median_cpu / smaller.floor.median_cpu
        notes.append(
            f"{smaller.cases:,} → {larger.cases:,} cases ({factor:.1f}× the cases): build CPU time "
            f"{growth:.2f}×, bare MkDocs {floor_growth:.2f}×."
        )
    return notes


def _weight_rows(site: SiteWeight) -> list[list[str]]:
    rows = []
    for entry in site.types:
        if entry.url is None:
            rows.append([entry.page_type, "not built yet", "—", "—", "—", "—", "—", "—", "—", "—"])
            continue
        browser = entry.browser
        plotly = entry.files.loads("plotly") if entry.files else False
        if browser:
            plotly = plotly or browser.loads("plotly")
        index = bool(browser) and (browser.loads("/pagefind/") or browser.loads("search_index"))
        index = index or bool(entry.files and entry.files.loads("search_index"))
        sample = f"/{entry.url}" + (f" (heaviest of {entry.pages:,})" if entry.pages > 1 else "")
        rows.append(
            [
                entry.page_type,
                sample,
                _kb(entry.files.raw if entry.files else None),
                _kb(entry.files.gzip if entry.files else None),
                _kb(browser.raw) if browser else "—",
                _kb(browser.gzip) if browser else "—",
                str(len(browser.requests) if browser else len(entry.files.resources) if entry.files else 0),
                f"{browser.load_ms / 1000:.1f} s" if browser and browser.load_ms else "—",
                "yes" if plotly else "no",
                "yes" if index else "no",
            ]
        )
    return rows


def _browser_notes(site: SiteWeight) -> list[str]:
    notes = []
    for entry in site.types:
        if entry.browser and entry.browser.added_from_network:
            names = ", ".join(entry.browser.added_from_network)
            notes.append(f"{entry.page_type}: fetched outside the page's timeline (added): {names}.")
        if entry.browser and entry.browser.errors:
            notes.append(f"{entry.page_type}: JavaScript errors: {'; '.join(entry.browser.errors[:3])}.")
    if site.filter is not None:
        timings = ", ".join(f"{ms:.0f}" for ms in site.filter.milliseconds)
        notes.append(
            f"Case browser filter on `{site.filter.column}` with {site.filter.rows:,} rows: "
            f"{timings} ms (median {site.filter.median:.0f} ms)."
        )
    elif site.types and any(e.page_type == "case browser" and e.url for e in site.types):
        notes.append("Case browser filter: no filter control in the page yet (not built yet).")
    return notes


def render_report(
    *,
    machine: Machine,
    command: str,
    sizes: list[SizeResult],
    weights: list[SiteWeight],
    budgets: list[BudgetResult],
    contention: float | None,
    chromium: str | None,
    clock: str = "cpu",
) -> str:
    lines = [
        f"Benchmark of {machine.date}: `{command}`",
        "",
        f"Machine: {machine.cpus} CPUs ({machine.cpu_model}), Python {machine.python}, "
        f"MkDocs {machine.mkdocs}, Material {machine.material}"
        + (f", Chromium {chromium}" if chromium else ", no browser")
        + (f"; some task waited for a CPU {contention:.0f}% of the time" if contention is not None else "")
        + ".",
        "",
        "**Build and validation.** Median wall-clock seconds (CPU seconds in brackets) of fresh processes; "
        "`check` in-process is `atlas.site.build.check` (imports excluded), `build_site.py check` is the "
        "whole command; the floor is a bare Material site with the same number of plain pages and as many "
        "in the nav as ours.",
        "",
        *_table(
            [
                "cases",
                "pages",
                "runs",
                "check in-process",
                "`build_site.py check`",
                "build",
                "bare MkDocs floor",
                "build ÷ floor",
            ],
            _size_rows(sizes),
        ),
        "",
        *(f"- {note}" for note in _growth_note(sizes)),
    ]
    for site in weights:
        lines += [
            "",
            f"**Page weight, first visit: {site.label}.** Bytes of the HTML and everything it makes the "
            "browser fetch (no web fonts: there are none); files = counted from the built site (gzip -9 per "
            "file); Chromium = Performance API (`decodedBodySize`, and `encodedBodySize` from a local "
            "server that gzips like a static host), empty cache; load event = Chromium's time from "
            "navigation to the end of the page's load event (scripts such as chart drawing included).",
            "",
            *_table(
                [
                    "page type",
                    "page measured",
                    "files raw",
                    "files gzip",
                    "Chromium raw",
                    "Chromium gzip",
                    "requests",
                    "load event",
                    "plotly.js",
                    "search index",
                ],
                _weight_rows(site),
            ),
        ]
        notes = _browser_notes(site)
        if notes:
            lines += ["", *(f"- {note}" for note in notes)]
    judged = (
        "CPU seconds of the measured process (the wall clock of an idle machine: a shared machine's "
        "wall clock also counts the time spent waiting for a CPU)"
        if clock == "cpu"
        else "wall-clock seconds"
    )
    lines += [
        "",
        f"**Budgets.** Time budgets are judged on the medians in {judged}.",
        "",
        *_table(
            ["figure", "value", "budget", "holds"],
            [[result.figure, result.value, result.budget, result.status] for result in budgets],
        ),
        "",
    ]
    return "\n".join(lines)
