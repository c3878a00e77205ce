"""CHANGELOG.md read as releases, and the rules it keeps, which `check` reports (E607, E608)."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas import __version__
from atlas.site.build import check
from atlas.sources.changelog import ChangelogError, changelog_problems, parse_changelog, release_problems
from tests.conftest import ROOT
from tests.pages.test_changelog import SAMPLE


def test_releases_sections_and_entries_are_parsed() -> None:
    releases = parse_changelog(SAMPLE)
    assert [(r.version, r.date, r.released, r.line) for r in releases] == [
        ("Unreleased", None, False, 3),
        ("0.2.0", "2025-03-01", True, 9),
    ]
    assert releases[1].sections["Changed"] == [
        "Corrected the follow-up of `baheen-2022`, which was read from the wrong table."
    ]


def test_an_entry_outside_a_section_is_an_error_with_its_line() -> None:
    with pytest.raises(ChangelogError, match=r"CHANGELOG.md:3: an entry outside a ### section"):
        parse_changelog("# Changelog\n## [Unreleased]\n- stray\n")
    assert [p.format() for p in changelog_problems("### Added\n", "1.0.0")] == [
        "CHANGELOG.md:1:1: E607 a ### section before any ## [version]"
    ]


def test_a_section_twice_in_one_release_is_an_error_naming_both_lines() -> None:
    """Recount M-2: [Unreleased] had two "### Changed"; the page and the feed merged them silently."""
    text = (
        "## [Unreleased]\n### Changed\n- a\n### Added\n- b\n### Changed\n- c\n"
        "## [0.1.0] - 2025-01-01\n### Changed\n- d\n"  # the same section in another release is fine
    )
    assert [p.format() for p in changelog_problems(text, "0.1.0")] == [
        "CHANGELOG.md:6:1: E607 a second '### Changed' in [Unreleased]: "
        "move its entries under the first (line 2)"
    ]
    assert [p.format() for p in changelog_problems(text.replace("### Changed\n- c\n", ""), "0.1.0")] == []


def test_release_rules() -> None:
    releases = parse_changelog(SAMPLE)
    assert release_problems(releases, "0.2.0") == []
    assert release_problems(releases, "0.3.0") == []  # 0.3.0 is being prepared under [Unreleased]
    assert release_problems(releases, "0.1.0") == [
        (9, "the newest release 0.2.0 is newer than atlas.__version__ 0.1.0")
    ]
    undated = parse_changelog("## [1.0.0]\n### Added\n- x\n")
    assert release_problems(undated, "1.0.0") == [(1, "[1.0.0] has no date (## [1.0.0] - YYYY-MM-DD)")]
    unordered = parse_changelog("## [1.0.0] - 2025-01-01\n## [1.1.0] - 2025-02-01\n")
    assert (2, "releases must be listed newest first") in release_problems(unordered, "1.1.0")
    released_elsewhere = parse_changelog("## [1.0.0] - 2025-01-01\n")
    assert release_problems(released_elsewhere, "1.1.0") == [
        (1, "atlas.__version__ 1.1.0 is neither the newest release nor [Unreleased]")
    ]


def test_the_project_changelog_follows_the_rules() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert parse_changelog(text), "CHANGELOG.md lists no version"
    assert changelog_problems(text, __version__) == []


def test_check_reports_releases_out_of_order(project: Path) -> None:
    """The release rules run in `check`, so a changelog out of order stops the build before its page."""
    releases = [f"## [{__version__}] - 2025-01-01", "## [0.0.1] - 2024-01-01", "## [0.0.2] - 2024-02-01"]
    (project / "CHANGELOG.md").write_text("# Changelog\n\n" + "\n\n".join(releases) + "\n", encoding="utf-8")
    _, problems = check(project)
    assert [p.format() for p in problems if p.path == "CHANGELOG.md"] == [
        "CHANGELOG.md:7:1: E608 releases must be listed newest first"
    ]
