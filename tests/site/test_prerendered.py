"""Pages made as HTML and placed into Material's page once rendered (atlas/site/prerendered.py)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from atlas.pages.html_page import Outline
from atlas.site import prerendered
from atlas.site.build import BuildFailed, build
from atlas.site.prerendered import SLUG_TOKEN, TITLE_TOKEN
from tests.support.synthetic import HOSTILE, add_synthetic_cases


def test_heading_ids_are_the_ones_python_markdown_gives() -> None:
    """Ids of case-page sections stay what they were when the pages went through Markdown."""
    headings = [
        (1, "Case a-1"),
        (2, "Patient"),
        (3, "Imaging studies"),
        (2, "Patient"),
        (3, "Biopsy"),
        (2, "Cite"),
    ]
    outline = Outline()
    for level, title in headings:
        outline.heading(level, title)
    text = "\n\n".join(f"{'#' * level} {title}" for level, title in headings)
    converter = markdown.Markdown(extensions=["toc"])
    converter.convert(text)
    assert outline.toc_tokens() == _without_html(converter.toc_tokens)


def _without_html(tokens: list[dict]) -> list[dict]:
    return [
        {"level": t["level"], "id": t["id"], "name": t["name"], "children": _without_html(t["children"])}
        for t in tokens
    ]


def test_a_heading_escapes_its_title_and_can_leave_the_search_index() -> None:
    outline = Outline()
    html = outline.heading(2, "<b>Notes</b> & more", exclude="empty")
    title = "&lt;b&gt;Notes&lt;/b&gt; &amp; more"
    assert html.startswith(f'<h2 data-search-exclude="empty" id="bnotesb-more">{title}<a class="headerlink"')
    assert outline.toc_tokens()[0]["name"] == title


@pytest.mark.slow
def test_every_stamped_page_is_what_material_renders_for_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case page, hostile text and all, is byte-identical to Material's own rendering of it."""
    add_synthetic_cases(project, 12)
    monkeypatch.setattr(prerendered, "VERIFY_EVERY_PAGE", True)
    site = tmp_path / "site"
    build(project, site)
    page = (site / "cases" / "synthetic-000" / "index.html").read_text(encoding="utf-8")
    assert "<title>Leiomyosarcoma of " in page and "<code>synthetic-000</code>" in page
    assert 'rel="canonical" href="https://rvlms-atlas.github.io/atlas/cases/synthetic-000/"' in page
    assert HOSTILE not in page and "x-atlas-prerendered" not in page


@pytest.mark.slow
def test_a_stamp_that_differs_from_material_stops_the_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check can fail: a shell that loses the page's title is caught before anything is published."""
    original = prerendered._Shell.fill
    monkeypatch.setattr(
        prerendered._Shell, "fill", lambda shell, values: original(shell, values | {TITLE_TOKEN: "?"})
    )
    site = tmp_path / "site"
    with pytest.raises(BuildFailed) as failure:
        build(project, site)
    assert "differs from Material's rendering" in str(failure.value.diagnostics[0])
    assert not site.exists()


@pytest.mark.slow
def test_token_text_in_a_contributor_field_stays_text(project: Path, tmp_path: Path) -> None:
    """Pages are filled in one pass: a field holding a slot's name is shown as written, never filled."""
    case = project / "cases" / "baheen-2022.yaml"
    case.write_text(
        case.read_text(encoding="utf-8") + f"notes: see {SLUG_TOKEN} and {TITLE_TOKEN}\n", "utf-8"
    )
    site = tmp_path / "site"
    build(project, site)
    page = (site / "cases" / "baheen-2022" / "index.html").read_text(encoding="utf-8")
    assert f"<p>see {SLUG_TOKEN} and {TITLE_TOKEN}</p>" in page
    assert page.count(SLUG_TOKEN) == 1 and page.count(TITLE_TOKEN) == 1
