"""The field reference, read from the JSON Schema itself so the docs cannot drift from the format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atlas.cases.schema import case_json_schema


@dataclass(frozen=True)
class FieldDoc:
    path: str
    kind: str
    allowed: str
    description: str
    required: bool


def field_docs(schema: dict[str, Any] | None = None) -> list[FieldDoc]:
    schema = schema or case_json_schema()
    rows: list[FieldDoc] = []
    _walk(schema, schema, "", rows)
    return rows


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return root["$defs"][ref.split("/")[-1]]
    return node


def _walk(root: dict[str, Any], node: dict[str, Any], prefix: str, rows: list[FieldDoc]) -> None:
    node = _resolve(root, node)
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        resolved = _resolve(root, child)
        rows.append(
            FieldDoc(
                path,
                _kind(root, resolved),
                _allowed(root, resolved),
                child.get("description") or resolved.get("description", ""),
                name in required,
            )
        )
        if resolved.get("type") == "object" and "properties" in resolved:
            _walk(root, resolved, f"{path}.", rows)
        items = _resolve(root, resolved.get("items", {})) if resolved.get("type") == "array" else {}
        if items.get("type") == "object" and "properties" in items:
            _walk(root, items, f"{path}[].", rows)


def _kind(root: dict[str, Any], node: dict[str, Any]) -> str:
    kind = node.get("type", "")
    if kind == "array":
        return f"list of {_kind(root, _resolve(root, node.get('items', {})))}"
    if kind == "object" and "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
        return f"mapping of text to {_kind(root, node['additionalProperties'])}"
    names = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
        "object": "section",
    }
    return names.get(kind, kind)


def _allowed(root: dict[str, Any], node: dict[str, Any]) -> str:
    if node.get("type") == "array":
        return _allowed(root, _resolve(root, node.get("items", {})))
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        return _allowed(root, node["additionalProperties"])
    if "const" in node:
        return str(node["const"]).lower()
    if "enum" in node:
        return ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in node["enum"])
    bounds = []
    for key, word in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in node:
            bounds.append(f"{word} {node[key]:g}")
    if "pattern" in node:
        bounds.append(f"pattern {node['pattern']}")
    return ", ".join(bounds)
