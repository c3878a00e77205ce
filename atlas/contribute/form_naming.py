"""Names for a submitted case: its id and citation key from the authors and year, and the reference
fields the answers give (a DOI or PubMed ID cleaned of what people paste before it).
"""

from __future__ import annotations

import re
import unicodedata

from atlas.contribute.form_fields import REFERENCE_ANSWERS, Answers, answer_text
from atlas.contribute.scaffold import (
    ScaffoldError,
)

_INITIALS = re.compile(r"^(?:[A-Z]{1,3}|(?:[A-Z]\.-?)+)$")


def first_author_surname(authors: str) -> str:
    """'Colón-Rodríguez A, Smith J' → 'Colón-Rodríguez'; trailing initials are dropped."""
    first = re.split(r",|;|\band\b", authors, maxsplit=1)[0].strip()
    words = first.split()
    while len(words) > 1 and _INITIALS.match(words[-1]):
        words.pop()
    return " ".join(words)


def bibtex_authors(authors: str) -> str:
    """'Smith J, Jones K' → 'Smith, J and Jones, K' (BibTeX's surname-first form)."""
    names = []
    for chunk in re.split(r"[,;]|\band\b", authors):
        words = chunk.split()
        initials = []
        while len(words) > 1 and _INITIALS.match(words[-1]):
            initials.insert(0, words.pop())
        if words:
            names.append(" ".join(words) + (", " + " ".join(initials) if initials else ""))
    return " and ".join(names)


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def names_for(answers: Answers) -> tuple[str, str]:
    """(case id, citation key) from the first author's surname and the year: smith-2024, smith2024."""
    surname = _ascii_slug(first_author_surname(answer_text(answers.get("authors") or "")))
    year = answer_text(answers.get("year") or "")
    if not surname or not re.fullmatch(r"\d{4}", year):
        raise ScaffoldError("the form needs the authors and a four-digit year to name the case")
    return f"{surname}-{year}", f"{surname.replace('-', '')}{year}"


# What people paste before a DOI or a PubMed ID: the resolver's address, or a "doi:"/"PMID:" label.
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMID_PREFIX = re.compile(r"^(?:https?://pubmed\.ncbi\.nlm\.nih\.gov/|pmid:?\s*)", re.IGNORECASE)


def reference_fields(answers: Answers) -> dict[str, str]:
    fields = {name: answer_text(answers[name]) for name in REFERENCE_ANSWERS if answers.get(name)}
    if "doi" in fields:
        fields["doi"] = _DOI_PREFIX.sub("", fields["doi"])
    if "pmid" in fields:
        fields["pmid"] = _PMID_PREFIX.sub("", fields["pmid"]).rstrip("/")
    if "authors" in fields:
        fields["author"] = bibtex_authors(fields.pop("authors"))
    return fields


def same_article(existing: dict[str, str], submitted: dict[str, str]) -> bool:
    """Same DOI, else same PubMed ID, else the same title once translations in [brackets],
    accents, case and punctuation are set aside."""
    for name in ("doi", "pmid", "title"):
        if existing.get(name) and submitted.get(name):
            return _comparable(existing[name]) == _comparable(submitted[name])
    return False


def _comparable(text: str) -> str:
    text = re.sub(r"\[[^\]]*\]", " ", text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()
