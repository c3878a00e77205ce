"""The fast reader (LibYAML's event stream) never accepts what the node builder reports, and gives its values.

`read_plain_mapping` reads the common clean file without building a node tree; anything
else goes to the node builder (`_load_with_nodes`), which stays the one place that
explains problems. These tests hold the two readers side by side on tricky scalars, keys
and structures, on every YAML file of the project and its fixtures, and hold the values
both give against PyYAML's own SafeLoader.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import yaml

from atlas.cases import fast_load, load
from atlas.cases.fast_load import read_plain_mapping
from atlas.cases.load import LoadedFile
from atlas.cases.yaml_scalars import invisible_character_problem
from atlas.inputs import load_corpus
from tests.conftest import ROOT

# Scalars whose YAML 1.1 typing is easy to get wrong, in the forms a contributor may write them.
TRICKY_SCALARS = [
    *("0", "-0", "+12", "-3", "017", "00", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30"),
    *("12345678901234567890", "123456789012345678901", "1.5", "-3.25", ".5", "5.", "+.5", "01.5"),
    *("1e3", "1.5e3", "1.5e+3", "1.5E-3", "1_0.5", "-0.0"),
    *(".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", "inf", "nan"),
    *("yes", "Yes", "YES", "yEs", "no", "No", "on", "On", "OFF", "off", "y", "n", "Y", "N"),
    *("true", "True", "TRUE", "tRUE", "false", "False", "t", "f", "o"),
    *("~", "null", "Null", "NULL", "nULL", "none", "None", ""),
    *("2024-01-01", "2024-1-1", "2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "2024-13-45", "2024-01"),
    *("=", "<<", "<", "-", ".", "+", "n/a", "12 cm", "3 months", "~5", "female", "total nephrectomy"),
    *("'12'", "'yes'", "'~'", "'2024-01-01'", '"12"', '"yes"', '"null"', '""', "''"),
    *('"quoted"', "'single'", '"tab\\there"', '"caf\\u00e9"', '"\\u202e"', '"\\x85"', '"\\0"', "'\\u202e'"),
    *('"line\\nbreak"', "'it''s'", "Ölfeld", "…", "ß", "日本", "&anchor 1", "*alias", "!!str 12", "! 12"),
    *(
        "!!int 12",
        "!!float 1",
        "!!bool yes",
        "!!null ''",
        "!!timestamp 2024-01-01",
        "!local x",
        "!!binary aGk=",
    ),
    *("[1, 2]", "[]", "{}", "{a: 1}", "[~]", "[yes, no]", "|\n  text\n", ">-\n  folded\n  text\n"),
]

TRICKY_KEYS = [
    *("plain", "'quoted'", '"1"', "1", "-1", "1.5", "yes", "no", "on", "true", "~", "null", "''"),
    *("2024-01-01", "<<", "'<<'", "=", ".5", "0x1F", "Ölfeld", "? [a, b]\n", "? {a: 1}\n", "&k key"),
    *("!!str key", "!!int 1", "? key\n", "[a]", "{a: b}"),
]

STRUCTURES = [
    "a: 1\nb: [x, y]\nc: {d: e}\n",
    "a: &x 1\n",
    "a: &x 1\nb: *x\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: *x\n",
    "a: &x 1\nb: &x 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "a: 1\na: 2\n",
    "a:\n",
    "a: [1, ~]\n",
    "a: [1, null, 2]\n",
    "a: {b: }\n",
    "<<: {b: 1}\na: 2\n",
    "!!map {a: 1}\n",
    "a: !!seq [1]\n",
    "a: !!map {b: 1}\n",
    "a: ! [1]\n",
    "--- !!map\na: 1\n",
    "---\na: 1\n---\nb: 2\n",
    "---\na: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "- a\n- b\n",
    "just text\n",
    "12\n",
    "~\n",
    "",
    "# only a comment\n",
    "---\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a:\n\t- x\n",
    "a: 'unclosed\n",
    "a: {b: [c, {d: [e, f]}]}\n",
    "a:\n  - b: 1\n    c: [2, 3]\n  - d\n",
    "a: |\n  literal\n  text\n",
    "a: >\n  folded\n\n  text\n",
    "? complex\n: value\n",
    "a: 1 # comment\n",
    "a: \u2028b\n",
]


def _nested(levels: int) -> str:
    """`levels` block mappings, one inside the other; the innermost holds `leaf: 1`."""
    return "".join("  " * depth + f"k{depth}:\n" for depth in range(levels)) + "  " * levels + "leaf: 1\n"


STRUCTURES += [_nested(11), _nested(12), _nested(13)]


def _typed(value: Any) -> Any:
    """A value with every type and key order spelled out, so 1, 1.0 and True do not compare equal."""
    if isinstance(value, dict):
        return [(key, _typed(item)) for key, item in value.items()]  # in order
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, repr(value)


def _node_builder(text: str) -> tuple[Any, list[str]]:
    loaded, problems = load._load_with_nodes(
        text, LoadedFile(path=Path("x.yaml"), display="x.yaml", text=text)
    )
    return loaded.data, [f"{p.code} {p.message}" for p in problems]


def _assert_readers_agree(text: str) -> Any:
    """The fast reader gives the node builder's values, or steps aside; it never passes a problem."""
    fast = read_plain_mapping(text)
    data, problems = _node_builder(text)
    if fast is not None:
        assert problems == [], f"the fast reader accepted a file the node builder reports: {problems}"
        assert _typed(fast) == _typed(data)
    return fast


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_readers_agree_on_tricky_scalars(scalar: str) -> None:
    _assert_readers_agree(f"value: {scalar}\n")
    _assert_readers_agree(f"value: [{scalar}]\n" if "\n" not in scalar else f"value:\n  - {scalar}")


