"""The submission workflow's script (`build_site.py submission --event FILE`), run as the workflow
runs it, against three event payloads: a good submission, one with errors, a hostile one. The
project is a git repository with a local bare remote, and `gh` is a stand-in on PATH that records
its arguments (and the files it is given), so nothing reaches GitHub."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from atlas.contribute import issue_form, submission
from atlas.contribute.issue_form import case_from_issue
from atlas.sources.issue_forms import IssueForm, read_issue_form
from tests.conftest import copy_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "submission"
MARKER = "pwned-marker"
PR_URL = "https://github.com/example/atlas/pull/7"

STAND_IN_GH = """#!{python}
import json, os, sys
from pathlib import Path
argv = sys.argv[1:]
record = {{"argv": argv}}
if "--body-file" in argv:
    record["body"] = Path(argv[argv.index("--body-file") + 1]).read_text(encoding="utf-8")
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if argv[:2] == ["pr", "list"]:
    print(os.environ.get("GH_OPEN_PR", ""))
elif argv[:2] == ["pr", "create"]:
    print("{url}")
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The project committed on main, with a bare repository as its origin."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "base")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(project, "remote", "add", "origin", str(remote))
    git(project, "push", "--quiet", "origin", "main")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(STAND_IN_GH.format(python=sys.executable, url=PR_URL), encoding="utf-8")
    gh.chmod(0o755)
    return project


def submit(
    project: Path, fixture: str | Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    """Run the script as the workflow does; (its result, the stand-in gh's calls)."""
    event = fixture if isinstance(fixture, Path) else FIXTURES / f"{fixture}.json"
    log = project.parent / "gh-calls.jsonl"
    log.unlink(missing_ok=True)
    environment = {
        **os.environ,
        "PATH": f"{project.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "build_site.py", "submission", "--event", str(event)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    calls = (
        [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    )
    return result, calls


def remote_branches(project: Path) -> list[str]:
    return git(project, "ls-remote", "--heads", "origin").split()[1::2]


@pytest.mark.slow
def test_a_good_submission_is_pushed_to_its_branch_and_opens_a_pull_request(repository: Path) -> None:
    result, calls = submit(repository, "good")
    assert result.returncode == 0, result.stderr
    assert "refs/heads/submission/issue-101" in remote_branches(repository)
    assert [call["argv"][:2] for call in calls] == [["pr", "list"], ["pr", "create"], ["issue", "comment"]]
    create = calls[1]["argv"]
    assert create[create.index("--head") + 1] == "submission/issue-101"
    assert create[create.index("--base") + 1] == "main"
    assert calls[1]["body"].startswith("Closes #101.")
    assert "Jane Smith, 0000-0002-1825-0097" in calls[1]["body"], "the submitter is credited"
    comment = calls[2]
    assert comment["argv"][2] == "101"
    assert PR_URL in comment["body"]
    assert "patients" in comment["body"] and "**Added (1):** `example-2024`" in comment["body"]


@pytest.mark.slow
def test_the_pushed_branch_holds_the_case_and_reference_and_passes_check(
    repository: Path, tmp_path: Path
) -> None:
    submit(repository, "good")
    checkout = tmp_path / "checkout"
    git(
        tmp_path,
        "clone",
        "--quiet",
        "--branch",
        "submission/issue-101",
        str(tmp_path / "remote.git"),
        str(checkout),
    )
    changed = git(checkout, "diff", "--name-only", "origin/main", "HEAD").split()
    assert changed == ["cases/example-2024.yaml", "references.bib"]
    check = subprocess.run(
        [sys.executable, "build_site.py", "check"], cwd=checkout, capture_output=True, text=True, timeout=300
    )
    assert check.returncode == 0, check.stdout
    assert "@article{example2024," in (checkout / "references.bib").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_edited_issue_updates_the_pull_request_it_opened(repository: Path) -> None:
    submit(repository, "good")
    git(repository, "switch", "--quiet", "main")
    result, calls = submit(repository, "good", GH_OPEN_PR=PR_URL)
    assert result.returncode == 0, result.stderr
    assert [call["argv"][:3] for call in calls] == [
        ["pr", "list", "--head"],
        ["pr", "edit", "submission/issue-101"],
        ["issue", "comment", "101"],
    ]
    assert PR_URL in calls[2]["body"]


@pytest.mark.slow
def test_a_submission_with_errors_gets_them_in_plain_words_and_no_branch(repository: Path) -> None:
    result, calls = submit(repository, "errors")
    assert result.returncode == 0, result.stderr
    assert remote_branches(repository) == ["refs/heads/main"]
    assert [call["argv"][:3] for call in calls] == [["issue", "comment", "102"]]
    comment = calls[0]["body"]
    assert (
        "- **Age at diagnosis (years)**: must be a whole number (got 'about sixty') "
        "(The number only, for example 58.)" in comment
    )
    assert (
        "- **Largest diameter (cm)**: must be a number (got '5 mm') (The number only, in centimetres, for "
        "example 5.5; a size in millimetres divided by 10 (52 mm is 5.2)." in comment
    )
    assert (
        "- **Other immunohistochemistry markers**: the line 'CD99: weakly' must end in positive, negative "
        "or focal (Each line: the marker, a colon, then positive, negative or focal. A percentage, such as "
        'Ki-67 20%, goes under "Other pathology findings".)' in comment
    )
    assert "edit this issue" in comment
    assert git(repository, "status", "--porcelain") == "", "the checkout is left as it was"


@pytest.mark.slow
def test_a_hostile_submission_executes_nothing_and_gets_a_clean_error_comment(
    repository: Path, tmp_path: Path
) -> None:
    result, calls = submit(repository, "hostile")
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.rglob(f"*{MARKER}*")), "nothing from the issue was run"
    assert not list(Path("/tmp").glob(f"{MARKER}*"))
    assert remote_branches(repository) == ["refs/heads/main"]
    assert [call["argv"][:3] for call in calls] == [["issue", "comment", "103"]]
    comment = calls[0]["body"]
    assert "**Age at diagnosis (years)**: must be a whole number (got '$(touch pwned-marker)')" in comment
    assert "**Largest diameter (cm)**: must be a number (got ''touch pwned-marker'')" in comment
    assert "`touch" not in comment, "no code span opened by the issue's text"
    assert "<script" not in comment and "<img" not in comment
    assert git(repository, "status", "--porcelain") == ""


@pytest.mark.slow
def test_an_issue_without_the_form_label_is_left_alone(repository: Path, tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "good.json").read_text(encoding="utf-8"))
    event["issue"]["labels"] = [{"name": "question"}]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, calls = submit(repository, path)
    assert result.returncode == 0, result.stderr
    assert "not an open issue made with the submission form" in result.stdout
    assert calls == [] and remote_branches(repository) == ["refs/heads/main"]


