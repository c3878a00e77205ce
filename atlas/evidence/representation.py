"""Which published groups the atlas over- or under-represents, as a sentence computed from the data.

The atlas is not a sample of the literature: it holds whole tables of some reviews and none of
others. Wherever it shows counts by operation or outcome, a reader needs to know how its mix
differs from the published one (usability finding A-1). The published side is the review's
figure on surgical treatment (literature/published.yaml, topic "surgical treatment"); the
atlas's side is its own cases. Pure: no I/O, no wording typed from outside the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from atlas.cases.model import Case
from atlas.evidence.survival import observation
from atlas.sources.literature import PublishedFigure

TOPIC = "surgical treatment"
TOTAL = "patients"


@dataclass(frozen=True)
class GroupShare:
    """One operation: how many the atlas holds against how many the review counted."""

    operation: str
    held: int
    held_with_outcome: int
    published: int
    from_the_review: int  # cases of this group whose values were read in the review itself
    authors_own: int = 0  # of those, the review's own patient, read from its case report

    def direction(self, held_total: int, published_total: int) -> str:
        """'over' or 'under' by share of each total; 'as' when the shares are equal."""
        mine, theirs = self.held * published_total, self.published * held_total
        return "over" if mine > theirs else "under" if mine < theirs else "as"


@dataclass(frozen=True)
class Representation:
    figure: PublishedFigure
    published_total: int
    held_total: int  # atlas cases that report the operation
    groups: tuple[GroupShare, ...]

    @property
    def title(self) -> str:
        """The note's title, with the review cited as [@key] (pages turn it into a citation)."""
        review = f"the review of {self.published_total} [@{self.figure.reported_in}]"
        return f"How the atlas's patients differ from {review}"

    def points(self) -> list[str]:
        """Short points (N-12: a 111-word sentence read as 12 lines on a phone): one per operation,
        then what is known of their outcome. The first names the denominator in full."""
        points = []
        for number, group in enumerate(self.groups):
            word = {"over": "over-represented", "under": "under-represented", "as": "as common"}
            held = (
                f"{group.held} of the {self.held_total} atlas patients whose operation is known"
                if number == 0
                else f"{group.held} of {self.held_total}"
            )
            direction = word[group.direction(self.held_total, self.published_total)]
            points.append(
                f"{group.operation[:1].upper()}{group.operation[1:]}: {held}, against {group.published} of "
                f"{self.published_total} in the review ({direction}). {self._why(group)}."
            )
        outcome = ", ".join(f"{g.held_with_outcome} after {g.operation}" for g in self.groups)
        points.append(f"Status and follow-up known for {outcome}.")
        return points

    @staticmethod
    def _why(group: GroupShare) -> str:
        if group.from_the_review == group.published:
            return f"All {group.published} of the review's are in the atlas, {_read_from(group)}"
        if group.from_the_review:
            return (
                f"{group.from_the_review} of the review's {group.published} {group.operation} patients "
                f"are in the atlas, {_read_from(group)}"
            )
        return f"The review lists its {group.published} only as a group: none is in the atlas yet"

    def caveat(self) -> str:
        """The comparison in one sentence, for the charts whose shares inherit the atlas's mix of
        operations (recount L-10: said once at the top of the page, far from those charts)."""
        mix = "; ".join(
            f"{g.operation} {g.held} of {self.held_total} here, {g.published} of {self.published_total} "
            "in the review"
            for g in self.groups
        )
        return (
            "These counts follow the atlas's mix of operations, which is not the published one "
            f"({mix}) [@{self.figure.reported_in}]."
        )


def _read_from(group: GroupShare) -> str:
    """ "read from its table", or, when the review's own patient is among them, where each was read."""
    rows = group.from_the_review - group.authors_own
    if not group.authors_own:
        return "read from its table"
    if not rows:
        return "from its authors' case report"
    return f"{rows} from its table, {group.authors_own} from its authors' case report"


def representation(cases: Sequence[Case], figures: Sequence[PublishedFigure]) -> Representation | None:
    """None when no published figure gives the operations as numbers."""
    figure = next((f for f in figures if f.topic == TOPIC and isinstance(f.numbers.get(TOTAL), int)), None)
    if figure is None:
        return None
    operated = [c for c in cases if c.treatment and c.treatment.surgery]
    groups = []
    for name, count in figure.numbers.items():
        if name == TOTAL or not isinstance(count, int):
            continue
        operation = name.replace("_", " ")
        members = [c for c in operated if c.treatment and c.treatment.surgery == operation]
        groups.append(
            GroupShare(
                operation,
                len(members),
                sum(observation(c) is not None for c in members),
                count,
                sum(c.extracted_from == figure.reported_in for c in members),
                sum(c.extracted_from == figure.reported_in == c.source for c in members),
            )
        )
    return Representation(figure, figure.numbers[TOTAL], len(operated), tuple(groups))
