"""The case format is defined once (atlas.cases.model); the committed schema and the docs follow from it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from atlas.cases.fieldref import field_docs
from atlas.cases.schema import schema_text
from atlas.paths import SCHEMA_FILE
from tests.conftest import ROOT

INVALID = sorted((Path(__file__).parents[1] / "fixtures" / "invalid").glob("*.yaml"))
# Fixtures named after a schema rule (E1xx): their problem is the format itself, not the YAML below it
# (E0xx) nor a rule across fields or files (E2xx).
SCHEMA_RULE_FIXTURES = [path for path in INVALID if path.stem.startswith("E1")]


def test_committed_schema_is_in_sync_with_the_model() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "schema/case.schema.json is stale: run `python build_site.py schema` and commit it"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text()))


def test_every_case_file_validates_against_the_committed_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads((ROOT / SCHEMA_FILE).read_text()))
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"


@pytest.mark.parametrize("path", SCHEMA_RULE_FIXTURES, ids=lambda p: p.stem)
def test_editors_see_the_same_schema_errors(path: Path) -> None:
    """A file the validator rejects on schema grounds is rejected by the JSON Schema editors use."""
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_null_is_not_a_way_to_say_not_reported() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    data = {
        "id": "x",
        "source": "k",
        "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True},
        "patient": {"sex": None},
    }
    assert list(validator.iter_errors(data))


def test_field_reference_lists_every_schema_property() -> None:
    documented = {row.path for row in field_docs()}
    for expected in (
        "id",
        "patient.age_years",
        "diagnosis.imaging[].modality",
        "outcome.status",
        "treatment.adjuvant.types",
        "pathology.ihc",
    ):
        assert expected in documented
    schema = json.loads(schema_text())
    last_segments = {path.split(".")[-1] for path in documented}
    for definition in schema["$defs"].values():
        assert set(definition.get("properties", {})) <= last_segments
