"""The literature beside the cases: published summary figures and the coverage gap.

`literature/published.yaml` holds figures that reviews published (percentages, counts), so the
atlas can show them next to its own counts, always labelled as published and cited.
`literature/leads.yaml` holds what is known to exist but is not yet a case: published totals,
groups of patients known only through a review, and articles still to extract or excluded.
Both are project data, loaded with the same safe loader as the cases and checked the same way:
every problem with its file and line, and every reference key must exist in references.bib.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from atlas.cases.load import FieldPath, LoadedFile, load_yaml_file
from atlas.cases.model import CASE_ID_PATTERN, BibKey, Part, ShortText, Text
from atlas.cases.validate import validate_model
from atlas.diagnostics import Diagnostic
from atlas.paths import LEADS_FILE, PUBLISHED_FILE, SEARCH_FILE
from atlas.rules import Checks, rule
from atlas.sources.bibliography import Bibliography
from atlas.sources.citations import CitationUse, citations_in_text, unknown_citations
from atlas.sources.search import Search

ATLAS_SCOPE = "renal vein leiomyosarcoma"

Topic = Literal[
    "number of published cases",
    "literature search",
    "epidemiology",
    "reporting specialty",
    "sex",
    "age",
    "side",
    "presentation",
    "imaging",
    "immunohistochemistry",
    "surgical treatment",
    "survival by surgery",
    "outcome",
    "survival",
    "recurrence",
    "prognosis",
    "presentation and diagnosis",
    "renal leiomyosarcoma series (pathology and outcome)",
    "renal leiomyosarcoma survival (population registry)",
    "renal leiomyosarcoma prognostic factors (population registry)",
    "high-grade renal leiomyosarcoma, single-centre series",
]
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]

NumberName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Count = Annotated[int, Field(ge=0, le=100000)]
CaseId = Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN, max_length=60)]
LeadState = Literal["not yet extracted", "excluded"]
# Why a report met during the search was excluded: one reason each, from this fixed list (the
# extraction sheets' controlled list); the flow diagram counts reports per reason, in this order.
ExclusionReason = Literal[
    "origin in the inferior vena cava",
    "arising in the kidney, renal vein involved secondarily",
    "primary renal (parenchymal) leiomyosarcoma",
    "origin in the renal pelvis",
    "arising from renal sinus vessels",
    "origin in the adrenal gland",
    "other vein",
    "retroperitoneal leiomyosarcoma, origin not stated as the renal vein",
    "benign tumour, not leiomyosarcoma",
    "smooth muscle tumour of uncertain malignant potential, not leiomyosarcoma",
]
EXCLUSION_REASONS: tuple[str, ...] = ExclusionReason.__args__  # type: ignore[attr-defined]
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500)]


def _number_or_group(value: Any) -> Any:
    """A published number is a number, a range (two numbers, low then high), or one level of named
    numbers (e.g. alive/dead per surgery)."""

    def is_number(item: Any) -> bool:
        return isinstance(item, int | float) and not isinstance(item, bool)

    if is_number(value):
        return value
    if isinstance(value, list) and len(value) == 2 and all(map(is_number, value)) and value[0] <= value[1]:
        return value
    if isinstance(value, dict) and value and all(is_number(item) for item in value.values()):
        return value
    raise PydanticCustomError(
        "number_or_group",
        "must be a number, a range [low, high], or a mapping of names to numbers (got {got})",
        {"got": type(value).__name__ if not isinstance(value, str) else repr(value)},
    )


PublishedNumber = Annotated[Any, BeforeValidator(_number_or_group)]


class PublishedFigure(Part):
    """One published summary figure, as the document it was read in states it.

    `figure` keeps the extraction sheet's wording, for traceability; the pages show it as a summary,
    never as a quotation. Where that wording carries a value not checked against the source (the
    Illuminati series' P = .48: the abstract gives P = .63), `summary` holds our own checked wording,
    which the pages show instead."""

    topic: Topic = Field(description="What the figure is about; the atlas pairs it with its own count.")
    figure: Text = Field(description="The figure in words, as the extraction sheet summarises it.")
    summary: Text | None = Field(
        None, description="Our own summary, checked against the source, shown in place of the figure's words."
    )
    numbers: dict[NumberName, PublishedNumber] = Field(
        default_factory=dict, description="The figure's numbers, by name, for placing beside the atlas's."
    )
    reported_in: BibKey = Field(description="Key of the document the figure was read in.")
    attributed_to: list[BibKey] = Field(
        default_factory=list, description="Keys of the sources that document credits for the figure."
    )
    cited_as: ShortText | None = Field(None, description="How the document cites its source.")
    attribution_inferred: bool = Field(
        False,
        description="True when the document cites only reference numbers and naming the credited source "
        "is the curators' inference; the pages then say it probably credits that source.",
    )
    scope: ShortText = Field(description="Which patients the figure describes.")

    @property
    def words(self) -> str:
        """What the pages show: our checked summary where there is one, else the sheet's summary."""
        return self.summary or self.figure

    @property
    def is_context(self) -> bool:
        """Figures about other patients (e.g. leiomyosarcoma in general) are context, not comparable.

        A scope that starts with the atlas's and only qualifies it ("renal vein leiomyosarcoma
        (explanation, no numbers)") is about the same patients."""
        return not self.scope.startswith(ATLAS_SCOPE)


class PublishedFile(Part):
    figures: list[PublishedFigure] = Field(min_length=1)


class KnownTotal(Part):
    """A published count of patients that the atlas measures its coverage against."""

    count: Annotated[int, Field(ge=1, le=100000)]
    what: ShortText
    reported_in: BibKey


class LeadGroup(Part):
    """Patients known only as a group inside a review, not yet traceable to their articles."""

    what: ShortText
    patients: Count | None = None
    articles: Count | None = None
    reported_in: BibKey
    note: Text | None = None


class LeadArticle(Part):
    """An article known to describe a candidate patient: still to extract, or excluded with a reason."""

    key: BibKey | None = Field(None, description="Its entry in references.bib, when it has one.")
    citation: ShortText | None = Field(None, description="What is known of it, when it has no entry.")
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    reported_in: BibKey | None = Field(None, description="Key of the document that mentions it.")
    state: LeadState
    patients: Count | None = Field(None, description="Candidate patients, when the article's count is known.")
    reason: Text | None = Field(None, description="Why it is excluded.")
    note: Text | None = Field(None, description="What is known of it.")
    facts: list[ShortText] | None = Field(
        None, min_length=1, description="What is known of its patients, one fact an item."
    )
    may_include: list[CaseId] | None = Field(
        None, min_length=1, description="Cases of the atlas that may be among its patients."
    )

    @property
    def identifiers(self) -> set[str]:
        return report_identifiers(self.key, self.pmid)


def report_identifiers(key: str | None, pmid: str | None) -> set[str]:
    """What tells one report from another across the lists: its references.bib key and its PubMed id."""
    return {f"{kind}:{value}" for kind, value in (("key", key), ("pmid", pmid)) if value}


class ExcludedRecord(Part):
    """One report (article, congress abstract, poster or teaching case) met during the search and
    excluded, with its one reason: a row of the flow diagram's "reports excluded, with reasons"."""

    what: Annotated[str, StringConstraints(min_length=1, max_length=400)] = Field(
        description="The citation, as complete as it is known."
    )
    reason: ExclusionReason = Field(description="Why it is excluded, from the fixed list.")
    detail: ShortText | None = Field(None, description="The finding behind the reason, in a few words.")
    age: Annotated[int, Field(ge=0, le=120)] | None = Field(None, description="The patient's age, if one.")
    sex: Literal["female", "male"] | None = Field(None, description="The patient's sex, if one.")
    patients: Count | None = Field(None, description="Patients described, when more than one.")
    key: BibKey | None = Field(None, description="Its entry in references.bib, when it has one.")
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$", max_length=200)] | None = None
    url: WebAddress | None = None
    unverified: list[ShortText] | None = Field(
        None, min_length=1, description="Citation elements not checked against the report itself."
    )
    inferred: list[ShortText] | None = Field(
        None, min_length=1, description="Citation elements deduced rather than printed."
    )
    round: Annotated[int, Field(ge=1, le=9)] | None = Field(
        None, description="The search round in which the report was first met."
    )

    @property
    def identifiers(self) -> set[str]:
        return report_identifiers(self.key, self.pmid)


class Leads(Part):
    known_totals: list[KnownTotal] = Field(default_factory=list)
    unresolved_groups: list[LeadGroup] = Field(default_factory=list)
    articles: list[LeadArticle] = Field(default_factory=list)
    excluded_seen: list[ExcludedRecord] = Field(default_factory=list)

    def by_state(self, state: str) -> list[LeadArticle]:
        return [article for article in self.articles if article.state == state]

    @property
    def excluded_identifiers(self) -> frozenset[str]:
        return frozenset(identifier for record in self.excluded_seen for identifier in record.identifiers)


@dataclass
class Literature:
    published: list[PublishedFigure] = field(default_factory=list)
    leads: Leads = field(default_factory=Leads)
    search: Search | None = None
    search_citations: list[CitationUse] = field(default_factory=list)  # [@key] in search.yaml's texts


# Where reference keys stand in each file: (list, field, whether the field is a list of keys).
PUBLISHED_KEY_FIELDS = (("figures", "reported_in", False), ("figures", "attributed_to", True))
LEADS_KEY_FIELDS = (
    ("known_totals", "reported_in", False),
    ("unresolved_groups", "reported_in", False),
    ("articles", "key", False),
    ("articles", "reported_in", False),
    ("excluded_seen", "key", False),
)
SEARCH_KEY_FIELDS = (("review_lists", "key", False), ("rounds", "leads", True))


def load_literature(
    root: Path, bibliography: Bibliography, case_sources: dict[str, str]
) -> tuple[Literature, list[Diagnostic]]:
    """Load the three files; `case_sources` maps each case id to its source key."""
    literature = Literature()
    problems: list[Diagnostic] = []
    published, _, found = _load(root, PUBLISHED_FILE, PublishedFile, bibliography, PUBLISHED_KEY_FIELDS)
    problems += found
    if published is not None:
        literature.published = list(published.figures)
    leads, loaded, found = _load(root, LEADS_FILE, Leads, bibliography, LEADS_KEY_FIELDS)
    problems += found
    if leads is not None and loaded is not None:
        literature.leads = leads
        problems += lead_problems(leads, loaded, case_sources)
    search, loaded, found = _load(root, SEARCH_FILE, Search, bibliography, SEARCH_KEY_FIELDS)
    problems += found
    if loaded is not None:
        literature.search_citations = citations_in_text(loaded.text, SEARCH_FILE)
        problems += unknown_citations(literature.search_citations, bibliography)
    literature.search = search
    return literature, problems


def _load(
    root: Path,
    display: str,
    model: type[Any],
    bibliography: Bibliography,
    key_fields: tuple[tuple[str, str, bool], ...],
) -> tuple[Any, LoadedFile | None, list[Diagnostic]]:
    path = root / display
    if not path.is_file():
        missing = rule("E602").at(display, 1, 1, f"{display} is missing; the site is built from it")
        return None, None, [missing]
    loaded, problems = load_yaml_file(path, display)
    if problems:
        return None, loaded, problems
    value, problems = validate_model(loaded, model)
    return value, loaded, problems + _reference_problems(loaded, key_fields, bibliography)


def _raw_keys(data: Any, key_fields: tuple[tuple[str, str, bool], ...]) -> Iterator[tuple[FieldPath, str]]:
    """Reference keys read from the raw data, so they are checked even when another field is invalid."""
    if not isinstance(data, dict):
        return
    for list_name, field_name, is_list in key_fields:
        items = data.get(list_name)
        for index, item in enumerate(items if isinstance(items, list) else []):
            value = item.get(field_name) if isinstance(item, dict) else None
            if is_list and isinstance(value, list):
                for position, key in enumerate(value):
                    if isinstance(key, str):
                        yield (list_name, index, field_name, position), key
            elif isinstance(value, str):
                yield (list_name, index, field_name), value


def _reference_problems(
    loaded: LoadedFile, key_fields: tuple[tuple[str, str, bool], ...], bibliography: Bibliography
) -> list[Diagnostic]:
    """E601: every reference key in the literature data is an entry of references.bib."""
    problems = []
    for path, key in _raw_keys(loaded.data, key_fields):
        if key not in bibliography:
            position = loaded.where(path)
            message = f"'{key}' is not an entry of references.bib; add the reference there first"
            problems.append(rule("E601").at(loaded.display, position.line, position.column, message))
    return problems


@dataclass(frozen=True)
class LeadContext:
    article: LeadArticle
    case_sources: dict[str, str]  # each case id with its source key
    excluded: frozenset[str] = frozenset()  # identifiers of the excluded reports (excluded_seen)


LEAD_CHECKS: Checks[LeadContext, FieldPath] = Checks()


def lead_problems(leads: Leads, loaded: LoadedFile, case_sources: dict[str, str]) -> list[Diagnostic]:
    """Every registered rule of a lead article, at the place in leads.yaml it names."""
    problems = []
    for index, article in enumerate(leads.articles):
        context = LeadContext(article, case_sources, leads.excluded_identifiers)
        for declared, path, message in LEAD_CHECKS.findings(context):
            position = loaded.where(("articles", index, *path))
            problems.append(declared.at(loaded.display, position.line, position.column, message))
    return problems


@LEAD_CHECKS.rule("E603")
def key_or_citation(lead: LeadContext) -> Iterator[tuple[FieldPath, str]]:
    if (lead.article.key is None) == (lead.article.citation is None):
        yield (), "a lead article gives key (its references.bib entry) or citation, not both"


@LEAD_CHECKS.rule("E604")
def reason_for_exclusion(lead: LeadContext) -> Iterator[tuple[FieldPath, str]]:
    article = lead.article
    if article.state == "excluded" and article.reason is None:
        yield ("state",), "an excluded article needs a reason saying why it is excluded"
    if article.state != "excluded" and article.reason is not None:
        yield ("reason",), "reason is only for excluded articles; use note for what is known"


@LEAD_CHECKS.rule("E605")
def may_include_cases(lead: LeadContext) -> Iterator[tuple[FieldPath, str]]:
    for position, case_id in enumerate(lead.article.may_include or []):
        if case_id not in lead.case_sources:
            yield ("may_include", position), f"may_include names '{case_id}', which is no case of the atlas"


@LEAD_CHECKS.rule("W601")
def not_yet_a_case(lead: LeadContext) -> Iterator[tuple[FieldPath, str]]:
    key = lead.article.key
    if key is not None and key in lead.case_sources.values():
        yield ("key",), f"'{key}' is already the source of a case; remove the lead once it is extracted"


@LEAD_CHECKS.rule("W603")
def not_also_excluded(lead: LeadContext) -> Iterator[tuple[FieldPath, str]]:
    """A report that is both a lead and an exclusion counts once, as an exclusion."""
    if lead.article.identifiers & lead.excluded:
        name = "key" if lead.article.key else "pmid"
        found = lead.article.key or lead.article.pmid
        yield (
            (name,),
            f"'{found}' is also an excluded report (excluded_seen); the exclusion stands: remove the lead",
        )


def literature_keys(published: list[PublishedFigure], leads: Leads) -> set[str]:
    """Every reference key the literature data cites (they count as used in references.bib)."""
    keys: set[str] = set()
    for figure in published:
        keys.add(figure.reported_in)
        keys.update(figure.attributed_to)
    keys.update(total.reported_in for total in leads.known_totals)
    keys.update(group.reported_in for group in leads.unresolved_groups)
    for article in leads.articles:
        keys.update(filter(None, [article.key, article.reported_in]))
    keys.update(record.key for record in leads.excluded_seen if record.key)
    return keys
