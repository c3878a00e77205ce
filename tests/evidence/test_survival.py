"""Kaplan–Meier and log-rank against answers worked out by hand and a textbook table."""

from __future__ import annotations

import math
import random

import pytest

from atlas.cases.model import Case
from atlas.evidence import survival
from atlas.evidence.survival import Observation

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def observations(prefix: str, data: list[tuple[float, bool]]) -> list[Observation]:
    return [Observation(f"{prefix}{i}", months, died) for i, (months, died) in enumerate(data)]


def case(case_id: str, surgery: str | None, months: float | None, status: str | None) -> Case:
    outcome = {k: v for k, v in (("follow_up_months", months), ("status", status)) if v is not None}
    treatment = {"surgery": surgery} if surgery else {}
    return Case.model_validate(
        {
            "id": case_id,
            "source": "k",
            "source_type": "case report",
            "inclusion": INCLUSION,
            "treatment": treatment,
            "outcome": outcome,
        }
    )


# Group A: deaths at 2, 3, 3 and 8 months; censored at 3, 5 and 9 (a tie of two deaths and a censoring at 3).
GROUP_A = [(2, True), (3, True), (3, True), (3, False), (5, False), (8, True), (9, False)]
# Group B: deaths at 1 and 4 months, censored at 6.
GROUP_B = [(1, True), (4, True), (6, False)]


def test_kaplan_meier_by_hand_with_ties_and_censoring() -> None:
    curve = survival.kaplan_meier("A", observations("a", GROUP_A))
    # t=2: 7 at risk, 1 death -> 6/7. t=3: 6 at risk (the censoring at 3 is still at risk), 2 deaths
    # -> 6/7 * 4/6 = 4/7. t=5: censoring only -> 4/7. t=8: 2 at risk, 1 death -> 2/7. t=9: censored.
    expected = [
        (2, 7, 1, 0, 6 / 7),
        (3, 6, 2, 1, 4 / 7),
        (5, 3, 0, 1, 4 / 7),
        (8, 2, 1, 0, 2 / 7),
        (9, 1, 0, 1, 2 / 7),
    ]
    got = [(s.months, s.at_risk, s.deaths, s.censored, s.survival) for s in curve.steps]
    assert [g[:4] for g in got] == [e[:4] for e in expected]
    assert [g[4] for g in got] == pytest.approx([e[4] for e in expected])
    assert (curve.n, curve.deaths) == (7, 4)
    assert curve.median == 8  # 4/7 > 0.5 at 3 months; 2/7 <= 0.5 at 8 months
    assert curve.survival_at(0) == 1.0 and curve.survival_at(4) == pytest.approx(4 / 7)
    assert curve.at_risk(0) == 7 and curve.at_risk(6) == 2


def test_log_rank_by_hand() -> None:
    a = survival.kaplan_meier("A", observations("a", GROUP_A))
    b = survival.kaplan_meier("B", observations("b", GROUP_B))
    # Death times of the pooled sample: (n_A, n_B, deaths, deaths in A)
    table = [(7, 3, 1, 0), (7, 2, 1, 1), (6, 2, 2, 2), (3, 2, 1, 0), (2, 0, 1, 1)]
    observed = sum(row[3] for row in table)
    expected = sum(na * d / (na + nb) for na, nb, d, _ in table)
    variance = sum(
        na * nb * d * (na + nb - d) / ((na + nb) ** 2 * (na + nb - 1))
        for na, nb, d, _ in table
        if na + nb > 1
    )
    chi_square = (observed - expected) ** 2 / variance
    assert chi_square == pytest.approx(0.35353, abs=1e-5)
    assert survival.logrank_p(a, b) == pytest.approx(math.erfc(math.sqrt(chi_square / 2)))


# Gehan (1965) 6-MP leukaemia remission trial, as tabulated by Kleinbaum & Klein, Survival Analysis,
# 3rd ed., ch. 2: weeks in remission; False = censored.
SIX_MP = [(6, True)] * 3 + [(6, False), (7, True), (9, False), (10, True), (10, False), (11, False)]
SIX_MP += [(13, True), (16, True), (17, False), (19, False), (20, False), (22, True), (23, True)]
SIX_MP += [(25, False), (32, False), (32, False), (34, False), (35, False)]
PLACEBO = [(t, True) for t in (1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23)]


def test_kaplan_meier_matches_the_textbook_table() -> None:
    curve = survival.kaplan_meier("6-MP", observations("m", SIX_MP))
    textbook = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}
    for week, value in textbook.items():
        assert round(curve.survival_at(week), 3) == value
    assert curve.median == 23 and (curve.n, curve.deaths) == (21, 9)


def test_log_rank_matches_the_textbook_chi_square() -> None:
    six_mp = survival.kaplan_meier("6-MP", observations("m", SIX_MP))
    placebo = survival.kaplan_meier("placebo", observations("p", PLACEBO))
    textbook_chi_square = 16.79  # log-rank statistic, 1 degree of freedom
    assert survival.logrank_p(six_mp, placebo) == pytest.approx(
        math.erfc(math.sqrt(textbook_chi_square / 2)), rel=2e-3
    )


