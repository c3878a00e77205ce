"""Putting a built site in place so that readers only ever see a whole site: the old one or the new one.

The site is built in a staging folder beside site/ (same file system, so renames are atomic)
and swapped in with two renames, the old site moving into the staging folder, which is then
deleted. An exception at any point leaves site/ as it was. A build killed outright (SIGKILL,
power loss) cannot clean up after itself, so every build first repairs what a killed one left:
it puts back a site moved aside mid-swap and removes stale staging folders. A lock keeps two
builds of one site (`serve` and a manual build) from repairing each other's work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the rest still holds
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".atlas-build-"
PREVIOUS = "previous"


def staging_pattern(site_dir: Path) -> str:
    return f"{STAGING_PREFIX}{site_dir.name}-*"


@contextmanager
def exclusive_build(site_dir: Path) -> Iterator[None]:
    """Hold the build lock of site_dir's folder and repair what an interrupted build left."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(site_dir.parent):
        recover(site_dir)
        yield


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A temporary folder beside site_dir, removed whatever happens (exception, Ctrl+C, SIGTERM)."""
    prefix = staging_pattern(site_dir).removesuffix("*")
    with tempfile.TemporaryDirectory(prefix=prefix, dir=site_dir.parent) as folder:
        yield Path(folder)


def publish(built: Path, site_dir: Path) -> None:
    """Swap built into site_dir; the old site goes into the staging folder, deleted with it."""
    previous = built.parent / PREVIOUS
    if site_dir.exists():
        site_dir.rename(previous)
    try:
        built.rename(site_dir)
    except BaseException:
        if previous.exists() and not site_dir.exists():
            previous.rename(site_dir)
        raise


def recover(site_dir: Path) -> None:
    """Undo a killed build: restore a site it had moved aside, delete its staging folders."""
    for stale in sorted(site_dir.parent.glob(staging_pattern(site_dir))):
        previous = stale / PREVIOUS
        if previous.is_dir() and not site_dir.exists():
            previous.rename(site_dir)
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
