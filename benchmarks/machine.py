"""The machine a benchmark ran on, and how busy its CPUs were meanwhile (they may be shared)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

PRESSURE = Path("/proc/pressure/cpu")


@dataclass(frozen=True)
class Machine:
    cpus: int
    cpu_model: str
    python: str
    mkdocs: str
    material: str
    date: str


def describe() -> Machine:
    return Machine(
        cpus=os.cpu_count() or 0,
        cpu_model=_cpu_model(),
        python=platform.python_version(),
        mkdocs=version("mkdocs"),
        material=version("mkdocs-material"),
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),  # when the benchmark ran, not site content
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


class CpuContention:
    """Share of the run during which some task waited for a CPU (Linux pressure stall information).

    On a machine shared with other work the wall clock includes that waiting; the report
    prints this figure and the CPU seconds beside each wall-clock median so a reader can tell.
    """

    def __init__(self) -> None:
        self._start = (time.monotonic(), self._stalled_us())

    @staticmethod
    def _stalled_us() -> int | None:
        try:
            for line in PRESSURE.read_text(encoding="utf-8").splitlines():
                if line.startswith("some"):
                    return int(line.rsplit("total=", 1)[1])
        except (OSError, ValueError, IndexError):
            return None
        return None

    def percent(self) -> float | None:
        started, stalled_before = self._start
        stalled_now = self._stalled_us()
        if stalled_before is None or stalled_now is None:
            return None
        elapsed_us = (time.monotonic() - started) * 1e6
        return 100 * (stalled_now - stalled_before) / elapsed_us if elapsed_us > 0 else None
