"""A case as labelled rows for reading, with "not reported" wherever the format has no value.

The rows are derived from the model itself, so a field added to the format appears on
every case page (as "not reported" until a case reports it) without touching templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from atlas.model import Case

NOT_REPORTED = "not reported"
SECTIONS = ("patient", "presentation", "tumour", "diagnosis", "pathology", "treatment", "outcome")
SECTION_TITLES = {
    "patient": "Patient",
    "presentation": "Presentation",
    "tumour": "Tumour",
    "diagnosis": "Imaging and diagnosis",
    "pathology": "Pathology",
    "treatment": "Treatment",
    "outcome": "Outcome",
}
_UNIT_SUFFIXES = {
    "_years": " years",
    "_months": " months",
    "_cm": " cm",
    "_min": " min",
    "_ml": " mL",
    "_10_hpf": " per 10 HPF",
}
_ACRONYMS = {"ihc": "Immunohistochemistry", "ct": "CT", "mri": "MRI"}


@dataclass(frozen=True)
class Row:
    path: str
    label: str
    value: str | None
    inferred: bool = False

    @property
    def reported(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]


def label_for(name: str) -> str:
    if name in _ACRONYMS:
        return _ACRONYMS[name]
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            name = name.removesuffix(suffix)
            break
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def unit_for(name: str) -> str:
    return next((unit for suffix, unit in _UNIT_SUFFIXES.items() if name.endswith(suffix)), "")


def format_value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}{unit_for(name)}"
    if isinstance(value, int):
        return f"{value}{unit_for(name)}"
    if isinstance(value, dict):
        return "; ".join(f"{marker} {result}" for marker, result in value.items())
    if isinstance(value, list):
        if name.endswith("_cm"):
            return " × ".join(f"{v:g}" for v in value) + " cm"
        return "; ".join(_inline(item) for item in value)
    if isinstance(value, BaseModel):
        return _inline(value)
    return str(value)


def _inline(value: Any) -> str:
    if isinstance(value, BaseModel):
        parts = [
            f"{label_for(name)}: {format_value(name, item)}" if name != "modality" else str(item)
            for name, item in value
            if item is not None
        ]
        return ", ".join(parts)
    return format_value("", value)


def case_sections(case: Case) -> list[Section]:
    inferred = set(case.inferred or [])
    return [_section(case, key, inferred) for key in SECTIONS]


def _section(case: Case, key: str, inferred: set[str]) -> Section:
    model_class = Case.model_fields[key].annotation.__args__[0]  # type: ignore[union-attr]
    part = getattr(case, key)
    rows = []
    for name in model_class.model_fields:
        value = getattr(part, name) if part is not None else None
        path = f"{key}.{name}"
        shown = None if value is None else format_value(name, value)
        rows.append(Row(path, label_for(name), shown, path in inferred))
    return Section(key, SECTION_TITLES[key], rows)
