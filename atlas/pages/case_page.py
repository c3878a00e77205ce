"""One page per case: the structured summary, where its values come from, and how to cite the source.

Every case page is reached at cases/<id>/, a stable address because ids never change
(the id is the file name, checked by E201). Pages stay out of the navigation: the case
browser and the search lead to them. Their HTML is made here, not by Markdown, and placed
into Material's page by atlas/site/prerendered.py: thousands of pages share one layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from atlas.cases.model import Case
from atlas.evidence.summary import Block, Row, Section, block_reported, case_sections
from atlas.inputs import Corpus, Inputs
from atlas.pages.case_quality import METHODS_SECTION, quality_view
from atlas.pages.case_title import case_description, case_title
from atlas.pages.environment import citation_text
from atlas.pages.html_page import Outline, PrerenderedPage
from atlas.pages.issue_links import correction_link
from atlas.pages.patient_line import patient_line
from atlas.pages.record_citation import RecordCitation, record_citation
from atlas.sources.bibliography import Reference
from atlas.sources.reference_export import SOURCES_DIR, Link, reference_links

Cite = Callable[[Corpus, str], str]

# Above this many cases, case pages leave Material's search index. Material downloads the
# whole index on every first visit to any page; each case page adds about 0.35 KB gzip to it,
# so past about 100 cases a case page's first visit would pass its 150 KB budget (DESIGN.md,
# Search index). Larger atlases are searched with the case browser's filters and free text;
# the case browser page itself then leaves the index too (atlas/pages/case_browser.py).
SEARCHABLE_CASES_LIMIT = 100
SITE_ROOT = "../../"  # to files (BibTeX, RIS), from a case page's address, cases/<id>/
SOURCES_ROOT = "../"  # to pages, from a case page's source file, cases/<id>.md (atlas/site/page_links.py)
HOW_TO_CITE_SECTION = "how-to-cite.md#a-case-record-or-its-source"
# The summary tables (rows_table in case.html.j2) hold summary rows and nothing else, and a row
# may hold no link, resource or anchor (RowRenderer refuses one): the link check skips these tables
# on case pages (atlas/site/linkcheck.py), about half of a case page's bytes.
ROWS_TABLE_START = '<table class="atlas-summary">'
ROWS_TABLE_END = "</table>"
# An element that links or loads, or an attribute of a tag that does, or an anchor ("<" in text is "&lt;").
LINK_OR_ANCHOR = re.compile(
    r"<(?:a|area|link|img|script|iframe|form|object|embed|source|video|audio|track|input)\b"
    r"|<[^>]*\s(?:id|name|href|src|srcset|data|poster|action)\s*=",
    re.IGNORECASE,
)


class RowWithLinkError(ValueError):
    """A summary row that holds a link or an anchor: the link check would not see it."""


@dataclass(frozen=True)
class SourceView:
    """A cited reference as a case page shows it."""

    key: str
    citation: str
    links: list[Link]
    unverified: list[str]
    bibtex: str | None
    ris: str | None

    @property
    def incomplete(self) -> bool:
        return bool(self.unverified)


def source_view(corpus: Corpus, key: str, cite: Cite) -> SourceView:
    reference: Reference | None = corpus.bibliography.references.get(key)
    files = reference is not None
    return SourceView(
        key=key,
        citation=cite(corpus, key),
        links=reference_links(reference),
        unverified=reference.unverified if reference else [],
        bibtex=f"{SITE_ROOT}{SOURCES_DIR}/{key}.bib" if files else None,
        ris=f"{SITE_ROOT}{SOURCES_DIR}/{key}.ris" if files else None,
    )


@dataclass(frozen=True)
class SectionView:
    """A section with something reported: its reported sub-sections in place, its empty ones gathered."""

    section: Section
    blocks: list[Block]
    empty_blocks: list[Block]


def section_views(sections: list[Section]) -> tuple[list[SectionView], list[Section]]:
    """Sections with something reported, and the empty ones, which the page gathers under one line
    instead of a "not reported" row for each of their fields (readers met 33 such rows of 48)."""
    shown = [
        SectionView(
            section,
            [block for block in section.blocks if block_reported(block)],
            [block for block in section.blocks if not block_reported(block)],
        )
        for section in sections
        if section.reported
    ]
    return shown, [section for section in sections if not section.reported]


class RowRenderer:
    """Summary rows' HTML, each distinct row rendered once (rows are values: equal rows, equal HTML).

    Unreported fields look the same on every page: 1,000 synthetic cases have 53,000 rows but
    about 3,700 distinct ones. Called once per table, since a call from a template costs more
    than the lookup. `search_marks`: whether the pages are in the search index (search_exclude).
    """

    def __init__(self, env: Environment, search_marks: bool = True) -> None:
        self.render_row = env.get_template("case_row.html.j2").module.row_html  # type: ignore[attr-defined]
        self.search_marks = search_marks
        self.rendered: dict[Row, str] = {}

    def __call__(self, rows: list[Row]) -> Markup:
        return Markup("".join("\n" + self._row(row) for row in rows))

    def _row(self, row: Row) -> str:
        if row not in self.rendered:
            html = str(self.render_row(row, self.search_marks))
            if LINK_OR_ANCHOR.search(html):
                raise RowWithLinkError(
                    f"a summary row may hold no link or anchor (see ROWS_TABLE_START): {html}"
                )
            self.rendered[row] = html
        return self.rendered[row]


def search_exclude(reason: str) -> Markup:
    """The attribute that keeps a part of a page out of Material's search index."""
    return Markup(' data-search-exclude="{}"').format(reason)


