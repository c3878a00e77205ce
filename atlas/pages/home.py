"""The home page: what the disease is, key figures computed from the cases, and where to go next.

The figures are counted at build time (atlas.evidence.stats) so the front page can never fall
behind the data, and each one says how many patients reported it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from atlas.cases.model import Case
from atlas.evidence import stats
from atlas.evidence.representation import Representation, representation
from atlas.inputs import Corpus, Inputs
from atlas.pages.environment import Pages
from atlas.pages.issue_links import submit_button
from atlas.sources.cite import cite_generated


@dataclass(frozen=True)
class KeyFigure:
    """One line of the home page's figures: the categories seen, with the variable's denominators.

    Each count says how many of it the curators inferred ("radical nephrectomy 5 (2 inferred)")."""

    label: str
    counts: list[tuple[str, int, int]]
    reported: int
    total: int


def key_figure(label: str, tally: stats.Tally) -> KeyFigure:
    seen = [
        (category, count, tally.inferred.get(category, 0))
        for category, count in tally.counts.items()
        if count
    ]
    return KeyFigure(label, seen, tally.reported, tally.total)


def key_figures(cases: list[Case]) -> list[KeyFigure]:
    return [
        key_figure("Sex", stats.sex(cases)),
        key_figure("Side", stats.side(cases)),
        key_figure("Surgery", stats.surgery(cases)),
    ]


def representation_note(corpus: Corpus) -> Representation | None:
    """A-1: how the atlas's mix of operations differs from the published one, computed (may cite)."""
    return representation(corpus.cases, corpus.published)


def home_page(ctx: Inputs, env: Environment) -> Pages:
    text = env.get_template("home.md.j2").render(
        patients=len(ctx.corpus.cases),
        figures=key_figures(ctx.corpus.cases),
        release=ctx.release,
        submit_button=submit_button(ctx),
        representation=representation_note(ctx.corpus),
    )
    return {"index.md": cite_generated(text, ctx.corpus.bibliography, env, "index.md")}
