"""`diff`: what a pull request changes in the atlas, for the CI job summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.cases.model import Case
from atlas.contribute.changes import compare, headline_counts, summary_markdown
from tests.conftest import run_in_process

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}
FORM = Path(__file__).parents[1] / "fixtures" / "issue-form" / "colon-rodriguez-2004.md"


def make(case_id: str, **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": "k", "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


def test_headline_counts_keep_the_not_reported() -> None:
    counts = headline_counts([make("a", patient={"sex": "female"}), make("b")])
    assert counts["patients"] == 2
    assert (counts["women"], counts["men"], counts["sex not reported"]) == (1, 0, 1)
    assert counts["side not reported"] == 2
    assert counts["surgery not reported"] == 2


def test_an_added_woman_moves_patients_and_women() -> None:
    surgery = {"surgery": "local excision"}
    base = [make("a", patient={"sex": "male"}, tumour={"side": "right"}, treatment=surgery)]
    head = [*base, make("b", patient={"sex": "female"}, tumour={"side": "left"}, treatment=surgery)]
    change = compare(base, head, ["a", "b"])
    assert change.added == ["b"] and change.removed == [] and change.changed == {}
    moved = {(m.label, m.before, m.after) for m in change.moved_counts}
    assert moved == {("patients", 1, 2), ("women", 0, 1), ("left renal vein", 0, 1), ("local excision", 1, 2)}
    text = summary_markdown(change)
    assert "**patients 1 → 2; women 0 → 1; left renal vein 0 → 1; local excision 1 → 2**" in text
    assert "**Added (1):** `b`" in text


def test_a_correction_lists_the_fields_that_changed() -> None:
    base = [make("a", patient={"sex": "male", "age_years": 61}, outcome={"follow_up_months": 27.0})]
    head = [make("a", patient={"sex": "male"}, outcome={"follow_up_months": 30.0})]
    change = compare(base, head, ["a"])
    assert [(c.path, c.before, c.after) for c in change.changed["a"]] == [
        ("outcome.follow_up_months", 27.0, 30.0),
        ("patient.age_years", 61, None),
    ]
    text = summary_markdown(change)
    assert "The headline counts do not move." in text
    assert "| `patient.age_years` | 61 | not reported |" in text


def test_a_file_with_errors_is_not_reported_as_removed() -> None:
    base = [make("a"), make("b")]
    change = compare(base, [make("a")], ["a", "b"], invalid=["b"])
    assert change.removed == [] and change.invalid == ["b"]
    assert "Not counted, because the file has errors" in summary_markdown(change)
    assert compare(base, [make("a")], ["a"]).removed == ["b"]


def test_nothing_changed() -> None:
    cases = [make("a")]
    change = compare(cases, cases, ["a"])
    assert change.is_empty
    assert "No case was added, changed or removed." in summary_markdown(change)


def test_contributor_text_is_escaped_in_the_summary() -> None:
    base = [make("a", notes="plain")]
    head = [make("a", notes="<img src=x onerror=alert(1)> | pipe")]
    text = summary_markdown(compare(base, head, ["a"]))
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\| pipe" in text


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, timeout=60)


@pytest.mark.slow
def test_diff_against_a_base_commit_writes_the_job_summary(project: Path, tmp_path: Path) -> None:
    for path in (project / "cases").glob("*.yaml"):
        if path.name != "baheen-2022.yaml":
            path.unlink()
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    base = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    run = [sys.executable, "build_site.py"]
    subprocess.run([*run, "from-issue", str(FORM)], cwd=project, check=True, capture_output=True)
    baheen = project / "cases" / "baheen-2022.yaml"
    baheen.write_text(baheen.read_text(encoding="utf-8").replace("  country: China\n", ""), encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(
        [*run, "diff", "--base", base], cwd=project, capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.strip() == result.stdout.strip()
    assert "**patients 1 → 2; women 0 → 1; left renal vein 0 → 1; surgery not reported 0 → 1**" in text
    assert "**Added (1):** `colon-rodriguez-2004`" in text
    assert "| `patient.country` | China | not reported |" in text


def test_diff_with_an_unknown_base_says_so(project: Path) -> None:
    git(project, "init", "-q")
    result = run_in_process(project, "diff", "--base", "no-such-ref")
    assert result.returncode == 2
    assert "cannot read the base 'no-such-ref'" in result.stderr
