"""A case as labelled blocks for reading, with "not reported" wherever the format has no value.

The blocks are derived from the model itself, so a field added to the format appears on
every case page (as "not reported" until a case reports it) without touching templates:
a plain field becomes a labelled row, a sub-section (biopsy, adjuvant therapy) a group of
rows under its own heading, a list of records (imaging studies) a table with one row per
record, and a mapping (immunohistochemistry) a two-column table.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from atlas.cases.model import Case

NOT_REPORTED = "not reported"
NOT_APPLICABLE = "not applicable"
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
BLOCK_TITLES = {
    "imaging": "Imaging studies",
    "ihc": "Immunohistochemistry",
    "neoadjuvant": "Neoadjuvant therapy",
    "adjuvant": "Adjuvant therapy",
    "metastasis_at_diagnosis": "Metastasis at diagnosis",
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
# Where dropping the unit would leave an unclear or duplicated label.
_LABELS = {
    "mitoses_per_10_hpf": "Mitotic count",
    "local_recurrence_months": "Time to local recurrence",
    "metastasis_months": "Time to metastasis",
    "progression_months": "Time to recurrence or metastasis",
    "follow_up_months": "Follow-up",
    "follow_up_schedule": "Follow-up schedule",
    "laboratory_workup": "Laboratory work-up",
    "no_relevant_history": "No relevant medical history",
    "follow_up_counted_from": "Follow-up counted from",
    "intraoperative_complications": "Intraoperative complications",
}


@dataclass(frozen=True)
class Row:
    """One field: its label and formatted value (None when not reported)."""

    path: str
    label: str
    value: str | None
    inferred: bool = False
    not_applicable: bool = False

    @property
    def reported(self) -> bool:
        return self.value is not None

    @property
    def shown(self) -> str:
        if self.value is not None:
            return self.value
        return NOT_APPLICABLE if self.not_applicable else NOT_REPORTED


@dataclass(frozen=True)
class Group:
    """A sub-section such as the biopsy: rows under their own heading (one "not reported" when absent)."""

    kind = "group"
    path: str
    title: str
    rows: list[Row]
    reported: bool
    inferred: bool = False


@dataclass(frozen=True)
class Records:
    """A list of records (imaging studies): a table, one row per record; rows is None when not reported."""

    kind = "records"
    path: str
    title: str
    columns: list[str]
    rows: list[list[str | None]] | None
    inferred: bool = False


@dataclass(frozen=True)
class Pairs:
    """A mapping such as marker → result; pairs is None when not reported."""

    kind = "pairs"
    path: str
    title: str
    headers: tuple[str, str]
    pairs: list[tuple[str, str]] | None
    inferred: bool = False


Block = Group | Records | Pairs


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    blocks: list[Block]

    @property
    def reported(self) -> bool:
        """Whether anything in the section is reported (the search index skips empty sections)."""
        return any(row.reported for row in self.rows) or any(block_reported(b) for b in self.blocks)


def block_reported(block: Block) -> bool:
    if isinstance(block, Group):
        return block.reported and any(row.reported for row in block.rows)
    if isinstance(block, Records):
        return block.rows is not None
    return block.pairs is not None


def label_for(name: str) -> str:
    if name in _LABELS:
        return _LABELS[name]
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
        return "; ".join(f"{key} {item}" for key, item in value.items())
    if isinstance(value, list):
        if name.endswith("_cm"):
            return " × ".join(f"{v:g}" for v in value) + " cm"
        return "; ".join(format_value("", item) for item in value)
    if isinstance(value, BaseModel):
        return ", ".join(
            f"{label_for(key)}: {format_value(key, item)}" for key, item in value if item is not None
        )
    return str(value)


def field_type(annotation: Any) -> Any:
    """The type of an optional field without its None (`Biopsy | None` → Biopsy)."""
    if get_origin(annotation) in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


def model_of(annotation: Any) -> type[BaseModel] | None:
    kind = field_type(annotation)
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def record_model_of(annotation: Any) -> type[BaseModel] | None:
    kind = field_type(annotation)
    if get_origin(kind) is list:
        return model_of(get_args(kind)[0])
    return None


def is_mapping(annotation: Any) -> bool:
    return get_origin(field_type(annotation)) is dict


def case_sections(case: Case) -> list[Section]:
    inferred = set(case.inferred or [])
    return [_section(case, key, inferred) for key in SECTIONS]


def is_inferred(case: Case, path: str) -> bool:
    """Whether the curators deduced the value at a dotted path (or its section) rather than read it."""
    return bool(case.inferred) and path_is_inferred(path, set(case.inferred or ()))


def path_is_inferred(path: str, inferred: set[str]) -> bool:
    """A field is inferred when it or a section containing it is listed in `inferred`."""
    if not inferred:
        return False
    parts = path.split(".")
    return any(".".join(parts[:n]) in inferred for n in range(1, len(parts) + 1))


def _section(case: Case, key: str, inferred: set[str]) -> Section:
    model_class = model_of(Case.model_fields[key].annotation)
    if model_class is None:
        raise TypeError(f"Case.{key} is not a section")
    rows, blocks = _contents(model_class, getattr(case, key), key, inferred)
    return Section(key, SECTION_TITLES.get(key) or label_for(key), rows, blocks)


@dataclass(frozen=True)
class _Field:
    """How one field of a model is shown; worked out once per model, not once per case."""

    name: str
    title: str
    kind: str  # "group", "records", "pairs" or "row"
    model: type[BaseModel] | None = None


@cache
def _layout(model_class: type[BaseModel]) -> tuple[_Field, ...]:
    fields = []
    for name, info in model_class.model_fields.items():
        title = BLOCK_TITLES.get(name, label_for(name))
        if (sub_model := model_of(info.annotation)) is not None:
            fields.append(_Field(name, title, "group", sub_model))
        elif (record_model := record_model_of(info.annotation)) is not None:
            fields.append(_Field(name, title, "records", record_model))
        elif is_mapping(info.annotation):
            fields.append(_Field(name, title, "pairs"))
        else:
            fields.append(_Field(name, label_for(name), "row"))
    return tuple(fields)


def _contents(
    model_class: type[BaseModel], part: BaseModel | None, prefix: str, inferred: set[str]
) -> tuple[list[Row], list[Block]]:
    if part is None and not inferred:
        rows, blocks = _unreported(model_class, prefix)
        return list(rows), list(blocks)
    return _read_contents(model_class, part, prefix, inferred)


@cache
def _unreported(model_class: type[BaseModel], prefix: str) -> tuple[tuple[Row, ...], tuple[Block, ...]]:
    """A section no case reports looks the same in every case: worked out once."""
    rows, blocks = _read_contents(model_class, None, prefix, set())
    return tuple(rows), tuple(blocks)


def _read_contents(
    model_class: type[BaseModel], part: BaseModel | None, prefix: str, inferred: set[str]
) -> tuple[list[Row], list[Block]]:
    rows: list[Row] = []
    blocks: list[Block] = []
    gate_closed = _gate_closed(model_class, part)
    for field in _layout(model_class):
        value = getattr(part, field.name) if part is not None else None
        path = f"{prefix}.{field.name}"
        flagged = path_is_inferred(path, inferred)
        if field.kind == "group" and field.model is not None:
            group_rows, _ = _contents(field.model, value, path, inferred)
            blocks.append(Group(path, field.title, group_rows, value is not None, flagged))
        elif field.kind == "records" and field.model is not None:
            blocks.append(_records(field.model, value, path, field.title, flagged))
        elif field.kind == "pairs":
            pairs = [(str(k), format_value("", v)) for k, v in value.items()] if value else None
            blocks.append(Pairs(path, field.title, ("Marker", "Result"), pairs, flagged))
        else:
            shown = None if value is None else format_value(field.name, value)
            rows.append(Row(path, field.title, shown, flagged, gate_closed and value is None))
    return rows, blocks


def _records(
    record_model: type[BaseModel], value: list[BaseModel] | None, path: str, title: str, flagged: bool
) -> Records:
    names = list(record_model.model_fields)
    rows = None
    if value:
        rows = [
            [None if getattr(item, n) is None else format_value(n, getattr(item, n)) for n in names]
            for item in value
        ]
    return Records(path, title, [label_for(n) for n in names], rows, flagged)


def _gate_closed(model_class: type[BaseModel], part: BaseModel | None) -> bool:
    """True when a sub-section's required yes/no field (biopsy performed, therapy given) is "no":
    its other fields then do not apply, rather than being unreported."""
    if part is None:
        return False
    return any(getattr(part, name) is False for name in _gates(model_class))


@cache
def _gates(model_class: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name
        for name, info in model_class.model_fields.items()
        if info.is_required() and info.annotation is bool
    )
