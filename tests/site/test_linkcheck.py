"""No broken internal link or anchor, no third-party request, and only well-formed DOI links in the built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import atlas.site.build
from atlas.inputs import read_inputs
from atlas.pages.render import render_prerendered_pages
from atlas.site import linkcheck
from atlas.site.build import BuildFailed, build
from atlas.site.linkcheck import check_site, parse_page
from tests.conftest import ROOT

BROKEN_SITE = Path(__file__).parents[1] / "fixtures" / "linkcheck" / "site"
SITE_URL = "https://rvlms-atlas.github.io/atlas/"


def test_checker_reports_each_kind_of_broken_link() -> None:
    problems = [p.format() for p in check_site(BROKEN_SITE, "https://example.org/atlas/")]
    assert problems == [
        "site/index.html:6:1: E505 <link> loads 'https://fonts.example.com/font.css' from another site; self-host it",
        "site/index.html:7:1: E502 link to assets/missing.js does not resolve to a file of the site",
        "site/index.html:12:1: E503 anchor #nowhere does not exist on page/index.html",
        "site/index.html:13:1: E502 link to missing/ does not resolve to a file of the site",
        "site/index.html:14:1: E502 link to '/elsewhere/' points outside the site (/atlas/)",
        "site/index.html:16:1: E504 DOI link 'https://doi.org/https://evil.example/x' is not of the form "
        "https://doi.org/10.…/…",
        "site/index.html:17:1: E504 DOI link 'http://dx.doi.org/10.1515/raon-2016-0051' is not of the form "
        "https://doi.org/10.…/…",
        "site/index.html:19:1: E506 <a> uses a javascript: URL",
        "site/index.html:20:1: E505 <img> loads 'https://tracker.example/pixel.gif' from another site; self-host it",
        "site/index.html:22:1: E508 link to '../outside.html' climbs above the site's root, so it leaves the site; "
        "remove a '../' (the link goes one folder too high)",
        "site/page/index.html:4:1: E508 link to '../../page/' climbs above the site's root, so it leaves the site; "
        "remove a '../' (the link goes one folder too high)",
        "site/sitemap.xml:4:10: E502 link to gone/ does not resolve to a file of the site",
    ]


def test_built_site_has_no_broken_link(built_site: Path) -> None:
    assert [p.format() for p in check_site(built_site, SITE_URL)] == []


def test_checker_sees_every_page_and_its_links(built_site: Path) -> None:
    """Guard against a checker that passes because it looked at nothing."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 4
    case_page = parse_page(built_site / "cases" / "baheen-2022" / "index.html", "case")
    urls = {reference.url for reference in case_page.references}
    assert "../../reference/fields/" in urls and "#patient" in urls
    assert "patient" in case_page.ids


@pytest.mark.slow
def test_a_broken_link_in_a_page_stops_the_build(built_site: Path, project: Path) -> None:
    """MkDocs checks Markdown links only; a link in raw HTML is caught by the checker, and site/ is kept."""
    shutil.copytree(built_site, project / "site")  # the site as a previous build left it
    before = (project / "site" / "review" / "index.html").read_bytes()
    chapter = project / "docs" / "review" / "index.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + '\n<p><a href="../cases/nobody/">a case</a></p>\n'
    )
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert [(p.path, p.code, p.message) for p in failure.value.diagnostics if p.code.startswith("E5")] == [
        ("site/review/index.html", "E502", "link to cases/nobody/ does not resolve to a file of the site")
    ]
    assert (project / "site" / "review" / "index.html").read_bytes() == before


@pytest.mark.slow
def test_a_link_that_climbs_above_the_site_root_stops_the_build(project: Path) -> None:
    """urljoin would clamp ../../ at the root and find cases/baheen-2022/; under /atlas/ it leaves the site."""
    chapter = project / "docs" / "review" / "index.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + '\n<p><a href="../../cases/baheen-2022/">a case</a></p>\n'
    )
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert [(p.path, p.code, p.message) for p in failure.value.diagnostics if p.code.startswith("E5")] == [
        (
            "site/review/index.html",
            "E508",
            "link to '../../cases/baheen-2022/' climbs above the site's root, so it leaves the site; "
            "remove a '../' (the link goes one folder too high)",
        )
    ]


