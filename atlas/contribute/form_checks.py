"""The checks across answers of a submitted form, run even when some single answer is wrong.

`check` runs the rules across fields (atlas.cases.checks: recurrence after the last follow-up,
months without the event, a kept kidney after a radical nephrectomy, …) only on a case that fits
the format, so a submitter who mistyped one number would learn of the other problems only after
correcting it, one reply later. Here the answers that do not fit are set aside, the rest is
validated, and the same registered rules run on it: one reply names every problem. A finding that
names a field set aside is left out (the single-answer message already covers it).
"""

from __future__ import annotations

import copy
from collections.abc import Container
from typing import Any

from pydantic import ValidationError

from atlas.cases.checks import CASE_CHECKS, CaseContext
from atlas.cases.load import FieldPath, LoadedFile
from atlas.cases.model import Case
from atlas.cases.validate import dotted
from atlas.rules import Rule

MAX_PASSES = 10  # each pass sets aside what failed; emptied lists and sections fail in the next one

Finding = tuple[Rule, FieldPath, str]


def cross_answer_findings(loaded: LoadedFile, bibliography: Container[str]) -> list[Finding]:
    """The findings of every rule across fields, on the part of the case that fits the format."""
    if not isinstance(loaded.data, dict):
        return []
    case, set_aside = _valid_part(copy.deepcopy(loaded.data))
    if case is None:
        return []
    found = CASE_CHECKS.findings(CaseContext(case, loaded, bibliography))
    names = [dotted(path) for path in set_aside]
    return [(rule, where, message) for rule, where, message in found if not _names_any(message, names)]


def _names_any(message: str, paths: list[str]) -> bool:
    return any(path in message for path in paths)


def _valid_part(data: dict[str, Any]) -> tuple[Case | None, list[FieldPath]]:
    """The case without the values that fail the format (None when a required field fails), and those."""
    set_aside: list[FieldPath] = []
    for _ in range(MAX_PASSES):
        try:
            return Case.model_validate(data), set_aside
        except ValidationError as failure:
            places = [_failing_place(error) for error in failure.errors(include_url=False)]
        if any(not place for place in places):
            return None, set_aside
        for place in sorted(set(places), key=_deepest_last_index_first):
            _remove(data, place)
            set_aside.append(place)
    return None, set_aside


def _failing_place(error: Any) -> FieldPath:
    """The value to set aside: the field itself, or for a missing field the section that needs it."""
    loc = tuple(error["loc"])
    return loc[:-1] if error["type"] == "missing" else loc


def _deepest_last_index_first(place: FieldPath) -> tuple[int, ...]:
    """Remove list items from the highest index down, so that earlier indices stay right."""
    return tuple(-part if isinstance(part, int) else 0 for part in place)


def _remove(data: Any, place: FieldPath) -> None:
    *parents, last = place
    for part in parents:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict):
        data.pop(last, None)
    elif isinstance(data, list) and isinstance(last, int) and last < len(data):
        del data[last]
