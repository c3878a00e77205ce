"""Safe YAML loading that remembers the line of every key and value.

Case files come from strangers, so only plain YAML is accepted: no tags, no
anchors or aliases, no merge keys, no duplicate keys, no nulls (absent is the one
way to say "not reported"). Values are built from the node tree ourselves rather
than by a YAML constructor, so nothing in a file can make the loader run code,
and dates stay text (a date where a number belongs is then a clear type error).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from atlas.diagnostics import Diagnostic, error

try:  # LibYAML's C parser: the validation budget depends on it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback, same behaviour
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
YAML_TAG = "tag:yaml.org,2002:"
_SCALAR = yaml.constructor.SafeConstructor()

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class LoadedFile:
    """A parsed YAML file: plain data plus where each value and key stands in the text."""

    path: Path
    display: str
    data: Any = None
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)

    def where(self, path: FieldPath, *, key: bool = False) -> Position:
        """Position of a value (or its key), falling back to the nearest enclosing value."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found:
                return found
        return Position(1, 1)


class _Reject(Exception):
    def __init__(self, node: yaml.Node, code: str, message: str):
        super().__init__(message)
        self.position = _position(node)
        self.code = code
        self.message = message


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml_file(path: Path, display: str | None = None) -> tuple[LoadedFile, list[Diagnostic]]:
    """Read one file; return what could be loaded and the problems, never raising on bad input."""
    loaded = LoadedFile(path=path, display=display or path.as_posix())
    raw = path.read_bytes()
    text, problem = _decode(raw, loaded.display)
    if problem:
        return loaded, [problem]
    return _load_text(text, loaded)


def _decode(raw: bytes, display: str) -> tuple[str, Diagnostic | None]:
    if len(raw) > MAX_FILE_BYTES:
        return "", error(
            display,
            1,
            1,
            "E002",
            f"file is {len(raw) // 1024} KiB; a case file may be at most {MAX_FILE_BYTES // 1024} KiB",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", error(
            display,
            line,
            column,
            "E001",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        )
    return text.removeprefix("\ufeff"), None


def _load_text(text: str, loaded: LoadedFile) -> tuple[LoadedFile, list[Diagnostic]]:
    where = loaded.display
    depth_problem = _flow_depth_problem(text, where)
    if depth_problem:
        return loaded, [depth_problem]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = (exc.problem or "invalid YAML").strip()
        if "\t" in _line(text, line):
            reason += "; indent with spaces, never tabs"
        return loaded, [error(where, line, column, "E003", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return loaded, [error(where, 1, 1, "E003", f"YAML syntax error: {exc}")]
    if root is None:
        return loaded, [error(where, 1, 1, "E008", "file is empty; a case is a mapping of fields")]
    if not isinstance(root, yaml.MappingNode):
        position = _position(root)
        return loaded, [
            error(
                where,
                position.line,
                position.column,
                "E008",
                "the top level must be a mapping of fields (key: value), not a list or a single value",
            )
        ]
    builder = _Builder(loaded)
    loaded.data = builder.build(root, ())
    return loaded, builder.problems


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _flow_depth_problem(text: str, where: str) -> Diagnostic | None:
    """LibYAML composes recursively; refuse absurd [[[…]]] nesting before it can exhaust the stack."""
    depth = 0
    line = 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return error(where, line, 1, "E010", f"values are nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
    return None


class _Builder:
    """Turns a node tree into plain dicts, lists and scalars, recording positions and problems."""

    def __init__(self, loaded: LoadedFile):
        self.loaded = loaded
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        try:
            return self._node(node, path)
        except _Reject as exc:
            self._problem(exc.position, exc.code, exc.message)
            return None

    def _problem(self, position: Position, code: str, message: str) -> None:
        self.problems.append(error(self.loaded.display, position.line, position.column, code, message))

    def _node(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.seen:
            raise _Reject(
                node,
                "E004",
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
            )
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _Reject(node, "E010", f"values are nested more than {MAX_DEPTH} levels deep")
        self.loaded.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._require_plain_tag(node, "seq")
            return [
                value
                for index, item in enumerate(node.value)
                if (value := self.build(item, (*path, index))) is not None
            ]
        return _scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        self._require_plain_tag(node, "map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in result or (*path, key) in self.loaded.keys:
                position = _position(key_node)
                self._problem(position, "E006", f"field '{key}' appears twice; keep one")
                continue
            self.loaded.keys[(*path, key)] = _position(key_node)
            value = self.build(value_node, (*path, key))
            if value is not None:
                result[key] = value
        return result

    def _key(self, key_node: yaml.Node) -> str | None:
        if key_node.tag == YAML_TAG + "merge":
            self._problem(
                _position(key_node), "E007", "merge keys (<<) are not allowed; write the fields out in full"
            )
            return None
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != YAML_TAG + "str":
            shown = getattr(key_node, "value", "?")
            self._problem(
                _position(key_node),
                "E012",
                f"field names must be plain text (got {shown!r}); check the indentation",
            )
            return None
        return key_node.value

    @staticmethod
    def _require_plain_tag(node: yaml.Node, kind: str) -> None:
        if node.tag != YAML_TAG + kind:
            raise _Reject(node, "E005", f"YAML tags such as {node.tag!r} are not allowed")


def _scalar(node: yaml.ScalarNode, path: FieldPath) -> Any:
    tag = node.tag
    if tag == YAML_TAG + "null":
        field_name = ".".join(str(p) for p in path) or "value"
        raise _Reject(
            node, "E009", f"{field_name} is empty; leave a field out when the article does not report it"
        )
    if tag in (YAML_TAG + "str", YAML_TAG + "timestamp"):
        return node.value
    if tag == YAML_TAG + "bool":
        return _SCALAR.construct_yaml_bool(node)
    if tag == YAML_TAG + "int":
        return _SCALAR.construct_yaml_int(node)
    if tag == YAML_TAG + "float":
        value = _SCALAR.construct_yaml_float(node)
        if not math.isfinite(value):
            raise _Reject(node, "E011", f"{node.value!r} is not a finite number")
        return value
    raise _Reject(node, "E005", f"YAML tags such as {tag!r} are not allowed")
