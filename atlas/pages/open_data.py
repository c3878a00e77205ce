"""Open data: the dataset as CSV and JSON, a Frictionless data package describing both, and the Data page.

Columns are derived from the case JSON Schema (itself generated from the model), so a
field added to the format becomes a documented, typed column without touching this
module. The JSON holds the cases exactly as validated; the CSV is a flat view for
spreadsheets. Every file is deterministic: sorted keys, LF line endings, no clock.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from typing import Any

import orjson
from jinja2 import Environment
from markupsafe import Markup

from atlas.cases.model import Case
from atlas.cases.schema import schema_text
from atlas.evidence.spreadsheet import spreadsheet_safe
from atlas.inputs import Corpus, Inputs
from atlas.pages.data_columns import SEPARATOR, SLOT_SEPARATOR, DataColumn, cell, data_columns
from atlas.pages.environment import Pages, citation_text
from atlas.pages.literature_data import LITERATURE_DOWNLOADS, literature_files, literature_resources
from atlas.sources.reference_export import doi_url, reference_files, web_url
from atlas.sources.siteconfig import SiteConfig

Cite = Callable[[Corpus, str], str]

DATA_DIR = "data"
CSV_FILE = "rvlms-cases.csv"
JSON_FILE = "rvlms-cases.json"
SCHEMA_FILE = "case.schema.json"
PACKAGE_FILE = "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
PACKAGE_NAME = "rvlms-atlas-cases"
DATASET_TITLE = "RVLMS Evidence Atlas: published cases of renal vein leiomyosarcoma"
DATASET_DESCRIPTION = (
    "One record per published patient with leiomyosarcoma arising from the renal vein, as the atlas "
    "curators extracted it from case reports and reviews: patient, presentation, tumour, imaging and "
    "work-up, pathology with immunohistochemistry, treatment and outcome, each with its source. "
    "A value a source does not report is left empty (not reported); values deduced rather than "
    "stated are listed in the column 'inferred'."
)
KEYWORDS = ["leiomyosarcoma", "renal vein", "sarcoma", "case reports", "evidence atlas"]
DOWNLOADS = (
    (CSV_FILE, "CSV", "one row per case, for spreadsheets and statistics software"),
    (JSON_FILE, "JSON", "the cases exactly as validated, with their references"),
    *LITERATURE_DOWNLOADS,
    (PACKAGE_FILE, "Frictionless data package", "describes the files: columns, types, licence, sources"),
    (SCHEMA_FILE, "JSON Schema", "the format of one case"),
)


def case_record(case: Case) -> dict[str, Any]:
    """A case as the JSON export holds it: exactly the validated values, absent fields left out.

    Python mode, not JSON mode: JSON mode writes every number of a float field as a float (27.0),
    while the model keeps a whole number as the case file wrote it (all values are JSON types)."""
    return case.model_dump(exclude_none=True)


def csv_text(
    corpus: Corpus, columns: list[DataColumn], cite: Cite, records: list[dict[str, Any]] | None = None
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    for case, record in zip(corpus.cases, records or map(case_record, corpus.cases), strict=True):
        data = dict(record)
        reference = corpus.bibliography.references.get(case.source)
        data["source_year"] = reference.year if reference else None
        data["source_citation"] = plain(cite(corpus, case.source))
        data["source_unverified"] = SEPARATOR.join(reference.unverified) if reference else None
        writer.writerow([spreadsheet_safe(cell(column, data)) for column in columns])
    return buffer.getvalue()


def plain(citation: str) -> str:
    """A citation as plain text: formatted citations may come as Markup (italic journal names)."""
    return citation.striptags() if isinstance(citation, Markup) else str(citation)


def cited_keys(corpus: Corpus) -> list[str]:
    return sorted(key for key in corpus.cited_keys() if key in corpus.bibliography)


def json_text(
    corpus: Corpus, version: str, date: str, cite: Cite, records: list[dict[str, Any]] | None = None
) -> str:
    references = {
        key: {
            "citation": plain(cite(corpus, key)),
            "entry_type": corpus.bibliography[key].entry_type,
            "fields": corpus.bibliography[key].public_fields,
        }
        for key in cited_keys(corpus)
    }
    document = {
        "name": PACKAGE_NAME,
        "title": DATASET_TITLE,
        "version": version,
        "date": date,
        "license": LICENSE["name"],
        "case_schema": SCHEMA_FILE,
        "cases": records or [case_record(case) for case in corpus.cases],
        "references": references,
    }
    return _json(document)


def _json(value: Any) -> str:
    """Indented, keys sorted, UTF-8. orjson: the standard library indents in pure Python, which
    took 0.5 s of CPU for 5,000 cases (the same text, a tenth of the time)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8") + "\n"


