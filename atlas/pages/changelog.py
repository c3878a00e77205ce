"""CHANGELOG.md (Keep a Changelog) → the site's "What changed" page.

The changelog is parsed into releases and rendered through an autoescaping template,
never pasted in as Markdown: an entry can name a case in backticks (`smith-2024`), and
that becomes a link to the case's page when such a case exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup, escape

from atlas.inputs import Inputs
from atlas.paths import CHANGELOG_FILE

FEED_FILE = "feed.xml"  # atlas/pages/feed.py writes it from the same releases
UNRELEASED = "Unreleased"
_RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\](?:\s+-\s+(?P<date>\d{4}-\d{2}-\d{2}))?\s*$")
_SECTION = re.compile(r"^### (?P<name>.+?)\s*$")
_ITEM = re.compile(r"^[-*] (?P<text>.+)$")
_CODE = re.compile(r"`([^`]+)`")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ChangelogError(ValueError):
    """The changelog does not follow the expected structure (with the line that breaks it)."""


@dataclass
class Release:
    version: str
    date: str | None
    sections: dict[str, list[str]] = field(default_factory=dict)

    @property
    def released(self) -> bool:
        return self.version != UNRELEASED


def parse_changelog(text: str) -> list[Release]:
    releases: list[Release] = []
    section: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _RELEASE.match(line):
            releases.append(Release(match["version"], match["date"]))
            section = None
        elif match := _SECTION.match(line):
            if not releases:
                raise ChangelogError(f"{CHANGELOG_FILE}:{number}: a ### section before any ## [version]")
            section = releases[-1].sections.setdefault(match["name"], [])
        elif match := _ITEM.match(line):
            if section is None:
                raise ChangelogError(f"{CHANGELOG_FILE}:{number}: an entry outside a ### section")
            section.append(match["text"].strip())
        elif line.startswith("  ") and line.strip() and section:
            section[-1] += " " + line.strip()
    return releases


def changelog_problems(releases: list[Release], version: str) -> list[str]:
    """Releases are dated semantic versions, newest first, none newer than the package version;
    the package version is either the newest release or still under [Unreleased]."""
    problems = []
    released = [release for release in releases if release.released]
    for release in released:
        if not _VERSION.match(release.version):
            problems.append(f"[{release.version}] is not a version like 1.2.3")
        elif release.date is None:
            problems.append(f"[{release.version}] has no date (## [{release.version}] - YYYY-MM-DD)")
    keys = [_key(r.version) for r in released if _VERSION.match(r.version)]
    if keys != sorted(keys, reverse=True):
        problems.append("releases must be listed newest first")
    if keys and keys[0] > _key(version):
        problems.append(f"the newest release {released[0].version} is newer than atlas.__version__ {version}")
    has_unreleased = any(not release.released for release in releases)
    if released and released[0].version != version and not has_unreleased:
        problems.append(f"atlas.__version__ {version} is neither the newest release nor [Unreleased]")
    return problems


def release_anchor(release: Release) -> str:
    """The id of a release's heading on the "What changed" page (the feed links to it)."""
    return "v" + release.version.replace(".", "-") if release.released else "unreleased"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def entry_html(text: str, case_ids: set[str]) -> Markup:
    """Escape an entry; `code` spans become <code>, and those naming a case link to its page."""
    parts = []
    position = 0
    for match in _CODE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        name = match.group(1)
        code = Markup("<code>{}</code>").format(name)
        if name in case_ids:
            code = Markup('<a href="cases/{}.md">{}</a>').format(name, code)  # from changes.md
        parts.append(code)
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def changes_page(ctx: Inputs, env: Environment) -> dict[str, str]:
    """The "What changed" page, generated from CHANGELOG.md as atlas.inputs read it."""
    releases = parse_changelog(ctx.changelog) if ctx.changelog is not None else []
    case_ids = {case.id for case in ctx.corpus.cases}
    template = env.get_template("changes.md.j2")
    text = template.render(
        releases=releases,
        release=ctx.release,
        entry_html=lambda item: entry_html(item, case_ids),
        anchor=release_anchor,
        feed=FEED_FILE,
    )
    return {"changes.md": text}
