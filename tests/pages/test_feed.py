"""feed.xml, the Atom feed of what changed: read with feedparser as a feed reader would, its entries
compared with the "What changed" page, its ids and dates from the data (they survive a release)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest

from atlas.inputs import Inputs, read_inputs
from atlas.pages.feed import feed_entries
from atlas.site.build import build
from atlas.sources.release import current_release
from tests.conftest import ROOT

SITE_URL = "https://rvlms-atlas.github.io/atlas/"


def read_feed(site: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def changes_items(site: Path) -> list[str]:
    """The entries of the "What changed" page, as the reader sees them."""
    tree = lxml.html.fromstring((site / "changes" / "index.html").read_text(encoding="utf-8"))
    return [
        " ".join(li.text_content().split()) for li in tree.xpath("//article//h3/following-sibling::ul[1]/li")
    ]


def built_path(site: Path, link: str) -> Path:
    assert link.startswith(SITE_URL), link
    path = urlsplit(link).path.removeprefix(urlsplit(SITE_URL).path)
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_the_feed_parses_and_its_entries_are_the_changes_page(built_site: Path) -> None:
    feed = read_feed(built_site)
    items = changes_items(built_site)
    assert len(items) > 5
    changes = [entry for entry in feed.entries if not entry.title.startswith("Version ")]
    assert [" ".join(entry.summary.split()) for entry in changes] == items
    assert feed.feed.title == "RVLMS Evidence Atlas: what changed"
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    date = current_release(ROOT).date  # every entry is still unreleased: dated by the data
    assert {entry.updated_parsed[:3] for entry in feed.entries} == {(date.year, date.month, date.day)}
    for entry in feed.entries:
        target = built_path(built_site, entry.link)
        assert target.exists(), entry.link
    new_cases = [entry for entry in feed.entries if entry.title.startswith("New case")]
    assert new_cases and all("/cases/" in entry.link for entry in new_cases)
    assert any(entry.title == "New case: baheen-2022" for entry in new_cases)


def test_the_changes_page_offers_the_feed(built_site: Path) -> None:
    tree = lxml.html.fromstring((built_site / "changes" / "index.html").read_text(encoding="utf-8"))
    (link,) = tree.xpath('//article//a[@type="application/atom+xml"]')
    assert link.get("href") == "../feed.xml" and "feed" in link.text_content()


def test_a_release_gets_an_entry_and_keeps_the_ids_of_its_changes(built_site: Path, project: Path) -> None:
    before = {entry.summary: entry.id for entry in read_feed(built_site).entries}
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8").replace("## [Unreleased]", "## [0.1.0] - 2026-11-30", 1)
    changelog.write_text(text, encoding="utf-8")
    build(project, project / "site")
    feed = read_feed(project / "site")
    (release,) = [entry for entry in feed.entries if entry.title.startswith("Version ")]
    assert release.title == "Version 0.1.0 released" and release.link == f"{SITE_URL}changes/#v0-1-0"
    changes = [entry for entry in feed.entries if entry is not release]
    assert {entry.summary: entry.id for entry in changes} == before
    assert {dt.date(*entry.updated_parsed[:3]) for entry in feed.entries} == {dt.date(2026, 11, 30)}
    assert feed.feed.updated_parsed[:3] == (2026, 11, 30)


@pytest.mark.slow
def test_a_corrected_case_is_named_as_such(project: Path) -> None:
    changelog = project / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8").replace(
        "### Changed\n", "### Fixed\n\n- The age of `urkan`, as the article gives it.\n\n### Changed\n", 1
    )
    changelog.write_text(text, encoding="utf-8")
    build(project, project / "site")
    feed = read_feed(project / "site")
    (entry,) = [entry for entry in feed.entries if entry.title == "Corrected case: urkan"]
    assert entry.title == "Corrected case: urkan" and entry.link == f"{SITE_URL}cases/urkan/"


def titles_of(changelog: str) -> list[str]:
    inputs, _ = read_inputs(ROOT)
    return [entry.title for entry in feed_entries(Inputs(inputs.corpus, inputs.release, changelog=changelog))]


def named(title: str) -> list[str]:
    return title.split(": ")[1].split(", ")


def test_every_case_is_announced_new_once_and_no_new_case_is_called_corrected() -> None:
    """Recount M-2: three new cases were announced as "corrected" and one mentioned case too."""
    inputs, _ = read_inputs(ROOT)
    titles = [entry.title for entry in feed_entries(inputs)]
    announced = [
        name for title in titles if title.startswith("New case") for name in title.split(": ")[1].split(", ")
    ]
    assert sorted(announced) == sorted(case.id for case in inputs.corpus.cases)  # each once, all of them
    corrected = {
        name for t in titles if t.startswith("Corrected case") for name in t.split(": ")[1].split(", ")
    }
    assert {"cirugia-espanola-v093", "turkjpath-618", "aua-v9-12", "baheen-2022"}.isdisjoint(corrected)
    assert "Corrected cases: ojha-2017, blecher, colon-rodriguez-2004, urkan" in titles


def test_a_case_named_again_under_added_is_not_announced_twice() -> None:
    changelog = (
        "## [Unreleased]\n### Added\n- Case `urkan`.\n- `urkan` and `blecher`, read again.\n"
        "- The tables of `urkan` as published.\n"
    )
    assert titles_of(changelog) == [
        "New case: urkan",
        "New case: blecher",
        "Added: The tables of urkan as published.",
    ]
