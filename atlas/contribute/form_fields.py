"""The answers of a submitted issue form turned into the fields of a case, as the case file writes them.

Answers are copied, never guessed: an empty answer or "not reported" leaves the field out, and a
malformed number is kept as typed so that `check` points at it. Every question has one place here
(ANSWER_FIELDS, COMBINED_ANSWERS, REVIEW_ANSWERS, the reference or the notes).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

import yaml

from atlas.cases.fieldref import field_docs
from atlas.cases.vocabularies import Modality
from atlas.contribute.scaffold import (
    SCHEMA_LINE,
)

NOT_REPORTED = "not reported"
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")

Answers = dict[str, str | list[str] | None]


Convert = Callable[[str | list[str]], Any]


def answer_text(value: str | list[str]) -> str:
    return re.sub(r"\s*\n\s*", " ", str(value)).strip()


# Units people type after a number although the question names it ("58 years", "5.5 cm"): the
# unit the question asks for is dropped; any other word leaves the answer as text for `check`.
_UNITS = {
    "years": r"(?:years?(?:\s+old)?|yrs?|y|yo|-?years?-old)",
    "cm": r"cm",
    "months": r"(?:months?|mo)",
    "hpf": r"(?:(?:/|per)\s*10\s*(?:hpfs?|high[- ]power fields?)|hpf)",
}


def _without_unit(text: str, unit: str) -> str:
    return re.sub(rf"\s*{_UNITS[unit]}\.?$", "", text, flags=re.IGNORECASE) if unit else text


def _number(value: str | list[str], unit: str = "") -> int | float | str:
    """A plain number becomes a number; anything else stays text for `check` to report."""
    text = _without_unit(answer_text(value), unit).replace(",", ".")
    if not _NUMBER.match(text):
        return answer_text(value)
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _number_in(unit: str) -> Convert:
    return lambda value: _number(value, unit)


def _whole_number(value: str | list[str]) -> int | str:
    text = _without_unit(answer_text(value), "years")
    return int(text) if re.fullmatch(r"\d+", text) else answer_text(value)


def _dimensions(value: str | list[str]) -> list[int | float | str] | str:
    """'12 x 8 x 6 cm' → [12, 8, 6]; an answer that is not numbers separated by x stays text."""
    parts = re.split(r"\s*[x×*]\s*", _without_unit(answer_text(value), "cm"), flags=re.IGNORECASE)
    numbers = [_number(part) for part in parts]
    return numbers if all(not isinstance(n, str) for n in numbers) else answer_text(value)


def _choice(value: str | list[str]) -> str | None:
    text = answer_text(value)
    return None if text == NOT_REPORTED else text


def _choices(value: str | list[str]) -> list[str] | None:
    items = [item.strip() for item in answer_text(value).split(", ") if item.strip()]
    return items or None


def _lines(value: str | list[str]) -> list[str] | None:
    items = [line.strip(" -*\t") for line in str(value).splitlines()]
    return [item for item in items if item] or None


def _commas(value: str | list[str]) -> list[str] | None:
    items = [item.strip() for item in re.split(r"[,;\n]", str(value))]
    return [item for item in items if item] or None


def _yes_no(value: str | list[str]) -> bool | None:
    return {"yes": True, "no": False}.get(answer_text(value))


_CONFIDENCE = {"the full text": "high", "the abstract or summary only": "medium"}


def _confidence(value: str | list[str]) -> str | None:
    """What was read sets the confidence (curation rules: a summary alone is at most medium)."""
    return _CONFIDENCE.get(answer_text(value))


def _markers(value: str | list[str]) -> dict[str, str] | None:
    """'CD99: positive' per line → {'CD99': 'positive'}; a line without a colon stays for `check`."""
    markers: dict[str, str] = {}
    for line in _lines(value) or []:
        name, _, result = line.partition(":")
        markers[name.strip()] = result.strip().lower() if result.strip() else line
    return markers or None


def _inferred(value: str | list[str]) -> list[str] | None:
    """The questions ticked as deduced → their fields' paths (an unknown label stays for `check`)."""
    paths = {form_label: ".".join(ANSWER_FIELDS[question][0]) for question, form_label in INFERABLE.items()}
    return [paths.get(label, label) for label in _choices(value) or []] or None


