"""The site's search index as a reader's browser receives it: Pagefind's fragments, one per page.

Each fragment (site/pagefind/fragment/*.pf_fragment) is gzip of a signature and the page's JSON:
its address, title and every word that search can find on it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def search_fragments(site: Path) -> dict[str, dict]:
    """Every indexed page, by its address relative to the site root ('' is home)."""
    pages = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        fragment = json.loads(data[len(SIGNATURE) :])
        pages[fragment["url"].lstrip("/")] = fragment
    return pages
