"""The fast reader of a clean case file, straight from LibYAML's event stream.

Almost every file is a clean case; reading it from the event stream skips the node tree and
PyYAML's pure-Python resolver (two thirds of the time spent validating 5,000 files). It accepts
only what the node builder (atlas.cases.load) accepts without a problem and gives the same
values; on anything else it steps aside and the node builder reads the file again, so every
diagnostic comes from one place. Frozen: it should never grow (see the design notes).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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

from atlas.cases.yaml_scalars import INVISIBLE, MAX_DEPTH, YAML_TAG, Loader, Reject, scalar_value


class _NotPlain(Exception):
    """The file holds something the fast reader leaves to the node builder (possibly a problem)."""


_SAFE_RESOLVER = Loader("")  # the loader the node builder composes with: same implicit typing
# A plain scalar is typed by the resolvers registered for its first character; any other
# plain scalar is text (PyYAML's Resolver.resolve; a test checks there is no wildcard resolver).
_TYPED_FIRST_CHARACTERS = frozenset(_SAFE_RESOLVER.yaml_implicit_resolvers)
_STR = YAML_TAG + "str"
_NO_MARK = yaml.Mark("", 0, 0, 0, None, None)
_NOT_PLAIN = object()
_NODE_EVENTS = frozenset((ScalarEvent, MappingStartEvent, SequenceStartEvent))  # not an alias


def read_plain_mapping(text: str) -> dict[str, Any] | None:
    """The file's data when it is one plain mapping with no problem for the node builder, else None."""
    parser = Loader(text)
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
        return tag, scalar_value(yaml.ScalarNode(tag, value, _NO_MARK, _NO_MARK), ())
    except Reject:
        return tag, _NOT_PLAIN
