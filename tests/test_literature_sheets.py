"""Nothing of the extraction sheets is silently dropped or changed on its way into the project data.

The sheets live in ../shared/literature/ beside the repository (as in CI). Each sheet record must
have its case, each source its reference, each published figure and lead its entry, with the
values the sheet gives and nothing where it gives nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml

from atlas.cases.model import Case
from atlas.diagnostics import errors_in
from atlas.inputs import Corpus, load_corpus
from tests.conftest import ROOT

SHEETS = ROOT.parent / "shared" / "literature"
pytestmark = pytest.mark.skipif(
    not (SHEETS / "cases.yaml").exists(), reason=f"extraction sheets not found in {SHEETS}"
)
STATUS = re.compile(r"\b(NED|AWD|DOD|DOC)\b")
# Sheet names of bibliographic fields → BibTeX field names ("year of the printed issue" is the year).
BIB_FIELDS = {"authors": "author", "issue": "number", "year of the printed issue": "year"}


def sheet(name: str) -> Any:
    return yaml.safe_load((SHEETS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, problems = load_corpus(ROOT)
    assert not errors_in(problems), [p.format() for p in errors_in(problems)]
    return corpus


def case_for(corpus: Corpus, record: dict[str, Any]) -> Case:
    matches = [case for case in corpus.cases if case.source == record["source"]]
    assert len(matches) == 1, f"{record['patient']}: {len(matches)} cases with source {record['source']}"
    return matches[0]


def part(case: Case, section: str, name: str) -> Any:
    value = getattr(case, section)
    return getattr(value, name) if value is not None else None


def test_every_sheet_record_is_a_case(corpus: Corpus) -> None:
    records = sheet("cases.yaml")
    assert len(corpus.cases) == len(records)
    assert Counter(case.source for case in corpus.cases) == Counter(r["source"] for r in records)


def test_every_source_is_a_reference_and_nothing_else_is(corpus: Corpus) -> None:
    sources = set(sheet("sources.yaml"))
    lead_keys = {article.key for article in corpus.leads.articles if article.key}
    # Context sources (related diseases) come from context.yaml and carry a context label.
    context_sheet = {item["key"] for item in sheet("context.yaml") if "key" in item}
    context = {key for key, reference in corpus.bibliography.references.items() if reference.context}
    assert context <= context_sheet
    assert sources <= set(corpus.bibliography.references)
    assert set(corpus.bibliography.references) == sources | lead_keys | context


@pytest.mark.parametrize("record", sheet("cases.yaml") if SHEETS.exists() else [], ids=lambda r: r["patient"])
def test_case_holds_exactly_the_sheet_values(corpus: Corpus, record: dict[str, Any]) -> None:
    case = case_for(corpus, record)
    follow_up = record.get("follow_up") or {}
    treatment = record.get("treatment") or {}
    pathology = record.get("pathology") or {}
    presentation = record.get("presentation") or {}
    status = STATUS.search(follow_up.get("status") or "")
    expected = {
        "extracted_from": record.get("extracted_from"),
        "locator": record.get("locator"),
        "confidence": record.get("confidence"),
        "age": record.get("age"),
        "sex": record.get("sex"),
        "country": record.get("country"),
        "side": record.get("side"),
        "follow_up_months": follow_up.get("months"),
        "status": status.group(1) if status else None,
        "local_recurrence": follow_up.get("local_recurrence"),
        "metastasis": follow_up.get("metastasis"),
        "metastasis_months": follow_up.get("metastasis_months"),
        "progression_months": follow_up.get("recurrence_or_spread_months"),
        # Stated either as a field or in the operation's wording ("..., kidney preserved").
        "kidney_preserved": treatment.get(
            "kidney_preserved", True if "kidney preserved" in (treatment.get("surgery") or "") else None
        ),
        "surgery": (treatment.get("surgery") or "").lower() or None,
        "symptoms": presentation.get("symptoms"),
        "histology": pathology.get("histology"),
        "grade": pathology.get("grade"),
        "margins": pathology.get("margins"),
        "biopsy": record.get("biopsy"),
    }
    biopsy = case.diagnosis.biopsy if case.diagnosis else None
    actual = {
        "extracted_from": case.extracted_from,
        "locator": case.locator,
        "confidence": case.confidence,
        "age": part(case, "patient", "age_years"),
        "sex": part(case, "patient", "sex"),
        "country": part(case, "patient", "country"),
        "side": part(case, "tumour", "side"),
        "follow_up_months": part(case, "outcome", "follow_up_months"),
        "status": part(case, "outcome", "status"),
        "local_recurrence": part(case, "outcome", "local_recurrence"),
        "metastasis": part(case, "outcome", "metastasis"),
        "metastasis_months": part(case, "outcome", "metastasis_months"),
        "progression_months": part(case, "outcome", "progression_months"),
        "kidney_preserved": part(case, "treatment", "kidney_preserved"),
        "surgery": (part(case, "treatment", "surgery_as_reported") or "").lower() or None,
        "symptoms": part(case, "presentation", "symptoms_as_reported"),
        "histology": part(case, "pathology", "histology"),
        "grade": part(case, "pathology", "grade"),
        "margins": part(case, "pathology", "margins"),
        "biopsy": biopsy.performed if biopsy else None,
    }
    assert actual == expected


@pytest.mark.parametrize("record", sheet("cases.yaml") if SHEETS.exists() else [], ids=lambda r: r["patient"])
def test_case_keeps_sizes_imaging_and_therapy(corpus: Corpus, record: dict[str, Any]) -> None:
    case = case_for(corpus, record)
    tumour = record.get("tumour") or {}
    size = tumour.get("size_cm")
    sizes = size if isinstance(size, list) else [size] if size is not None else []
    if len(sizes) > 1:
        assert part(case, "tumour", "dimensions_cm") == sizes
    largest = max(sizes) if sizes else tumour.get("size_cm_imaging")
    assert part(case, "tumour", "largest_diameter_cm") == largest
    imaging = record.get("imaging") or {}
    studies = case.diagnosis.imaging if case.diagnosis and case.diagnosis.imaging else []
    assert len(studies) == len(imaging)
    assert {study.findings for study in studies} == {
        text.removesuffix(" (contrast-enhanced)") for text in imaging.values()
    }
    impression = record.get("preoperative_impression")
    recorded = case.diagnosis.preoperative_impression if case.diagnosis else None
    assert (recorded.as_reported if recorded else None) == impression
    adjuvant = case.treatment.adjuvant if case.treatment else None
    assert ([adjuvant.as_reported] if adjuvant else None) == record.get("adjuvant")


def test_only_judged_mappings_are_marked_inferred(corpus: Corpus) -> None:
    """The sheets mark nothing as inferred; every inferred field is explained in the case notes."""
    for case in corpus.cases:
        for path in case.inferred or []:
            assert case.notes and path in case.notes, f"{case.id}: {path} is inferred without a note"


def test_every_source_keeps_its_verified_fields(corpus: Corpus) -> None:
    for key, source in sheet("sources.yaml").items():
        reference = corpus.bibliography[key]
        if source.get("authors"):
            assert reference.authors == source["authors"], key
        for name in ("title", "journal", "doi", "url", "volume", "issue", "pages", "year"):
            value = source.get(name)
            bib_value = reference.get(BIB_FIELDS.get(name, name))
            if value is None:
                assert bib_value is None, f"{key}: {name} is given but the sheet has none"
            else:
                assert bib_value.replace("\u2013", "-") == str(value), f"{key}: {name}"


def test_every_unverified_field_is_left_out_and_listed(corpus: Corpus) -> None:
    for key, source in sheet("sources.yaml").items():
        reference = corpus.bibliography[key]
        unverified = source.get("unverified") or []
        missing = [name for name in ("title", "journal") if name in source and source[name] is None]
        assert reference.is_incomplete == bool(unverified or missing), key
        assert set(missing) <= set(reference.unverified), key
        for item in unverified:
            name = BIB_FIELDS.get(item, item)
            assert name in reference.unverified, f"{key}: {item} is not listed as unverified"
            if " " not in name:
                assert reference.get(name) is None, f"{key}: unverified {name} must be left out"


def test_secondary_citations_say_where_they_were_cited(corpus: Corpus) -> None:
    for key, source in sheet("sources.yaml").items():
        cited = re.match(r"reference (\d+) of (\w+)", source.get("cited_as") or "")
        if cited:
            note = corpus.bibliography[key].get("note") or ""
            assert f"Cited as reference {cited.group(1)} of {cited.group(2)}" in note, key


def test_published_figures_are_the_sheet_figures(corpus: Corpus) -> None:
    figures = sheet("aggregates.yaml")
    assert len(corpus.published) == len(figures)
    for figure, record in zip(corpus.published, figures, strict=True):
        assert figure.topic == record["topic"]
        assert figure.figure == record["figure"]
        assert figure.numbers == (record.get("numbers") or {})
        assert figure.reported_in == record["reported_in"]
        assert figure.attributed_to == (record.get("attributed_to") or [])
        assert figure.scope == record["scope"]
        assert figure.is_context == (record["scope"] != "renal vein leiomyosarcoma")


def test_leads_are_the_sheet_leads(corpus: Corpus) -> None:
    leads = sheet("leads.yaml")
    assert [(t.count, t.reported_in) for t in corpus.leads.known_totals] == [
        (t["count"], t["reported_in"]) for t in leads["known_totals"]
    ]
    assert [g.reported_in for g in corpus.leads.unresolved_groups] == [
        g["reported_in"] for g in leads["unresolved_groups"]
    ]
    assert len(corpus.leads.articles) == len(leads["articles"])
    excluded = [a for a in leads["articles"] if a["status"].startswith("excluded")]
    assert len(corpus.leads.by_state("excluded")) == len(excluded)
