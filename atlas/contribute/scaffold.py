"""`new-case`: an annotated case file and, for a new article, a references.bib stub.

The file lists every field of the format, commented out, with its meaning and allowed
values taken from the JSON Schema (itself generated from atlas.cases.model), so the template
cannot drift from the format. Only what every case needs is active: id, source, the kind
of source (left empty for the contributor to choose) and the two inclusion criteria;
everything else stays absent (= not reported) until a contributor uncomments it and writes
the article's value.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from atlas.cases.fieldref import FieldDoc, field_docs
from atlas.cases.model import BIB_KEY_PATTERN, CASE_ID_PATTERN
from atlas.paths import BIBLIOGRAPHY_FILE, CASES_DIR
from atlas.sources.bibliography import load_bibliography

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/case.schema.json"
# source_type stays empty: the contributor must choose one (an empty value fails `check`, E009).
ACTIVE_FIELDS = {
    "id",
    "source",
    "source_type",
    "inclusion",
    "inclusion.renal_vein_origin",
    "inclusion.leiomyosarcoma",
}
# What a mapping's example looks like, by field (the default is the immunohistochemistry one).
MAPPING_EXAMPLES = {"appraisal.answers": ("{Q1: 'yes', Q2: unclear}", "answers")}
COMMENT_WIDTH = 100
BIB_FIELDS = ("author", "title", "journal", "year", "volume", "pages", "doi")
_UNSAFE_BIB = re.compile(r"[{}\\@]")


class ScaffoldError(Exception):
    """A request the scaffold refuses, with the reason a contributor can act on."""


@dataclass(frozen=True)
class ScaffoldResult:
    case_path: Path
    reference_added: bool


def plain_environment() -> Environment:
    """Templates for YAML and BibTeX files: no HTML escaping (values are checked before use)."""
    return Environment(
        loader=PackageLoader("atlas.contribute", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def case_id_for_key(key: str) -> str:
    """smith2024 → smith-2024: the case id convention (first author, year) from a citation key."""
    text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<=[a-z])(?=\d{4}\b)", "-", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if not re.match(CASE_ID_PATTERN, text):
        raise ScaffoldError(f"cannot make a case id from '{key}'; give one with --id (e.g. smith-2024)")
    return text


def field_lines(docs: list[FieldDoc], case_id: str, source: str) -> list[str]:
    """Every field as YAML lines: a comment saying what it holds, then the (commented) key."""
    active_values = {"id": case_id, "source": source}
    lines: list[str] = []
    seen_items: set[str] = set()
    for doc in docs:
        indent, key_prefix = _layout(doc.path, seen_items)
        name = doc.path.rsplit(".", 1)[-1]
        if doc.path.count(".") == 0 and lines:
            lines.append("")
        lines.extend(_wrap_comment(_explain(doc), indent))
        if doc.path in ACTIVE_FIELDS:
            value = active_values.get(doc.path, "true" if doc.allowed == "true" else "")
            lines.append(f"{indent}{key_prefix}{name}:{' ' + value if value else ''}")
        else:
            lines.append(f"{indent}# {key_prefix}{name}:")
    return lines


def _layout(path: str, seen_items: set[str]) -> tuple[str, str]:
    """Indentation of a field and, for the first field of a list item, the "- " that opens it."""
    parts = path.split(".")
    depth = len(parts) - 1
    in_items = sum(part.endswith("[]") for part in parts[:-1])
    width = 2 * depth + 2 * in_items
    parent = ".".join(parts[:-1])
    if parent.endswith("[]") and parent not in seen_items:
        seen_items.add(parent)
        return " " * (width - 2), "- "
    return " " * width, ""


def _explain(doc: FieldDoc) -> str:
    what = doc.description.rstrip(".") + "."
    if doc.kind == "section":
        return f"{what} Section."
    if doc.kind.startswith("list of section"):
        return f"{what} A list: one '- ' block per item."
    required = " Required." if doc.required else ""
    return f"{what} {_shape(doc)}{required}"


_BOUND = re.compile(r"[<>≤≥]")


def _shape(doc: FieldDoc) -> str:
    """The value's form in words: its type and, when the schema restricts it, what it may be."""
    allowed = "" if "pattern" in doc.allowed else doc.allowed
    if allowed == "true":
        return "Must be true."
    if doc.kind.startswith("mapping"):
        example, values = MAPPING_EXAMPLES.get(doc.path, ("{SMA: positive}", "results"))
        return f"Mapping, e.g. {example}; {values}: {allowed}."
    if doc.kind.startswith("list of"):
        if _BOUND.search(allowed):
            return f"List of numbers, e.g. [5.5, 4.5], each {allowed}."
        if allowed:
            return f"List, e.g. [{allowed.split(', ')[0]}]; values: {allowed}."
        return "List of text, e.g. [first, second]."
    if _BOUND.search(allowed):
        return f"{doc.kind.capitalize()}, {allowed}."
    if allowed:
        return f"One of: {allowed}."
    return f"{doc.kind.capitalize()}."


