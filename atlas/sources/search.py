"""How the literature was searched: literature/search.yaml, the data of the Methods page's "Search".

A guideline author judges a review by its search: where, when, in which languages, with which
words, who screened and extracted, and what is known to be missing (PRISMA 2020, items 5 to 9 and
the review's limitations). Those facts are project data, loaded by atlas.sources.literature with
the other literature files and checked the same way (every problem with its file and line; every
reference key and every [@key] citation in its texts an entry of references.bib), so the Methods
page writes them out and never types them. Counts of patients, leads and exclusions are not kept
here: the page computes them from the cases and literature/leads.yaml.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from atlas.cases.model import DATE_PATTERN, BibKey, Part, ShortText, Text

Date = Annotated[str, StringConstraints(pattern=DATE_PATTERN)]
Count = Annotated[int, Field(ge=0, le=100000)]


class SearchRound(Part):
    """One round of searching: when, what for, what it covered and what it gave."""

    round: Annotated[int, Field(ge=1, le=99)]
    date: Date = Field(description="The day the round ended (YYYY-MM-DD).")
    aim: ShortText
    covered: Text
    queries: Count | None = Field(None, description="How many queries, when they were counted.")
    queries_note: Text | None = Field(None, description="What the query count covers.")
    leads: list[BibKey] = Field(default_factory=list, description="Keys of the lead articles it found.")
    result: Text


class SourceKind(Part):
    kind: ShortText
    examples: list[ShortText] = Field(default_factory=list)
    note: Text | None = None


class ReviewList(Part):
    """The reference list or patient table of a published review, and how far the search has used it."""

    key: BibKey | None = Field(None, description="Its entry in references.bib, when it has one.")
    name: ShortText | None = Field(None, description="How it is known, when it has no entry.")
    what: ShortText
    used: ShortText

    @model_validator(mode="after")
    def key_or_name(self) -> Self:
        if (self.key is None) == (self.name is None):
            raise PydanticCustomError("key_or_name", "give key (its references.bib entry) or name, not both")
        return self


class NamesSearched(Part):
    authors: list[ShortText] = Field(default_factory=list)
    journals: list[ShortText] = Field(default_factory=list)


class Restrictions(Part):
    language: Text
    publication_date: Text
    publication_type: Text
    full_text: Text


class Selection(Part):
    screening: Text
    included: Text
    leads: Text
    excluded: Text


class DataCollection(Part):
    extraction: Text
    second_reading: Text
    other_checks: Text


class Limitation(Part):
    what: ShortText
    detail: Text


class Search(Part):
    """literature/search.yaml: the search as a reader of the Methods page needs it."""

    rounds: list[SearchRound] = Field(min_length=1)  # before the date: its check reads them
    date_of_last_search: Date
    searched_by: ShortText
    method: Text
    sources: list[SourceKind] = Field(min_length=1)
    review_lists: list[ReviewList] = Field(default_factory=list)
    terms: dict[ShortText, Annotated[list[ShortText], Field(min_length=1)]] = Field(min_length=1)
    terms_note: Text
    names_searched: NamesSearched
    restrictions: Restrictions
    selection: Selection
    data_collection: DataCollection
    limitations: list[Limitation] = Field(default_factory=list)
    next_steps: list[Text] = Field(default_factory=list)

    @field_validator("date_of_last_search")
    @classmethod
    def last_search_is_the_latest_round(cls, value: str, info: ValidationInfo) -> str:
        """The page states both: the date of the last search is the date the latest round ended."""
        rounds = info.data.get("rounds") or []
        latest = max((found.date for found in rounds), default=value)
        if value != latest:
            raise PydanticCustomError(
                "last_search",
                "must be the date of the latest round, {latest} (got '{given}')",
                {"latest": latest, "given": value},
            )
        return value

    @property
    def languages(self) -> list[str]:
        """The languages searched, in the file's order."""
        return list(self.terms)

    def keys(self) -> set[str]:
        """Reference keys the search names as data (review lists, leads of each round)."""
        keys = {review.key for review in self.review_lists if review.key}
        return keys | {key for found in self.rounds for key in found.leads}
