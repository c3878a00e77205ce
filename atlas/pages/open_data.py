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
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson
from jinja2 import Environment
from markupsafe import Markup

from atlas.cases.model import Case
from atlas.cases.schema import case_json_schema, schema_text
from atlas.evidence.spreadsheet import spreadsheet_safe
from atlas.evidence.summary import unit_for
from atlas.inputs import Corpus, Inputs
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
SEPARATOR = " | "
SLOT_SEPARATOR = "; "  # a list within one slot (one study's dimensions), never Python's "[11, 8]" (M-4)
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
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


@dataclass(frozen=True)
class DataColumn:
    """One CSV column: a field of the format (or of the source's reference) and how it is flattened."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    shape: str = "value"  # value | list | records | mapping | reference
    unit: str = ""

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The dotted name split once (it is looked up in every case)."""
        return tuple(self.name.split("."))

    @property
    def allowed(self) -> str:
        parts = [str(v).lower() if isinstance(v, bool) else str(v) for v in self.enum]
        if self.minimum is not None:
            parts.append(f"≥ {self.minimum:g}")
        if self.maximum is not None:
            parts.append(f"≤ {self.maximum:g}")
        return ", ".join(parts)

    @property
    def list_pattern(self) -> str:
        """Joined values each from the vocabulary (an empty slot allowed for records)."""
        choice = "(" + "|".join(_regex_literal(str(v)) for v in self.enum) + ")"
        if self.shape == "records":
            choice += "?"
        return f"{choice}({_regex_literal(SEPARATOR)}{choice})*"

    def table_schema_field(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum and self.shape == "value" and self.type == "string":
            constraints["enum"] = list(self.enum)
        elif self.enum and self.shape in ("list", "records"):
            constraints["pattern"] = self.list_pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            field["constraints"] = constraints
        return field


REFERENCE_COLUMNS = tuple(
    DataColumn(name, kind, description, shape="reference")
    for name, kind, description in (
        ("source_year", "integer", "Publication year of the source, from references.bib."),
        ("source_citation", "string", "Citation of the source (Vancouver style), from references.bib."),
        (
            "source_unverified",
            "string",
            f"Parts of the source's citation not yet verified, joined by '{SEPARATOR}'.",
        ),
    )
)


def _regex_literal(text: str) -> str:
    """Escape regex metacharacters only (XML Schema regexes, which Table Schema uses, reject `\\ `)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    return schema["$defs"][ref.split("/")[-1]] if ref else node


def data_columns(schema: dict[str, Any] | None = None) -> list[DataColumn]:
    """The CSV columns, in the order of the format, then the columns read from references.bib."""
    schema = schema or case_json_schema()
    columns: list[DataColumn] = []
    _walk(schema, schema, "", True, columns)
    return columns + list(REFERENCE_COLUMNS)


def _walk(
    schema: dict[str, Any], node: dict[str, Any], prefix: str, required: bool, out: list[DataColumn]
) -> None:
    node = _resolve(schema, node)
    needed = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        resolved = _resolve(schema, child)
        description = child.get("description") or resolved.get("description", "")
        is_required = required and name in needed
        if resolved.get("type") == "object" and "properties" in resolved:
            _walk(schema, resolved, f"{path}.", is_required, out)
        elif resolved.get("type") == "array":
            out.extend(_array_columns(schema, resolved, path, description))
        elif resolved.get("type") == "object":
            text = f"{description} Given as 'key: value' pairs joined with '{SEPARATOR}'."
            out.append(DataColumn(path, "string", text.strip(), shape="mapping"))
        else:
            out.append(_value_column(resolved, path, description, is_required, name))


def _value_column(node: dict[str, Any], path: str, description: str, required: bool, name: str) -> DataColumn:
    kind = "boolean" if "const" in node and isinstance(node["const"], bool) else node.get("type", "string")
    return DataColumn(
        path,
        _TYPES.get(kind, "string"),
        description,
        required=required,
        enum=tuple(node.get("enum", ())),
        minimum=node.get("minimum"),
        maximum=node.get("maximum"),
        unit=unit_for(name).strip(),
    )


def _array_columns(
    schema: dict[str, Any], node: dict[str, Any], path: str, description: str
) -> list[DataColumn]:
    items = _resolve(schema, node.get("items", {}))
    if items.get("type") == "object" and "properties" in items:
        return [
            DataColumn(
                f"{path}.{name}",
                "string",
                f"{description[:-1] if description.endswith('.') else description}: "
                f"{(sub.get('description') or '').rstrip('.').lower() or name}, one value per item "
                f"in item order, joined with '{SEPARATOR}' (an item without it leaves an empty slot"
                f"{_slot_note(_resolve(schema, sub))}).",
                enum=tuple(_resolve(schema, sub).get("enum", ())),
                shape="records",
                unit=unit_for(name).strip(),
            )
            for name, sub in items["properties"].items()
        ]
    text = f"{description} Values joined with '{SEPARATOR}'."
    enum = tuple(items.get("enum", ()))
    return [DataColumn(path, "string", text.strip(), enum=enum, shape="list", unit=unit_for(path).strip())]


def _slot_note(node: dict[str, Any]) -> str:
    return (
        f"; the values within one item joined with '{SLOT_SEPARATOR}'" if node.get("type") == "array" else ""
    )


def _scalar_text(value: Any) -> str:
    """A value as its JSON text: numbers and yes/no as the JSON export writes them, text as is."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)  # what json.dumps writes (this runs for tens of thousands of cells)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, list):  # a list within one slot of a record column
        return SLOT_SEPARATOR.join(map(_scalar_text, value))
    return json.dumps(value, ensure_ascii=False)


def _lookup(data: dict[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = data
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def cell(column: DataColumn, data: dict[str, Any]) -> str:
    """The CSV text of one column for one case (as dumped to JSON); "" is not reported."""
    if column.shape == "records":
        items, name = _lookup(data, column.parts[:-1]), column.parts[-1]
        if not items or not any(name in item for item in items):
            return ""  # no item holds it: empty, as every value not reported is (recount M-3)
        return SEPARATOR.join(_scalar_text(item[name]) if name in item else "" for item in items)
    value = _lookup(data, column.parts)
    if value is None:
        return ""
    if column.shape == "list":
        return SEPARATOR.join(_scalar_text(item) for item in value)
    if column.shape == "mapping":
        return SEPARATOR.join(f"{key}: {_scalar_text(item)}" for key, item in value.items())
    return _scalar_text(value)


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