@pytest.mark.parametrize(
    ("page", "link", "resolved"),
    [
        ("coverage/", "../cases/x/", "/cases/x/"),
        ("coverage/", "../../cases/x/", None),
        ("cases/x/", "../../assets/a.css", "/assets/a.css"),
        ("cases/x/", "../../../assets/a.css", None),
        ("", "..", None),
        ("404.html", "cases/", "/cases/"),
        ("a/b.html", "./c/../d", "/a/d"),
    ],
)
def test_relative_links_resolve_as_urljoin_does_but_never_above_the_root(
    page: str, link: str, resolved: str | None
) -> None:
    assert linkcheck.join_relative(page, link) == resolved


SICI_REFERENCE = """
@article{sici1996,
  author = {Sici, Ann},
  title = {An article whose old DOI holds angle brackets},
  journal = {Cancer},
  year = {1996},
  doi = {10.1002/(SICI)1097-0142(19960101)77:1<47::AID-CNCR9>3.0.CO;2-8},
}
"""


@pytest.mark.slow
def test_old_dois_with_angle_brackets_become_encoded_links(project: Path) -> None:
    """SICI DOIs (common in 1990s journals) hold < > ;: their links are percent-encoded and pass the checker."""
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + SICI_REFERENCE, encoding="utf-8")
    chapter = project / "docs" / "review" / "limitations.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nAn older report [@sici1996].\n", encoding="utf-8"
    )
    build(project)
    html = (project / "site" / "review" / "limitations" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.1002/(SICI)1097-0142(19960101)77:1%3C47::AID-CNCR9%3E3.0.CO;2-8"' in html


@pytest.mark.slow
def test_pages_read_as_written_are_the_files_on_disk(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The link checker may take pages as MkDocs writes them only because they are the same bytes."""
    compared: list[str] = []

    def check_and_compare(site: Path, site_url: str, collected: linkcheck.PageCollector | None = None):
        assert collected is not None
        for relative, layout in collected.layouts.items():
            assert layout == linkcheck._layout(site / relative, linkcheck.RegionCache()), relative
            compared.append(str(relative))
        return linkcheck.check_site(site, site_url, collected)

    monkeypatch.setattr(atlas.site.build, "check_site", check_and_compare)
    build(project, project / "site")
    assert "cases/baheen-2022/index.html" in compared and "index.html" in compared and len(compared) > 30


def test_the_summary_tables_left_unread_hold_nothing_for_the_check() -> None:
    """On every page made as HTML, blanking the summary tables leaves the same anchors and URLs, on the
    same lines; and they are most of a case page."""
    inputs, _ = read_inputs(ROOT)
    blanked_bytes = 0
    for page in render_prerendered_pages(inputs):
        html = page.html.encode("utf-8")
        blanked = linkcheck.without_row_tables(html)
        assert blanked.count(b"\n") == html.count(b"\n")
        full, left = (linkcheck.page_layout(data, linkcheck.RegionCache()) for data in (html, blanked))
        assert left == full, page.src_uri
        blanked_bytes += len(html) - len(blanked)
    assert blanked_bytes > 10_000


def test_row_tables_are_blanked_where_they_stand_and_nowhere_else() -> None:
    page = b'<p id="a">x</p>\n<table class="atlas-summary">\n<tbody><tr>\n</tr></tbody>\n</table><a href="#a">a</a>\n'
    assert linkcheck.without_row_tables(page) == b'<p id="a">x</p>\n\n\n\n<a href="#a">a</a>\n'
    unclosed = b'<table class="atlas-summary"><tr><td><a href="#b">b</a>'
    assert linkcheck.without_row_tables(unclosed) == unclosed