def _status(value: str | list[str]) -> str | None:
    text = answer_text(value)
    return None if text == NOT_REPORTED else text.split(" ", 1)[0]


NONE_GIVEN = "none given"


def _therapy(kinds: str | list[str] | None, drugs: str | list[str] | None) -> dict[str, Any] | None:
    """Kinds chosen (several, or "none given") and the drugs named → the therapy section.

    Drugs named mean a therapy was given; "none given" beside a kind or a drug is kept as the kind
    "none given" so that `check` reports the contradiction rather than one answer being dropped.
    """
    chosen = [kind for kind in _choices(kinds) or [] if kind != NOT_REPORTED] if kinds else []
    named = _commas(drugs) if drugs else None
    if chosen == [NONE_GIVEN] and not named:
        return {"given": False}
    if not chosen and not named:
        return None
    therapy: dict[str, Any] = {"given": True}
    if chosen:
        therapy["types"] = chosen
    if named:
        therapy["drugs"] = named
    return therapy


NONE_BEYOND_THE_VEIN = "none beyond the vein"


def _extension(value: str | list[str]) -> list[str] | None:
    """ "none beyond the vein" is the vein wall alone (a renal vein tumour arises in its wall); chosen
    beside another structure it stays as written, for `check` to report."""
    chosen = _choices(value) or []
    if chosen == [NONE_BEYOND_THE_VEIN]:
        return ["renal vein wall"]
    if NONE_BEYOND_THE_VEIN in chosen and set(chosen) <= {NONE_BEYOND_THE_VEIN, "renal vein wall"}:
        return ["renal vein wall"]
    return chosen or None


# The immunohistochemistry questions, one per common marker: question id → marker name in the case.
IHC_MARKERS = {
    "ihc_sma": "SMA",
    "ihc_desmin": "desmin",
    "ihc_h_caldesmon": "h-caldesmon",
    "ihc_vimentin": "vimentin",
    "ihc_cd34": "CD34",
    "ihc_cd117": "CD117",
    "ihc_s100": "S-100",
    "ihc_cytokeratin": "cytokeratin",
    "ihc_hmb45": "HMB-45",
}

# The questions offered under "Values you deduced rather than read": question id → its label.
INFERABLE = {
    "age": "Age at diagnosis (years)",
    "sex": "Sex",
    "side": "Side",
    "largest_diameter": "Largest diameter (cm)",
    "measured_on": "Where the size was measured",
    "surgery": "Operation",
    "kidney_preserved": "Kidney preserved",
    "margins": "Resection margins",
    "histology": "Histology",
    "grade": "Grade or differentiation",
    "status": "Status at last follow-up",
    "follow_up": "Follow-up after surgery (months)",
    "approach": "Surgical approach",
    "mitoses": "Mitoses per 10 high-power fields",
    "vascular_invasion": "Vascular invasion",
    "perirenal_infiltration": "Perirenal infiltration",
}

