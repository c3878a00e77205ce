"""The quick loop, `python -m pytest -m "not slow"`: what makes a test slow is marked, and stays marked.

A whole build, a browser or the benchmark costs seconds of CPU per test; the rest of the suite
runs in well under a minute, so that it can run after every edit (the README gives the figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.site.build import build
from tests.conftest import ROOT, SLOW_FIXTURES


def test_the_markers_are_declared_and_a_misspelt_one_stops_the_run(pytestconfig: pytest.Config) -> None:
    declared = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert {"slow", "browser"} <= declared
    assert pytestconfig.getoption("strict_markers"), "--strict-markers turns @pytest.mark.slwo into an error"


def test_every_test_that_builds_the_site_or_opens_a_browser_is_slow(request: pytest.FixtureRequest) -> None:
    unmarked = [
        item.nodeid
        for item in request.session.items
        if (SLOW_FIXTURES.intersection(item.fixturenames) or item.get_closest_marker("browser"))
        and item.get_closest_marker("slow") is None
    ]
    assert unmarked == []
    assert request.node.get_closest_marker("slow") is None


def test_a_quick_test_that_runs_mkdocs_is_told_to_be_marked_slow(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"builds the whole site: mark it @pytest.mark.slow"):
        build(ROOT, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not list(tmp_path.glob(".atlas-build-*"))
