"""Public text is for readers: no page says how the project obtained or read a document.

Readers need to know what a source is, what is known of it and how complete its citation is, not
whether the curators held a "supplied copy", an "excerpt" or a "stored page", whether "the readable
text stops" or "the article itself has not been seen". A source known only through another article
says so in words: "known through <that article>, not checked against the original".

The built site is scanned (every HTML page, its visible text and the attributes a reader or a search
engine sees, and the search index, entry by entry), and so are the files readers download from data/
(CSV, JSON, BibTeX, RIS). Outside the contributor pages and the Case format page, which are about
the format itself, no page shows a bib key, a rule code or a dotted field path
(`treatment.kidney_preserved`); a dotted path is allowed only as code, where the Data and Methods
pages name a column or a field of the format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html

from atlas.cases.fieldref import field_docs
from atlas.inputs import Corpus, load_corpus
from atlas.pages.environment import short_citation
from atlas.rules import RULES
from atlas.sources.bibliography import Bibliography, Reference
from tests.conftest import ROOT

# How a document was obtained or read: never said on a public page or in a downloaded file.
READING = re.compile(
    r"\b(?:supplied|copy starts|excerpts?|stored|snippets?|readable(?: text)?|"
    r"(?:text|copy|page) (?:starts|stops|ends|begins)|"
    r"(?:article|original|abstract|text|summary|opening|title|reference list|page|report|document)s?"
    r"(?: itself)? (?:was|were|has|have)(?: not)?(?: been)? (?:seen|read|reached)|"
    r"(?:was|were|has|have) not been (?:seen|read|reached)|could not be (?:read|reached)|"
    r"abstract read|page read|in two copies|cop(?:y|ies) of (?:the|a)|"
    r"cited as reference \d+ of)\b",
    re.IGNORECASE,
)
# Tools a document may have been fetched, converted or translated with: a reader needs none of them.
TOOLS = re.compile(
    r"\b(?:pdftotext|pdfplumber|poppler|tesseract|OCR|wget|curl|Wayback Machine|archive\.org|"
    r"Google Translate|DeepL|machine[- ]translat\w*|scraped|scraper)\b"
)
# Pages about the format itself, where field paths, rule codes and keys are the subject.
FORMAT_PAGES = ("contribute/", "reference/fields/")
DOWNLOADS = ("*.csv", "*.json", "*.bib", "*.ris")


@dataclass(frozen=True)
class PageText:
    """What a reader sees of one page (or one search-index entry), with and without its code."""

    name: str  # the page's folder, e.g. "review/key-points/" or "search: review/key-points/#x"
    text: str
    prose: str  # the text without <code> elements

    @property
    def about_the_format(self) -> bool:
        return self.name.removeprefix("search: ").startswith(FORMAT_PAGES)


def _texts(tree: lxml_html.HtmlElement) -> tuple[str, str]:
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    attributes = " ".join(str(value) for value in tree.xpath("//@title|//@aria-label|//@content|//@alt"))
    text = tree.text_content() + " " + attributes
    for code in tree.xpath("//code"):
        code.drop_tree()
    return text, tree.text_content() + " " + attributes


def page_texts(site: Path) -> Iterator[PageText]:
    """Every page of the built site and every entry of its search index."""
    for page in sorted(site.rglob("*.html")):
        name = str(page.parent.relative_to(site)).replace(".", "") + "/"
        yield PageText(name.lstrip("/"), *_texts(lxml_html.fromstring(page.read_bytes())))
    index = site / "search" / "search_index.json"
    if index.exists():
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            fragment = lxml_html.fragment_fromstring(f"{doc['title']} {doc['text']}", create_parent="div")
            yield PageText(f"search: {doc['location']}", *_texts(fragment))


def download_texts(site: Path) -> Iterator[tuple[str, str]]:
    """The files readers download from data/, and the feed of what changed, as text."""
    paths = [path for pattern in DOWNLOADS for path in sorted((site / "data").rglob(pattern))]
    for path in [*paths, site / "feed.xml"]:
        if path.exists():
            yield str(path.relative_to(site)), path.read_text(encoding="utf-8")


@cache
def field_paths() -> re.Pattern[str]:
    """Every dotted path of the case format, as the format and the CSV write it."""
    paths = {doc.path.replace("[]", "") for doc in field_docs()} | {doc.path for doc in field_docs()}
    dotted = sorted((path for path in paths if "." in path), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, dotted)) + r")(?![\w])")


@cache
def bib_keys() -> re.Pattern[str]:
    """Keys of references.bib, except those that are also case ids (a case's id is its public address)."""
    corpus, _ = load_corpus(ROOT)
    case_ids = {case.id for case in corpus.cases}
    keys = sorted(
        (key for key in corpus.bibliography.references if key not in case_ids), key=len, reverse=True
    )
    return re.compile(r"(?<![\w/.#-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w-])")


@cache
def rule_codes() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(rule.code for rule in RULES) + r")\b")


