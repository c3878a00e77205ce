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
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from atlas.diagnostics import Diagnostic, error

try:  # LibYAML's C parser: the validation budget depends on it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback, same behaviour
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
MAX_DIGITS = 20
# Characters a reviewer cannot see: C0/C1 controls (tab, line feed and carriage return
# excepted), bidirectional overrides and isolates ("Trojan Source"), byte-order marks
# inside the text, and the non-characters YAML refuses.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
# YAML 1.1 also reads 017 as octal 15, 1:30 as base-60 90, 0x1F and 1_000: only plain decimals are accepted.
PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")
YAML_TAG = "tag:yaml.org,2002:"
_SCALAR = yaml.constructor.SafeConstructor()

FieldPath = tuple[str | int, ...]
PositionTables = tuple[dict[FieldPath, "Position"], dict[FieldPath, "Position"]]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


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


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _positions_in(text: str) -> PositionTables:
    """Where every value and key of a loaded file stands (its text is composed again)."""
    if not text or _invisible_character_problem(text, "") or _flow_depth_problem(text, ""):
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
    text_problem = _invisible_character_problem(text, where) or _flow_depth_problem(text, where)
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
        return loaded, [error(where, line, column, "E003", f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return loaded, [error(where, 1, 1, "E003", f"YAML syntax error: {exc}")]
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == YAML_TAG + "null"):
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
    builder = _Builder(where)
    try:
        loaded.data = builder.build(root, ())
    except _AliasFound:
        loaded.data = None
        position = _first_alias(text)
        return loaded, [
            error(
                where,
                position.line,
                position.column,
                "E004",
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
            )
        ]
    return loaded, builder.problems


def _first_alias(text: str) -> Position:
    """Where the first *alias stands (the composed tree only knows where its anchor was)."""
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.AliasToken):
            return Position(token.start_mark.line + 1, token.start_mark.column + 1)
    return Position(1, 1)


def _invisible_character_problem(text: str, where: str) -> Diagnostic | None:
    """Control and bidirectional characters can make a file read differently from what it holds."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return error(where, line, column, "E014", _invisible_message(found.group()))


def _invisible_message(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"the text holds the invisible character U+{ord(char):04X} ({name}); delete it"


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
                return error(where, line, 1, "E010", f"values are nested more than {MAX_DEPTH} levels deep")
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
        except _Reject as exc:
            self._problem(exc.position, exc.code, exc.message)
            return None

    def _problem(self, position: Position, code: str, message: str) -> None:
        self.problems.append(error(self.display, position.line, position.column, code, message))

    def _node(self, node: yaml.Node, path: FieldPath) -> Any:
        if id(node) in self.seen:
            raise _AliasFound
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _Reject(node, "E010", f"values are nested more than {MAX_DEPTH} levels deep")
        if self.values is not None:
            self.values[path] = _position(node)
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
        seen_keys: set[str] = set()
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in seen_keys:
                position = _position(key_node)
                self._problem(position, "E006", f"field '{key}' appears twice; keep one")
                continue
            seen_keys.add(key)
            key_path = (*path, key)
            if self.keys is not None:
                self.keys[key_path] = _position(key_node)
            value = self.build(value_node, key_path)
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
            shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            self._problem(
                _position(key_node),
                "E012",
                f"field names must be plain text (got {shown}); check the indentation",
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
        hidden = INVISIBLE.search(node.value)
        if hidden:
            raise _Reject(node, "E014", _invisible_message(hidden.group()))
        return node.value
    if tag == YAML_TAG + "bool":
        return _SCALAR.construct_yaml_bool(node)
    if tag == YAML_TAG + "int":
        _require_plain_number(node, PLAIN_INT)
        return _SCALAR.construct_yaml_int(node)
    if tag == YAML_TAG + "float":
        value = _SCALAR.construct_yaml_float(node)
        if not math.isfinite(value):
            raise _Reject(node, "E011", f"{node.value!r} is not a finite number")
        _require_plain_number(node, PLAIN_FLOAT)
        return value
    raise _Reject(node, "E005", f"YAML tags such as {tag!r} are not allowed")


def _require_plain_number(node: yaml.ScalarNode, form: re.Pattern[str]) -> None:
    """Refuse YAML 1.1's other number forms, which silently turn 017 into 15 and 1:30 into 90."""
    digits = sum(char.isdigit() for char in node.value)
    if digits > MAX_DIGITS:
        raise _Reject(node, "E013", f"a number of {digits} digits is far beyond any value a case holds")
    if not form.match(node.value):
        raise _Reject(
            node,
            "E013",
            f"{node.value!r} is not a plain decimal number; write digits only "
            "(YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
        )


