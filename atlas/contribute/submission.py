"""The submission workflow's work: an issue filled with the submission form → a checked case file
on a branch of its own, a pull request that closes the issue, and a reply on the issue.

.github/workflows/submission.yml only calls `python build_site.py submission --event FILE`, so
that the tests can run this module against fixture event payloads with a local git remote and a
stand-in `gh`. The issue's text is data from start to end: it is read from the event payload file,
turned into YAML and BibTeX by issue_form (which escapes both), and reaches git and `gh` only as
files or as single argv items, never through a shell. The branch and file names come from the
issue number (an integer) and an ASCII slug of the first author's name (letters, digits and hyphens).
In the pull request, every text the submitter wrote is quoted as code, so that GitHub shows it as
text: a "Fixes #1" in an answer closes no issue, an @mention pings nobody, an image loads nothing.
"""

from __future__ import annotations

import html
import json
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from atlas.cases.checks import CASE_CHECKS
from atlas.cases.load import load_yaml_file
from atlas.contribute.changes import changes_since, summary_markdown
from atlas.contribute.form_checks import cross_answer_findings
from atlas.contribute.form_messages import PlainMessage, cross_message, plain_messages
from atlas.contribute.issue_form import AnswerProblems, Submission, case_from_issue, submission_form
from atlas.contribute.scaffold import ScaffoldError
from atlas.diagnostics import Diagnostic, Severity
from atlas.inputs import Inputs, read_inputs
from atlas.paths import BIBLIOGRAPHY_FILE
from atlas.sources.bibliography import INCOMPLETE_CITATION, Bibliography
from atlas.sources.issue_forms import IssueForm

BOT_NAME = "RVLMS atlas submissions"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


class EventError(Exception):
    """The event payload is not an issue event this workflow can act on."""


@dataclass(frozen=True)
class IssueEvent:
    number: int
    body: str
    labels: tuple[str, ...]
    open: bool = True


@dataclass(frozen=True)
class Tools:
    """The programs and names the script uses; the tests point them at local stand-ins."""

    git: str = "git"
    gh: str = "gh"
    remote: str = "origin"
    base: str = "main"


@dataclass(frozen=True)
class Outcome:
    kind: str  # "skipped", "errors" or "pull request"
    comment: str = ""
    branch: str = ""


def read_event(path: Path) -> IssueEvent:
    """The issue's number, body and labels from the payload GitHub writes for `issues` events."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        issue = payload["issue"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EventError(f"{path} is not an issue event payload: {exc}") from exc
    number = issue.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise EventError("the event's issue number is not a positive whole number")
    body = issue.get("body") or ""
    labels = issue.get("labels") or []
    names = tuple(str(label.get("name", "")) for label in labels if isinstance(label, dict))
    is_open = issue.get("state", "open") == "open"
    return IssueEvent(number, body if isinstance(body, str) else "", names, is_open)


def submission_label(form: IssueForm) -> str:
    """The label the submission form gives its issues (the form file is the one definition)."""
    return form.labels[0]


def branch_for(number: int) -> str:
    return f"submission/issue-{number}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("atlas.contribute", "templates"),
        autoescape=True,  # GitHub renders comments as Markdown with HTML: the submitter's text is escaped
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quiet"] = quiet
    env.filters["as_text"] = as_text
    return env


def quiet(text: str) -> Markup:
    """Text of ours quoting the submitter, in a reply on the issue: no HTML, no mention that pings anyone,
    no code span of its own, and no link or image (its brackets are escaped, so GitHub shows them)."""
    text = html.escape(str(text), quote=False).replace("@", "@\u200b").replace("`", "'")
    text = re.sub(r"([\[\]!])", r"\\\1", text)
    return Markup(re.sub(r"\s+", " ", text).strip())


def as_text(text: str) -> Markup:
    """Submitted text quoted as an inline code span, which GitHub shows as text: no link, image, mention,
    HTML or closing keyword in it acts. The fence is longer than any run of backticks inside (CommonMark),
    and the spaces inside it, which GitHub trims, keep a backtick at either end from joining the fence."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return Markup(f"{fence} {text} {fence}")


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)


# ---- git and gh, always by argv lists --------------------------------------------------------


def _run(argv: list[str], root: Path) -> str:
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{argv[0]} {argv[1]} failed: {result.stderr.strip()}")
    return result.stdout


def _git(tools: Tools, root: Path, *args: str) -> str:
    return _run([tools.git, *args], root)


def _gh_with_body(tools: Tools, root: Path, args: list[str], body: str) -> str:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".md", delete=False) as handle:
        handle.write(body)
    try:
        return _run([tools.gh, *args, "--body-file", handle.name], root)
    finally:
        Path(handle.name).unlink(missing_ok=True)


# ---- the steps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problems:
    """What `check` says of a submission: its errors and warnings, and the findings across answers."""

    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    across: list[PlainMessage]


# Rules across fields: `check` runs them only on a case that fits the format, so they are run here on
# the part of the case that does (form_checks), and their messages come from there, once.
_ACROSS = frozenset(CASE_CHECKS.codes)
# Every detail of a new reference is the submitter's, so it is marked unverified: the pull request says so.
_EXPECTED = frozenset({INCOMPLETE_CITATION})


