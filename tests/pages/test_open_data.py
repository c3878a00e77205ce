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
from atlas.pages.environment import environment
from atlas.pages.open_data import SEPARATOR, SLOT_SEPARATOR, data_columns, open_data_files
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
