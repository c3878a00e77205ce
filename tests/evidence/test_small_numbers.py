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


def test_survival_by_operation_draws_no_arm_of_one() -> None:
    """Recount L-1, usability N-5: turkjpath-618 alone was a flat radical nephrectomy curve at 100%."""
    corpus = corpus_at(ROOT)
    analysis = survival.survival_by_surgery(corpus.cases)
    radical, local = analysis.curves
    assert (radical.n, local.n) == (1, 7)
    chart = survival_charts.survival_chart("km", "By operation", analysis)
    assert chart.scope == (
        "n = 8 of 14 cases reported status and follow-up time; 2 deaths; "
        "1 patient after radical nephrectomy: too few to draw, so no log-rank test"
    )
    assert chart.withheld is None
    drawn = [trace["name"] for trace in chart.figure["data"] if trace.get("mode") == "lines"]
    assert drawn == ["Local excision (n = 7, 2 deaths)"]
    assert all("Radical" not in str(row[0]) for table in chart.tables for row in table.rows)
    # Nothing counted from diagnosis is left on the "months after surgery" axis of this chart.
    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "months after surgery"


def test_without_the_radical_nephrectomy_follow_up_that_arm_has_nothing_to_draw(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "cases" / "turkjpath-618.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  status: NED\n", ""), encoding="utf-8")
    analysis = survival.survival_by_surgery(corpus_at(project).cases)
    chart = survival_charts.survival_chart("km", "By operation", analysis)
    assert "no patient after radical nephrectomy: nothing to draw, so no log-rank test" in chart.scope
    assert chart.withheld is None  # the local excision arm, 7 patients, is still drawn


def test_follow_up_counted_from_diagnosis_is_marked_on_the_curve() -> None:
    """Recount L-1: turkjpath-618's 24 months run from diagnosis, on an axis of months after surgery."""
    chart = survival_charts.survival_chart(
        "os", "Overall survival", survival.overall_survival(corpus_at(ROOT).cases)
    )
    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "months after surgery (◇: after diagnosis)"
    (marks,) = [trace for trace in chart.figure["data"] if trace.get("legendgroup") == "from-diagnosis"]
    assert marks["x"] == [24.0] and marks["marker"]["symbol"] == "diamond-open" and marks["showlegend"]
    ticks = next(trace for trace in chart.figure["data"] if trace.get("name") == "censored")
    assert ticks["x"] == [8.0, 24.0, 24.0, 27.0, 78.0]  # two at 24 months from surgery; the third is the ◇
    assert (
        "1 patient's follow-up is counted by the source from diagnosis rather than from surgery "
        "(marked ◇ on the curve)." in chart.notes
    )


def test_the_overall_curve_says_whose_it_is_and_how_thin_its_tail_is() -> None:
    """Recount L-2 (7 of 8 from one review's table, 2 at risk after 27 months) and L-12 (the legend)."""
    chart = survival_charts.survival_chart(
        "os", "Overall survival", survival.overall_survival(corpus_at(ROOT).cases)
    )
    lines = [trace for trace in chart.figure["data"] if trace.get("mode") == "lines"]
    assert [trace["name"] for trace in lines if trace.get("showlegend") is not False] == [
        "95% confidence band",
        "Patients analysed (n = 8 of 14, 2 deaths)",
    ]
    assert (
        "7 of the 8 patients come from one article [@baheen2022]: its authors' own patient and 6 patients "
        "of earlier reports, as summarised in it." in chart.notes
    )
    assert (
        "After 24 months only 3 patients remain followed: the fall from 85.7% to 42.9% at 72 months is "
        "1 death among the 2 still followed." in chart.notes
    )
    hover = chart.figure["data"][-1]
    undefined = {interval for interval, _ in hover["customdata"] if "not defined" in interval}
    assert undefined == {"95% CI: not defined (no death yet)"}  # one wording before the first death


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
        assert f"How the atlas's patients differ from the review of {found.published_total} [" in text
        assert (
            f"Radical nephrectomy: {radical.held} of the {found.held_total} atlas patients whose operation "
            f"is known, against {radical.published} of {found.published_total} in the review "
            "(under-represented)."
        ) in text
        assert f"Local excision: {local.held} of {found.held_total}, against" in text
        assert "(over-represented)" in text
    # N-12: a note of three short points, not one 111-word paragraph above the charts.
    points = found.points()
    assert len(points) == 3 and all(len(point.split()) <= 40 for point in points)
    assert sum(len(point.split()) for point in points) <= 80


def test_the_representation_sentence_follows_the_cases(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = representation(corpus_at(project).cases, corpus_at(project).published)
    (project / "cases" / "hisa-2005.yaml").unlink()
    after = representation(corpus_at(project).cases, corpus_at(project).published)
    assert before and after and after.held_total == before.held_total - 1
    assert "6 of the review's 7 local excision patients are in the atlas" in " ".join(after.points())
