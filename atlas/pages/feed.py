"""feed.xml: an Atom feed of what changed (new and corrected cases, releases), for those who follow the atlas.

The entries are the "What changed" page's, from CHANGELOG.md as atlas.inputs read it: one per
entry of the changelog and one per release. An entry naming a case in backticks links to the
case's page; under "Added" it is a new case (announced once per release, where it is first
named), under "Changed", "Fixed" or "Corrected" a corrected one. Ids and dates come from the data,
never the clock, so builds stay byte-reproducible: an entry's id is derived from its section and
text (it survives its release), its date is its release's date, or the data date of the build
while it is unreleased.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from jinja2 import Environment

from atlas.inputs import Inputs
from atlas.pages.changelog import FEED_FILE, Release, parse_changelog, release_anchor

CHANGES_PAGE = "changes/"
ATOM = "http://www.w3.org/2005/Atom"
NEW_CASE_SECTIONS = ("Added",)
CORRECTED_CASE_SECTIONS = ("Changed", "Fixed", "Corrected")
_CODE = re.compile(r"`([^`]+)`")
TITLE_WORDS = 12


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str  # relative to the site root
    updated: dt.date
    summary: str


def feed_entries(ctx: Inputs) -> list[FeedEntry]:
    """Every entry of the "What changed" page, newest release first, in the page's order."""
    releases = parse_changelog(ctx.changelog) if ctx.changelog is not None else []
    case_ids = {case.id for case in ctx.corpus.cases}
    entries: list[FeedEntry] = []
    for release in releases:
        date = dt.date.fromisoformat(release.date) if release.date else ctx.release.date
        if release.released:
            entries.append(_release_entry(release, date))
        announced: set[str] = set()  # cases already called new in this release
        for section, items in release.sections.items():
            for item in items:
                entries.append(_change_entry(release, section, item, date, case_ids, announced))
    return entries


def _release_entry(release: Release, date: dt.date) -> FeedEntry:
    return FeedEntry(
        id=_id(f"release {release.version}"),
        title=f"Version {release.version} released",
        link=f"{CHANGES_PAGE}#{release_anchor(release)}",
        updated=date,
        summary=f"Version {release.version} of the atlas, released on {date.isoformat()}.",
    )


def _change_entry(
    release: Release, section: str, item: str, date: dt.date, case_ids: set[str], announced: set[str]
) -> FeedEntry:
    """One entry of the changelog; a case is announced as new once per release, where it is first added."""
    cases = [name for name in _CODE.findall(item) if name in case_ids]
    text = _CODE.sub(r"\1", item)
    new = [name for name in cases if name not in announced] if section in NEW_CASE_SECTIONS else []
    announced.update(new)
    if new:
        title = f"New case{'s' if len(new) > 1 else ''}: {', '.join(new)}"
        cases = new
    elif cases and section in CORRECTED_CASE_SECTIONS:
        title = f"Corrected case{'s' if len(cases) > 1 else ''}: {', '.join(cases)}"
    else:
        title = f"{section}: {_clip(text)}"
    link = f"cases/{cases[0]}/" if cases else f"{CHANGES_PAGE}#{release_anchor(release)}"
    return FeedEntry(id=_id(f"{section}\n{item}"), title=title, link=link, updated=date, summary=text)


def _id(text: str) -> str:
    """A stable, valid Atom id: a name-based UUID of what the entry says (no address, no clock)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"rvlms-atlas:changes:{text}").urn


def _clip(text: str) -> str:
    words = text.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def feed_xml(ctx: Inputs, entries: list[FeedEntry]) -> str:
    site = ctx.site
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", _id(f"feed {site.url or site.name}"))
    _add(feed, "title", f"{site.name or 'Atlas'}: what changed")
    if site.description:
        _add(feed, "subtitle", site.description)
    latest = max((entry.updated for entry in entries), default=ctx.release.date)
    _add(feed, "updated", _stamp(latest))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", site.author or site.name or "Atlas contributors")
    _link(feed, site.absolute(FEED_FILE) or FEED_FILE, "self")
    _link(feed, site.absolute(CHANGES_PAGE) or CHANGES_PAGE, "alternate")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _add(element, "id", entry.id)
        _add(element, "title", entry.title)
        _link(element, site.absolute(entry.link) or entry.link, "alternate")
        _add(element, "updated", _stamp(entry.updated))
        _add(element, "summary", entry.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _add(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _link(parent: ET.Element, href: str, rel: str) -> None:
    attributes = {"href": href, "rel": rel}
    if rel == "self":
        attributes["type"] = "application/atom+xml"
    ET.SubElement(parent, f"{{{ATOM}}}link", attributes)


def feed_file(ctx: Inputs, env: Environment) -> dict[str, str]:
    return {FEED_FILE: feed_xml(ctx, feed_entries(ctx))}
