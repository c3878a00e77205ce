"""Links from the site to the repository's issue forms: "I have this article", "Suggest a correction",
"Submit a published case". Built from one setting (extra.repository) and from the forms' own field ids.

The built pages are read back, each link parsed, and what it fills compared with the data and with
the form files read here independently of the build.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import bibtexparser
import lxml.html
import pytest
import yaml

from atlas.contribute.form_naming import reference_fields
from atlas.inputs import Inputs, read_inputs
from atlas.pages.environment import environment
from atlas.pages.form_questions import form_questions_page
from atlas.pages.issue_links import (
    CORE_MINUTES,
    FILL_MINUTES,
    citation_answers,
    form_link,
    lead_answers,
    submit_button,
)
from atlas.site.build import build
from atlas.sources.issue_forms import IssueForm, Question
from tests.conftest import ROOT

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
REPOSITORY = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])["extra"][
    "repository"
]
# Question id of the submission form → the references.bib field it fills.
BIB_ANSWERS = {
    "article_title": "title",
    "journal": "journal",
    "year": "year",
    "volume": "volume",
    "pages": "pages",
    "doi": "doi",
    "pmid": "pmid",
    "url": "url",
    "language": "language",
}


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
        assert query.pop("title").startswith("Case: "), "title= is the issue's own title, no question's"
        assert set(query) <= ids, "a link fills only fields the form has"
        entry = entries.get(lead.get("key", ""), {})
        unverified = {part.strip() for part in entry.get("unverified", "").split(",") if part.strip()}
        expected = {
            answer: entry[name]
            for answer, name in BIB_ANSWERS.items()
            if name in entry and name not in unverified
        }
        if lead.get("pmid"):
            expected.setdefault("pmid", lead["pmid"])
        if "key" not in lead:  # known by a citation line only: its surnames and year
            expected = {**citation_answers(lead["citation"]), **expected}
            assert query.pop("authors") == expected.pop("authors"), lead
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


def test_a_lead_known_by_surnames_and_year_fills_what_is_known() -> None:
    """'Lopez Varela and Pereira Garro, 1967' has no references.bib entry: its surnames and year still
    fill the form's Authors and Year, and a description in brackets fills nothing."""
    assert citation_answers("Lopez Varela and Pereira Garro, 1967") == {
        "authors": "Lopez Varela, Pereira Garro",
        "year": "1967",
    }
    assert citation_answers("Kato et al. (review of Japanese cases)") == {"authors": "Kato"}
    assert citation_answers("Smith J (2019)") == {"authors": "Smith J", "year": "2019"}
    inputs, _ = read_inputs(ROOT)
    (lopez,) = [lead for lead in inputs.corpus.leads.articles if (lead.citation or "").startswith("Lopez")]
    link = form_link(inputs, "submit-case.yml", lead_answers(inputs.corpus, lopez), "Case: x")
    assert parsed(link)[1] == {
        "template": "submit-case.yml",
        "title": "Case: x",
        "authors": "Lopez Varela, Pereira Garro",
        "year": "1967",
    }


