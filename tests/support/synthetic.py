"""A varied synthetic corpus for tests of the case browser and case pages (never published).

The real corpus may hold few cases, or cases that all share a value; a test that filters
by sex must be able to fail. These files add cases that cycle through every vocabulary
value and through "not reported", sources with DOI, PubMed and web links, a secondary
extraction, an "also reported in", an inferred value and text that tries to inject markup.
They are written into a throw-away copy of the project only.
"""

from __future__ import annotations

from pathlib import Path

SEXES = ["female", "male", None]
SIDES = ["left", "right", None, "bilateral"]
SOURCE_TYPES = ["case report", "review table row", "congress abstract"]
SURGERIES = ["radical nephrectomy", "local excision", None, "partial nephrectomy", "other"]
STATUSES = ["NED", "DOD", "AWD", None, "DOC"]
HOSTILE = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"

REFERENCES = """
@article{synthetica1980,
  author = {Synthetic, Ana and Tester, Ben},
  title = {A synthetic source with every identifier},
  journal = {Journal of Test Data},
  year = {1980},
  volume = {12},
  pages = {101--109},
  doi = {10.1000/test.1980.101},
  pmid = {1234567},
  url = {https://example.org/synthetic-1980},
}

@article{syntheticb2001,
  author = {Probe, Carla},
  title = {A second synthetic source},
  journal = {Journal of Test Data},
  year = {2001},
  doi = {10.1000/test.2001.7},
}

@article{syntheticc2015,
  author = {Fixture, Dan},
  year = {2015},
  unverified = {title, journal, doi},
}
"""
SOURCES = ["synthetica1980", "syntheticb2001", "syntheticc2015"]


def case_yaml(index: int) -> str:
    """One synthetic case; index picks its values so that every combination rule stays satisfied."""
    sex = SEXES[index % len(SEXES)]
    side = SIDES[index % len(SIDES)]
    surgery = SURGERIES[index % len(SURGERIES)]
    status = STATUSES[index % len(STATUSES)]
    lines = [
        f"id: synthetic-{index:03d}",
        f"source: {SOURCES[index % len(SOURCES)]}",
        f"source_type: {SOURCE_TYPES[index % len(SOURCE_TYPES)]}",
        "inclusion:",
        "  renal_vein_origin: true",
        "  leiomyosarcoma: true",
    ]
    if index == 0:
        lines += [
            "extracted_from: syntheticb2001",
            f"locator: {_quoted(HOSTILE)}",
            "also_reported_in: [syntheticc2015]",
            "inferred: [patient.sex]",
            f"notes: {_quoted(HOSTILE)}",
        ]
    patient = []
    if index % 7 != 3:
        patient.append(f"  age_years: {20 + (index * 37) % 70}")
    if sex:
        patient.append(f"  sex: {sex}")
    lines += ["patient:", *patient] if patient else []
    tumour = []
    if side:
        tumour.append(f"  side: {side}")
    if index % 4 != 1:
        tumour.append(f"  largest_diameter_cm: {2 + (index * 13) % 150 / 10:g}")
    lines += ["tumour:", *tumour] if tumour else []
    if surgery:
        lines += ["treatment:", f"  surgery: {surgery}"]
    outcome = []
    if status:
        outcome.append(f"  status: {status}")
    if status in ("DOD", "DOC") or (status and index % 3):
        outcome.append(f"  follow_up_months: {1 + (index * 11) % 140}")
    lines += ["outcome:", *outcome] if outcome else []
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_synthetic_cases(root: Path, count: int) -> list[str]:
    """Write `count` synthetic cases and their references into the project copy at root."""
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(REFERENCES)
    ids = []
    for index in range(count):
        text = case_yaml(index)
        case_id = f"synthetic-{index:03d}"
        (root / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(case_id)
    return ids


def enable_instant_navigation(root: Path) -> None:
    """Turn on Material's instant navigation, which the case browser script must survive."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(text, encoding="utf-8")
