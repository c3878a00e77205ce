"""The last step: validate everything, generate pages into a staging folder, run MkDocs, publish atomically.

Nothing reaches site/ unless every step succeeded: the site is built in a temporary
folder beside it and swapped in with renames, so a failed or interrupted build leaves
the previous site/ as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from atlas.bibliography import unused_references
from atlas.checks import symlink_problems
from atlas.citable import load_site_citation
from atlas.citations import citations_in_docs, unknown_citations
from atlas.cite import CitationError, cite_folder
from atlas.corpus import Corpus, load_corpus
from atlas.diagnostics import Diagnostic, error, errors_in
from atlas.release import current_release
from atlas.render import RenderContext, environment, render_pages, write_pages

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_TARGET = Path("assets") / "atlas"
LINK_FREE_INPUTS = ("docs", "references.bib")


class BuildFailed(Exception):
    """Raised with the diagnostics that stopped the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(errors_in(diagnostics))} error(s)")
        self.diagnostics = diagnostics


def check(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Everything `build_site.py check` reports: cases, references and citations in the docs."""
    corpus, problems = load_corpus(root)
    problems += symlink_problems(root, LINK_FREE_INPUTS)
    uses = citations_in_docs(root)
    problems += unknown_citations(uses, corpus.bibliography)
    used = corpus.cited_keys() | {use.key for use in uses}
    problems += unused_references(corpus.bibliography, used)
    problems += load_site_citation(root)[1]
    return corpus, problems


def build(root: Path, site_dir: Path | None = None) -> list[Diagnostic]:
    """Build the site into site_dir (default root/site); raise BuildFailed and leave it untouched on error."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    corpus, problems = check(root)
    if errors_in(problems):
        raise BuildFailed(problems)
    release = current_release(root)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".atlas-build-", dir=site_dir.parent) as tmp:
        staging = Path(tmp) / "docs"
        shutil.copytree(root / "docs", staging)
        cited = cite_folder(staging, corpus.bibliography, environment(), "docs")
        if errors_in(cited):
            raise BuildFailed(cited)
        shutil.copytree(ASSETS_DIR, staging / ASSETS_TARGET)
        try:
            write_pages(render_pages(RenderContext(corpus, release)), staging)
        except CitationError as failure:
            raise BuildFailed(failure.diagnostics) from failure
        built = Path(tmp) / "site"
        site_citation, _ = load_site_citation(root)
        extra = {"atlas_citation": site_citation.highwire(release)} if site_citation else {}
        _run_mkdocs(root, staging, built, release.epoch, extra)
        _swap_into_place(built, site_dir)
    return problems


def _run_mkdocs(root: Path, docs_dir: Path, site_dir: Path, epoch: int, extra: dict | None = None) -> None:
    """Build with MkDocs; `extra` is added to config.extra for the theme (e.g. citation metadata)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(
            config_file=str(root / "mkdocs.yml"),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            strict=True,
        )
        config.extra.update(extra or {})
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed([error("mkdocs.yml", 1, 1, "E501", f"MkDocs build failed: {exc}")]) from exc


def _swap_into_place(built: Path, site_dir: Path) -> None:
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)
