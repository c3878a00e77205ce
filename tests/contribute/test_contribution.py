"""A contribution from start to finish, in a throw-away copy of the project: scaffold a case,
fill it, check and build; the new patient is on the site and in the counts. A second,
careless contribution is stopped with GitHub annotations on the right file and line.

The patients are real: values from shared/literature (Ojha 2017; Parker 2014 via Baheen 2022's table).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from atlas.evidence import stats
from atlas.inputs import Corpus, load_corpus
from atlas.site.build import build
from tests.conftest import ROOT, run_cli, run_in_process

KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<hash># )?(?P<dash>- )?(?P<name>[a-z_0-9]+):(?P<rest>.*)$")

OJHA_REFERENCE = [
    "--author",
    "Ojha, Sandeep and Nilkanthe, Ramarao and Valecha, Jyoti and Meenai, Farah and Haritwal, Amit",
    "--title",
    "Leiomyosarcoma of Renal Vein - A Rare Case Report",
    "--year",
    "2017",
    "--doi",
    "10.7860/JCDR/2017/24684.9632",
]
OJHA_VALUES = {
    "source_type": "case report",
    "locator": "abstract and case opening",
    "confidence": "high",
    "patient.age_years": "55",
    "patient.sex": "female",
    "patient.country": "India",
    "tumour.origin_as_reported": "attached to the wall of the renal vein",
    "diagnosis.preoperative_impression.considered": "[renal cell carcinoma]",
    "pathology.histology": "morphology of leiomyosarcoma",
    "treatment.surgery": "radical nephrectomy",
}


def fill(text: str, values: dict[str, str]) -> str:
    """Uncomment and fill fields of a scaffold, as a contributor does in an editor: the field's
    line gets its value, and the sections above it are uncommented."""
    lines = text.splitlines()
    stack: list[tuple[int, str, int]] = []  # (indentation, field name, line number) of open sections
    sections: set[int] = set()
    for number, line in enumerate(lines):
        match = KEY_LINE.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([name for _, name, _ in stack] + [match["name"]])
        if path in values:
            lines[number] = f"{match['indent']}{match['name']}: {values[path]}"
            sections.update(line_number for _, _, line_number in stack)
        stack.append((indent, match["name"], number))
    for number in sections:
        lines[number] = lines[number].replace("# ", "", 1)
    return "\n".join(lines) + "\n"


def without_source(project: Path, key: str) -> None:
    """Start from an atlas that does not have this article's patients yet."""
    for path in (project / "cases").glob("*.yaml"):
        if re.search(rf"^source: {re.escape(key)}$", path.read_text(encoding="utf-8"), flags=re.MULTILINE):
            path.unlink()


@pytest.mark.slow
def test_a_new_case_reaches_the_site_and_the_counts(project: Path, tmp_path: Path) -> None:
    without_source(project, "ojha2017")
    before, _ = load_corpus(project)

    scaffold = run_cli(project, "new-case", "--source", "ojha2017", *OJHA_REFERENCE)
    assert scaffold.returncode == 0, scaffold.stderr
    assert "Wrote cases/ojha-2017.yaml" in scaffold.stdout
    case_file = project / "cases" / "ojha-2017.yaml"
    case_file.write_text(fill(case_file.read_text(encoding="utf-8"), OJHA_VALUES), encoding="utf-8")

    checked = run_cli(project, "check")
    assert checked.returncode == 0, checked.stdout
    assert "0 error(s)" in checked.stdout

    site = tmp_path / "site"
    build(project, site)
    page = (site / "cases" / "ojha-2017" / "index.html").read_text(encoding="utf-8")
    for shown in ("55 years", "female", "India", "radical nephrectomy", "renal cell carcinoma"):
        assert shown in page, shown
    browser = (site / "cases" / "index.html").read_text(encoding="utf-8")
    assert 'href="ojha-2017/"' in browser
    after, problems = load_corpus(project)
    assert [p for p in problems if p.severity == "error"] == []
    assert len(after.cases) == len(before.cases) + 1
    assert f"{len(after.cases)} patients" in browser
    assert stats.sex(after.cases).counts["female"] == stats.sex(before.cases).counts["female"] + 1
    assert stats.surgery(after.cases).counts["radical nephrectomy"] == (
        stats.surgery(before.cases).counts["radical nephrectomy"] + 1
    )
    assert_in_the_charts(site, before, after)


