"""The GitHub Actions workflows: linted against GitHub's workflow schema and audited by zizmor, least
privilege, actions pinned to releases that run on today's runners (Node 24), kept current by Dependabot,
and the same commands as the README's quick start."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
ALL = ["ci.yml", "pages.yml", "submission.yml", "release.yml"]
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", flags=re.DOTALL)
# Values that people outside the project write: never inside an expression of a run step.
UNTRUSTED = re.compile(
    r"github\.event\.(issue|comment|review|pull_request\.(title|body|head\.ref|head\.label)|head_commit)"
)


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


def commands(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job.get("steps", []) if "uses" in step]


def readme_quick_start() -> list[str]:
    """The commands of the README's quick start block, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", text, flags=re.DOTALL)
    assert block, "README.md has no quick start block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def lint(path: Path, schema: str = "vendor.github-workflows") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_workflow_passes_the_github_workflow_schema(name: str) -> None:
    result = lint(WORKFLOWS / name)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_lint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1)
    path = tmp_path / "pages.yml"
    path.write_text(broken, encoding="utf-8")
    result = lint(path)
    assert result.returncode == 1
    assert "runs-on" in result.stdout


# The first major release of each action that runs on Node 24. GitHub removed Node 20 from its runners
# on 2026-09-16 (its own warning on Node 20 runs); each major was read from the action's action.yml at
# its tags (`using: node24`), as recorded in ../shared/github-actions.md (checked 2026-12-06).
# upload-pages-artifact is a composite action: v5 is the first whose inner upload-artifact is Node 24.
FIRST_NODE24_MAJOR = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
    "actions/configure-pages": 6,
}
VERSION_COMMENT = re.compile(r"uses: ([\w.-]+/[\w./-]+)@[0-9a-f]{40} # v(\d+)\.\d+\.\d+$", flags=re.MULTILINE)


def pinned_majors(text: str) -> list[tuple[str, int]]:
    """(action, major version of its pin) for every `uses:` line of a workflow's text."""
    return [(action, int(major)) for action, major in VERSION_COMMENT.findall(text)]


@pytest.mark.parametrize("name", ALL)
def test_every_action_runs_on_node_24(name: str) -> None:
    """A pin below its action's first Node 24 major would fail on today's runners."""
    pins = pinned_majors((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert pins, f"{name} uses no action"
    for action, major in pins:
        assert action in FIRST_NODE24_MAJOR, f"{action}: add its first Node 24 major to FIRST_NODE24_MAJOR"
        assert major >= FIRST_NODE24_MAJOR[action], f"{name}: {action} v{major} runs on Node 20"


def test_the_node_24_rule_catches_a_node_20_pin() -> None:
    old = "      - uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5\n"
    [(action, major)] = pinned_majors(old)
    assert (action, major) == ("actions/deploy-pages", 4)
    assert major < FIRST_NODE24_MAJOR[action]


def test_the_pages_workflow_takes_its_address_from_mkdocs_not_configure_pages() -> None:
    """configure-pages v5 runs on Node 20, and the site's address is site_url in mkdocs.yml."""
    assert "actions/configure-pages" not in (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_dependabot_keeps_the_actions_and_the_python_packages_current_weekly_in_groups() -> None:
    result = lint(DEPENDABOT, "vendor.dependabot")
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]
    assert sorted(update["package-ecosystem"] for update in updates) == ["github-actions", "pip"]
    for update in updates:
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]], "one pull request"


@pytest.mark.slow
def test_the_dependabot_schema_catches_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "dependabot.yml"
    broken.write_text(DEPENDABOT.read_text(encoding="utf-8").replace("interval: weekly", "interval: hourly"))
    result = lint(broken, "vendor.dependabot")
    assert result.returncode == 1
    assert "hourly" in result.stdout


def zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    """zizmor (pinned in requirements.txt) offline: no request to GitHub, as on a contributor's machine.

    Without colour: on a CI machine (`CI=true`) zizmor colours its report even into a pipe.
    """
    return subprocess.run(
        ["zizmor", "--offline", "--no-progress", "--color", "never", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """Its default persona; what its pedantic persona still reports, and why it stays, is in DESIGN.md."""
    result = zizmor(".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No findings to report. Good job!"), result.stdout


@pytest.mark.slow
def test_zizmor_catches_an_issue_title_in_a_shell(tmp_path: Path) -> None:
    """The audit is live: an expression with the issue's title inside `run:` is a template injection."""
    workflow = load("submission.yml")
    workflow["jobs"]["submission"]["steps"][0]["run"] = 'echo "${{ github.event.issue.title }}"'
    path = tmp_path / ".github" / "workflows" / "submission.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({**workflow, "on": triggers(workflow)}), encoding="utf-8")
    result = zizmor(str(path))
    assert result.returncode != 0
    assert "template-injection" in result.stdout


def test_zizmor_is_pinned_with_the_test_tools() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    tests_part = requirements.split("# Tests and checks", 1)[1]
    assert re.search(r"^zizmor==\d+\.\d+\.\d+", tests_part, flags=re.MULTILINE)


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_to_a_commit_with_its_version_noted(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for job in load(name)["jobs"].values():
        for action in uses(job):
            assert PINNED.match(action), f"{action} is not pinned to a full commit SHA"
            assert re.search(rf"{re.escape(action)} # v\d+\.\d+\.\d+$", text, flags=re.MULTILINE), action


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_least_privilege_concurrency_and_time_limits(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    for job_name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes"), f"{job_name} has no time limit"
        if job_name != "deploy":
            assert "permissions" not in job, f"{job_name} must keep the read-only token"
        for step in job.get("steps", []):
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_pages_workflow_builds_with_the_readme_command_and_deploys() -> None:
    workflow = load("pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    install, build_command = readme_quick_start()[0].split(" && ")
    assert f"{install} --build-only && {build_command}" in commands(build)  # no test browser
    assert any("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in command for command in commands(build))
    actions = [action.split("@")[0] for action in uses(build)]
    assert actions == ["actions/checkout", "actions/cache", "actions/upload-pages-artifact"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [action.split("@")[0] for action in uses(deploy)] == ["actions/deploy-pages"]


def test_pages_workflow_caches_pip_downloads_keyed_on_the_requirements() -> None:
    build = load("pages.yml")["jobs"]["build"]
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]


def test_ci_runs_the_readme_commands_on_pull_requests() -> None:
    workflow = load("ci.yml")
    assert "pull_request" in triggers(workflow)
    job = workflow["jobs"]["check-build-test"]
    run = commands(job)
    expected = []
    for line in readme_quick_start():
        expected += [part.strip() for part in line.split("&&")]
    expected.insert(1, "python build_site.py check")
    positions = [run.index(command) for command in expected]
    assert positions == sorted(positions), run


def test_ci_summarises_the_change_against_the_pull_request_base() -> None:
    job = load("ci.yml")["jobs"]["check-build-test"]
    checkout = job["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0, "the base commit must be fetched for the summary"
    step = next(s for s in job["steps"] if "build_site.py diff" in s.get("run", ""))
    assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert '--base "$BASE_SHA"' in step["run"], "untrusted values reach the shell through env, quoted"


def test_ci_entry_point_runs_the_readme_commands() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in readme_quick_start():
        assert command in script


def test_every_workflow_is_in_the_lists_of_these_tests() -> None:
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_no_expression_inside_a_run_step_and_no_untrusted_value_in_any(name: str) -> None:
    """Values reach the shell through env, quoted; what outsiders write reaches no expression at all
    (the submission's issue number, an integer GitHub assigns, names its concurrency group)."""
    workflow = load(name)
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), f"{name}: an expression inside run: {step['run']}"
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for expression in EXPRESSION.findall(text):
        if expression.strip() == "github.event.issue.number":
            continue
        assert not UNTRUSTED.search(expression), f"{name}: untrusted value in an expression: {expression}"


def test_the_untrusted_value_rule_catches_the_issue_body() -> None:
    assert UNTRUSTED.search("github.event.issue.body")
    assert UNTRUSTED.search(" github.event.pull_request.title ")
    assert not UNTRUSTED.search("github.event.pull_request.base.sha")


def test_submission_workflow_runs_on_submitted_issues_with_least_privilege() -> None:
    workflow = load("submission.yml")
    assert triggers(workflow) == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["permissions"] == {}, "no permission outside the one job"
    assert workflow["concurrency"] == {
        "group": "submission-${{ github.event.issue.number }}",
        "cancel-in-progress": False,
    }, "one run per issue at a time, none cancelled half-way through a push"
    (name, job), *others = workflow["jobs"].items()
    assert others == []
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert job.get("timeout-minutes")
    checkout = next(s for s in job["steps"] if "actions/checkout@" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False
    assert "ref" not in checkout.get("with", {}), "the default branch, never code from elsewhere"


def test_submission_workflow_only_calls_the_script_with_the_payload_file() -> None:
    job = load("submission.yml")["jobs"]["submission"]
    run = commands(job)
    assert any(
        'python build_site.py submission --event "$GITHUB_EVENT_PATH"' in command for command in run
    ), run
    assert "bash setup.sh --build-only" in run, "the build's packages only: no test tools, no browser"
    assert not any("playwright" in command or "requirements.txt" in command for command in run)
    label = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-case.yml").read_text())["labels"]
    gate = next(step for step in job["steps"] if step.get("id") == "label")
    assert f'index("{label[0]}")' in gate["run"], "the workflow's label is the one the form sets"
    assert "$GITHUB_EVENT_PATH" in gate["run"]
    later = [step for step in job["steps"] if step is not gate]
    assert all(step["if"] == "steps.label.outputs.submission == 'true'" for step in later)


def test_release_workflow_attaches_the_built_site_and_open_data_of_the_tag() -> None:
    """A published release gets the site and the open data of its tag, built as the Pages workflow
    builds them; only that job may write, and only to the repository's contents (the release)."""
    workflow = load("release.yml")
    assert triggers(workflow) == {"release": {"types": ["published"]}}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"} and job.get("timeout-minutes")
    assert job["container"] == load("pages.yml")["jobs"]["build"]["container"]  # the same site, byte for byte
    checkout = next(s for s in job["steps"] if "actions/checkout@" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False
    run = commands(job)
    install, build_command = readme_quick_start()[0].split(" && ")
    assert any("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in command for command in run)
    steps = [
        f"{install} --build-only && {build_command}",
        'python build_site.py archive --tag "$GITHUB_REF_NAME" --out dist',
    ]
    assert [run.index(step) for step in steps] == sorted(run.index(step) for step in steps)
    upload = next(s for s in job["steps"] if "uploads.github.com" in s.get("run", ""))
    assert upload["env"]["RELEASE_ID"] == "${{ github.event.release.id }}"
    assert '"@$file"' in upload["run"] and "releases/$RELEASE_ID/assets" in upload["run"]
    assert uses(job) == [checkout["uses"]], "no action beyond the checkout: the upload is GitHub's own API"


def test_the_submission_check_runs_on_the_python_of_ci() -> None:
    """The bot's "check passed" and CI's come from the same Python version (MAINTAINING.md says where)."""
    container = load("ci.yml")["jobs"]["check-build-test"]["container"]
    assert container == load("pages.yml")["jobs"]["build"]["container"]
    version = re.fullmatch(r"python:(\d+\.\d+\.\d+)-bookworm", container).group(1)
    job = load("submission.yml")["jobs"]["submission"]
    setup = next(s for s in job["steps"] if "actions/setup-python@" in s.get("uses", ""))
    assert setup["with"]["python-version"] == version
    maintaining = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")
    assert f"Python {version}" in maintaining and "Ubuntu runner" in maintaining


def test_the_submission_cache_is_not_the_one_ci_and_pages_restore() -> None:
    """An issue, which anyone can open, starts the submission job: its cache must not reach CI or Pages."""
    submission = next(
        s for s in load("submission.yml")["jobs"]["submission"]["steps"] if "cache@" in s.get("uses", "")
    )
    for name, job in (("ci.yml", "check-build-test"), ("pages.yml", "build")):
        cache = next(s for s in load(name)["jobs"][job]["steps"] if "cache@" in s.get("uses", ""))
        assert not submission["with"]["key"].startswith(cache["with"]["restore-keys"]), name


def test_every_job_has_a_name_and_every_write_permission_a_reason() -> None:
    for name in ALL:
        lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
        for job_name, job in load(name)["jobs"].items():
            assert job.get("name"), f"{name}: job {job_name} has no name"
        writes = [line for line in lines if re.match(r"^\s+[\w-]+: write", line)]
        assert all(" # " in line for line in writes), f"{name}: a write permission without its reason"
