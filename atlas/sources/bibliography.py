"""references.bib: parsing (bibtexparser v2) and the checks every entry must pass.

Entries whose details could not be verified carry an `unverified` field listing
what is missing; the site then shows them as incomplete citations to be completed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, MiddlewareErrorBlock

from atlas.cases.model import BIB_KEY_PATTERN
from atlas.diagnostics import Diagnostic, non_ascii_hint
from atlas.rules import Checks, rule

# Old (SICI) DOIs hold < > ; ( ) so those stay allowed; quotes, backslashes and spaces never occur.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[^\s\"'\\]+$")
DOI_URL_PATTERN = re.compile(r"^https?://(dx\.)?doi\.org/(?P<doi>.+)$", re.IGNORECASE)
DOI_LINK_SAFE = "/:;()._-@!$&'*+,=~"
KEY_PATTERN = re.compile(BIB_KEY_PATTERN)
BARE_PERCENT = re.compile(r"(?<!\\)%")
# What LaTeX would change in a value: commands, groups, math, special characters, dashes, quotes and
# spaces that it collapses. A value with none of these is its own text; only the rest are decoded.
LATEX_MARKUP = re.compile(r"[\\{}$~%^_&#]|--|``|''|\s\s|[\t\n]")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
FIRST_YEAR = 1900


@dataclass(frozen=True)
class Reference:
    key: str
    entry_type: str
    fields: dict[str, str]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        return self.fields.get(name)

    @property
    def unverified(self) -> list[str]:
        return [part.strip() for part in self.fields.get("unverified", "").split(",") if part.strip()]

    @property
    def is_incomplete(self) -> bool:
        return bool(self.unverified)

    @property
    def context(self) -> str | None:
        """The related population of a context source (`context` field), None for a renal vein source."""
        return self.fields.get("context") or None

    @property
    def year(self) -> int | None:
        value = self.fields.get("year", "")
        return int(value) if YEAR_PATTERN.match(value) else None

    @property
    def authors(self) -> list[str]:
        value = self.fields.get("author", "")
        return [name.strip() for name in re.split(r"\s+and\s+", value) if name.strip()]

    @property
    def first_author_surname(self) -> str | None:
        if not self.authors:
            return None
        return self.authors[0].split(",")[0].strip()


@dataclass
class Bibliography:
    path: str
    references: dict[str, Reference] = field(default_factory=dict)

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def __getitem__(self, key: str) -> Reference:
        return self.references[key]


def doi_url(doi: str) -> str:
    """The resolver link of a DOI, percent-encoding what a URL cannot carry (old DOIs hold < > #)."""
    return "https://doi.org/" + quote(doi, safe=DOI_LINK_SAFE)


class _LatexToText(middlewares.LatexDecodingMiddleware):
    """LaTeX to plain text, except that a bare % is a percent sign, not the start of a comment.

    LaTeX would drop everything after it, turning "in 50% of cases" into "in 50".
    """

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if not LATEX_MARKUP.search(python_string):
            return python_string, ""  # most values: decoding them was a fifth of reading the file
        return super()._transform_python_value_string(BARE_PERCENT.sub(r"\\%", python_string))


def load_bibliography(
    path: Path, display: str = "references.bib", *, latest_year: int | None = None
) -> tuple[Bibliography, list[Diagnostic]]:
    """The entries and every problem of the file; `latest_year` bounds the year of publication (E306)."""
    bibliography = Bibliography(path=display)
    if not path.exists():
        return bibliography, [rule("E301").at(display, 1, 1, "references.bib is missing")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return bibliography, [rule("E301").at(display, 1, 1, "references.bib is not UTF-8")]
    library = bibtexparser.parse_string(text, append_middleware=[_LatexToText()])
    problems = [_failed_block_problem(block, display) for block in library.failed_blocks]
    problems += _stray_text_problems(library, display)
    for entry in library.entries:
        reference = Reference(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields={f.key.lower(): _clean(str(f.value)) for f in entry.fields},
            line=entry.start_line + 1,
            field_lines={f.key.lower(): (f.start_line or entry.start_line) + 1 for f in entry.fields},
        )
        bibliography.references[reference.key] = reference
        problems.extend(check_reference(reference, display, latest_year))
    return bibliography, problems


def _failed_block_problem(block: bibtexparser.model.ParsingFailedBlock, display: str) -> Diagnostic:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return rule("E302").at(display, line, 1, f"entry key '{block.key}' is used twice")
    entry = block.ignore_error_block
    key = getattr(entry, "key", "?")
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        message = f"entry '{key}' gives the field {fields} twice; keep one"
    elif isinstance(block, MiddlewareErrorBlock):
        message = f"entry '{key}' holds LaTeX that cannot be read as text; write its fields as plain text"
    else:
        message = "this entry cannot be parsed as BibTeX; check its braces and commas"
    return rule("E301").at(display, line, 1, message)


def _stray_text_problems(library: bibtexparser.Library, display: str) -> list[Diagnostic]:
    """Text between entries is usually the tail of an entry that a stray closing brace ended early."""
    failed_lines = {block.start_line for block in library.failed_blocks}
    problems = []
    for block in library.comments:
        if not isinstance(block, bibtexparser.model.ImplicitComment) or block.start_line in failed_lines:
            continue
        text = "\n".join(line for line in block.comment.splitlines() if not line.lstrip().startswith("%"))
        if text.strip():
            message = (
                "text outside any entry (comments are lines starting with %); if it belongs to the "
                "entry above, a closing brace ended that entry too early"
            )
            problems.append(rule("E301").at(display, (block.start_line or 0) + 1, 1, message))
    return problems


def _clean(value: str) -> str:
    """Drop the braces BibTeX uses to protect capitals; they are markup, not text."""
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


@dataclass(frozen=True)
class EntryContext:
    reference: Reference
    latest_year: int | None  # the latest year of publication accepted; None: no upper bound is known


# A problem of an entry: the field whose line it is reported at (None: the entry's first line), its message.
EntryFinding = tuple[str | None, str]
ENTRY_CHECKS: Checks[EntryContext, str | None] = Checks()


def check_reference(reference: Reference, display: str, latest_year: int | None = None) -> list[Diagnostic]:
    """Each entry must be identifiable and its identifiers well formed: every registered rule, in order."""
    problems = []
    for declared, name, message in ENTRY_CHECKS.findings(EntryContext(reference, latest_year)):
        line = reference.field_lines.get(name, reference.line) if name else reference.line
        problems.append(declared.at(display, line, 1, message))
    return problems


@ENTRY_CHECKS.rule("E308")
def key_is_plain(entry: EntryContext) -> Iterator[EntryFinding]:
    key = entry.reference.key
    if not KEY_PATTERN.match(key):
        message = f"entry key {key!r} must start with a letter and hold only ASCII letters, digits and _:.-"
        yield None, f"{message}, e.g. smith2019{non_ascii_hint(key)}"


@ENTRY_CHECKS.rule("E310")
def no_field_empty(entry: EntryContext) -> Iterator[EntryFinding]:
    for name, value in sorted(entry.reference.fields.items()):
        if not value:
            message = f"{name} of '{entry.reference.key}' is empty once its LaTeX commands are read; "
            yield name, message + "write it as plain text"


@ENTRY_CHECKS.rule("E303")
def identifiable(entry: EntryContext) -> Iterator[EntryFinding]:
    reference = entry.reference
    # An article whose author and title are not yet verified is still found by its journal and address.
    found_by_place = reference.get("journal") and reference.get("url")
    if not reference.get("author") and not reference.get("title") and not found_by_place:
        yield None, f"entry '{reference.key}' needs at least an author or a title (or a journal and a url)"


@ENTRY_CHECKS.rule("E304")
def doi_is_bare(entry: EntryContext) -> Iterator[EntryFinding]:
    doi = entry.reference.get("doi")
    if doi is not None and not DOI_PATTERN.match(doi):
        key = entry.reference.key
        yield "doi", f"doi of '{key}' must be a bare DOI such as 10.1515/raon-2016-0051 (got {doi!r})"


@ENTRY_CHECKS.rule("E305")
def url_is_web_address(entry: EntryContext) -> Iterator[EntryFinding]:
    url = entry.reference.get("url")
    if url is not None and not URL_PATTERN.match(url):
        yield "url", f"url of '{entry.reference.key}' must start with https:// or http:// (got {url!r})"


@ENTRY_CHECKS.rule("E309")
def url_and_doi_agree(entry: EntryContext) -> Iterator[EntryFinding]:
    doi = entry.reference.get("doi")
    linked = DOI_URL_PATTERN.match(entry.reference.get("url") or "")
    linked_doi = unquote(linked.group("doi")) if linked else None
    if doi is not None and linked_doi is not None and linked_doi.lower() != doi.lower():
        message = f"url of '{entry.reference.key}' links DOI {linked_doi!r} but its doi is {doi!r}; "
        yield "url", message + "they must name the same article"


@ENTRY_CHECKS.rule("E306")
def year_is_a_year(entry: EntryContext) -> Iterator[EntryFinding]:
    year = entry.reference.get("year")
    if year is None:
        return
    latest = entry.latest_year
    if YEAR_PATTERN.match(year) and FIRST_YEAR <= int(year) <= (latest or int(year)):
        return
    span = f"from {FIRST_YEAR} to {latest}" if latest else f"from {FIRST_YEAR} on"
    yield "year", f"year of '{entry.reference.key}' must be a year {span} (got {year!r})"


@ENTRY_CHECKS.rule("E307")
def pmid_is_digits(entry: EntryContext) -> Iterator[EntryFinding]:
    pmid = entry.reference.get("pmid")
    if pmid is not None and not PMID_PATTERN.match(pmid):
        yield "pmid", f"pmid of '{entry.reference.key}' must be digits only (got {pmid!r})"


@ENTRY_CHECKS.rule("E311")
def context_with_scope(entry: EntryContext) -> Iterator[EntryFinding]:
    reference = entry.reference
    if (reference.get("context") is None) != (reference.get("scope") is None):
        given, missing = ("context", "scope") if reference.get("context") else ("scope", "context")
        message = f"entry '{reference.key}' gives {given} but no {missing}: a context source names both the "
        yield given, message + "related population it describes (context) and its design and size (scope)"


@ENTRY_CHECKS.rule("W302")
def verified(entry: EntryContext) -> Iterator[EntryFinding]:
    reference = entry.reference
    if reference.is_incomplete:
        unverified = ", ".join(reference.unverified)
        yield None, f"citation '{reference.key}' is incomplete: {unverified} not verified"


def unused_references(bibliography: Bibliography, used: set[str]) -> list[Diagnostic]:
    uncited = rule("W301")
    return [
        uncited.at(bibliography.path, reference.line, 1, f"entry '{key}' is not cited by any case or page")
        for key, reference in sorted(bibliography.references.items())
        if key not in used
    ]
