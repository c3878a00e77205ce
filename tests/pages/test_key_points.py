"""The key points for clinicians: at most ten, each tagged with the kind of its evidence (with the
count of renal vein reports it rests on, by kind) and linked to the chapter section that develops it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from atlas.inputs import Corpus
from atlas.sources.citations import citations_in_text
from tests.conftest import ROOT

SOURCE = ROOT / "docs" / "review" / "key-points.md"
PAGE_URL = "review/key-points/"
KINDS = ("case report", "trial", "guideline", "consensus", "series", "registry", "review", "no source")
CASE_REPORTS = re.compile(r"renal vein, (no|\d+) case reports?\b")
# How an evidence line counts the cited case sources of each other kind (a review's table row is a
# further patient of the review that holds the table, known through it).
OTHER_KINDS = {
    "congress abstract": r"(\d+) congress abstracts?\b",
    "video abstract": r"(\d+) video abstracts?\b",
    "letter": r"(\d+) letters?\b",
    "case series": r"(\d+) case series\b",
    "review table row": r"(\d+) further patients?\b",
}
CLOSING_SECTIONS = ("References", "Published patients like yours")  # after the points, not points


def evidence_lines() -> list[str]:
    return [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.startswith("Evidence:")]


def built_points(site: Path) -> list[tuple[str, lxml.html.HtmlElement]]:
    """(heading, evidence paragraph) for each point of the built page."""
    tree = lxml.html.parse(str(site / PAGE_URL / "index.html"))
    points = []
    for heading in tree.xpath('//article//h2[not(@id="__comments")]'):
        if heading.text_content().startswith(CLOSING_SECTIONS):
            continue
        evidence = heading.xpath('following-sibling::p[contains(@class,"atlas-evidence")][1]')
        points.append((heading.text_content().rstrip("¶").strip(), evidence[0] if evidence else None))
    return points


def test_at_most_ten_points_each_with_an_evidence_tag(built_site: Path) -> None:
    points = built_points(built_site)
    assert 1 <= len(points) <= 10
    assert len(evidence_lines()) == len(points)
    for heading, evidence in points:
        assert evidence is not None, f"{heading}: no evidence tag"
        text = evidence.text_content()
        assert text.startswith("Evidence: renal vein, "), heading
        assert any(kind in text for kind in KINDS), f"{heading}: no kind of evidence named"


def test_each_point_links_to_a_chapter_section_that_exists(built_site: Path) -> None:
    base = f"https://atlas.invalid/{PAGE_URL}"
    for heading, evidence in built_points(built_site):
        chapters = [
            urlsplit(urljoin(base, href)) for href in evidence.xpath(".//a/@href") if not href.startswith("#")
        ]
        assert chapters, f"{heading}: no link to a chapter"
        for target in chapters:
            assert target.path.startswith("/review/") and target.fragment, f"{heading}: {target.geturl()}"
            page = built_site / target.path.strip("/") / "index.html"
            assert page.is_file(), f"{heading}: {target.path} is not built"
            ids = set(lxml.html.parse(str(page)).xpath("//@id"))
            assert target.fragment in ids, f"{heading}: no section #{target.fragment} in {target.path}"


def counted(line: str, kinds: dict[str, str]) -> dict[str, int]:
    """How many cited case sources an evidence line states, by kind ("no case report" is 0)."""
    match = CASE_REPORTS.search(line)
    assert match, f"no case-report count: {line}"
    numbers = {"case report": 0 if match.group(1) == "no" else int(match.group(1))}
    for kind, pattern in OTHER_KINDS.items():
        found = re.search(pattern, line)
        if found or kind in kinds:
            assert found, f"cites {kind} sources without counting them: {line}"
            numbers[kind] = int(found.group(1))
    return numbers


def test_the_case_report_count_is_that_of_the_cited_case_sources(real_corpus: Corpus) -> None:
    """'renal vein, N case reports' counts the cited sources of case files that are case reports; a
    congress or video abstract, and a patient known only from a review's table, are counted apart."""
    kind_of = {case.source: case.source_type for case in real_corpus.cases}
    bib = real_corpus.bibliography
    for line in evidence_lines():
        keys = {use.key for use in citations_in_text(line, "key-points.md")}
        cited = Counter(kind_of[key] for key in keys if key in kind_of)
        assert counted(line, dict(cited)) == {"case report": 0, **cited}, line
        context = {key for key in keys if bib[key].context}
        assert bool(context) == ("context:" in line), f"context cited without its tag, or the reverse: {line}"


def test_the_count_fails_on_a_review_table_row_counted_as_a_case_report() -> None:
    line = "Evidence: renal vein, 2 case reports [@baheen2022; @stringer1977]; no comparative study."
    with pytest.raises(AssertionError, match="cites review table row sources without counting them"):
        counted(line, {"case report": 1, "review table row": 1})


def test_the_home_page_offers_the_way_in_for_a_clinician(built_site: Path) -> None:
    tree = lxml.html.parse(str(built_site / "index.html"))
    links = tree.xpath('//article//a[contains(., "With a patient in front of you")]/@href')
    assert links == ["review/key-points/"]
