"""The wording table: every value of every vocabulary has its words in every context it is shown in."""

from __future__ import annotations

from typing import Literal, get_origin

from atlas.cases import vocabularies
from atlas.cases.model import Outcome
from atlas.cases.vocabularies import Status
from atlas.cases.wording import STATUS, WORDING, Wording, as_written


def vocabularies_of_the_format() -> dict[str, object]:
    """Every Literal type of atlas/cases/vocabularies.py, by name (found, not listed, so none is missed)."""
    return {name: value for name, value in vars(vocabularies).items() if get_origin(value) is Literal}


def test_every_vocabulary_has_one_entry_in_the_table() -> None:
    found = vocabularies_of_the_format()
    assert len(found) == 19
    assert {wording.name: wording.vocabulary for wording in WORDING} == found
    assert len(WORDING) == len(found)


def test_every_value_has_its_words_in_every_context_of_its_vocabulary() -> None:
    assert [problem for wording in WORDING for problem in wording.missing()] == []


def test_a_value_without_words_or_words_without_a_value_are_named() -> None:
    sentences = {"NED": "alive", "AWD": "alive with disease", "DOC": "died of other causes", "LFU": "lost"}
    wording = Wording("Status", Status, as_written(Status), sentence=sentences)
    assert wording.missing() == [
        "Status: 'DOD' has no sentence",
        "Status: 'LFU' has a sentence but is not a value",
    ]


def test_no_context_says_that_a_death_with_the_disease_was_caused_by_it() -> None:
    phrases = [phrases["DOD"] for phrases in STATUS.contexts().values()]
    assert phrases == [
        "DOD: died with the disease",
        "died with the disease",
        "died with the disease (the cause of death not necessarily stated)",
    ]


def test_the_case_format_describes_the_status_in_the_tables_words() -> None:
    assert Outcome.model_fields["status"].description == (
        "At last follow-up: NED no evidence of disease, AWD alive with disease, DOD died with the disease "
        "(the cause of death not necessarily stated), DOC dead of other causes."
    )
