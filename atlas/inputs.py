"""The first step: read every input of the project once, validate it, and hand one object to later stages.

Cases, references.bib, literature/, the Markdown of docs/ (and the citations in it),
CITATION.cff, the site settings of mkdocs.yml, CHANGELOG.md, the issue forms of
.github/ISSUE_TEMPLATE/ and the release date are read here: the pages, the site build and the
contribution tools receive them as an `Inputs`, and a command that needs a single input (the
submission form for `from-issue`) reads it with the same reader. Every problem of every input
is collected in one pass, compiler style.
(MkDocs still reads mkdocs.yml itself when it builds, as it must.)
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from atlas.cases.checks import (
    CaseContext,
    duplicate_id_problems,
    file_kind_problems,
    file_name_problems,
    raw_id_problems,
    run_case_rules,
    symlink_problems,
)
from atlas.cases.duplicates import duplicate_problems
from atlas.cases.instruments import METHODS_CITATIONS
from atlas.cases.load import LoadedFile, load_yaml_file
from atlas.cases.model import Case
from atlas.cases.validate import validate_case
from atlas.diagnostics import Diagnostic
from atlas.paths import (
    BIBLIOGRAPHY_FILE,
    CASES_DIR,
    CHANGELOG_FILE,
    CITATION_FILE,
    DOCS_DIR,
    FORMS_DIR,
    SITE_CONFIG_FILE,
)
from atlas.rules import rule
from atlas.sources.bibliography import Bibliography, load_bibliography, unused_references
from atlas.sources.changelog import changelog_problems
from atlas.sources.citable import SiteCitation, parse_site_citation
from atlas.sources.citations import CitationUse, citations_in_text, unknown_citations
from atlas.sources.issue_forms import IssueForm, parse_issue_form
from atlas.sources.literature import Leads, PublishedFigure, literature_keys, load_literature
from atlas.sources.release import Release, current_release
from atlas.sources.search import Search
from atlas.sources.siteconfig import SiteConfig, parse_site_config

LINK_FREE_INPUTS = (DOCS_DIR, BIBLIOGRAPHY_FILE, CITATION_FILE)


@dataclass
class Corpus:
    """The validated input: cases sorted by id, their files, the bibliography and the literature data."""

    root: Path
    cases: list[Case] = field(default_factory=list)
    files: dict[str, LoadedFile] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=lambda: Bibliography(BIBLIOGRAPHY_FILE))
    published: list[PublishedFigure] = field(default_factory=list)
    leads: Leads = field(default_factory=Leads)
    search: Search | None = None  # literature/search.yaml, for the Methods page
    search_citations: list[CitationUse] = field(default_factory=list)
    cited_by_failed_files: set[str] = field(default_factory=set)  # keys named by files that failed

    def cited_keys(self) -> set[str]:
        keys: set[str] = set()
        for case in self.cases:
            keys.add(case.source)
            keys.update(filter(None, [case.extracted_from, *(case.also_reported_in or [])]))
        keys |= {use.key for use in self.search_citations} | (self.search.keys() if self.search else set())
        return keys | literature_keys(self.published, self.leads) | set(METHODS_CITATIONS)


def case_paths(root: Path) -> list[Path]:
    """Every entry of cases/ but hidden ones: a misnamed file or a folder must be reported, not ignored."""
    folder = root / CASES_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def load_corpus(root: Path, latest_year: int | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """Cases, references.bib and the literature data; `latest_year` bounds a reference's year (E306)."""
    corpus = Corpus(root=root)
    corpus.bibliography, problems = load_bibliography(
        root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE, latest_year=latest_year
    )
    by_id: dict[str, list[LoadedFile]] = defaultdict(list)
    with _collector_paused():
        for path in case_paths(root):
            display = f"{CASES_DIR}/{path.name}"
            naming = file_kind_problems(path, display) or file_name_problems(path, display)
            if naming:
                problems.extend(naming)
                continue
            case, case_problems, loaded = load_case_file(path, display, corpus.bibliography)
            problems.extend(case_problems)
            if case is not None:
                by_id[case.id].append(loaded)
                corpus.files[case.id] = loaded
                corpus.cases.append(case)
            else:
                corpus.cited_by_failed_files |= keys_named_in(loaded.data)
    problems.extend(duplicate_id_problems(by_id))
    corpus.cases.sort(key=lambda c: c.id)
    problems.extend(duplicate_problems(corpus.cases, corpus.files))
    literature, literature_problems = load_literature(
        root, corpus.bibliography, {case.id: case.source for case in corpus.cases}
    )
    corpus.published, corpus.leads = literature.published, literature.leads
    corpus.search, corpus.search_citations = literature.search, literature.search_citations
    problems.extend(literature_problems)
    return corpus, problems


