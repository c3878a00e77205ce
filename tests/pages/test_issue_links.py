"""Links from the site to the repository's issue forms: "I have this article", "Suggest a correction",
"Submit a published case". Built from one setting (extra.repository) and from the forms' own field ids.

The built pages are read back, each link parsed, and what it fills compared with the data and with
the form files read here independently of the build.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import lxml.html
import pytest
import yaml

from atlas.contribute.form_naming import reference_fields
from atlas.inputs import Inputs, read_inputs
from atlas.pages.issue_links import form_link, lead_answers, submit_button
from atlas.site.build import build
from atlas.sources.issue_forms import IssueForm, Question
from tests.conftest import ROOT

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
REPOSITORY = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])["extra"][
    "repository"
]
BIB_ANSWERS = ("title", "journal", "year", "volume", "pages", "doi", "pmid")


def form_ids(name: str) -> set[str]:
    """The ids of the fields a link can fill (inputs and text areas), read from the form file."""
    body = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))["body"]
    return {item["id"] for item in body if item.get("type") in ("input", "textarea")}


def html_of(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def by_class(tree: lxml.html.HtmlElement, tag: str, name: str) -> list[lxml.html.HtmlElement]:
    return tree.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def parsed(link: str) -> tuple[str, dict[str, str]]:
    """(address without the query, {parameter: value}); each parameter given once."""
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert all(len(values) == 1 for values in query.values()), link
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {key: values[0] for key, values in query.items()}


def wanted_leads() -> list[dict]:
    leads = yaml.safe_load((ROOT / "literature" / "leads.yaml").read_text(encoding="utf-8"))
    case_sources = set()
    for path in (ROOT / "cases").glob("*.yaml"):
        case_sources.add(yaml.safe_load(path.read_text(encoding="utf-8"))["source"])
    return [
        lead
        for lead in leads["articles"]
        if lead["state"] == "not yet extracted" and lead.get("key") not in case_sources
    ]


def bib_entries() -> dict[str, dict[str, str]]:
    """references.bib as written, but page ranges as the site writes them (LaTeX's -- is an en dash)."""
    library = bibtexparser.parse_string((ROOT / "references.bib").read_text(encoding="utf-8"))
    return {entry.key: {f.key: f.value.replace("--", "–") for f in entry.fields} for entry in library.entries}


def test_every_wanted_article_links_to_the_form_with_its_known_fields(built_site: Path) -> None:
    items = [
        li for ul in by_class(html_of(built_site, "coverage"), "ul", "atlas-leads") for li in ul.xpath("./li")
    ]
    leads, entries, ids = wanted_leads(), bib_entries(), form_ids("submit-case.yml")
    assert len(items) == len(leads) > 0
    for item, lead in zip(items, leads, strict=True):
        (link,) = [a.get("href") for a in by_class(item, "a", "atlas-have-article")]
        assert by_class(item, "a", "atlas-have-article")[0].text_content() == "I have this article"
        address, query = parsed(link)
        assert address == f"{REPOSITORY}/issues/new"
        assert query.pop("template") == "submit-case.yml"
        assert set(query) <= ids, "a link fills only fields the form has"
        entry = entries.get(lead.get("key", ""), {})
        unverified = {part.strip() for part in entry.get("unverified", "").split(",") if part.strip()}
        expected = {name: entry[name] for name in BIB_ANSWERS if name in entry and name not in unverified}
        if lead.get("pmid"):
            expected.setdefault("pmid", lead["pmid"])
        authors = query.pop("authors", None)
        assert query == expected, lead  # every known field, and nothing else
        if authors is not None:  # the surnames of references.bib, in order, in the form's style
            surnames = [name.split(",")[0].strip() for name in entry["author"].split(" and ")]
            assert [name.split(" ")[0] for name in authors.split(", ")] == surnames
            assert not any("author" in part or "surname" in part for part in unverified)


def test_a_lead_with_unverified_authors_gets_no_authors(real_inputs: Inputs) -> None:
    """novak2016's author is unverified in references.bib: its link fills the title and DOI only."""
    inputs = real_inputs
    (novak,) = [lead for lead in inputs.corpus.leads.articles if lead.key == "novak2016"]
    answers = lead_answers(inputs.corpus, novak)
    assert "authors" not in answers and "year" not in answers
    assert answers["doi"] == "10.1515/raon-2016-0051"


def test_filled_answers_give_back_the_reference_through_from_issue(real_inputs: Inputs) -> None:
    """The form's answers, as the links fill them, become the same references.bib fields in from-issue."""
    inputs = real_inputs
    for lead in inputs.corpus.leads.by_state("not yet extracted"):
        reference = inputs.corpus.bibliography.references.get(lead.key or "")
        if reference is None:
            continue
        fields = reference_fields(lead_answers(inputs.corpus, lead))
        for name, value in fields.items():
            if name == "author":
                surnames = [part.split(",")[0] for part in value.split(" and ")]
                assert surnames == [part.split(",")[0] for part in reference.authors]
            else:
                assert value == reference.get(name), (lead.key, name)


def test_every_case_page_links_to_the_correction_form_with_its_id(built_site: Path) -> None:
    ids = form_ids("correct-case.yml")
    assert {"case_id", "page", "field", "correct_value", "where"} <= ids
    case_ids = sorted(path.stem for path in (ROOT / "cases").glob("*.yaml"))
    assert case_ids
    for case_id in case_ids:
        page = html_of(built_site, f"cases/{case_id}")
        (anchor,) = by_class(page, "a", "atlas-correction-link")
        assert anchor.text_content() == "Suggest a correction"
        address, query = parsed(anchor.get("href"))
        canonical = page.xpath('//link[@rel="canonical"]')[0].get("href")
        assert address == f"{REPOSITORY}/issues/new"
        assert query == {
            "template": "correct-case.yml",
            "title": f"Correction: {case_id}",
            "case_id": case_id,
            "page": canonical,
        }


@pytest.mark.parametrize("path", ["", "contribute", "coverage"])
def test_the_submit_button_goes_straight_to_the_form_and_says_what_it_needs(
    built_site: Path, path: str
) -> None:
    page = html_of(built_site, path)
    (button,) = by_class(page, "a", "atlas-submit-button")
    assert button.text_content() == "Submit a published case"
    assert button.get("href") == f"{REPOSITORY}/issues/new?template=submit-case.yml"
    help_text = " ".join(by_class(page, "p", "atlas-submit-help")[0].text_content().split())
    assert "free GitHub account is needed" in help_text
    assert "No account?" in help_text
    links = [a.get("href") for a in by_class(page, "p", "atlas-submit-help")[0].xpath(".//a")]
    assert f"{REPOSITORY}/blob/HEAD/.github/ISSUE_TEMPLATE/submit-case.yml" in links


@pytest.mark.slow
def test_without_a_repository_there_are_no_form_links_and_one_warning(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"repository: {REPOSITORY}", "repository: ''"), "utf-8"
    )
    site = tmp_path / "site"
    problems = build(project, site)
    assert [p.format() for p in problems if p.code == "W602"] == [
        'mkdocs.yml:1:1: W602 extra.repository is not set, so the site has no "Submit a published case", '
        '"I have this article" or "Suggest a correction" links; set it to the repository\'s address on GitHub'
    ]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "/issues/new" not in text and "atlas-submit" not in text, page
        assert "atlas:submit-button" not in text, page