@pytest.mark.slow
def test_an_edit_of_a_closed_issue_opens_no_second_pull_request(repository: Path, tmp_path: Path) -> None:
    """Merging the pull request closes the issue; editing it afterwards must not add the case again."""
    event = json.loads((FIXTURES / "good.json").read_text(encoding="utf-8"))
    event["action"], event["issue"]["state"] = "edited", "closed"
    path = tmp_path / "closed.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, calls = submit(repository, path)
    assert result.returncode == 0, result.stderr
    assert calls == [] and remote_branches(repository) == ["refs/heads/main"]


@pytest.mark.slow
def test_an_issue_number_that_is_not_a_number_stops_the_script(repository: Path, tmp_path: Path) -> None:
    event = json.loads((FIXTURES / "hostile.json").read_text(encoding="utf-8"))
    event["issue"]["number"] = "1; touch pwned-marker"
    path = tmp_path / "bad-number.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result, calls = submit(repository, path)
    assert result.returncode == 2
    assert "issue number is not a positive whole number" in result.stderr
    assert calls == [] and not list(tmp_path.rglob(f"*{MARKER}*"))


def test_the_hostile_answers_stay_data_in_the_case_file_and_the_reference(project: Path) -> None:
    """YAML tags, a BibTeX entry opened inside the title and a path in the author's name stay text."""
    body = json.loads((FIXTURES / "hostile.json").read_text(encoding="utf-8"))["issue"]["body"]
    entries_before = (project / "references.bib").read_text(encoding="utf-8").count("\n@")
    submission = case_from_issue(project, body)
    assert submission.case_path.parent == project / "cases", "no path from the issue"
    assert re.fullmatch(r"[a-z0-9-]+\.yaml", submission.case_path.name)
    data = yaml.safe_load(submission.case_path.read_text(encoding="utf-8"))
    assert "!!python/object/apply:os.system" in data["inclusion"]["basis"]
    assert data["patient"]["country"] == "<script>alert(1)</script>", "kept as text; pages escape it"
    bib = (project / "references.bib").read_text(encoding="utf-8")
    assert bib.count("\n@") == entries_before + 1 and "@misc{evil" not in bib


