"""Two builds of one commit give byte-identical sites, whatever the clock, time zone, path or hash seed."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from atlas.sources.release import current_release
from tests.conftest import ROOT

BUILD = (
    "import sys; from pathlib import Path; from atlas.site.build import build; "
    "build(Path(sys.argv[1]), Path(sys.argv[2]))"
)


def build_in_subprocess(site: Path, *, hash_seed: str, time_zone: str) -> None:
    """A fresh interpreter per build: set and dict ordering, the clock and the time zone all differ."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": time_zone}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(ROOT), str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def next_second() -> None:
    """Start the second build in another wall-clock second, so a timestamp from the clock would differ."""
    time.sleep(1 - time.time() % 1 + 0.01)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = tmp_path / "one" / "site"
    second = tmp_path / "elsewhere" / "two" / "site"
    build_in_subprocess(first, hash_seed="1", time_zone="UTC")
    next_second()
    build_in_subprocess(second, hash_seed="2", time_zone="Pacific/Kiritimati")
    first_hashes, second_hashes = hashes(first), hashes(second)
    assert {"sitemap.xml.gz", "search/search_index.json", "index.html"} <= first_hashes.keys()
    differing = sorted(
        name
        for name in first_hashes.keys() | second_hashes.keys()
        if first_hashes.get(name) != second_hashes.get(name)
    )
    assert differing == []


def test_no_build_path_leaks_into_the_site(built_site: Path) -> None:
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert ".atlas-build-" not in text and str(built_site.parent) not in text, path


def test_sitemap_dates_come_from_the_commit_not_the_clock(built_site: Path) -> None:
    release = current_release(ROOT)
    with gzip.open(built_site / "sitemap.xml.gz") as compressed:
        assert compressed.read() == (built_site / "sitemap.xml").read_bytes()
    header_mtime = int.from_bytes((built_site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    commit_day = dt.datetime.combine(release.date, dt.time(), tzinfo=dt.UTC)
    assert header_mtime == int(commit_day.timestamp())  # MkDocs dates the sitemap by the day
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{release.date.isoformat()}</lastmod>" in sitemap
