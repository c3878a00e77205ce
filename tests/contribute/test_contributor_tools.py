"""What a contributor meets besides the case format: the pre-commit hook, editor settings,
the guides and the review checklist (one list, repeated in three places)."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

BAD_CASE = "id: smith-2019\nsource: baheen2022\ninclusion: {renal_vein_origin: true, leiomyosarcoma: true}\n"
BAD_CASE += "source_type: case report\n"
BAD_CASE += "patient:\n  sex: woman\n"


def hook() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "atlas-check")


def run_hook_entry(project: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """The hook's entry exactly as pre-commit runs it: the command, then the changed files."""
    command = shlex.split(hook()["entry"])
    command[0] = sys.executable if command[0] == "python" else command[0]
    return subprocess.run([*command, *files], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_pre_commit_accepts_the_config() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hook_runs_on_cases_and_references_only() -> None:
    pattern = re.compile(hook()["files"])
    assert pattern.search("cases/smith-2024.yaml") and pattern.search("references.bib")
    assert not pattern.search("docs/index.md") and not pattern.search("atlas/cases/model.py")


@pytest.mark.slow
def test_the_hook_entry_fails_on_a_bad_case_with_its_line(project: Path) -> None:
    (project / "cases" / "smith-2019.yaml").write_text(BAD_CASE, encoding="utf-8")
    result = run_hook_entry(project, "cases/smith-2019.yaml")
    assert result.returncode == 1
    assert "cases/smith-2019.yaml:6:8: E104 patient.sex must be one of 'female' or 'male' (got 'woman')" in (
        result.stdout
    )


@pytest.mark.slow
def test_the_hook_entry_reports_only_the_files_it_is_given(project: Path) -> None:
    (project / "cases" / "smith-2019.yaml").write_text(BAD_CASE, encoding="utf-8")
    result = run_hook_entry(project, "cases/baheen-2022.yaml")
    assert result.returncode == 0, result.stdout
    assert "smith-2019" not in result.stdout


@pytest.mark.slow
def test_pre_commit_blocks_a_commit_with_a_bad_case(project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=project, capture_output=True, text=True, env=env, timeout=60
        )

    git("init", "-q")
    (project / "cases" / "smith-2019.yaml").write_text(BAD_CASE, encoding="utf-8")
    git("add", "-A")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", "cases/smith-2019.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "E104 patient.sex" in result.stdout


def test_vscode_maps_the_schema_to_every_case_file() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    [(schema, pattern)] = settings["yaml.schemas"].items()
    assert (ROOT / schema).resolve() == (ROOT / "schema" / "case.schema.json").resolve()
    cases = [path.relative_to(ROOT).as_posix() for path in (ROOT / "cases").glob("*.yaml")]
    assert cases and all(fnmatch.fnmatch(case, pattern) for case in cases)


def checklist(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- [ ] ")]


def test_the_review_checklist_is_the_same_everywhere() -> None:
    on_site = checklist(ROOT / "docs" / "contribute" / "review.md")
    assert len(on_site) >= 5
    assert checklist(ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md") == on_site
    assert checklist(ROOT / "CONTRIBUTING.md") == on_site


def test_contributing_links_resolve() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links
    for link in links:
        assert (ROOT / link).exists(), link


def test_the_contribute_pages_are_built_and_link_the_field_reference(built_site: Path) -> None:
    guide = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert 'href="../reference/fields/"' in guide
    assert 'href="curation/"' in guide
    rules = (built_site / "contribute" / "curation" / "index.html").read_text(encoding="utf-8")
    for anchor in ("inclusion", "not-reported", "inferred", "duplicates", "other-languages"):
        assert f'id="{anchor}"' in rules, anchor
    nav = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="contribute/"' in nav and 'href="changes/"' in nav
