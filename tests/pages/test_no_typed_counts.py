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
import yaml

from atlas.inputs import Corpus, load_corpus
from atlas.pages.coverage import held_shares
from atlas.pages.report_flow import flow
from atlas.paths import SEARCH_FILE
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
    reports = flow(corpus).included_reports
    phrases = [f"{held} patients", f"{held} cases", f"{reports} articles", f"{reports} reports"]
    for share in held_shares(corpus):
        # The traced counts are left out: they are published figures too ("7 of 55" local excisions).
        phrases += [f"{count} of {share.total.count}" for count in (held, share.possible)]
        phrases += [f"{share.percent}%", f"{share.percent} %"]
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


# The Methods and Coverage pages are generated: what a template or the search's record types in is
# the same at every build, so none of it may be a count (the counts are Jinja expressions).
TEMPLATES = ("atlas/pages/templates/methods.md.j2", "atlas/pages/templates/coverage.md.j2")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# search.yaml's lists of names and terms are data, not prose ("... 67 patients" is a searched title).
SEARCH_DATA = ("terms", "names_searched", "sources")


def search_texts(node: object, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        items = [(key, value) for key, value in node.items() if key not in SEARCH_DATA]
        return [found for key, value in items for found in search_texts(value, f"{path}.{key}".lstrip("."))]
    if isinstance(node, list):
        return [found for index, item in enumerate(node) for found in search_texts(item, f"{path}[{index}]")]
    return [(path, node)] if isinstance(node, str) else []


def typed_counts_in_generated_pages(root: Path) -> list[str]:
    problems = []
    for name in TEMPLATES:
        text = (root / name).read_text(encoding="utf-8")
        problems += uncited_counts(
            TAG.sub(" ", JINJA.sub(lambda m: "\n" * m.group(0).count("\n"), text)), name
        )
    search = yaml.safe_load((root / SEARCH_FILE).read_text(encoding="utf-8"))
    for path, text in search_texts(search):
        problems += uncited_counts(text, f"{SEARCH_FILE} {path}")
    return problems


def test_methods_and_coverage_type_no_count() -> None:
    assert typed_counts_in_generated_pages(ROOT) == []


def test_a_count_typed_into_the_methods_template_or_the_search_is_found(project: Path) -> None:
    template = project / TEMPLATES[0]
    template.write_text(template.read_text(encoding="utf-8") + "\nWe have excluded 75 reports.\n", "utf-8")
    search = project / SEARCH_FILE
    search.write_text(search.read_text(encoding="utf-8") + "other_note: 53 reports were excluded.\n", "utf-8")
    found = typed_counts_in_generated_pages(project)
    assert [problem.split(":")[0] for problem in found] == [TEMPLATES[0], f"{SEARCH_FILE} other_note"]
    assert "'75 reports'" in found[0] and "'53 reports'" in found[1]