def no_search_mark(reason: str) -> str:
    """For a page kept out of the index altogether: Material would remove the marks unread (its
    plugin strips every data-search-* attribute), so they are not written at all."""
    return ""


def case_page(
    case: Case,
    corpus: Corpus,
    env: Environment,
    cite: Cite,
    stable_url: str,
    *,
    searchable: bool = True,
    rows_html: RowRenderer | None = None,
    correction: str = "",
    record: RecordCitation | None = None,
) -> PrerenderedPage:
    """The page of one case, headed by what it is (its descriptive title), its id beside it, small."""
    extracted = case.extracted_from
    outline = Outline(search_marks=searchable)
    title = case_title(case, corpus)
    shown, empty = section_views(case_sections(case))
    html = env.get_template("case.html.j2").render(
        title=title,
        outline=outline,
        case=case,
        summary=patient_line(case),
        shown=shown,
        empty=empty,
        source=source_view(corpus, case.source, cite),
        extracted=source_view(corpus, extracted, cite) if extracted and extracted != case.source else None,
        extracted_from_source=extracted == case.source,
        also=[source_view(corpus, key, cite) for key in case.also_reported_in or []],
        stable_url=stable_url,
        block_reported=block_reported,
        rows_html=rows_html or RowRenderer(env, searchable),
        search_exclude=search_exclude if searchable else no_search_mark,
        correction=correction,
        quality=quality_view(case),
        methods_url=SOURCES_ROOT + METHODS_SECTION,
        record=record,
        how_to_cite_url=SOURCES_ROOT + HOW_TO_CITE_SECTION,
    )
    # The case page's script: the link back to the filtered list a reader came from, the record's downloads.
    meta: dict[str, object] = {"case_page_script": True}
    if not searchable:
        meta["search"] = {"exclude": True}
    # Per-page values of the shared layout (atlas/site/prerendered.py, PER_PAGE_META); escaped there.
    meta |= {"atlas_citation_title": title, "atlas_description": case_description(title)}
    return PrerenderedPage(f"cases/{case.id}.md", title, html, outline.toc_tokens(), meta)


def case_pages(inputs: Inputs, env: Environment) -> list[PrerenderedPage]:
    corpus, site = inputs.corpus, inputs.site
    searchable = len(corpus.cases) <= SEARCHABLE_CASES_LIMIT
    rows_html = RowRenderer(env, searchable)
    return [
        case_page(
            case,
            corpus,
            env,
            citation_text,
            site.absolute(f"cases/{case.id}/"),
            searchable=searchable,
            rows_html=rows_html,
            correction=correction_link(inputs, case.id, site.absolute(f"cases/{case.id}/")),
            record=record_citation(case, inputs),
        )
        for case in corpus.cases
    ]
