"""setup.sh: everything by default; with --build-only, what the build needs and nothing else (no Chromium).

setup.sh runs with stand-ins for `python` and `apt-get` on the PATH, which record what they were
asked to do, so the test installs nothing.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = ("playwright", "scipy", "pytest", "feedparser", "axe-playwright-python")


def run_setup(tmp_path: Path, *args: str) -> tuple[str, str]:
    """Run setup.sh with recording stand-ins; (apt-get calls, requirements pip was given)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "log"
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "apt-get $*" >> "{log}.apt"\n', encoding="utf-8")
    (bin_dir / "sudo").write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
    (bin_dir / "python").write_text(
        f'#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = "-r" ] && cat "$2" >> "{log}.pip"; shift; done\n',
        encoding="utf-8",
    )
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = os.environ | {"PATH": f"{bin_dir}:{os.environ['PATH']}", "ATLAS_CHROMIUM": str(tmp_path / "none")}
    subprocess.run(["bash", str(ROOT / "setup.sh"), *args], env=env, check=True, capture_output=True)
    read = lambda suffix: Path(f"{log}{suffix}").read_text() if Path(f"{log}{suffix}").exists() else ""  # noqa: E731
    return read(".apt"), read(".pip")


def names(requirements: str) -> set[str]:
    lines = [line.split("#")[0].strip() for line in requirements.splitlines()]
    return {Requirement(line).name.lower() for line in lines if line}


def test_build_only_installs_the_build_part_and_no_browser(tmp_path: Path) -> None:
    apt, pip = run_setup(tmp_path, "--build-only")
    assert apt == ""
    assert "mkdocs-material" in names(pip) and "mkdocs" in names(pip)
    assert not names(pip) & set(TEST_ONLY)


def test_the_default_installs_everything_and_the_browser(tmp_path: Path) -> None:
    apt, pip = run_setup(tmp_path)
    assert "apt-get install -y -qq chromium" in apt
    assert names(pip) == names((ROOT / "requirements.txt").read_text(encoding="utf-8"))


def test_an_unknown_option_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(ROOT / "setup.sh"), "--nope"], capture_output=True, text=True)
    assert result.returncode == 2 and "usage: bash setup.sh [--build-only]" in result.stderr


def third_party_imports() -> set[str]:
    """Top-level modules imported by the build's code (atlas/ and build_site.py) outside the stdlib."""
    found: set[str] = set()
    for path in [ROOT / "build_site.py", *sorted((ROOT / "atlas").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {
        name for name in found if name not in sys.stdlib_module_names and name not in ("atlas", "__future__")
    }


def closure(distributions: set[str]) -> set[str]:
    """The distributions and everything they require (installed versions' metadata)."""
    seen: set[str] = set()
    todo = list(distributions)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for requirement in metadata.requires(name) or []:
            parsed = Requirement(requirement)
            if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
                todo.append(parsed.name.lower())
    return {re.sub(r"[-_.]+", "-", name) for name in seen}


def test_the_build_part_covers_every_import_of_the_build(tmp_path: Path) -> None:
    _, pip = run_setup(tmp_path, "--build-only")
    installed = closure(names(pip))
    providers = metadata.packages_distributions()
    missing = {
        module: providers.get(module)
        for module in third_party_imports()
        if not {re.sub(r"[-_.]+", "-", d.lower()) for d in providers.get(module, [])} & installed
    }
    assert missing == {}
