"""Synthetic, clearly fake case corpora for the benchmark: valid case files of any size.

The values are drawn with a seeded RNG from the case model's own vocabularies
(`atlas.cases.model`), so a corpus exercises every section of a case page and passes
`build_site.py check`, and the same seed gives byte-identical files. Nothing here is
a fact about a patient: ids are `synthetic-00001`, …, every text says it is synthetic,
and all cases cite one synthetic reference. Corpora are only ever written into a
throw-away copy of the project, never into the real `cases/`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, get_args

import yaml

from atlas.cases import model
from atlas.paths import BIBLIOGRAPHY_FILE, CASES_DIR

SYNTHETIC_KEY = "synthetic2000"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/case.schema.json\n"
SYNTHETIC_REFERENCE = (Path(__file__).parent / "synthetic.bib").read_text(encoding="utf-8")
SYNTHETIC_TEXT = "synthetic benchmark value, not a published observation"
IHC_MARKERS = ("SMA", "desmin", "h-caldesmon", "S-100", "CD34", "CD117", "Ki-67")
COUNTRIES = ("Atlantis", "Utopia", "Erewhon")  # fictional on purpose

# How often an optional part is reported: real case reports leave out a lot.
REPORTED = 0.75


def vocabulary(alias: Any) -> list[Any]:
    """The allowed values of a Literal type of the model (e.g. model.Surgery)."""
    return list(get_args(alias))


def case_id(number: int) -> str:
    return f"synthetic-{number:05d}"


class _Draw:
    """A seeded source of values in the model's vocabularies."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def reported(self) -> bool:
        return self.rng.random() < REPORTED

    def one(self, alias: Any) -> Any:
        return self.rng.choice(vocabulary(alias))

    def some(self, alias: Any, most: int = 3) -> list[Any]:
        values = vocabulary(alias)
        return sorted(self.rng.sample(values, self.rng.randint(1, min(most, len(values)))), key=values.index)

    def number(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 1)


def synthetic_case(number: int, rng: random.Random) -> dict[str, Any]:
    """One valid case as plain data, in the order a curator would write it."""
    draw = _Draw(rng)
    case: dict[str, Any] = {
        "id": case_id(number),
        "source": SYNTHETIC_KEY,
        "source_type": draw.one(model.SourceType),
        "locator": f"synthetic record {number}",
        "confidence": draw.one(model.Confidence),
        "inclusion": {"renal_vein_origin": True, "leiomyosarcoma": True, "basis": SYNTHETIC_TEXT},
    }
    for name in SECTIONS:
        if draw.reported():
            case[name] = _SECTION_MAKERS[name](draw)
    return case


def _patient(draw: _Draw) -> dict[str, Any]:
    patient: dict[str, Any] = {"age_years": draw.rng.randint(20, 85), "sex": draw.one(model.Sex)}
    if draw.reported():
        patient["country"] = draw.rng.choice(COUNTRIES)
    if draw.reported():
        patient["admitted"] = f"{draw.rng.randint(1990, 2024)}-{draw.rng.randint(1, 12):02d}"
    return patient


def _presentation(draw: _Draw) -> dict[str, Any]:
    incidental = draw.rng.random() < 0.2
    if incidental:
        return {"incidental": True, "symptoms": ["incidental finding"]}
    symptoms = [s for s in draw.some(model.Symptom) if s != "incidental finding"] or ["abdominal pain"]
    return {
        "symptoms": symptoms,
        "symptoms_as_reported": [f"{symptom} ({SYNTHETIC_TEXT})" for symptom in symptoms],
        "duration_months": draw.number(0.5, 24),
        "incidental": False,
    }


def _tumour(draw: _Draw) -> dict[str, Any]:
    dimensions = sorted((draw.number(1, 15) for _ in range(3)), reverse=True)
    return {
        "side": draw.one(model.Side),
        "largest_diameter_cm": dimensions[0],
        "dimensions_cm": dimensions,
        "measured_on": draw.one(model.MeasuredOn),
        "extension": draw.some(model.Extension, 2),
        "origin_as_reported": SYNTHETIC_TEXT,
    }


