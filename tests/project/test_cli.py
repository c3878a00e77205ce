"""The command line as a contributor uses it: all problems at once, non-zero exit, site/ untouched.

What `check` prints is read in this process (run_in_process); one test below shows that this prints
and exits as `python build_site.py` does, and the build test runs the command itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, run_in_process

THREE_ERRORS = """\
id: smith-2019
source: baheen2022
inclusion: {renal_vein_origin: true, leiomyosarcoma: true}
source_type: case report
patient:
  age_years: 140
  sex: woman
outcome:
  status: alive
"""


def test_check_passes_on_the_real_cases(project: Path) -> None:
    result = run_in_process(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_check_reports_three_errors_with_lines_and_fails(project: Path) -> None:
    (project / "cases" / "smith-2019.yaml").write_text(THREE_ERRORS, encoding="utf-8")
    result = run_in_process(project, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "cases/smith-2019.yaml:6:14: E105 patient.age_years must be at most 110 (got 140)" in lines
    assert (
        "cases/smith-2019.yaml:7:8: E104 patient.sex must be one of 'female' or 'male' (got 'woman')" in lines
    )
    assert (
        "cases/smith-2019.yaml:9:11: E104 outcome.status must be one of 'NED', 'AWD', 'DOD' or 'DOC' "
        "(got 'alive')" in lines
    )
    assert "3 error(s), " in result.stdout


def test_errors_in_several_files_are_all_reported(project: Path) -> None:
    (project / "cases" / "smith-2019.yaml").write_text(THREE_ERRORS, encoding="utf-8")
    (project / "cases" / "jones-2020.yaml").write_text("id: jones-2020\nsource: nowhere\n", encoding="utf-8")
    result = run_in_process(project, "check")
    assert result.returncode == 1
    assert "cases/jones-2020.yaml:1:1: E102 inclusion is required" in result.stdout
    assert "cases/smith-2019.yaml:6:14:" in result.stdout
    assert "5 error(s), " in result.stdout


@pytest.mark.slow
def test_failed_build_leaves_previous_site_untouched(project: Path) -> None:
    assert run_cli(project, "build").returncode == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "cases" / "smith-2019.yaml").write_text(THREE_ERRORS, encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 1
    assert "site/ was not changed" in result.stdout
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".atlas-build-*"))


@pytest.mark.parametrize(
    "args",
    [["check"], ["new-case", "--source", "smith2019"], ["no-such-command"]],
    ids=["check-on-stdout", "new-case-refused-on-stderr", "usage-error-exit-2"],
)
@pytest.mark.slow
def test_tests_that_run_a_command_in_process_get_what_the_process_prints(
    project: Path, args: list[str]
) -> None:
    """run_in_process stands in for the command in tests that only read its output: same exit status,
    same output, environment included."""
    (project / "cases" / "smith-2019.yaml").write_text(THREE_ERRORS, encoding="utf-8")
    in_process = run_in_process(project, *args, GITHUB_ACTIONS="true")
    as_a_process = run_cli(project, *args, GITHUB_ACTIONS="true")
    assert as_a_process.returncode != 0
    assert (in_process.returncode, in_process.stdout, in_process.stderr) == (
        as_a_process.returncode,
        as_a_process.stdout,
        as_a_process.stderr,
    )


def test_github_annotations_under_actions(project: Path) -> None:
    (project / "cases" / "smith-2019.yaml").write_text(THREE_ERRORS, encoding="utf-8")
    result = run_in_process(project, "check", GITHUB_ACTIONS="true")
    assert (
        "::error file=cases/smith-2019.yaml,line=6,col=14,title=E105::patient.age_years must be "
        "at most 110 (got 140)"
    ) in result.stdout.splitlines()
