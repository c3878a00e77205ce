"""The How to cite page, from CITATION.cff as atlas.inputs read it and the build's release."""

from __future__ import annotations

from jinja2 import Environment

from atlas.inputs import Inputs
from atlas.pages.environment import Pages
from atlas.sources.citable import atlas_bibtex
from atlas.sources.vancouver import format_csl_item


def how_to_cite_page(ctx: Inputs, env: Environment) -> Pages:
    citation = ctx.site_citation
    if citation is None:
        raise ValueError("CITATION.cff could not be read: the How to cite page needs it")
    text = env.get_template("how_to_cite.md.j2").render(
        citation=citation,
        release=ctx.release,
        recommended=format_csl_item(citation.csl_item(ctx.release)),
        bibtex=atlas_bibtex(citation, ctx.release),
    )
    return {"how-to-cite.md": text}
