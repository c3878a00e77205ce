"""Citation keys in the review's Markdown, written as [@key] or [@key1; @key2]."""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlas.cases.model import BIB_KEY_PATTERN
from atlas.diagnostics import Diagnostic
from atlas.rules import rule
from atlas.sources.bibliography import Bibliography

_KEY = BIB_KEY_PATTERN.removeprefix("^").removesuffix("$")  # a references.bib key, inside a longer text
CITATION_PATTERN = re.compile(rf"\[(@{_KEY}(?:\s*;\s*@{_KEY})*)\]")
KEY_PATTERN = re.compile(rf"@({_KEY})")


@dataclass(frozen=True)
class CitationUse:
    path: str
    line: int
    column: int
    key: str


FENCE_PATTERN = re.compile(r"^\s*(```|~~~)")
CODE_SPAN_PATTERN = re.compile(r"(`+)(.+?)\1")


def prose_lines(text: str) -> list[str]:
    """Markdown lines with code blanked out (lengths kept), so `[@key]` shown as code is not a citation."""
    lines = []
    fenced = False
    for line in text.splitlines():
        if FENCE_PATTERN.match(line):
            fenced = not fenced
            lines.append(" " * len(line))
        elif fenced:
            lines.append(" " * len(line))
        else:
            lines.append(CODE_SPAN_PATTERN.sub(lambda m: " " * len(m.group(0)), line))
    return lines


def citation_matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """Every [@key; ...] outside code, with its 0-based line index; columns match the original text."""
    return [
        (index, match)
        for index, line in enumerate(prose_lines(text))
        for match in CITATION_PATTERN.finditer(line)
    ]


def keys_of(match: re.Match[str]) -> list[str]:
    return [key.group(1) for key in KEY_PATTERN.finditer(match.group(1))]


def citations_in_text(text: str, display: str) -> list[CitationUse]:
    return [
        CitationUse(display, index + 1, match.start() + 1, key)
        for index, match in citation_matches(text)
        for key in keys_of(match)
    ]


def unknown_citations(uses: list[CitationUse], bibliography: Bibliography) -> list[Diagnostic]:
    unknown = rule("E401")
    return [
        unknown.at(
            use.path, use.line, use.column, f"citation key '{use.key}' is not an entry of references.bib"
        )
        for use in uses
        if use.key not in bibliography
    ]
