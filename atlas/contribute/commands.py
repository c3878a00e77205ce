"""The contributor's commands: new-case, from-issue, diff and submission (registered by atlas.cli)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from atlas.contribute.changes import BaseNotFound, changes_since, summary_markdown
from atlas.contribute.issue_form import case_from_issue
from atlas.contribute.scaffold import ScaffoldError, new_case
from atlas.contribute.submission import EventError, Tools, submit


def add_contribution_commands(sub: argparse._SubParsersAction) -> None:
    scaffold = sub.add_parser("new-case", help="write an annotated case file (and a references.bib stub)")
    scaffold.add_argument("--source", required=True, help="citation key of the article, e.g. smith2024")
    scaffold.add_argument("--id", dest="case_id", help="case id (default: from the key, e.g. smith-2024)")
    for name in ("author", "title", "year", "doi"):
        scaffold.add_argument(f"--{name}", help=f"{name} for the references.bib stub of a new key")
    issue = sub.add_parser("from-issue", help="turn a filled 'Submit a published case' form into a case file")
    issue.add_argument("body", help="the issue's Markdown body in a file, or - for standard input")
    issue.add_argument("--id", dest="case_id", help="case id (default: first author and year)")
    diff = sub.add_parser("diff", help="what the cases change compared with a base commit (Markdown)")
    diff.add_argument("--base", required=True, help="git commit or branch to compare with, e.g. main")
    submission = sub.add_parser(
        "submission", help="the submission workflow: issue event → checked case, branch, pull request, reply"
    )
    submission.add_argument("--event", required=True, help="the event payload file ($GITHUB_EVENT_PATH)")
    submission.add_argument("--base", default="main", help="branch the pull request targets (default: main)")


def run_new_case(args: argparse.Namespace, root: Path) -> int:
    reference = {name: value for name in ("author", "title", "year", "doi") if (value := getattr(args, name))}
    try:
        result = new_case(root, args.source, args.case_id, reference)
    except ScaffoldError as problem:
        print(f"new-case: {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {result.case_path.relative_to(root).as_posix()}")
    if result.reference_added:
        print(f"Added a stub for '{args.source}' to references.bib: complete it from the article.")
    elif reference:
        print(f"references.bib already has '{args.source}'; the reference options were not used.")
    print("Next: fill the fields the article reports, then run `python build_site.py check`.")
    return 0


def run_from_issue(args: argparse.Namespace, root: Path) -> int:
    body = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(encoding="utf-8")
    try:
        submission = case_from_issue(root, body, args.case_id)
    except ScaffoldError as problem:
        print(f"from-issue: {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {submission.case_path.relative_to(root).as_posix()}")
    if submission.reference_added:
        print(f"Added '{submission.key}' to references.bib, marked unverified: check it against the article.")
    for title, answer in submission.review:
        print(f"For the reviewer: {title}: {answer}")
    print("Next: run `python build_site.py check`, then review the case against the article.")
    return 0


def run_diff(args: argparse.Namespace, root: Path) -> int:
    """Print the summary; under GitHub Actions also append it to the job summary."""
    try:
        text = summary_markdown(changes_since(root, args.base))
    except BaseNotFound as problem:
        print(f"diff: cannot read the base '{args.base}': {problem}", file=sys.stderr)
        return 2
    print(text)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0


def run_submission(args: argparse.Namespace, root: Path) -> int:
    """Exit 0 when the issue was answered (errors included: they are the submitter's to fix)."""
    try:
        outcome = submit(root, Path(args.event), Tools(base=args.base))
    except EventError as problem:
        print(f"submission: {problem}", file=sys.stderr)
        return 2
    if outcome.kind == "skipped":
        print("submission: not an open issue made with the submission form; nothing to do")
    else:
        print(f"submission: {outcome.kind}{' on ' + outcome.branch if outcome.branch else ''}")
    return 0


CONTRIBUTION_COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "new-case": run_new_case,
    "from-issue": run_from_issue,
    "diff": run_diff,
    "submission": run_submission,
}
