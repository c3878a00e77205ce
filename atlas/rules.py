"""The catalogue of diagnostic codes: every code declared once, with what it checks and what to do.

`check` speaks to contributors in codes (`cases/x.yaml:5:11: E207 …`). Each code is declared here
with its severity, what it applies to, the rule in a contributor's words and what to do about
it; a problem can only be made through `rule(code)`, so no code is used without being declared,
and the Case format page lists every code from this table. Checks register against their code
with a `Checks` registry: one small function a rule. Tests hold each code to one meaning and to
a fixture that triggers it (tests/project/test_rule_catalogue.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from atlas.diagnostics import Diagnostic, Severity

CODE_FORM = re.compile(r"^[EW]\d{3}$")
ERROR, WARNING = Severity.ERROR, Severity.WARNING


class Scope(StrEnum):
    """What a rule applies to, as the Case format page heads it, in the order the page lists them."""

    DATA_FILE = "Case files and literature/ data (YAML)"
    CASE = "Case files"
    CASES_FOLDER = "The cases/ folder"
    REFERENCES = "references.bib"
    LITERATURE = "The literature/ data"
    DOCS = "Pages in docs/"
    INPUTS = "Every input file"
    CITATION = "CITATION.cff"
    CHANGELOG = "CHANGELOG.md"
    ISSUE_FORMS = "Issue forms (.github/ISSUE_TEMPLATE/)"
    SITE_SETTINGS = "Site settings (mkdocs.yml)"
    SITE = "The built site"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    scope: Scope
    text: str  # the rule, one line in a contributor's words
    fix: str  # what to do about it

    def at(self, path: str, line: int, column: int, message: str) -> Diagnostic:
        """A problem of this rule at a place in a file, as `check` reports it."""
        return Diagnostic(path, line, column, self.code, message, self.severity)


RULES = (
    # The YAML of a data file: read before anything else is checked.
    Rule("E001", ERROR, Scope.DATA_FILE, "A data file is UTF-8 text.",
         "Save the file as UTF-8 (in most editors: Save as, Encoding UTF-8)."),
    Rule("E002", ERROR, Scope.DATA_FILE, "A data file is at most 256 KiB.",
         "Keep to the fields of the format: a case needs a few kilobytes."),
    Rule("E003", ERROR, Scope.DATA_FILE, "A data file is valid YAML: one document, indented with spaces.",
         "Fix the line named: check colons, quotes and brackets, indent with spaces (never tabs) "
         "and remove a second '---'."),
    Rule("E004", ERROR, Scope.DATA_FILE, "YAML anchors and aliases (&name, *name) are not used.",
         "Write each value out in full."),
    Rule("E005", ERROR, Scope.DATA_FILE, "Values carry no YAML tag (!name, !!type).",
         "Remove the tag and write the plain value."),
    Rule("E006", ERROR, Scope.DATA_FILE, "A field appears once in its section.",
         "Keep one of the two and delete the other."),
    Rule("E007", ERROR, Scope.DATA_FILE, "Merge keys (<<) are not used.", "Write the fields out in full."),
    Rule("E008", ERROR, Scope.DATA_FILE, "A data file is a mapping of fields (key: value), not empty, "
         "not a list or a single value.", "Write the fields as key: value lines."),
    Rule("E009", ERROR, Scope.DATA_FILE, "No field is left empty: an absent field means not reported.",
         "Give the value, or delete the field when the article does not report it."),
    Rule("E010", ERROR, Scope.DATA_FILE, "Values are nested at most 12 levels deep.",
         "Check the indentation and the brackets: no field of the format nests that deep."),
    Rule("E011", ERROR, Scope.DATA_FILE, "Numbers are finite (.nan and .inf are not numbers of a patient).",
         "Write the number the article reports, or leave the field out."),
    Rule("E012", ERROR, Scope.DATA_FILE, "Field names are plain text.",
         "Check the indentation: a value may stand where a field name belongs."),
    Rule("E013", ERROR, Scope.DATA_FILE, "Numbers are plain decimals of at most 20 digits.",
         "Write digits only (no leading 0, no 1:30, no 0x); put the value in quotes if it is text."),
    Rule("E014", ERROR, Scope.DATA_FILE, "The text holds no invisible character (control characters, "
         "right-to-left overrides, zero-width spaces, a byte-order mark inside the text).",
         "Delete the character at the place named; type the text again if in doubt."),
    # The case format (the fields above), checked on case files and literature/ data alike.
    Rule("E101", ERROR, Scope.DATA_FILE, "Every field is a field of the format.",
         "Correct the spelling (the message suggests the nearest field) or remove the field."),
    Rule("E102", ERROR, Scope.DATA_FILE, "Every required field is given.", "Add the field named."),
    Rule("E103", ERROR, Scope.DATA_FILE, "A value has the type its field takes: text, a number, true/false, "
         "a list or a section.", "Write the value in that type; put text in quotes when YAML would read it "
         "otherwise (yes, no, dates)."),
    Rule("E104", ERROR, Scope.DATA_FILE, "A value is one of its field's allowed values.",
         "Choose one of the values the message lists; put yes and no in quotes."),
    Rule("E105", ERROR, Scope.DATA_FILE, "A number lies within its field's range.",
         "Check the number against the article; the message gives the limit."),
    Rule("E106", ERROR, Scope.DATA_FILE, "A text has its field's form and length.",
         "Write it in the form the message gives, e.g. an id as smith-2019, a reference key as smith2019."),
    Rule("E107", ERROR, Scope.DATA_FILE, "A list holds as many items as its field allows.",
         "Leave out an empty list; keep to the number of items the message names."),
    Rule("E199", ERROR, Scope.DATA_FILE, "Any other value that does not fit its field.",
         "Read the message; if it is unclear, ask in the pull request."),
    # Case files: rules across fields and files.
    Rule("E201", ERROR, Scope.CASE, "The id equals the file name without .yaml.",
         "Rename the file or change the id, so that they match."),
    Rule("E202", ERROR, Scope.CASES_FOLDER, "No two case files claim the same id.",
         "Give each patient an id of its own, e.g. smith-2019 and smith-2019b."),
    Rule("E203", ERROR, Scope.CASE, "Ids that name site pages or devices (index, search, assets, data, "
         "tags, con, nul, …) are reserved.", "Use the first author and year, e.g. smith-2019."),
    Rule("E204", ERROR, Scope.CASE, "source, extracted_from and every also_reported_in key are entries "
         "of references.bib.", "Add the reference to references.bib first, or correct the key."),
    Rule("E205", ERROR, Scope.CASE, "also_reported_in lists other articles, never the case's own source.",
         "Remove the case's own source from also_reported_in."),
    Rule("E206", ERROR, Scope.CASE, "Recurrence, metastasis and progression cannot happen after the last "
         "follow-up.", "Check the months against the article: follow_up_months is the last news of the "
         "patient."),
    Rule("E207", ERROR, Scope.CASE, "A patient reported dead (DOD, DOC) has the months from surgery to "
         "death, for the survival analysis.", "Add outcome.follow_up_months, the months to death."),
    Rule("E208", ERROR, Scope.CASE, "Months to recurrence or metastasis, and metastasis sites, are given "
         "only when that event is reported as true.",
         "Set local_recurrence or metastasis to true, or remove the months."),
    Rule("E209", ERROR, Scope.CASE, "A radical nephrectomy removes the kidney; a local excision "
         "preserves it.", "Check treatment.surgery and treatment.kidney_preserved against the article."),
    Rule("E210", ERROR, Scope.CASE, "largest_diameter_cm is the largest of dimensions_cm when both are "
         "given.", "Correct one of the two to what the article reports."),
    Rule("E211", ERROR, Scope.CASE, "Each path in inferred names a field that the case gives a value for.",
         "Remove the path from inferred, or give the value."),
    Rule("E212", ERROR, Scope.CASE, "A biopsy type or result is given only when the biopsy was performed.",
         "Set diagnosis.biopsy.performed to true, or remove the type and the result."),
    Rule("E213", ERROR, Scope.CASES_FOLDER, "cases/ holds case files only, each named by its id: "
         "lowercase ASCII letters, digits and single hyphens, then .yaml.",
         "Rename the file, e.g. smith-2019.yaml, or move what is not a case file out of cases/."),
    Rule("E214", ERROR, Scope.CASE, "An appraisal answers only items of its instrument (Q1 to Q8, as the "
         "Methods page lists them).", "Remove the item, or choose the instrument it belongs to."),
    Rule("E215", ERROR, Scope.CASE, "An appraisal answers every item of its instrument, unless it says why "
         "the article could not be appraised.", "Answer each item named with yes, no, unclear or not "
         "applicable, or give appraisal.not_appraised."),
    Rule("E216", ERROR, Scope.CASE, "An appraisal either answers the items or says why the article could "
         "not be appraised (not_appraised), not both.", "Keep the answers and item notes if the article "
         "was appraised; else keep only not_appraised."),
    Rule("E230", ERROR, Scope.INPUTS, "No input is a symbolic link: the build would publish whatever it "
         "points to.", "Put the file itself in its place."),
    Rule("W220", WARNING, Scope.CASES_FOLDER, "Two cases from different articles that agree on sex, side, "
         "age and surgery may be one patient.", "Read both articles; if it is one patient, keep one case "
         "and list the other article in its also_reported_in."),
    # references.bib
    Rule("E301", ERROR, Scope.REFERENCES, "references.bib exists, is UTF-8 and reads as BibTeX: every "
         "entry closed, every field given once, no text outside the entries.",
         "Fix the entry at the line named: check its braces and commas; comments are lines starting "
         "with %."),
    Rule("E302", ERROR, Scope.REFERENCES, "Each entry key is used once.",
         "Rename one of the entries, or merge them if they are one article."),
    Rule("E303", ERROR, Scope.REFERENCES, "An entry has an author or a title (or a journal and a url).",
         "Add the authors or the title of the article."),
    Rule("E304", ERROR, Scope.REFERENCES, "doi is a bare DOI, such as 10.1515/raon-2016-0051.",
         "Write the DOI alone, without https://doi.org/ before it."),
    Rule("E305", ERROR, Scope.REFERENCES, "url starts with https:// or http://.",
         "Copy the article's full web address."),
    Rule("E306", ERROR, Scope.REFERENCES, "year is a year from 1900 to next year.",
         "Write the year of publication, four digits."),
    Rule("E307", ERROR, Scope.REFERENCES, "pmid is digits only.",
         "Write the PubMed number alone, not its web address."),
    Rule("E308", ERROR, Scope.REFERENCES, "An entry key starts with a letter and holds only ASCII letters, "
         "digits and _:.-.", "Rename the key, e.g. smith2019, here and in the files that cite it."),
    Rule("E309", ERROR, Scope.REFERENCES, "A url that links a DOI names the same DOI as the doi field.",
         "Correct the url or the doi, so that both name the same article."),
    Rule("E310", ERROR, Scope.REFERENCES, "No field is empty once its LaTeX commands are read.",
         "Write the field as plain text."),
    Rule("E311", ERROR, Scope.REFERENCES, "A context source gives both context (the related population it "
         "describes) and scope (its design and size).",
         "Add the missing field; a source about renal vein leiomyosarcoma itself gives neither."),
    Rule("E312", ERROR, Scope.REFERENCES, "No field holds an invisible character (control characters, "
         "right-to-left overrides, zero-width spaces): a reference list would show it raw.",
         "Delete the character in the field named; type the text again if in doubt."),
    Rule("W301", WARNING, Scope.REFERENCES, "Every entry is cited by a case, a page or the literature data.",
         "Cite the entry where it belongs, or remove it."),
    Rule("W302", WARNING, Scope.REFERENCES, "An entry with an unverified field is shown as an incomplete "
         "citation.", "Check the details it lists against the article, then remove them from unverified."),
    # The review's pages
    Rule("E401", ERROR, Scope.DOCS, "Every key cited in a page is an entry of references.bib.",
         "Add the reference to references.bib, or correct the key."),
    # The built site
    Rule("E501", ERROR, Scope.SITE, "The site build itself completes (MkDocs, and the case pages placed "
         "in its layout).", "Not a fault of a case file: fix mkdocs.yml as the message says, or report it."),
    Rule("E502", ERROR, Scope.SITE, "Every link leads to a page or file of the site.",
         "Correct the link in the page named, or add what it points to."),
    Rule("E503", ERROR, Scope.SITE, "Every link to an anchor (#name) finds that anchor on its page.",
         "Correct the anchor to a heading or id that the page has."),
    Rule("E504", ERROR, Scope.SITE, "A DOI link has the form https://doi.org/10.…/….",
         "Link the DOI through https://doi.org/."),
    Rule("E505", ERROR, Scope.SITE, "A page loads nothing from another site (scripts, styles, images, "
         "fonts): readers make no third-party request.", "Add the file to the site and load it from there."),
    Rule("E506", ERROR, Scope.SITE, "No link uses javascript:, data: or another unexpected kind of address.",
         "Link to https:// addresses or to pages of the site."),
    Rule("E507", ERROR, Scope.SITE, "A file in docs/ does not take the name of a page the build makes.",
         "Remove the file or give it another name."),
    Rule("E508", ERROR, Scope.SITE, "No relative link climbs above the site's root.",
         "Remove a '../' from the link."),
    # Other inputs: literature/ data, CITATION.cff, CHANGELOG.md, issue forms, mkdocs.yml
    Rule("E601", ERROR, Scope.LITERATURE, "Every reference key in the literature data is an entry of "
         "references.bib.", "Add the reference to references.bib first, or correct the key."),
    Rule("E602", ERROR, Scope.LITERATURE, "literature/published.yaml, literature/leads.yaml and "
         "literature/search.yaml exist.",
         "Restore the file from the repository."),
    Rule("E603", ERROR, Scope.LITERATURE, "A lead article gives either key (its references.bib entry) or "
         "citation, one of the two.", "Keep the key when the article has an entry, else the citation."),
    Rule("E604", ERROR, Scope.LITERATURE, "An excluded article gives the reason; only excluded ones do.",
         "Say why it is excluded in reason; write what is known of other articles in note."),
    Rule("E605", ERROR, Scope.LITERATURE, "may_include names cases of the atlas.",
         "Correct the case id, or remove it."),
    Rule("W601", WARNING, Scope.LITERATURE, "A lead whose article is already the source of a case is "
         "done.", "Remove the lead from literature/leads.yaml."),
    Rule("W603", WARNING, Scope.LITERATURE, "A report that is both a lead and an excluded report counts "
         "once, as excluded.", "Remove the lead from articles; the entry in excluded_seen stands."),
    Rule("E606", ERROR, Scope.CITATION, "CITATION.cff exists, reads as YAML and gives the title, authors, "
         "version, url and license.", "Add what the message names: the How to cite page and the "
         "metadata of every page use them."),
    Rule("E607", ERROR, Scope.CHANGELOG, "CHANGELOG.md keeps its form: every entry a list item under a "
         "### section of a ## [version], each section once per version.",
         "Move the line named under its release and section."),
    Rule("E608", ERROR, Scope.CHANGELOG, "Releases are dated versions (## [1.2.3] - YYYY-MM-DD), newest "
         "first, and agree with the package version.",
         "Date the release, put the releases in order, or add the coming version under [Unreleased]."),
    Rule("E609", ERROR, Scope.ISSUE_FORMS, "Each issue form is valid YAML.",
         "Fix the line named, as GitHub would refuse the form."),
    Rule("W602", WARNING, Scope.SITE_SETTINGS, "extra.repository gives the repository's address, for the "
         "links to its issue forms.", "Set extra.repository in mkdocs.yml to the repository on GitHub."),
)  # fmt: skip


def catalogue(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Rules by code; a code declared twice, or whose letter disagrees with its severity, is refused."""
    table: dict[str, Rule] = {}
    for entry in rules:
        if not CODE_FORM.match(entry.code):
            raise ValueError(f"{entry.code!r} is not a code like E123 or W123")
        if entry.code in table:
            raise ValueError(f"{entry.code} is declared twice")
        if (entry.severity is ERROR) != entry.code.startswith("E"):
            raise ValueError(f"{entry.code} is a {entry.severity}: E codes are errors, W codes warnings")
        table[entry.code] = entry
    return table


