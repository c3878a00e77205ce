"""The recount of 2026-12-06 (`../shared/recount-findings.md`), row by row, on the real built site.

Each test names the row it holds: a mismatch (M-) or an item that was correct but misleading (L-),
and usability N-15's empty chart. The expected words and numbers are those of the case files, so
a test fails if the page says again what the recount found. The arithmetic of each fix is tested
on hand-made cases beside its module (tests/evidence/, tests/pages/test_patient_line.py).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from atlas.evidence.charts import SMALL_DENOMINATOR, table_csv
from atlas.inputs import load_corpus
from atlas.pages.atlaspages import ATLAS_DIR, DATA_DIR, build_charts
from tests.conftest import ROOT
from tests.pages.test_coverage import page_text

pytestmark = pytest.mark.slow  # every test reads the site built once per session by MkDocs


def summary_line(site: Path, case_id: str) -> str:
    html = (site / "cases" / case_id / "index.html").read_text(encoding="utf-8")
    found = re.search(r"data-patient-line[^>]*>(.*?)</p>", html, re.S)
    assert found, case_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def table_rows(site: Path, page: str, slug: str) -> list[tuple[str, ...]]:
    html = (site / ATLAS_DIR / page / "index.html").read_text(encoding="utf-8")
    table = html[html.index(f'id="table-{slug}"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        tuple(re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row))
        for row in rows
    ]


def test_m1_a_death_with_the_disease_is_not_a_death_of_it(built_site: Path) -> None:
    """M-1: the summary lines of dufor-1982 and stringer-1977 said "died of the disease"."""
    for case_id, months in (("dufor-1982", 18), ("stringer-1977", 72)):
        line = summary_line(built_site, case_id)
        assert f"local excision, died with the disease at {months} months." in line
        assert "died of the disease" not in page_text(built_site, f"cases/{case_id}")


def test_m5_l3_tables_and_csvs_follow_the_bars_small_number_rule(built_site: Path) -> None:
    """M-5 (a 12.5% rounded down) and L-3 ("100% of 1" in tables and CSVs): below 10 reporting no
    table or CSV gives a percentage, and every CSV on the site is its chart's table."""
    corpus, _ = load_corpus(ROOT)
    checked = 0
    for chart in build_charts(corpus).values():
        for table in chart.tables:
            path = built_site / ATLAS_DIR / DATA_DIR / f"{table.slug}.csv"
            assert path.read_text(encoding="utf-8") == table_csv(table), table.slug
            if "percent of those reporting" not in table.columns:
                continue
            reporting = int(re.match(r"n = (\d+)", chart.scope).group(1))
            share = table.columns.index("percent of those reporting")
            if reporting < SMALL_DENOMINATOR:
                assert all(row[share] is None for row in table.rows), table.slug
                checked += 1
    assert checked >= 10
    follow_up = list(
        csv.reader(io.StringIO((built_site / ATLAS_DIR / DATA_DIR / "follow-up.csv").read_text()))
    )
    assert follow_up[1] == ["<12 months", "1", "", "0"]  # was "1, 12": 1 of 8
    assert follow_up[2] == ["12 to <24 months", "1", "", "0"]


def test_l4_a_biopsy_of_a_bone_metastasis_is_not_a_biopsy_of_the_tumour(built_site: Path) -> None:
    """L-4: "Preoperative biopsy: yes, 3 of 4" counted cirugia-espanola-v093's iliac bone biopsy."""
    rows = table_rows(built_site, "presentation", "biopsy")
    assert rows[1:5] == [
        ("yes, of the renal vein tumour", "2", "—", "0"),
        ("yes, of another site only", "1", "—", "0"),
        ("no", "1", "—", "0"),
        ("not reported", "10", "—", "—"),
    ]
    text = page_text(built_site, "atlas/presentation")
    assert "Sampled instead of the tumour: iliac bone metastasis (not the primary tumour)." in text


def test_l5_metastasis_at_diagnosis_and_therapy_before_surgery_are_shown(built_site: Path) -> None:
    """L-5: recorded for cirugia-espanola-v093 and shown nowhere; its summary line did not say it."""
    presentation = page_text(built_site, "atlas/presentation")
    assert (
        "Distant metastasis at diagnosis : n = 1 of 14 cases reported whether the disease had spread"
        in presentation
    )
    assert "Sites named: bone (iliac) in 1 (of 1 patient)." in presentation
    treatment = page_text(built_site, "atlas/treatment")
    assert (
        "Therapy before surgery : n = 1 of 14 cases reported whether therapy was given before surgery"
        in treatment
    )
    assert "Kinds named: chemotherapy in 1 (of 1 patient)." in treatment
    assert summary_line(built_site, "cirugia-espanola-v093").startswith(
        "55-year-old man, 11 cm leiomyosarcoma of the left renal vein, metastatic at diagnosis, "
        "chemotherapy before surgery."
    )


