"""An interrupted or failed build leaves the previous site/ as it was, and no staging folder behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import mkdocs.commands.build
import pytest

from atlas.site.build import build
from atlas.site.publish import PREVIOUS, STAGING_PREFIX
from tests.conftest import copy_project

# Every test builds the whole site, some in a separate process.
pytestmark = pytest.mark.slow

# Runs the real CLI, but the first page MkDocs writes announces itself and hangs, so the
# test can interrupt the build while MkDocs is half way through writing the new site.
# Ctrl-C reaches a build started in a terminal as KeyboardInterrupt; a process started in the
# background (a test run with `&`, some CI runners) inherits SIGINT ignored, and Python then
# leaves it ignored, so the build is given a terminal's handling of SIGINT before it starts.
HANG_IN_MKDOCS = """
import pathlib, runpy, signal, sys, time
import mkdocs.commands.build as mkdocs_build
signal.signal(signal.SIGINT, signal.default_int_handler)
marker = pathlib.Path(sys.argv[1])
original = mkdocs_build._build_page
def hang(*args, **kwargs):
    original(*args, **kwargs)
    marker.write_text("in mkdocs")
    time.sleep(600)
mkdocs_build._build_page = hang
sys.argv = ["build_site.py", "build"]
runpy.run_path("build_site.py", run_name="__main__")
"""


def tree(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    return sorted(
        p.name for p in project.iterdir() if p.name.startswith(STAGING_PREFIX) or p.name == "site.old"
    )


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a first build in site/, made once: each test starts from a copy of it."""
    built = copy_project(tmp_path_factory.mktemp("first-build") / "project")
    build(built)
    assert leftovers(built) == []
    return built


@pytest.fixture
def project(first_build: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(first_build, tmp_path / "project"))


@pytest.fixture
def previous_site(project: Path) -> dict[str, str]:
    """A project whose site/ holds a first build, and a change that makes the next build different."""
    before = tree(project / "site")
    chapter = project / "docs" / "review" / "index.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added after the first build.\n")
    return before


class Injected(Exception):
    pass


def failing_after(pages: int, exception: BaseException):
    original = mkdocs.commands.build._build_page
    calls = {"n": 0}

    def build_page(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > pages:
            raise exception
        return original(*args, **kwargs)

    return build_page


@pytest.mark.parametrize("exception", [Injected("disk full"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_exception_inside_mkdocs_keeps_previous_site(
    project: Path, previous_site: dict[str, str], monkeypatch: pytest.MonkeyPatch, exception: BaseException
) -> None:
    monkeypatch.setattr(mkdocs.commands.build, "_build_page", failing_after(1, exception))
    with pytest.raises(type(exception)):
        build(project)
    assert tree(project / "site") == previous_site
    assert leftovers(project) == []


def test_failure_between_the_two_renames_puts_the_old_site_back(
    project: Path, previous_site: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if self.name == "site" and self.parent.name.startswith(STAGING_PREFIX):
            raise OSError("rename failed")
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="rename failed"):
        build(project)
    assert tree(project / "site") == previous_site
    assert leftovers(project) == []


def test_the_new_site_replaces_the_old_one_when_all_succeeds(
    project: Path, previous_site: dict[str, str]
) -> None:
    build(project)
    after = tree(project / "site")
    assert after != previous_site and after.keys() == previous_site.keys()
    assert (
        "A sentence added after the first build." in (project / "site" / "review" / "index.html").read_text()
    )
    assert leftovers(project) == []


HangingBuild = Callable[[], tuple[subprocess.Popen[bytes], Path]]


@pytest.fixture
def start_hanging_build(project: Path) -> Iterator[HangingBuild]:
    """Starts the CLI's build and returns once MkDocs is writing; a build still running at the end
    of the test (one that failed) is killed, so that none is left behind."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> tuple[subprocess.Popen[bytes], Path]:
        marker = project / "in-mkdocs.txt"
        process = subprocess.Popen(
            [sys.executable, "-c", HANG_IN_MKDOCS, str(marker)],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        deadline = time.monotonic() + 300
        while not marker.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the build never reached MkDocs: {process.communicate()[0].decode()}")
            time.sleep(0.05)
        assert len(leftovers(project)) == 1, "the build should be writing into its staging folder"
        return process, marker

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_build_stopped_by_a_signal_keeps_previous_site_and_cleans_up(
    project: Path, previous_site: dict[str, str], start_hanging_build: HangingBuild, signum: int
) -> None:
    process, _ = start_hanging_build()
    process.send_signal(signum)
    output = process.communicate(timeout=120)[0].decode()
    assert process.returncode == 130, output
    assert "Build interrupted: site/ was not changed." in output
    assert tree(project / "site") == previous_site
    assert leftovers(project) == []


def test_killed_build_keeps_previous_site_and_the_next_build_cleans_up(
    project: Path, previous_site: dict[str, str], start_hanging_build: HangingBuild
) -> None:
    """SIGKILL allows no clean-up: the old site stays, and the next build removes the staging folder."""
    process, marker = start_hanging_build()
    process.kill()
    process.communicate(timeout=120)
    assert tree(project / "site") == previous_site
    assert len(leftovers(project)) == 1
    marker.unlink()
    build(project)
    assert leftovers(project) == []
    assert (
        "A sentence added after the first build." in (project / "site" / "review" / "index.html").read_text()
    )


def test_build_killed_mid_swap_gets_its_site_back(project: Path, previous_site: dict[str, str]) -> None:
    """Killed between its renames, a build leaves site/ in its staging folder; the next build restores it."""
    staging = project / f"{STAGING_PREFIX}site-killed"
    staging.mkdir()
    (project / "site").rename(staging / PREVIOUS)
    (project / "cases" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    with pytest.raises(Exception, match="error"):
        build(project)
    assert tree(project / "site") == previous_site
    assert leftovers(project) == []


def test_a_build_elsewhere_does_not_touch_this_site(project: Path, previous_site: dict[str, str]) -> None:
    """Staging folders are named after their site, so building site-b never removes site/'s."""
    mine = project / f"{STAGING_PREFIX}site-in-progress"
    mine.mkdir()
    build(project, project / "site-b")
    assert mine.exists()
    assert tree(project / "site") == previous_site
    os.rmdir(mine)
