"""Names for a submitted case: its id and citation key, and the reference fields the answers give
(a DOI or PubMed ID cleaned of what people paste before it).

The id is the first author's surname and the year (smith-2024), as every case of the atlas is named.
When the form does not give them (a congress abstract without known authors, an undated record), the
first words of the title, or the journal, take their place: the record still gets an id, and the pull
request asks the maintainer to complete the citation. Names in any script give an ASCII id, by
transliteration (anyascii): 王伟 gives wangwei, Иванов gives ivanov.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from atlas.cases.checks import RESERVED_IDS
from atlas.cases.model import CASE_ID_PATTERN
from atlas.contribute.form_fields import Answers, answer_text
from atlas.sources.issue_forms import REFERENCE_ANSWERS

MAX_ID_LENGTH = 60  # the case format's limit
TOPIC_WORDS = 3
# Words a title's first three would waste: articles, prepositions, and what every title here says.
_FILLER = frozenset(
    ("a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "with", "from", "for", "by")
    + ("case", "report", "reports", "rare", "unusual")
)


def _is_initials(word: str) -> bool:
    """'J', 'JP', 'J.-P.', 'И.И.': capitals of any script, at most three, with dots or hyphens."""
    letters = word.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 3 and letters.isalpha() and letters.isupper()


def first_author_surname(authors: str) -> str:
    """'Colón-Rodríguez A, Smith J' → 'Colón-Rodríguez'; trailing initials are dropped."""
    first = re.split(r",|;|\band\b", authors, maxsplit=1)[0].strip()
    words = first.split()
    while len(words) > 1 and _is_initials(words[-1]):
        words.pop()
    return " ".join(words)


def bibtex_authors(authors: str) -> str:
    """'Smith J, Jones K' → 'Smith, J and Jones, K' (BibTeX's surname-first form)."""
    names = []
    for chunk in re.split(r"[,;]|\band\b", authors):
        words = chunk.split()
        initials = []
        while len(words) > 1 and _is_initials(words[-1]):
            initials.insert(0, words.pop())
        if words:
            names.append(" ".join(words) + (", " + " ".join(initials) if initials else ""))
    return " and ".join(names)


def ascii_slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, from text in any script."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


def _topic(answers: Answers) -> str:
    """The first significant words of the title (without a translation in brackets), else the journal's."""
    for name in ("article_title", "journal"):
        text = re.sub(r"\[[^\]]*\]", " ", answer_text(answers.get(name) or ""))
        words = [word for word in ascii_slug(text).split("-") if word and word not in _FILLER]
        if words:
            return "-".join(words[:TOPIC_WORDS])
    return ""


def names_for(answers: Answers) -> tuple[str, str]:
    """(case id, citation key): first author and year (smith-2024, smith2024); the title's first words
    (or the journal's) stand in for whichever is unknown; 'case' when nothing gives a name at all."""
    surname = ascii_slug(first_author_surname(answer_text(answers.get("authors") or "")))
    year = answer_text(answers.get("year") or "")
    year = year if re.fullmatch(r"\d{4}", year) else ""
    parts = [surname, year] if surname and year else [surname or _topic(answers), year or _topic(answers)]
    case_id = "-".join(dict.fromkeys(part for part in parts if part)) or "case"
    case_id = case_id if case_id[0].isalpha() and case_id not in RESERVED_IDS else f"case-{case_id}"
    case_id = _within_limits(case_id)
    return case_id, case_id.replace("-", "")


def _within_limits(case_id: str) -> str:
    """At most MAX_ID_LENGTH characters (leaving room for -b, -c, …), cut at a hyphen."""
    limit = MAX_ID_LENGTH - 2
    if len(case_id) > limit:
        case_id = case_id[:limit].rsplit("-", 1)[0]
    assert re.match(CASE_ID_PATTERN, case_id), case_id
    return case_id


def missing_citation(answers: Answers) -> list[str]:
    """What the form left unknown of the citation, for the maintainer to complete before merging."""
    unknown = [name for name in ("authors", "year") if not answer_text(answers.get(name) or "")]
    return [REFERENCE_ANSWERS[name] for name in unknown]


# What people paste before a DOI or a PubMed ID: the resolver's address, or a "doi:"/"PMID:" label.
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMID_PREFIX = re.compile(r"^(?:https?://pubmed\.ncbi\.nlm\.nih\.gov/|pmid:?\s*)", re.IGNORECASE)


def reference_fields(answers: Answers) -> dict[str, str]:
    """The references.bib fields the answers give, by field name."""
    given = {name: value for name, value in answers.items() if value}
    fields = {field: answer_text(given[name]) for name, field in REFERENCE_ANSWERS.items() if name in given}
    if "doi" in fields:
        fields["doi"] = _DOI_PREFIX.sub("", fields["doi"])
    if "pmid" in fields:
        fields["pmid"] = _PMID_PREFIX.sub("", fields["pmid"]).rstrip("/")
    if "author" in fields:
        fields["author"] = bibtex_authors(fields["author"])
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
    folded = anyascii(text).casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()
