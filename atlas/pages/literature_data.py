"""Leads and excluded reports as open data: two CSV files and their Frictionless resources.

A systematic reviewer checks a search by its excluded reports and the reports still awaiting
extraction, so both are downloadable beside the cases (Data page, data package): one report per
row, with its citation as far as it is known (and what of it is not verified), its identifiers
and, for an exclusion, its one reason. The rows are atlas.pages.report_flow's, the same the
Methods page's flow diagram counts, so the diagram's numbers are these files' row counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from atlas.evidence.spreadsheet import spreadsheet_safe
from atlas.inputs import Corpus
from atlas.pages.report_flow import flow
from atlas.sources.literature import EXCLUSION_REASONS, ExcludedRecord, LeadArticle

LEADS_FILE = "rvlms-leads.csv"
EXCLUDED_FILE = "rvlms-excluded-reports.csv"
SEPARATOR = " | "
LITERATURE_DOWNLOADS = (
    (EXCLUDED_FILE, "CSV", "the reports met during the search and excluded, one per row, with the reason"),
    (LEADS_FILE, "CSV", "the reports known to describe a candidate patient, not yet extracted (leads)"),
)
Cite = Callable[[Corpus, str], str]
Row = dict[str, str | int | None]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string or integer
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def table_schema_field(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, Any] = {"required": True} if self.required else {}
        if self.enum:
            constraints["enum"] = list(self.enum)
        return field | ({"constraints": constraints} if constraints else {})


INCOMPLETE = Column(
    "citation_unverified",
    "string",
    f"Parts of the citation not verified against the report, joined with '{SEPARATOR}'; empty when complete.",
)
IDENTIFIERS = (
    Column("pmid", "string", "PubMed identifier."),
    Column("doi", "string", "Digital object identifier."),
    Column("url", "string", "Web address of the report."),
)
EXCLUDED_COLUMNS = (
    Column("citation", "string", "The report's citation, as complete as it is known.", required=True),
    INCOMPLETE,
    Column(
        "citation_inferred",
        "string",
        f"Parts of the citation deduced rather than printed, joined with '{SEPARATOR}'.",
    ),
    *IDENTIFIERS,
    Column(
        "reason",
        "string",
        "Why the report is excluded: one reason from a fixed list (" + "; ".join(EXCLUSION_REASONS) + ").",
        required=True,
    ),
    Column("detail", "string", "The finding behind the reason, in a few words."),
    Column("patients", "integer", "Patients the report describes, when more than one."),
    Column("age", "integer", "The patient's age in years, for a report of one patient."),
    Column("sex", "string", "The patient's sex, for a report of one patient.", enum=("female", "male")),
    Column("round", "integer", "The search round in which the report was first met (Methods, Search)."),
)
LEAD_COLUMNS = (
    Column("citation", "string", "The report's citation, as complete as it is known.", required=True),
    INCOMPLETE,
    *IDENTIFIERS,
    Column("mentioned_in", "string", "The document that names the report, when it is known only from it."),
    Column("patients", "integer", "Candidate patients, when the report's count is known."),
    Column(
        "what_is_known", "string", f"What is known of its patients, one fact each, joined with '{SEPARATOR}'."
    ),
    Column("note", "string", "What is known of the report."),
    Column(
        "may_include",
        "string",
        "Cases of the atlas that may be among its patients (probable duplicates), "
        f"joined with '{SEPARATOR}'.",
    ),
    Column(
        "round", "integer", "The search round that found the lead, where it is recorded (Methods, Search)."
    ),
)


def _plain(text: str) -> str:
    return text.striptags() if isinstance(text, Markup) else str(text)


def _joined(items: list[str] | None) -> str:
    return SEPARATOR.join(items or [])


def excluded_rows(corpus: Corpus, cite: Cite) -> Iterator[Row]:
    """One row per excluded report (excluded lead articles, then excluded_seen), as the flow counts them."""
    current = flow(corpus)
    for article in current.excluded:
        yield _lead_identity(corpus, article, cite) | {"reason": article.reason}
    for record in current.excluded_seen:
        yield _excluded_row(record)


def _excluded_row(record: ExcludedRecord) -> Row:
    return {
        "citation": record.what,
        "citation_unverified": _joined(record.unverified),
        "citation_inferred": _joined(record.inferred),
        "pmid": record.pmid,
        "doi": record.doi,
        "url": record.url,
        "reason": record.reason,
        "detail": record.detail,
        "patients": record.patients,
        "age": record.age,
        "sex": record.sex,
        "round": record.round,
    }


def lead_rows(corpus: Corpus, cite: Cite) -> Iterator[Row]:
    """One row per report not yet extracted, as the flow counts them."""
    found_in = {key: r.round for r in (corpus.search.rounds if corpus.search else []) for key in r.leads}
    for article in flow(corpus).not_extracted:
        yield _lead_identity(corpus, article, cite) | {
            "mentioned_in": _plain(cite(corpus, article.reported_in)) if article.reported_in else None,
            "patients": article.patients,
            "what_is_known": _joined(article.facts),
            "note": article.note,
            "may_include": _joined(article.may_include),
            "round": found_in.get(article.key or ""),
        }


def _lead_identity(corpus: Corpus, article: LeadArticle, cite: Cite) -> Row:
    """Citation and identifiers of a lead article: from references.bib when it has an entry."""
    reference = corpus.bibliography.references.get(article.key or "")
    if reference is None:
        return {"citation": article.citation or article.key, "pmid": article.pmid}
    return {
        "citation": _plain(cite(corpus, reference.key)),
        "citation_unverified": _joined(reference.unverified),
        "pmid": article.pmid or reference.get("pmid"),
        "doi": reference.get("doi"),
        "url": reference.get("url"),
    }


def csv_text(columns: tuple[Column, ...], rows: Iterator[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(_cell(row.get(column.name))) for column in columns])
    return buffer.getvalue()


def _cell(value: str | int | None) -> str:
    return "" if value is None else " ".join(str(value).split())


def literature_files(corpus: Corpus, cite: Cite) -> dict[str, str]:
    return {
        EXCLUDED_FILE: csv_text(EXCLUDED_COLUMNS, excluded_rows(corpus, cite)),
        LEADS_FILE: csv_text(LEAD_COLUMNS, lead_rows(corpus, cite)),
    }


def literature_resources(facts: Callable[[str], dict[str, Any]]) -> list[dict[str, Any]]:
    """The two files as tabular data resources; `facts` gives a file's bytes and hash."""
    described = (
        ("excluded-reports", EXCLUDED_FILE, "Excluded reports (CSV, one per row)", EXCLUDED_COLUMNS),
        ("leads", LEADS_FILE, "Leads: reports not yet extracted (CSV, one per row)", LEAD_COLUMNS),
    )
    return [
        {
            "name": name,
            "title": title,
            "description": "One report per row; empty cells are not known; lists joined with "
            f"'{SEPARATOR}'. The Methods page's flow diagram counts these rows.",
            "type": "table",
            "profile": "tabular-data-resource",
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": {"fields": [c.table_schema_field() for c in columns], "missingValues": [""]},
            **facts(path),
        }
        for name, path, title, columns in described
    ]