def test_a_link_fills_only_what_the_form_has(project: Path) -> None:
    """Answers for fields the form lacks are dropped; a renamed field is no longer filled."""
    inputs, _ = read_inputs(project)
    questions = (
        Question("authors", "Authors", "input"),
        Question("doi_renamed", "DOI", "input"),
        Question("sex", "Sex", "dropdown", ("female", "male")),  # GitHub fills no dropdown from a link
    )
    form = IssueForm("submit-case.yml", "Submit", ("new case",), questions)
    assert form.fillable == ("authors", "doi_renamed")
    inputs.issue_forms["submit-case.yml"] = form
    answers = {"authors": "Smith J", "doi": "10.1/x", "notes": "n", "sex": "female"}
    link = form_link(inputs, "submit-case.yml", answers, "T")
    assert parsed(link)[1] == {"template": "submit-case.yml", "title": "T", "authors": "Smith J"}
    assert form_link(inputs, "missing-form.yml", {"authors": "Smith J"}) == ""


@pytest.mark.slow
def test_contributor_text_in_a_lead_stays_text_on_the_page(project: Path, tmp_path: Path) -> None:
    leads = project / "literature" / "leads.yaml"
    hostile = '<script>alert(1)</script> "quoted" & more'
    text = leads.read_text(encoding="utf-8")
    leads.write_text(
        text.replace("citation: Lopez Varela and Pereira Garro, 1967", f"citation: '{hostile}'"), "utf-8"
    )
    build(project, tmp_path / "site")
    page = html_of(tmp_path / "site", "coverage")
    (item,) = [
        li
        for ul in by_class(page, "ul", "atlas-leads")
        for li in ul.xpath("./li")
        if hostile in li.text_content()
    ]
    assert by_class(item, "a", "atlas-have-article") and not page.xpath("//script[contains(., 'alert(1)')]")


def test_a_declared_contact_address_is_offered_to_those_without_an_account(project: Path) -> None:
    """Only an address the maintainers declare (extra.contact_email) is shown; none is made up."""
    inputs, _ = read_inputs(project)
    assert "mailto:" not in submit_button(inputs)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    declared = text.replace("  repository:", "  contact_email: atlas@example.org\n  repository:")
    config.write_text(declared, "utf-8")
    inputs, _ = read_inputs(project)
    offered = 'No account? E-mail the article\'s reference to <a href="mailto:atlas@example.org">'
    assert offered in str(submit_button(inputs))
