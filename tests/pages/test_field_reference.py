"""The Case format page (Methods → Case format): every field of the schema and every code of the catalogue."""

from __future__ import annotations

from markupsafe import escape

from atlas.inputs import Corpus, Inputs
from atlas.pages.environment import environment
from atlas.pages.field_reference import field_reference_page
from atlas.rules import RULES, Scope
from atlas.sources.release import current_release
from tests.conftest import ROOT


def case_format_page() -> str:
    inputs = Inputs(Corpus(root=ROOT), current_release(ROOT))
    return field_reference_page(inputs, environment())["reference/fields.md"]


def test_every_code_is_listed_with_its_kind_rule_and_what_to_do() -> None:
    page = case_format_page()
    for entry in RULES:
        row = (
            f'<tr id="{entry.code}"><td><code>{entry.code}</code></td><td>{entry.severity}</td>'
            f"<td>{escape(entry.text)}</td><td>{escape(entry.fix)}</td></tr>"
        )
        assert page.count(row) == 1, entry.code


def test_codes_are_grouped_by_what_they_apply_to_in_catalogue_order() -> None:
    page = case_format_page()
    headings = [line.removeprefix("### ") for line in page.splitlines() if line.startswith("### ")]
    assert headings == [scope.value for scope in Scope]
    assert page.index('<tr id="E001">') < page.index('<tr id="E201">') < page.index('<tr id="E508">')


def test_rule_text_is_escaped() -> None:
    """Rules quote YAML such as merge keys (<<); the page shows them as text, not as markup."""
    assert "Merge keys (&lt;&lt;) are not used." in case_format_page()
