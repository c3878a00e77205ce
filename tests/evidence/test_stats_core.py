"""Core tallies on small hand-made corpora with hand-computed answers."""

from __future__ import annotations

from atlas.cases.model import Case
from atlas.evidence import stats

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(case_id: str, **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": "k", "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


def test_empty_corpus_has_zero_denominators() -> None:
    result = stats.sex([])
    assert result.counts == {"female": 0, "male": 0}
    assert (result.reported, result.not_reported, result.total) == (0, 0, 0)
    assert result.share("female") is None


def test_sex_counts_with_missing_values() -> None:
    cases = [
        make("a", patient={"sex": "female"}),
        make("b", patient={"sex": "female"}),
        make("c", patient={"sex": "male"}),
        make("d", patient={"age_years": 50}),
        make("e"),
    ]
    result = stats.sex(cases)
    assert result.counts == {"female": 2, "male": 1}
    assert (result.reported, result.not_reported) == (3, 2)
    assert result.share("female") == 2 / 3


def test_all_missing_side() -> None:
    result = stats.side([make("a"), make("b")])
    assert result.counts == {"left": 0, "right": 0, "bilateral": 0}
    assert (result.reported, result.not_reported) == (0, 2)


def test_surgery_keeps_vocabulary_order() -> None:
    cases = [
        make("a", treatment={"surgery": "local excision"}),
        make("b", treatment={"surgery": "radical nephrectomy"}),
    ]
    assert list(stats.surgery(cases).counts)[:2] == ["radical nephrectomy", "local excision"]