ANSWER_FIELDS: dict[str, tuple[tuple[str, ...], Convert]] = {
    "locator": (("locator",), answer_text),
    "source_type": (("source_type",), answer_text),
    "read": (("confidence",), _confidence),
    "inferred": (("inferred",), _inferred),
    "basis": (("inclusion", "basis"), answer_text),
    "age": (("patient", "age_years"), _whole_number),
    "sex": (("patient", "sex"), _choice),
    "country": (("patient", "country"), answer_text),
    "symptoms": (("presentation", "symptoms"), _choices),
    "symptoms_as_reported": (("presentation", "symptoms_as_reported"), _lines),
    "incidental": (("presentation", "incidental"), _yes_no),
    "duration": (("presentation", "duration_months"), _number_in("months")),
    "side": (("tumour", "side"), _choice),
    "largest_diameter": (("tumour", "largest_diameter_cm"), _number_in("cm")),
    "dimensions": (("tumour", "dimensions_cm"), _dimensions),
    "measured_on": (("tumour", "measured_on"), _choice),
    "extension": (("tumour", "extension"), _extension),
    "impression": (("diagnosis", "preoperative_impression", "considered"), _choices),
    "impression_as_reported": (("diagnosis", "preoperative_impression", "as_reported"), answer_text),
    "biopsy": (("diagnosis", "biopsy", "performed"), _yes_no),
    "biopsy_type": (("diagnosis", "biopsy", "type"), _choice),
    "biopsy_result": (("diagnosis", "biopsy", "result"), answer_text),
    "histology": (("pathology", "histology"), answer_text),
    "grade": (("pathology", "grade"), answer_text),
    "mitoses": (("pathology", "mitoses_per_10_hpf"), _number_in("hpf")),
    "margins": (("pathology", "margins"), _choice),
    "vascular_invasion": (("pathology", "vascular_invasion"), _yes_no),
    "perirenal_infiltration": (("pathology", "perirenal_infiltration"), _yes_no),
    "pathology_other": (("pathology", "other_findings"), answer_text),
    **{question: (("pathology", "ihc", marker), _choice) for question, marker in IHC_MARKERS.items()},
    "ihc_other": (("pathology", "ihc"), _markers),
    "surgery": (("treatment", "surgery"), _choice),
    "surgery_as_reported": (("treatment", "surgery_as_reported"), answer_text),
    "approach": (("treatment", "approach"), _choice),
    "approach_as_reported": (("treatment", "approach_as_reported"), answer_text),
    "kidney_preserved": (("treatment", "kidney_preserved"), _yes_no),
    "vascular_reconstruction": (("treatment", "vascular_reconstruction"), _yes_no),
    "follow_up": (("outcome", "follow_up_months"), _number_in("months")),
    "status": (("outcome", "status"), _status),
    "local_recurrence": (("outcome", "local_recurrence"), _yes_no),
    "local_recurrence_months": (("outcome", "local_recurrence_months"), _number_in("months")),
    "metastasis": (("outcome", "metastasis"), _yes_no),
    "metastasis_months": (("outcome", "metastasis_months"), _number_in("months")),
    "metastasis_sites": (("outcome", "metastasis_sites"), _commas),
}


def _modality(name: str) -> str | None:
    """The format's name of an imaging study, whatever its capitals ('ct' → 'CT')."""
    return next(
        (kind for kind in typing.get_args(Modality) if kind.casefold() == name.strip().casefold()), None
    )


def _imaging(
    kinds: str | list[str] | None, findings: str | list[str] | None, sizes: str | list[str] | None = None
) -> list[dict[str, Any]] | None:
    """The studies chosen, each with the findings line and the size that start with its name ('CT: …').

    A findings line or a size that names no chosen study goes to the only study chosen; with
    several, it is kept as its own study, named as written (or unnamed), so that `check` asks for
    the study's kind instead of the answer being lost.
    """
    studies = {kind: {"modality": kind} for kind in (_choices(kinds) if kinds else None) or []}
    loose: list[dict[str, Any]] = []
    for line in (_lines(findings) if findings else None) or []:
        _place(studies, loose, line, "findings", lambda text: text)
    for part in re.split(r"[;\n]", str(sizes)) if sizes else []:
        if part.strip():
            _place(studies, loose, part.strip(), "size_cm", lambda text: _number(text, "cm"))
    if loose and len(studies) == 1:
        only = next(iter(studies.values()))
        for item in loose:
            for name, value in item.items():
                only[name] = f"{only[name]} {value}" if name == "findings" and name in only else value
        loose = []
    return [*studies.values(), *loose] or None


def _place(
    studies: dict[str, dict[str, Any]], loose: list[dict[str, Any]], line: str, name: str, convert: Convert
) -> None:
    """One 'CT: …' line onto its study; a line without a chosen study's name is kept loose."""
    study, colon, text = line.partition(":")
    match = _modality(study)
    if colon and match:
        studies.setdefault(match, {"modality": match})[name] = convert(text.strip())
    else:
        loose.append({name: convert(line)})


