"""Probable duplicate patients: the same person published twice must not be counted twice.

Reviews of this tumour found patients reported twice by different authors, often by the
same centre years apart. Two cases from different articles that agree on sex, side, age and
surgery are flagged as a warning for a curator to look at; once a curator records the link
with `also_reported_in`, the warning goes away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from atlas.cases.load import LoadedFile
from atlas.cases.model import Case
from atlas.diagnostics import Diagnostic
from atlas.rules import rule

Signature = tuple[str, str, int, str]


def signature(case: Case) -> Signature | None:
    """Sex, side, age and surgery; None unless all four are reported (too little to compare)."""
    patient, tumour, treatment = case.patient, case.tumour, case.treatment
    values = (
        patient.sex if patient else None,
        tumour.side if tumour else None,
        patient.age_years if patient else None,
        treatment.surgery if treatment else None,
    )
    if any(value is None for value in values):
        return None
    return values  # type: ignore[return-value]


def linked(first: Case, second: Case) -> bool:
    """True when either case names the other's article in also_reported_in."""
    return second.source in (first.also_reported_in or []) or first.source in (second.also_reported_in or [])


def probable_duplicates(cases: Sequence[Case]) -> list[tuple[Case, Case]]:
    """Pairs (sorted by id) of cases from different articles with the same signature, not yet linked."""
    groups: dict[Signature, list[Case]] = defaultdict(list)
    for case in cases:
        key = signature(case)
        if key is not None:
            groups[key].append(case)
    pairs = []
    for group in groups.values():
        for first, second in combinations(sorted(group, key=lambda c: c.id), 2):
            if first.source != second.source and not linked(first, second):
                pairs.append((first, second))
    return sorted(pairs, key=lambda pair: (pair[0].id, pair[1].id))


def duplicate_problems(cases: Sequence[Case], files: dict[str, LoadedFile]) -> list[Diagnostic]:
    """W220: a case that may be a patient already in the atlas, reported at the later case of the pair."""
    problems = []
    for first, second in probable_duplicates(cases):
        loaded = files[second.id]
        position = loaded.where(("patient",), key=True)
        sex, side, age, surgery = signature(second)  # type: ignore[misc]
        message = (
            f"may be the same patient as case {first.id} ({files[first.id].display}): both are "
            f"{sex}, {age} years, {side} side, {surgery}, in different articles "
            f"({first.source}, {second.source}); if it is the same patient, keep one case and list "
            "the other article in its also_reported_in"
        )
        problems.append(rule("W220").at(loaded.display, position.line, position.column, message))
    return problems
