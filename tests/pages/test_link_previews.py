"""Link previews and indexing: Open Graph and Twitter tags on every page, the feed linked from every
head, and on case pages a citation_title that says what the page is, built from the case's data."""

from __future__ import annotations

from pathlib import Path
from posixpath import join, normpath

import lxml.html
import pytest
import yaml

from atlas.inputs import Inputs
from atlas.pages.case_title import case_title
from atlas.site import prerendered
from atlas.site.build import build
from tests.conftest import ROOT

SURGERY = {
    "radical nephrectomy": "treated by radical nephrectomy",
    "partial nephrectomy": "treated by partial nephrectomy",
    "local excision": "treated by local excision",
}


def head(page: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page.read_text(encoding="utf-8"))


def meta(tree: lxml.html.HtmlElement, attribute: str, name: str) -> list[str]:
    return tree.xpath(f'//head/meta[@{attribute}="{name}"]/@content')


def test_every_page_has_sharing_tags_and_the_home_page_links_the_feed(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 30
    for page in pages:
        tree = head(page)
        (title,) = meta(tree, "property", "og:title")
        (description,) = meta(tree, "property", "og:description")
        assert title.strip() and description.strip(), page
        assert meta(tree, "property", "og:url") == tree.xpath('//link[@rel="canonical"]/@href'), page
        assert meta(tree, "name", "twitter:card") == ["summary"]
        assert meta(tree, "name", "twitter:title") == [title]
        # No <link rel="alternate">: Material would fetch sitemap.xml for it on every visit.
        assert tree.xpath('//link[@rel="alternate"]') == [], page
    for folder in ("", "changes"):
        page = lxml.html.parse(str(built_site / folder / "index.html")).getroot()
        (feed,) = page.xpath('//article//a[@type="application/atom+xml"]/@href')
        assert normpath(join(folder, feed)) == "feed.xml", folder


def case_files() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases").glob("*.yaml"))]


def test_case_pages_carry_a_descriptive_citation_title_from_their_data(built_site: Path) -> None:
    cases = case_files()
    assert cases
    for case in cases:
        tree = head(built_site / "cases" / case["id"] / "index.html")
        (title,) = meta(tree, "name", "citation_title")
        assert meta(tree, "property", "og:title") == [title]
        assert not title.startswith("Case ") and case["id"] not in title
        side = (case.get("tumour") or {}).get("side")
        vein = {
            "left": "the left renal vein",
            "right": "the right renal vein",
            "bilateral": "both renal veins",
        }
        assert title.startswith(f"Leiomyosarcoma of {vein.get(side, 'the renal vein')}")
        patient = case.get("patient") or {}
        assert ("-year-old" in title) == ("age_years" in patient)
        if "age_years" in patient:
            assert f" {patient['age_years']}-year-old " in title
        words = set(title.replace("—", " ").split())
        assert bool(words & {"woman", "girl"}) == (patient.get("sex") == "female")
        assert bool(words & {"man", "boy"}) == (patient.get("sex") == "male")
        surgery = (case.get("treatment") or {}).get("surgery")
        assert all((phrase in title) == (surgery == name) for name, phrase in SURGERY.items())
        assert " — case record from " in title


def test_the_example_of_the_issue(real_inputs: Inputs) -> None:
    inputs = real_inputs
    (case,) = [c for c in inputs.corpus.cases if c.id == "colon-rodriguez-2004"]
    assert case_title(case, inputs.corpus) == (
        "Leiomyosarcoma of the left renal vein in a 63-year-old woman treated by radical nephrectomy"
        " (operation inferred) — case record from Colón-Rodríguez et al. (2004)"
    )


def test_what_the_curators_inferred_is_marked_in_the_title(real_inputs: Inputs) -> None:
    """Recount L-6: sex, side and operation of turkjpath-618 are inferred, and the title said none."""
    inputs = real_inputs
    (case,) = [c for c in inputs.corpus.cases if c.id == "turkjpath-618"]
    title = case_title(case, inputs.corpus)
    assert title.startswith(
        "Leiomyosarcoma of the left renal vein in a woman treated by radical nephrectomy "
        "(sex, side and operation inferred) — case record from "
    )
    plain = case.model_copy(update={"inferred": None})
    assert "inferred" not in case_title(plain, inputs.corpus)


def test_nothing_is_invented_when_values_are_absent(real_inputs: Inputs) -> None:
    inputs = real_inputs
    case = inputs.corpus.cases[0].model_copy(update={"patient": None, "tumour": None, "treatment": None})
    cited = case_title(case, inputs.corpus).split(" — ")[1]
    assert case_title(case, inputs.corpus) == f"Leiomyosarcoma of the renal vein — {cited}"
    treated = next(c for c in inputs.corpus.cases if c.treatment and c.treatment.surgery)
    unnamed = treated.treatment.model_copy(
        update={"surgery": "other"}
    )  # an operation the format does not name
    assert "treated" not in case_title(treated.model_copy(update={"treatment": unnamed}), inputs.corpus)


@pytest.mark.parametrize(
    "age, expected", [(8, "an 8-year-old"), (18, "an 18-year-old"), (63, "a 63-year-old")]
)
def test_ages_read_aloud_take_the_right_article(age: int, expected: str, real_inputs: Inputs) -> None:
    inputs = real_inputs
    case = next(case for case in inputs.corpus.cases if case.patient is not None)
    patient = case.patient.model_copy(update={"age_years": age})
    assert f" {expected} " in case_title(case.model_copy(update={"patient": patient}), inputs.corpus)


@pytest.mark.slow
def test_hostile_text_in_a_per_page_value_is_escaped_and_stays_in_its_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source author's name holding markup reaches the citation title as text, on its page only,
    and every stamped page is still byte-identical to Material's own rendering."""
    hostile = 'Ba"><script>alert(3)</script>heen'
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Baheen, Qais", f"{hostile}, Qais"), "utf-8")
    monkeypatch.setattr(prerendered, "VERIFY_EVERY_PAGE", True)
    site = tmp_path / "site"
    build(project, site)
    html = (site / "cases" / "baheen-2022" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(3)" not in html
    (title,) = meta(lxml.html.fromstring(html), "name", "citation_title")
    assert f"case record from {hostile} et al. (2022)" in title
    other = (site / "cases" / "urkan" / "index.html").read_text(encoding="utf-8")
    assert "alert(3)" not in other
