"""Generated pages: every page generator run over the inputs; docs/'s pages into the staging folder.

Contributor text is untrusted. Templates autoescape every value, and values are
placed inside HTML elements (which Markdown leaves alone), so no field can add
markup, links or script to a page. Page generators return {path: text}, handed to MkDocs in
memory (atlas/site/generated_files.py); docs/'s own pages, with their citations numbered, are
written into the staging folder by write_pages. The case browser and the case pages are made as
HTML instead and handed to MkDocs in memory too (atlas/site/prerendered.py).
Generators import atlas.pages.environment, never this module: the list below is the only link.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from atlas.diagnostics import Diagnostic
from atlas.inputs import Inputs
from atlas.pages import case_browser, case_page, open_data
from atlas.pages.atlaspages import atlas_pages
from atlas.pages.changelog import changes_page
from atlas.pages.coverage import coverage_page
from atlas.pages.environment import Generator, Pages, environment
from atlas.pages.feed import feed_file
from atlas.pages.field_reference import field_reference_page
from atlas.pages.form_questions import form_questions_page
from atlas.pages.home import home_page
from atlas.pages.how_to_cite import how_to_cite_page
from atlas.pages.html_page import PrerenderedPage
from atlas.pages.issue_links import citation_help, with_submit_buttons
from atlas.pages.methods import methods_page
from atlas.pages.references import references_page
from atlas.paths import DOCS_DIR
from atlas.sources.cite import cite_pages

PAGE_GENERATORS: list[Generator] = [
    field_reference_page,
    home_page,
    how_to_cite_page,
    references_page,
    coverage_page,
    methods_page,
    atlas_pages,
    changes_page,
    feed_file,
    open_data.open_data_files,
    form_questions_page,
]


def render_pages(ctx: Inputs, keep_island: Callable[[str], Markup] | None = None) -> Pages:
    env = environment(keep_island, citation_help(ctx))
    pages: Pages = {}
    for generate in PAGE_GENERATORS:
        for path, text in generate(ctx, env).items():
            if path in pages:
                raise ValueError(f"two generators write {path}")
            pages[path] = text
    return pages


def docs_pages(ctx: Inputs) -> tuple[Pages, list[Diagnostic]]:
    """The Markdown of docs/ as atlas.inputs read it, with its citations numbered and the submit
    buttons in place: the prose pages, ready for the staging folder."""
    cited, problems = cite_pages(
        ctx.docs, ctx.corpus.bibliography, environment(None, citation_help(ctx)), DOCS_DIR
    )
    return {relative: with_submit_buttons(text, ctx, relative) for relative, text in cited.items()}, problems


def render_prerendered_pages(ctx: Inputs) -> list[PrerenderedPage]:
    """The pages made as HTML rather than Markdown: the case browser and the case pages."""
    env = environment(None, citation_help(ctx))
    browser = case_browser.case_browser_page(ctx.corpus, env)
    return [browser, *case_page.case_pages(ctx, env)]


def write_pages(pages: Pages, docs_dir: Path) -> None:
    """Write docs/'s pages, as cited, into the staging docs folder; a page may not replace a written one."""
    for relative, text in sorted(pages.items()):
        target = docs_dir / relative
        if target.exists():
            raise FileExistsError(f"docs/{relative} exists but is generated; remove it from docs/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
