"""What a build keeps for the next (atlas/site/build_cache.py) saves time and never changes a page.

The generated pages are made twice, once with an empty cache and once with the cache the first
run left; they must be the same, and the second run must neither format a reference with
citeproc-py nor compile a template. Then the ways a cache can be wrong: unreadable, stale, left
by a failed build, in a folder that cannot be written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
import pytest

from atlas.inputs import Inputs, read_inputs
from atlas.pages.environment import environment
from atlas.pages.render import docs_pages, render_pages, render_prerendered_pages
from atlas.site import build_cache, linkcheck
from atlas.site.build import BuildFailed, build
from atlas.site.build_cache import CACHE_FOLDER, REFERENCES_FILE, TEMPLATES_FOLDER, kept_between_builds
from atlas.sources import vancouver
from tests.conftest import ROOT, copy_project

ITEM = {"type": "article-journal", "title": "A renal vein tumour", "author": [{"family": "Baheen"}]}


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    real, _ = read_inputs(ROOT)
    return real


def generated(inputs: Inputs) -> dict[str, Any]:
    pages, _ = docs_pages(inputs)
    prerendered = {page.src_uri: page.html for page in render_prerendered_pages(inputs)}
    return {"docs": pages, "generated": render_pages(inputs), "case pages": prerendered}


def test_a_warm_cache_gives_the_same_pages_without_citeproc_or_compiling(
    inputs: Inputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with kept_between_builds(tmp_path):
        cold = generated(inputs)
    folder = tmp_path / CACHE_FOLDER
    kept = json.loads((folder / REFERENCES_FILE).read_text(encoding="utf-8"))
    assert len(kept) > len(inputs.corpus.bibliography.references) / 2  # the cited references, formatted
    assert any((folder / TEMPLATES_FOLDER).iterdir())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warm build did the work the cache holds")

    monkeypatch.setattr(vancouver, "_citeproc_text", refuse)
    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    with kept_between_builds(tmp_path):
        warm = generated(inputs)
    assert warm == cold


def test_outside_a_build_nothing_is_kept(tmp_path: Path) -> None:
    with kept_between_builds(tmp_path):
        assert environment().bytecode_cache is not None
    assert environment().bytecode_cache is None
    assert vancouver.format_csl_item(ITEM) == vancouver.format_csl_item(ITEM)
    assert list(tmp_path.iterdir()) == [tmp_path / CACHE_FOLDER.parts[0]]  # only what the build kept


def kept_texts(root: Path) -> dict[str, str]:
    return json.loads((root / CACHE_FOLDER / REFERENCES_FILE).read_text(encoding="utf-8"))


def test_a_changed_reference_is_formatted_afresh_and_an_unused_one_is_dropped(tmp_path: Path) -> None:
    with kept_between_builds(tmp_path):
        before = vancouver.format_csl_item(ITEM)
    changed = {**ITEM, "title": "A renal vein leiomyosarcoma"}
    with kept_between_builds(tmp_path):
        after = vancouver.format_csl_item(changed)
    assert "A renal vein tumour" in before and "A renal vein leiomyosarcoma" in after
    assert list(kept_texts(tmp_path).values()) == [after]


def test_regions_come_back_from_the_file_as_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the link check read from a page, kept and read back, is what it reads from the page."""
    pages = [page.html.encode() for page in render_prerendered_pages(read_inputs(ROOT)[0])[:3]]
    with kept_between_builds(tmp_path) as kept:
        first = [linkcheck.page_layout(page, kept.regions) for page in pages]
    monkeypatch.setattr(linkcheck, "_parse_region", refuse_parsing)
    with kept_between_builds(tmp_path) as kept:
        assert [linkcheck.page_layout(page, kept.regions) for page in pages] == first


def test_regions_parsed_by_another_parser_are_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = b'<article class="x"><h2 id="a">A</h2><a href="../b/">b</a></article>'
    with kept_between_builds(tmp_path) as kept:
        linkcheck.page_layout(page, kept.regions)
    monkeypatch.setattr(build_cache, "parser_identity", lambda: "a changed linkcheck.py")
    with kept_between_builds(tmp_path) as kept:
        assert kept.regions.kept == {}
        assert linkcheck.page_layout(page, kept.regions)[0][1].ids == frozenset({"a"})


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"key": 3}', ""])
def test_an_unreadable_cache_is_ignored_and_replaced(tmp_path: Path, content: str) -> None:
    path = tmp_path / CACHE_FOLDER / REFERENCES_FILE
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    with kept_between_builds(tmp_path):
        text = vancouver.format_csl_item(ITEM)
    assert list(kept_texts(tmp_path).values()) == [text]


def test_a_failed_build_leaves_the_cache_as_it_was(tmp_path: Path) -> None:
    with kept_between_builds(tmp_path):
        kept = vancouver.format_csl_item(ITEM)
    with pytest.raises(RuntimeError), kept_between_builds(tmp_path):
        vancouver.format_csl_item({**ITEM, "title": "Another"})
        raise RuntimeError("the build stopped")
    assert list(kept_texts(tmp_path).values()) == [kept]


def test_a_cache_folder_that_cannot_be_made_leaves_the_build_uncached(tmp_path: Path) -> None:
    """As in a read-only checkout: here `.cache` is a file, so nothing can be written under it."""
    (tmp_path / CACHE_FOLDER.parts[0]).write_text("not a folder", encoding="utf-8")
    with kept_between_builds(tmp_path):
        assert environment().bytecode_cache is None
        assert "A renal vein tumour" in vancouver.format_csl_item(ITEM)
    assert (tmp_path / CACHE_FOLDER.parts[0]).read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_a_whole_site_built_again_from_the_cache_is_the_same_and_compiles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end, the theme's templates included: the second build loads every template compiled.

    (Material's search plugin makes an environment of its own for two small templates; it has no
    cache and is left out.)"""
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "cold")
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: Any) -> Any:
        if self.bytecode_cache is not None and name is not None:  # from_string() is never cached
            compiled.append(name)
        return compile_template(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    monkeypatch.setattr(vancouver, "_citeproc_text", refuse_citeproc)
    monkeypatch.setattr(linkcheck, "_parse_region", refuse_parsing)
    build(project, tmp_path / "warm")
    assert compiled == []
    assert site_hashes(tmp_path / "cold") == site_hashes(tmp_path / "warm")


def refuse_citeproc(item: dict[str, Any]) -> str:
    raise AssertionError(f"formatted again: {item.get('title')}")


def refuse_parsing(region: bytes) -> linkcheck.Region:
    raise AssertionError(f"parsed again: {region[:80]!r}")


@pytest.mark.slow
def test_a_warm_cache_still_finds_a_broken_link(tmp_path: Path) -> None:
    """Only a region that did not change is taken from the cache: a new broken link is parsed and found."""
    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "site")
    page = project / "docs" / "review" / "imaging.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<a href="../nowhere/">x</a>\n', encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(project, tmp_path / "site")
    assert [d.code for d in failure.value.diagnostics if d.code == "E502"] == ["E502"]


def site_hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
