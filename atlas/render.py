"""Generated pages: Jinja2 templates fed by the validated corpus.

Contributor text is untrusted. Templates autoescape every value, and values are
placed inside HTML elements (which Markdown leaves alone), so no field can add
markup, links or script to a page. Page generators return {path: Markdown text}; the one
writer below is the only place that touches the staging folder. The case browser and the
case pages are made as HTML instead and handed to MkDocs in memory (atlas/prerendered.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from atlas import case_browser, case_page, open_data
from atlas.atlaspages import atlas_pages
from atlas.changelog import changes_page
from atlas.checks import CASE_RULES
from atlas.citable import how_to_cite_page
from atlas.cite import references_page
from atlas.corpus import Corpus
from atlas.coverage import coverage_page, methods_page
from atlas.fieldref import field_docs
from atlas.home import home_page
from atlas.islands import Islands
from atlas.prerendered import PrerenderedPage
from atlas.release import Release
from atlas.vancouver import format_reference

Pages = dict[str, str]


@dataclass(frozen=True)
class RenderContext:
    corpus: Corpus
    release: Release


def text_filter(value: Any) -> Markup:
    """Escape, and keep line breaks as <br> so no blank line can end an HTML block early."""
    escaped = escape(str(value))
    if "\n" not in escaped:  # most values: one line (this filter runs for every value of every case)
        return escaped
    return Markup(escaped.replace("\r\n", "\n").replace("\n", Markup("<br>")))


def json_for_html(value: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def environment(islands: Islands | None = None) -> Environment:
    """Templates' environment; with `islands`, `{% filter island %}` keeps generated HTML from Markdown."""
    env = Environment(
        loader=PackageLoader("atlas", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        auto_reload=False,  # a build is one pass: no need to stat a template each time it is used
    )
    env.filters["text"] = text_filter
    env.filters["json_for_html"] = json_for_html
    env.filters["island"] = islands.keep if islands else Markup
    return env


def citation_text(corpus: Corpus, key: str) -> str:
    """A key's entry as plain Vancouver text (escape it where rendered); the key itself if unknown."""
    reference = corpus.bibliography.references.get(key)
    return format_reference(reference) if reference is not None else key


def short_citation(corpus: Corpus, key: str) -> str:
    """Author–year for inline mentions ("Urkan et al.", "Baheen et al. (2022)"); the title when no author."""
    reference = corpus.bibliography.references.get(key)
    if reference is None:
        return key
    who = reference.first_author_surname
    if who is None:
        title = (reference.get("title") or key).split(":")[0]
        journal = reference.get("journal")
        return f"{title} ({journal})" if journal else title
    if len(reference.authors) > 1:
        who += " et al."
    return f"{who} ({reference.year})" if reference.year else who


def field_reference_page(ctx: RenderContext, env: Environment) -> Pages:
    text = env.get_template("fields.md.j2").render(fields=field_docs(), rules=CASE_RULES)
    return {"reference/fields.md": text}


PAGE_GENERATORS: list[Callable[[RenderContext, Environment], Pages]] = [
    field_reference_page,
    home_page,
    how_to_cite_page,
    references_page,
    coverage_page,
    methods_page,
    atlas_pages,
    changes_page,
    partial(open_data.open_data_files, cite=citation_text),
]


def render_pages(ctx: RenderContext, islands: Islands | None = None) -> Pages:
    env = environment(islands)
    pages: Pages = {}
    for generate in PAGE_GENERATORS:
        for path, text in generate(ctx, env).items():
            if path in pages:
                raise ValueError(f"two generators write {path}")
            pages[path] = text
    return pages


def render_prerendered_pages(ctx: RenderContext) -> list[PrerenderedPage]:
    """The pages made as HTML rather than Markdown: the case browser and the case pages."""
    env = environment()
    browser = case_browser.case_browser_page(ctx.corpus, env)
    return [browser, *case_page.case_pages(ctx.corpus, env, cite=citation_text)]


def write_pages(pages: Pages, docs_dir: Path) -> None:
    """Write generated pages into the staging docs folder; a page may not replace a written one."""
    for relative, text in sorted(pages.items()):
        target = docs_dir / relative
        if target.exists():
            raise FileExistsError(f"docs/{relative} exists but is generated; remove it from docs/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
