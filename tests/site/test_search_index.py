"""The search index's own steps: Material's attribute removal done faster, identically."""

from __future__ import annotations

import random

from atlas.inputs import read_inputs
from atlas.pages.render import render_prerendered_pages
from atlas.site.search_index import MATERIAL_STRIP, strip_search_attributes
from tests.conftest import ROOT

PIECES = (" ", "\n", "\t", "\u2003", "a", '"', "=", "-", "data-search-", "data-search-x", 'q="1"', '=""', "x")


def test_the_fast_removal_equals_materials_on_random_text() -> None:
    rng = random.Random(19)
    for _ in range(20_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        assert strip_search_attributes(text) == MATERIAL_STRIP.sub("", text), repr(text)


def test_the_fast_removal_equals_materials_on_every_case_page() -> None:
    inputs, _ = read_inputs(ROOT)
    pages = render_prerendered_pages(inputs)
    assert any("data-search-exclude" in page.html for page in pages)
    for page in pages:
        assert strip_search_attributes(page.html) == MATERIAL_STRIP.sub("", page.html), page.src_uri
