"""Cite a case record: the atlas's record of one patient, at the version and data date consulted.

A reader who takes a value from a case page cites the record it came from as well as the article:
the address always shows the latest data, so the citation names the atlas, the case id, the
version, the data date and the stable address, and the DOI of the archived version once
CITATION.cff gives one (How to cite explains both citations). The case page gives it as text,
BibTeX and RIS, made from the same values, so the three cannot disagree; the page's script saves
the BibTeX or RIS as a file. They are on the page rather than in files of their own: two files a
case were six in ten of the files a 1,000-case build wrote, for 1 KB of text.

BibTeX and RIS are written from a fixed template, not by bibtexparser's and rispy's writers: those
cost about 1.7 ms per record (LaTeX-encoding every character of a title), some 9 s of a 5,000-case
build, for entries whose fields are always the same. Only the source's name can hold characters
BibTeX needs encoded; it is encoded once per source. The tests read every page's back with
bibtexparser and rispy. Deterministic: no clock, fields in a fixed order, LF line endings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pylatexenc.latexencode import unicode_to_latex

from atlas.cases.model import Case
from atlas.inputs import Inputs
from atlas.pages.case_title import RECORD_FROM, case_subject, sentence, source_label
from atlas.sources.citable import SiteCitation
from atlas.sources.release import Release

# What a case id can hold (E201: the file name's pattern) is safe in BibTeX as it is.
LATEX_SPECIAL = set("\\{}%&$#_^~")


@dataclass(frozen=True)
class RecordCitation:
    """One case record as cited: what the record is, the atlas, the release, the address."""

    case_id: str
    subject: str  # "Leiomyosarcoma of the left renal vein in a 63-year-old woman …"
    source: str  # "Colón-Rodríguez et al. (2004)"
    atlas: SiteCitation
    release: Release
    url: str

    @property
    def title(self) -> str:
        """The case page's heading (atlas/pages/case_title.py), with the case id for finding it again."""
        return f"{self.subject}{RECORD_FROM}{self.source} [case {self.case_id}]"

    @property
    def data_date(self) -> str:
        return self.release.date.isoformat()

    @property
    def note(self) -> str:
        return f"Case {self.case_id}; version {self.release.version}, data as of {self.data_date}"

    @property
    def key(self) -> str:
        return f"rvlms-atlas-{self.case_id}-{self.release.version.replace('.', '-')}"

    def text(self) -> str:
        """Vancouver's form for a part of a web site, with the version and data date in it."""
        doi = f" doi:{self.atlas.doi}" if self.atlas.doi else ""
        return (
            f"{sentence(', '.join(self.atlas.authors))} {sentence(self.title)} In: {self.atlas.title}, "
            f"version {self.release.version} [Internet]. {self.release.date.year} "
            f"[data as of {self.data_date}]. Available from: {self.url}{doi}"
        )

    def bibtex(self) -> str:
        """A @misc entry; author names braced, so that a group's name stays whole."""
        title = f"{latex(self.subject)}{latex(RECORD_FROM)}{latex(self.source)} [case {self.case_id}]"
        fields = [
            ("author", " and ".join("{" + latex(name) + "}" for name in self.atlas.authors)),
            ("title", title),
            ("howpublished", latex(f"{self.atlas.title}, version {self.release.version}")),
            ("year", str(self.release.date.year)),
            ("version", latex(self.release.version)),
            ("url", self.url.replace("%", r"\%")),
            ("note", latex(self.note)),
        ]
        if self.atlas.doi:
            fields.append(("doi", self.atlas.doi.replace("%", r"\%")))
        lines = [f"  {name} = {{{value}}}" for name, value in fields]
        return f"@misc{{{self.key},\n" + ",\n".join(lines) + "\n}\n"

    def ris(self) -> str:
        """A DATA record (a part of a data set), in the tags rispy reads."""
        tags = [("TY", "DATA")]
        tags += [("AU", name) for name in self.atlas.authors]
        tags += [
            ("TI", self.title),
            ("T2", self.atlas.title),
            ("ET", self.release.version),
            ("PY", str(self.release.date.year)),
            ("DA", self.release.date.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("N1", self.note),
        ]
        if self.atlas.doi:
            tags.append(("DO", self.atlas.doi))
        lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags]
        return "\n".join([*lines, "ER  - ", ""])


@lru_cache(maxsize=4096)  # the same few source names and phrases come back for every case
def latex(text: str) -> str:
    """Text for a BibTeX value: LaTeX-encoded where it must be, as it is where it is plain ASCII."""
    if text.isascii() and not LATEX_SPECIAL.intersection(text):
        return text
    return unicode_to_latex(text, unknown_char_policy="keep")


def record_citation(case: Case, inputs: Inputs) -> RecordCitation | None:
    """The citation of a case's record; None without CITATION.cff (check reports that, E606)."""
    if inputs.site_citation is None:
        return None
    url = inputs.site.absolute(f"cases/{case.id}/") or f"cases/{case.id}/"
    source = source_label(inputs.corpus, case.source)
    return RecordCitation(case.id, case_subject(case), source, inputs.site_citation, inputs.release, url)
