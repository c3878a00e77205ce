"""Aggregate statistics: pure functions of the loaded cases (no I/O).

Every statistic returns its denominators with it: how many cases reported the
variable and how many did not. A percentage in the atlas is always "of those reporting".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from atlas.model import Case

Getter = Callable[[Case], object]


@dataclass(frozen=True)
class Tally:
    """Counts of a categorical variable, with its denominators."""

    variable: str
    counts: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    not_reported: int = 0

    @property
    def total(self) -> int:
        return self.reported + self.not_reported

    def share(self, category: str) -> float | None:
        """Fraction of the cases that reported the variable; None when none did."""
        return self.counts.get(category, 0) / self.reported if self.reported else None


def tally(variable: str, cases: Sequence[Case], getter: Getter, order: Iterable[str] = ()) -> Tally:
    """Count one value per case; a None value counts as not reported."""
    values = [getter(case) for case in cases]
    present = [_category(v) for v in values if v is not None]
    return Tally(variable, _ordered(Counter(present), order), len(present), len(values) - len(present))


def _category(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _ordered(counter: Counter[str], order: Iterable[str]) -> dict[str, int]:
    """Categories in the vocabulary's order first (zeros kept, so absent categories show), then the rest."""
    order = list(order)
    result = {name: counter.get(name, 0) for name in order}
    for name in sorted(counter):
        if name not in result:
            result[name] = counter[name]
    return result


def _part(case: Case, section: str, name: str) -> object:
    part = getattr(case, section)
    return getattr(part, name) if part is not None else None


def sex(cases: Sequence[Case]) -> Tally:
    return tally("sex", cases, lambda c: _part(c, "patient", "sex"), ("female", "male"))


def side(cases: Sequence[Case]) -> Tally:
    return tally("side", cases, lambda c: _part(c, "tumour", "side"), ("left", "right", "bilateral"))


def surgery(cases: Sequence[Case]) -> Tally:
    order = ("radical nephrectomy", "local excision", "partial nephrectomy", "other", "none")
    return tally("surgery", cases, lambda c: _part(c, "treatment", "surgery"), order)
