"""The files a release carries: the built site and its open data, as two zip archives.

A published GitHub release is what Zenodo archives under a DOI, so that a citation of one version
of the atlas stays resolvable. The release workflow (.github/workflows/release.yml) builds the site
of the tagged commit and attaches these two archives to the release: the whole site, readable
offline, and the open data (data/: the case table, the data package, the BibTeX and RIS files).
The archives are byte-reproducible like the site: entries in name order, each dated by the
release's data date (never the clock), with fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from atlas.sources.release import Release

PREFIX = "rvlms-atlas"
DATA_DIR = "data"  # the open data inside the built site (atlas/pages/open_data.py)
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest date a zip entry can carry


class ArchiveError(ValueError):
    """A release that cannot be archived as asked: the message says what to do."""


def check_tag(tag: str, release: Release) -> None:
    """The release's tag must name the version the code says it is (v1.2.3 for 1.2.3)."""
    if tag != f"v{release.version}":
        raise ArchiveError(
            f"the release is tagged {tag} but this is version {release.version} (atlas/__init__.py, "
            f"CITATION.cff and CHANGELOG.md): tag it v{release.version}, or set the version first"
        )


def release_archives(site_dir: Path, out_dir: Path, release: Release) -> list[Path]:
    """Write <prefix>-site-<version>.zip and <prefix>-data-<version>.zip into out_dir; return their paths."""
    if not (site_dir / "index.html").is_file() or not (site_dir / DATA_DIR).is_dir():
        raise ArchiveError(
            f"{site_dir} holds no built site with its {DATA_DIR}/: run `python build_site.py` first"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    site = out_dir / f"{PREFIX}-site-{release.version}.zip"
    data = out_dir / f"{PREFIX}-data-{release.version}.zip"
    write_zip(site, site_dir, f"{PREFIX}-site-{release.version}", release)
    write_zip(data, site_dir / DATA_DIR, f"{PREFIX}-data-{release.version}", release)
    return [site, data]


def write_zip(target: Path, folder: Path, top: str, release: Release) -> None:
    """Every file under folder, inside one top folder, in name order, dated and permissioned alike."""
    stamp = max(dt.datetime.fromtimestamp(release.epoch, tz=dt.UTC), ZIP_EPOCH).timetuple()[:6]
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
