"""Timed steps, each run in a fresh Python process so no run warms the next one's caches.

The parent (`benchmarks/run.py`) calls `python -m benchmarks.timing STEP ...`; the child
imports what it needs, then times only the step itself and prints one JSON line with
the wall-clock and CPU seconds. `python build_site.py check` is timed from outside
instead, interpreter start and imports included, as a contributor experiences it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
FIXED_EPOCH = "1700000000"  # builds never read the clock; the benchmark copies are not git checkouts


@dataclass(frozen=True)
class Timing:
    """Seconds of one step over several runs; the median is what the report shows."""

    wall: list[float]
    cpu: list[float]

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


def _child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH", "")]))
    env["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    env.pop("GITHUB_ACTIONS", None)  # no ::error annotations in the benchmark's output
    return env


def time_step(
    step: str, *arguments: Path, runs: int, before_each: Callable[[], None] | None = None
) -> Timing:
    """Run `step` in `runs` fresh processes and collect the seconds each one measured."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        if before_each:
            before_each()
        completed = subprocess.run(
            [sys.executable, "-m", "benchmarks.timing", step, *map(str, arguments)],
            cwd=REPOSITORY,
            env=_child_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"benchmark step {step} failed:\n{completed.stdout}\n{completed.stderr}")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        wall.append(result["wall"])
        cpu.append(result["cpu"])
    return Timing(wall, cpu)


def time_command(command: list[str], cwd: Path, *, runs: int) -> Timing:
    """Wall-clock seconds of a whole command, interpreter start included (CPU time of children)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        completed = subprocess.run(
            command, cwd=cwd, env=_child_environment(), capture_output=True, text=True, check=False
        )
        wall.append(time.perf_counter() - start)
        after = os.times()
        cpu.append(
            (after.children_user - before.children_user) + (after.children_system - before.children_system)
        )
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}\n{completed.stderr}")
    return Timing(wall, cpu)


def remove_tree(path: Path) -> Callable[[], None]:
    """A `before_each` that starts every run without the previous run's output."""
    return lambda: shutil.rmtree(path, ignore_errors=True)


# --- the child side -------------------------------------------------------------------------


def _check(root: Path) -> None:
    from atlas.diagnostics import errors_in
    from atlas.site.build import check

    _, problems = check(root)
    if errors_in(problems):
        raise SystemExit(f"the benchmark corpus does not pass check: {errors_in(problems)[:3]}")


def _build(root: Path, site: Path) -> None:
    from atlas.site.build import build

    build(root, site)


def _floor(root: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))


def _prepare(step: str) -> Callable[..., None]:
    """Import everything the step needs before the clock starts (imports are not the step)."""
    if step in ("check", "build"):
        import atlas.site.build  # noqa: F401
    if step in ("build", "floor"):
        import mkdocs.commands.build  # noqa: F401
        import mkdocs.config  # noqa: F401
    return {"check": _check, "build": _build, "floor": _floor}[step]


def _cpu_seconds() -> float:
    """CPU seconds of this process and of the processes it ran (the build runs Pagefind's binary)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main(argv: list[str]) -> int:
    step, *paths = argv
    run = _prepare(step)
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    run(*(Path(p) for p in paths))
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    print(json.dumps({"step": step, "wall": wall, "cpu": cpu}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