# Answers read together: the imaging questions describe one list of studies; a therapy's kinds and
# drugs, one therapy.
COMBINED_ANSWERS = {
    ("imaging", "imaging_findings", "imaging_size"): (("diagnosis", "imaging"), _imaging),
    ("neoadjuvant", "neoadjuvant_drugs"): (("treatment", "neoadjuvant"), _therapy),
    ("adjuvant", "adjuvant_drugs"): (("treatment", "adjuvant"), _therapy),
}
# For the reviewer, in the pull request: the submitter's details (credit), and what needs the
# reviewer's reading before it can enter the case (other articles become references by key).
REVIEW_ANSWERS = {
    "credit": "Credit",
    "is_author": "Author of the article",
    "also_reported_in": "Other articles describing the same patient (add them to `also_reported_in`)",
    "inferred_how": "How the deduced values were worked out",
}
APPRAISAL_ANSWERS = (
    "appraisal_instrument",
    "appraisal_answers",
    "appraised_by",
    "appraised_on",
    "appraisal_note",
)
NOT_APPRAISED = "not appraised"
_ITEM_ANSWER = re.compile(r"^\s*([A-Za-z0-9]+)\s*[:=]\s*(.+?)\s*$")
NOTE_ANSWERS = {"notes": "Notes from the submitter"}
AUTHOR_APPRAISAL = "Appraised by an author of the article."


def case_data(answers: Answers, case_id: str, source: str) -> dict[str, Any]:
    """The case as plain data, in the order of the format; absent answers stay absent."""
    data: dict[str, Any] = {"id": case_id, "source": source}
    ticked = " ".join(answers.get("inclusion") or [])
    data["inclusion"] = {
        "renal_vein_origin": "renal vein" in ticked,
        "leiomyosarcoma": "leiomyosarcoma" in ticked,
    }
    for answer_id, (path, convert) in ANSWER_FIELDS.items():
        raw = answers.get(answer_id)
        value = convert(raw) if raw is not None else None
        if value is not None:
            _put(data, path, value)
    appraisal = appraisal_data(answers)
    if appraisal:
        data["appraisal"] = appraisal
    for answer_ids, (path, combine) in COMBINED_ANSWERS.items():
        value = combine(*(answers.get(answer_id) for answer_id in answer_ids))
        if value is not None:
            _put(data, path, value)
    notes = [
        f"{title}: {answer_text(answers[key])}" for key, title in NOTE_ANSWERS.items() if answers.get(key)
    ]
    if notes:
        data["notes"] = " ".join(notes)
    return _in_format_order(data)


def appraisal_data(answers: Answers) -> dict[str, Any] | None:
    """The optional appraisal as the submitter gave it; `check` then says what is missing or unknown.

    Answer lines read "Q1: yes"; a line in another form is kept whole under its own text so that
    `check` points at it rather than it vanishing.
    """
    instrument = answer_text(answers.get("appraisal_instrument") or NOT_APPRAISED)
    if instrument == NOT_APPRAISED:
        return None
    items: dict[str, str] = {}
    for line in _lines(answers.get("appraisal_answers") or "") or []:
        match = _ITEM_ANSWER.match(line)
        item, answer = (match.group(1).upper(), match.group(2).lower()) if match else (line, "")
        items[item] = answer
    appraisal: dict[str, Any] = {"instrument": instrument, "answers": items}
    for key, name in (("appraised_by", "appraised_by"), ("appraised_on", "appraised_on")):
        if answers.get(key):
            appraisal[name] = answer_text(answers[key])  # type: ignore[arg-type]
    note = [answer_text(answers["appraisal_note"])] if answers.get("appraisal_note") else []  # type: ignore[arg-type]
    if answer_text(answers.get("is_author") or "") == "yes":
        note.insert(0, AUTHOR_APPRAISAL)  # readers weigh an author's appraisal of their own article
    if note:
        appraisal["note"] = " ".join(note)
    return appraisal


def review_notes(answers: Answers) -> list[tuple[str, str]]:
    """(title, answer) of the answered questions that go to the reviewer, not into the case."""
    return [(title, answer_text(answers[key])) for key, title in REVIEW_ANSWERS.items() if answers.get(key)]


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set the field; a mapping (immunohistochemistry) gathers the markers of several questions."""
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if isinstance(value, dict) and isinstance(data.get(path[-1]), dict):
        data[path[-1]] = {**data[path[-1]], **value}
    else:
        data[path[-1]] = value


def _in_format_order(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    order = {doc.path: index for index, doc in enumerate(field_docs())}
    keys = sorted(data, key=lambda key: order.get(prefix + key, len(order)))
    return {
        key: _in_format_order(data[key], f"{prefix}{key}.") if isinstance(data[key], dict) else data[key]
        for key in keys
    }


class _CaseDumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written case files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def case_yaml(data: dict[str, Any]) -> str:
    body = yaml.dump(
        data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return f"{SCHEMA_LINE}\n{body}"