def test_a_submission_reads_its_form_once(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its label, the questions' labels for the answers and their help for the messages: one reading."""
    reads: list[str] = []

    def counted(root: Path, file: str) -> IssueForm:
        reads.append(file)
        return read_issue_form(root, file)

    monkeypatch.setattr(issue_form, "read_issue_form", counted)
    monkeypatch.setenv("GH_LOG", str(repository.parent / "gh-calls.jsonl"))
    gh = repository.parent / "bin" / "gh"
    outcome = submission.submit(repository, FIXTURES / "errors.json", submission.Tools(gh=str(gh)))
    assert outcome.kind == "errors"
    assert "- **Largest diameter (cm)**: must be a number (got '5 mm')" in outcome.comment
    assert reads == ["submit-case.yml"]


def event_with(tmp_path: Path, fixture: str, replace: dict[str, str]) -> Path:
    """A fixture payload with some answers' text replaced, written as a new payload file."""
    event = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    for old, new in replace.items():
        assert old in event["issue"]["body"], old
        event["issue"]["body"] = event["issue"]["body"].replace(old, new)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


CLOSING = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+#\d+", flags=re.IGNORECASE)


def outside_code(markdown: str) -> str:
    """The Markdown with its inline code spans removed: what GitHub reads for keywords, mentions, images."""
    return re.sub(r"(`+) .*? \1", "", markdown)


@pytest.mark.slow
def test_closing_keywords_mentions_and_images_in_answers_cannot_act_in_the_pull_request(
    repository: Path, tmp_path: Path
) -> None:
    hostile = "Fixes #1, closes #2 and resolves #3 @octocat ![x](https://evil.example/p.png) [a](https://evil.example)"
    event = event_with(tmp_path, "good", {"Jane Smith, 0000-0002-1825-0097": hostile})
    result, calls = submit(repository, event)
    assert result.returncode == 0, result.stderr
    body = calls[1]["body"]
    assert f"- **Credit:** ` {hostile} `" in body, "quoted as code: GitHub shows it as text"
    assert CLOSING.findall(outside_code(body)) == ["Closes #101"], "only the bot's own keyword acts"
    assert "@octocat" not in outside_code(body) and "![x]" not in outside_code(body)


def test_a_backtick_in_an_answer_cannot_end_its_quote() -> None:
    assert submission.as_text("a `b` ``c`` d") == "``` a `b` ``c`` d ```"
    assert submission.as_text("line one\nFixes #4") == "` line one Fixes #4 `"


@pytest.mark.slow
def test_a_bidirectional_override_in_the_authors_gets_a_reply_naming_the_question(
    repository: Path, tmp_path: Path
) -> None:
    event = event_with(tmp_path, "good", {"Example A, Sample B": "Example A, \u202eelpmaS B"})
    result, calls = submit(repository, event)
    assert result.returncode == 0, result.stderr
    assert remote_branches(repository) == ["refs/heads/main"]
    assert (
        "- **Authors**: holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which makes text read "
        "differently from what it is (Type the answer again.)" in calls[0]["body"]
    )
    assert git(repository, "status", "--porcelain") == ""


@pytest.mark.slow
def test_an_article_without_known_authors_opens_a_pull_request_that_asks_for_the_citation(
    repository: Path, tmp_path: Path
) -> None:
    event = event_with(
        tmp_path,
        "good",
        {"### Authors\r\n\r\nExample A, Sample B, Test C": "### Authors\r\n\r\n_No response_"},
    )
    result, calls = submit(repository, event)
    assert result.returncode == 0, result.stderr
    assert "refs/heads/submission/issue-101" in remote_branches(repository)
    assert (
        "**Complete the citation before merging:** the submitter did not know its author, so the case is "
        "named from what the form gave." in calls[1]["body"]
    )
