"""Citable: CITATION.cff valid CFF 1.2.0 and current; How to cite page; Highwire tags on every page."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

from atlas import __version__
from atlas.inputs import Inputs
from atlas.site.build import BuildFailed, build, check
from atlas.sources.release import current_release
from tests.conftest import ROOT
from tests.support.html_parts import parse

CFF_SCHEMA = ROOT / "tests" / "fixtures" / "cff-1.2.0.schema.json"  # from cffconvert 2.0.0, unchanged
PAGES = (
    "",
    "review/",
    "review/treatment/",
    "cases/",
    "cases/baheen-2022/",
    "references/",
    "how-to-cite/",
    "reference/fields/",
)


def citation_file() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_is_valid_cff_1_2_0() -> None:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(citation_file())]
    assert errors == []


def test_the_schema_check_rejects_an_invalid_file() -> None:
    """The validation above can fail: a file without authors and with a bad version type is rejected."""
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    broken = {**citation_file(), "cff-version": "1.2.0", "version": ["x"]}
    del broken["authors"]
    assert len(list(Draft7Validator(schema).iter_errors(broken))) >= 2


def test_citation_file_version_is_the_package_version() -> None:
    assert str(citation_file()["version"]) == __version__


def test_a_missing_or_incomplete_citation_file_is_reported(project: Path) -> None:
    data = yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))
    del data["title"]
    (project / "CITATION.cff").write_text(yaml.safe_dump(data), encoding="utf-8")
    _, problems = check(project)
    assert any(p.code == "E606" and "title" in p.message for p in problems)
    (project / "CITATION.cff").unlink()
    with pytest.raises(BuildFailed) as failure:
        build(project, project / "site")
    assert [d.code for d in failure.value.diagnostics if d.code == "E606"] == ["E606"]


def test_how_to_cite_page_shows_version_and_data_date(built_site: Path) -> None:
    release = current_release(ROOT)
    html = (built_site / "how-to-cite" / "index.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(parse(html).text).split())
    assert f"Version {release.version}" in text
    assert f"Data as of {release.date.isoformat()}" in text
    assert f"RVLMS Evidence Atlas, version {release.version}" in text
    bibtex = html.split("<pre><code>")[1].split("</code></pre>")[0]
    entry = bibtexparser.parse_string(bibtex.replace("&#34;", '"')).entries[0]
    assert entry["version"] == release.version
    assert entry["url"] == citation_file()["url"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_highwire_tags(built_site: Path, real_inputs: Inputs, path: str) -> None:
    site_citation, release = real_inputs.site_citation, real_inputs.release
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    parts = parse(html)
    titles = parts.tags("citation_title")
    assert len(titles) == 1 and titles[0].strip()
    head_title = html.split("<title>")[1].split("</title>")[0]
    case_page = path.startswith("cases/") and path != "cases/"  # descriptive title: test_link_previews.py
    assert titles[0] in head_title or path == "" or case_page
    assert parts.tags("citation_author") == site_citation.authors
    assert parts.tags("citation_publication_date") == [release.date.strftime("%Y/%m/%d")]
    assert parts.tags("citation_public_url") == [site_citation.url + path]
    assert parts.tags("citation_doi") == ([site_citation.doi] if site_citation.doi else [])


def test_every_built_page_has_the_tags(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html")]
    assert len(pages) >= len(PAGES)
    for page in pages:
        parts = parse(page.read_text(encoding="utf-8"))
        assert parts.tags("citation_title") and parts.tags("citation_public_url"), page


@pytest.mark.slow
def test_page_titles_are_escaped_in_the_tags(project: Path, tmp_path: Path) -> None:
    hostile = 'Odd "title" <script>alert(1)</script> & more'
    page = project / "docs" / "odd.md"
    page.write_text(f"---\ntitle: '{hostile}'\n---\n\n# Odd\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    html = (site / "odd" / "index.html").read_text(encoding="utf-8")
    tags = [line for line in html.splitlines() if 'name="citation_' in line]
    assert tags and not any("<script>" in line for line in tags)
    assert parse(html).tags("citation_title") == [hostile]
