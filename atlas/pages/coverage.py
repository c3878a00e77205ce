"""Coverage and methods pages: what the atlas holds, what it lacks, and how it got there.

Every number on these pages is computed here from cases/, references.bib and
literature/leads.yaml (the pure functions below), never typed into docs/: when a case
is added or a lead excluded, the pages and the flow diagram follow at the next build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from atlas.cases.model import Case
from atlas.evidence import stats
from atlas.inputs import Corpus, Inputs
from atlas.pages.environment import Pages, short_citation
from atlas.pages.evidence_quality import evidence_quality_context
from atlas.pages.issue_links import lead_answers, report_link, submission_link, submit_button
from atlas.sources.bibliography import doi_url
from atlas.sources.cite import cite_generated
from atlas.sources.literature import (
    EXCLUSION_REASONS,
    ExcludedRecord,
    KnownTotal,
    LeadArticle,
    LeadGroup,
    PublishedFigure,
)

Cite = Callable[[str], str]
COUNT_TOPICS = ("number of published cases", "literature search")


@dataclass(frozen=True)
class HeldShare:
    """The atlas's count against one published total."""

    total: KnownTotal
    held: int

    @property
    def percent(self) -> int:
        return round(100 * self.held / self.total.count)


@dataclass(frozen=True)
class Flow:
    """PRISMA 2020-style flow of articles and patients, built from the cases and the leads.

    Articles are counted once each: the sources of the cases (included), and the lead articles
    that are not already a case's source (excluded, or not yet extracted). So, by construction,
    identified = not yet extracted + assessed and assessed = excluded + included.
    """

    included_articles: int
    included_patients: int
    excluded: list[LeadArticle]
    excluded_seen: list[ExcludedRecord]
    not_extracted: list[LeadArticle]
    groups: list[LeadGroup]
    read_directly: int
    read_from_review: dict[str, int]

    @property
    def excluded_count(self) -> int:
        """Records excluded, with reasons: excluded lead articles and the articles read and excluded."""
        return len(self.excluded) + len(self.excluded_seen)

    @property
    def excluded_by_reason(self) -> dict[str, int]:
        """Reports excluded per reason, in the vocabulary's order (reasons with none left out)."""
        counts = Counter(record.reason for record in self.excluded_seen)
        return {reason: counts[reason] for reason in EXCLUSION_REASONS if counts[reason]}

    @property
    def assessed(self) -> int:
        return self.included_articles + self.excluded_count

    @property
    def identified(self) -> int:
        return self.assessed + len(self.not_extracted)


def is_read_from_another_document(case: Case) -> bool:
    return case.extracted_from is not None and case.extracted_from != case.source


def flow(corpus: Corpus) -> Flow:
    sources = {case.source for case in corpus.cases}
    pending = [a for a in corpus.leads.articles if a.key is None or a.key not in sources]
    from_review = Counter(case.extracted_from for case in corpus.cases if is_read_from_another_document(case))
    return Flow(
        included_articles=len(sources),
        included_patients=len(corpus.cases),
        excluded=[a for a in pending if a.state == "excluded"],
        excluded_seen=list(corpus.leads.excluded_seen),
        not_extracted=[a for a in pending if a.state == "not yet extracted"],
        groups=list(corpus.leads.unresolved_groups),
        read_directly=sum(not is_read_from_another_document(case) for case in corpus.cases),
        read_from_review=dict(sorted(from_review.items())),  # type: ignore[arg-type]
    )


def held_shares(corpus: Corpus) -> list[HeldShare]:
    return [HeldShare(total, len(corpus.cases)) for total in corpus.leads.known_totals]


def published_counts(corpus: Corpus) -> list[PublishedFigure]:
    """Published figures about how many patients and articles exist (shown as published, cited)."""
    return [figure for figure in corpus.published if figure.topic in COUNT_TOPICS]


@dataclass(frozen=True)
class ArticleRow:
    key: str
    citation: str
    links: list[tuple[str, str]]
    unverified: list[str]
    case_ids: list[str]
    read_from: str | None


