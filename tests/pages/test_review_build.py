"""Whole-build tests of the review: chapters, numbered citations, reference lists, References page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from atlas.site.build import BuildFailed, build
from atlas.sources.bibliography import Bibliography
from atlas.sources.citations import citations_in_text
from atlas.sources.vancouver import INCOMPLETE_MARK, format_reference
from tests.conftest import ROOT
from tests.support.html_parts import parse

CHAPTERS = (
    "index",
    "epidemiology",
    "clinical-presentation",
    "imaging",
    "differential-diagnosis",
    "core-needle-biopsy",
    "pathology",
    "treatment",
    "prognosis",
    "limitations",
)


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def nav_pages() -> list[str]:
    """Every Markdown page listed in mkdocs.yml's nav."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config["nav"])
    return found


def test_every_chapter_is_in_the_nav_and_built(built_site: Path) -> None:
    listed = nav_pages()
    for chapter in CHAPTERS:
        assert f"review/{chapter}.md" in listed
        page = built_site / "review" / ("" if chapter == "index" else chapter) / "index.html"
        parts = parse(page.read_text(encoding="utf-8"), "atlas-references")
        assert parts.items, f"{chapter} has no reference list"
    assert "references.md" in listed and "how-to-cite.md" in listed


def test_no_citation_key_is_left_unresolved(built_site: Path) -> None:
    for page in built_pages(built_site):
        text = "".join(parse(page.read_text(encoding="utf-8")).text)
        assert not re.search(r"\[@[A-Za-z]", text), f"unresolved citation in {page.relative_to(built_site)}"


def test_every_citation_links_to_its_numbered_entry(
    built_site: Path, real_bibliography: Bibliography
) -> None:
    """Each [n] links to the n-th entry of the page's list, and the list follows first appearance."""
    bib = real_bibliography
    pages_with_citations = 0
    for page in built_pages(built_site):
        parts = parse(page.read_text(encoding="utf-8"), "atlas-references")
        marks = [(href[len("#ref-") :], text) for href, text in parts.link_texts if href.startswith("#ref-")]
        if not marks:
            continue
        pages_with_citations += 1
        numbered = [item_id[len("ref-") :] for item_id in parts.items]
        for key, number in marks:
            assert key in bib, f"{page}: {key} is not in references.bib"
            assert numbered.index(key) + 1 == int(number), f"{page}: [{number}] should link to {key}"
        assert len(numbered) == len(set(numbered))
    assert pages_with_citations >= len(CHAPTERS) + 1  # the chapters and the home page


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_reference_list_follows_order_of_first_citation(built_site: Path, chapter: str) -> None:
    source = ROOT / "docs" / "review" / f"{chapter}.md"
    keys = [use.key for use in citations_in_text(source.read_text(encoding="utf-8"), chapter)]
    page = built_site / "review" / ("" if chapter == "index" else chapter) / "index.html"
    listed = [
        item_id[len("ref-") :]
        for item_id in parse(page.read_text(encoding="utf-8"), "atlas-references").items
    ]
    assert listed == list(dict.fromkeys(keys))


def test_reference_lists_hold_formatted_entries(built_site: Path, real_bibliography: Bibliography) -> None:
    bib = real_bibliography
    html = (built_site / "review" / "epidemiology" / "index.html").read_text(encoding="utf-8")
    items = parse(html, "atlas-references").items
    for item_id, text in items.items():
        reference = bib[item_id[len("ref-") :]]
        assert text.startswith(format_reference(reference)), item_id
        assert (INCOMPLETE_MARK in text) == reference.is_incomplete, item_id


def test_references_page_lists_every_entry_formatted(
    built_site: Path, real_bibliography: Bibliography
) -> None:
    bib = real_bibliography
    html = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    items = parse(html, "atlas-bibliography").items
    assert set(items) == {f"ref-{key}" for key in bib.references}
    for key, reference in bib.references.items():
        assert items[f"ref-{key}"].startswith(format_reference(reference))
    complete = [r for r in bib.references.values() if not r.is_incomplete]
    assert complete, "at least one verified entry is expected in references.bib"
    for reference in complete:
        assert INCOMPLETE_MARK not in items[f"ref-{reference.key}"]


def test_an_unknown_citation_key_stops_the_build_with_file_and_line(project: Path, tmp_path: Path) -> None:
    chapter = project / "docs" / "review" / "imaging.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "A new claim [@nosuchkey2099].")
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker.html").write_text("previous site", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project, site)
    messages = [d.format() for d in failure.value.diagnostics]
    assert (
        "docs/review/imaging.md:6:13: E401 citation key 'nosuchkey2099' is not an entry of references.bib"
        in messages
    )
    assert [p.name for p in site.iterdir()] == ["marker.html"]
