"""The site's search index: Pagefind, run on the built pages after MkDocs, before the link check.

A reader who never searches downloads nothing of it: atlas-search.js fetches Pagefind's script,
its WebAssembly and the chunks of the index that a query needs only when the reader starts a
search (DESIGN.md, Search on demand). Pagefind reads what the theme marks `data-pagefind-body`
(every page but those whose front matter says `search: {exclude: true}`, atlas/site/overrides/main.html)
and leaves out every element marked `data-search-exclude` (reference lists, chart tables, what a
case does not report). Its binary comes in the `pagefind-bin` wheel, pinned in requirements.txt;
it runs offline and writes the same bytes for the same pages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from atlas.rules import rule

OUTPUT = "pagefind"
EXCLUDED = "[data-search-exclude], .headerlink"  # what a page leaves out; permalinks (¶)
# Pagefind also writes ready-made interfaces; the atlas uses Material's search box and Pagefind's
# JavaScript API only, so these are removed from the site.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def pagefind_binary() -> Path:
    from pagefind_bin import get_executable

    return Path(get_executable())


def index_site(site: Path) -> None:
    """Write the search index into site/pagefind/; raise SearchIndexError with Pagefind's message."""
    command = [
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-subdir",
        OUTPUT,
        "--exclude-selectors",
        EXCLUDED,
        "--silent",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError((done.stderr or done.stdout).strip() or f"exit status {done.returncode}")
    for name in UNUSED:
        (site / OUTPUT / name).unlink(missing_ok=True)


def index_problem(error: SearchIndexError) -> list:
    message = (
        f"building the search index failed: {error}. This is a fault of the build, not of a case "
        "file; please report it"
    )
    return [rule("E501").at("atlas/site/search_index.py", 1, 1, message)]