@pytest.mark.parametrize("key", TRICKY_KEYS)
def test_readers_agree_on_tricky_keys(key: str) -> None:
    _assert_readers_agree(f"{key}: value\nother: 1\n" if not key.endswith("\n") else f"{key}: value\n")


@pytest.mark.parametrize("text", STRUCTURES)
def test_readers_agree_on_structures(text: str) -> None:
    _assert_readers_agree(text)


def _project_yaml_files() -> list[Path]:
    folders = [ROOT / "cases", ROOT / "literature", ROOT / "tests" / "fixtures"]
    return sorted(path for folder in folders for path in folder.rglob("*.yaml"))


@pytest.mark.parametrize("path", _project_yaml_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_readers_agree_on_every_yaml_file_of_the_project(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    if invisible_character_problem(text, "") or load._flow_depth_problem(text, ""):
        return  # refused before either reader runs
    fast = _assert_readers_agree(text)
    if path.parent == ROOT / "cases":
        assert fast is not None, "a clean case file should take the fast path"


@pytest.mark.parametrize("scalar", TRICKY_SCALARS)
def test_accepted_values_are_what_pyyaml_safe_loader_reads(scalar: str) -> None:
    """Same values as yaml.safe_load, except that dates stay text (see atlas/cases/load.py)."""
    text = f"value: {scalar}\n"
    fast = read_plain_mapping(text)
    if fast is None:
        return
    node = yaml.compose(text, Loader=yaml.SafeLoader).value[0][1]
    if node.tag == "tag:yaml.org,2002:timestamp":
        assert fast["value"] == scalar
    else:
        assert _typed(fast["value"]) == _typed(yaml.safe_load(text)["value"])


def test_the_fast_reader_takes_the_common_forms() -> None:
    """Plain, quoted and block text, numbers, booleans, lists and nested mappings stay on the fast path."""
    text = (
        "id: x\nage: 66\nsize: 4.5\nflag: true\nwords: no\nquoted: 'no'\ndate: 2024-01-01\n"
        'note: "caf\\u00e9"\nblock: >-\n  folded\n  text\nitems: [a, 1, 2.5]\nnested:\n  - k: v\n'
    )
    assert read_plain_mapping(text) == {
        "id": "x",
        "age": 66,
        "size": 4.5,
        "flag": True,
        "words": False,
        "quoted": "no",
        "date": "2024-01-01",
        "note": "café",
        "block": "folded text",
        "items": ["a", 1, 2.5],
        "nested": [{"k": "v"}],
    }


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\n", "a: !!str 1\n", "a: ! x\n", "a: ~\n", "a: 1_000\n", "1: x\n", "a: 1\na: 2\n", "- a\n"],
)
def test_the_fast_reader_steps_aside_for_anchors_tags_nulls_odd_numbers_keys_and_lists(text: str) -> None:
    assert read_plain_mapping(text) is None


def test_plain_scalars_are_typed_by_their_first_character_only() -> None:
    """The fast reader takes as text, untyped, any plain scalar starting with another character."""
    resolver = fast_load._SAFE_RESOLVER
    assert None not in resolver.yaml_implicit_resolvers  # no resolver that looks at every scalar
    assert not resolver.yaml_path_resolvers
    assert set("yYnNtTfFoO-+0123456789.<~=") | {""} <= fast_load._TYPED_FIRST_CHARACTERS
    untyped = [
        chr(code) for code in range(0x20, 0x3000) if chr(code) not in fast_load._TYPED_FIRST_CHARACTERS
    ]
    for first in untyped:
        for value in (first, first + "1", first + "es", first + "ull", first + ".5", first + "024-01-01"):
            assert resolver.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def test_loading_leaves_nothing_frozen_and_thaws_nothing_frozen_on_purpose() -> None:
    """Loaded objects are filed as old, not exempted from collection; what a caller froze stays frozen."""
    assert gc.get_freeze_count() == 0
    load_corpus(ROOT)
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(3)]  # noqa: F841 - alive while frozen
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load_corpus(ROOT)
        # Frozen objects freed meanwhile (by other threads of a test session) leave the count;
        # thawing would empty it, and freezing anew would raise it.
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
