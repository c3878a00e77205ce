"""literature/published.yaml and literature/leads.yaml: loaded safely, validated, every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.diagnostics import Severity, errors_in
from atlas.inputs import Corpus, load_corpus
from atlas.site.build import check
from atlas.sources.literature import ATLAS_SCOPE, TOPICS, PublishedFigure
from tests.conftest import Checked, run_in_process

PUBLISHED = "literature/published.yaml"
LEADS = "literature/leads.yaml"

# (file, text to replace, replacement, exact diagnostics expected): each breaks one thing.
BROKEN = {
    "unknown-topic": (
        PUBLISHED,
        "  - topic: sex\n",
        "  - topic: gender\n",
        [
            "literature/published.yaml:43:12: E104 figures[3].topic must be one of 'number of published "
            "cases', 'literature search', 'epidemiology', 'reporting specialty', 'sex', 'age', 'side', "
            "'presentation', 'imaging', 'immunohistochemistry', 'surgical treatment', 'survival by surgery', "
            "'outcome', 'survival', 'recurrence', 'prognosis', 'presentation and diagnosis', 'renal "
            "leiomyosarcoma series (pathology and outcome)', 'renal leiomyosarcoma survival (population "
            "registry)', 'renal leiomyosarcoma prognostic factors (population registry)' or 'high-grade "
            "renal leiomyosarcoma, single-centre series' (got 'gender')"
        ],
    ),
    "number-as-text": (
        PUBLISHED,
        "{female_percent: 82}",
        "{female_percent: most}",
        [
            "literature/published.yaml:45:31: E199 figures[3].numbers.female_percent: must be a number, "
            "a range [low, high], or a mapping of names to numbers (got 'most')"
        ],
    ),
    "unknown-attribution": (
        PUBLISHED,
        "attributed_to: [grignon]",
        "attributed_to: [grignn]",
        [
            "literature/published.yaml:97:21: E601 'grignn' is not an entry of references.bib; "
            "add the reference there first"
        ],
    ),
    "misspelt-field": (
        PUBLISHED,
        "    figure: poor 5-year survival\n",
        "    figur: poor 5-year survival\n",
        [
            "literature/published.yaml:110:5: E102 figures[10].figure is required",
            "literature/published.yaml:111:5: E101 unknown field 'figur' in figures[10]; did you mean "
            "'figure'?",
        ],
    ),
    "null-scope": (
        PUBLISHED,
        "    reported_in: urkan\n    scope: renal vein leiomyosarcoma\n",
        "    reported_in: urkan\n    scope:\n",
        [
            "literature/published.yaml:168:11: E009 figures.16.scope is empty; leave a field out when "
            "the article does not report it"
        ],
    ),
    "unknown-total-source": (
        LEADS,
        "    reported_in: novak2016\n  - count: 55",
        "    reported_in: novak2015\n  - count: 55",
        [
            "literature/leads.yaml:25:18: E601 'novak2015' is not an entry of references.bib; "
            "add the reference there first"
        ],
    ),
    "lead-key-and-citation": (
        LEADS,
        "  - key: tarique2024\n",
        "  - key: tarique2024\n    citation: Tarique 2024\n",
        [
            "literature/leads.yaml:91:5: E603 a lead article gives key (its references.bib entry) "
            "or citation, not both"
        ],
    ),
    "exclusion-without-reason": (
        LEADS,
        "  - key: tarique2024\n    state: not yet extracted",
        "  - key: tarique2024\n    state: excluded",
        ["literature/leads.yaml:92:12: E604 an excluded article needs a reason saying why it is excluded"],
    ),
    "unknown-case": (
        LEADS,
        "    may_include: [baheen-2022]\n    note: >-\n      Which vein",
        "    may_include: [baheen-2023]\n    note: >-\n      Which vein",
        ["literature/leads.yaml:71:19: E605 may_include names 'baheen-2023', which is no case of the atlas"],
    ),
    "unknown-exclusion-reason": (
        LEADS,
        '    reason: "smooth muscle tumour of uncertain malignant potential, not leiomyosarcoma"',
        "    reason: benign",
        [
            "literature/leads.yaml:693:13: E104 excluded_seen[74].reason must be one of 'origin in the "
            "inferior vena cava', 'arising in the kidney, renal vein involved secondarily', 'primary "
            "renal (parenchymal) leiomyosarcoma', 'origin in the renal pelvis', 'arising from renal sinus "
            "vessels', 'origin in the adrenal gland', 'other vein', 'retroperitoneal leiomyosarcoma, origin "
            "not stated as the renal vein', 'benign tumour, not leiomyosarcoma' or 'smooth muscle tumour of "
            "uncertain malignant potential, not leiomyosarcoma' (got 'benign')"
        ],
    ),
    "unknown-excluded-key": (
        LEADS,
        '    sex: "male"\n    url: "https://clinicalimagingscience.org/',
        '    sex: "male"\n    key: kord2021\n    url: "https://clinicalimagingscience.org/',
        [
            "literature/leads.yaml:697:10: E601 'kord2021' is not an entry of references.bib; "
            "add the reference there first"
        ],
    ),
    "unknown-state": (
        LEADS,
        "  - key: imao2011\n    state: not yet extracted",
        "  - key: imao2011\n    state: wanted",
        [
            "literature/leads.yaml:50:12: E104 articles[1].state must be one of 'not yet extracted' or "
            "'excluded' (got 'wanted')"
        ],
    ),
}


def break_file(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_literature_data_reports_exact_messages(name: str, project: Path) -> None:
    relative, old, new, expected = BROKEN[name]
    break_file(project, relative, old, new)
    _, problems = check(project)
    found = [p.format() for p in problems if p.path.startswith("literature/") and p.code != "W601"]
    assert found == expected


def test_the_real_literature_data_is_valid(real_check: Checked) -> None:
    _, problems = real_check
    assert [p.format() for p in problems if p.path.startswith("literature/")] == []
    assert not [p for p in problems if p.code == "W301"], "every reference is used by a case or the data"


def test_a_missing_file_is_an_error(project: Path) -> None:
    (project / LEADS).unlink()
    _, problems = load_corpus(project)
    assert [p.format() for p in errors_in(problems)] == [
        "literature/leads.yaml:1:1: E602 literature/leads.yaml is missing; the site is built from it"
    ]


def test_unsafe_yaml_is_refused(project: Path) -> None:
    path = project / PUBLISHED
    path.write_text("figures: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    _, problems = load_corpus(project)
    assert [p.code for p in problems if p.path == PUBLISHED] == ["E005"]


def test_a_lead_already_extracted_is_a_warning(project: Path) -> None:
    break_file(project, LEADS, "  - key: imao2011\n", "  - key: ojha2017\n")
    _, problems = check(project)
    found = [p for p in problems if p.code == "W601"]
    assert [p.format() for p in found] == [
        "literature/leads.yaml:49:10: W601 'ojha2017' is already the source of a case; "
        "remove the lead once it is extracted"
    ]
    assert found[0].severity is Severity.WARNING


def test_literature_keys_count_as_cited(project: Path) -> None:
    """A reference only the published figures cite is used; dropping the figure makes it unused."""
    with (project / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@article{onlyfigures2020,\n  author = {Figure, Only},\n  year = {2020},\n}\n")
    break_file(project, PUBLISHED, "    attributed_to: [kaushik]\n", "    attributed_to: [onlyfigures2020]\n")
    _, problems = check(project)
    assert "onlyfigures2020" not in " ".join(p.message for p in problems if p.code == "W301")
    break_file(project, PUBLISHED, "    attributed_to: [onlyfigures2020]\n", "")
    _, problems = check(project)
    assert [p.message for p in problems if p.code == "W301"] == [
        "entry 'onlyfigures2020' is not cited by any case or page"
    ]


def test_published_figures_offer_the_agreed_attributes(real_corpus: Corpus) -> None:
    corpus = real_corpus
    assert corpus.published and all(isinstance(f, PublishedFigure) for f in corpus.published)
    for figure in corpus.published:
        assert isinstance(figure.topic, str) and figure.topic in TOPICS
        assert isinstance(figure.figure, str) and isinstance(figure.numbers, dict)
        assert figure.reported_in in corpus.bibliography
        assert all(key in corpus.bibliography for key in figure.attributed_to)
        assert figure.is_context == (not figure.scope.startswith(ATLAS_SCOPE))
    by_topic = {f.topic: f for f in corpus.published}
    assert by_topic["sex"].numbers == {"female_percent": 82}
    assert by_topic["survival by surgery"].numbers["local_excision"] == {"alive": 5, "dead": 2}
    assert [f.topic for f in corpus.published if f.is_context] == [
        "immunohistochemistry",
        "epidemiology",
        "survival",
        "renal leiomyosarcoma series (pathology and outcome)",
        "renal leiomyosarcoma survival (population registry)",
        "renal leiomyosarcoma prognostic factors (population registry)",
        "high-grade renal leiomyosarcoma, single-centre series",
    ]
    assert set(TOPICS) == {f.topic for f in corpus.published}


def test_check_command_validates_the_literature_data(project: Path) -> None:
    break_file(
        project,
        LEADS,
        "    may_include: [baheen-2022]\n    note: >-\n      Which",
        "    may_include: [baheen-2023]\n    note: >-\n      Which",
    )
    result = run_in_process(project, "check")
    assert result.returncode == 1
    assert "literature/leads.yaml:71:19: E605" in result.stdout
