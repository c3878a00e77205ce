"""Version and data date of a build, derived from the commit so that builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from atlas import __version__


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    epoch: int

    @property
    def latest_publication_year(self) -> int | None:
        """The latest year a cited article may carry: the year after the data date (journals date issues
        ahead). None when no commit or SOURCE_DATE_EPOCH dates the data (epoch 0): no bound is known."""
        return self.date.year + 1 if self.epoch else None


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else a fixed epoch (never the clock)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout.strip()
        if out.isdigit():
            return int(out)
    except (OSError, subprocess.SubprocessError):
        pass
    return 0


def current_release(root: Path) -> Release:
    epoch = source_date_epoch(root)
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    return Release(version=__version__, date=date, epoch=epoch)
