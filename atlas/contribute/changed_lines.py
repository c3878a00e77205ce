"""Which lines of which files a contributor's change touches: the working tree against the last commit.

`check` prints every error, but a contributor who adds one case wants the warnings of that case, not
the dozens that other people's citations already carry. What the change touches is read from git:
the lines `git diff HEAD` adds or changes, and every line of a file git does not track yet. Outside
a git checkout, or without git, nothing is known and `check` lists everything.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_FILE = re.compile(r"^\+\+\+ b/(.+)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    lines: dict[str, set[int]] = field(default_factory=dict)  # file → the lines the change adds or alters
    whole: frozenset[str] = frozenset()  # new files: every line is the change's

    def touches(self, path: str, line: int) -> bool:
        return path in self.whole or line in self.lines.get(path, set())


def changed_lines(root: Path) -> ChangedLines | None:
    """The change in the working tree of `root` (None: not a git checkout with a commit, or no git)."""
    diff = _git(root, "diff", "--no-color", "--no-ext-diff", "-U0", "HEAD", "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    if diff is None or untracked is None:
        return None
    return ChangedLines(_added_lines(diff), frozenset(line for line in untracked.splitlines() if line))


def _added_lines(diff: str) -> dict[str, set[int]]:
    lines: dict[str, set[int]] = {}
    current: set[int] | None = None
    for text in diff.splitlines():
        if match := _FILE.match(text):
            current = lines.setdefault(match.group(1), set())
        elif (match := _HUNK.match(text)) and current is not None:
            start, count = int(match.group(1)), int(match.group(2) or 1)
            current.update(range(start, start + count))
    return lines


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None
