"""Numbered citations: [@key] in a page becomes [1], linked to a reference list appended to the page.

Numbers follow the order of first appearance on each page (Vancouver). This runs on
the staging copy of docs/ and on generated pages that opt in, never on docs/ itself.
Markup comes from templates; the reference text is escaped by atlas.sources.vancouver.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from atlas.diagnostics import Diagnostic
from atlas.sources.bibliography import Bibliography, Reference
from atlas.sources.citations import citation_matches, citations_in_text, keys_of, unknown_citations
from atlas.sources.vancouver import format_reference, reference_html

# The name of a function a page generator may give the templates' environment (its `globals`): citation
# key → the address where a reader can help complete that citation (atlas.pages.issue_links). Reference
# lists then link their "citation incomplete" marks there.
CITATION_HELP = "citation_help_link"


def listed_reference(reference: Reference, env: Environment) -> Markup:
    """An entry of a reference list, its incomplete mark linked where the environment says."""
    helper = env.globals.get(CITATION_HELP)
    return reference_html(reference, helper(reference.key) if callable(helper) else "")


class CitationError(Exception):
    """A generated page cites a key that references.bib lacks; carries the diagnostics for the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def cite_markdown(
    text: str, bibliography: Bibliography, env: Environment, display: str
) -> tuple[str, list[Diagnostic]]:
    """The page with numbered citations and its reference list; unknown keys are reported, not rendered."""
    problems = unknown_citations(citations_in_text(text, display), bibliography)
    if problems:
        return text, problems
    matches = citation_matches(text)
    if not matches:
        return text, []
    numbers: dict[str, int] = {}
    for _, match in matches:
        for key in keys_of(match):
            numbers.setdefault(key, len(numbers) + 1)
    lines = text.splitlines()
    mark = env.get_template("citation_mark.html.j2")
    for index, match in reversed(matches):
        items = sorted({(numbers[key], key, format_reference(bibliography[key])) for key in keys_of(match)})
        line = lines[index]
        lines[index] = (
            line[: match.start()] + mark.render(runs=number_runs(items)).strip() + line[match.end() :]
        )
    entries = [(key, listed_reference(bibliography[key], env)) for key in numbers]
    reference_list = env.get_template("reference_list.md.j2").render(entries=entries)
    return "\n".join(lines).rstrip("\n") + "\n" + reference_list, []


def number_runs(items: list[tuple[int, str, str]]) -> list[list[tuple[int, str, str]]]:
    """Consecutive numbers grouped, so that [1, 2, 3, 5] can be shown as [1–3, 5] as Vancouver does."""
    runs: list[list[tuple[int, str, str]]] = []
    for item in items:
        if runs and runs[-1][-1][0] + 1 == item[0]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def cite_pages(
    pages: dict[str, str], bibliography: Bibliography, env: Environment, prefix: str
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every page of a folder's Markdown {relative path: text} cited; unknown keys as prefix/path:line."""
    problems: list[Diagnostic] = []
    cited: dict[str, str] = {}
    for relative, text in pages.items():
        cited[relative], page_problems = cite_markdown(text, bibliography, env, f"{prefix}/{relative}")
        problems += page_problems
    return cited, problems


def cite_generated(text: str, bibliography: Bibliography, env: Environment, page: str) -> str:
    """Citations in a page generated from a template; an unknown key stops the build."""
    cited, problems = cite_markdown(text, bibliography, env, f"{page} (generated)")
    if problems:
        raise CitationError(problems)
    return cited


def sort_key(reference: Reference) -> tuple[str, int, str]:
    """Alphabetical by first author (or title when there is none), then year and key."""
    first = reference.first_author_surname or reference.get("title") or reference.key
    return (first.casefold(), reference.year or 0, reference.key)
