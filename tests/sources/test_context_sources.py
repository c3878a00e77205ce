"""Context sources (guidelines, trials and series about related diseases) are told apart from the
renal vein sources in every reference list, by data on the reference, never by typed prose."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml
from markupsafe import Markup

from atlas.diagnostics import errors_in
from atlas.sources.bibliography import Bibliography, Reference, load_bibliography
from atlas.sources.citations import citations_in_text
from atlas.sources.vancouver import CONTEXT_LABEL, reference_html
from tests.conftest import ROOT

CONTEXT_SHEET = ROOT.parent / "shared" / "literature" / "context.yaml"
REFERENCE_ITEMS = (
    '//ol[contains(@class,"atlas-references")]/li | //ul[contains(@class,"atlas-bibliography")]/li'
)
MIN_CONTEXT_SOURCES = 25


def review_citations() -> set[str]:
    keys: set[str] = set()
    for path in sorted((ROOT / "docs" / "review").glob("*.md")):
        keys |= {use.key for use in citations_in_text(path.read_text(encoding="utf-8"), path.name)}
    return keys


def reference_lists(site: Path) -> dict[str, dict[str, lxml.html.HtmlElement]]:
    """{page: {key: list item}} for every reference list of the built site."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        items = lxml.html.parse(str(page)).xpath(REFERENCE_ITEMS)
        if items:
            found[page.relative_to(site).as_posix()] = {item.get("id")[len("ref-") :]: item for item in items}
    return found


def test_the_review_cites_at_least_25_context_sources(real_bibliography: Bibliography) -> None:
    bib = real_bibliography
    cited = {key for key in review_citations() if bib[key].context}
    assert len(cited) >= MIN_CONTEXT_SOURCES, sorted(cited)


def test_every_cited_context_source_has_its_label_and_scope_in_every_list(
    built_site: Path, real_bibliography: Bibliography
) -> None:
    bib = real_bibliography
    context = {key for key, reference in bib.references.items() if reference.context}
    lists = reference_lists(built_site)
    assert "references/index.html" in lists and "review/treatment/index.html" in lists
    seen: dict[str, int] = {}
    for page, items in lists.items():
        for key, item in items.items():
            labels = [span.text_content() for span in item.xpath('.//span[@class="atlas-context-label"]')]
            scopes = [span.text_content() for span in item.xpath('.//span[@class="atlas-context-scope"]')]
            if key not in context:
                assert labels == scopes == [], f"{page}: {key} is not a context source"
                continue
            reference = bib[key]
            assert labels == [CONTEXT_LABEL.format(reference.context)], f"{page}: {key}"
            assert scopes == [f"({reference.get('scope')})"], f"{page}: {key}"
            seen[key] = seen.get(key, 0) + 1
    cited = {key for key in review_citations() if key in context}
    assert cited <= set(seen), "cited but never listed: " + ", ".join(sorted(cited - set(seen)))
    for key in cited:  # its chapter's list and the References page, at least
        assert seen[key] >= 2, key


def test_the_label_text_comes_from_the_reference_not_from_the_prose() -> None:
    for path in sorted((ROOT / "docs").rglob("*.md")):
        assert "context: retroperitoneal" not in path.read_text(encoding="utf-8"), path


def test_the_label_is_escaped() -> None:
    reference = Reference(
        "x", "article", {"title": "T", "context": "<b>sarcoma</b>", "scope": "series of <i>3</i>"}, 1
    )
    html = reference_html(reference)
    assert isinstance(html, Markup)
    assert "&lt;b&gt;sarcoma&lt;/b&gt;" in html and "<b>" not in html and "<i>" not in html


def test_a_context_without_scope_is_refused(project: Path) -> None:
    bib = project / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@article{halfcontext,\n  title = {A series},\n  context = {retroperitoneal sarcoma},\n}\n",
        encoding="utf-8",
    )
    _, problems = load_bibliography(bib)
    messages = [problem.format() for problem in errors_in(problems)]
    line = len(bib.read_text(encoding="utf-8").splitlines()) - 1  # the new entry's context line
    assert messages == [
        f"references.bib:{line}:1: E311 entry 'halfcontext' gives context but no scope: a context source "
        "names both the related population it describes (context) and its design and size (scope)"
    ]


@pytest.mark.skipif(not CONTEXT_SHEET.is_file(), reason="../shared/literature/context.yaml is not present")
def test_every_context_entry_is_a_source_of_the_context_sheet(real_bibliography: Bibliography) -> None:
    sheet = yaml.safe_load(CONTEXT_SHEET.read_text(encoding="utf-8"))
    keys = {item["key"] for item in sheet if "key" in item}
    bib = real_bibliography
    labelled = {key for key, reference in bib.references.items() if reference.context}
    assert labelled <= keys, sorted(labelled - keys)


@pytest.mark.skipif(not CONTEXT_SHEET.is_file(), reason="../shared/literature/context.yaml is not present")
def test_nothing_the_sheet_could_not_read_is_cited() -> None:
    """The sheet's not_reached list names sources that could not be read; none of them is a reference."""
    sheet = yaml.safe_load(CONTEXT_SHEET.read_text(encoding="utf-8"))
    not_reached = " ".join(next(item["not_reached"] for item in sheet if "not_reached" in item))
    prose = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md"))
    for name in ("Kieffer", "GENTURIS", "Ito et al", "Ito and colleagues"):
        assert name in not_reached or name.startswith("Ito and")
        assert name not in prose, name
