"""The field reference page (Methods → Case format), generated from the case format's JSON Schema."""

from __future__ import annotations

from jinja2 import Environment

from atlas.cases.checks import CASE_RULES
from atlas.cases.fieldref import field_docs
from atlas.inputs import Inputs
from atlas.pages.environment import Pages


def field_reference_page(ctx: Inputs, env: Environment) -> Pages:
    text = env.get_template("fields.md.j2").render(fields=field_docs(), rules=CASE_RULES)
    return {"reference/fields.md": text}
