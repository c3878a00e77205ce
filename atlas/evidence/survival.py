"""Overall survival of the published patients: Kaplan–Meier curves and the log-rank test.

Death from any cause (DOD or DOC) is the event; a patient alive at last follow-up (NED or AWD)
is censored at `follow_up_months`. A case needs both the status and the follow-up time to enter
the analysis; the others are counted, not dropped silently.

The arithmetic is SciPy's, written out: the product-limit estimate with Greenwood's variance
and log-log limits as `scipy.stats.ecdf(...).sf.confidence_interval(method="log-log")`, and
the log-rank statistic as `scipy.stats.logrank`. Importing scipy.stats took about 0.8 s of
CPU, a quarter of the build's whole time budget at 1,000 cases (DESIGN.md, Built for scale), for
some twenty lines of textbook formulas. SciPy stays the reference: tests compare every
estimate, limit and p-value with it on random samples with ties and censoring.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from statistics import NormalDist

from atlas.cases.model import Case
from atlas.cases.vocabularies import DEATH
from atlas.cases.wording import SURGERY

SURGERY_GROUPS = ("radical nephrectomy", "local excision")
# The single curve holds the patients with both the status and the follow-up time, not all of them
# (recount L-12: "All patients" read as the 14 when it was 8).
ANALYSED = "Patients analysed"
Z_95 = NormalDist().inv_cdf(0.975)  # two-sided 95% limits


@dataclass(frozen=True)
class Observation:
    case_id: str
    months: float
    died: bool
    from_diagnosis: bool = False  # the source counts the time from diagnosis, not from surgery
    read_from: str = ""  # the document the values were read from (its reference key)
    authors_own: bool = True  # the patient of that document's authors, not a row of its table


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
    group: str = ""  # who the patients are, after "7 patients": "after local excision"

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
    # Operations of the analysed patients (None: not reported), so a curve can say who is in it.
    operations: tuple[tuple[str | None, int], ...] = ()
    from_diagnosis: int = 0  # analysed patients whose follow-up the source counts from diagnosis

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
    return Observation(
        case.id,
        float(outcome.follow_up_months),
        outcome.status in DEATH,
        outcome.follow_up_counted_from == "diagnosis",
        case.extracted_from or case.source,
        case.extracted_from in (None, case.source),
    )


def kaplan_meier(label: str, observations: Sequence[Observation], group: str = "") -> Curve:
    ordered = tuple(sorted(observations, key=lambda o: (o.months, o.case_id)))
    steps = []
    survival, greenwood = 1.0, 0.0
    for months, at_risk, deaths, censored in _by_time(ordered):
        survival *= (at_risk - deaths) / at_risk
        greenwood += deaths / (at_risk * (at_risk - deaths)) if deaths < at_risk else math.inf
        low, high = _log_log_limits(survival, greenwood)
        steps.append(Step(months, at_risk, deaths, censored, survival, low, high))
    return Curve(label, ordered, tuple(steps), group)


def _by_time(ordered: Sequence[Observation]) -> Iterator[tuple[float, int, int, int]]:
    """(time, at risk, deaths, censored) at each distinct time, every observed time included."""
    at_risk = len(ordered)
    for months, group in groupby(ordered, key=lambda o: o.months):
        members = list(group)
        deaths = sum(o.died for o in members)
        yield months, at_risk, deaths, len(members) - deaths
        at_risk -= len(members)


def _log_log_limits(survival: float, greenwood: float) -> tuple[float | None, float | None]:
    """95% limits on the log(-log) scale; undefined (None) where the estimate is 1 or 0."""
    if not 0.0 < survival < 1.0:
        return None, None
    spread = Z_95 * math.sqrt(greenwood) / abs(math.log(survival))
    centre = math.log(-math.log(survival))
    return math.exp(-math.exp(centre + spread)), math.exp(-math.exp(centre - spread))


def logrank_p(first: Curve, second: Curve) -> float | None:
    """Two-sided log-rank p-value; None where the test is undefined (an empty group, no death, or
    deaths only when one group is left, which leaves the statistic without variance)."""
    if not first.observations or not second.observations or first.deaths + second.deaths == 0:
        return None
    tagged = [(o.months, o.died, True) for o in first.observations]
    tagged += [(o.months, o.died, False) for o in second.observations]
    tagged.sort(key=lambda item: item[0])
    at_risk, at_risk_first = len(tagged), len(first.observations)
    expected, variance = 0.0, 0.0
    for _, group in groupby(tagged, key=lambda item: item[0]):
        members = list(group)
        deaths = sum(died for _, died, _ in members)
        if deaths:
            expected += at_risk_first * deaths / at_risk
            variance += _hypergeometric_variance(at_risk, at_risk_first, deaths)
        at_risk -= len(members)
        at_risk_first -= sum(is_first for _, _, is_first in members)
    excess = first.deaths - expected
    if variance == 0.0:
        return None if excess == 0.0 else 0.0  # as SciPy: 0/0 is NaN (no p-value), x/0 infinite (p = 0)
    return math.erfc(abs(excess / math.sqrt(variance)) / math.sqrt(2))


def _hypergeometric_variance(at_risk: int, at_risk_first: int, deaths: int) -> float:
    if at_risk < 2:
        return 0.0
    others = at_risk - at_risk_first
    return at_risk_first * others * deaths * (at_risk - deaths) / (at_risk**2 * (at_risk - 1))


def overall_survival(cases: Sequence[Case]) -> SurvivalAnalysis:
    usable = [(case, o) for case in cases if (o := observation(case)) is not None]
    curve = kaplan_meier(ANALYSED, [o for _, o in usable])
    surgeries = Counter(case.treatment.surgery if case.treatment else None for case, _ in usable)
    operations = tuple(sorted(surgeries.items(), key=lambda item: (-item[1], item[0] or "")))
    return SurvivalAnalysis(
        (curve,),
        None,
        len(cases),
        len(cases) - len(usable),
        operations=operations,
        from_diagnosis=_from_diagnosis(case for case, _ in usable),
    )


def _from_diagnosis(cases: Iterator[Case]) -> int:
    return sum(1 for c in cases if c.outcome is not None and c.outcome.follow_up_counted_from == "diagnosis")


def survival_by_surgery(cases: Sequence[Case]) -> SurvivalAnalysis:
    """Radical nephrectomy against local excision; other operations and unreported surgery are counted out."""
    usable = [(case, o) for case in cases if (o := observation(case)) is not None]
    curves = []
    for group in SURGERY_GROUPS:
        members = [o for case, o in usable if case.treatment and case.treatment.surgery == group]
        label = SURGERY.label[group]
        curves.append(
            kaplan_meier(label[:1].upper() + label[1:], members, f"after {SURGERY.sentence[group]}")
        )
    in_groups = sum(curve.n for curve in curves)
    return SurvivalAnalysis(
        tuple(curves),
        logrank_p(curves[0], curves[1]),
        len(cases),
        len(cases) - len(usable),
        outside_groups=len(usable) - in_groups,
        from_diagnosis=_from_diagnosis(
            case for case, _ in usable if case.treatment and case.treatment.surgery in SURGERY_GROUPS
        ),
    )


def risk_table_times(longest: float) -> list[float]:
    """Times under the curve at which to show the numbers at risk: every 12, 24 or 60 months."""
    step = 12 if longest <= 72 else 24 if longest <= 144 else 60
    return [float(t) for t in range(0, int(longest) + 1, step)]
