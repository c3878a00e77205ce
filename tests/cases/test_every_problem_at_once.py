"""A contributor fixes a file once: every independent problem of a case file comes out in one `check`.

A duplicate key does not hide the format check of the other fields, a format error does not hide
the id/file-name check, a section of the wrong type names the fields it takes, and a reference
cited only by a file that failed to load is not called uncited.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

from atlas.cli import run_check
from tests.conftest import copy_project

THREE_PROBLEMS = """\
id: smith-2019
source: baheen2022
inclusion: {renal_vein_origin: true, leiomyosarcoma: true}
source_type: case report
patient:
  sex: female
  sex: male
  age: 58
"""


def check_output(root: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = run_check(root)
    return status, out.getvalue().splitlines()


def test_duplicate_key_unknown_field_and_id_mismatch_are_reported_together(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "cases" / "smith-2020.yaml").write_text(THREE_PROBLEMS, encoding="utf-8")
    status, lines = check_output(root)
    assert status == 1
    assert [line for line in lines if line.startswith("cases/")] == [
        "cases/smith-2020.yaml:1:5: E201 id 'smith-2019' must equal the file name 'smith-2020'; "
        "rename one of them",
        "cases/smith-2020.yaml:7:3: E006 field 'sex' appears twice; keep one",
        "cases/smith-2020.yaml:8:3: E101 unknown field 'age' in patient; did you mean 'age_years'?",
    ]


def test_a_section_of_the_wrong_type_names_the_fields_it_takes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    case = "id: smith-2019\nsource: baheen2022\ninclusion: {renal_vein_origin: true, leiomyosarcoma: true}\n"
    case += "source_type: case report\n"
    (root / "cases" / "smith-2019.yaml").write_text(case + "treatment:\n  adjuvant: []\n", encoding="utf-8")
    _, lines = check_output(root)
    message = next(line for line in lines if line.startswith("cases/smith-2019.yaml"))
    assert message == (
        "cases/smith-2019.yaml:6:13: E103 treatment.adjuvant must be a mapping of fields (got a list); "
        "treatment.adjuvant takes the fields given, types, drugs, as_reported"
    )


def test_a_reference_cited_only_by_a_failed_file_is_not_called_uncited(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    bib = root / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@article{smith2019,\n  title = {A case},\n  year = {2019}\n}\n"
    )
    case = "id: smith-2019\nsource: smith2019\ninclusion: {renal_vein_origin: true, leiomyosarcoma: true}\n"
    case += "source_type: case report\n"
    (root / "cases" / "smith-2019.yaml").write_text(case + "patient: {age_years: sixty}\n", encoding="utf-8")
    _, lines = check_output(root)
    assert "cases/smith-2019.yaml:5:22: E103 patient.age_years must be a whole number (got 'sixty')" in lines
    assert not [line for line in lines if "smith2019" in line and "W301" in line]
    (root / "cases" / "smith-2019.yaml").unlink()
    _, lines = check_output(root)
    assert [line for line in lines if "W301" in line] == [
        next(line for line in lines if "entry 'smith2019' is not cited by any case or page" in line)
    ]
