"""The exported dataset of the real build: Frictionless validation, JSON round trip, CSV columns, JSON-LD."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from frictionless import validate

from atlas.cases.fieldref import field_docs
from atlas.cases.model import Case
from atlas.cases.schema import case_json_schema
from atlas.inputs import Corpus, Inputs
from atlas.pages.data_columns import SEPARATOR, SLOT_SEPARATOR, data_columns
from atlas.pages.environment import environment
from atlas.pages.open_data import open_data_files
from atlas.pages.report_flow import flow
from atlas.sources.release import current_release
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def data_dir(built_site: Path) -> Path:
    return built_site / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_data_package_is_valid(data_dir: Path, real_corpus: Corpus) -> None:
    report = validate(str(data_dir / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in package["resources"]} >= {"rvlms-cases.csv", "rvlms-cases.json"}
    assert len(package["sources"]) == len(real_corpus.cited_keys())


def tamper(data_dir: Path, tmp_path: Path, column: str, value: str, fix_hash: bool) -> Path:
    """A copy of the package whose CSV has one cell changed (and, optionally, the descriptor updated)."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    rows = read_csv(copy / "rvlms-cases.csv")
    rows[0][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    (copy / "rvlms-cases.csv").write_bytes(data)
    if fix_hash:
        descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
        resource = descriptor["resources"][0]
        resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
        (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return copy / "datapackage.json"


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("patient.sex", "unknown", "constraint-error"),
        ("tumour.extension", f"kidney{SEPARATOR}liver", "constraint-error"),
        ("patient.age_years", "sixty", "type-error"),
        ("id", "", "constraint-error"),
    ],
)
def test_validation_catches_a_broken_cell(
    data_dir: Path, tmp_path: Path, column: str, value: str, error: str
) -> None:
    report = validate(str(tamper(data_dir, tmp_path, column, value, fix_hash=True)))
    assert not report.valid
    assert error in {row[0] for row in report.flatten(["type"])}


def test_validation_catches_a_changed_file(data_dir: Path, tmp_path: Path) -> None:
    report = validate(str(tamper(data_dir, tmp_path, "patient.country", "Atlantis", fix_hash=False)))
    assert not report.valid
    assert {"hash-count", "byte-count"} & {row[0] for row in report.flatten(["type"])}


def test_json_round_trips_to_the_cases(data_dir: Path, real_corpus: Corpus) -> None:
    document = json.loads((data_dir / "rvlms-cases.json").read_text(encoding="utf-8"))
    assert [Case.model_validate(record) for record in document["cases"]] == real_corpus.cases
    assert set(document["references"]) == real_corpus.cited_keys()
    schema = json.loads((data_dir / "case.schema.json").read_text(encoding="utf-8"))
    assert schema == case_json_schema()
    for record in document["cases"]:
        jsonschema.validate(record, schema)


def test_csv_has_one_row_per_case_and_a_column_per_field(data_dir: Path, real_corpus: Corpus) -> None:
    rows = read_csv(data_dir / "rvlms-cases.csv")
    corpus = real_corpus
    assert [row["id"] for row in rows] == [case.id for case in corpus.cases]
    header = list(rows[0])
    assert header == [column.name for column in data_columns()]
    leaves = {doc.path.replace("[]", "") for doc in field_docs() if not doc.kind.endswith("section")}
    assert leaves <= set(header)
    for case, row in zip(corpus.cases, rows, strict=True):
        patient, outcome = case.patient, case.outcome
        assert row["patient.sex"] == ((patient and patient.sex) or "")
        assert row["outcome.status"] == ((outcome and outcome.status) or "")
        symptoms = case.presentation.symptoms if case.presentation else None
        assert row["presentation.symptoms"] == SEPARATOR.join(symptoms or [])
        imaging = case.diagnosis.imaging if case.diagnosis else None
        assert row["diagnosis.imaging.modality"] == SEPARATOR.join(s.modality for s in imaging or [])


def test_a_new_field_becomes_a_documented_column() -> None:
    schema = case_json_schema()
    patient = schema["$defs"]["Patient"]["properties"]
    patient["ethnicity"] = {"type": "string", "description": "Ethnicity as reported."}
    column = next(c for c in data_columns(schema) if c.name == "patient.ethnicity")
    assert column.type == "string" and column.description == "Ethnicity as reported."


