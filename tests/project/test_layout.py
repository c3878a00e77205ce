"""The package's layout: a subpackage per step of the flow, and imports that point one way only.

Every `import atlas…` / `from atlas… import …` of every module is read with `ast` (inside
functions and `if TYPE_CHECKING:` blocks too: a cycle hidden in a function is still a cycle).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "atlas"
STAGES = ("cases", "sources", "evidence", "pages", "site", "contribute")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The atlas modules a module imports (`from atlas.x import y` names module atlas.x.y if it exists)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return {name for name in found if name in known}


def import_graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: imported_modules(path, known) - {name} for name, path in modules().items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def stage_of(module: str) -> str:
    parts = module.split(".")
    in_a_stage = len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES)
    return parts[1] if in_a_stage else module  # atlas.inputs, atlas.cli, atlas.diagnostics, … stand alone


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_module_of_atlas_imports_itself_round_a_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_stages_import_one_way_only() -> None:
    """Between subpackages (and the top-level modules) too: later stages use earlier ones, never back."""
    stages: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        stages.setdefault(stage_of(module), set()).update(
            stage_of(t) for t in targets if stage_of(t) != stage_of(module)
        )
    cycle = find_cycle(stages)
    assert cycle is None, "stages import each other: " + " → ".join(cycle or [])


# The flow as the imports draw it, first to last (the README's diagram shows this order): a module
# may import only from stages before its own. contribute/ stands beside the flow, after it.
FLOW = (
    "atlas",  # the package itself: its version
    "atlas.paths",
    "atlas.diagnostics",
    "atlas.rules",  # the catalogue of diagnostic codes, which every stage emits through
    "cases",
    "sources",
    "atlas.inputs",
    "evidence",
    "pages",
    "site",
    "contribute",
    "atlas.cli",
)


def test_every_import_points_back_along_the_flow() -> None:
    backward = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if module != "atlas" and FLOW.index(stage_of(target)) > FLOW.index(stage_of(module))
    )
    assert backward == []


def test_the_readme_draws_the_flow_in_the_order_of_the_imports() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    drawing = next(line for line in readme.splitlines() if "─►" in line and "evidence" in line)
    steps = [step.strip() for step in drawing.split("─►")]
    names = [
        name.removeprefix("atlas.")
        for name in FLOW
        if name not in ("atlas", "atlas.paths", "atlas.diagnostics", "atlas.rules")
    ]
    assert [step for step in steps if step in names] == names[: len([s for s in steps if s in names])]
    assert set(names[:-2]) <= set(steps), f"the README's flow line should name {names[:-2]}: {drawing}"


def test_the_package_is_a_handful_of_stages_each_saying_what_step_it_is() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(STAGES)
    for name in STAGES:
        doc = importlib.import_module(f"atlas.{name}").__doc__
        assert doc and len(doc.split()) >= 8, f"atlas/{name}/__init__.py needs a docstring saying its step"
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "cli.py", "diagnostics.py", "inputs.py", "paths.py", "rules.py"]


def test_page_generators_do_not_import_the_renderer() -> None:
    graph = import_graph()
    importers = sorted(module for module, targets in graph.items() if "atlas.pages.render" in targets)
    assert importers == ["atlas.site.build"]


@pytest.mark.parametrize("module", sorted(modules()))
def test_every_module_says_why_it_exists(module: str) -> None:
    assert importlib.import_module(module).__doc__, f"{module} has no docstring"
