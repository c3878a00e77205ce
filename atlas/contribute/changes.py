"""What a pull request changes in the atlas: cases added, changed and removed, and how the
headline counts move ("patients 11 → 12; women 10 → 11"), for the CI job summary.

The comparison is a pure function of two lists of cases; reading the base commit's cases
(with `git archive` into a temporary folder) is the only I/O, kept at the edge.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from atlas.cases.model import Case
from atlas.cases.wording import SEX, SIDE, SURGERY
from atlas.diagnostics import errors_in
from atlas.evidence import stats
from atlas.inputs import case_paths, load_corpus
from atlas.paths import BIBLIOGRAPHY_FILE, CASES_DIR


class BaseNotFound(Exception):
    """The base commit cannot be read (not fetched, or not a commit)."""


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class CountMove:
    label: str
    before: int
    after: int

    @property
    def moved(self) -> bool:
        return self.before != self.after


@dataclass
class AtlasChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)
    counts: list[CountMove] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @property
    def moved_counts(self) -> list[CountMove]:
        return [move for move in self.counts if move.moved]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.invalid)


def headline_counts(cases: Sequence[Case]) -> dict[str, int]:
    """The counts a reader sees first, each with its "not reported" so denominators stay visible.

    Each category reads as the wording table counts it ("patients 11 → 12; women 10 → 11")."""
    counts = {"patients": len(cases)}
    for tally, labels in ((stats.sex(cases), SEX.count), (stats.side(cases), SIDE.count)):
        for category, label in labels.items():
            counts[label] = tally.counts.get(category, 0)
        counts[f"{tally.variable} not reported"] = tally.not_reported
    surgery = stats.surgery(cases)
    for category, count in surgery.counts.items():
        counts[SURGERY.count[category]] = count
    counts["surgery not reported"] = surgery.not_reported
    return counts


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{'a': {'b': 1}, 'c': [..]} → {'a.b': 1, 'c': [..]}: one entry per field, lists kept whole."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): value}


def field_changes(before: Case, after: Case) -> list[FieldChange]:
    old = flatten(before.model_dump(mode="json", exclude_none=True))
    new = flatten(after.model_dump(mode="json", exclude_none=True))
    return [
        FieldChange(path, old.get(path), new.get(path))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    ]


def compare(
    base: Sequence[Case], head: Sequence[Case], head_files: Sequence[str] = (), invalid: Sequence[str] = ()
) -> AtlasChange:
    """What changed from base to head. Files still present in head but failing validation are
    reported as invalid, not as removed (their errors are shown by `check`)."""
    old = {case.id: case for case in base}
    new = {case.id: case for case in head}
    present = set(new) | set(head_files)
    change = AtlasChange(
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - present),
        invalid=sorted(invalid),
    )
    for case_id in sorted(set(old) & set(new)):
        differences = field_changes(old[case_id], new[case_id])
        if differences:
            change.changed[case_id] = differences
    before, after = headline_counts(base), headline_counts(head)
    change.counts = [CountMove(label, before.get(label, 0), after.get(label, 0)) for label in after]
    return change


def shown(value: Any) -> str:
    if value is None:
        return "not reported"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def summary_markdown(change: AtlasChange) -> str:
    env = Environment(
        loader=PackageLoader("atlas.contribute", "templates"),
        autoescape=True,  # the summary is rendered by GitHub as Markdown with HTML: escape contributor text
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["shown"] = shown
    return env.get_template("changes_summary.md.j2").render(change=change)


# ---- the edge: reading the base commit ---------------------------------------------------------


def export_base(root: Path, ref: str, destination: Path) -> None:
    """Write the base commit's cases/ and references.bib into destination (no checkout needed)."""
    listing = _git(root, "ls-tree", "--name-only", ref, "--", CASES_DIR, BIBLIOGRAPHY_FILE)
    names = [name for name in listing.decode().splitlines() if name]
    destination.mkdir(parents=True, exist_ok=True)
    (destination / CASES_DIR).mkdir(exist_ok=True)
    if not names:
        return
    archive = _git(root, "archive", "--format=tar", ref, "--", *names)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")


def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True, timeout=60)
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode(errors="replace").strip()
        raise BaseNotFound(f"git {' '.join(args[:2])} failed: {message}") from exc
    except OSError as exc:
        raise BaseNotFound(f"git is not available: {exc}") from exc
    return result.stdout


def changes_since(root: Path, ref: str) -> AtlasChange:
    with tempfile.TemporaryDirectory(prefix="atlas-base-") as tmp:
        export_base(root, ref, Path(tmp))
        base, _ = load_corpus(Path(tmp))
    head, problems = load_corpus(root)
    files = [path.stem for path in case_paths(root)]
    failing_paths = {d.path for d in errors_in(problems) if d.path.startswith(f"{CASES_DIR}/")}
    invalid = sorted({Path(path).stem for path in failing_paths} - {case.id for case in head.cases})
    return compare(base.cases, head.cases, files, invalid)
