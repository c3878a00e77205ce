"""How the atlas itself is cited: CITATION.cff is the one source of its title, authors and licence.

The "How to cite" page, the Highwire Press `citation_*` meta tags of every page (read by
reference managers and Google Scholar) and the recommended citation all derive from
CITATION.cff, so a citation cannot say one thing on the site and another in the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import bibtexparser
import yaml

from atlas.diagnostics import Diagnostic
from atlas.paths import CITATION_FILE
from atlas.rules import rule
from atlas.sources.release import Release


@dataclass(frozen=True)
class SiteCitation:
    title: str
    authors: list[str]
    version: str
    url: str
    license: str
    doi: str | None = None

    def highwire(self, release: Release) -> dict[str, Any]:
        """Values for the meta tags in atlas/site/overrides/main.html (put in MkDocs' config.extra)."""
        return {
            "authors": self.authors,
            "date": release.date.strftime("%Y/%m/%d"),
            "doi": self.doi,
        }

    def csl_item(self, release: Release) -> dict[str, Any]:
        item = {
            "id": "atlas",
            "type": "webpage",
            "author": [{"literal": name} for name in self.authors],
            "title": f"{self.title}, version {release.version}",
            "issued": {"date-parts": [[release.date.year, release.date.month, release.date.day]]},
            "URL": self.url,
        }
        return item | ({"DOI": self.doi} if self.doi else {})


def author_name(author: dict[str, Any]) -> str | None:
    """A CFF person as 'Family, Given' (Highwire's form); an entity by its name."""
    if author.get("name"):
        return str(author["name"])
    family = " ".join(str(author[k]) for k in ("name-particle", "family-names") if author.get(k))
    if not family:
        return None
    return f"{family}, {author['given-names']}" if author.get("given-names") else family


def parse_site_citation(text: str | None) -> tuple[SiteCitation | None, list[Diagnostic]]:
    """The atlas's citation from the text of CITATION.cff (None: the file is missing)."""
    if text is None:
        return None, [_problem("CITATION.cff is missing: the site cannot say how to cite it")]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, [_problem(f"CITATION.cff cannot be read as YAML: {exc}")]
    if not isinstance(data, dict):
        return None, [_problem("CITATION.cff must be a YAML mapping")]
    authors = [name for name in map(author_name, data.get("authors") or []) if name]
    missing = [name for name in ("title", "version", "url", "license") if not data.get(name)]
    if not authors:
        missing.append("authors")
    if missing:
        message = f"CITATION.cff needs {', '.join(missing)} (the How to cite page and page metadata use them)"
        return None, [_problem(message)]
    citation = SiteCitation(
        title=str(data["title"]),
        authors=authors,
        version=str(data["version"]),
        url=str(data["url"]),
        license=str(data["license"]),
        doi=str(data["doi"]) if data.get("doi") else None,
    )
    return citation, []


def _problem(message: str) -> Diagnostic:
    return rule("E606").at(CITATION_FILE, 1, 1, message)


def atlas_bibtex(citation: SiteCitation, release: Release) -> str:
    """The atlas as a BibTeX entry written by bibtexparser; authors are braced (group names stay whole)."""
    fields = [
        ("author", " and ".join("{" + name + "}" for name in citation.authors)),
        ("title", citation.title),
        ("year", str(release.date.year)),
        ("version", release.version),
        ("url", citation.url),
        ("note", f"Version {release.version}, data as of {release.date.isoformat()}"),
    ]
    if citation.doi:
        fields.append(("doi", citation.doi))
    key = "rvlms-atlas-" + release.version.replace(".", "-")
    entry = bibtexparser.model.Entry("misc", key, [bibtexparser.model.Field(k, v) for k, v in fields])
    return bibtexparser.write_string(bibtexparser.Library([entry])).strip()