def json_ld(html: str) -> dict:
    head = html.split("</head>", 1)[0]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_data_page_describes_the_dataset_for_search_engines(built_site: Path) -> None:
    html = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    data = json_ld(html)
    release = current_release(ROOT)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["name"] and data["description"] and data["creator"]["name"]
    assert "'inferred'" in data["description"]  # quotes survive the front matter
    assert data["dateModified"] == release.date.isoformat() and data["version"] == release.version
    site_url = "https://rvlms-atlas.github.io/atlas/"
    for download in data["distribution"]:
        assert download["contentUrl"].startswith(site_url)
        assert (built_site / download["contentUrl"].removeprefix(site_url)).is_file()
    header = next(csv.reader(io.StringIO((built_site / "data" / "rvlms-cases.csv").read_text("utf-8"))))
    assert [variable["name"] for variable in data["variableMeasured"]] == header
    for name in ("rvlms-cases.csv", "rvlms-cases.json", "datapackage.json"):
        assert f'href="{name}"' in html
    assert 'href="data/"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_exports_are_deterministic(real_inputs: Inputs) -> None:
    corpus = real_inputs.corpus
    ctx = Inputs(corpus, real_inputs.release)
    first = open_data_files(ctx, environment())
    again = open_data_files(ctx, environment())
    assert first == again
    for name, text in first.items():
        assert "\r" not in text, name
        if name == "data/case.schema.json":  # the committed schema, byte for byte
            assert text == (ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8")
        elif name.endswith(".json"):
            assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert {f"data/sources/{key}.bib" for key in corpus.cited_keys()} <= set(first)


def test_a_slot_column_that_no_item_fills_is_empty(data_dir: Path) -> None:
    """Recount M-3: " |  | " for baheen-2022 and " | " for blecher and colon-rodriguez-2004, where no
    imaging study reports dimensions; software testing for an empty cell counted them as reported."""
    rows = {row["id"]: row for row in read_csv(data_dir / "rvlms-cases.csv")}
    for case_id in ("baheen-2022", "blecher", "colon-rodriguez-2004"):
        assert rows[case_id]["diagnosis.imaging.dimensions_cm"] == ""
    assert rows["baheen-2022"]["diagnosis.imaging.size_cm"] == f"4.4{SEPARATOR}{SEPARATOR}4.2"  # slots kept


def test_a_list_inside_a_slot_has_a_documented_form(data_dir: Path, built_site: Path) -> None:
    """Recount M-4: cirugia-espanola-v093's CT dimensions were written Python-style, "[11, 8] | "."""
    rows = {row["id"]: row for row in read_csv(data_dir / "rvlms-cases.csv")}
    assert (
        rows["cirugia-espanola-v093"]["diagnosis.imaging.dimensions_cm"] == f"11{SLOT_SEPARATOR}8{SEPARATOR}"
    )
    slots = [column.name for column in data_columns() if column.shape == "records"]
    assert not any("[" in row[name] for row in rows.values() for name in slots)
    (column,) = [c for c in data_columns() if c.name == "diagnosis.imaging.dimensions_cm"]
    assert column.description.endswith(f"the values within one item joined with '{SLOT_SEPARATOR}').")
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert f"joins them with <code>{SLOT_SEPARATOR}</code> inside its slot" in page


# Leads and excluded reports as open data (usability N-3, issue 23 item 4).
LITERATURE_FILES = {"rvlms-excluded-reports.csv": "excluded-reports", "rvlms-leads.csv": "leads"}


@pytest.mark.slow
def test_leads_and_exclusions_are_resources_of_the_data_package_and_the_data_page(
    data_dir: Path, real_corpus: Corpus
) -> None:
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["path"]: resource for resource in package["resources"]}
    current = flow(real_corpus)
    counts = {
        "rvlms-excluded-reports.csv": current.excluded_count,
        "rvlms-leads.csv": len(current.not_extracted),
    }
    page = (data_dir / "index.html").read_text(encoding="utf-8")
    for path, name in LITERATURE_FILES.items():
        assert resources[path]["name"] == name and resources[path]["profile"] == "tabular-data-resource"
        rows = read_csv(data_dir / path)
        assert len(rows) == counts[path]
        assert list(rows[0]) == [field["name"] for field in resources[path]["schema"]["fields"]]
        assert f'href="{path}"' in page
    report = validate(str(data_dir / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


@pytest.mark.slow
def test_every_excluded_report_is_one_row_with_its_citation_and_reason(
    data_dir: Path, real_corpus: Corpus
) -> None:
    corpus = real_corpus
    rows = read_csv(data_dir / "rvlms-excluded-reports.csv")
    records = corpus.leads.excluded_seen
    assert [(r["citation"], r["reason"]) for r in rows] == [
        (" ".join(x.what.split()), x.reason) for x in records
    ]
    korean = next(r for r in rows if "Korean Journal of Clinical Oncology" in r["citation"])
    assert korean["citation_unverified"] == SEPARATOR.join(
        ["authors", "year", "title", "volume", "pages", "doi", "url"]
    )
    assert korean["citation_inferred"] == "journal"


def tamper_file(data_dir: Path, tmp_path: Path, name: str, column: str, value: str) -> Path:
    """A copy of the package whose file `name` has one cell changed, the descriptor's hash updated."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    rows = read_csv(copy / name)
    rows[0][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    (copy / name).write_bytes(data)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == name)
    resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return copy / "datapackage.json"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "column", "value", "error"),
    [
        ("rvlms-excluded-reports.csv", "sex", "unknown", "constraint-error"),
        ("rvlms-excluded-reports.csv", "reason", "", "constraint-error"),
        ("rvlms-excluded-reports.csv", "round", "third", "type-error"),
        ("rvlms-leads.csv", "patients", "some", "type-error"),
    ],
)
def test_validation_catches_a_broken_lead_or_exclusion(
    data_dir: Path, tmp_path: Path, name: str, column: str, value: str, error: str
) -> None:
    report = validate(str(tamper_file(data_dir, tmp_path, name, column, value)))
    assert not report.valid
    assert error in {row[0] for row in report.flatten(["type"])}


@pytest.mark.slow
def test_incomplete_citations_say_so_in_the_package_and_the_cases_csv(
    data_dir: Path, real_corpus: Corpus
) -> None:
    """Usability O-9 and O-10: no bare "Aguilar." source; what of a source is not verified is a column."""
    corpus = real_corpus
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    aguilar = next(s["title"] for s in package["sources"] if s["title"].startswith("Aguilar"))
    assert (
        aguilar
        == "Aguilar. [citation incomplete: year, title, journal, volume, pages, doi, pmid not verified]"
    )
    for source in package["sources"]:
        assert source["title"].endswith("not verified]") == ("[citation incomplete:" in source["title"])
    rows = {row["id"]: row for row in read_csv(data_dir / "rvlms-cases.csv")}
    for case in corpus.cases:
        reference = corpus.bibliography[case.source]
        assert rows[case.id]["source_unverified"] == SEPARATOR.join(reference.unverified)
    assert rows["turkjpath-618"]["source_unverified"]  # its source is known only by its journal
