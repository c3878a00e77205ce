"""Public text is for readers: no page says how the project obtained a document.

Readers need to know what a source is and how complete its citation is, not whether the curators
held a "supplied copy", an "excerpt" or a "stored page". The built site's text (every HTML page,
its visible text and attributes, and the search index) is scanned for such wording.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

OBTAINING = re.compile(r"\b(supplied|copy starts|excerpts?|stored)\b", re.IGNORECASE)


def site_texts(site: Path) -> dict[str, str]:
    """Visible text and attribute values of every page, and the search index, by file."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        for script in tree.xpath("//script|//style"):
            script.drop_tree()
        attributes = " ".join(str(value) for value in tree.xpath("//@title|//@aria-label|//@content|//@alt"))
        texts[str(page.relative_to(site))] = tree.text_content() + " " + attributes
    index = site / "search" / "search_index.json"
    if index.exists():
        texts["search/search_index.json"] = index.read_text(encoding="utf-8")
    return texts


def obtaining_wording(site: Path) -> list[str]:
    found = []
    for name, text in site_texts(site).items():
        for match in OBTAINING.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
            found.append(f"{name}: …{around}…")
    return found


def test_no_page_says_how_a_source_was_obtained(built_site: Path) -> None:
    assert obtaining_wording(built_site) == []


def test_the_scan_finds_such_wording(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        "<html><body><p>Descriptive title; the supplied copy starts at its abstract.</p>"
        '<a title="read from a stored page">x</a></body></html>',
        encoding="utf-8",
    )
    found = obtaining_wording(tmp_path)
    assert len(found) == 3 and all(item.startswith("a/index.html: …") for item in found)


def test_the_baheen_entry_reads_as_the_sheet_asks(built_site: Path) -> None:
    page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert "described here by its content: a case report of one patient and a review of 55" in page