@dataclass(frozen=True)
class Finding:
    where: str
    found: str
    around: str

    def __str__(self) -> str:
        return f"{self.where}: {self.found!r} in …{self.around}…"


def _finding(where: str, text: str, match: re.Match[str]) -> Finding:
    around = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
    return Finding(where, match.group(0), around)


def reader_wording_findings(site: Path) -> list[Finding]:
    """Every place a reader would meet wording about how a source was read, or the format's internals."""
    found = []
    for page in page_texts(site):
        checks = [(READING, page.text), (TOOLS, page.text)]
        if not page.about_the_format:
            checks += [(bib_keys(), page.text), (rule_codes(), page.text), (field_paths(), page.prose)]
        found += [
            _finding(page.name, text, match) for pattern, text in checks for match in pattern.finditer(text)
        ]
    for name, text in download_texts(site):
        found += [_finding(name, text, match) for match in READING.finditer(text)]
    return found


@pytest.mark.slow
def test_no_page_says_how_a_source_was_read_or_shows_the_formats_internals(built_site: Path) -> None:
    assert [str(finding) for finding in reader_wording_findings(built_site)] == []


PLANTED = {
    "review/x/index.html": (
        "<p>Descriptive title; the supplied copy starts at its abstract. The readable text ends here; "
        "the page stops before the results. "
        "The article itself has not been seen. Only the abstract and the opening were seen. "
        "Cited as reference 4 of the review. Read with pdftotext.</p>"
        '<a title="read from a stored page">x</a>'
    ),
    "cases/y/index.html": (
        "<p>treatment.kidney_preserved is inferred (see baheen2022zh); check reports E311.</p>"
        "<p>The column <code>patient.sex</code> is code.</p>"
    ),
    "contribute/z/index.html": "<p>Write patient.sex; E104 names the key baheen2022.</p>",
    "data/sources/k.bib": "@article{k, note = {Abstract read}}",
}


def plant(site: Path) -> None:
    for name, text in PLANTED.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        wrapped = text if name.endswith(".bib") else f"<html><body>{text}</body></html>"
        path.write_text(wrapped, encoding="utf-8")


def test_the_scan_finds_each_kind_of_planted_wording(tmp_path: Path) -> None:
    plant(tmp_path)
    found = {
        (finding.where, re.sub(r"\s+", " ", finding.found)) for finding in reader_wording_findings(tmp_path)
    }
    assert found == {
        ("review/x/", "supplied"),
        ("review/x/", "copy starts"),
        ("review/x/", "readable text"),
        ("review/x/", "page stops"),
        ("review/x/", "article itself has not been seen"),
        ("review/x/", "opening were seen"),
        ("review/x/", "Cited as reference 4 of"),
        ("review/x/", "pdftotext"),
        ("review/x/", "stored"),
        ("cases/y/", "treatment.kidney_preserved"),
        ("cases/y/", "baheen2022zh"),
        ("cases/y/", "E311"),
        ("data/sources/k.bib", "Abstract read"),
    }  # not patient.sex as code, nor the contributor page's path, code and key


def test_the_baheen_entry_reads_as_the_sheet_asks(built_site: Path) -> None:
    page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert "described here by its content: a case report of one patient and a review of 55" in page


@pytest.mark.slow
def test_a_source_known_through_another_article_says_so_in_words(built_site: Path) -> None:
    page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    notes = [" ".join(n.text_content().split()) for n in tree.xpath('//span[@class="atlas-reference-note"]')]
    aguilar = "Note: Known through Baheen and colleagues (2022), where it is reference 4 (a review of 30"
    assert any(
        note.startswith(aguilar) and note.endswith("not checked against the original") for note in notes
    )
    assert sum("not checked against the original" in note for note in notes) >= 11


def test_a_source_without_author_or_title_is_named_by_its_journal_never_its_key() -> None:
    bibliography = Bibliography("references.bib")
    bibliography.references = {
        "turkjpath618": Reference("turkjpath618", "article", {"journal": "Turkish Journal of Pathology"}, 1),
        "bare": Reference("bare", "misc", {"url": "https://example.org/x"}, 1),
    }
    corpus = Corpus(root=ROOT, bibliography=bibliography)
    assert short_citation(corpus, "turkjpath618") == "Turkish Journal of Pathology (article)"
    assert short_citation(corpus, "bare") == "bare"  # nothing else is known: E303 refuses such an entry
