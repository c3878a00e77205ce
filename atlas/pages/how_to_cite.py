"""The How to cite page, from CITATION.cff as atlas.inputs read it and the build's release.

It says how to cite the atlas, a case record and its source, with a case record's citation as the
example, and shows the DOI of the archived versions once CITATION.cff gives one (`doi:`).
"""

from __future__ import annotations

from jinja2 import Environment

from atlas.inputs import Inputs
from atlas.pages.environment import Pages
from atlas.pages.record_citation import record_citation
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
        example=_example(ctx),
    )
    return {"how-to-cite.md": text}


def _example(ctx: Inputs) -> str:
    """The record citation of the first case, as its page gives it ("" in an atlas without cases)."""
    example = record_citation(ctx.corpus.cases[0], ctx) if ctx.corpus.cases else None
    return example.text() if example else ""