def assert_in_the_charts(site: Path, before: Corpus, after: Corpus) -> None:
    """The atlas's charts, their tables (CSV) and the completeness matrix include the new patient."""
    women = stats.sex(before.cases).counts["female"] + 1
    sex_rows = list(
        csv.reader((site / "atlas" / "data" / "sex.csv").read_text(encoding="utf-8").splitlines())
    )
    assert ["female", str(women)] == sex_rows[1][:2]
    page = (site / "atlas" / "demographics" / "index.html").read_text(encoding="utf-8")
    assert '<div class="atlas-chart" data-figure="sex.figure.json"' in page, (
        "no sex chart on the demographics page"
    )
    figure = json.loads((site / "atlas" / "data" / "sex.figure.json").read_text(encoding="utf-8"))
    bars = figure["data"][0]
    assert dict(zip(bars["y"], bars["x"], strict=True))["female"] == women
    reported = stats.sex(after.cases).reported
    scope = f"n = {reported} of {len(after.cases)} cases reported sex"
    assert scope in figure["layout"]["title"]["subtitle"]["text"]
    drawing = re.search(r'id="chart-sex".*?(<svg class="atlas-svg".*?</svg>)', page, re.S)
    assert drawing and scope in drawing.group(1), "the drawing in the page says the same"
    matrix = (site / "atlas" / "data" / "completeness-matrix.csv").read_text(encoding="utf-8")
    assert "ojha-2017" in matrix.splitlines()[0].split(",")


def line_of(path: Path, fragment: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line
    )


def test_a_careless_contribution_is_annotated_on_the_right_lines(project: Path) -> None:
    without_source(project, "parker2014")
    # The contributor mistypes the year in the key: a new, empty references.bib stub is added for it.
    scaffold = run_in_process(project, "new-case", "--source", "parker2041", "--id", "parker-2014")
    assert scaffold.returncode == 0, scaffold.stderr
    case_file = project / "cases" / "parker-2014.yaml"
    careless = {
        "source_type": "review table row",
        "extracted_from": "baheen2022",
        "patient.sex": "F",
        "treatment.surgery": "local excision",
        "outcome.follow_up_months": "24 months",
        "outcome.status": "NED",
    }
    case_file.write_text(fill(case_file.read_text(encoding="utf-8"), careless), encoding="utf-8")

    result = run_in_process(project, "check", GITHUB_ACTIONS="true")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    sex_line = line_of(case_file, "sex: F")
    months_line = line_of(case_file, "follow_up_months: 24 months")
    stub_line = line_of(project / "references.bib", "@article{parker2041")
    expected = {
        (f"file=cases/parker-2014.yaml,line={sex_line},col=8", "E104"),
        (f"file=cases/parker-2014.yaml,line={months_line},col=21", "E103"),
        (f"file=references.bib,line={stub_line},col=1", "E303"),
    }
    found = {
        (re.sub(r",title=.*", "", a.removeprefix("::error ")), a.split("title=")[1][:4]) for a in annotations
    }
    assert found == expected, result.stdout


def test_the_docs_example_message_is_what_check_prints(project: Path) -> None:
    """docs/contribute/git.md quotes a validator message; it must be the real one."""
    (project / "cases" / "baheen-2022.yaml").write_text(
        (project / "cases" / "baheen-2022.yaml").read_text(encoding="utf-8").replace("sex: male", "sex: F"),
        encoding="utf-8",
    )
    result = run_in_process(project, "check")
    message = next(line for line in result.stdout.splitlines() if " E104 " in line)
    quoted = message.split(": ", 1)[1]
    assert quoted in (ROOT / "docs" / "contribute" / "git.md").read_text(encoding="utf-8")
