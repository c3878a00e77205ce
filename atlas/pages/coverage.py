"""The Coverage page: what the atlas holds, what it lacks, and how its count compares with published totals.

Every number on this page is computed here from cases/, references.bib and literature/leads.yaml
(the pure functions below, and the report flow of atlas.pages.report_flow that the Methods page
draws), never typed into docs/: when a case is added or a lead excluded, the page follows at the
next build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from atlas.cases.model import Case
from atlas.inputs import Corpus, Inputs
from atlas.pages.environment import Pages, short_citation
from atlas.pages.issue_links import lead_answers, report_link, submission_link, submit_button
from atlas.pages.report_flow import flow, is_read_from_another_document
from atlas.sources.bibliography import doi_url
from atlas.sources.literature import ExcludedRecord, KnownTotal, LeadArticle, PublishedFigure

Cite = Callable[[str], str]
COUNT_TOPICS = ("number of published cases", "literature search")


@dataclass(frozen=True)
class HeldShare:
    """The atlas's patients against one published total, as bounds: a share of it is not known.

    `possible` counts the atlas's patients that could be among the total (their report is not
    later than the document that published it; a report without a year could be); `traced`, those
    documented among it (read from that document, or its own patient)."""

    total: KnownTotal
    held: int
    possible: int
    traced: int

    @property
    def later(self) -> int:
        """Patients published after the total: they cannot be among it."""
        return self.held - self.possible

    @property
    def percent(self) -> int:
        """The upper bound, as a whole percent of the total."""
        return round(100 * self.possible / self.total.count)

    @property
    def traced_percent(self) -> int:
        return round(100 * self.traced / self.total.count)


def held_share(corpus: Corpus, total: KnownTotal) -> HeldShare:
    references = corpus.bibliography.references
    counted_in = references.get(total.reported_in)
    until = counted_in.year if counted_in else None

    def could_be_counted(case: Case) -> bool:
        reference = references.get(case.source)
        year = reference.year if reference else None
        return until is None or year is None or year <= until

    traced = [case for case in corpus.cases if total.reported_in in (case.source, case.extracted_from)]
    possible = sum(map(could_be_counted, corpus.cases))
    return HeldShare(total, len(corpus.cases), possible, len(traced))


def held_shares(corpus: Corpus) -> list[HeldShare]:
    return [held_share(corpus, total) for total in corpus.leads.known_totals]


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


def excluded_view(ctx: Inputs, record: ExcludedRecord) -> dict[str, Any]:
    """A report excluded: its citation as far as known, its links, its reason and the finding behind it,
    and, for an incomplete citation, the short form opened to complete it ("" = no repository)."""
    corpus = ctx.corpus
    links = reference_links(corpus, record.key, record.pmid)
    if record.doi and not any(label == "DOI" for label, _ in links):
        links.insert(0, ("DOI", doi_url(record.doi)))
    if record.url and not any(address == record.url for _, address in links):
        links.append(("web page", record.url))
    return {
        "what": record.what,
        "links": links,
        "reason": record.reason,
        "detail": record.detail,
        "unverified": record.unverified or [],
        "help": _citation_help(ctx, record) if record.unverified else "",
    }


def _citation_help(ctx: Inputs, record: ExcludedRecord) -> str:
    what = " ".join(record.what.split())
    return report_link(ctx, {"article": what, "reference": what}, title=f"Citation: {what[:80]}")


def labelled_citation(corpus: Corpus, key: str) -> str:
    """The short citation, with the language of a report not in English: "Baheen et al. (2022, Chinese)".

    Two reports of one team and year read alike otherwise (recount L-9)."""
    label = short_citation(corpus, key)
    reference = corpus.bibliography.references.get(key)
    language = reference.get("language") if reference and reference.first_author_surname else None
    if not language or language.casefold() == "english":
        return label
    return f"{label[:-1]}, {language})" if label.endswith(")") else f"{label} ({language})"


def _citer(corpus: Corpus) -> Cite:
    return lambda key: labelled_citation(corpus, key)


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
        excluded_seen=[excluded_view(ctx, record) for record in current.excluded_seen],
        cite=cite,
        submit_button=submit_button(ctx, "coverage.md"),
        report_link=report_link(ctx),
    )
    return {"coverage.md": text}


def wanted_view(ctx: Inputs, article: LeadArticle, cite: Cite) -> dict[str, Any]:
    """A wanted article as shown, with its "I have this article" link: the form, its known fields filled."""
    view = lead_view(ctx.corpus, article, cite)
    answers = lead_answers(ctx.corpus, article)
    return view | {
        "have": submission_link(ctx, answers, title=f"Case: {view['citation']}"),
        "duplicates": [(case_id, _case_label(ctx.corpus, case_id)) for case_id in article.may_include or ()],
    }


def _case_label(corpus: Corpus, case_id: str) -> str:
    """A case as readers name it: "the patient of Baheen et al. (2022)", never its id."""
    case = next((case for case in corpus.cases if case.id == case_id), None)
    return f"the patient of {short_citation(corpus, case.source)}" if case else "a patient of the atlas"
