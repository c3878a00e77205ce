"""CHANGELOG.md (Keep a Changelog) → the site's "What changed" page.

The changelog is parsed into releases (atlas/sources/changelog.py, which `check` also runs) and
rendered through an autoescaping template, never pasted in as Markdown: an entry can name a case
in backticks (`smith-2024`), and that becomes a link to the case's page when such a case exists.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from markupsafe import Markup, escape

from atlas.inputs import Inputs
from atlas.sources.changelog import Release, parse_changelog

FEED_FILE = "feed.xml"  # atlas/pages/feed.py writes it from the same releases
_CODE = re.compile(r"`([^`]+)`")


def release_anchor(release: Release) -> str:
    """The id of a release's heading on the "What changed" page (the feed links to it)."""
    return "v" + release.version.replace(".", "-") if release.released else "unreleased"


def entry_html(text: str, case_ids: set[str]) -> Markup:
    """Escape an entry; `code` spans become <code>, and those naming a case link to its page."""
    parts = []
    position = 0
    for match in _CODE.finditer(text):
        parts.append(escape(text[position : match.start()]))
        name = match.group(1)
        code = Markup("<code>{}</code>").format(name)
        if name in case_ids:
            code = Markup('<a href="cases/{}.md">{}</a>').format(name, code)  # from changes.md
        parts.append(code)
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def changes_page(ctx: Inputs, env: Environment) -> dict[str, str]:
    """The "What changed" page, generated from CHANGELOG.md as atlas.inputs read it."""
    releases = parse_changelog(ctx.changelog) if ctx.changelog is not None else []
    case_ids = {case.id for case in ctx.corpus.cases}
    template = env.get_template("changes.md.j2")
    text = template.render(
        releases=releases,
        release=ctx.release,
        entry_html=lambda item: entry_html(item, case_ids),
        anchor=release_anchor,
        feed=FEED_FILE,
    )
    return {"changes.md": text}
