"""The "What changed" page generated from CHANGELOG.md (parsed and checked in atlas/sources/changelog.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas import __version__
from atlas.inputs import read_inputs
from atlas.pages.changelog import changes_page, entry_html
from atlas.pages.environment import environment
from tests.conftest import ROOT

SAMPLE = """\
# Changelog

## [Unreleased]

### Added

- Case `smith-2024` (Smith 2024).

## [0.2.0] - 2025-03-01

### Changed

- Corrected the follow-up of `baheen-2022`,
  which was read from the wrong table.
### Added
- A <script>alert(1)</script> entry.
"""


def test_entries_are_escaped_and_case_ids_link_to_their_pages() -> None:
    html = entry_html("Added `smith-2024` and `unknown-1` <b>bold</b> & more", {"smith-2024"})
    assert '<a href="cases/smith-2024.md"><code>smith-2024</code></a>' in html  # its source, from changes.md
    assert "<code>unknown-1</code>" in html and "cases/unknown-1" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_what_changed_page_shows_the_version_and_the_entries(built_site: Path) -> None:
    html = (built_site / "changes" / "index.html").read_text(encoding="utf-8")
    assert f"version <strong>{__version__}</strong>" in html
    assert '<a href="../cases/baheen-2022/"><code>baheen-2022</code></a>' in html
    assert (built_site / "cases" / "baheen-2022" / "index.html").exists(), "the link's target exists"


@pytest.mark.slow
def test_a_script_in_the_changelog_stays_text(project: Path, tmp_path: Path) -> None:
    from atlas.site.build import build

    released_as_the_package = SAMPLE.replace("0.2.0", __version__)  # `check` holds releases to the version
    (project / "CHANGELOG.md").write_text(released_as_the_package, encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    html = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"{__version__} (2025-03-01)" in html


# What readers of "What changed" should not meet (B-6): the tools, checks and build of the maintainers.
DEVELOPER_WORDS = re.compile(
    r"\b[EW]\d{3}\b|setup\.sh|pre-commit|MkDocs|benchmark|build_site|\.py\b|references\.bib|JSON Schema"
    r"|\bCI\b|continuous integration|workflow|the build\b|\bcheck`|`check|source_type|`appraisal`|`context`"
)


def test_what_changed_speaks_to_readers_and_the_maintainers_changelog_holds_the_rest() -> None:
    inputs, _ = read_inputs(ROOT)
    page = changes_page(inputs, environment())["changes.md"]
    assert not DEVELOPER_WORDS.findall(page), DEVELOPER_WORDS.findall(page)
    maintainers = (ROOT / "CHANGELOG-MAINTAINERS.md").read_text(encoding="utf-8")
    for moved in (
        "E311",
        "bash setup.sh\n  --build-only",
        "a pre-commit hook",
        "1.9 times a bare MkDocs build",
    ):
        assert moved.replace("\\n", "\n") in maintainers, moved
