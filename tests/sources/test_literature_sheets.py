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

from atlas.cases.instruments import METHODS_CITATIONS
from atlas.cases.model import Case
from atlas.evidence.summary import label_for
from atlas.inputs import Corpus
from atlas.sources.literature import literature_keys
from tests.conftest import ROOT
from tests.support.seed_overlap import shingles, words

SHEETS = ROOT.parent / "shared" / "literature"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it: ten times faster
pytestmark = pytest.mark.skipif(
    not (SHEETS / "cases.yaml").exists(), reason=f"extraction sheets not found in {SHEETS}"
)
STATUS = re.compile(r"\b(NED|AWD|DOD|DOC)\b")
# Sheet names of bibliographic fields → BibTeX field names ("year of the printed issue" is the year).
BIB_FIELDS = {"authors": "author", "issue": "number", "year of the printed issue": "year"}


def sheet(name: str) -> Any:
    return yaml.load((SHEETS / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)


@pytest.fixture(scope="module")
def corpus(real_corpus: Corpus) -> Corpus:
    return real_corpus


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
    lead_keys = literature_keys([], corpus.leads)
    figure_keys = {figure.reported_in for figure in corpus.published}  # a context series (illuminati)
    # Context sources (related diseases) come from context.yaml and carry a context label.
    context_sheet = {item["key"] for item in sheet("context.yaml") if "key" in item}
    context = {key for key, reference in corpus.bibliography.references.items() if reference.context}
    assert context <= context_sheet
    assert sources <= set(corpus.bibliography.references)
    instruments = set(METHODS_CITATIONS)  # appraisal instruments (appraisal.yaml), cited by Methods
    assert set(corpus.bibliography.references) == sources | lead_keys | figure_keys | context | instruments


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
    size = tumour.get("size_cm", tumour.get("dimensions_cm"))
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
    if record.get("adjuvant") == []:  # stated: none given
        assert adjuvant is not None and adjuvant.given is False
    else:
        assert ([adjuvant.as_reported] if adjuvant else None) == record.get("adjuvant")
    neoadjuvant = case.treatment.neoadjuvant if case.treatment else None
    assert (neoadjuvant.types if neoadjuvant else None) == record.get("neoadjuvant")


SHEET_INFERRED = {
    "sex": "patient.sex",
    "side": "tumour.side",
    "treatment.kidney_preserved": "treatment.kidney_preserved",
    "follow_up.months": "outcome.follow_up_months",
}


@pytest.mark.parametrize("record", sheet("cases.yaml") if SHEETS.exists() else [], ids=lambda r: r["patient"])
def test_what_the_sheet_marks_inferred_stays_inferred(corpus: Corpus, record: dict[str, Any]) -> None:
    case = case_for(corpus, record)
    marked = [*(record.get("inferred") or []), *(record.get("inferred_also") or [])]
    assert {SHEET_INFERRED[path] for path in marked} <= set(case.inferred or [])


def test_only_judged_mappings_are_marked_inferred(corpus: Corpus) -> None:
    """Every inferred field, the sheets' and the curator's, is explained in the case notes, by the label
    the case page shows it under ("Kidney preserved", "Follow-up"), never by its dotted path."""
    for case in corpus.cases:
        for path in case.inferred or []:
            label = label_for(path.split(".")[-1]).lower()
            notes = (case.notes or "").lower()
            assert label in notes, f"{case.id}: {path} is inferred without a note naming {label!r}"
            assert path not in notes, f"{case.id}: the notes name the field by its path {path!r}"


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


def known_through(corpus: Corpus, key: str) -> str:
    """How a reader's note names the article a source is known through: "Baheen and colleagues (2022)"."""
    citing = corpus.bibliography[key]
    surname = citing.first_author_surname
    return (
        f"{surname} and colleagues ({citing.year})"
        if len(citing.authors) > 1
        else f"{surname} ({citing.year})"
    )


def test_secondary_citations_say_where_they_were_cited(corpus: Corpus) -> None:
    """A source known only as another article's reference says so to readers, in words, with no bib key."""
    secondary = 0
    for key, source in sheet("sources.yaml").items():
        cited = re.match(r"reference (\d+) of (\w+)", source.get("cited_as") or "")
        if cited:
            secondary += 1
            number, citing = cited.groups()
            note = corpus.bibliography[key].get("note") or ""
            assert note.startswith(
                f"Known through {known_through(corpus, citing)}, where it is reference {number} "
            )
            assert note.endswith("not checked against the original"), key
            assert citing not in note and "Cited as" not in note, key
    assert secondary == 10


def test_published_figures_are_the_sheet_figures(corpus: Corpus) -> None:
    figures = sheet("aggregates.yaml")
    assert len(corpus.published) == len(figures)
    for figure, record in zip(corpus.published, figures, strict=True):
        assert figure.topic == record["topic"]
        assert figure.figure == record["figure"]
        assert figure.numbers == (record.get("numbers") or {})
        # The sheet writes the context series' key as "illuminati-noncaval" and says it is
        # context.yaml's illuminati_ivc_nonivc: the project uses that key.
        assert figure.reported_in == {"illuminati-noncaval": "illuminati_ivc_nonivc"}.get(
            record["reported_in"], record["reported_in"]
        )
        # A credited source that is no reference (Gage et al.) is named in cited_as instead.
        credited = [key for key in record.get("attributed_to") or [] if key in corpus.bibliography]
        assert figure.attributed_to == credited
        for name in set(record.get("attributed_to") or []) - set(credited):
            assert name in (figure.cited_as or "")
        assert figure.scope == record["scope"]
        assert figure.is_context == (not record["scope"].startswith("renal vein leiomyosarcoma"))


FIGURE_VALUES = re.compile(r"\d+(?:\.\d+)?%|P = \.\d+")


def test_a_checked_summary_gives_only_values_the_source_states(corpus: Corpus) -> None:
    """Where the sheet's words carry an unchecked value (R2-18: P = .48 for the Illuminati series, whose
    abstract gives P = .63), the page shows our summary: each percentage and P value in it is in a quote
    of the source, and the unchecked value is gone."""
    quotes = {
        item["key"]: " ".join(finding["quote"] for finding in item.get("findings", []))
        for item in sheet("context.yaml")
        if "key" in item
    }
    summarised = [figure for figure in corpus.published if figure.summary]
    assert [figure.reported_in for figure in summarised] == ["illuminati_ivc_nonivc"]
    for figure in summarised:
        values = FIGURE_VALUES.findall(figure.summary or "")
        assert values and all(value in quotes[figure.reported_in] for value in values), values
        assert set(FIGURE_VALUES.findall(figure.figure)) - set(values) == {"75%", "60%", "P = .48"}


def test_a_credit_the_source_gives_only_by_number_is_marked_probable(corpus: Corpus) -> None:
    """Baheen 2022 cites its total of 67 as "[1, 2]": that these are the Radiology and Oncology series is
    the sheet's inference (R2-28), so the page says "probably credits"; a credit by name stays plain."""
    inferred = {(f.topic, tuple(f.attributed_to)) for f in corpus.published if f.attribution_inferred}
    assert inferred == {("number of published cases", ("novak2016",))}


def written_reason(record: dict[str, Any]) -> str:
    """The reason as the sheet writes it: inside a YAML flow mapping its comma starts a new (empty)
    key, so "origin in the inferior vena cava, renal vein normal" reads as two keys; join them back."""
    extra = [key for key, value in record.items() if value is None]
    return ", ".join([record["reason"], *extra])


def test_leads_are_the_sheet_leads(corpus: Corpus) -> None:
    leads = sheet("leads.yaml")
    assert [(t.count, t.reported_in) for t in corpus.leads.known_totals] == [
        (t["count"], t["reported_in"]) for t in leads["known_totals"]
    ]
    assert [g.reported_in for g in corpus.leads.unresolved_groups] == [
        g["reported_in"] for g in leads["unresolved_groups"]
    ]
    # The sheet's two excluded lead articles (PMID 22380999, Kord 2021) are also in excluded_seen:
    # a report that is both a lead and an exclusion is kept once, as an exclusion.
    wanted = [a for a in leads["articles"] if not a["status"].startswith("excluded")]
    names = {a.key or a.citation for a in corpus.leads.articles}
    assert len(corpus.leads.articles) == len(wanted) and not corpus.leads.by_state("excluded")
    for article in wanted:
        name = article["citation"]
        assert name in names or any(key and key[:4] in name.lower() for key in names), name
    assert [(r.what, r.reason, r.url) for r in corpus.leads.excluded_seen] == [
        (r["what"], written_reason(r), r.get("url")) for r in leads["excluded_seen"]
    ]
    for article in leads["articles"]:
        if article["status"].startswith("excluded"):
            assert len(excluded_entries_for(corpus, article["citation"])) == 1, article["citation"]


def excluded_entries_for(corpus: Corpus, citation: str) -> list[Any]:
    """The exclusions that stand for a lead the sheet marks excluded: by PMID, or by surname and year."""
    pmid = re.search(r"PMID (\d+)", citation)
    if pmid:
        return [r for r in corpus.leads.excluded_seen if r.pmid == pmid.group(1)]
    surname, year = re.match(r"(\w+) (\d{4})", citation).groups()  # type: ignore[union-attr]
    return [r for r in corpus.leads.excluded_seen if surname in r.what and year in r.what]


# Where each fact of a sheet record lives in its case file (one of the paths must hold a value).
# A sheet key missing here, or whose home is empty in the case, fails the test below.
SHEET_HOMES: dict[str, tuple[str, ...]] = {
    "source": ("source",),
    "extracted_from": ("extracted_from",),
    "locator": ("locator",),
    "confidence": ("confidence",),
    "inferred": ("inferred",),
    "inferred_also": ("inferred",),
    "admitted": ("patient.admitted",),
    "country": ("patient.country",),
    "age": ("patient.age_years",),
    "sex": ("patient.sex",),
    "comorbidities": ("patient.comorbidities", "patient.no_relevant_history"),
    "presentation.symptoms": ("presentation.symptoms_as_reported",),
    "presentation.duration_months": ("presentation.duration_months",),
    "presentation.incidental": ("presentation.incidental",),
    "presentation.other": ("presentation.other_findings",),
    "presentation_setting": ("presentation.setting",),
    "side": ("tumour.side",),
    "imaging.ultrasound": ("diagnosis.imaging",),
    "imaging.ct": ("diagnosis.imaging",),
    "imaging.mri": ("diagnosis.imaging",),
    "imaging.doppler_ultrasound": ("diagnosis.imaging",),
    "workup_labs": ("diagnosis.laboratory_workup",),
    "preoperative_impression": ("diagnosis.preoperative_impression.as_reported",),
    "biopsy": ("diagnosis.biopsy.performed",),
    "metastasis_at_diagnosis.present": ("diagnosis.metastasis_at_diagnosis.present",),
    "metastasis_at_diagnosis.sites": ("diagnosis.metastasis_at_diagnosis.sites",),
    "metastasis_at_diagnosis.how": ("diagnosis.metastasis_at_diagnosis.confirmed_by",),
    "neoadjuvant": ("treatment.neoadjuvant.types",),
    "adjuvant": ("treatment.adjuvant.given",),
    "treatment.surgery": ("treatment.surgery_as_reported",),
    "treatment.approach": ("treatment.approach",),
    "treatment.kidney_preserved": ("treatment.kidney_preserved",),
    "treatment.vascular_control": ("treatment.vascular_control",),
    "treatment.vascular_reconstruction": ("treatment.vascular_reconstruction_as_reported",),
    "treatment.operative_time_min": ("treatment.operative_time_min",),
    "treatment.blood_loss_ml": ("treatment.blood_loss_ml",),
    "treatment.postoperative": ("treatment.postoperative_course",),
    "treatment.preoperative_procedure": ("treatment.preoperative_procedures",),
    "treatment.intraoperative_complications": ("treatment.intraoperative_complications",),
    "treatment.note": ("treatment.planning", "treatment.postoperative_course"),
    "tumour.origin": ("tumour.origin_as_reported",),
    "tumour.size_cm": ("tumour.largest_diameter_cm",),
    "tumour.dimensions_cm": ("tumour.dimensions_cm",),
    "tumour.size_cm_imaging": ("tumour.largest_diameter_cm",),
    "tumour.measured_on": ("tumour.measured_on",),
    "tumour.shape": ("tumour.shape",),
    "tumour.extension": ("tumour.extension",),
    "tumour.note": ("tumour.notes",),
    "pathology.histology": ("pathology.histology",),
    "pathology.grade": ("pathology.grade",),
    "pathology.margins": ("pathology.margins",),
    "pathology.ihc": ("pathology.ihc",),
    "pathology.mitoses": ("pathology.mitoses_as_reported",),
    "pathology.perirenal_infiltration": ("pathology.perirenal_infiltration",),
    "follow_up.schedule": ("outcome.follow_up_schedule",),
    "follow_up.months": ("outcome.follow_up_months",),
    "follow_up.status": ("outcome.status",),
    "follow_up.local_recurrence": ("outcome.local_recurrence",),
    "follow_up.metastasis": ("outcome.metastasis",),
    "follow_up.metastasis_months": ("outcome.metastasis_months",),
    "follow_up.recurrence_or_spread_months": ("outcome.progression_months",),
}
# Facts deliberately kept as curation notes or in the inclusion basis (each with its reason).
KEPT_AS_NOTES = {
    "patient",  # the sheet's label of the record, not a fact about the patient
    "note",  # the communication's title against its text (cirugia): a curation remark, in `notes`
}


def sheet_facts(record: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted keys of the facts a record reports; null is "not reported", a mapping of markers is one fact."""
    facts = []
    for key, value in record.items():
        path = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, dict) and key != "ihc":
            facts += sheet_facts(value, f"{path}.")
        else:
            facts.append(path)
    return facts


def value_at(case: Case, path: str) -> Any:
    value: Any = case
    for name in path.split("."):
        value = getattr(value, name, None) if value is not None else None
    return value


@pytest.mark.parametrize("record", sheet("cases.yaml") if SHEETS.exists() else [], ids=lambda r: r["patient"])
def test_every_sheet_fact_has_an_encoded_home(corpus: Corpus, record: dict[str, Any]) -> None:
    case = case_for(corpus, record)
    homeless = [fact for fact in sheet_facts(record) if fact not in SHEET_HOMES and fact not in KEPT_AS_NOTES]
    assert homeless == [], f"{record['patient']}: no home in the case format for {homeless}"
    empty = [
        fact
        for fact in sheet_facts(record)
        if fact in SHEET_HOMES and all(value_at(case, home) is None for home in SHEET_HOMES[fact])
    ]
    assert empty == [], f"{case.id}: sheet facts not encoded: {empty}"
    if "note" in record:
        assert case.notes, f"{case.id}: the sheet's note is kept in the curation notes"


def test_the_home_test_fails_on_a_dropped_fact(corpus: Corpus) -> None:
    record = dict(sheet("cases.yaml")[0], made_up_fact="a fact the format has no place for")
    with pytest.raises(AssertionError, match="no home in the case format for \\['made_up_fact'\\]"):
        test_every_sheet_fact_has_an_encoded_home(corpus, record)


# --- appraisals.yaml: the curators' JBI appraisal, or why a case could not be appraised -----------
APPRAISED_ON = re.compile(r"Appraised on (\d{4}-\d{2}-\d{2}) by (.+?),")
# Fewer words than the own-words test's 12: an appraisal quote is short, so a shorter run is a copy.
QUOTE_RUN = 6


def appraisal_records() -> list[dict[str, Any]]:
    return sheet("appraisals.yaml") if (SHEETS / "appraisals.yaml").exists() else []


def test_every_case_has_its_sheet_appraisal_record(corpus: Corpus) -> None:
    records = appraisal_records()
    assert sorted(r["case"] for r in records) == sorted(case.id for case in corpus.cases)


@pytest.mark.parametrize("record", appraisal_records(), ids=lambda r: r["case"])
def test_case_holds_the_sheet_appraisal(corpus: Corpus, record: dict[str, Any]) -> None:
    case = next(case for case in corpus.cases if case.id == record["case"])
    appraisal = case.appraisal
    assert case.source == record["source"]
    assert appraisal is not None and appraisal.instrument == record["instrument"]
    date, who = APPRAISED_ON.search((SHEETS / "appraisals.yaml").read_text(encoding="utf-8")).groups()  # type: ignore[union-attr]
    assert (appraisal.appraised_on, appraisal.appraised_by) == (date, who)
    if record["appraised"]:
        assert appraisal.answers == {item: given["answer"] for item, given in record["answers"].items()}
        assert set(appraisal.item_notes or {}) == set(record["answers"]), "a note of our own per answer"
        assert appraisal.not_appraised is None
    else:
        assert appraisal.answers is None and appraisal.item_notes is None
        assert appraisal.not_appraised, "a case not appraised says why"


def quote_runs(text: str) -> set[str]:
    return set(shingles(words(text), QUOTE_RUN))


def test_no_appraisal_quote_reaches_a_case_file() -> None:
    """The sheet's quotes are for checking an answer; the case files paraphrase them."""
    quotes = [given["quote"] for r in appraisal_records() for given in (r.get("answers") or {}).values()]
    assert quotes
    copied = set().union(*map(quote_runs, quotes))
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        assert quote_runs(path.read_text(encoding="utf-8")) & copied == set(), path.name


def test_the_quote_check_finds_a_copied_quote() -> None:
    quote = next(given["quote"] for r in appraisal_records() for given in (r.get("answers") or {}).values())
    assert quote_runs(f"note: as the article says, {quote.upper()}.") & quote_runs(quote)


# --- search.yaml: how the literature was searched, encoded as literature/search.yaml ----------------
def search_sheet() -> dict[str, Any]:
    return sheet("search.yaml") if (SHEETS / "search.yaml").exists() else {}


def test_the_search_keeps_the_sheet_dates_rounds_and_query_counts(corpus: Corpus) -> None:
    expected, search = search_sheet(), corpus.search
    assert search is not None
    assert search.date_of_last_search == expected["date_of_last_search"]
    assert search.searched_by == expected["searched_by"]
    assert [(r.round, r.date) for r in search.rounds] == [(r["round"], r["date"]) for r in expected["rounds"]]
    for found, record in zip(search.rounds, expected["rounds"], strict=True):
        queries = record.get("queries")
        assert found.queries == (
            queries if isinstance(queries, int) else int(queries.split()[0]) if queries else None
        )
        assert set(found.leads) <= {a.key for a in corpus.leads.articles}, "a round's leads are leads"


def test_the_search_keeps_every_term_language_name_and_source(corpus: Corpus) -> None:
    expected, search = search_sheet(), corpus.search
    assert search is not None
    assert search.terms == expected["search_terms"]["by_language"]
    assert search.names_searched.authors == expected["search_terms"]["names_searched"]["authors"]
    assert search.names_searched.journals == expected["search_terms"]["names_searched"]["journals"]
    assert [s.kind.lower() for s in search.sources] == [s["kind"].lower() for s in expected["sources"]]
    for source, record in zip(search.sources, expected["sources"], strict=True):
        examples = [
            e.replace("; only part of it was searched", "; searched in part")
            for e in record.get("examples", [])
        ]
        assert source.examples == examples, source.kind
    reviews = next(s["reviews"] for s in expected["sources"] if "reviews" in s)
    named = [review.key or review.name for review in search.review_lists]
    assert named == [r["source"] for r in reviews]
    assert set(vars(search.restrictions)) == set(expected["restrictions"])


def test_the_round_of_each_exclusion_is_the_sheet_round(corpus: Corpus) -> None:
    sheet_rounds = Counter(r.get("round") for r in sheet("leads.yaml")["excluded_seen"])
    assert Counter(r.round for r in corpus.leads.excluded_seen) == sheet_rounds
