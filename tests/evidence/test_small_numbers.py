"""The second extraction round's findings, each shown on the real atlas (issue 12, usability A-1, A-3).

Kidney preserved is counted for radical nephrectomies, the survival comparison has both arms or
says why not, whole numbers stay whole in the JSON export, and every page that shows counts by
operation says, computed, which published groups the atlas over- or under-represents.
"""

from __future__ import annotations

import json
from pathlib import Path

from atlas.cases.model import Case
from atlas.diagnostics import errors_in
from atlas.evidence import stats, survival, survival_charts
from atlas.evidence.representation import representation
from atlas.inputs import Corpus, load_corpus
from tests.conftest import ROOT, copy_project
from tests.pages.test_coverage import page_text


def corpus_at(root: Path) -> Corpus:
    corpus, problems = load_corpus(root)
    assert not errors_in(problems), [p.format() for p in errors_in(problems)]
    return corpus


def test_radical_nephrectomies_count_as_kidney_not_preserved() -> None:
    corpus = corpus_at(ROOT)
    radical = [c for c in corpus.cases if c.treatment and c.treatment.surgery == "radical nephrectomy"]
    assert radical and all(c.treatment.kidney_preserved is False for c in radical)
    tally = stats.kidney_preserved(corpus.cases)
    assert tally.counts["no"] >= len(radical)
    # Where the sheet gives no more than the operation's name, the value is marked inferred.
    by_id = {c.id: c for c in corpus.cases}
    for case_id in ("ojha-2017", "blecher"):
        assert "treatment.kidney_preserved" in (by_id[case_id].inferred or [])


def test_survival_by_operation_has_both_arms_or_says_why_not() -> None:
    corpus = corpus_at(ROOT)
    analysis = survival.survival_by_surgery(corpus.cases)
    chart = survival_charts.survival_chart("km", "By operation", analysis)
    empty = [curve for curve in analysis.curves if not curve.n]
    if empty:
        assert chart.withheld and all(curve.label.lower() in chart.withheld for curve in empty)
    else:
        assert chart.withheld is None and all(curve.n for curve in analysis.curves)
    assert not empty  # the real atlas now has patients in both arms
    # turkjpath-618 counts its two years from diagnosis: said beside the curves, not mixed in silently.
    assert (
        "1 patient's follow-up is counted by the source from diagnosis rather than from surgery."
        in chart.notes
    )


def test_without_the_radical_nephrectomy_follow_up_the_comparison_is_withheld(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "cases" / "turkjpath-618.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  status: NED\n", ""), encoding="utf-8")
    analysis = survival.survival_by_surgery(corpus_at(project).cases)
    chart = survival_charts.survival_chart("km", "By operation", analysis)
    assert chart.withheld and "radical nephrectomy" in chart.withheld
    assert "no patient in the radical nephrectomy group" in chart.scope


def test_the_json_export_writes_whole_numbers_as_the_case_files_do(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "rvlms-cases.json").read_text(encoding="utf-8"))
    baheen = next(case for case in data["cases"] if case["id"] == "baheen-2022")
    assert baheen["outcome"]["follow_up_months"] == 27 and isinstance(
        baheen["outcome"]["follow_up_months"], int
    )
    assert baheen["tumour"]["dimensions_cm"] == [5.5, 4.5, 3.8]
    text = (built_site / "data" / "rvlms-cases.json").read_text(encoding="utf-8")
    assert '"follow_up_months": 27,' in text and "27.0" not in text


def test_a_fractional_value_stays_fractional() -> None:
    base = {
        "id": "x",
        "source": "k",
        "source_type": "case report",
        "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True},
    }
    case = Case.model_validate(
        {**base, "outcome": {"follow_up_months": 7.5}, "tumour": {"dimensions_cm": [4, 2.5]}}
    )
    assert case.model_dump(exclude_none=True)["outcome"] == {"follow_up_months": 7.5}
    assert case.model_dump(exclude_none=True)["tumour"] == {"dimensions_cm": [4, 2.5]}


def test_pages_with_counts_by_operation_say_which_groups_are_over_and_under_represented(
    built_site: Path,
) -> None:
    corpus = corpus_at(ROOT)
    found = representation(corpus.cases, corpus.published)
    assert found is not None
    local = next(g for g in found.groups if g.operation == "local excision")
    radical = next(g for g in found.groups if g.operation == "radical nephrectomy")
    assert local.direction(found.held_total, found.published_total) == "over"
    assert radical.direction(found.held_total, found.published_total) == "under"
    for page in ("", "atlas/treatment", "atlas/outcomes"):
        text = page_text(built_site, page) if page else page_text(built_site, ".")
        assert "local excision is over-represented" in text
        assert "radical nephrectomy is under-represented" in text
        assert f"{local.held} of the {found.held_total} atlas patients whose operation is known" in text


def test_the_representation_sentence_follows_the_cases(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = representation(corpus_at(project).cases, corpus_at(project).published)
    (project / "cases" / "hisa-2005.yaml").unlink()
    after = representation(corpus_at(project).cases, corpus_at(project).published)
    assert before and after and after.held_total == before.held_total - 1
    assert "6 of the review's 7 local excision patients are in the atlas" in " ".join(after.sentences())
