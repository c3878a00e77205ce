"""CHANGELOG.md (Keep a Changelog): its releases, and the rules the file keeps (E607, E608).

`check` reads the changelog here, so that a malformed file or releases out of order are
reported like any other input, before the "What changed" page and the feed are made from it
(atlas/pages/changelog.py, atlas/pages/feed.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from atlas.diagnostics import Diagnostic
from atlas.paths import CHANGELOG_FILE
from atlas.rules import rule

UNRELEASED = "Unreleased"
_RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\](?:\s+-\s+(?P<date>\d{4}-\d{2}-\d{2}))?\s*$")
_SECTION = re.compile(r"^### (?P<name>.+?)\s*$")
_ITEM = re.compile(r"^[-*] (?P<text>.+)$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ChangelogError(ValueError):
    """The changelog does not follow the expected structure at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(f"{CHANGELOG_FILE}:{line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Release:
    version: str
    date: str | None
    sections: dict[str, list[str]] = field(default_factory=dict)
    line: int = 1  # of its ## heading

    @property
    def released(self) -> bool:
        return self.version != UNRELEASED


def parse_changelog(text: str) -> list[Release]:
    releases: list[Release] = []
    section: list[str] | None = None
    section_lines: dict[str, int] = {}  # of the current release's ### headings
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _RELEASE.match(line):
            releases.append(Release(match["version"], match["date"], line=number))
            section, section_lines = None, {}
        elif match := _SECTION.match(line):
            if not releases:
                raise ChangelogError(number, "a ### section before any ## [version]")
            name = match["name"]
            if name in section_lines:
                raise ChangelogError(
                    number,
                    f"a second '### {name}' in [{releases[-1].version}]: move its entries under the first "
                    f"(line {section_lines[name]})",
                )
            section_lines[name] = number
            section = releases[-1].sections.setdefault(name, [])
        elif match := _ITEM.match(line):
            if section is None:
                raise ChangelogError(number, "an entry outside a ### section")
            section.append(match["text"].strip())
        elif line.startswith("  ") and line.strip() and section:
            section[-1] += " " + line.strip()
    return releases


def changelog_problems(text: str | None, version: str) -> list[Diagnostic]:
    """E607 when the file cannot be read as releases, else E608 for each release rule it breaks."""
    if text is None:
        return []
    try:
        releases = parse_changelog(text)
    except ChangelogError as failure:
        return [rule("E607").at(CHANGELOG_FILE, failure.line, 1, failure.message)]
    order = rule("E608")
    return [
        order.at(CHANGELOG_FILE, line, 1, message) for line, message in release_problems(releases, version)
    ]


def release_problems(releases: list[Release], version: str) -> list[tuple[int, str]]:
    """Releases are dated semantic versions, newest first, none newer than the package version;
    the package version is either the newest release or still under [Unreleased]. (line, message)s."""
    problems = []
    released = [release for release in releases if release.released]
    for release in released:
        if not _VERSION.match(release.version):
            problems.append((release.line, f"[{release.version}] is not a version like 1.2.3"))
        elif release.date is None:
            problems.append(
                (release.line, f"[{release.version}] has no date (## [{release.version}] - YYYY-MM-DD)")
            )
    versioned = [r for r in released if _VERSION.match(r.version)]
    for newer, older in zip(versioned, versioned[1:], strict=False):
        if version_key(older.version) > version_key(newer.version):
            problems.append((older.line, "releases must be listed newest first"))
            break
    if versioned and version_key(versioned[0].version) > version_key(version):
        newest = versioned[0]
        problems.append(
            (newest.line, f"the newest release {newest.version} is newer than atlas.__version__ {version}")
        )
    has_unreleased = any(not release.released for release in releases)
    if released and released[0].version != version and not has_unreleased:
        problems.append(
            (released[0].line, f"atlas.__version__ {version} is neither the newest release nor [Unreleased]")
        )
    return problems


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
