"""references.bib entries as CSL JSON items, the input citeproc-py formats.

We convert ourselves (rather than through citeproc-py's BibTeX reader) because the
entries have already been parsed, LaTeX-decoded and checked by atlas.sources.bibliography,
and because `unverified` fields and our `pmid` field need to be handled explicitly.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser.middlewares.names import parse_single_name_into_parts

from atlas.sources.bibliography import Reference

CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
    "online": "webpage",
}

TEXT_FIELDS = {
    "title": "title",
    "journal": "container-title",
    "booktitle": "container-title",
    "volume": "volume",
    "number": "issue",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher-place",
    "doi": "DOI",
    "url": "URL",
    "pmid": "PMID",
}

OTHERS = "others"  # BibTeX's way of writing "et al." at the end of an author list


def csl_type(reference: Reference) -> str:
    if reference.entry_type == "misc":
        return "webpage" if reference.get("url") else "article"
    return CSL_TYPES.get(reference.entry_type, "article")


def csl_name(name: str) -> dict[str, str]:
    """'Surname, Given' or 'Given Surname' → CSL name parts; BibTeX's 'others' → a literal 'et al.'."""
    if name.strip().lower() == OTHERS:
        return {"literal": "et al."}
    parts = parse_single_name_into_parts(name, strict=False)
    result = {"family": " ".join(parts.last)}
    if parts.first:
        result["given"] = " ".join(parts.first)
    if parts.von:
        result["non-dropping-particle"] = " ".join(parts.von)
    if parts.jr:
        result["suffix"] = " ".join(parts.jr)
    return result


def to_csl(reference: Reference, item_id: str | None = None) -> dict[str, Any]:
    """The CSL JSON item for one entry: every field the entry has, nothing invented."""
    item: dict[str, Any] = {"id": item_id or reference.key, "type": csl_type(reference)}
    if reference.authors:
        item["author"] = [csl_name(name) for name in reference.authors]
    if reference.get("editor"):
        editors = re.split(r"\s+and\s+", reference.get("editor") or "")
        item["editor"] = [csl_name(name) for name in editors if name.strip()]
    for bib_field, csl_field in TEXT_FIELDS.items():
        value = reference.get(bib_field)
        if value and csl_field not in item:
            item[csl_field] = value
    pages = reference.get("pages")
    if pages:
        item["page"] = re.sub(r"\s*-+\s*", "-", pages)
    if reference.year is not None:
        item["issued"] = {"date-parts": [[reference.year]]}
    return item
