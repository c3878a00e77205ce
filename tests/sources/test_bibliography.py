"""references.bib parses cleanly with bibtexparser v2, and incomplete citations say what is missing."""

from __future__ import annotations

import logging
import warnings

import bibtexparser
import pytest
from bibtexparser import middlewares

from atlas.diagnostics import errors_in
from atlas.sources.bibliography import LATEX_MARKUP, load_bibliography
from tests.conftest import ROOT

BIB = ROOT / "references.bib"
FIELD_NAMES = {
    "author",
    "authors",
    "year",
    "title",
    "journal",
    "volume",
    "number",
    "pages",
    "doi",
    "pmid",
    "url",
}


def test_parses_without_warnings_or_failed_blocks(caplog: pytest.LogCaptureFixture) -> None:
    text = BIB.read_text(encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="bibtexparser"), warnings.catch_warnings():
        warnings.simplefilter("error")
        library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert len(library.entries) == text.count("\n@")
    # Outside entries there are only % comments: no stray text that the parser skipped.
    for block in library.blocks:
        if block not in library.entries:
            assert type(block).__name__ == "ImplicitComment"
            assert all(line.startswith("%") for line in block.comment.strip().splitlines()), block.comment


def test_every_entry_passes_the_reference_checks() -> None:
    _, problems = load_bibliography(BIB)
    assert errors_in(problems) == []
    assert {p.code for p in problems} <= {"W302"}


def test_unverified_fields_are_left_out() -> None:
    bibliography, _ = load_bibliography(BIB)
    for reference in bibliography.references.values():
        for item in reference.unverified:
            if item in FIELD_NAMES:
                assert reference.get(item) is None, f"{reference.key}: {item} is given yet unverified"
            else:  # a phrase about a field that is given, e.g. "author order"
                named = any(word in FIELD_NAMES for word in item.replace("-", " ").split())
                assert named or "surname" in item, item


def test_complete_citations_have_author_title_journal_and_year() -> None:
    bibliography, _ = load_bibliography(BIB)
    complete = [reference for reference in bibliography.references.values() if not reference.is_incomplete]
    assert complete
    for reference in complete:
        for name in ("author", "title", "journal", "year"):
            assert reference.get(name), f"{reference.key} is complete but has no {name}"


def test_values_without_latex_are_left_as_they_are_and_would_decode_to_themselves() -> None:
    """Only values with LaTeX markup are decoded (speed); the others are exactly what decoding gives."""
    decoder = middlewares.LatexDecodingMiddleware()
    paths = [ROOT / "references.bib", *sorted((ROOT / "tests/fixtures/adversarial/bib").glob("*.bib"))]
    plain = 0
    for path in paths:
        for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries:
            for field in entry.fields:
                value = str(field.value)
                if not LATEX_MARKUP.search(value):
                    plain += 1
                    assert decoder._transform_python_value_string(value) == (value, ""), (path.name, value)
    assert plain > 500
    for marked in ("a--b", "x\\'e", "{Braced}", "50% of", "two  spaces", "``quoted''"):
        assert LATEX_MARKUP.search(marked), marked
