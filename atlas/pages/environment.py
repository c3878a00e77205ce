"""What every page generator shares: the Jinja2 environment, its escaping filters, citation helpers.

Generators import this module, never the renderer that lists them (atlas/pages/render.py),
so imports point one way. Contributor text is untrusted: the environment autoescapes every
value, and `text` keeps line breaks without letting a blank line end an HTML block.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from atlas.inputs import Corpus, Inputs
from atlas.sources.cite import CITATION_HELP
from atlas.sources.vancouver import format_reference, incomplete_mark

Pages = dict[str, str]  # a generator's output: {path under docs/: Markdown text}
Generator = Callable[[Inputs, Environment], Pages]

_compiled: BytecodeCache | None = None  # set for the length of a build (atlas/site/build_cache.py)


def keep_compiled_templates(cache: BytecodeCache | None) -> None:
    """Environments made from now on load compiled templates from `cache` (None: compile each)."""
    global _compiled
    _compiled = cache


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


def environment(
    keep_island: Callable[[str], Markup] | None = None, citation_help: Callable[[str], str] | None = None
) -> Environment:
    """Templates' environment; with `keep_island` (atlas.site.islands), `{% filter island %}` keeps
    generated HTML from Markdown; with `citation_help` (citation key → address), every "citation
    incomplete" mark links where a reader can help complete it (`incomplete_mark(key, title)`)."""
    env = Environment(
        loader=PackageLoader("atlas.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        auto_reload=False,  # a build is one pass: no need to stat a template each time it is used
        bytecode_cache=_compiled,
    )
    env.filters["text"] = text_filter
    env.filters["json_for_html"] = json_for_html
    env.filters["island"] = keep_island or Markup
    if citation_help is not None:
        env.globals[CITATION_HELP] = citation_help
    env.globals["incomplete_mark"] = lambda key, title="": incomplete_mark(
        citation_help(key) if citation_help else "", title
    )
    return env


def citation_text(corpus: Corpus, key: str) -> str:
    """A key's entry as plain Vancouver text (escape it where rendered); the key itself if unknown."""
    reference = corpus.bibliography.references.get(key)
    return format_reference(reference) if reference is not None else key


def short_citation(corpus: Corpus, key: str) -> str:
    """Author–year for inline mentions ("Urkan et al.", "Baheen et al. (2022)"); the title when no author,
    and the journal when neither is known ("Turkish Journal of Pathology (article)"): never the bib key."""
    reference = corpus.bibliography.references.get(key)
    if reference is None:
        return key
    who = reference.first_author_surname
    if who is None:
        title = (reference.get("title") or "").split(":")[0]
        journal = reference.get("journal")
        if not title:
            return f"{journal} (article)" if journal else key
        return f"{title} ({journal})" if journal else title
    if len(reference.authors) > 1:
        who += " et al."
    return f"{who} ({reference.year})" if reference.year else who