def _wrap_comment(text: str, indent: str) -> list[str]:
    prefix = f"{indent}# "
    return textwrap.wrap(text, width=COMMENT_WIDTH, initial_indent=prefix, subsequent_indent=prefix + "  ")


def case_scaffold_text(case_id: str, source: str) -> str:
    lines = field_lines(field_docs(), case_id, source)
    template = plain_environment().get_template("case_scaffold.yaml.j2")
    return template.render(schema_line=SCHEMA_LINE, body="\n".join(lines))


def bib_value(value: str) -> str:
    """A value safe between BibTeX braces: no brace, backslash or @ can end the entry early."""
    return re.sub(r"\s+", " ", _UNSAFE_BIB.sub("", value)).strip()


def reference_stub_text(key: str, fields: dict[str, str], unverified: list[str]) -> str:
    template = plain_environment().get_template("reference_stub.bib.j2")
    order = {name: index for index, name in enumerate(BIB_FIELDS)}
    names = sorted(fields, key=lambda name: (order.get(name, len(order)), name))
    clean = {name: bib_value(fields[name]) for name in names if bib_value(fields[name])}
    return template.render(key=key, fields=clean, unverified=", ".join(unverified))


def missing_bib_fields(fields: dict[str, str]) -> list[str]:
    return [name for name in BIB_FIELDS if not bib_value(fields.get(name, ""))]


def add_reference_stub(root: Path, key: str, fields: dict[str, str], unverified: list[str]) -> bool:
    """Append an entry for key to references.bib unless it is there already; True when added."""
    path = root / BIBLIOGRAPHY_FILE
    bibliography, _ = load_bibliography(path, BIBLIOGRAPHY_FILE)
    if key in bibliography:
        return False
    existing = path.read_text(encoding="utf-8").rstrip("\n") if path.exists() else ""
    separator = "\n\n" if existing else ""
    path.write_text(existing + separator + reference_stub_text(key, fields, unverified), encoding="utf-8")
    return True


def write_new_file(path: Path, text: str) -> None:
    """Create path with text; never replace a file a contributor may have filled."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise ScaffoldError(f"{path.name} exists already; it was not changed") from exc


def new_case(
    root: Path, source: str, case_id: str | None = None, reference: dict[str, str] | None = None
) -> ScaffoldResult:
    if not re.match(BIB_KEY_PATTERN, source):
        raise ScaffoldError(f"'{source}' is not a citation key: use letters and digits, e.g. smith2024")
    case_id = case_id or case_id_for_key(source)
    if not re.match(CASE_ID_PATTERN, case_id):
        raise ScaffoldError(f"'{case_id}' is not a case id: lowercase letters, digits and hyphens")
    path = root / CASES_DIR / f"{case_id}.yaml"
    if path.exists():
        raise ScaffoldError(
            f"{CASES_DIR}/{path.name} exists already and was not changed; for another patient of the "
            f"same article use --id {case_id}-b"
        )
    write_new_file(path, case_scaffold_text(case_id, source))
    fields = reference or {}
    added = add_reference_stub(root, source, fields, missing_bib_fields(fields))
    return ScaffoldResult(path, added)
