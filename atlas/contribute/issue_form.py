"""`from-issue`: turn a filled "Submit a published case" issue form into a case file.

GitHub renders a submitted form as Markdown: one `### Label` heading per question, then
the answer, or `_No response_` when it was left empty. The labels are read from the
form itself (.github/ISSUE_TEMPLATE/submit-case.yml), so renaming a question cannot
silently break the conversion. Answers are copied, never guessed: an empty answer or
"not reported" leaves the field out, and a malformed number is written as given so that
`check` points at it with a line number for the maintainer to fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from atlas.cases.fieldref import field_docs
from atlas.contribute.scaffold import (
    BIB_FIELDS,
    SCHEMA_LINE,
    ScaffoldError,
    add_reference_stub,
    write_new_file,
)
from atlas.inputs import BIBLIOGRAPHY_FILE, CASES_DIR
from atlas.sources.bibliography import load_bibliography

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "submit-case.yml"
NO_RESPONSE = "_No response_"
NOT_REPORTED = "not reported"
_CHECKED = re.compile(r"^\s*-\s*\[[xX]\]\s*(.+?)\s*$")
_INITIALS = re.compile(r"^(?:[A-Z]{1,3}|(?:[A-Z]\.-?)+)$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")

Answers = dict[str, str | list[str] | None]


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    kind: str
    options: tuple[str, ...]


def read_form(root: Path) -> list[Question]:
    data = yaml.safe_load((root / FORM_PATH).read_text(encoding="utf-8"))
    questions = []
    for item in data["body"]:
        if item["type"] == "markdown":
            continue
        attributes = item["attributes"]
        options = tuple(
            option["label"] if isinstance(option, dict) else str(option)
            for option in attributes.get("options", [])
        )
        questions.append(Question(item["id"], attributes["label"], item["type"], options))
    return questions


def parse_body(body: str, questions: list[Question]) -> Answers:
    """Answers by question id; None for unanswered; checkboxes as the list of ticked labels."""
    by_label = {question.label: question for question in questions}
    answers: Answers = {question.id: None for question in questions}
    for label, text in _sections(body):
        question = by_label.get(label)
        if question is None:
            continue
        answers[question.id] = _answer(question, text)
    return answers


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, list[str]]] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### "):
            sections.append((line[4:].strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(label, "\n".join(lines).strip()) for label, lines in sections]


def _answer(question: Question, text: str) -> str | list[str] | None:
    if question.kind == "checkboxes":
        return [match.group(1) for line in text.splitlines() if (match := _CHECKED.match(line))]
    if not text or text == NO_RESPONSE:
        return None
    return text


# ---- answers → case fields -------------------------------------------------------------------

Convert = Callable[[str | list[str]], Any]


def _text(value: str | list[str]) -> str:
    return re.sub(r"\s*\n\s*", " ", str(value)).strip()


def _number(value: str | list[str]) -> int | float | str:
    """A plain number becomes a number; anything else stays text for `check` to report."""
    text = _text(value).replace(",", ".")
    if not _NUMBER.match(text):
        return _text(value)
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _whole_number(value: str | list[str]) -> int | str:
    text = _text(value)
    return int(text) if re.fullmatch(r"\d+", text) else text


def _choice(value: str | list[str]) -> str | None:
    text = _text(value)
    return None if text == NOT_REPORTED else text


def _choices(value: str | list[str]) -> list[str] | None:
    items = [item.strip() for item in _text(value).split(", ") if item.strip()]
    return items or None


def _lines(value: str | list[str]) -> list[str] | None:
    items = [line.strip(" -*\t") for line in str(value).splitlines()]
    return [item for item in items if item] or None


def _commas(value: str | list[str]) -> list[str] | None:
    items = [item.strip() for item in re.split(r"[,;\n]", str(value))]
    return [item for item in items if item] or None


def _yes_no(value: str | list[str]) -> bool | None:
    return {"yes": True, "no": False}.get(_text(value))


def _status(value: str | list[str]) -> str | None:
    text = _text(value)
    return None if text == NOT_REPORTED else text.split(" ", 1)[0]


def _therapy(value: str | list[str]) -> dict[str, Any] | None:
    text = _text(value)
    if text == NOT_REPORTED:
        return None
    if text == "none given":
        return {"given": False}
    return {"given": True, "types": [text]}


ANSWER_FIELDS: dict[str, tuple[tuple[str, ...], Convert]] = {
    "locator": (("locator",), _text),
    "source_type": (("source_type",), _text),
    "basis": (("inclusion", "basis"), _text),
    "age": (("patient", "age_years"), _whole_number),
    "sex": (("patient", "sex"), _choice),
    "country": (("patient", "country"), _text),
    "symptoms": (("presentation", "symptoms"), _choices),
    "symptoms_as_reported": (("presentation", "symptoms_as_reported"), _lines),
    "side": (("tumour", "side"), _choice),
    "largest_diameter": (("tumour", "largest_diameter_cm"), _number),
    "measured_on": (("tumour", "measured_on"), _choice),
    "extension": (("tumour", "extension"), _choices),
    "surgery": (("treatment", "surgery"), _choice),
    "surgery_as_reported": (("treatment", "surgery_as_reported"), _text),
    "approach": (("treatment", "approach"), _choice),
    "margins": (("pathology", "margins"), _choice),
    "neoadjuvant": (("treatment", "neoadjuvant"), _therapy),
    "adjuvant": (("treatment", "adjuvant"), _therapy),
    "follow_up": (("outcome", "follow_up_months"), _number),
    "status": (("outcome", "status"), _status),
    "local_recurrence": (("outcome", "local_recurrence"), _yes_no),
    "local_recurrence_months": (("outcome", "local_recurrence_months"), _number),
    "metastasis": (("outcome", "metastasis"), _yes_no),
    "metastasis_months": (("outcome", "metastasis_months"), _number),
    "metastasis_sites": (("outcome", "metastasis_sites"), _commas),
}
NOTE_ANSWERS = {
    "inferred": "Deduced rather than read, according to the submitter (mark these in `inferred`)",
    "also_reported_in": "Also reported in, according to the submitter (add to `also_reported_in`)",
    "notes": "Notes from the submitter",
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
REFERENCE_ANSWERS = ("authors", "title", "journal", "year", "volume", "pages", "doi", "pmid", "language")


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
    notes = [f"{title}: {_text(answers[key])}" for key, title in NOTE_ANSWERS.items() if answers.get(key)]
    if notes:
        data["notes"] = " ".join(notes)
    return _in_format_order(data)


def appraisal_data(answers: Answers) -> dict[str, Any] | None:
    """The optional appraisal as the submitter gave it; `check` then says what is missing or unknown.

    Answer lines read "Q1: yes"; a line in another form is kept whole under its own text so that
    `check` points at it rather than it vanishing.
    """
    instrument = _text(answers.get("appraisal_instrument") or NOT_APPRAISED)
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
            appraisal[name] = _text(answers[key])  # type: ignore[arg-type]
    if answers.get("appraisal_note"):
        appraisal["note"] = _text(answers["appraisal_note"])  # type: ignore[arg-type]
    return appraisal


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
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


# ---- naming: case id and citation key ---------------------------------------------------------


def first_author_surname(authors: str) -> str:
    """'Colón-Rodríguez A, Smith J' → 'Colón-Rodríguez'; trailing initials are dropped."""
    first = re.split(r",|;|\band\b", authors, maxsplit=1)[0].strip()
    words = first.split()
    while len(words) > 1 and _INITIALS.match(words[-1]):
        words.pop()
    return " ".join(words)


def bibtex_authors(authors: str) -> str:
    """'Smith J, Jones K' → 'Smith, J and Jones, K' (BibTeX's surname-first form)."""
    names = []
    for chunk in re.split(r"[,;]|\band\b", authors):
        words = chunk.split()
        initials = []
        while len(words) > 1 and _INITIALS.match(words[-1]):
            initials.insert(0, words.pop())
        if words:
            names.append(" ".join(words) + (", " + " ".join(initials) if initials else ""))
    return " and ".join(names)


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def names_for(answers: Answers) -> tuple[str, str]:
    """(case id, citation key) from the first author's surname and the year: smith-2024, smith2024."""
    surname = _ascii_slug(first_author_surname(_text(answers.get("authors") or "")))
    year = _text(answers.get("year") or "")
    if not surname or not re.fullmatch(r"\d{4}", year):
        raise ScaffoldError("the form needs the authors and a four-digit year to name the case")
    return f"{surname}-{year}", f"{surname.replace('-', '')}{year}"


def reference_fields(answers: Answers) -> dict[str, str]:
    fields = {name: _text(answers[name]) for name in REFERENCE_ANSWERS if answers.get(name)}
    if "authors" in fields:
        fields["author"] = bibtex_authors(fields.pop("authors"))
    return fields


def _same_article(existing: dict[str, str], submitted: dict[str, str]) -> bool:
    """Same DOI, else same PubMed ID, else the same title once translations in [brackets],
    accents, case and punctuation are set aside."""
    for name in ("doi", "pmid", "title"):
        if existing.get(name) and submitted.get(name):
            return _comparable(existing[name]) == _comparable(submitted[name])
    return False


def _comparable(text: str) -> str:
    text = re.sub(r"\[[^\]]*\]", " ", text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def free_key(root: Path, key: str, fields: dict[str, str]) -> str:
    """The key itself when free or already naming this article; else key + b, c, …"""
    bibliography, _ = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
    for suffix in ["", *"bcdefghijklmnopqrstuvwxyz"]:
        candidate = key + suffix
        if candidate not in bibliography or _same_article(bibliography[candidate].fields, fields):
            return candidate
    raise ScaffoldError(f"too many references named {key}; give the case an id with --id")


def free_case_id(root: Path, case_id: str) -> str:
    """Another patient of the same article gets -b, -c, … (the atlas's naming convention)."""
    for suffix in ["", *(f"-{letter}" for letter in "bcdefghijklmnopqrstuvwxyz")]:
        if not (root / CASES_DIR / f"{case_id}{suffix}.yaml").exists():
            return case_id + suffix
    raise ScaffoldError(f"too many cases named {case_id}; give the case an id with --id")


@dataclass(frozen=True)
class Submission:
    case_path: Path
    key: str
    reference_added: bool


def case_from_issue(root: Path, body: str, case_id: str | None = None) -> Submission:
    answers = parse_body(body, read_form(root))
    default_id, default_key = names_for(answers)
    fields = reference_fields(answers)
    key = free_key(root, default_key, fields)
    case_id = case_id or free_case_id(root, default_id)
    path = root / CASES_DIR / f"{case_id}.yaml"
    write_new_file(path, case_yaml(case_data(answers, case_id, key)))
    # Submitted details are the submitter's: all stay unverified until a maintainer checks them.
    unverified = [*BIB_FIELDS, *(["pmid"] if "pmid" in fields else [])]
    added = add_reference_stub(root, key, fields, unverified)
    return Submission(path, key, added)
