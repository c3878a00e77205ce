"""`check` for a contributor: their own error first, the warnings of what they changed, and the dozens of
warnings other people's files carry counted on one line that names `--all`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from atlas.contribute.changed_lines import ChangedLines, changed_lines
from tests.conftest import run_in_process

BROKEN_CASE = """id: smith-2025
source: smith2025
source_type: case report
inclusion: {renal_vein_origin: true, leiomyosarcoma: true}
patient:
  age_years: sixty
"""
NEW_ENTRY = """
@article{smith2025,
  author = {Smith, Jane},
  title = {A renal vein leiomyosarcoma},
  year = {2025},
  unverified = {doi},
}
"""


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, timeout=60)


@pytest.fixture
def committed(project: Path) -> Path:
    """The project as a git checkout whose last commit holds every file."""
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "base")
    return project


def add_broken_case(project: Path) -> None:
    (project / "cases" / "smith-2025.yaml").write_text(BROKEN_CASE, encoding="utf-8")
    with (project / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_ENTRY)


@pytest.mark.slow
def test_one_new_broken_case_prints_its_error_first_and_the_others_warnings_on_one_line(
    committed: Path,
) -> None:
    add_broken_case(committed)
    result = run_in_process(committed, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "cases/smith-2025.yaml:6:14: E103 patient.age_years must be a whole number (got 'sixty')" in lines[:5]
    )
    entry_line = (committed / "references.bib").read_text(encoding="utf-8").splitlines().index(
        "@article{smith2025,"
    ) + 1
    assert (
        f"references.bib:{entry_line}:1: W302 citation 'smith2025' is incomplete: doi not verified" in lines
    )
    (grouped,) = [line for line in lines if "lines this change does not touch" in line]
    warnings = int(lines[-1].removeprefix("1 error(s), ").removesuffix(" warning(s)"))
    others = warnings - 1
    assert grouped == (
        f"{others} warning(s) in lines this change does not touch (W302 ×{others}); "
        "`python build_site.py check --all` lists them"
    )
    assert len(lines) == 4, "the error, the new entry's warning, the grouped line and the count"
    every = run_in_process(committed, "check", "--all").stdout.splitlines()
    assert len(every) > 40 and "lines this change does not touch" not in "\n".join(every)


@pytest.mark.slow
def test_outside_a_git_checkout_check_lists_everything_errors_first(project: Path) -> None:
    add_broken_case(project)
    lines = run_in_process(project, "check").stdout.splitlines()
    assert (
        lines[0] == "cases/smith-2025.yaml:6:14: E103 patient.age_years must be a whole number (got 'sixty')"
    )
    assert "lines this change does not touch" not in "\n".join(lines)


def test_the_lines_a_change_touches_are_read_from_git(committed: Path) -> None:
    assert changed_lines(committed) == ChangedLines({}, frozenset())
    add_broken_case(committed)
    change = changed_lines(committed)
    assert change is not None
    assert change.whole == frozenset({"cases/smith-2025.yaml"})
    total = len((committed / "references.bib").read_text(encoding="utf-8").splitlines())
    assert change.lines == {"references.bib": set(range(total - 6, total + 1))}
    assert change.touches("cases/smith-2025.yaml", 1) and not change.touches("references.bib", 1)


def test_without_git_nothing_is_known(tmp_path: Path) -> None:
    assert changed_lines(tmp_path) is None
