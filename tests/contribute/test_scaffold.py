"""new-case: an annotated case file generated from the schema, and a references.bib stub for a new key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from atlas.cases.fieldref import field_docs
from atlas.contribute.scaffold import (
    SCHEMA_LINE,
    ScaffoldError,
    bib_value,
    case_id_for_key,
    case_scaffold_text,
    new_case,
)
from atlas.sources.bibliography import load_bibliography


def uncommented(text: str) -> str:
    """The scaffold with every commented field turned on, as a contributor who fills everything would."""
    return re.sub(r"^(\s*)# (- )?([a-z_0-9]+:)$", r"\1\2\3", text, flags=re.MULTILINE)


def test_scaffold_starts_with_the_schema_line_and_loads_as_the_minimal_case() -> None:
    text = case_scaffold_text("smith-2024", "smith2024")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert yaml.safe_load(text) == {
        "id": "smith-2024",
        "source": "smith2024",
        "source_type": None,  # to choose: left empty, `check` refuses it until it is filled
        "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True},
    }


def test_every_field_of_the_format_is_in_the_scaffold_with_its_description() -> None:
    text = case_scaffold_text("smith-2024", "smith2024")
    flat = " ".join(line.strip().lstrip("#").strip() for line in text.splitlines())
    for doc in field_docs():
        name = doc.path.rsplit(".", 1)[-1]
        assert re.search(rf"^\s*(# )?(- )?{name}:", text, flags=re.MULTILINE), doc.path
        assert doc.description.rstrip(".") in flat, doc.path
        for value in filter(None, doc.allowed.split(", ") if "pattern" not in doc.allowed else []):
            assert value in flat, (doc.path, value)


def test_uncommenting_every_field_gives_the_whole_nested_format() -> None:
    """Indentation is right: turning every field on yields exactly the format's paths."""
    data = yaml.safe_load(uncommented(case_scaffold_text("smith-2024", "smith2024")))

    def paths(value: object, prefix: str = "") -> set[str]:
        found: set[str] = set()
        if isinstance(value, dict):
            for key, item in value.items():
                found.add(prefix + key)
                found |= paths(item, f"{prefix}{key}.")
        elif isinstance(value, list):
            for item in value:
                found |= paths(item, prefix.rstrip(".") + "[].")
        return found

    assert paths(data) == {doc.path for doc in field_docs()}


def test_case_id_follows_the_first_author_year_convention() -> None:
    assert case_id_for_key("smith2024") == "smith-2024"
    assert case_id_for_key("colonrodriguez2004") == "colonrodriguez-2004"
    assert case_id_for_key("Parker2014") == "parker-2014"
    with pytest.raises(ScaffoldError, match="--id"):
        case_id_for_key("2024")


def test_new_case_writes_the_file_and_a_stub_for_a_new_key(project: Path) -> None:
    result = new_case(
        project, "smith2024", reference={"title": "Renal vein {leiomyosarcoma}", "year": "2024"}
    )
    assert result.case_path == project / "cases" / "smith-2024.yaml"
    assert result.reference_added
    bibliography, _ = load_bibliography(project / "references.bib")
    entry = bibliography["smith2024"]
    assert entry.get("title") == "Renal vein leiomyosarcoma"
    assert entry.unverified == ["author", "journal", "volume", "pages", "doi"]
    assert "baheen2022" in bibliography, "the existing entries are kept"


def test_new_case_keeps_an_existing_reference_and_refuses_to_overwrite(project: Path) -> None:
    before = (project / "references.bib").read_text(encoding="utf-8")
    result = new_case(project, "baheen2022", case_id="baheen-2022-b")
    assert not result.reference_added
    assert (project / "references.bib").read_text(encoding="utf-8") == before
    filled = (project / "cases" / "baheen-2022.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScaffoldError, match="use --id baheen-2022-b"):
        new_case(project, "baheen2022")
    assert (project / "cases" / "baheen-2022.yaml").read_text(encoding="utf-8") == filled


@pytest.mark.parametrize("key", ["smith 2024", "2024smith", "smith}2024"])
def test_new_case_rejects_keys_that_are_not_citation_keys(project: Path, key: str) -> None:
    before = sorted(p.name for p in (project / "cases").iterdir())
    bib = (project / "references.bib").read_text(encoding="utf-8")
    with pytest.raises(ScaffoldError, match="not a citation key"):
        new_case(project, key)
    assert sorted(p.name for p in (project / "cases").iterdir()) == before
    assert (project / "references.bib").read_text(encoding="utf-8") == bib


def test_bib_values_cannot_close_the_entry() -> None:
    assert bib_value("A title}, note = {injected") == "A title, note = injected"
    assert bib_value("line\none \\emph{x} @misc") == "line one emphx misc"
