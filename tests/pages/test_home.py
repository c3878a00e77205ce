"""The home page: key figures counted from the cases, with denominators, data date and version."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from atlas.cases.model import Case
from atlas.evidence import stats
from atlas.inputs import Corpus, Inputs, load_corpus
from atlas.pages.environment import environment
from atlas.pages.home import home_page, key_figures
from atlas.sources.release import Release
from tests.conftest import ROOT
from tests.support.html_parts import parse

INCLUSION = {"renal_vein_origin": True, "leiomyosarcoma": True}


def make(case_id: str, **parts: dict) -> Case:
    return Case.model_validate(
        {"id": case_id, "source": "baheen2022", "source_type": "case report", "inclusion": INCLUSION, **parts}
    )


def small_corpus(tmp_path: Path) -> Corpus:
    corpus, _ = load_corpus(ROOT)  # the real bibliography, for the page's citations
    corpus.root = tmp_path
    corpus.cases = [
        make(
            "a", patient={"sex": "female"}, tumour={"side": "left"}, treatment={"surgery": "local excision"}
        ),
        make("b", patient={"sex": "female"}, tumour={"side": "left"}),
        make("c", patient={"sex": "male"}, treatment={"surgery": "radical nephrectomy"}),
        make("d"),
    ]
    return corpus


def test_key_figures_keep_denominators_and_drop_empty_categories(tmp_path: Path) -> None:
    sex, side, surgery = key_figures(small_corpus(tmp_path).cases)
    assert (sex.counts, sex.reported, sex.total) == ([("female", 2, 0), ("male", 1, 0)], 3, 4)
    assert (side.counts, side.reported, side.total) == ([("left", 2, 0)], 2, 4)
    assert surgery.counts == [("radical nephrectomy", 1, 0), ("local excision", 1, 0)]
    assert (surgery.reported, surgery.total) == (2, 4)


def test_home_page_renders_the_figures_and_release(tmp_path: Path) -> None:
    release = Release(version="9.9.9", date=dt.date(2030, 1, 2), epoch=0)
    text = home_page(Inputs(small_corpus(tmp_path), release), environment())["index.md"]
    assert "<strong>4</strong> patients recorded so far." in text
    assert 'female 2 · male 1 <span class="atlas-denominator">(3 of 4 reported)</span>' in text
    assert 'left 2 <span class="atlas-denominator">(2 of 4 reported)</span>' in text
    assert "Data as of 2030-01-02, version 9.9.9." in text
    assert "[@" not in text and 'id="ref-novak2016"' in text


def test_a_variable_nobody_reported_says_so(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    corpus.cases = [make("x"), make("y")]
    release = Release(version="1", date=dt.date(2030, 1, 2), epoch=0)
    text = home_page(Inputs(corpus, release), environment())["index.md"]
    assert text.count("not reported for any patient") == 3
    assert text.count("(0 of 2 reported)") == 3


def test_built_home_page_matches_the_data(built_site: Path, real_inputs: Inputs) -> None:
    corpus, release = real_inputs.corpus, real_inputs.release
    html = (built_site / "index.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(parse(html).text).split())
    n = len(corpus.cases)
    assert f"{n} patient{'' if n == 1 else 's'} recorded so far" in text
    for tally in (stats.sex(corpus.cases), stats.side(corpus.cases), stats.surgery(corpus.cases)):
        assert f"({tally.reported} of {tally.total} reported)" in text
        for category, count in tally.counts.items():
            if count:
                inferred = tally.inferred.get(category, 0)
                mark = rf" \({inferred} inferred\)" if inferred else r"(?! \(\d+ inferred\))"
                assert re.search(rf"{category} {count}{mark}", text), category
    # Recount L-6: two of the five radical nephrectomies are inferred (colon-rodriguez-2004, turkjpath-618).
    assert "radical nephrectomy 5 (2 inferred)" in text
    assert f"Data as of {release.date.isoformat()}, version {release.version}" in text


def test_home_page_links_the_entry_points(built_site: Path) -> None:
    links = parse((built_site / "index.html").read_text(encoding="utf-8")).links
    for target in ("review/", "cases/", "how-to-cite/", "references/"):
        assert target in links
    for target in ("review", "cases", "how-to-cite", "references"):
        assert (built_site / target / "index.html").exists()
