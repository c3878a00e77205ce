"""Every input of the project is read once per build, by atlas.inputs, and handed on from there.

The test watches every file opened during a real build of a copy of the project and counts,
per input file, the opens made by the atlas's own code (the innermost frame of the project
outside the standard library is in atlas/). MkDocs reads mkdocs.yml for itself, as it must,
and reads the staging copy of docs/, which is build output rather than input.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
import traceback
from collections import Counter
from pathlib import Path

import pytest

from atlas.inputs import read_inputs
from atlas.site.build import build
from tests.conftest import copy_project

INPUT_GLOBS = (
    "cases/*.yaml",
    "references.bib",
    "literature/*.yaml",
    "docs/**/*.md",
    "CITATION.cff",
    "mkdocs.yml",
    "CHANGELOG.md",
    ".github/ISSUE_TEMPLATE/*.yml",
)
STDLIB = Path(traceback.__file__).parent


def opener_is_atlas(atlas_dir: Path) -> bool:
    """True when the innermost frame that is not the standard library's belongs to atlas/."""
    for frame, _ in traceback.walk_stack(sys._getframe(2)):
        filename = Path(frame.f_code.co_filename)
        if filename.is_relative_to(STDLIB) and "site-packages" not in filename.parts:
            continue
        return filename.is_relative_to(atlas_dir)
    return False


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    counted: Counter[Path] = Counter()
    real_open = io.open
    atlas_dir = Path(__file__).resolve().parents[2] / "atlas"

    def watching_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, str | Path) and opener_is_atlas(atlas_dir):
            counted[Path(file).resolve()] += 1
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def watching_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(path, str | Path) and opener_is_atlas(atlas_dir):
            counted[Path(path).resolve()] += 1
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io, "open", watching_open)
    monkeypatch.setattr(os, "open", watching_os_open)  # case files are read with os.read
    return counted


def input_files(root: Path) -> list[Path]:
    return sorted({path.resolve() for pattern in INPUT_GLOBS for path in root.glob(pattern)})


@pytest.mark.slow
def test_a_build_reads_each_input_file_once(tmp_path: Path, opens: Counter[Path]) -> None:
    root = copy_project(tmp_path / "project")
    build(root, tmp_path / "site")
    files = input_files(root)
    assert len(files) > 20  # cases, docs pages, literature, references, settings
    read = {path.relative_to(root.resolve()).as_posix(): opens[path] for path in files}
    assert read == {name: 1 for name in read}


def test_the_watch_sees_a_second_read(tmp_path: Path, opens: Counter[Path]) -> None:
    """The counter is not blind: reading the inputs twice counts two opens of every file."""
    root = copy_project(tmp_path / "project")
    read_inputs(root)
    read_inputs(root)
    counts = {opens[path] for path in input_files(root)}
    assert counts == {2}
