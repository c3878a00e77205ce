"""Citation keys in the review's Markdown, written as [@key] or [@key1; @key2]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from atlas.bibliography import Bibliography
from atlas.diagnostics import Diagnostic, error

CITATION_PATTERN = re.compile(r"\[(@[A-Za-z][A-Za-z0-9_:.-]*(?:\s*;\s*@[A-Za-z][A-Za-z0-9_:.-]*)*)\]")
KEY_PATTERN = re.compile(r"@([A-Za-z][A-Za-z0-9_:.-]*)")


@dataclass(frozen=True)
class CitationUse:
    path: str
    line: int
    column: int
    key: str


def citations_in_text(text: str, display: str) -> list[CitationUse]:
    uses = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in CITATION_PATTERN.finditer(line):
            for key in KEY_PATTERN.finditer(match.group(1)):
                uses.append(CitationUse(display, line_number, match.start() + 1, key.group(1)))
    return uses


def citations_in_docs(root: Path, docs_dir: str = "docs") -> list[CitationUse]:
    uses = []
    for path in sorted((root / docs_dir).rglob("*.md")):
        display = path.relative_to(root).as_posix()
        uses.extend(citations_in_text(path.read_text(encoding="utf-8"), display))
    return uses


def unknown_citations(uses: list[CitationUse], bibliography: Bibliography) -> list[Diagnostic]:
    return [
        error(
            use.path,
            use.line,
            use.column,
            "E401",
            f"citation key '{use.key}' is not an entry of references.bib",
        )
        for use in uses
        if use.key not in bibliography
    ]
