"""What each command of build_site.py does; build_site.py only parses arguments."""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

from atlas.cases.schema import write_schema
from atlas.contribute.changed_lines import ChangedLines, changed_lines
from atlas.contribute.commands import CONTRIBUTION_COMMANDS
from atlas.diagnostics import Diagnostic, Severity, report
from atlas.site.archive import ArchiveError, check_tag, release_archives
from atlas.site.build import BuildFailed, build, check
from atlas.sources.release import current_release

WATCHED = (
    "cases",
    "docs",
    "references.bib",
    "mkdocs.yml",
    "atlas",
    "literature",
    "CITATION.cff",
    "CHANGELOG.md",
)


def run(args: argparse.Namespace, root: Path) -> int:
    command = args.command or "build"
    _interrupt_on_terminate()
    if command == "check":
        return run_check(root, getattr(args, "paths", None), getattr(args, "all", False))
    if command == "build":
        return run_build(root)
    if command == "schema":
        print(f"Wrote {write_schema(root)}")
        return 0
    if command == "serve":
        return run_serve(root, args.port)
    if command == "archive":
        return run_archive(root, Path(args.out), args.tag)
    if command in CONTRIBUTION_COMMANDS:
        return CONTRIBUTION_COMMANDS[command](args, root)
    raise SystemExit(f"unknown command {command}")


def run_check(root: Path, paths: list[str] | None = None, everything: bool = False) -> int:
    """Check everything; with paths (as pre-commit passes them), report only those files' problems.

    Errors come first, whatever their file. Warnings are listed for the lines the change touches (the
    working tree against the last commit); the others are counted on one line that names `--all`,
    which lists them. Under GitHub Actions every warning is listed, for its annotation.
    """
    _, problems = check(root)
    if paths:
        wanted = {_project_relative(root, path) for path in paths}
        problems = [problem for problem in problems if problem.path in wanted]
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    change = None if everything or paths or on_github else changed_lines(root)
    if change is None:
        n_errors, _ = report(problems, sys.stdout)
    else:
        n_errors = report_change(problems, change, sys.stdout)
    return 1 if n_errors else 0


def report_change(problems: list[Diagnostic], change: ChangedLines, stream: TextIO) -> int:
    """Errors, then the warnings of what the change touches, then one line for the other warnings."""
    ordered = sorted(set(problems))
    errors = [problem for problem in ordered if problem.severity is Severity.ERROR]
    warnings = [problem for problem in ordered if problem.severity is Severity.WARNING]
    mine = [problem for problem in warnings if change.touches(problem.path, problem.line)]
    others = [problem for problem in warnings if problem not in mine]
    for problem in errors + mine:
        print(problem.format(), file=stream)
    if others:
        codes = Counter(problem.code for problem in others)
        listed = ", ".join(f"{code} ×{count}" for code, count in sorted(codes.items()))
        print(
            f"{len(others)} warning(s) in lines this change does not touch ({listed}); "
            "`python build_site.py check --all` lists them",
            file=stream,
        )
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)", file=stream)
    return len(errors)


def _project_relative(root: Path, path: str) -> str:
    absolute, root = Path(path).resolve(), root.resolve()
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else path


def _interrupt_on_terminate() -> None:
    """CI cancels a job with SIGTERM: raise KeyboardInterrupt so the staging folder is still removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def run_build(root: Path) -> int:
    try:
        problems = build(root)
    except BuildFailed as failure:
        report(failure.diagnostics, sys.stdout)
        print("Build stopped: site/ was not changed.", file=sys.stdout)
        return 1
    except KeyboardInterrupt:
        print("Build interrupted: site/ was not changed.", file=sys.stdout)
        return 130
    report(problems, sys.stdout)
    print(f"Built {root / 'site'}")
    return 0


def run_archive(root: Path, out: Path, tag: str | None) -> int:
    """The built site and its open data as a release's two zip archives (the release workflow's step)."""
    release = current_release(root)
    try:
        if tag is not None:
            check_tag(tag, release)
        paths = release_archives(root / "site", out if out.is_absolute() else root / out, release)
    except ArchiveError as failure:
        print(f"archive: {failure}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"Wrote {path}")
    return 0


def _snapshot(root: Path) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for name in WATCHED:
        target = root / name
        paths = [target] if target.is_file() else target.rglob("*") if target.is_dir() else []
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                stamps[str(path)] = path.stat().st_mtime
    return stamps


def run_serve(root: Path, port: int) -> int:
    """Serve site/ on localhost and rebuild whenever a case, reference or page changes."""
    run_build(root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/ — edit a case and reload the page; Ctrl+C stops.")
    seen = _snapshot(root)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(root)
            if now != seen:
                seen = now
                print("Change detected; rebuilding…")
                run_build(root)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
