"""Problems found in the input, reported like a compiler: file, line, column, code, message.

Every step appends to a list of diagnostics instead of raising, so a contributor
sees all the problems of all files in one run. Diagnostics are made by the rules of the
catalogue (atlas/rules.py), which declares every code.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def github_annotation(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column},title={self.code}::{message}"


def non_ascii_hint(value: str) -> str:
    """Name the first non-ASCII character of an identifier: a Cyrillic 'а' looks exactly like a Latin 'a'."""
    for char in value:
        if not char.isascii():
            name = unicodedata.name(char, "unnamed character")
            return f"; it contains {char!r} (U+{ord(char):04X} {name}): type it again in plain ASCII"
    return ""


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def report(diagnostics: Iterable[Diagnostic], stream) -> tuple[int, int]:
    """Print every diagnostic in file/line order, then a count; GitHub annotations under Actions."""
    ordered = sorted(set(diagnostics))
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for diagnostic in ordered:
        print(diagnostic.format(), file=stream)
        if on_github:
            print(diagnostic.github_annotation(), file=stream)
    n_errors = sum(d.severity is Severity.ERROR for d in ordered)
    n_warnings = len(ordered) - n_errors
    print(f"{n_errors} error(s), {n_warnings} warning(s)", file=stream)
    return n_errors, n_warnings
