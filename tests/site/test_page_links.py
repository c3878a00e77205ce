"""Links to pages in generated raw HTML: written to source files, built as addresses (site/page_links.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.inputs import read_inputs
from atlas.pages import case_page
from atlas.pages.render import render_pages, render_prerendered_pages
from atlas.site.build import BuildFailed, build
from atlas.site.page_links import PageLinks
from tests.conftest import ROOT

SOURCES = (
    "index.md",
    "coverage.md",
    "methods.md",
    "cases/index.md",
    "cases/baheen-2022.md",
    "review/index.md",
    "review/treatment.md",
)


class Config(dict):
    """The two settings of mkdocs.yml that an address depends on."""

    site_dir = "/site"
    use_directory_urls = True


def linked(html: str, source: str) -> str:
    """`html` on the page of `source`, with its `.md` links made addresses, among the SOURCES pages."""
    from mkdocs.structure.files import File, Files

    files = Files([File(path, None, "/site", True) for path in SOURCES])
    page = type("Page", (), {"file": files.get_file_from_path(source)})()
    return PageLinks().on_page_content(html, page=page, config=Config(), files=files)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "link", "address"),
    [
        ("coverage.md", "cases/baheen-2022.md", "../cases/baheen-2022/"),
        ("coverage.md", "methods.md#evidence-quality", "../methods/#evidence-quality"),
        ("cases/baheen-2022.md", "../methods.md#evidence-quality", "../../methods/#evidence-quality"),
        ("cases/baheen-2022.md", "index.md", "../"),
        ("cases/index.md", "baheen-2022.md", "baheen-2022/"),
        ("index.md", "coverage.md", "coverage/"),
        ("review/index.md", "../cases/index.md#filters", "../cases/#filters"),
        ("review/treatment.md", "../cases/baheen-2022.md", "../../cases/baheen-2022/"),
        ("coverage.md", "cases/nobody.md", "../cases/nobody/"),  # missing: the link check finds it
        ("coverage.md", "../coverage.md", "../coverage.md"),  # leaves the sources: left for the check
    ],
)
def test_a_link_to_a_source_file_becomes_the_address_of_its_page(
    source: str, link: str, address: str
) -> None:
    assert linked(f'<p><a class="x" href="{link}">a page</a></p>', source) == (
        f'<p><a class="x" href="{address}">a page</a></p>'
    )


def test_sibling_pages_share_addresses_but_never_a_link_to_themselves() -> None:
    """One plugin for the whole build, as MkDocs runs it: what it works out once per folder holds for
    every page of the folder, and a link to the page itself or into its folder is worked out per page."""
    from mkdocs.structure.files import File, Files

    sources = ["cases/a.md", "cases/b.md", "cases/index.md", "methods.md", "cases/a/notes.md", "index.md"]
    files = Files([File(path, None, "/site", True) for path in sources])
    links = ["a.md", "b.md", "a.md#part", "index.md", "../methods.md#x", "a/notes.md", "b.md#part"]
    html = "".join(f'<a href="{link}">x</a>' for link in links)
    elsewhere = '<a href="cases/a.md">x</a><a href="methods.md">x</a><a href="cases/index.md">x</a>'
    shared = PageLinks()
    for source, text in [
        *((source, html) for source in ("cases/a.md", "cases/b.md", "cases/a.md", "cases/index.md")),
        *((source, elsewhere) for source in ("methods.md", "index.md", "methods.md")),  # depth 1, then 0
    ]:
        page = type("Page", (), {"file": files.get_file_from_path(source)})()
        alone = PageLinks().on_page_content(text, page=page, config=Config(), files=files)  # type: ignore[arg-type]
        assert shared.on_page_content(text, page=page, config=Config(), files=files) == alone  # type: ignore[arg-type]
    page = type("Page", (), {"file": files.get_file_from_path("cases/b.md")})()
    assert PageLinks().on_page_content(html, page=page, config=Config(), files=files) == (  # type: ignore[arg-type]
        '<a href="../a/">x</a><a href="./">x</a><a href="../a/#part">x</a><a href="../">x</a>'
        '<a href="../../methods/#x">x</a><a href="../a/notes/">x</a><a href="./#part">x</a>'
    )


def test_addresses_links_elsewhere_and_the_text_are_left_as_they_are() -> None:
    html = (
        '<a href="../cases/baheen-2022/">made by Markdown</a> <a href="#patient">here</a> '
        '<a href="https://example.org/notes.md">another site</a> <a href="/atlas/coverage.md">root</a> '
        '<a href="../sources/baheen2022.bib">a file</a> <code>&lt;a href="coverage.md"&gt;</code> notes.md'
    )
    assert linked(html, "coverage.md") == html


def test_generated_pages_link_to_source_files_and_the_built_pages_to_addresses(built_site: Path) -> None:
    inputs, _ = read_inputs(ROOT)
    generated = {**render_pages(inputs), **{p.src_uri: p.html for p in render_prerendered_pages(inputs)}}
    expected = {
        ("coverage.md", "coverage/index.html"): ('"cases/baheen-2022.md"', '"../cases/baheen-2022/"'),
        ("changes.md", "changes/index.html"): ('"cases/dufor-1982.md"', '"../cases/dufor-1982/"'),
        ("cases/index.md", "cases/index.html"): ('"baheen-2022.md"', '"baheen-2022/"'),
        ("cases/baheen-2022.md", "cases/baheen-2022/index.html"): (
            '"../methods.md#evidence-quality"',
            '"../../methods/#evidence-quality"',
        ),
    }
    for (source, built), (link, address) in expected.items():
        assert f" href={link}" in generated[source], source
        page = (built_site / built).read_text(encoding="utf-8")
        assert f" href={link}" not in page and f" href={address}" in page, built
    assert (
        'href="index.md" data-atlas-return>All cases in the case browser' in generated["cases/baheen-2022.md"]
    )
    left = [
        f"{path.relative_to(built_site)}: {link}"
        for path in sorted(built_site.rglob("*.html"))
        for link in re.findall(r' href="([^"#:]*\.md)[#"]', path.read_text(encoding="utf-8"))
    ]
    assert left == []


@pytest.mark.slow
def test_a_generated_link_to_a_missing_page_stops_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every case page links to the Methods section; renamed to a page that is not there, none is built."""
    build(project)
    before = (project / "site" / "cases" / "baheen-2022" / "index.html").read_bytes()
    monkeypatch.setattr(case_page, "METHODS_SECTION", "methods-gone.md#evidence-quality")
    with pytest.raises(BuildFailed) as failure:
        build(project)
    problems = {(p.path, p.code, p.message) for p in failure.value.diagnostics if p.code.startswith("E5")}
    cases = sorted(path.stem for path in (project / "cases").glob("*.yaml"))
    gone = "methods-gone/"
    assert problems == {
        (f"site/cases/{case}/index.html", "E502", f"link to {gone} does not resolve to a file of the site")
        for case in cases
    }
    assert (project / "site" / "cases" / "baheen-2022" / "index.html").read_bytes() == before


@pytest.mark.slow
def test_an_authors_link_in_raw_html_to_a_missing_page_stops_the_build(project: Path) -> None:
    """A `.md` link in raw HTML of docs/ reads as Markdown links do, relative to the source file."""
    chapter = project / "docs" / "review" / "index.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + '\n<p><a href="../cases/baheen-2022.md">a case</a></p>\n', encoding="utf-8")
    build(project)
    assert 'href="../cases/baheen-2022/">a case' in (project / "site" / "review" / "index.html").read_text(
        encoding="utf-8"
    )
    chapter.write_text(text + '\n<p><a href="../cases/nobody.md">a case</a></p>\n', encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert [(p.path, p.code, p.message) for p in failure.value.diagnostics if p.code.startswith("E5")] == [
        ("site/review/index.html", "E502", "link to cases/nobody/ does not resolve to a file of the site")
    ]
