"""The value of one YAML scalar, by the rules every case file is held to.

Shared by the node builder (atlas.cases.load) and the fast event reader (atlas.cases.fast_load),
so that both type a value alike: plain decimals only, finite numbers, no nulls, no tags and no
invisible characters. A value that breaks a rule raises `Reject` with its code and position.
The whole text of a file is searched for invisible characters here too, before it is parsed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from atlas.diagnostics import Diagnostic
from atlas.rules import rule

# LibYAML's C parser where it is installed (the validation budget depends on it), else the same in Python.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 12
MAX_DIGITS = 20
# Characters a reviewer cannot see: C0/C1 controls (tab, line feed and carriage return
# excepted), bidirectional overrides, isolates and marks ("Trojan Source"), zero-width spaces
# and joiners (which make "Spa\u200bin" a second, invisible country), byte-order marks inside
# the text, and the non-characters YAML refuses.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069"
    "\ufeff\ufffe\uffff]"
)
# YAML 1.1 also reads 017 as octal 15, 1:30 as base-60 90, 0x1F and 1_000: only plain decimals are accepted.
PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
PLAIN_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")
YAML_TAG = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class Reject(Exception):
    def __init__(self, node: yaml.Node, code: str, message: str):
        super().__init__(message)
        self.position = node_position(node)
        self.code = code
        self.message = message


def node_position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def invisible_character(char: str) -> str:
    """A character named, as it cannot be seen: 'the invisible character U+202E'."""
    return f"the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'control character')})"


def invisible_message(char: str) -> str:
    return f"the text holds {invisible_character(char)}; delete it"


def invisible_character_problem(text: str, where: str) -> Diagnostic | None:
    """Control and bidirectional characters can make a file read differently from what it holds."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return rule("E014").at(where, line, column, invisible_message(found.group()))


def require_plain_tag(node: yaml.Node, kind: str) -> None:
    """A mapping or list is written plainly: a tag such as !!set or !!omap is refused."""
    if node.tag != YAML_TAG + kind:
        raise Reject(node, "E005", f"YAML tags such as {node.tag!r} are not allowed")


def scalar_value(node: yaml.ScalarNode, path: FieldPath) -> Any:
    tag = node.tag
    if tag == YAML_TAG + "null":
        field_name = ".".join(str(p) for p in path) or "value"
        raise Reject(
            node, "E009", f"{field_name} is empty; leave a field out when the article does not report it"
        )
    if tag in (YAML_TAG + "str", YAML_TAG + "timestamp"):
        hidden = INVISIBLE.search(node.value)
        if hidden:
            raise Reject(node, "E014", invisible_message(hidden.group()))
        return node.value
    if tag == YAML_TAG + "bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == YAML_TAG + "int":
        require_plain_number(node, PLAIN_INT)
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag == YAML_TAG + "float":
        value = _CONSTRUCTOR.construct_yaml_float(node)
        if not math.isfinite(value):
            raise Reject(node, "E011", f"{node.value!r} is not a finite number")
        require_plain_number(node, PLAIN_FLOAT)
        return value
    raise Reject(node, "E005", f"YAML tags such as {tag!r} are not allowed")


def require_plain_number(node: yaml.ScalarNode, form: re.Pattern[str]) -> None:
    """Refuse YAML 1.1's other number forms, which silently turn 017 into 15 and 1:30 into 90."""
    digits = sum(char.isdigit() for char in node.value)
    if digits > MAX_DIGITS:
        raise Reject(node, "E013", f"a number of {digits} digits is far beyond any value a case holds")
    if not form.match(node.value):
        raise Reject(
            node,
            "E013",
            f"{node.value!r} is not a plain decimal number; write digits only "
            "(YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
        )
