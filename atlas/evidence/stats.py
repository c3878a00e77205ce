"""Aggregate statistics: pure functions of the loaded cases (no I/O).

Every statistic returns its denominators with it: how many cases reported the
variable and how many did not. A percentage in the atlas is always "of those reporting".
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import get_args

from atlas.cases.model import Case
from atlas.cases.vocabularies import (
    Approach,
    Impression,
    Margins,
    Sex,
    Side,
    SourceType,
    Status,
    Surgery,
    Symptom,
    Therapy,
)
from atlas.evidence.summary import (
    SECTION_TITLES,
    SECTIONS,
    is_inferred,
    label_for,
    path_is_inferred,
    unit_for,
)

Getter = Callable[[Case], object]


@dataclass(frozen=True)
class Tally:
    """Counts of a categorical variable, with its denominators.

    `inferred` counts, per category, the values the curators deduced rather than read in the source:
    they are counted (the case holds them) and always said as such ("5 (2 inferred)")."""

    variable: str
    counts: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    not_reported: int = 0
    inferred: dict[str, int] = field(default_factory=dict)
    inferred_cases: int = 0  # reporting cases whose value (or one of whose values) was inferred

    @property
    def total(self) -> int:
        return self.reported + self.not_reported

    def share(self, category: str) -> float | None:
        """Fraction of the cases that reported the variable; None when none did."""
        return self.counts.get(category, 0) / self.reported if self.reported else None


def tally(
    variable: str, cases: Sequence[Case], getter: Getter, order: Iterable[str] = (), path: str | None = None
) -> Tally:
    """Count one value per case; a None value counts as not reported. With the field's `path`, the
    values the curators inferred are counted apart too."""
    values = [(getter(case), path is not None and is_inferred(case, path)) for case in cases]
    present = [(_category(value), flagged) for value, flagged in values if value is not None]
    inferred = Counter(category for category, flagged in present if flagged)
    return Tally(
        variable,
        _ordered(Counter(category for category, _ in present), order),
        len(present),
        len(values) - len(present),
        dict(sorted(inferred.items())),
        sum(flagged for _, flagged in present),
    )


def field_tally(variable: str, cases: Sequence[Case], path: str, order: Iterable[str] = ()) -> Tally:
    """A tally of the field at a dotted path, its inferred values counted apart."""
    return tally(variable, cases, _getter(path), order, path)


def _getter(path: str) -> Getter:
    parts = tuple(path.split("."))
    return lambda case: _at(case, *parts)


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


def sex(cases: Sequence[Case]) -> Tally:
    return field_tally("sex", cases, "patient.sex", get_args(Sex))


def source_type(cases: Sequence[Case]) -> Tally:
    """Patients by the kind of document their values were read from (a required field: none is missing)."""
    return field_tally("source type", cases, "source_type", get_args(SourceType))


def side(cases: Sequence[Case]) -> Tally:
    return field_tally("side", cases, "tumour.side", get_args(Side))


def surgery(cases: Sequence[Case]) -> Tally:
    return field_tally("surgery", cases, "treatment.surgery", get_args(Surgery))


def _yes_no(variable: str, cases: Sequence[Case], path: str) -> Tally:
    return field_tally(variable, cases, path, ("yes", "no"))


def tally_many(
    variable: str, cases: Sequence[Case], getter: Getter, order: Iterable[str] = (), path: str | None = None
) -> Tally:
    """Count a multi-valued variable: a case counts once per distinct value it reports.

    The denominator is the number of cases that reported at least one value, so the
    shares of the categories can add up to more than 100%.
    """
    lists = [(getter(case), path is not None and is_inferred(case, path)) for case in cases]
    present = [(list(dict.fromkeys(str(v) for v in values)), flagged) for values, flagged in lists if values]
    counter = Counter(value for values, _ in present for value in values)
    inferred = Counter(value for values, flagged in present if flagged for value in values)
    return Tally(
        variable,
        _ordered(counter, order),
        len(present),
        len(lists) - len(present),
        dict(sorted(inferred.items())),
        sum(flagged for _, flagged in present),
    )


def field_tally_many(variable: str, cases: Sequence[Case], path: str, order: Iterable[str] = ()) -> Tally:
    return tally_many(variable, cases, _getter(path), order, path)


def _at(case: Case, *path: str) -> object:
    """The value at a dotted path, None as soon as a section on the way is absent."""
    value: object = case
    for name in path:
        value = getattr(value, name, None) if value is not None else None
    return value


# --- Numeric variables -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    """A half-open interval [low, high); high None means no upper bound."""

    label: str
    low: float
    high: float | None

    def holds(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value < self.high)


@dataclass(frozen=True)
class NumericSummary:
    """A numeric variable: the reported values, their distribution over bins, and the denominators.

    `inferred` flags, value by value (in the order of `values`), those the curators deduced."""

    variable: str
    unit: str
    values: tuple[float, ...] = ()
    bins: dict[str, int] = field(default_factory=dict)
    not_reported: int = 0
    inferred: tuple[bool, ...] = ()
    inferred_bins: dict[str, int] = field(default_factory=dict)

    @property
    def reported(self) -> int:
        return len(self.values)

    @property
    def total(self) -> int:
        return self.reported + self.not_reported

    @property
    def inferred_cases(self) -> int:
        return sum(self.inferred)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def minimum(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> float | None:
        return max(self.values) if self.values else None


def numeric_summary(
    variable: str,
    unit: str,
    cases: Sequence[Case],
    getter: Getter,
    bins: Sequence[Bin],
    path: str | None = None,
) -> NumericSummary:
    raw = [(getter(case), path is not None and is_inferred(case, path)) for case in cases]
    pairs = sorted(
        (float(v), flagged) for v, flagged in raw if isinstance(v, int | float) and not isinstance(v, bool)
    )
    values = tuple(value for value, _ in pairs)
    flags = tuple(flagged for _, flagged in pairs)
    counts = {b.label: sum(1 for v in values if b.holds(v)) for b in bins}
    inferred = {b.label: sum(1 for v, flagged in pairs if flagged and b.holds(v)) for b in bins}
    return NumericSummary(variable, unit, values, counts, len(raw) - len(values), flags, inferred)


def decade_bins(values: Iterable[float], label: Callable[[int], str]) -> list[Bin]:
    """One bin per decade from the lowest to the highest value's decade (empty decades kept)."""
    decades = [int(v // 10) * 10 for v in values]
    if not decades:
        return []
    return [Bin(label(start), start, start + 10) for start in range(min(decades), max(decades) + 10, 10)]


def fixed_bins(edges: Sequence[float], unit: str) -> list[Bin]:
    """Bins between consecutive edges, then an open-ended top bin: <a, a to <b, ..., ≥z."""
    bins = [Bin(f"<{edges[0]:g} {unit}", 0, edges[0])]
    bins += [Bin(f"{low:g} to <{high:g} {unit}", low, high) for low, high in pairwise(edges)]
    bins.append(Bin(f"≥{edges[-1]:g} {unit}", edges[-1], None))
    return bins


SIZE_EDGES_CM = (3, 5, 10, 15)  # 3 cm: the threshold of the published prognostic statement
FOLLOW_UP_EDGES_MONTHS = (12, 24, 60, 120)


# --- The atlas's variables -------------------------------------------------------------------


def age(cases: Sequence[Case]) -> NumericSummary:
    get = _getter("patient.age_years")
    values = [v for v in map(get, cases) if v is not None]
    bins = decade_bins(values, lambda start: f"{start}–{start + 9} years")
    return numeric_summary("age", "years", cases, get, bins, "patient.age_years")


def country(cases: Sequence[Case]) -> Tally:
    return field_tally("country", cases, "patient.country")


def publication_year(cases: Sequence[Case], year_of_source: Mapping[str, int | None]) -> NumericSummary:
    """Cases by the publication year of their source article, in decades."""

    def get(c: Case) -> object:
        return year_of_source.get(c.source)

    values = [v for v in map(get, cases) if v is not None]
    return numeric_summary("publication year", "", cases, get, decade_bins(values, lambda s: f"{s}s"))


def symptoms(cases: Sequence[Case]) -> Tally:
    return field_tally_many("symptoms", cases, "presentation.symptoms", get_args(Symptom))


def incidental(cases: Sequence[Case]) -> Tally:
    return _yes_no("incidental discovery", cases, "presentation.incidental")


def tumour_size(cases: Sequence[Case]) -> NumericSummary:
    path = "tumour.largest_diameter_cm"
    return numeric_summary("tumour size", "cm", cases, _getter(path), fixed_bins(SIZE_EDGES_CM, "cm"), path)


def preoperative_impression(cases: Sequence[Case]) -> Tally:
    path = "diagnosis.preoperative_impression.considered"
    return field_tally_many("preoperative impression", cases, path, get_args(Impression))


# A biopsy of a metastasis is not a biopsy of the renal vein tumour (recount L-4): what was sampled
# is counted, so "biopsy or not" reads the tumour's own biopsies.
BIOPSY_OF_TUMOUR = "yes, of the renal vein tumour"
BIOPSY_ELSEWHERE = "yes, of another site only"
BIOPSY_NONE = "no"


def biopsy(cases: Sequence[Case]) -> Tally:
    return tally(
        "preoperative biopsy",
        cases,
        _biopsy_category,
        (BIOPSY_OF_TUMOUR, BIOPSY_ELSEWHERE, BIOPSY_NONE),
        "diagnosis.biopsy.performed",
    )


def _biopsy_category(case: Case) -> str | None:
    biopsy = case.diagnosis.biopsy if case.diagnosis else None
    if biopsy is None:
        return None
    if not biopsy.performed:
        return BIOPSY_NONE
    return BIOPSY_ELSEWHERE if biopsy.site else BIOPSY_OF_TUMOUR


def biopsy_sites_elsewhere(cases: Sequence[Case]) -> list[str]:
    """What was sampled by the biopsies that did not sample the tumour, as the cases record it."""
    return sorted(str(site) for case in cases if (site := _at(case, "diagnosis", "biopsy", "site")))


def metastasis_at_diagnosis(cases: Sequence[Case]) -> Tally:
    return _yes_no("distant metastasis at diagnosis", cases, "diagnosis.metastasis_at_diagnosis.present")


def metastasis_at_diagnosis_sites(cases: Sequence[Case]) -> Tally:
    """Sites named, among the patients with distant metastasis at diagnosis."""
    spread = [c for c in cases if _at(c, "diagnosis", "metastasis_at_diagnosis", "present")]
    return field_tally_many(
        "sites of metastasis at diagnosis", spread, "diagnosis.metastasis_at_diagnosis.sites"
    )


def approach(cases: Sequence[Case]) -> Tally:
    return field_tally("approach", cases, "treatment.approach", get_args(Approach))


def kidney_preserved(cases: Sequence[Case]) -> Tally:
    return _yes_no("kidney preserved", cases, "treatment.kidney_preserved")


def vascular_reconstruction(cases: Sequence[Case]) -> Tally:
    return _yes_no("vascular reconstruction", cases, "treatment.vascular_reconstruction")


def margins(cases: Sequence[Case]) -> Tally:
    return field_tally("margins", cases, "pathology.margins", get_args(Margins))


def neoadjuvant(cases: Sequence[Case]) -> Tally:
    return _yes_no("therapy before surgery", cases, "treatment.neoadjuvant.given")


def neoadjuvant_types(cases: Sequence[Case]) -> Tally:
    """Kinds of therapy before surgery, among the patients who received it."""
    treated = [c for c in cases if _at(c, "treatment", "neoadjuvant", "given")]
    return field_tally_many(
        "therapy before surgery type", treated, "treatment.neoadjuvant.types", get_args(Therapy)
    )


def adjuvant(cases: Sequence[Case]) -> Tally:
    return _yes_no("adjuvant therapy", cases, "treatment.adjuvant.given")


def adjuvant_types(cases: Sequence[Case]) -> Tally:
    """Kinds of adjuvant therapy, among the patients who received it (the others are out of scope)."""
    treated = [c for c in cases if _at(c, "treatment", "adjuvant", "given")]
    return field_tally_many("adjuvant therapy type", treated, "treatment.adjuvant.types", get_args(Therapy))


def outcome_status(cases: Sequence[Case]) -> Tally:
    return field_tally("status", cases, "outcome.status", get_args(Status))


def local_recurrence(cases: Sequence[Case]) -> Tally:
    return _yes_no("local recurrence", cases, "outcome.local_recurrence")


def metastasis(cases: Sequence[Case]) -> Tally:
    return _yes_no("distant metastasis", cases, "outcome.metastasis")


def metastasis_sites(cases: Sequence[Case]) -> Tally:
    """Sites named, among the patients with distant metastasis (reported as such or by its sites)."""
    spread = [c for c in cases if _at(c, "outcome", "metastasis") or _at(c, "outcome", "metastasis_sites")]
    return field_tally_many("metastasis sites", spread, "outcome.metastasis_sites")


def follow_up(cases: Sequence[Case]) -> NumericSummary:
    path = "outcome.follow_up_months"
    bins = fixed_bins(FOLLOW_UP_EDGES_MONTHS, "months")
    return numeric_summary("follow-up", "months", cases, _getter(path), bins, path)


def follow_up_from_diagnosis(cases: Sequence[Case]) -> int:
    """Follow-up times that the source counts from diagnosis, not from surgery."""
    return sum(
        1
        for c in cases
        if _at(c, "outcome", "follow_up_months") is not None
        and _at(c, "outcome", "follow_up_counted_from") == "diagnosis"
    )


# --- Reporting completeness ------------------------------------------------------------------


@dataclass(frozen=True)
class FormatField:
    path: str
    section: str  # the section's title, as on the case pages
    label: str


@dataclass(frozen=True)
class Completeness:
    """Which case reported which field of the format: the evidence-gap view.

    `reported[i][j]` tells whether case `case_ids[j]` holds a value for field `fields[i]`, and
    `inferred[i][j]` whether the curators deduced that value rather than read it in the source.
    """

    fields: tuple[FormatField, ...]
    case_ids: tuple[str, ...]
    reported: tuple[tuple[bool, ...], ...]
    inferred: tuple[tuple[bool, ...], ...] = ()

    def reported_count(self, index: int) -> int:
        return sum(self.reported[index])

    def not_reported_count(self, index: int) -> int:
        return len(self.case_ids) - self.reported_count(index)

    def inferred_count(self, index: int) -> int:
        return sum(self.inferred[index]) if self.inferred else 0


def format_fields() -> tuple[FormatField, ...]:
    """Every field of the case sections, in the format's order (the rows of the case pages)."""
    fields = []
    for section in SECTIONS:
        model = Case.model_fields[section].annotation.__args__[0]  # type: ignore[union-attr]
        title = SECTION_TITLES[section]
        fields += [FormatField(f"{section}.{name}", title, _field_label(name)) for name in model.model_fields]
    return tuple(fields)


def _field_label(name: str) -> str:
    """The case page's label with its unit, so that e.g. `metastasis` and `metastasis_months` differ."""
    label, unit = label_for(name), unit_for(name).strip()
    if not unit:
        return label
    if unit.startswith("per "):
        return f"{label.removesuffix(' per')} {unit}"
    return f"{label} ({unit})"


def completeness(cases: Sequence[Case]) -> Completeness:
    fields = format_fields()
    rows = tuple(_reported_in(cases, tuple(f.path.split("."))) for f in fields)
    inferred_sets = [set(case.inferred or ()) for case in cases]
    inferred = tuple(
        tuple(
            held and bool(marks) and path_is_inferred(f.path, marks)
            for held, marks in zip(row, inferred_sets, strict=True)
        )
        for f, row in zip(fields, rows, strict=True)
    )
    return Completeness(fields, tuple(case.id for case in cases), rows, inferred)


def _reported_in(cases: Sequence[Case], path: tuple[str, ...]) -> tuple[bool, ...]:
    """Whether each case reports the field at `path` (a field per case: 250,000 looks at 5,000 cases)."""
    get = attrgetter(".".join(path))
    reported = []
    for case in cases:
        try:
            reported.append(get(case) is not None)
        except AttributeError:  # a section on the way is absent (None has no such attribute)
            reported.append(False)
    return tuple(reported)