def test_n15_no_chart_for_a_question_nobody_reported(built_site: Path) -> None:
    """N-15: "Sites of distant metastasis" was drawn for 0 of 1 reporting."""
    html = (built_site / ATLAS_DIR / "outcomes" / "index.html").read_text(encoding="utf-8")
    block = html[html.index('id="chart-metastasis-sites"') :][:2000]
    assert block.startswith(
        'id="chart-metastasis-sites"><strong>Sites of distant metastasis during follow-up'
    )
    assert "Nobody reported this, so there is nothing to draw." in block
    assert 'id="figure-metastasis-sites"' not in html and 'id="table-metastasis-sites"' not in html
    assert not (built_site / ATLAS_DIR / DATA_DIR / "metastasis-sites.csv").exists()


def test_l1_l2_the_survival_charts_say_what_their_numbers_rest_on(built_site: Path) -> None:
    """L-1 (a radical nephrectomy arm of one, follow-up from diagnosis unmarked) and L-2 (7 of 8 from
    one review, 2 still followed at the end), as the Outcomes page prints them."""
    text = page_text(built_site, "atlas/outcomes")
    assert "1 patient after radical nephrectomy: too few to draw, so no log-rank test" in text
    assert "(marked ◇ on the curve)" in text
    assert re.search(
        r"7 of the 8 patients come from one article \[ ?\d+ ?\] ?: its authors' own patient", text
    )
    assert "the fall from 85.7% to 42.9% at 72 months is 1 death among the 2 still followed" in text
    steps = table_rows(built_site, "outcomes", "survival-by-surgery")
    assert steps and all(row[0] == "Local excision" for row in steps[1:])


def test_l6_inferred_values_are_marked_in_the_browser_and_the_matrix(built_site: Path) -> None:
    """L-6: inferred values sat unmarked in the case browser and in the completeness matrix."""
    html = (built_site / "cases" / "index.html").read_text(encoding="utf-8")
    row = html[html.index('<a href="turkjpath-618/">') :]
    row = row[: row.index("</tr>")]
    assert '<td data-mark="inferred">female</td>' in row and '<td data-mark="inferred">left</td>' in row
    assert '<td data-mark="inferred">radical nephrectomy</td>' in row
    assert "deduced by the curators rather than stated by the source; filters" in html
    css = (built_site / "assets" / "atlas" / "css" / "atlas.css").read_text(encoding="utf-8")
    assert 'table.atlas-cases td[data-mark]::after { content: " (" attr(data-mark) ")";' in css
    matrix = (built_site / ATLAS_DIR / DATA_DIR / "completeness-matrix.csv").read_text(encoding="utf-8")
    sex = next(line for line in matrix.splitlines() if line.startswith("Patient · Sex,"))
    header = matrix.splitlines()[0].split(",")
    assert sex.split(",")[header.index("turkjpath-618")] == "inferred"
    completeness = page_text(built_site, "atlas/completeness")
    inferred = sum(len(case.inferred or ()) for case in load_corpus(ROOT)[0].cases)
    assert inferred == 7 and re.search(
        rf"\d+ of \d+ values reported \(\d+%\), {inferred} of them inferred", completeness
    )


def test_l10_the_mix_of_operations_is_repeated_beside_the_shares_it_shapes(built_site: Path) -> None:
    """L-10: "Kidney preserved 62%" and "NED 75%" inherit the over-represented local excisions; and
    baheen-2022 was read from its case report, not from its table."""
    caveat = (
        "These counts follow the atlas's mix of operations, which is not the published one (radical "
        "nephrectomy 5 of 13 here, 48 of 55 in the review; local excision 8 of 13 here, 7 of 55 in the "
        "review)"
    )
    treatment, outcomes = page_text(built_site, "atlas/treatment"), page_text(built_site, "atlas/outcomes")
    kidney = treatment[treatment.index("Kidney preserved :") :]
    assert caveat in kidney[: kidney.index("Download this table")]
    status = outcomes[outcomes.index("Status at last follow-up :") :]
    assert caveat in status[: status.index("Download this table")]
    for text in (treatment, outcomes, page_text(built_site, ".")):
        assert "6 from its table, 1 from its authors' case report" in text


def test_l11_follow_up_counted_from_diagnosis_says_so(built_site: Path) -> None:
    """L-11: turkjpath-618's "24 months" are counted from diagnosis; the line and the browser said not."""
    assert summary_line(built_site, "turkjpath-618").endswith(
        "alive with no evidence of disease at 24 months from diagnosis (inferred). "
        "Not reported: age, tumour size."
    )
    html = (built_site / "cases" / "index.html").read_text(encoding="utf-8")
    assert '<td data-mark="inferred, from diagnosis">24</td>' in html
    outcomes = page_text(built_site, "atlas/outcomes")
    assert "1 of these times is counted by the source from diagnosis, not from surgery." in outcomes
    assert "Every reported value (months): 8, 18, 24, 24, 24 (inferred), 27, 72, 78." in outcomes


def test_l12_the_legend_names_who_is_in_the_curve(built_site: Path) -> None:
    """L-12: "All patients" meant the 8 of 14 with status and follow-up time."""
    html = (built_site / ATLAS_DIR / "outcomes" / "index.html").read_text(encoding="utf-8")
    assert "Patients analysed (n = 8 of 14, 2 deaths)" in html and "All patients" not in html
    assert '"95% CI: not defined"' not in html  # one wording: "not defined (no death yet)"
