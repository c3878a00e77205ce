"""Load and validate everything the site is built from, collecting every problem at once."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from atlas.bibliography import Bibliography, load_bibliography
from atlas.checks import (
    CaseContext,
    duplicate_id_problems,
    file_kind_problems,
    file_name_problems,
    run_case_rules,
)
from atlas.diagnostics import Diagnostic
from atlas.duplicates import duplicate_problems
from atlas.literature import Leads, PublishedFigure, literature_keys, load_literature
from atlas.load import LoadedFile, load_yaml_file
from atlas.model import Case
from atlas.validate import validate_case

CASES_DIR = "cases"
BIBLIOGRAPHY_FILE = "references.bib"


@dataclass
class Corpus:
    """The validated input: cases sorted by id, their files, the bibliography and the literature data."""

    root: Path
    cases: list[Case] = field(default_factory=list)
    files: dict[str, LoadedFile] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=lambda: Bibliography(BIBLIOGRAPHY_FILE))
    published: list[PublishedFigure] = field(default_factory=list)
    leads: Leads = field(default_factory=Leads)

    def cited_keys(self) -> set[str]:
        keys: set[str] = set()
        for case in self.cases:
            keys.add(case.source)
            keys.update(filter(None, [case.extracted_from, *(case.also_reported_in or [])]))
        return keys | literature_keys(self.published, self.leads)


def case_paths(root: Path) -> list[Path]:
    """Every entry of cases/ but hidden ones: a misnamed file or a folder must be reported, not ignored."""
    folder = root / CASES_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def load_corpus(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    corpus = Corpus(root=root)
    corpus.bibliography, problems = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
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
    problems.extend(duplicate_id_problems(by_id))
    corpus.cases.sort(key=lambda c: c.id)
    problems.extend(duplicate_problems(corpus.cases, corpus.files))
    literature, literature_problems = load_literature(
        root, corpus.bibliography, {case.id: case.source for case in corpus.cases}
    )
    corpus.published, corpus.leads = literature.published, literature.leads
    problems.extend(literature_problems)
    return corpus, problems


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
    path: Path, display: str, bibliography: Bibliography
) -> tuple[Case | None, list[Diagnostic], LoadedFile]:
    loaded, problems = load_yaml_file(path, display)
    if problems:
        return None, problems, loaded
    case, problems = validate_case(loaded)
    if case is None:
        return None, problems, loaded
    return case, run_case_rules(CaseContext(case, loaded, bibliography)), loaded
