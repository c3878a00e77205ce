"""The field reference page (Methods → Case format), generated from the case format's JSON Schema
and from the catalogue of checks (atlas/rules.py): every code with its rule and what to do."""

from __future__ import annotations

from jinja2 import Environment

from atlas.cases.fieldref import field_docs
from atlas.inputs import Inputs
from atlas.pages.environment import Pages
from atlas.rules import by_scope


def field_reference_page(ctx: Inputs, env: Environment) -> Pages:
    text = env.get_template("fields.md.j2").render(fields=field_docs(), scopes=by_scope())
    return {"reference/fields.md": text}
