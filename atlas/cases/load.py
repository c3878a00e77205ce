"""Safe YAML loading that remembers the line of every key and value.

Case files come from strangers, so only plain YAML is accepted: no tags, no
anchors or aliases, no merge keys, no duplicate keys, no nulls (absent is the one
way to say "not reported"). Values are built from the node tree ourselves rather
than by a YAML constructor, so nothing in a file can make the loader run code,
and dates stay text (a date where a number belongs is then a clear type error).

A clean file, the common case, is read by a fast reader straight from LibYAML's event
stream (`read_plain_mapping`); whenever it meets anything else it steps aside, and the
node builder reads the file again and reports what is wrong.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from atlas.cases.fast_load import read_plain_mapping
from atlas.cases.yaml_scalars import (
    MAX_DEPTH,
    YAML_TAG,
    FieldPath,
    Loader,
    Position,
    Reject,
    invisible_character_problem,
    node_position,
    require_plain_tag,
    scalar_value,
)
from atlas.diagnostics import Diagnostic
from atlas.rules import rule

MAX_FILE_BYTES = 256 * 1024

PositionTables = tuple[dict[FieldPath, "Position"], dict[FieldPath, "Position"]]


@dataclass
class LoadedFile:
    """A parsed YAML file: plain data, and where each value and key stands in the text.

    Positions are only needed to report a problem, so they are found on first use by
    composing the text again: keeping one for every key and value of thousands of
    valid files cost about a sixth of the validation time.
    """

    path: Path
    display: str
    data: Any = None
    text: str = field(default="", repr=False)
    _positions: PositionTables | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[FieldPath, Position]:
        return self._position_tables()[0]

    @property
    def keys(self) -> dict[FieldPath, Position]:
        return self._position_tables()[1]

    def _position_tables(self) -> PositionTables:
        if self._positions is None:
            self._positions = _positions_in(self.text)
        return self._positions

    def where(self, path: FieldPath, *, key: bool = False) -> Position:
        """Position of a value (or its key), falling back to the nearest enclosing value."""
        values = self.values
        table = self.keys if key else values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or values.get(path[:end])
            if found:
                return found
        return Position(1, 1)


class _AliasFound(Exception):
    """A node reached twice: the file uses an alias, which is refused as a whole."""


def load_yaml_file(path: Path, display: str | None = None) -> tuple[LoadedFile, list[Diagnostic]]:
    """Read one file; return what could be loaded and the problems, never raising on bad input."""
    loaded = LoadedFile(path=path, display=display or path.as_posix())
    raw, size = _read_at_most(path, MAX_FILE_BYTES)
    text, problem = _decode(raw, size, loaded.display)
    if problem:
        return loaded, [problem]
    return _load_text(text, loaded)


def _read_at_most(path: Path, limit: int) -> tuple[bytes, int]:
    """The file's first `limit` + 1 bytes, and its size: a file over the limit is refused unread.

    Plain os.read: Path.read_bytes asks the system for the file's size and position first, which
    was a third of the time of reading 5,000 small case files.
    """
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks: list[bytes] = []
        taken = 0
        while taken <= limit and (chunk := os.read(descriptor, limit + 1 - taken)):
            chunks.append(chunk)
            taken += len(chunk)
        size = os.fstat(descriptor).st_size if taken > limit else taken
    finally:
        os.close(descriptor)
    return b"".join(chunks), size


def _decode(raw: bytes, size: int, display: str) -> tuple[str, Diagnostic | None]:
    if size > MAX_FILE_BYTES:
        message = f"file is {size // 1024} KiB; a case file may be at most {MAX_FILE_BYTES // 1024} KiB"
        return "", rule("E002").at(display, 1, 1, message)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        return "", rule("E001").at(display, line, column, message)
    return text.removeprefix("\ufeff"), None


def _compose(text: str) -> yaml.Node | None:
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _positions_in(text: str) -> PositionTables:
    """Where every value and key of a loaded file stands (its text is composed again)."""
    if not text or invisible_character_problem(text, "") or _flow_depth_problem(text, ""):
        return {}, {}
    try:
        root = _compose(text)
    except yaml.YAMLError:
        return {}, {}
    builder = _Builder("", record_positions=True)
    if isinstance(root, yaml.MappingNode):
        with contextlib.suppress(_AliasFound):  # the file is refused anyway; keep what was found
            builder.build(root, ())
    return builder.values or {}, builder.keys or {}


def _load_text(text: str, loaded: LoadedFile) -> tuple[LoadedFile, list[Diagnostic]]:
    where = loaded.display
    loaded.text = text
    text_problem = invisible_character_problem(text, where) or _flow_depth_problem(text, where)
    if text_problem:
        return loaded, [text_problem]
    loaded.data = read_plain_mapping(text)
    if loaded.data is not None:
        return loaded, []
    return _load_with_nodes(text, loaded)


def _load_with_nodes(text: str, loaded: LoadedFile) -> tuple[LoadedFile, list[Diagnostic]]:
    """The full loader: composes a node tree and builds values from it, reporting every problem."""
    where = loaded.display
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = (exc.problem or "invalid YAML").strip()
        if "another document" in reason:
            reason += "; a case file holds one case, so remove the second '---'"
        if "\t" in _line(text, line):
            reason += "; indent with spaces, never tabs"
        return loaded, [rule("E003").at(where, line, column, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return loaded, [rule("E003").at(where, 1, 1, f"YAML syntax error: {exc}")]
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == YAML_TAG + "null"):
        return loaded, [rule("E008").at(where, 1, 1, "file is empty; a case is a mapping of fields")]
    if not isinstance(root, yaml.MappingNode):
        position = node_position(root)
        message = "the top level must be a mapping of fields (key: value), not a list or a single value"
        return loaded, [rule("E008").at(where, position.line, position.column, message)]
    builder = _Builder(where)
    try:
        loaded.data = builder.build(root, ())
    except _AliasFound:
        loaded.data = None
        position = _first_alias(text)
        message = "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
        return loaded, [rule("E004").at(where, position.line, position.column, message)]
    return loaded, builder.problems


def _first_alias(text: str) -> Position:
    """Where the first *alias stands (the composed tree only knows where its anchor was)."""
    for token in yaml.scan(text, Loader=Loader):
        if isinstance(token, yaml.AliasToken):
            return Position(token.start_mark.line + 1, token.start_mark.column + 1)
    return Position(1, 1)


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _flow_depth_problem(text: str, where: str) -> Diagnostic | None:
    """LibYAML composes recursively; refuse absurd [[[…]]] nesting before it can exhaust the stack."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None  # cannot nest too deep: skip the character scan (most files)
    depth = 0
    line = 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return rule("E010").at(where, line, 1, f"values are nested more than {MAX_DEPTH} levels deep")
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
    return None


