"""The README a newcomer reads in five minutes: short, the two quick-start commands first, a layout tree
that matches the files, and links (to DESIGN.md, MAINTAINING.md, the benchmark report) that lead somewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
GUIDES = ("README.md", "DESIGN.md", "MAINTAINING.md", "benchmarks/RESULTS.md", "CONTRIBUTING.md")
MAX_LINES = 300
QUICK_START = ["bash setup.sh && python build_site.py", "python -m pytest"]
SKIPPED = {"__init__.py", "__pycache__"}
GENERATED = ("benchmarks/results/",)  # written by the benchmark, never committed
LINK = re.compile(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`[^`]*`")
TOP_FOLDERS = "atlas|tests|benchmarks|docs|literature|schema|cases|\\.github|\\.ci"
PROJECT_PATH = re.compile(rf"`((?:{TOP_FOLDERS})/[\w./-]+)`")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def code_blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)]


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {anchor(line.lstrip("#")) for _, line in prose_lines(text) if re.match(r"#{1,6} ", line)}


def broken_links(path: Path, root: Path) -> list[str]:
    """`file:line: link → target: why` for every relative link that leads nowhere."""
    problems = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto: are not files of the project
            file_part, _, fragment = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(root).as_posix()}:{number}: link → {target}"
            if not linked.exists():
                problems.append(f"{where}: no such file")
            elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
                problems.append(f"{where}: no heading with that anchor")
    return problems


def missing_paths(path: Path, root: Path) -> list[str]:
    """Project paths written in code spans (`atlas/...`) that name no file or folder."""
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for named in PROJECT_PATH.findall(line):
            if not named.startswith(GENERATED) and not (root / named).exists():
                problems.append(f"{path.relative_to(root).as_posix()}:{number}: `{named}` does not exist")
    return problems


def layout_tree(text: str) -> list[str]:
    """The paths the README's layout tree names, from its indentation (two spaces a level)."""
    block = next(block for block in code_blocks(text) if "atlas/" in [line.strip() for line in block])
    paths, parents = [], []
    for line in block:
        depth = (len(line) - len(line.lstrip())) // 2
        name = line.split()[0].rstrip("/")
        parents[depth:] = [name]
        paths.append("/".join(parents))
    return paths


def files_of(folder: str, depth: int) -> set[str]:
    """What a tree should list of `folder`: its entries, and those of its subfolders to `depth`."""
    found = set()
    for entry in sorted((ROOT / folder).iterdir()):
        if entry.name in SKIPPED:
            continue
        found.add(entry.relative_to(ROOT).as_posix())
        if depth > 1 and entry.is_dir():
            found |= files_of(entry.relative_to(ROOT).as_posix(), depth - 1)
    return found


def test_the_readme_is_at_most_300_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, (
        f"README.md has {len(lines)} lines: move detail to DESIGN.md or MAINTAINING.md"
    )


def test_the_first_code_block_is_the_two_quick_start_commands() -> None:
    text = README.read_text(encoding="utf-8")
    headings = [line for _, line in prose_lines(text) if line.startswith("## ")]
    assert headings[0] == "## Quick start"
    first = code_blocks(text)[0]
    assert [line.split("#", 1)[0].strip() for line in first if line.strip()] == QUICK_START


def test_the_ci_entry_point_runs_the_readme_test_command() -> None:
    test_command = QUICK_START[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in [line.strip() for line in script if not line.lstrip().startswith("#")]


@pytest.mark.parametrize("name", GUIDES)
def test_every_relative_link_leads_to_a_file_and_heading(name: str) -> None:
    assert broken_links(ROOT / name, ROOT) == []


@pytest.mark.parametrize("name", GUIDES)
def test_every_project_path_named_exists(name: str) -> None:
    assert missing_paths(ROOT / name, ROOT) == []


def test_the_link_check_reports_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "GUIDE.md").write_text("# Guide\n\n## Running it\n", encoding="utf-8")
    page = tmp_path / "README.md"
    page.write_text(
        "# Readme\n\nSee [the guide](GUIDE.md#running-it), [gone](GONE.md) and [here](GUIDE.md#nowhere).\n"
        "```\n[in code](NOT-CHECKED.md)\n```\n`[in a code span](NOT-CHECKED.md)` and [web](https://example.org)\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == [
        "README.md:3: link → GONE.md: no such file",
        "README.md:3: link → GUIDE.md#nowhere: no heading with that anchor",
    ]


def test_headings_give_github_anchors() -> None:
    heading = "Survival: SciPy's formulas, SciPy as the judge"
    assert anchor(heading) == "survival-scipys-formulas-scipy-as-the-judge"
    assert anchor('One source for "how to cite"') == "one-source-for-how-to-cite"


def test_the_layout_tree_lists_every_module_of_atlas_and_every_part_of_tests() -> None:
    listed = set(layout_tree(README.read_text(encoding="utf-8")))
    expected = files_of("atlas", depth=2) | files_of("tests", depth=1)
    shown = {path for path in listed if path.startswith(("atlas/", "tests/"))}
    assert sorted(expected - shown) == [], "add these to the README's layout tree"
    assert sorted(shown - expected) == [], "the README's layout tree names what is not there"


def test_every_top_level_entry_of_the_layout_tree_exists() -> None:
    top = [path for path in layout_tree(README.read_text(encoding="utf-8")) if "/" not in path]
    assert "atlas" in top and "tests" in top
    assert [name for name in top if not (ROOT / name).exists()] == []


def test_the_tree_reader_follows_the_indentation() -> None:
    text = "```\natlas/\n  cases/     the format\n    model.py   one\n  cli.py     two\ntests/\n```\n"
    assert layout_tree(text) == ["atlas", "atlas/cases", "atlas/cases/model.py", "atlas/cli.py", "tests"]


def budget_rows(text: str) -> list[str]:
    """The rows of a table headed `| figure | value | budget | holds |`, as written."""
    rows: list[str] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("| figure | value | budget | holds |"):
            in_table = True
        elif in_table and line.startswith("|"):
            rows.append(line)
        elif in_table:
            break
    return [row for row in rows if not set(row) <= set("|- ")]


def test_the_readme_budget_table_is_the_published_benchmark_run() -> None:
    """Every budget of the README's table, with its value and verdict, as in benchmarks/RESULTS.md."""
    readme = budget_rows(README.read_text(encoding="utf-8"))
    published = budget_rows((ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8"))
    assert len(readme) >= 13  # the two time ratios, validation, eight page weights, requests, filtering
    assert readme == published
