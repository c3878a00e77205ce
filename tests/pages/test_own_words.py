"""No sentence of the seed paper or of a quote in the literature sheets is copied into the site:
no 12-word sequence in common."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_project
from tests.support import seed_overlap
from tests.support.seed_overlap import (
    FINGERPRINT_FILE,
    LITERATURE_DIR,
    QUOTE_FINGERPRINT_FILE,
    SEED_DIR,
    committed_fingerprints,
    fingerprints_of,
    literature_quotes,
    overlaps,
    quote_fingerprints,
    seed_fingerprints,
    seed_texts,
    words,
)

needs_seed = pytest.mark.skipif(
    not SEED_DIR.is_dir(), reason="../shared/seed/ is not beside this checkout (fingerprints still apply)"
)


needs_literature = pytest.mark.skipif(
    not LITERATURE_DIR.is_dir(),
    reason="../shared/literature/ is not beside this checkout (fingerprints still apply)",
)


def test_site_text_shares_no_12_word_sequence_with_the_seed() -> None:
    found = overlaps(seed_overlap.ROOT, seed_fingerprints())
    assert found == [], "copied from the seed paper: " + "; ".join(f"{f}: '{s}'" for f, s in found)


def test_the_check_covers_the_review_and_the_templates() -> None:
    files = {
        p.relative_to(seed_overlap.ROOT).as_posix() for p in seed_overlap.site_text_files(seed_overlap.ROOT)
    }
    assert "docs/review/treatment.md" in files
    assert "atlas/pages/templates/home.md.j2" in files
    assert "CITATION.cff" in files


@needs_seed
def test_committed_fingerprints_are_those_of_the_seed() -> None:
    assert committed_fingerprints() == fingerprints_of(seed_texts()), (
        f"{FINGERPRINT_FILE.name} is stale: run `python -m tests.support.seed_overlap`"
    )


@needs_seed
def test_a_sentence_copied_from_the_seed_is_caught(tmp_path: Path) -> None:
    """Copy 14 words of the seed into a chapter, re-cased and broken by markup, as a careless edit would."""
    seed_words = words(seed_texts()[0])
    copied = seed_words[400:414]
    disguised = " ".join(copied[:5]).capitalize() + " <em>" + " ".join(copied[5:9]) + "</em>\n"
    disguised += " ".join(copied[9:]).upper() + " [@baheen2022]."
    project = copy_project(tmp_path / "project")
    chapter = project / "docs" / "review" / "treatment.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + disguised + "\n", encoding="utf-8")
    found = overlaps(project, seed_fingerprints())
    assert {path for path, _ in found} == {"docs/review/treatment.md"}
    assert " ".join(copied[:12]) in {shingle for _, shingle in found}


def test_detection_does_not_depend_on_case_markup_or_accents(tmp_path: Path) -> None:
    source = "The quick brown fox jumps over the lazy dog near the old río bank today."
    known = fingerprints_of([source])
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "THE QUICK <b>brown</b> fox [@key] jumps\nover the lazy dog near the old rio bank", encoding="utf-8"
    )
    assert len(overlaps(tmp_path, known)) == 3  # 14 words shared: three 12-word windows
    page.write_text("The quick brown fox leapt over the lazy dog near the old rio bank", encoding="utf-8")
    assert overlaps(tmp_path, known) == []


def test_site_text_shares_no_12_word_sequence_with_a_literature_quote() -> None:
    found = overlaps(seed_overlap.ROOT, quote_fingerprints())
    assert found == [], "copied from a quote of the literature sheets: " + "; ".join(
        f"{f}: '{s}'" for f, s in found
    )


def test_quote_fingerprints_are_committed() -> None:
    """The check runs without ../shared/: the committed file holds the quotes' fingerprints."""
    assert len(committed_fingerprints(QUOTE_FINGERPRINT_FILE)) > 1000


@needs_literature
def test_committed_quote_fingerprints_are_those_of_the_sheets() -> None:
    assert committed_fingerprints(QUOTE_FINGERPRINT_FILE) == fingerprints_of(literature_quotes()), (
        f"{QUOTE_FINGERPRINT_FILE.name} is stale: run `python -m tests.support.seed_overlap`"
    )


@needs_literature
def test_the_quotes_include_context_findings_and_checklist_items() -> None:
    quotes = literature_quotes()
    assert any("STRASS" in quote or "retroperitoneal" in quote.lower() for quote in quotes)
    assert any(quote.startswith("Were patient") for quote in quotes)


@needs_literature
def test_a_quote_pasted_into_a_chapter_is_caught(tmp_path: Path) -> None:
    """The longest quote of the sheets, pasted into a chapter with its own citation, fails the check,
    whether it is judged against the sheets or against the committed fingerprints alone."""
    quote = max(literature_quotes(), key=lambda text: len(words(text)))
    project = copy_project(tmp_path / "project")
    chapter = project / "docs" / "review" / "treatment.md"
    pasted = f"As a trial put it, {quote} [@bonvalot2020strass]"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + pasted + "\n", encoding="utf-8")
    for known in (quote_fingerprints(), committed_fingerprints(QUOTE_FINGERPRINT_FILE)):
        found = overlaps(project, known)
        assert {path for path, _ in found} == {"docs/review/treatment.md"}
        assert " ".join(words(quote)[:12]) in {shingle for _, shingle in found}
    assert overlaps(seed_overlap.ROOT, quote_fingerprints()) == []
