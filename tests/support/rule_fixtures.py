"""Bad input for the rules that a case file in tests/fixtures/invalid/ cannot show, named by code.

Each fixture makes the smallest input that breaks one rule (in memory where it can, else in a
temporary folder) and runs the check that owns the rule; the catalogue test expects exactly the
messages listed, all of the fixture's code. Rules of one case file are shown by the files of
tests/fixtures/invalid/ (tests/cases/test_rules.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from atlas.cases.checks import duplicate_id_problems, file_kind_problems, file_name_problems, symlink_problems
from atlas.cases.duplicates import duplicate_problems
from atlas.cases.load import LoadedFile, load_yaml_file
from atlas.cases.model import Case
from atlas.diagnostics import Diagnostic
from atlas.inputs import repository_problems
from atlas.site.build import BuildFailed, _run_mkdocs, page_conflicts
from atlas.site.linkcheck import check_site
from atlas.sources.bibliography import (
    Bibliography,
    Reference,
    check_reference,
    load_bibliography,
    unused_references,
)
from atlas.sources.changelog import changelog_problems
from atlas.sources.citable import parse_site_citation
from atlas.sources.citations import citations_in_text, unknown_citations
from atlas.sources.issue_forms import parse_issue_form
from atlas.sources.literature import load_literature
from atlas.sources.siteconfig import SiteConfig

LATEST_YEAR = 2027  # as if the data were dated 2026
SITE_URL = "https://example.org/atlas/"


@dataclass(frozen=True)
class RuleFixture:
    name: str  # <CODE>-<what breaks the rule>
    problems: Callable[[Path], list[Diagnostic]]  # given an empty temporary folder
    expected: list[str]

    @property
    def code(self) -> str:
        return self.name.split("-", 1)[0]


def _case(case_id: str, **fields: object) -> tuple[Case, LoadedFile]:
    """A valid case and its file, made in memory (positions are read from its text)."""
    data = {
        "id": case_id,
        "source": f"{case_id.replace('-', '')}",
        "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True},
        "source_type": "case report",
        **fields,
    }
    text = "\n".join(f"{key}: {_flow(value)}" for key, value in data.items()) + "\n"
    loaded = LoadedFile(path=Path(f"{case_id}.yaml"), display=f"cases/{case_id}.yaml", data=data, text=text)
    return Case.model_validate(data), loaded


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    return "true" if value is True else str(value)


def too_large_file(folder: Path) -> list[Diagnostic]:
    path = folder / "smith-2019.yaml"
    path.write_bytes(b"id: smith-2019\nnotes: " + b"x" * (300 * 1024) + b"\n")
    return load_yaml_file(path, path.name)[1]


def one_id_two_files(folder: Path) -> list[Diagnostic]:
    _, first = _case("smith-2019")
    text = "id: smith-2019\n"
    second = LoadedFile(Path("smith-2019b.yaml"), "cases/smith-2019b.yaml", {"id": "smith-2019"}, text)
    return duplicate_id_problems({"smith-2019": [first, second]})


def capital_in_file_name(folder: Path) -> list[Diagnostic]:
    return file_name_problems(Path("Smith-2019.yaml"), "cases/Smith-2019.yaml")


def folder_in_cases(folder: Path) -> list[Diagnostic]:
    (folder / "more").mkdir()
    return file_kind_problems(folder / "more", "cases/more")


def symbolic_link(folder: Path) -> list[Diagnostic]:
    (folder / "docs").mkdir()
    (folder / "secret.txt").write_text("token", encoding="utf-8")
    (folder / "docs" / "notes.md").symlink_to(folder / "secret.txt")
    return symlink_problems(folder, ("docs",))


def same_patient_twice(folder: Path) -> list[Diagnostic]:
    shared = {
        "patient": {"sex": "female", "age_years": 58},
        "tumour": {"side": "left"},
        "treatment": {"surgery": "radical nephrectomy"},
    }
    first, first_file = _case("smith-2019", **shared)
    second, second_file = _case("jones-2021", **shared)
    files = {"smith-2019": first_file, "jones-2021": second_file}
    return duplicate_problems(sorted([first, second], key=lambda case: case.id), files)


def bib_file(text: str) -> Callable[[Path], list[Diagnostic]]:
    def problems(folder: Path) -> list[Diagnostic]:
        path = folder / "references.bib"
        path.write_text(text, encoding="utf-8")
        return load_bibliography(path, latest_year=LATEST_YEAR)[1]

    return problems


def entry(fields: dict[str, str], key: str = "smith2019") -> Callable[[Path], list[Diagnostic]]:
    """A references.bib entry made in memory, its fields on lines 2, 3, … in the order given."""
    lines = {name: number for number, name in enumerate(fields, start=2)}
    reference = Reference(key, "article", dict(fields), line=1, field_lines=lines)
    return lambda folder: check_reference(reference, "references.bib", LATEST_YEAR)


def uncited_entry(folder: Path) -> list[Diagnostic]:
    reference = Reference("smith2019", "article", {"title": "A case"}, line=4)
    bibliography = Bibliography("references.bib", {"smith2019": reference})
    return unused_references(bibliography, used=set())


def unknown_citation(folder: Path) -> list[Diagnostic]:
    uses = citations_in_text("Intro.\n\nAs reported [@smith2019; @jones2021].\n", "docs/review/index.md")
    only_jones = Bibliography("references.bib", {"jones2021": Reference("jones2021", "article", {}, 1)})
    return unknown_citations(uses, only_jones)


def broken_site_settings(folder: Path) -> list[Diagnostic]:
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    try:
        _run_mkdocs(folder, folder / "docs", folder / "site", 0)  # MkDocs alone, without a whole build
    except BuildFailed as failure:
        return failure.diagnostics
    return []


def site_page(body: str) -> Callable[[Path], list[Diagnostic]]:
    """A built site of one page (and an empty second one) holding `body`, read by the link checker."""

    def problems(folder: Path) -> list[Diagnostic]:
        (folder / "page").mkdir()
        (folder / "page" / "index.html").write_text('<h1 id="section">Page</h1>\n', encoding="utf-8")
        (folder / "index.html").write_text(f"<!doctype html>\n<body>\n{body}\n</body>\n", encoding="utf-8")
        return check_site(folder, SITE_URL)

    return problems


def page_of_the_build_in_docs(folder: Path) -> list[Diagnostic]:
    (folder / "changes.md").write_text("# My changes\n", encoding="utf-8")
    return page_conflicts({"changes.md", "cases/index.md"}, folder)


PUBLISHED = """\
figures:
  - topic: sex
    figure: Most patients are women.
    numbers: {female_percent: %s}
    reported_in: %s
    scope: renal vein leiomyosarcoma
