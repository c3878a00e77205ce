"""What each record holds, by the JBI case-report items: reported, partly reported, not in the record.

This describes the atlas's record of a case, not the quality of the article: a record read from
one row of a review's table holds little even when the article behind it is thorough. Which
fields answer which item is data in atlas.cases.instruments.READING, the same data the Methods
page prints; this module only counts. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

from atlas.cases.instruments import ANSWERS, INSTRUMENTS, READING, ItemReading
from atlas.cases.model import Appraisal, Case

REPORTED = "reported"
PARTLY = "partly reported"
ABSENT = "not in the record"
STATES = (REPORTED, PARTLY, ABSENT)
LABEL = "What this record holds, by appraisal item"
NOT_APPRAISED = "not yet appraised"
COULD_NOT_BE_APPRAISED = "not appraised"


@dataclass(frozen=True)
class ItemState:
    """One item for one case: which of its elements the record holds."""

    reading: ItemReading
    held: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def state(self) -> str:
        if not self.missing:
            return REPORTED
        return PARTLY if self.held else ABSENT


@dataclass(frozen=True)
class RecordCompleteness:
    case_id: str
    items: tuple[ItemState, ...]

    def count(self, state: str) -> int:
        return sum(item.state == state for item in self.items)

    @property
    def summary(self) -> str:
        """The case browser's cell: items fully reported, of the items a record can answer."""
        return f"{self.count(REPORTED)} of {len(self.items)}"

    @property
    def detail(self) -> str:
        partly, absent = self.count(PARTLY), self.count(ABSENT)
        return f"{self.summary} items reported, {partly} partly, {absent} not in the record"


@cache
def _getter(path: str) -> attrgetter[Any]:
    return attrgetter(path)


def holds(case: Case, path: str) -> bool:
    """Whether the record gives a value at a dotted field path (an absent section holds nothing)."""
    try:
        return _getter(path)(case) is not None
    except AttributeError:  # a section on the way is absent
        return False


_worked_out: dict[int, tuple[Case, RecordCompleteness]] = {}  # by id(case), with the case to confirm it
_WORKED_OUT_LIMIT = 20_000


def record_completeness(case: Case) -> RecordCompleteness:
    """What the record of `case` holds, item by item; worked out once per case object.

    The case page, the case browser and the atlas's matrix each ask for every case (0.05 s a pass
    at 1,000 cases). Cases are immutable once loaded; the case kept beside the result makes sure a
    reused id() is not taken for the same case.
    """
    kept = _worked_out.get(id(case))
    if kept is not None and kept[0] is case:
        return kept[1]
    if len(_worked_out) >= _WORKED_OUT_LIMIT:
        _worked_out.clear()
    result = _record_completeness(case)
    _worked_out[id(case)] = (case, result)
    return result


def _record_completeness(case: Case) -> RecordCompleteness:
    states = []
    for reading in READING:
        held = [e.name for e in reading.elements if any(holds(case, path) for path in e.fields)]
        missing = [e.name for e in reading.elements if e.name not in held]
        states.append(ItemState(reading, tuple(held), tuple(missing)))
    return RecordCompleteness(case.id, tuple(states))


@dataclass(frozen=True)
class ItemTally:
    reading: ItemReading
    counts: dict[str, int]  # state → cases


def completeness_by_item(records: Sequence[RecordCompleteness]) -> list[ItemTally]:
    tallies = []
    for index, reading in enumerate(READING):
        counts = dict.fromkeys(STATES, 0)
        for record in records:
            counts[record.items[index].state] += 1
        tallies.append(ItemTally(reading, counts))
    return tallies


@dataclass(frozen=True)
class AppraisalCount:
    """How many cases a curator has appraised, by instrument, of all cases; and how many records say
    why their article could not be appraised."""

    by_instrument: dict[str, int]
    total: int
    explained: int = 0  # not appraised, with the reason given

    @property
    def appraised(self) -> int:
        return sum(self.by_instrument.values())

    @property
    def summary(self) -> str:
        """The case browser's count: "1 of 14 appraised"."""
        return f"{self.appraised} of {self.total} appraised"


def is_appraised(case: Case) -> bool:
    """Appraised means answered item by item; a record that says why it could not be is not."""
    return case.appraisal is not None and case.appraisal.answers is not None


def appraisal_count(cases: Sequence[Case]) -> AppraisalCount:
    counts = dict.fromkeys(INSTRUMENTS, 0)
    explained = 0
    for case in cases:
        if is_appraised(case):
            counts[case.appraisal.instrument] += 1  # type: ignore[union-attr]
        elif case.appraisal is not None:
            explained += 1
    return AppraisalCount(counts, len(cases), explained)


def answer_summary(appraisal: Appraisal) -> str:
    """The answers counted, in the vocabulary's order: "6 yes, 1 no, 1 unclear"."""
    given = list((appraisal.answers or {}).values())
    return ", ".join(f"{given.count(answer)} {answer}" for answer in ANSWERS if answer in given)
