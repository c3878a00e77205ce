"""The site's public identity (address, name, author, repository) as mkdocs.yml declares it, read once.

Stable URLs and the dataset's metadata need the public address before MkDocs runs, and
mkdocs.yml is its one home; MkDocs' own YAML loader reads it, so any tag MkDocs accepts works here.
The repository's address is `extra.repository`, not Material's `repo_url`: that one's header widget
asks the GitHub API for star counts from every page, a third-party request the atlas never makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils.yaml import yaml_load


@dataclass(frozen=True)
class SiteConfig:
    url: str = ""
    name: str = ""
    author: str = ""
    description: str = ""
    repository: str = ""  # extra.repository: the GitHub repository's address, for the issue-form links
    contact_email: str = ""  # extra.contact_email: only when the maintainers declare one

    def absolute(self, relative: str) -> str:
        """The public address of a path of the built site ("" when mkdocs.yml has no site_url)."""
        return f"{self.url}{relative}" if self.url else ""


def parse_site_config(text: str) -> SiteConfig:
    config = yaml_load(text) or {}
    extra = config.get("extra") or {}
    url = str(config.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(
        url=url,
        name=str(config.get("site_name") or ""),
        author=str(config.get("site_author") or ""),
        description=" ".join(str(config.get("site_description") or "").split()),
        repository=str(extra.get("repository") or "").rstrip("/"),
        contact_email=str(extra.get("contact_email") or ""),
    )
