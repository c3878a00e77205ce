"""Values without LaTeX skip the decoder, and come out exactly as full decoding would give them.

Decoding every value with pylatexenc was nine tenths of reading references.bib, although
most values hold no LaTeX; the shortcut is only worth having if it never changes a byte.
"""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser import middlewares

from atlas.sources.bibliography import BARE_PERCENT, _LatexToText
from tests.conftest import ROOT

# One value per thing the decoder changes: if the shortcut missed any of them, its text would differ.
LATEX_VALUES = [
    r"Leiomyosarcoma of the renal vein: the \emph{first} case",
    "{Renal} {Vein} Leiomyosarcoma",
    "Pages 101--109",
    "An em---dash",
    "``Quoted'' title",
    "l''uomo",
    "!`Hola! ?`Qu\u00e9?",
    "Tumour~thrombus",
    r"In 50\% of cases",
    "Smith & Jones",
    r"Jos{\'e} Mart{\'\i}nez",
]
# Characters that decoding leaves as they are on their own, but that change how what surrounds
# them is read (math is kept verbatim; % starts a comment in LaTeX): these values are decoded too.
CAUTIOUS_VALUES = ["In 50% of cases", "T_2 weighted", "m^2", "Case #3", "$\\alpha$-actin"]
PLAIN_VALUES = [
    "Leiomyosarcoma of the renal vein",
    "Smith, John A. and Garc\u00eda-L\u00f3pez, Mar\u00eda",
    "Urology. 2004;63(6):1190-1192",
    "10.1016/j.urology.2003.12.044",
    "https://example.org/a-b/c?d=e",
    'A - B, 1-2; a\'b "c" [d] <e> @f',
    "two  spaces,\na line break\n\nand a blank line ",
]


def decoded_in_full(value: str) -> str:
    """What the decoder gives for a value, bypassing the shortcut."""
    decoder = _LatexToText()
    text, error = middlewares.LatexDecodingMiddleware._transform_python_value_string(
        decoder, BARE_PERCENT.sub(r"\\%", value)
    )
    assert error == ""
    return text


def decoded(value: str) -> str:
    text, error = _LatexToText()._transform_python_value_string(value)
    assert error == ""
    return text


def test_every_value_of_references_bib_decodes_to_the_same_text_both_ways() -> None:
    library = bibtexparser.parse_string((ROOT / "references.bib").read_text(encoding="utf-8"))
    values = [field.value for entry in library.entries for field in entry.fields]
    assert len(values) > 500
    assert all(isinstance(value, str) for value in values)
    assert [decoded(value) for value in values] == [decoded_in_full(value) for value in values]


@pytest.mark.parametrize("value", LATEX_VALUES)
def test_a_value_with_latex_is_decoded(value: str) -> None:
    assert decoded_in_full(value) != value, "the sample must be one that decoding changes"
    assert decoded(value) == decoded_in_full(value)


@pytest.mark.parametrize("value", CAUTIOUS_VALUES)
def test_a_value_with_a_character_latex_reads_differently_is_decoded(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = decoded_in_full(value)
    seen: list[str] = []
    decode = middlewares.LatexDecodingMiddleware._transform_python_value_string

    def spy(self: middlewares.LatexDecodingMiddleware, text: str) -> tuple[str, str]:
        seen.append(text)
        return decode(self, text)

    monkeypatch.setattr(middlewares.LatexDecodingMiddleware, "_transform_python_value_string", spy)
    assert decoded(value) == expected
    assert seen == [BARE_PERCENT.sub(r"\\%", value)]


@pytest.mark.parametrize("value", PLAIN_VALUES)
def test_a_value_without_latex_is_returned_as_written_without_decoding(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert decoded_in_full(value) == value

    def refuse(self: object, text: str) -> tuple[str, str]:
        raise AssertionError(f"decoded although it holds no LaTeX: {text!r}")

    monkeypatch.setattr(middlewares.LatexDecodingMiddleware, "_transform_python_value_string", refuse)
    assert decoded(value) == value