def test_empty_and_event_free_groups_have_no_p_value() -> None:
    empty = survival.kaplan_meier("none", [])
    alive = survival.kaplan_meier("alive", observations("c", [(5, False), (9, False)]))
    assert empty.steps == () and empty.n == 0 and empty.median is None
    assert [s.survival for s in alive.steps] == [1.0, 1.0] and alive.median is None
    assert survival.logrank_p(empty, alive) is None
    assert survival.logrank_p(alive, alive) is None
    # One death, at 40 months, when only its own group is still followed: no variance, no test.
    late = survival.kaplan_meier("late", observations("d", [(40, True)]))
    early = survival.kaplan_meier("early", observations("e", [(27, False)]))
    assert survival.logrank_p(late, early) is None


def test_cases_enter_the_analysis_only_with_status_and_follow_up() -> None:
    cases = [
        case("a", "local excision", 78, "NED"),
        case("b", "local excision", 72, "DOD"),
        case("c", "local excision", 18, "DOC"),
        case("d", "radical nephrectomy", 30, "AWD"),
        case("e", "radical nephrectomy", 12, "DOD"),
        case("f", "radical nephrectomy", None, "DOD"),  # no follow-up time
        case("g", "local excision", 40, None),  # no status
        case("h", None, 10, "DOD"),  # surgery not reported
        case("i", "partial nephrectomy", 20, "NED"),
    ]
    overall = survival.overall_survival(cases)
    assert (overall.n, overall.deaths, overall.cases, overall.without_follow_up_or_status) == (7, 4, 9, 2)
    died = {o.case_id: o.died for o in overall.curves[0].observations}
    assert died == {"a": False, "b": True, "c": True, "d": False, "e": True, "h": True, "i": False}

    by_surgery = survival.survival_by_surgery(cases)
    radical, local = by_surgery.curves
    assert (radical.label, radical.n, radical.deaths) == ("Radical nephrectomy", 2, 1)
    assert (local.label, local.n, local.deaths) == ("Local excision", 3, 2)
    assert by_surgery.outside_groups == 2 and by_surgery.without_follow_up_or_status == 2
    assert by_surgery.logrank_p == survival.logrank_p(radical, local)
    assert by_surgery.logrank_p is not None and 0 < by_surgery.logrank_p <= 1


def test_by_surgery_with_an_empty_group_still_draws_the_other() -> None:
    cases = [case("a", "local excision", 24, "NED"), case("b", "local excision", 18, "DOD")]
    analysis = survival.survival_by_surgery(cases)
    assert analysis.curves[0].n == 0 and analysis.curves[1].n == 2
    assert analysis.logrank_p is None


def test_risk_table_times_cover_the_follow_up() -> None:
    assert survival.risk_table_times(30) == [0, 12, 24]
    assert survival.risk_table_times(78) == [0, 24, 48, 72]
    assert survival.risk_table_times(200) == [0, 60, 120, 180]


def _scipy_curve(observations: list[Observation]) -> tuple[list[float], list[float], list, list]:
    import warnings

    import numpy as np
    from scipy import stats

    data = stats.CensoredData(
        uncensored=np.array([o.months for o in observations if o.died], dtype=float),
        right=np.array([o.months for o in observations if not o.died], dtype=float),
    )
    result = stats.ecdf(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = result.sf.confidence_interval(confidence_level=0.95, method="log-log")
    return (
        list(result.sf.quantiles),
        list(result.sf.probabilities),
        list(interval.low.probabilities),
        list(interval.high.probabilities),
    )


def _same(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return not math.isfinite(theirs)
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


def _random_group(rng: random.Random, prefix: str) -> list[Observation]:
    """Few distinct times (ties), deaths and censoring mixed, sometimes all deaths or none."""
    death_rate = rng.choice([0.0, 0.3, 0.7, 1.0])
    return [
        Observation(
            f"{prefix}{i}", float(rng.choice([1, 2, 3, 5, 8, 12, 12.5, 30])), rng.random() < death_rate
        )
        for i in range(rng.randint(1, 25))
    ]


def test_estimates_and_limits_are_scipys_on_random_samples() -> None:
    """The written-out product-limit estimate and log-log limits give SciPy's numbers (ecdf)."""
    rng = random.Random(20261127)
    for _ in range(300):
        observations = _random_group(rng, "a")
        curve = survival.kaplan_meier("x", observations)
        times, estimates, lows, highs = _scipy_curve(observations)
        assert [step.months for step in curve.steps] == times
        for step, estimate, low, high in zip(curve.steps, estimates, lows, highs, strict=True):
            assert math.isclose(step.survival, estimate, rel_tol=1e-12, abs_tol=1e-15)
            assert _same(step.low, low) and _same(step.high, high), (observations, step, low, high)


def test_log_rank_p_values_are_scipys_on_random_samples() -> None:
    import warnings

    import numpy as np
    from scipy import stats

    rng = random.Random(1127)
    compared = 0
    for _ in range(300):
        first, second = _random_group(rng, "a"), _random_group(rng, "b")
        ours = survival.logrank_p(survival.kaplan_meier("a", first), survival.kaplan_meier("b", second))
        samples = [
            stats.CensoredData(
                uncensored=np.array([o.months for o in group if o.died], dtype=float),
                right=np.array([o.months for o in group if not o.died], dtype=float),
            )
            for group in (first, second)
        ]
        if not any(o.died for o in first + second):
            assert ours is None  # SciPy divides 0 by 0 here
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            theirs = float(stats.logrank(*samples).pvalue)
        assert _same(ours, theirs), (first, second, ours, theirs)
        compared += 1
    assert compared > 200
