"""A release's files: the built site and its open data as zip archives, byte-reproducible, refused for a
tag that is not the code's version (the release workflow runs `build_site.py archive --tag`)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from atlas.site.archive import ArchiveError, check_tag, release_archives
from atlas.sources.release import Release
from tests.conftest import run_in_process

RELEASE = Release(
    "1.2.0", dt.date(2027, 1, 5), int(dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC).timestamp())
)


def fake_site(root: Path) -> Path:
    """The parts of a built site the archives read: pages, and data/ with its files."""
    files = {
        "index.html": "<h1>Atlas</h1>",
        "cases/blecher/index.html": "<h1>Case</h1>",
        "data/cases.csv": "id\nblecher\n",
        "data/sources/blecher.bib": "@misc{x,}\n",
    }
    for name, text in files.items():
        path = root / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "site"


def test_the_site_and_its_open_data_are_archived_in_name_order_and_dated_by_the_release(
    tmp_path: Path,
) -> None:
    site = fake_site(tmp_path)
    paths = release_archives(site, tmp_path / "dist", RELEASE)
    assert [path.name for path in paths] == ["rvlms-atlas-site-1.2.0.zip", "rvlms-atlas-data-1.2.0.zip"]
    with zipfile.ZipFile(paths[0]) as archive:
        assert archive.namelist() == [
            "rvlms-atlas-site-1.2.0/cases/blecher/index.html",
            "rvlms-atlas-site-1.2.0/data/cases.csv",
            "rvlms-atlas-site-1.2.0/data/sources/blecher.bib",
            "rvlms-atlas-site-1.2.0/index.html",
        ]
        assert archive.read("rvlms-atlas-site-1.2.0/index.html") == b"<h1>Atlas</h1>"
        assert {entry.date_time for entry in archive.infolist()} == {(2027, 1, 5, 9, 30, 0)}
    with zipfile.ZipFile(paths[1]) as archive:
        assert archive.namelist() == [
            "rvlms-atlas-data-1.2.0/cases.csv",
            "rvlms-atlas-data-1.2.0/sources/blecher.bib",
        ]


def test_the_same_site_gives_the_same_bytes(tmp_path: Path) -> None:
    site = fake_site(tmp_path)
    first = [path.read_bytes() for path in release_archives(site, tmp_path / "one", RELEASE)]
    for path in site.rglob("*"):  # files written again later: their own dates must not matter
        path.touch()
    assert [path.read_bytes() for path in release_archives(site, tmp_path / "two", RELEASE)] == first


def test_a_tag_must_name_the_codes_version(tmp_path: Path) -> None:
    check_tag("v1.2.0", RELEASE)
    with pytest.raises(ArchiveError) as refused:
        check_tag("v1.3.0", RELEASE)
    assert str(refused.value) == (
        "the release is tagged v1.3.0 but this is version 1.2.0 (atlas/__init__.py, CITATION.cff and "
        "CHANGELOG.md): tag it v1.2.0, or set the version first"
    )
    with pytest.raises(ArchiveError, match="holds no built site with its data/"):
        release_archives(tmp_path / "nothing", tmp_path / "dist", RELEASE)


def test_the_command_refuses_a_wrong_tag_before_writing_anything(project: Path) -> None:
    fake_site(project)
    result = run_in_process(project, "archive", "--tag", "v99.0.0")
    assert result.returncode == 1 and not (project / "dist").exists()
    assert result.stderr.startswith("archive: the release is tagged v99.0.0 but this is version ")
    result = run_in_process(project, "archive", "--out", "release-files")
    assert result.returncode == 0, result.stderr
    version = result.stdout.split("rvlms-atlas-site-")[1].split(".zip")[0]
    assert sorted(path.name for path in (project / "release-files").iterdir()) == [
        f"rvlms-atlas-data-{version}.zip",
        f"rvlms-atlas-site-{version}.zip",
    ]
