"""Overall survival of the published patients: Kaplan–Meier curves and the log-rank test.

Death from any cause (DOD or DOC) is the event; a patient alive at last follow-up (NED or AWD)
is censored at `follow_up_months`. A case needs both the status and the follow-up time to enter
the analysis; the others are counted, not dropped silently. The estimates come from SciPy
(`scipy.stats.ecdf` on censored data, `scipy.stats.logrank`) rather than our own arithmetic,
so the only code here is bookkeeping: who is at risk, who had the event, who was censored.
"""

from __future__ import annotations

import math
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from atlas.model import Case

if TYPE_CHECKING:
    from scipy.stats import CensoredData

DEATH = frozenset({"DOD", "DOC"})
ALIVE = frozenset({"NED", "AWD"})
SURGERY_GROUPS = ("radical nephrectomy", "local excision")


@dataclass(frozen=True)
class Observation:
    case_id: str
    months: float
    died: bool


@dataclass(frozen=True)
class Step:
    """One distinct observed time of a curve, with the survival estimate just after it."""

    months: float
    at_risk: int
    deaths: int
    censored: int
    survival: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Curve:
    label: str
    observations: tuple[Observation, ...]
    steps: tuple[Step, ...]

    @property
    def n(self) -> int:
        return len(self.observations)

    @property
    def deaths(self) -> int:
        return sum(o.died for o in self.observations)

    def survival_at(self, months: float) -> float:
        """The estimate at a time: the value of the last step at or before it (1 before any step)."""
        value = 1.0
        for step in self.steps:
            if step.months > months:
                break
            value = step.survival
        return value

    def at_risk(self, months: float) -> int:
        return sum(1 for o in self.observations if o.months >= months)

    @property
    def median(self) -> float | None:
        """The first time the estimate reaches 50% or below; None while it is not reached."""
        return next((s.months for s in self.steps if s.survival <= 0.5), None)


@dataclass(frozen=True)
class SurvivalAnalysis:
    """Curves to compare, the log-rank p-value when it is defined, and the cases left out."""

    curves: tuple[Curve, ...]
    logrank_p: float | None
    cases: int
    without_follow_up_or_status: int
    outside_groups: int = 0

    @property
    def n(self) -> int:
        return sum(curve.n for curve in self.curves)

    @property
    def deaths(self) -> int:
        return sum(curve.deaths for curve in self.curves)


def observation(case: Case) -> Observation | None:
    """The case's time and event, or None when the status or the follow-up time is not reported."""
    outcome = case.outcome
    if outcome is None or outcome.status is None or outcome.follow_up_months is None:
        return None
    return Observation(case.id, float(outcome.follow_up_months), outcome.status in DEATH)


def kaplan_meier(label: str, observations: Sequence[Observation]) -> Curve:
    ordered = tuple(sorted(observations, key=lambda o: (o.months, o.case_id)))
    if not ordered:
        return Curve(label, ordered, ())
    result = _scipy_stats().ecdf(_censored(ordered))
    with warnings.catch_warnings():
        # The log-log interval is undefined where the estimate is 1 or 0; SciPy warns and gives NaN.
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = result.sf.confidence_interval(confidence_level=0.95, method="log-log")
    tally = _tally_by_time(ordered)
    steps = []
    for t, s, low, high in zip(
        result.sf.quantiles,
        result.sf.probabilities,
        interval.low.probabilities,
        interval.high.probabilities,
        strict=True,
    ):
        at_risk, deaths, censored = tally(float(t))
        steps.append(Step(float(t), at_risk, deaths, censored, float(s), _finite(low), _finite(high)))
    return Curve(label, ordered, tuple(steps))


def _tally_by_time(ordered: Sequence[Observation]) -> Callable[[float], tuple[int, int, int]]:
    """(at risk, deaths, censored) at a time, by bisection of the time-ordered observations.

    Counting over every observation at every distinct time was quadratic: with thousands of
    cases it took longer than the rest of the atlas together.
    """
    months = [o.months for o in ordered]
    deaths_before = list(accumulate((o.died for o in ordered), initial=0))

    def tally(t: float) -> tuple[int, int, int]:
        first, after = bisect_left(months, t), bisect_right(months, t)
        deaths = deaths_before[after] - deaths_before[first]
        return len(months) - first, deaths, after - first - deaths

    return tally


def logrank_p(first: Curve, second: Curve) -> float | None:
    """Two-sided log-rank p-value; None where the test is undefined (an empty group, no death, or
    deaths only when one group is left, which leaves the statistic without variance)."""
    if not first.observations or not second.observations or first.deaths + second.deaths == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the zero-variance case: NaN, reported as None
        result = _scipy_stats().logrank(_censored(first.observations), _censored(second.observations))
    return _finite(result.pvalue)


def overall_survival(cases: Sequence[Case]) -> SurvivalAnalysis:
    observations = [o for o in map(observation, cases) if o is not None]
    curve = kaplan_meier("All patients", observations)
    return SurvivalAnalysis((curve,), None, len(cases), len(cases) - len(observations))


def survival_by_surgery(cases: Sequence[Case]) -> SurvivalAnalysis:
    """Radical nephrectomy against local excision; other operations and unreported surgery are counted out."""
    usable = [(case, o) for case in cases if (o := observation(case)) is not None]
    curves = []
    for group in SURGERY_GROUPS:
        members = [o for case, o in usable if case.treatment and case.treatment.surgery == group]
        curves.append(kaplan_meier(group[:1].upper() + group[1:], members))
    in_groups = sum(curve.n for curve in curves)
    return SurvivalAnalysis(
        tuple(curves),
        logrank_p(curves[0], curves[1]),
        len(cases),
        len(cases) - len(usable),
        outside_groups=len(usable) - in_groups,
    )


def risk_table_times(longest: float) -> list[float]:
    """Times under the curve at which to show the numbers at risk: every 12, 24 or 60 months."""
    step = 12 if longest <= 72 else 24 if longest <= 144 else 60
    return [float(t) for t in range(0, int(longest) + 1, step)]


def _scipy_stats() -> ModuleType:
    """scipy.stats, imported on first use: it takes most of a second to import, and
    `build_site.py check`, which contributors run again and again, draws no curve."""
    from scipy import stats

    return stats


def _censored(observations: Sequence[Observation]) -> CensoredData:
    return _scipy_stats().CensoredData(
        uncensored=np.array([o.months for o in observations if o.died], dtype=float),
        right=np.array([o.months for o in observations if not o.died], dtype=float),
    )


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
