"""Reference formatting (Vancouver via citeproc-py) and numbered citations, on hand-made bibliographies."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.inputs import Corpus
from atlas.pages.environment import citation_text, environment
from atlas.sources.bibliography import Bibliography, load_bibliography
from atlas.sources.cite import CitationError, cite_generated, cite_markdown
from atlas.sources.reference_export import bibtex_text, ris_text
from atlas.sources.vancouver import INCOMPLETE_MARK, format_reference, reference_html

BIB = r"""
@article{ojha2017,
  author = {Ojha, Sandeep and Nilkanthe, Ramarao and Valecha, Jyoti and Meenai, Farah and Haritwal, Amit},
  year = {2017},
  title = {Leiomyosarcoma of Renal Vein - A Rare Case Report},
  journal = {Journal of Clinical and Diagnostic Research},
  volume = {11},
  number = {4},
  pages = {ED03--ED04},
  doi = {10.7860/JCDR/2017/24684.9632},
}
@article{many,
  author = {One, Ann and Two, Bob and Three, Cy and Four, Di and Five, Ed and Six, Flo and Seven, Gil},
  year = {2001},
  title = {A paper with seven authors},
  journal = {Some Journal},
}
@article{partial,
  author = {Baheen, Qais and Bi, Hai and others},
  year = {2022},
  note = {descriptive title only},
  unverified = {title, journal},
}
@article{annotated,
  author = {Noted, Nora},
  title = {A complete article with notes},
  journal = {A Journal},
  year = {2020},
  note = {Secondary source: a news report of the trial},
  curation_note = {Abstract read on a stored page},
}
@misc{hostile,
  author = {Evil, Eve},
  title = {<script>alert("x")</script> \& "quotes"},
  url = {https://example.org/10.1234/abc},
}
@article{withdoi,
  author = {Good, Guy},
  title = {A title},
  journal = {A Journal},
  doi = {10.1234/abc},
}
"""


@pytest.fixture
def bibliography(tmp_path: Path) -> Bibliography:
    path = tmp_path / "references.bib"
    path.write_text(BIB, encoding="utf-8")
    bibliography, problems = load_bibliography(path)
    assert [p.code for p in problems] == ["W302"]  # only the incomplete entry warns
    return bibliography


def test_complete_article_in_vancouver(bibliography: Bibliography) -> None:
    assert format_reference(bibliography["ojha2017"]) == (
        "Ojha S, Nilkanthe R, Valecha J, Meenai F, Haritwal A. "
        "Leiomyosarcoma of Renal Vein - A Rare Case Report. "
        "Journal of Clinical and Diagnostic Research. 2017;11(4):ED03–4. doi:10.7860/JCDR/2017/24684.9632"
    )


def test_more_than_six_authors_become_et_al(bibliography: Bibliography) -> None:
    text = format_reference(bibliography["many"])
    assert text.startswith("One A, Two B, Three C, Four D, Five E, Six F, et al. A paper with seven authors.")
    assert "Seven" not in text


def test_incomplete_entry_shows_what_is_known_and_the_mark(bibliography: Bibliography) -> None:
    entry = bibliography["partial"]
    assert format_reference(entry) == "Baheen Q, Bi H, et al. 2022."
    html = str(reference_html(entry))
    assert INCOMPLETE_MARK in html
    assert 'title="not verified: title, journal"' in html
    assert "descriptive title only" in html
    assert INCOMPLETE_MARK not in str(reference_html(bibliography["ojha2017"]))


def test_the_readers_note_is_shown_and_the_curators_note_never(bibliography: Bibliography) -> None:
    """A complete entry shows its reader's note too; curation_note stays in references.bib."""
    html = str(reference_html(bibliography["annotated"]))
    assert (
        '<span class="atlas-reference-note">Note: Secondary source: a news report of the trial</span>' in html
    )
    assert "Abstract read" not in html and "stored page" not in html
    assert INCOMPLETE_MARK not in html
    exported = bibtex_text([bibliography["annotated"]]) + ris_text([bibliography["annotated"]])
    assert "Secondary source: a news report of the trial" in exported
    assert "Abstract read" not in exported and "curation" not in exported


def test_bibliography_text_is_escaped_and_identifiers_linked(bibliography: Bibliography) -> None:
    html = str(reference_html(bibliography["hostile"]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp; &#34;quotes&#34;" in html
    assert '<a href="https://example.org/10.1234/abc">https://example.org/10.1234/abc</a>' in html
    doi = str(reference_html(bibliography["withdoi"]))
    assert 'doi:<a href="https://doi.org/10.1234/abc">10.1234/abc</a>' in doi


def test_render_citation_text_uses_the_formatter(bibliography: Bibliography, tmp_path: Path) -> None:
    corpus = Corpus(root=tmp_path, bibliography=bibliography)
    assert citation_text(corpus, "ojha2017") == format_reference(bibliography["ojha2017"])
    assert citation_text(corpus, "absent") == "absent"


def test_numbers_follow_first_appearance_and_repeat(bibliography: Bibliography) -> None:
    text = "First [@many].\nSecond [@ojha2017; @many].\nThird [@many].\n"
    cited, problems = cite_markdown(text, bibliography, environment(), "docs/x.md")
    assert problems == []
    lines = cited.splitlines()
    assert '<a href="#ref-many"' in lines[0] and ">1</a>&#93;" in lines[0]
    assert lines[1].index(">1</a>") < lines[1].index(">2</a>")  # sorted within one citation
    assert ">1</a>&#93;" in lines[2]
    assert cited.index('id="ref-many"') < cited.index('id="ref-ojha2017"')
    assert "[@" not in cited


def test_consecutive_numbers_collapse_to_a_range(bibliography: Bibliography) -> None:
    text = "A [@many]. B [@ojha2017]. C [@partial]. All [@partial; @many; @ojha2017]."
    cited, _ = cite_markdown(text, bibliography, environment(), "docs/x.md")
    last = cited.split("All ")[1].split("\n")[0]
    assert ">1</a>–<a" in last and ">3</a>&#93;" in last and ">2</a>" not in last


def test_unknown_key_is_reported_with_file_and_line(bibliography: Bibliography) -> None:
    text = "Fine [@many].\nBroken [@nobody].\n"
    cited, problems = cite_markdown(text, bibliography, environment(), "docs/review/x.md")
    assert [p.format() for p in problems] == [
        "docs/review/x.md:2:8: E401 citation key 'nobody' is not an entry of references.bib"
    ]
    assert cited == text
    with pytest.raises(CitationError):
        cite_generated(text, bibliography, environment(), "index.md")


def test_citation_syntax_shown_as_code_is_left_alone(bibliography: Bibliography) -> None:
    text = "Write `[@key]` to cite.\n\n```\n[@nobody]\n```\nReal [@many].\n"
    cited, problems = cite_markdown(text, bibliography, environment(), "docs/x.md")
    assert problems == []
    assert "`[@key]`" in cited and "\n[@nobody]\n" in cited
    assert cited.count('class="atlas-cite"') == 1


def test_page_without_citations_is_unchanged(bibliography: Bibliography) -> None:
    text = "No citations here; an email@example.org is not one.\n"
    assert cite_markdown(text, bibliography, environment(), "docs/x.md") == (text, [])