class _Builder:
    """Turns a node tree into plain dicts, lists and scalars, noting problems (and, on request, positions)."""

    def __init__(self, display: str, *, record_positions: bool = False):
        self.display = display
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.values: dict[FieldPath, Position] | None = {} if record_positions else None
        self.keys: dict[FieldPath, Position] | None = {} if record_positions else None

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        try:
            return self._node(node, path)
        except Reject as exc:
            self._problem(exc.position, exc.code, exc.message)
            return None

    def _problem(self, position: Position, code: str, message: str) -> None:
        self.problems.append(rule(code).at(self.display, position.line, position.column, message))

    def _node(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.seen:
            raise _AliasFound
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise Reject(node, "E010", f"values are nested more than {MAX_DEPTH} levels deep")
        if self.values is not None:
            self.values[path] = node_position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            require_plain_tag(node, "seq")
            return [
                value
                for index, item in enumerate(node.value)
                if (value := self.build(item, (*path, index))) is not None
            ]
        return scalar_value(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        require_plain_tag(node, "map")
        result: dict[str, Any] = {}
        seen_keys: set[str] = set()
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in seen_keys:
                position = node_position(key_node)
                self._problem(position, "E006", f"field '{key}' appears twice; keep one")
                continue
            seen_keys.add(key)
            key_path = (*path, key)
            if self.keys is not None:
                self.keys[key_path] = node_position(key_node)
            value = self.build(value_node, key_path)
            if value is not None:
                result[key] = value
        return result

    def _key(self, key_node: yaml.Node) -> str | None:
        if key_node.tag == YAML_TAG + "merge":
            self._problem(
                node_position(key_node),
                "E007",
                "merge keys (<<) are not allowed; write the fields out in full",
            )
            return None
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != YAML_TAG + "str":
            shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            self._problem(
                node_position(key_node),
                "E012",
                f"field names must be plain text (got {shown}); check the indentation",
            )
            return None
        return key_node.value