def _problems_of(root: Path, submission: Submission, form: IssueForm) -> Problems:
    """What `check` finds in the submission's case file and reference entry."""
    inputs, problems = read_inputs(root)
    case_file = submission.case_path.relative_to(root).as_posix()
    entry_line = _entry_line(inputs.corpus.bibliography, submission)
    mine = [
        problem
        for problem in problems
        if (problem.path == case_file and problem.code not in _ACROSS)
        or (
            problem.path == BIBLIOGRAPHY_FILE and problem.line >= entry_line and problem.code not in _EXPECTED
        )
    ]
    errors = [problem for problem in mine if problem.severity is Severity.ERROR]
    warnings = [problem for problem in mine if problem.severity is Severity.WARNING]
    return Problems(errors, warnings, _across_answers(inputs, submission, case_file, form))


def _across_answers(
    inputs: Inputs, submission: Submission, case_file: str, form: IssueForm
) -> list[PlainMessage]:
    loaded, _ = load_yaml_file(submission.case_path, case_file)
    findings = cross_answer_findings(loaded, inputs.corpus.bibliography.references)
    return [cross_message(form, rule.code, where, message) for rule, where, message in findings]


def _entry_line(bibliography: Bibliography, submission: Submission) -> float:
    """First line of the entry the submission appended: its problems are the submitter's. An entry
    too broken to load counts from line 1 (the rest of the file passed check before it was added)."""
    if not submission.reference_added:
        return math.inf
    return bibliography[submission.key].line if submission.key in bibliography else 1


def _in_form_words(
    root: Path, submission: Submission, problems: list[Diagnostic], form: IssueForm
) -> list[PlainMessage]:
    files = (submission.case_path.relative_to(root).as_posix(), BIBLIOGRAPHY_FILE)
    return plain_messages(problems, form, files)


def _undo(root: Path, tools: Tools, submission: Submission | None) -> None:
    """Leave the checkout as it was: the case file removed, references.bib restored."""
    if submission is not None:
        submission.case_path.unlink(missing_ok=True)
    _git(tools, root, "checkout", "--", BIBLIOGRAPHY_FILE)


def _comment(root: Path, tools: Tools, number: int, body: str) -> None:
    _gh_with_body(tools, root, ["issue", "comment", str(number)], body)


def _open_or_update_pull_request(root: Path, tools: Tools, number: int, branch: str, body: str) -> str:
    """The pull request's address; an edited issue updates the pull request its first version opened."""
    query = ["pr", "list", "--head", branch, "--state", "open", "--json", "url", "--jq", ".[].url"]
    existing = _run([tools.gh, *query], root).strip()
    if existing:
        _gh_with_body(tools, root, ["pr", "edit", branch], body)
        return existing.splitlines()[0]
    title = f"Case from issue #{number}"
    created = _gh_with_body(
        tools, root, ["pr", "create", "--base", tools.base, "--head", branch, "--title", title], body
    )
    return created.strip().splitlines()[-1] if created.strip() else ""


def _push(root: Path, tools: Tools, branch: str, submission: Submission, number: int) -> None:
    case_file = submission.case_path.relative_to(root).as_posix()
    _git(tools, root, "switch", "--force-create", branch)
    _git(tools, root, "add", "--", case_file, BIBLIOGRAPHY_FILE)
    message = f"Case {submission.case_path.stem} from issue #{number}"
    identity = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
    _git(tools, root, *identity, "commit", "--quiet", "-m", message)
    # The branch belongs to the issue: an edit of the issue rewrites it from the base again.
    _git(tools, root, "push", "--force", tools.remote, f"HEAD:refs/heads/{branch}")


def _reply_errors(
    root: Path, tools: Tools, number: int, submission: Submission | None, messages: list[PlainMessage]
) -> Outcome:
    """Undo what was written and say on the issue what to correct, every problem in one reply."""
    _undo(root, tools, submission)
    comment = render("submission_errors.md.j2", messages=messages)
    _comment(root, tools, number, comment)
    return Outcome("errors", comment)


def submit(root: Path, event_path: Path, tools: Tools = Tools()) -> Outcome:
    """Run the whole submission for one issue event; the reply on the issue says what happened."""
    event = read_event(event_path)
    form = submission_form(root)  # read once: its label, its questions' labels and their help
    # A closed issue's case was merged or declined: an edit must not open a second pull request.
    if submission_label(form) not in event.labels or not event.open:
        return Outcome("skipped")
    branch = branch_for(event.number)
    try:
        submission = case_from_issue(root, event.body, form=form)
    except AnswerProblems as problems:
        return _reply_errors(root, tools, event.number, None, problems.messages)
    except ScaffoldError as problem:
        return _reply_errors(root, tools, event.number, None, [PlainMessage("", str(problem), "")])
    found = _problems_of(root, submission, form)
    if found.errors or found.across:
        messages = _in_form_words(root, submission, found.errors, form) + found.across
        return _reply_errors(root, tools, event.number, submission, messages)
    base = _git(tools, root, "rev-parse", "HEAD").strip()
    summary = summary_markdown(changes_since(root, base))
    pr_body = render(
        "submission_pull_request.md.j2",
        number=event.number,
        case_file=submission.case_path.relative_to(root).as_posix(),
        key=submission.key,
        reference_added=submission.reference_added,
        summary=summary,
        review=submission.review,
        citation_missing=submission.citation_missing,
        warnings=_in_form_words(root, submission, found.warnings, form),
    )
    _push(root, tools, branch, submission, event.number)
    url = _open_or_update_pull_request(root, tools, event.number, branch, pr_body)
    comment = render("submission_passed.md.j2", url=url, summary=summary, case_id=submission.case_path.stem)
    _comment(root, tools, event.number, comment)
    return Outcome("pull request", comment, branch)