CATALOGUE = catalogue(RULES)


def rule(code: str) -> Rule:
    """The declared rule of a code; a code missing from the catalogue fails at once."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"{code} is not declared in atlas/rules.py") from None


def by_scope() -> list[tuple[Scope, list[Rule]]]:
    """Every rule, grouped by what it applies to (in Scope's order), by code within each group."""
    return [
        (scope, sorted((r for r in RULES if r.scope is scope), key=lambda r: r.code))
        for scope in Scope
        if any(r.scope is scope for r in RULES)
    ]


Subject = TypeVar("Subject")
Where = TypeVar("Where")
Check = Callable[[Subject], Iterable[tuple[Where, str]]]


@dataclass
class Checks(Generic[Subject, Where]):
    """Check functions registered against their codes, run in the order they were registered.

    A check yields (where, message) for each problem of its subject; `where` is whatever locates a
    problem in that kind of file (a field path of a case, a field of a references.bib entry).
    """

    registered: list[tuple[Rule, Check]] = field(default_factory=list)

    def rule(self, code: str) -> Callable[[Check], Check]:
        def register(function: Check) -> Check:
            self.registered.append((rule(code), function))
            return function

        return register

    def findings(self, subject: Subject) -> Iterator[tuple[Rule, Where, str]]:
        for declared, check in self.registered:
            for where, message in check(subject):
                yield declared, where, message

    @property
    def codes(self) -> list[str]:
        return [declared.code for declared, _ in self.registered]