"""
LEAD = """\
articles:
  - key: smith2019
    state: not yet extracted
"""


SEARCH = """\
date_of_last_search: '2026-01-31'
searched_by: the curators
method: Free-text searches.
rounds:
  - {round: 1, date: '2026-01-31', aim: first round, covered: one journal, result: one patient}
sources:
  - kind: journal pages
terms: {English: [renal vein leiomyosarcoma]}
terms_note: The name of the disease alone.
names_searched: {}
restrictions: {language: none, publication_date: none, publication_type: none, full_text: not required}
selection: {screening: once, included: patients, leads: reports not yet read, excluded: the others}
data_collection: {extraction: once, second_reading: none, other_checks: none}
"""


def literature(published: str | None, leads: str = "{}\n") -> Callable[[Path], list[Diagnostic]]:
    def problems(folder: Path) -> list[Diagnostic]:
        (folder / "literature").mkdir()
        if published is not None:
            (folder / "literature" / "published.yaml").write_text(published, encoding="utf-8")
        (folder / "literature" / "leads.yaml").write_text(leads, encoding="utf-8")
        (folder / "literature" / "search.yaml").write_text(SEARCH, encoding="utf-8")
        keys = {key: Reference(key, "article", {}, 1) for key in ("smith2019", "jones2021")}
        bibliography = Bibliography("references.bib", keys)
        return load_literature(folder, bibliography, {"jones-2021": "jones2021"})[1]

    return problems


FIXTURES = [
    RuleFixture(
        "E002-file-too-large",
        too_large_file,
        ["smith-2019.yaml:1:1: E002 file is 300 KiB; a case file may be at most 256 KiB"],
    ),
    RuleFixture(
        "E202-one-id-two-files",
        one_id_two_files,
        [
            "cases/smith-2019.yaml:1:5: E202 id 'smith-2019' is claimed by several files: "
            "cases/smith-2019.yaml, cases/smith-2019b.yaml",
            "cases/smith-2019b.yaml:1:5: E202 id 'smith-2019' is claimed by several files: "
            "cases/smith-2019.yaml, cases/smith-2019b.yaml",
        ],
    ),
    RuleFixture(
        "E213-capital-in-file-name",
        capital_in_file_name,
        [
            "cases/Smith-2019.yaml:1:1: E213 'Smith-2019.yaml': file names use lowercase ASCII letters, "
            "digits and single hyphens only, e.g. smith-2019.yaml"
        ],
    ),
    RuleFixture(
        "E213-folder-in-cases",
        folder_in_cases,
        ["cases/more:1:1: E213 'more' is not a file; cases/ holds case files only"],
    ),
    RuleFixture(
        "E230-symbolic-link",
        symbolic_link,
        ["docs/notes.md:1:1: E230 'docs/notes.md' is a symbolic link; add the file itself"],
    ),
    RuleFixture(
        "W220-same-patient-twice",
        same_patient_twice,
        [
            "cases/smith-2019.yaml:5:1: W220 may be the same patient as case jones-2021 "
            "(cases/jones-2021.yaml): both are female, 58 years, left side, radical nephrectomy, in "
            "different articles (jones2021, smith2019); if it is the same patient, keep one case and list "
            "the other article in its also_reported_in"
        ],
    ),
    RuleFixture(
        "E301-unclosed-entry",
        bib_file("@article{smith2019,\n  title = {A case\n\n@article{jones2021, title = {B}}\n"),
        ["references.bib:1:1: E301 this entry cannot be parsed as BibTeX; check its braces and commas"],
    ),
    RuleFixture(
        "E302-key-used-twice",
        bib_file("@article{smith2019, title = {A}}\n\n@article{smith2019, title = {B}}\n"),
        ["references.bib:3:1: E302 entry key 'smith2019' is used twice"],
    ),
    RuleFixture(
        "E303-no-author-no-title",
        entry({"journal": "A Journal", "year": "2019"}),
        [
            "references.bib:1:1: E303 entry 'smith2019' needs at least an author or a title "
            "(or a journal and a url)"
        ],
    ),
    RuleFixture(
        "E304-doi-as-a-link",
        entry({"title": "A case", "doi": "https://doi.org/10.1000/xyz"}),
        [
            "references.bib:3:1: E304 doi of 'smith2019' must be a bare DOI such as 10.1515/raon-2016-0051 "
            "(got 'https://doi.org/10.1000/xyz')"
        ],
    ),
    RuleFixture(
        "E305-url-runs-a-script",
        entry({"title": "A case", "url": "javascript:alert(1)"}),
        [
            "references.bib:3:1: E305 url of 'smith2019' must start with https:// or http:// "
            "(got 'javascript:alert(1)')"
        ],
    ),
    RuleFixture(
        "E306-year-after-next-year",
        entry({"title": "A case", "year": "2207"}),
        ["references.bib:3:1: E306 year of 'smith2019' must be a year from 1900 to 2027 (got '2207')"],
    ),
    RuleFixture(
        "E307-pmid-as-a-link",
        entry({"title": "A case", "pmid": "https://pubmed.ncbi.nlm.nih.gov/12345678/"}),
        [
            "references.bib:3:1: E307 pmid of 'smith2019' must be digits only "
            "(got 'https://pubmed.ncbi.nlm.nih.gov/12345678/')"
        ],
    ),
    RuleFixture(
        "E308-key-starts-with-a-digit",
        entry({"title": "A case"}, key="2019smith"),
        [
            "references.bib:1:1: E308 entry key '2019smith' must start with a letter and hold only ASCII "
            "letters, digits and _:.-, e.g. smith2019"
        ],
    ),
    RuleFixture(
        "E309-url-links-another-doi",
        entry({"title": "A case", "doi": "10.1000/right", "url": "https://doi.org/10.1000/wrong"}),
        [
            "references.bib:4:1: E309 url of 'smith2019' links DOI '10.1000/wrong' but its doi is "
            "'10.1000/right'; they must name the same article"
        ],
    ),
    RuleFixture(
        "E310-title-empty-once-read",
        entry({"author": "Smith, Jane", "title": ""}),
        [
            "references.bib:3:1: E310 title of 'smith2019' is empty once its LaTeX commands are read; "
            "write it as plain text"
        ],
    ),
    RuleFixture(
        "E311-context-without-scope",
        entry({"title": "A series", "context": "retroperitoneal sarcoma"}),
        [
            "references.bib:3:1: E311 entry 'smith2019' gives context but no scope: a context source names "
            "both the related population it describes (context) and its design and size (scope)"
        ],
    ),
    RuleFixture(
        "E312-right-to-left-override-in-the-authors",
        entry({"author": "Smith, \u202eenaJ", "title": "A case"}),
        [
            "references.bib:2:1: E312 author of 'smith2019' holds the invisible character U+202E "
            "(RIGHT-TO-LEFT OVERRIDE); delete it"
        ],
    ),
    RuleFixture(
        "W301-entry-cited-nowhere",
        uncited_entry,
        ["references.bib:4:1: W301 entry 'smith2019' is not cited by any case or page"],
    ),
    RuleFixture(
        "W302-unverified-doi",
        entry({"title": "A case", "unverified": "doi, year"}),
        ["references.bib:1:1: W302 citation 'smith2019' is incomplete: doi, year not verified"],
    ),
    RuleFixture(
        "E401-citation-of-no-entry",
        unknown_citation,
        ["docs/review/index.md:3:13: E401 citation key 'smith2019' is not an entry of references.bib"],
    ),
    RuleFixture(
        "E501-unknown-theme",
        broken_site_settings,
        ["mkdocs.yml:1:1: E501 MkDocs build failed: Aborted with a configuration error!"],
    ),
    RuleFixture(
        "E502-link-to-no-page",
        site_page('<a href="missing/">a page that is not there</a>'),
        ["site/index.html:3:1: E502 link to missing/ does not resolve to a file of the site"],
    ),
    RuleFixture(
        "E503-link-to-no-anchor",
        site_page('<a href="page/#nowhere">an anchor that is not there</a>'),
        ["site/index.html:3:1: E503 anchor #nowhere does not exist on page/index.html"],
    ),
    RuleFixture(
        "E504-doi-link-of-another-form",
        site_page('<a href="http://dx.doi.org/10.1515/raon-2016-0051">the article</a>'),
        [
            "site/index.html:3:1: E504 DOI link 'http://dx.doi.org/10.1515/raon-2016-0051' is not of the "
            "form https://doi.org/10.…/…"
        ],
    ),
    RuleFixture(
        "E505-font-from-another-site",
        site_page('<link rel="stylesheet" href="https://fonts.example.com/font.css">'),
        [
            "site/index.html:3:1: E505 <link> loads 'https://fonts.example.com/font.css' from another site; "
            "self-host it"
        ],
    ),
    RuleFixture(
        "E506-javascript-link",
        site_page('<a href="javascript:alert(1)">click</a>'),
        ["site/index.html:3:1: E506 <a> uses a javascript: URL"],
    ),
    RuleFixture(
        "E507-page-of-the-build-in-docs",
        page_of_the_build_in_docs,
        [
            "docs/changes.md:1:1: E507 the build makes this page itself, from the case files; a file of the "
            "same name in docs/ would take its place. Remove the file or give it another name."
        ],
    ),
    RuleFixture(
        "E508-link-above-the-root",
        site_page('<a href="../outside.html">above the site</a>'),
        [
            "site/index.html:3:1: E508 link to '../outside.html' climbs above the site's root, so it leaves "
            "the site; remove a '../' (the link goes one folder too high)"
        ],
    ),
    RuleFixture(
        "E199-figure-in-words",
        literature(PUBLISHED % ("most", "smith2019")),
        [
            "literature/published.yaml:4:31: E199 figures[0].numbers.female_percent: must be a number, "
            "a range [low, high], or a mapping of names to numbers (got 'most')"
        ],
    ),
    RuleFixture(
        "E601-figure-from-no-entry",
        literature(PUBLISHED % ("82", "brown2020")),
        [
            "literature/published.yaml:5:18: E601 'brown2020' is not an entry of references.bib; "
            "add the reference there first"
        ],
    ),
    RuleFixture(
        "E602-published-figures-missing",
        literature(None),
        [
            "literature/published.yaml:1:1: E602 literature/published.yaml is missing; "
            "the site is built from it"
        ],
    ),
    RuleFixture(
        "E603-lead-with-key-and-citation",
        literature(PUBLISHED % ("82", "smith2019"), LEAD + "    citation: Smith J. A case. 2019.\n"),
        [
            "literature/leads.yaml:2:5: E603 a lead article gives key (its references.bib entry) or "
            "citation, not both"
        ],
    ),
    RuleFixture(
        "E604-excluded-without-reason",
        literature(PUBLISHED % ("82", "smith2019"), LEAD.replace("not yet extracted", "excluded")),
        ["literature/leads.yaml:3:12: E604 an excluded article needs a reason saying why it is excluded"],
    ),
    RuleFixture(
        "E605-may-include-no-case",
        literature(PUBLISHED % ("82", "smith2019"), LEAD + "    may_include: [brown-2020]\n"),
        ["literature/leads.yaml:4:19: E605 may_include names 'brown-2020', which is no case of the atlas"],
    ),
    RuleFixture(
        "W601-lead-already-a-case",
        literature(PUBLISHED % ("82", "smith2019"), LEAD.replace("smith2019", "jones2021")),
        [
            "literature/leads.yaml:2:10: W601 'jones2021' is already the source of a case; remove the lead "
            "once it is extracted"
        ],
    ),
    RuleFixture(
        "W603-lead-also-excluded",
        literature(
            PUBLISHED % ("82", "smith2019"),
            LEAD + "excluded_seen:\n  - {what: Smith J. A case. 2019, reason: other vein, key: smith2019}\n",
        ),
        [
            "literature/leads.yaml:2:10: W603 'smith2019' is also an excluded report (excluded_seen); the "
            "exclusion stands: remove the lead"
        ],
    ),
    RuleFixture(
        "E606-citation-file-missing",
        lambda folder: parse_site_citation(None)[1],
        ["CITATION.cff:1:1: E606 CITATION.cff is missing: the site cannot say how to cite it"],
    ),
    RuleFixture(
        "E607-entry-outside-a-section",
        lambda folder: changelog_problems("# Changelog\n\n## [Unreleased]\n- stray\n", "1.0.0"),
        ["CHANGELOG.md:4:1: E607 an entry outside a ### section"],
    ),
    RuleFixture(
        "E608-releases-out-of-order",
        lambda folder: changelog_problems("## [1.0.0] - 2025-01-01\n\n## [1.1.0] - 2025-02-01\n", "1.0.0"),
        ["CHANGELOG.md:3:1: E608 releases must be listed newest first"],
    ),
    RuleFixture(
        "E609-form-not-yaml",
        lambda folder: parse_issue_form("submit-case.yml", "name: Submit\nbody: [unclosed\n")[1],
        [
            ".github/ISSUE_TEMPLATE/submit-case.yml:3:1: E609 the issue form is not valid YAML: "
            "expected ',' or ']', but got '<stream end>'"
        ],
    ),
    RuleFixture(
        "W602-no-repository",
        lambda folder: repository_problems(SiteConfig()),
        [
            'mkdocs.yml:1:1: W602 extra.repository is not set, so the site has no "Submit a published '
            'case", "I have this article" or "Suggest a correction" links; set it to the repository\'s '
            "address on GitHub"
        ],
    ),
]
