"""The site's public identity (address, name, author) as mkdocs.yml declares it, read once for generators.

Stable URLs and the dataset's metadata need the public address before MkDocs runs, and
mkdocs.yml is its one home; MkDocs' own YAML loader reads it, so any tag MkDocs accepts works here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.yaml import yaml_load


@dataclass(frozen=True)
class SiteConfig:
    url: str = ""
    name: str = ""
    author: str = ""
    description: str = ""

    def absolute(self, relative: str) -> str:
        """The public address of a path of the built site ("" when mkdocs.yml has no site_url)."""
        return f"{self.url}{relative}" if self.url else ""


def site_config(root: Path) -> SiteConfig:
    """The settings of a project folder's mkdocs.yml (the build gets them from atlas.inputs, read once)."""
    return parse_site_config((root / "mkdocs.yml").read_text(encoding="utf-8"))


def parse_site_config(text: str) -> SiteConfig:
    config = yaml_load(text) or {}
    url = str(config.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(
        url=url,
        name=str(config.get("site_name") or ""),
        author=str(config.get("site_author") or ""),
        description=" ".join(str(config.get("site_description") or "").split()),
    )
