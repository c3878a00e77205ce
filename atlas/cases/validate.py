"""Check loaded case data against the case format and turn each failure into a contributor-readable line.

Pydantic does the checking (it is the model the schema comes from); this module only
translates its error types into messages that say what is wrong and what would be right.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from atlas.cases.load import FieldPath, LoadedFile
from atlas.cases.model import (
    BIB_KEY_PATTERN,
    CASE_ID_PATTERN,
    DATE_PATTERN,
    FIELD_PATH_PATTERN,
    YEAR_MONTH_PATTERN,
    Case,
)
from atlas.diagnostics import Diagnostic, non_ascii_hint
from atlas.rules import rule

_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
_NUMBER_WITH_UNIT = re.compile(r"^\s*[<>~≈]?\s*\d+([.,]\d+)?\s*[A-Za-z%]")
_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}
_FORMS = {
    CASE_ID_PATTERN: "lowercase ASCII letters, digits and single hyphens, e.g. smith-2019",
    BIB_KEY_PATTERN: "a references.bib key (ASCII letters, digits, _:.-), e.g. smith2019",
    FIELD_PATH_PATTERN: "a dotted field path such as patient.sex",
    YEAR_MONTH_PATTERN: "a year or a month, quoted, e.g. '2019' or '2019-12'",
    DATE_PATTERN: "a date, quoted, e.g. '2026-12-01'",
}
_RANGE_WORDS = {
    "greater_than": "greater than",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "less_than_equal": "at most",
}


Model = TypeVar("Model", bound=BaseModel)


def validate_case(
    loaded: LoadedFile, *, written: frozenset[FieldPath] = frozenset()
) -> tuple[Case | None, list[Diagnostic]]:
    return validate_model(loaded, Case, written=written)


def validate_model(
    loaded: LoadedFile, model: type[Model], *, written: frozenset[FieldPath] = frozenset()
) -> tuple[Model | None, list[Diagnostic]]:
    """Validate any project data file (cases, literature data) with the same messages and positions.

    `written`: fields present in the text whose value the loader refused (and reported); a
    "required" message for them would only repeat that report.
    """
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        items = exc.errors(include_url=False)
        return None, [
            _diagnostic(loaded, item, model)
            for item in items
            if not (item["type"] == "missing" and tuple(item["loc"]) in written)
        ]


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


def _diagnostic(loaded: LoadedFile, item: dict[str, Any], model: type[BaseModel] = Case) -> Diagnostic:
    loc: FieldPath = tuple(item["loc"])
    kind = item["type"]
    code, message = _describe(kind, loc, item, model)
    if kind == "missing":
        position = loaded.where(loc[:-1])
    else:
        position = loaded.where(loc, key=kind == "extra_forbidden")
    return rule(code).at(loaded.display, position.line, position.column, message)


def _describe(
    kind: str, loc: FieldPath, item: dict[str, Any], model: type[BaseModel] = Case
) -> tuple[str, str]:
    name = dotted(loc)
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        return "E101", _unknown_field_message(loc, model)
    if kind == "missing":
        return "E102", f"{name} is required"
    if kind in _TYPE_NAMES:
        hint = _type_hint(value) or _section_hint(loc, kind, model)
        return "E103", f"{name} must be {_TYPE_NAMES[kind]} (got {_shown(value)}){hint}"
    if kind == "literal_error" and ctx.get("expected") == "True":
        return (
            "E104",
            f"{name} must be true: only patients meeting it belong in the atlas (got {_shown(value)})",
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "?")
        return "E104", f"{name} must be one of {expected} (got {_shown(value)}){_type_hint(value)}"
    if kind in _RANGE_WORDS:
        bound = next(iter(ctx.values()), "?")
        return "E105", f"{name} must be {_RANGE_WORDS[kind]} {bound} (got {_shown(value)})"
    if kind == "string_pattern_mismatch":
        form = _FORMS.get(ctx.get("pattern", ""), f"the form {ctx.get('pattern')}")
        hint = non_ascii_hint(value) if isinstance(value, str) else ""
        return "E106", f"{name} must be {form} (got {_shown(value)}){hint}"
    if kind in ("string_too_short", "string_too_long"):
        return "E106", f"{name}: {item['msg'].lower()}"
    if kind in ("too_short", "too_long"):
        return "E107", f"{name}: {item['msg'].lower()}"
    return "E199", f"{name}: {item['msg']}"


def _section_hint(loc: FieldPath, kind: str, model: type[BaseModel]) -> str:
    """For a section given the wrong type (`adjuvant: []`): the fields it takes, so the fix is plain."""
    if kind not in ("dict_type", "model_type", "model_attributes_type"):
        return ""
    fields = _fields_at(loc, model)
    return f"; {dotted(loc)} takes the fields {', '.join(fields)}" if fields else ""


def _unknown_field_message(loc: FieldPath, model: type[BaseModel] = Case) -> str:
    allowed = _fields_at(loc[:-1], model)
    key = str(loc[-1])
    message = f"unknown field '{key}' in {dotted(loc[:-1])}"
    close = [name for name in allowed if name.startswith(key + "_")] or difflib.get_close_matches(
        key, allowed, n=1, cutoff=0.6
    )
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; allowed fields: {', '.join(allowed)}"


def _fields_at(loc: FieldPath, root: type[BaseModel] = Case) -> list[str]:
    """The field names the model allows at a location (for did-you-mean suggestions)."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found:
            return found
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _type_hint(value: Any) -> str:
    if isinstance(value, bool):
        return "; YAML reads yes/no/on/off as true/false, so put text in quotes"
    if isinstance(value, str) and _DATE.match(value):
        return "; a date is not a number of months"
    if isinstance(value, str) and _NUMBER_WITH_UNIT.match(value):
        return "; write the number alone, the unit is in the field name"
    return ""