def _file_facts(text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def package_descriptor(
    corpus: Corpus,
    columns: list[DataColumn],
    files: dict[str, str],
    ctx: Inputs,
    site: SiteConfig,
    cite: Cite,
) -> dict[str, Any]:
    """A Frictionless data package (v1 profile) describing the CSV, the JSON and the case schema."""
    sources = []
    for key in cited_keys(corpus):
        reference = corpus.bibliography[key]
        incomplete = f" [citation incomplete: {', '.join(reference.unverified)} not verified]"
        source = {"title": plain(cite(corpus, key)) + (incomplete if reference.is_incomplete else "")}
        link = doi_url(reference.get("doi")) or web_url(reference.get("url"))
        if link:
            source["path"] = link
        sources.append(source)
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": DATASET_TITLE,
        "description": DATASET_DESCRIPTION,
        "version": ctx.release.version,
        "created": f"{ctx.release.date.isoformat()}T00:00:00Z",
        **({"homepage": site.absolute(f"{DATA_DIR}/")} if site.url else {}),
        "keywords": KEYWORDS,
        "licenses": [LICENSE],
        "contributors": [{"title": site.author, "role": "author"}],
        "sources": sources,
        "resources": [
            {
                "name": "cases",
                "title": "Cases (CSV, one row per case)",
                "description": "One row per case; empty cells are not reported; "
                f"lists joined with '{SEPARATOR}'.",
                "type": "table",
                "profile": "tabular-data-resource",
                "path": CSV_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": {
                    "fields": [column.table_schema_field() for column in columns],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
                **_file_facts(files[CSV_FILE]),
            },
            {
                "name": "cases-json",
                "title": "Cases (JSON, as validated)",
                "description": "The cases exactly as validated (absent fields are not reported), "
                f"with the references they cite; each case follows {SCHEMA_FILE}.",
                "type": "json",
                "profile": "data-resource",
                "path": JSON_FILE,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                **_file_facts(files[JSON_FILE]),
            },
            {
                "name": "case-schema",
                "title": "JSON Schema of one case",
                "description": "The case format, generated from the atlas's model.",
                "type": "json",  # frictionless would otherwise take *.schema.json for a Table Schema
                "profile": "data-resource",
                "path": SCHEMA_FILE,
                "format": "json",
                "mediatype": "application/schema+json",
                "encoding": "utf-8",
                **_file_facts(files[SCHEMA_FILE]),
            },
            *literature_resources(lambda name: _file_facts(files[name])),
        ],
    }


def dataset_json_ld(
    columns: list[DataColumn], ctx: Inputs, site: SiteConfig, sizes: dict[str, int]
) -> dict[str, Any]:
    """schema.org Dataset metadata, read by search engines' dataset indexes."""

    def address(name: str) -> str:
        return site.absolute(f"{DATA_DIR}/{name}") or name

    variables = []
    for column in columns:
        variable = {"@type": "PropertyValue", "name": column.name, "description": column.description}
        if column.unit:
            variable["unitText"] = column.unit
        variables.append(variable)
    downloads = [
        (CSV_FILE, "text/csv", "Cases as CSV"),
        (JSON_FILE, "application/json", "Cases as JSON"),
        (PACKAGE_FILE, "application/json", "Frictionless data package descriptor"),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": DATASET_TITLE,
        "description": DATASET_DESCRIPTION,
        "url": site.absolute(f"{DATA_DIR}/") or None,
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": site.author},
        "version": ctx.release.version,
        "dateModified": ctx.release.date.isoformat(),
        "keywords": KEYWORDS,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": title,
                "encodingFormat": kind,
                "contentUrl": address(name),
                "contentSize": f"{sizes[name]} B",
            }
            for name, kind, title in downloads
        ],
        "variableMeasured": variables,
    }


def _yaml_quoted(text: str) -> Markup:
    """A one-line YAML single-quoted scalar, in which only the quote itself needs escaping."""
    if "\n" in text or "\r" in text:
        raise ValueError("front matter values must be one line")
    return Markup("'" + str(text).replace("'", "''") + "'")


def download_text(name: str, what: str, ctx: Inputs) -> str:
    """What a download holds; the case files also say how many cases, from which data, in which version."""
    if name not in (CSV_FILE, JSON_FILE):
        return what
    count = len(ctx.corpus.cases)
    release = ctx.release
    cases = f"{count} case{'' if count == 1 else 's'}"
    return f"{what}: n = {cases}, data as of {release.date.isoformat()}, version {release.version}"


def open_data_files(ctx: Inputs, env: Environment) -> Pages:
    """The data files, the per-source BibTeX/RIS files and the Data page, as {path: text}."""
    cite = citation_text
    corpus = ctx.corpus
    site = ctx.site
    columns = data_columns()
    records = [case_record(case) for case in corpus.cases]
    files = {
        CSV_FILE: csv_text(corpus, columns, cite, records),
        JSON_FILE: json_text(corpus, ctx.release.version, ctx.release.date.isoformat(), cite, records),
        SCHEMA_FILE: schema_text(),
        **literature_files(corpus, cite),
    }
    files[PACKAGE_FILE] = _json(package_descriptor(corpus, columns, files, ctx, site, cite))
    sizes = {name: len(text.encode("utf-8")) for name, text in files.items()}
    json_ld = {k: v for k, v in dataset_json_ld(columns, ctx, site, sizes).items() if v is not None}
    page = env.get_template("data.md.j2").render(
        columns=columns,
        files=[(name, kind, download_text(name, what, ctx), sizes[name]) for name, kind, what in DOWNLOADS],
        separator=SEPARATOR,
        slot_separator=SLOT_SEPARATOR,
        case_count=len(corpus.cases),
        release=ctx.release,
        license=LICENSE,
        json_ld_yaml=_yaml_quoted(env.filters["json_for_html"](json_ld)),
    )
    output = {f"{DATA_DIR}/{name}": text for name, text in files.items()}
    output[f"{DATA_DIR}/index.md"] = page
    references = [corpus.bibliography[key] for key in sorted(corpus.bibliography.references)]
    output.update(reference_files(references))
    return output
