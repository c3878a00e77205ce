"""A source for readers and reference managers: its web links, BibTeX (bibtexparser) and RIS (rispy).

Links are only ever built from identifiers that match the patterns references.bib is
checked against (a bare DOI, a numeric PMID, an http(s) URL), so no field can smuggle a
`javascript:` or other scheme into a page. The files are deterministic: fields in a fixed
order, LF line endings, no dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from atlas.sources.bibliography import DOI_PATTERN, PMID_PATTERN, URL_PATTERN, Reference
from atlas.sources.bibliography import doi_url as resolver_link

SOURCES_DIR = "data/sources"
# Written as the curators wrote them: LaTeX-encoding would break identifiers and links
# (page ranges get BibTeX's own "--" back instead).
VERBATIM_FIELDS = ("doi", "pmid", "url", "eprint", "isbn", "issn", "pages")
FIELD_ORDER = (
    "author",
    "title",
    "journal",
    "booktitle",
    "year",
    "volume",
    "number",
    "issue",
    "pages",
    "publisher",
    "address",
    "doi",
    "pmid",
    "url",
    "note",
    "unverified",
)
RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
    "online": "ELEC",
    "misc": "GEN",
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def doi_url(doi: str | None) -> str | None:
    if doi is None or not DOI_PATTERN.match(doi):
        return None
    return resolver_link(doi)


def pubmed_url(pmid: str | None) -> str | None:
    if pmid is None or not PMID_PATTERN.match(pmid):
        return None
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def web_url(url: str | None) -> str | None:
    return url if url is not None and URL_PATTERN.match(url) else None


def reference_links(reference: Reference | None) -> list[Link]:
    """DOI, PubMed and web links of a source, in that order, for those it has."""
    if reference is None:
        return []
    candidates = (
        ("DOI", doi_url(reference.get("doi"))),
        ("PubMed", pubmed_url(reference.get("pmid"))),
        ("Web page", web_url(reference.get("url"))),
    )
    return [Link(label, url) for label, url in candidates if url is not None]


def ordered_fields(reference: Reference) -> list[tuple[str, str]]:
    fields = reference.public_fields
    if "pages" in fields:
        fields["pages"] = re.sub(r"\s*(–|-+)\s*", "--", fields["pages"])
    known = [(name, fields[name]) for name in FIELD_ORDER if name in fields]
    rest = sorted((name, value) for name, value in fields.items() if name not in FIELD_ORDER)
    return known + rest


@cache
def _latex_encoder() -> UnicodeToLatexEncoder:
    """bibtexparser's LaTeX encoding (math kept, web addresses in \\url), except for a character LaTeX has
    no command for, such as the 肾 of a Chinese title: kept as it is (the file is UTF-8), where the
    default printed a warning for each, which read as if the build had failed."""
    rules = [
        UnicodeToLatexConversionRule(
            rule_type=RULE_REGEX, rule=[(re.compile(r"(?<!\\)(\$.*[^\\]\$)"), r"\1")]
        ),
        UnicodeToLatexConversionRule(
            rule_type=RULE_REGEX,
            rule=[
                (re.compile(r"(https?://\S*\.\S*)"), r"\\url{\1}"),
                (re.compile(r"(www.\S*\.\S*)"), r"\\url{\1}"),
            ],
        ),
        "defaults",
    ]
    return UnicodeToLatexEncoder(
        conversion_rules=rules, unknown_char_policy="keep", unknown_char_warning=False
    )


def bibtex_text(references: Iterable[Reference]) -> str:
    """The entries as BibTeX, LaTeX-encoded except identifiers, for any BibTeX-reading tool."""
    entries = []
    for reference in references:
        fields = ordered_fields(reference)
        encodable = Library([Entry(reference.entry_type, reference.key, [Field(k, v) for k, v in fields])])
        for name in VERBATIM_FIELDS:
            encodable.entries[0].pop(name)
        encoded = (
            middlewares.LatexEncodingMiddleware(encoder=_latex_encoder()).transform(encodable).entries[0]
        )
        entries.append(
            Entry(
                reference.entry_type,
                reference.key,
                [Field(k, _verbatim(v) if k in VERBATIM_FIELDS else encoded[k]) for k, v in fields],
            )
        )
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return bibtexparser.write_string(Library(entries), bibtex_format=layout)


def _verbatim(value: str) -> str:
    """Identifiers stay as written except %, which BibTeX readers take for the start of a comment."""
    return value.replace("%", r"\%")


class _PlainRisWriter(rispy.RisWriter):
    """rispy numbers each record ("1."); reference managers do not need it."""

    def set_header(self, count: int) -> str:
        return ""


def ris_record(reference: Reference) -> dict[str, object]:
    get = reference.get
    record: dict[str, object] = {"type_of_reference": RIS_TYPES.get(reference.entry_type, "GEN")}
    if reference.authors:
        record["authors"] = reference.authors
    pairs = (
        ("title", get("title")),
        ("secondary_title", get("journal") or get("booktitle")),
        ("year", get("year")),
        ("volume", get("volume")),
        ("number", get("number") or get("issue")),
        ("publisher", get("publisher")),
        ("place_published", get("address")),
        ("doi", get("doi") if doi_url(get("doi")) else None),
    )
    record.update({name: value for name, value in pairs if value})
    start, end = _page_range(get("pages"))
    if start:
        record["start_page"] = start
    if end:
        record["end_page"] = end
    url = web_url(get("url"))
    if url:
        record["urls"] = [url]
    notes = [note for note in _ris_notes(reference) if note]
    if notes:
        record["notes"] = notes
    return record


def _ris_notes(reference: Reference) -> list[str | None]:
    pmid = reference.get("pmid")
    unverified = ", ".join(reference.unverified)
    return [
        f"PMID: {pmid}" if pubmed_url(pmid) else None,
        reference.get("note"),
        f"Citation incomplete; not verified: {unverified}" if unverified else None,
    ]


def _page_range(pages: str | None) -> tuple[str | None, str | None]:
    if not pages:
        return None, None
    parts = [part.strip() for part in re.split(r"-+|–", pages, maxsplit=1)]
    return parts[0] or None, (parts[1] if len(parts) > 1 and parts[1] else None)


def ris_text(references: Iterable[Reference]) -> str:
    return _PlainRisWriter().formats([ris_record(reference) for reference in references])


def reference_files(references: Iterable[Reference]) -> dict[str, str]:
    """One BibTeX and one RIS file per reference under data/sources/, named after its key."""
    files = {}
    for reference in references:
        files[f"{SOURCES_DIR}/{reference.key}.bib"] = bibtex_text([reference])
        files[f"{SOURCES_DIR}/{reference.key}.ris"] = ris_text([reference])
    return files
