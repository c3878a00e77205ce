"""The engine's floor: a bare MkDocs Material site with as many plain pages as ours.

Our build is compared with this one to see what the atlas adds on top of what MkDocs
and Material cost anyway for the same number of pages. The floor follows the atlas's
navigation policy: only as many pages are in the nav as in ours (case pages are not),
because Material renders the whole nav into every page and that alone can dominate.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PAGE_TEXT = "A plain page of the bare MkDocs floor: one heading and one short paragraph.\n"


def floor_page_names(pages: int) -> list[str]:
    return ["index.md", *(f"page-{number:05d}.md" for number in range(1, pages))]


def write_floor_site(destination: Path, pages: int, nav_pages: int) -> Path:
    """Write docs/ and mkdocs.yml of a bare Material site with `pages` pages, `nav_pages` in the nav."""
    docs = destination / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    names = floor_page_names(max(pages, 1))
    for number, name in enumerate(names):
        (docs / name).write_text(f"# Page {number}\n\n{PAGE_TEXT}", encoding="utf-8")
    config = {
        "site_name": "Bare MkDocs floor",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "nav": names[: max(nav_pages, 1)],
        "validation": {"omitted_files": "info"},
    }
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return destination
