"""The search index's own steps: Material's attribute removal, done faster and identically, or not needed."""

from __future__ import annotations

import random
from types import SimpleNamespace

from mkdocs.config import load_config

from atlas.inputs import read_inputs
from atlas.pages.case_page import case_page
from atlas.pages.environment import citation_text, environment
from atlas.pages.issue_links import citation_help
from atlas.pages.render import render_prerendered_pages
from atlas.site.search_index import (
    MATERIAL_STRIP,
    skip_material_work_on_excluded_pages,
    strip_search_attributes,
)
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


def test_material_reads_the_indexed_pages_and_skips_the_excluded_ones() -> None:
    """MkDocs runs the events it registered when it loaded the plugins: the skip must replace that one."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    material = config.plugins["material/search"]
    material.on_config(config)
    read: list[str] = []
    material.search_index = SimpleNamespace(add_entry_from_context=lambda page: read.append(page.title))
    skip_material_work_on_excluded_pages(config)
    html = '<p data-search-exclude="1">x</p>'
    pages = {
        "kept": SimpleNamespace(title="kept", meta={}, content=html),
        "left out": SimpleNamespace(title="left out", meta={"search": {"exclude": True}}, content=html),
    }
    for page in pages.values():
        config.plugins.run_event("page_context", {}, page=page, config=config, nav=None)
    assert read == ["kept"]
    assert [page.content for page in pages.values()] == ["<p>x</p>", "<p>x</p>"]


def test_a_page_kept_out_of_the_index_is_written_as_material_would_leave_an_indexed_one() -> None:
    """Above 100 cases case pages carry no search marks: the HTML Material leaves once it removes them."""
    inputs, _ = read_inputs(ROOT)
    env = environment(None, citation_help(inputs))
    for case in inputs.corpus.cases:
        indexed, left_out = (
            case_page(case, inputs.corpus, env, citation_text, "", searchable=searchable, record=None).html
            for searchable in (True, False)
        )
        assert "data-search-exclude" in indexed
        assert "data-search" not in left_out
        assert left_out == MATERIAL_STRIP.sub("", indexed), case.id
