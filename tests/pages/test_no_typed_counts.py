"""No count is typed by hand into docs/: the atlas's numbers are generated, published ones are cited.

A count typed into a page goes stale the day a case is added. So in docs/ every count of
patients, cases or articles, and every percentage, must sit in a sentence that cites its
source ([@key]); the atlas's own numbers (held cases, articles, coverage) come only from the
generated pages, and may not appear in docs/ at all, cited or not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.inputs import Corpus, load_corpus
from atlas.pages.coverage import flow, held_shares
from tests.conftest import ROOT

# Spelled-out counts ("one" is left out: "one patient per file" is how the format is described).
NUMBER_WORDS = [
    *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"),
    *("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred"),
]
NUMBER = rf"(?:\d+(?:\.\d+)?|{'|'.join(NUMBER_WORDS)})"
# A number, up to three words, then what the atlas counts: "11 patients", "seven published cases".
COUNT = re.compile(
    rf"\b{NUMBER}\b(?:[\s-]+[\w-]+){{0,3}}?[\s-]+"
    r"(?:patients?|cases?|people|persons?|women|men|articles?|reports?|sources?|studies)\b",
    re.IGNORECASE,
)
RATIO = re.compile(rf"\b{NUMBER}\s+(?:of|out of)\s+(?:about\s+|the\s+)?{NUMBER}\b", re.IGNORECASE)
PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?%")
CITATION = re.compile(r"\[@[A-Za-z]")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
# A link target such as ](../cases/x.md) is not prose: its dots must not end a sentence.
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")


def sentences(text: str) -> list[tuple[int, str]]:
    """(line, sentence) for the prose of a Markdown file; code blocks are not prose."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group(0)) - 1), text)
    found = []
    for match in re.finditer(r"[^.!?]+(?:[.!?](?!\d)|$)", text):
        sentence = match.group(0)
        line = text.count("\n", 0, match.start() + len(sentence) - len(sentence.lstrip())) + 1
        found.append((line, " ".join(sentence.split())))
    return found


def uncited_counts(text: str, display: str) -> list[str]:
    """Counts and percentages in sentences that cite no source: typed by hand."""
    problems = []
    for line, sentence in sentences(text):
        if CITATION.search(sentence):
            continue
        for pattern in (COUNT, RATIO, PERCENT):
            for match in pattern.finditer(sentence):
                problems.append(f"{display}:{line}: {match.group(0)!r} in {sentence!r}")
    return problems


def atlas_counts(corpus: Corpus) -> list[str]:
    """Phrases that state the atlas's own computed numbers."""
    held = len(corpus.cases)
    articles = flow(corpus).included_articles
    phrases = [f"{held} patients", f"{held} cases", f"{articles} articles"]
    for share in held_shares(corpus):
        phrases += [f"{held} of {share.total.count}", f"{share.percent}%", f"{share.percent} %"]
    return phrases


def docs_files(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def typed_counts(root: Path, corpus: Corpus) -> list[str]:
    problems = []
    phrases = atlas_counts(corpus)
    for path in docs_files(root):
        display = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        problems += uncited_counts(text, display)
        flat = " ".join(text.split())
        problems += [
            f"{display}: the atlas's own count {phrase!r} is typed in" for phrase in phrases if phrase in flat
        ]
    return problems


def test_docs_hold_no_hand_typed_count(real_corpus: Corpus) -> None:
    assert docs_files(ROOT), "docs/ has no pages"
    assert typed_counts(ROOT, real_corpus) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The atlas now holds 11 patients.",
        "Eleven patients are in the atlas, and seven published cases were treated by local excision.",
        "Values were read from the article itself for 5 of 11.",
        "About 16% of the published patients are held.",
        "It holds 9 renal vein leiomyosarcoma cases.",
        "Of the 4 articles still to read, two are in Japanese.",
    ],
)
def test_a_hand_typed_count_is_found(sentence: str) -> None:
    assert uncited_counts(f"# Page\n\nSome text. {sentence}\n", "docs/x.md")


@pytest.mark.parametrize(
    "sentence",
    [
        "About 67 patients have been published worldwide [@novak2016].",
        "Women made up 82% of the published patients [@baheen2022; @aguilar].",
        "Table 1 of the review lists the kidney-sparing operations.",
        "A tumour of 5.5 cm was removed; the patient is well.",
        "The first patient was described in 1967.",
        "Each case file describes one patient.",
        "Margins were negative in two reports ([case page](../cases/urkan.md)) [@urkan; @baheen2022].",
    ],
)
def test_cited_figures_and_other_numbers_pass(sentence: str) -> None:
    assert uncited_counts(f"# Page\n\n{sentence}\n", "docs/x.md") == []


def test_the_atlas_count_is_refused_even_when_cited(project: Path) -> None:
    corpus, _ = load_corpus(project)
    held = len(corpus.cases)
    (project / "docs" / "extra.md").write_text(
        f"# Extra\n\nThe literature holds {held} cases of this tumour [@novak2016].\n", encoding="utf-8"
    )
    assert typed_counts(project, corpus) == [
        f"docs/extra.md: the atlas's own count '{held} cases' is typed in"
    ]


def test_a_typed_count_in_a_new_page_fails_with_its_line(project: Path) -> None:
    corpus, _ = load_corpus(project)
    (project / "docs" / "extra.md").write_text(
        "# Extra\n\nIntro.\n\nWe now have 23 patients.\n", encoding="utf-8"
    )
    assert typed_counts(project, corpus) == ["docs/extra.md:5: '23 patients' in 'We now have 23 patients.'"]
