"""The References page: every entry of references.bib, alphabetical, formatted as Vancouver."""

from __future__ import annotations

from jinja2 import Environment

from atlas.inputs import Inputs
from atlas.pages.environment import Pages
from atlas.sources.cite import listed_reference, sort_key


def references_page(ctx: Inputs, env: Environment) -> Pages:
    references = sorted(ctx.corpus.bibliography.references.values(), key=sort_key)
    entries = [(reference.key, listed_reference(reference, env)) for reference in references]
    incomplete = sum(reference.is_incomplete for reference in references)
    text = env.get_template("references.md.j2").render(entries=entries, incomplete=incomplete)
    return {"references.md": text}