@pytest.mark.parametrize(
    ("path", "page"), [("", "index.md"), ("contribute", "contribute/index.md"), ("coverage", "coverage.md")]
)
def test_the_submit_button_goes_straight_to_the_form_and_says_what_it_needs(
    built_site: Path, path: str, page: str
) -> None:
    tree = html_of(built_site, path)
    (button,) = by_class(tree, "a", "atlas-submit-button")
    assert button.text_content() == "Submit a published case"
    assert button.get("href") == f"{REPOSITORY}/issues/new?template=submit-case.yml"
    help_text = " ".join(by_class(tree, "p", "atlas-submit-help")[0].text_content().split())
    assert "free GitHub account is needed" in help_text
    assert f"Its 20 core questions come first and take about {CORE_MINUTES} minutes" in help_text
    assert (
        f"a well-reported case, with the detail it reports, takes about {FILL_MINUTES} minutes" in help_text
    )
    assert (
        "only 4 are required (Article title, Kind of document, Inclusion criteria and Confirmation)"
        in help_text
    )
    assert "No account? The questions of the form are on this site, to read or print." in help_text
    links = [a.get("href") for a in by_class(tree, "p", "atlas-submit-help")[0].xpath(".//a")]
    assert posixpath.normpath(posixpath.join(path, links[-1])) == "contribute/questions", links


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
    offered = 'E-mail your answers, or the article\'s reference, to <a href="mailto:atlas@example.org">'
    assert offered in str(submit_button(inputs))
    (questions,) = form_questions_page(inputs, environment()).values()
    assert offered in questions, "the page of questions offers the same contact, from the same setting"


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.slow
def test_every_citation_incomplete_mark_opens_the_report_form_with_its_reference(built_site: Path) -> None:
    """References page, reference lists of the review, Coverage, case pages: each mark beside a reference
    opens "Report an article or correct a citation" with the reference as the atlas shows it."""
    marks = 0
    for page in pages_of(built_site):
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        for mark in by_class(tree, "*", "atlas-incomplete"):
            if (
                mark.getparent() is not None
                and mark.getparent().tag == "p"
                and "are marked" in (mark.getparent().text_content())
            ):
                continue  # the References page's legend, which explains the mark
            assert mark.tag == "a", (page, lxml.html.tostring(mark))
            assert mark.text_content() == "citation incomplete — help complete it"
            address, query = parsed(mark.get("href"))
            assert address == f"{REPOSITORY}/issues/new"
            assert query["template"] == "report-article.yml"
            assert query["title"].startswith("Citation: ")
            assert query["article"] == query["reference"] and query["article"], page
            assert set(query) - {"template", "title"} <= form_ids("report-article.yml")
            marks += 1
    assert marks > 100, "the marks of every page were found"


@pytest.mark.slow
def test_the_contribute_page_links_the_report_form(built_site: Path) -> None:
    for path in ("contribute", "coverage"):
        (link,) = by_class(html_of(built_site, path), "a", "atlas-report-link")
        assert link.get("href") == f"{REPOSITORY}/issues/new?template=report-article.yml"


@pytest.mark.slow
def test_the_site_promises_no_short_form_and_no_few_minutes(built_site: Path) -> None:
    """The submission form has 81 questions: no page may call it short or quick. Only the report form,
    which has few questions (checked here), may be called short."""
    report = yaml.safe_load((FORMS / "report-article.yml").read_text(encoding="utf-8"))["body"]
    assert len([item for item in report if item["type"] != "markdown"]) <= 10
    for page in pages_of(built_site):
        text = " ".join(lxml.html.fromstring(page.read_text(encoding="utf-8")).text_content().split()).lower()
        text = text.replace("short form to report an article", "")
        for promise in ("short form", "a few minutes", "takes minutes"):
            assert promise not in text, (page, promise)


@pytest.mark.slow
def test_the_page_of_questions_holds_every_question_of_the_form(built_site: Path) -> None:
    """Generated from the form file: every label, in order, the required ones marked, every option."""
    form = yaml.safe_load((FORMS / "submit-case.yml").read_text(encoding="utf-8"))
    questions = [item for item in form["body"] if item["type"] != "markdown"]
    tree = html_of(built_site, "contribute/questions")
    items = [item for ol in by_class(tree, "ol", "atlas-questions") for item in ol.xpath("./li")]
    assert [item.xpath("./strong")[0].text_content() for item in items] == [
        q["attributes"]["label"] for q in questions
    ]
    for item, question in zip(items, questions, strict=True):
        text = " ".join(item.text_content().split())
        required = question.get("validations", {}).get("required") or any(
            isinstance(option, dict) and option.get("required")
            for option in question["attributes"].get("options", [])
        )
        assert ("(required)" in text) == bool(required), question["id"]
        for option in question["attributes"].get("options", []):
            assert (option["label"] if isinstance(option, dict) else option) in text, (question["id"], option)
    assert [heading.text_content().rstrip("¶") for heading in tree.xpath("//article//h2")][:3] == [
        "The core questions",
        "The article",
        "Patient and presentation",
    ]