def _diagnosis(draw: _Draw) -> dict[str, Any]:
    modalities = draw.some(model.Modality)
    imaging = [
        {"modality": modality, "findings": SYNTHETIC_TEXT, "size_cm": draw.number(1, 15)}
        for modality in modalities
    ]
    biopsy: dict[str, Any] = {"performed": draw.rng.random() < 0.3}
    if biopsy["performed"]:
        biopsy |= {"type": draw.one(model.BiopsyType), "result": SYNTHETIC_TEXT}
    return {
        "imaging": imaging,
        "preoperative_impression": {"considered": draw.some(model.Impression, 2)},
        "biopsy": biopsy,
    }


def _pathology(draw: _Draw) -> dict[str, Any]:
    markers = draw.rng.sample(IHC_MARKERS, draw.rng.randint(2, len(IHC_MARKERS)))
    return {
        "histology": "leiomyosarcoma (synthetic)",
        "mitoses_per_10_hpf": float(draw.rng.randint(0, 40)),
        "margins": draw.one(model.Margins),
        "ihc": {marker: draw.one(model.IhcResult) for marker in sorted(markers)},
    }


def _treatment(draw: _Draw) -> dict[str, Any]:
    surgery = draw.one(model.Surgery)
    treatment: dict[str, Any] = {"surgery": surgery}
    if surgery != "none":
        treatment |= {
            "approach": draw.one(model.Approach),
            "operative_time_min": draw.rng.randint(60, 480),
            "blood_loss_ml": draw.rng.randint(50, 3000),
        }
    if surgery in ("radical nephrectomy", "local excision"):
        treatment["kidney_preserved"] = surgery == "local excision"
    if draw.reported():
        treatment["adjuvant"] = {"given": True, "types": draw.some(model.Therapy, 1)}
    return treatment


def _outcome(draw: _Draw) -> dict[str, Any]:
    follow_up = draw.number(1, 120)
    outcome: dict[str, Any] = {"follow_up_months": follow_up, "status": draw.one(model.Status)}
    if draw.rng.random() < 0.3:
        outcome |= {"local_recurrence": True, "local_recurrence_months": draw.number(0, follow_up)}
    else:
        outcome["local_recurrence"] = False
    if draw.rng.random() < 0.3:
        outcome |= {
            "metastasis": True,
            "metastasis_months": draw.number(0, follow_up),
            "metastasis_sites": draw.rng.sample(["lung", "liver", "bone"], draw.rng.randint(1, 2)),
        }
    return outcome


SECTIONS = ("patient", "presentation", "tumour", "diagnosis", "pathology", "treatment", "outcome")
_SECTION_MAKERS = {
    "patient": _patient,
    "presentation": _presentation,
    "tumour": _tumour,
    "diagnosis": _diagnosis,
    "pathology": _pathology,
    "treatment": _treatment,
    "outcome": _outcome,
}


def case_text(case: dict[str, Any]) -> str:
    return SCHEMA_LINE + yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=100)


def add_benchmark_cases(project: Path, count: int, seed: int = 2024) -> list[Path]:
    """Write `count` synthetic cases (and their reference) into a throw-away project copy."""
    cases_dir = project / CASES_DIR
    cases_dir.mkdir(exist_ok=True)
    bibliography = project / BIBLIOGRAPHY_FILE
    text = bibliography.read_text(encoding="utf-8") if bibliography.exists() else ""
    if count and f"{{{SYNTHETIC_KEY}," not in text:
        bibliography.write_text(text.rstrip("\n") + "\n\n" + SYNTHETIC_REFERENCE, encoding="utf-8")
    rng = random.Random(seed)
    written = []
    for number in range(1, count + 1):
        path = cases_dir / f"{case_id(number)}.yaml"
        path.write_text(case_text(synthetic_case(number, rng)), encoding="utf-8", newline="\n")
        written.append(path)
    return written
