"""One page per case: the structured summary, where its values come from, and how to cite the source.

Every case page is reached at cases/<id>/, a stable address because ids never change
(the id is the file name, checked by E201). Pages stay out of the navigation: the case
browser and the search lead to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jinja2 import Environment

from atlas.bibliography import Reference
from atlas.corpus import Corpus
from atlas.model import Case
from atlas.reference_export import SOURCES_DIR, Link, reference_links
from atlas.siteconfig import site_config
from atlas.summary import block_reported, case_sections

if TYPE_CHECKING:
    from atlas.render import Pages, RenderContext

Cite = Callable[[Corpus, str], str]

# Above this many cases, case pages leave Material's search index. Material downloads the
# whole index on every first visit to any page; each case page adds about 0.35 KB gzip to it,
# so past about 100 cases a case page's first visit would pass its 150 KB budget (README,
# Performance). Larger atlases are searched with the case browser's filters and free text.
SEARCHABLE_CASES_LIMIT = 100


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
        bibtex=f"../{SOURCES_DIR}/{key}.bib" if files else None,
        ris=f"../{SOURCES_DIR}/{key}.ris" if files else None,
    )


def case_page(
    case: Case, corpus: Corpus, env: Environment, cite: Cite, stable_url: str, *, searchable: bool = True
) -> str:
    extracted = case.extracted_from
    return env.get_template("case.md.j2").render(
        case=case,
        sections=case_sections(case),
        source=source_view(corpus, case.source, cite),
        extracted=source_view(corpus, extracted, cite) if extracted and extracted != case.source else None,
        extracted_from_source=extracted == case.source,
        also=[source_view(corpus, key, cite) for key in case.also_reported_in or []],
        stable_url=stable_url,
        block_reported=block_reported,
        searchable=searchable,
    )


def case_pages(ctx: RenderContext, env: Environment, *, cite: Cite) -> Pages:
    site = site_config(ctx.corpus.root)
    searchable = len(ctx.corpus.cases) <= SEARCHABLE_CASES_LIMIT
    return {
        f"cases/{case.id}.md": case_page(
            case, ctx.corpus, env, cite, site.absolute(f"cases/{case.id}/"), searchable=searchable
        )
        for case in ctx.corpus.cases
    }
