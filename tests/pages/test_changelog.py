"""CHANGELOG.md and the "What changed" page generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas import __version__
from atlas.pages.changelog import ChangelogError, changelog_problems, entry_html, parse_changelog
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


def test_releases_sections_and_entries_are_parsed() -> None:
    releases = parse_changelog(SAMPLE)
    assert [(r.version, r.date, r.released) for r in releases] == [
        ("Unreleased", None, False),
        ("0.2.0", "2025-03-01", True),
    ]
    assert releases[1].sections["Changed"] == [
        "Corrected the follow-up of `baheen-2022`, which was read from the wrong table."
    ]


def test_an_entry_outside_a_section_is_an_error_with_its_line() -> None:
    with pytest.raises(ChangelogError, match=r"CHANGELOG.md:3: an entry outside a ### section"):
        parse_changelog("# Changelog\n## [Unreleased]\n- stray\n")


def test_release_rules() -> None:
    releases = parse_changelog(SAMPLE)
    assert changelog_problems(releases, "0.2.0") == []
    assert changelog_problems(releases, "0.3.0") == []  # 0.3.0 is being prepared under [Unreleased]
    assert changelog_problems(releases, "0.1.0") == [
        "the newest release 0.2.0 is newer than atlas.__version__ 0.1.0"
    ]
    undated = parse_changelog("## [1.0.0]\n### Added\n- x\n")
    assert changelog_problems(undated, "1.0.0") == ["[1.0.0] has no date (## [1.0.0] - YYYY-MM-DD)"]
    unordered = parse_changelog("## [1.0.0] - 2025-01-01\n## [1.1.0] - 2025-02-01\n")
    assert "releases must be listed newest first" in changelog_problems(unordered, "1.1.0")


def test_the_project_changelog_follows_the_rules() -> None:
    releases = parse_changelog((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert releases, "CHANGELOG.md lists no version"
    assert changelog_problems(releases, __version__) == []


def test_entries_are_escaped_and_case_ids_link_to_their_pages() -> None:
    html = entry_html("Added `smith-2024` and `unknown-1` <b>bold</b> & more", {"smith-2024"})
    assert '<a href="../cases/smith-2024/"><code>smith-2024</code></a>' in html
    assert "<code>unknown-1</code>" in html and 'href="../cases/unknown-1/"' not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_what_changed_page_shows_the_version_and_the_entries(built_site: Path) -> None:
    html = (built_site / "changes" / "index.html").read_text(encoding="utf-8")
    assert f"version <strong>{__version__}</strong>" in html
    assert '<a href="../cases/baheen-2022/"><code>baheen-2022</code></a>' in html
    assert (built_site / "cases" / "baheen-2022" / "index.html").exists(), "the link's target exists"


@pytest.mark.slow
def test_a_script_in_the_changelog_stays_text(project: Path, tmp_path: Path) -> None:
    from atlas.site.build import build

    (project / "CHANGELOG.md").write_text(SAMPLE, encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    html = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "0.2.0 (2025-03-01)" in html