# The fast reader. Almost every file is a clean case; reading it from LibYAML's event
# stream skips the node tree and PyYAML's pure-Python resolver (two thirds of the time
# spent validating 5,000 files). It accepts only what the node builder above accepts
# without a problem and gives the same values; on anything else it steps aside and the
# node builder reads the file again, so every diagnostic comes from one place.


class _NotPlain(Exception):
    """The file holds something the fast reader leaves to the node builder (possibly a problem)."""


_SAFE_RESOLVER = _Loader("")  # the loader the node builder composes with: same implicit typing
# A plain scalar is typed by the resolvers registered for its first character; any other
# plain scalar is text (PyYAML's Resolver.resolve; a test checks there is no wildcard resolver).
_TYPED_FIRST_CHARACTERS = frozenset(_SAFE_RESOLVER.yaml_implicit_resolvers)
_STR = YAML_TAG + "str"
_NO_MARK = yaml.Mark("", 0, 0, 0, None, None)
_NOT_PLAIN = object()
_NODE_EVENTS = frozenset((ScalarEvent, MappingStartEvent, SequenceStartEvent))  # not an alias


def read_plain_mapping(text: str) -> dict[str, Any] | None:
    """The file's data when it is one plain mapping with no problem for the node builder, else None."""
    parser = _Loader(text)
    try:
        return _plain_document(parser.get_event)
    except (_NotPlain, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


NextEvent = Callable[[], yaml.Event]


def _plain_document(next_event: NextEvent) -> dict[str, Any]:
    _expect(next_event, StreamStartEvent)
    _expect(next_event, DocumentStartEvent)
    data = _plain_value(next_event, next_event(), 0)
    if type(data) is not dict:
        raise _NotPlain  # the node builder explains what a case file's top level must be
    _expect(next_event, DocumentEndEvent)
    _expect(next_event, StreamEndEvent)  # a second document is an error
    return data


def _expect(next_event: NextEvent, kind: type[yaml.Event]) -> None:
    if type(next_event()) is not kind:
        raise _NotPlain


def _plain_value(next_event: NextEvent, event: Any, depth: int) -> Any:
    """One value; tags, anchors and aliases are left to the node builder, which refuses them."""
    kind = type(event)
    if kind not in _NODE_EVENTS or depth > MAX_DEPTH or event.tag is not None or event.anchor is not None:
        raise _NotPlain
    if kind is ScalarEvent:
        value: str = event.value
        if event.implicit[0] and (not value or value[0] in _TYPED_FIRST_CHARACTERS):
            return _typed_scalar(value)
        # The text was searched for invisible characters before parsing; only an escape
        # in double quotes ("\u202e") can put one into a value.
        if event.style == '"' and INVISIBLE.search(value):
            raise _NotPlain
        return value
    if kind is MappingStartEvent:
        return _plain_mapping(next_event, depth)
    return _plain_sequence(next_event, depth)


def _plain_mapping(next_event: NextEvent, depth: int) -> dict[str, Any]:
    """Keys must be untagged text that YAML does not read as a number, date, boolean, null or `<<`."""
    result: dict[str, Any] = {}
    while type(event := next_event()) is ScalarEvent:
        key: str = event.value
        if event.tag is not None or event.anchor is not None or key in result:
            raise _NotPlain  # a tag, an anchor, or a duplicate key
        typed = event.implicit[0] and (not key or key[0] in _TYPED_FIRST_CHARACTERS)
        if typed and _implicit_scalar(key)[0] != _STR:
            raise _NotPlain
        result[key] = _plain_value(next_event, next_event(), depth + 1)
    if type(event) is not MappingEndEvent:
        raise _NotPlain  # a list, mapping or alias as a key
    return result


def _plain_sequence(next_event: NextEvent, depth: int) -> list[Any]:
    result: list[Any] = []
    while type(event := next_event()) is not SequenceEndEvent:
        result.append(_plain_value(next_event, event, depth + 1))
    return result


def _typed_scalar(value: str) -> Any:
    converted = _implicit_scalar(value)[1]
    if converted is _NOT_PLAIN:
        raise _NotPlain
    return converted


@functools.lru_cache(maxsize=4096)
def _implicit_scalar(value: str) -> tuple[str, Any]:
    """Tag and value of an untagged plain scalar, by the node builder's own rules.

    Cached because the values that need typing (numbers, yes/no words, vocabulary
    terms starting with a digit or one of yYnNtTfFoO) repeat from file to file.
    """
    tag = _SAFE_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    try:
        return tag, _scalar(yaml.ScalarNode(tag, value, _NO_MARK, _NO_MARK), ())
    except _Reject:
        return tag, _NOT_PLAIN