def reference_links(corpus: Corpus, key: str | None, pmid: str | None = None) -> list[tuple[str, str]]:
    """(label, address) links for a reference: DOI, PubMed, web page."""
    reference = corpus.bibliography.references.get(key or "")
    links = []
    doi = reference.get("doi") if reference else None
    pmid = pmid or (reference.get("pmid") if reference else None)
    url = reference.get("url") if reference else None
    if doi:
        links.append(("DOI", doi_url(doi)))
    if pmid:
        links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    if url:
        links.append(("web page", url))
    return links


def held_articles(corpus: Corpus, cite: Cite) -> list[ArticleRow]:
    """One row per source article of the atlas, with its cases, in order of first case id."""
    by_source: dict[str, list[Case]] = {}
    for case in corpus.cases:
        by_source.setdefault(case.source, []).append(case)
    rows = []
    for key, cases in by_source.items():
        reference = corpus.bibliography.references.get(key)
        read_from = next((c.extracted_from for c in cases if is_read_from_another_document(c)), None)
        rows.append(
            ArticleRow(
                key=key,
                citation=cite(key),
                links=reference_links(corpus, key),
                unverified=reference.unverified if reference else [],
                case_ids=[case.id for case in cases],
                read_from=cite(read_from) if read_from else None,
            )
        )
    return rows


def lead_view(corpus: Corpus, article: LeadArticle, cite: Cite) -> dict[str, Any]:
    """What the page shows of a lead: its citation as far as known, links, and the known facts."""
    reference = corpus.bibliography.references.get(article.key or "")
    details = []
    if reference is not None:
        details = [reference.get(name) for name in ("title", "journal")]
    return {
        "citation": cite(article.key) if article.key else article.citation,
        "details": [detail for detail in details if detail],
        "unverified": reference.unverified if reference else [],
        "links": reference_links(corpus, article.key, article.pmid),
        "article": article,
        "reported_in": cite(article.reported_in) if article.reported_in else None,
    }


def excluded_view(corpus: Corpus, record: ExcludedRecord) -> dict[str, Any]:
    """An article read and excluded: what is known of it, its links and its reason."""
    links = reference_links(corpus, record.key, record.pmid)
    if record.url and not any(address == record.url for _, address in links):
        links.append(("web page", record.url))
    return {"what": record.what, "links": links, "reason": record.reason, "detail": record.detail}


def _citer(corpus: Corpus) -> Cite:

    return lambda key: short_citation(corpus, key)


def coverage_page(ctx: Inputs, env: Environment) -> Pages:
    corpus = ctx.corpus
    cite = _citer(corpus)
    current = flow(corpus)
    text = env.get_template("coverage.md.j2").render(
        held=len(corpus.cases),
        flow=current,
        shares=held_shares(corpus),
        published=published_counts(corpus),
        articles=held_articles(corpus, cite),
        wanted=[wanted_view(ctx, a, cite) for a in current.not_extracted],
        excluded=[lead_view(corpus, a, cite) for a in current.excluded],
        excluded_seen=[excluded_view(corpus, record) for record in current.excluded_seen],
        cite=cite,
        submit_button=submit_button(ctx, "coverage.md"),
        report_link=report_link(ctx),
    )
    return {"coverage.md": text}


def wanted_view(ctx: Inputs, article: LeadArticle, cite: Cite) -> dict[str, Any]:
    """A wanted article as shown, with its "I have this article" link: the form, its known fields filled."""
    view = lead_view(ctx.corpus, article, cite)
    answers = lead_answers(ctx.corpus, article)
    return view | {"have": submission_link(ctx, answers, title=f"Case: {view['citation']}")}


def methods_page(ctx: Inputs, env: Environment) -> Pages:
    corpus = ctx.corpus
    cite = _citer(corpus)
    current = flow(corpus)
    text = env.get_template("methods.md.j2").render(
        flow=current,
        excluded=[lead_view(corpus, a, cite) for a in current.excluded],
        wanted=[lead_view(corpus, a, cite) for a in current.not_extracted],
        confidence=stats.tally("confidence", corpus.cases, lambda c: c.confidence, ("high", "medium", "low")),
        with_inferred=sum(bool(case.inferred) for case in corpus.cases),
        total=len(corpus.cases),
        cite=cite,
        **evidence_quality_context(corpus.cases),
    )
    return {"methods.md": cite_generated(text, corpus.bibliography, env, "methods.md")}