def keys_named_in(data: object) -> set[str]:
    """The references a case file names, read from its raw data (for a file that failed to load)."""
    if not isinstance(data, dict):
        return set()
    named = [data.get("source"), data.get("extracted_from")]
    also = data.get("also_reported_in")
    named += also if isinstance(also, list) else []
    return {key for key in named if isinstance(key, str)}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the corpus loads, then file what loaded as old.

    Loading keeps hundreds of thousands of small objects alive (values, models); the
    collector would rescan that growing heap over and over, which made up about 40% of
    validating 5,000 files. Loading creates no reference cycles, so reference counting
    alone frees what is dropped. Re-enabling the collector alone would leave every loaded
    object in the youngest generation, to be scanned twice more on its way to the oldest
    (a fifth of the remaining time); freezing and at once unfreezing moves them all to
    the oldest generation without a scan, where full collections still look at them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # never thaw what the program froze on purpose
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def load_case_file(
    path: Path, display: str, bibliography: Container[str]
) -> tuple[Case | None, list[Diagnostic], LoadedFile]:
    """A case file and every independent problem it has, in one run.

    A value the loader refuses (a duplicate key, a tag, a null) is reported and left out, and
    the rest of the file is still checked against the format; the id is compared with the file
    name even when the file fails the format. A case that the loader had to cut is not returned;
    one that breaks a cross-field rule is (its errors stop the build all the same).
    """
    loaded, problems = load_yaml_file(path, display)
    if not isinstance(loaded.data, dict):
        return None, problems, loaded
    written = frozenset(loaded.keys) if problems else frozenset()
    case, format_problems = validate_case(loaded, written=written)
    problems += format_problems
    if case is None:
        return None, problems + raw_id_problems(loaded), loaded
    cut = bool(problems)
    problems += run_case_rules(CaseContext(case, loaded, bibliography))
    return (None if cut else case), problems, loaded


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, read once; the pages, the site build and the tools receive this.

    Hand-made test corpora need only `corpus` and `release`; the rest defaults to "absent".
    """

    corpus: Corpus
    release: Release
    site: SiteConfig = SiteConfig()
    site_citation: SiteCitation | None = None
    docs: dict[str, str] = field(default_factory=dict)  # docs/ Markdown by path relative to docs/
    citation_uses: list[CitationUse] = field(default_factory=list)
    changelog: str | None = None
    issue_forms: dict[str, IssueForm] = field(default_factory=dict)  # by file name, e.g. "submit-case.yml"

    @property
    def root(self) -> Path:
        return self.corpus.root


def read_inputs(root: Path) -> tuple[Inputs, list[Diagnostic]]:
    """Read and check every input; the diagnostics are everything `build_site.py check` reports."""
    release = current_release(root)
    corpus, problems = load_corpus(root, release.latest_publication_year)
    problems += symlink_problems(root, LINK_FREE_INPUTS)
    docs = read_docs(root)
    uses = [use for path, text in docs.items() for use in citations_in_text(text, f"{DOCS_DIR}/{path}")]
    problems += unknown_citations(uses, corpus.bibliography)
    cited = corpus.cited_keys() | corpus.cited_by_failed_files | {use.key for use in uses}
    problems += unused_references(corpus.bibliography, cited)
    site_citation, citation_problems = parse_site_citation(_text_or_none(root / CITATION_FILE))
    problems += citation_problems
    site = parse_site_config((root / SITE_CONFIG_FILE).read_text(encoding="utf-8"))
    problems += repository_problems(site)
    forms, form_problems = read_issue_forms(root)
    problems += form_problems
    changelog = _text_or_none(root / CHANGELOG_FILE)
    problems += changelog_problems(changelog, release.version)
    inputs = Inputs(
        corpus=corpus,
        release=release,
        site=site,
        site_citation=site_citation,
        docs=docs,
        citation_uses=uses,
        changelog=changelog,
        issue_forms=forms,
    )
    return inputs, problems


def repository_problems(site: SiteConfig) -> list[Diagnostic]:
    """W602, once per build: without the repository's address the links to its issue forms are left out."""
    if site.repository:
        return []
    message = (
        'extra.repository is not set, so the site has no "Submit a published case", "I have this '
        'article" or "Suggest a correction" links; set it to the repository\'s address on GitHub'
    )
    return [rule("W602").at(SITE_CONFIG_FILE, 1, 1, message)]


def read_issue_forms(root: Path) -> tuple[dict[str, IssueForm], list[Diagnostic]]:
    """Every issue form of .github/ISSUE_TEMPLATE/, as atlas.sources.issue_forms models it."""
    folder = root / FORMS_DIR
    forms: dict[str, IssueForm] = {}
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        form, form_problems = parse_issue_form(path.name, path.read_text(encoding="utf-8"))
        problems += form_problems
        if form is not None:
            forms[path.name] = form
    return forms, problems


def read_docs(root: Path) -> dict[str, str]:
    """The Markdown pages of docs/, in path order (the order citations are reported in)."""
    folder = root / DOCS_DIR
    paths = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8") for path in paths}


def _text_or_none(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None
