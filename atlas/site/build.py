"""The last step: validate everything, generate pages into a staging folder, run MkDocs, publish atomically.

Nothing reaches site/ unless every step succeeded, the links of the built HTML included:
the site is built in a temporary folder beside it and swapped in with renames
(atlas/site/publish.py), so a failed or interrupted build leaves the previous site/ as it was.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from atlas.diagnostics import Diagnostic, errors_in
from atlas.inputs import Inputs, read_inputs
from atlas.pages.case_page import RowWithLinkError
from atlas.pages.environment import Pages
from atlas.pages.html_page import PrerenderedPage
from atlas.pages.render import docs_pages, render_pages, render_prerendered_pages, write_pages
from atlas.paths import DOCS_DIR
from atlas.rules import rule
from atlas.site.build_cache import CompiledThemeTemplates, kept_between_builds
from atlas.site.generated_files import GeneratedFiles
from atlas.site.islands import Islands
from atlas.site.linkcheck import PageCollector, check_site
from atlas.site.page_links import PageLinks
from atlas.site.prerendered import PrerenderedPages, PrerenderError
from atlas.site.publish import exclusive_build, publish, staging_folder
from atlas.site.search_index import ShortEntries, skip_material_work_on_excluded_pages
from atlas.site.search_keywords import SearchKeywords
from atlas.sources.cite import CitationError

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_TARGET = Path("assets") / "atlas"


class BuildFailed(Exception):
    """Raised with the diagnostics that stopped the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(errors_in(diagnostics))} error(s)")
        self.diagnostics = diagnostics


def check(root: Path) -> tuple[Inputs, list[Diagnostic]]:
    """Everything `build_site.py check` reports: every input, read once (atlas.inputs)."""
    return read_inputs(root)


def build(root: Path, site_dir: Path | None = None) -> list[Diagnostic]:
    """Build the site into site_dir (default root/site); raise BuildFailed and leave it untouched on error."""
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    with exclusive_build(site_dir), _fewer_collections():
        inputs, problems = read_inputs(root)
        if errors_in(problems):
            raise BuildFailed(problems)
        with staging_folder(site_dir) as tmp, kept_between_builds(root) as kept:
            staging = tmp / "docs"
            _stage_docs(inputs, staging)
            shutil.copytree(ASSETS_DIR, staging / ASSETS_TARGET)
            islands = Islands()
            generated, case_pages = _generate(inputs, islands, staging)
            built = tmp / "site"
            citation = inputs.site_citation
            extra = {"atlas_citation": citation.highwire(inputs.release)} if citation else {}
            extra["atlas_release"] = {
                "version": inputs.release.version,
                "date": inputs.release.date.isoformat(),
            }
            collector = PageCollector(kept.regions)
            plugins = {
                "atlas/generated": GeneratedFiles(generated),
                "atlas/prerendered": PrerenderedPages(case_pages),
                "atlas/islands": islands,
                "atlas/page-links": PageLinks(),
                "atlas/search-keywords": SearchKeywords(),
                "atlas/search-entries": ShortEntries(case_pages),
                "atlas/links": collector,
                "atlas/compiled-templates": CompiledThemeTemplates(kept.templates),
            }
            site_url = _run_mkdocs(root, staging, built, inputs.release.epoch, extra, plugins)
            link_problems = check_site(built, site_url, collector)
            if link_problems:
                raise BuildFailed(problems + link_problems)
            publish(built, site_dir)
    return problems


def _stage_docs(inputs: Inputs, staging: Path) -> None:
    """docs/ into the staging folder: Markdown as read by atlas.inputs, with its citations numbered.

    Other files (images, stylesheets) are copied as they are; Markdown is never read again.
    """
    shutil.copytree(inputs.root / DOCS_DIR, staging, ignore=_markdown_files)
    pages, problems = docs_pages(inputs)
    if errors_in(problems):
        raise BuildFailed(problems)
    write_pages(pages, staging)


def _markdown_files(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name.endswith(".md") and not (Path(folder) / name).is_dir()]


def _generate(inputs: Inputs, islands: Islands, staging: Path) -> tuple[Pages, list[PrerenderedPage]]:
    """The generated pages and files (by path), and the pages made as HTML; none may replace a file
    of docs/ (already copied into `staging`)."""
    try:
        pages = render_pages(inputs, islands.keep)
        case_pages = render_prerendered_pages(inputs)
    except CitationError as failure:
        raise BuildFailed(failure.diagnostics) from failure
    except RowWithLinkError as fault:
        message = (
            "a case page's summary table holds a link or an anchor, which the link check would not "
            "read. This is a fault of the page templates, not of a case file; please report it"
        )
        raise BuildFailed(
            [rule("E501").at("atlas/pages/templates/case_row.html.j2", 1, 1, message)]
        ) from fault
    conflicts = page_conflicts({*pages, *(page.src_uri for page in case_pages)}, staging)
    if conflicts:
        raise BuildFailed(conflicts)
    return pages, case_pages


def page_conflicts(generated: set[str], staging: Path) -> list[Diagnostic]:
    """E507: a file of docs/ (copied into `staging`) that has the name of a page the build makes."""
    message = (
        "the build makes this page itself, from the case files; a file of the same name in docs/ "
        "would take its place. Remove the file or give it another name."
    )
    taken = sorted(relative for relative in generated if (staging / relative).exists())
    return [rule("E507").at(f"docs/{relative}", 1, 1, message) for relative in taken]


def _run_mkdocs(
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    epoch: int,
    extra: dict | None = None,
    plugins: dict[str, BasePlugin] | None = None,
) -> str:
    """Build with MkDocs strict; `extra` is added to config.extra for the theme (e.g. citation metadata).

    `plugins` are added to the configured ones: the generated pages and files (GeneratedFiles), the
    case pages made as HTML (PrerenderedPages),
    generated HTML kept from Markdown (Islands), the `.md` links of raw HTML made addresses
    (PageLinks), the pages' keywords for the search (SearchKeywords) and the pages read for the
    link check (PageCollector). They carry data between the build and MkDocs; no logic lives in
    mkdocs.yml.

    Returns the configured site_url, which the link checker needs.
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        with _source_date_epoch(epoch):
            config = load_config(
                config_file=str(root / "mkdocs.yml"),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                strict=True,
            )
            config.extra.update(extra or {})
            for name, plugin in (plugins or {}).items():
                config.plugins[name] = plugin
            skip_material_work_on_excluded_pages(config)
            mkdocs_build(config)
    except PrerenderError as exc:
        message = (
            f"placing the case pages into the site's layout failed: {exc}. "
            "This is a fault of the build, not of a case file; please report it"
        )
        raise BuildFailed([rule("E501").at("atlas/site/prerendered.py", 1, 1, message)]) from exc
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed([rule("E501").at("mkdocs.yml", 1, 1, f"MkDocs build failed: {exc}")]) from exc
    return config.site_url or ""


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often during the build, then as before.

    A build allocates millions of short-lived objects (pages, tokens, parsed regions) and keeps
    the corpus alive throughout: at the default thresholds the collector ran some 2,200 times in
    a 5,000-case build, rescanning what could not be garbage, for 5-10% of the build's time.
    Collected now and then, the peak memory of that build grew by about 6 MB (of 380).
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """MkDocs dates the sitemap from SOURCE_DATE_EPOCH; set it for the run only, then restore it."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
