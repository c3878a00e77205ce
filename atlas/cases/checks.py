"""Cross-field and cross-file rules that a schema cannot express.

Each rule is one small function registered with a stable code; its docstring is the
rule as contributors read it in the field reference. Adding a rule is adding one
function here and one bad-input fixture in tests/fixtures/invalid/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from pathlib import Path

from atlas.cases.instruments import INSTRUMENTS
from atlas.cases.load import FieldPath, LoadedFile
from atlas.cases.model import CASE_ID_PATTERN, Case
from atlas.cases.vocabularies import DEATH
from atlas.diagnostics import Diagnostic, error, non_ascii_hint

RESERVED_IDS = {
    "index",
    "con",
    "prn",
    "aux",
    "nul",
    "tags",
    "search",
    "assets",
    "data",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}

Finding = tuple[FieldPath, str]
CASE_ID = re.compile(CASE_ID_PATTERN)


@dataclass(frozen=True)
class CaseContext:
    case: Case
    loaded: LoadedFile
    bibliography: Container[str]  # the keys of references.bib (atlas.sources.bibliography.Bibliography)


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    check: Callable[[CaseContext], Iterator[Finding]]

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip()


CASE_RULES: list[Rule] = []


def rule(code: str, slug: str):
    def register(function: Callable[[CaseContext], Iterator[Finding]]):
        CASE_RULES.append(Rule(code, slug, function))
        return function

    return register


@rule("E201", "id-matches-file-name")
def id_matches_file_name(ctx: CaseContext) -> Iterator[Finding]:
    """The id must equal the file name without `.yaml`, so every case has one stable address."""
    yield from _id_file_name_findings(ctx.case.id, ctx.loaded)


def _id_file_name_findings(case_id: str, loaded: LoadedFile) -> Iterator[Finding]:
    stem = loaded.path.name.removesuffix(".yaml")
    if case_id != stem:
        yield ("id",), f"id '{case_id}' must equal the file name '{stem}'; rename one of them"


def raw_id_problems(loaded: LoadedFile) -> list[Diagnostic]:
    """E201 for a file that fails the format: the comparison needs only its `id` text."""
    case_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
    if not isinstance(case_id, str):
        return []
    return [_finding_error(loaded, "E201", finding) for finding in _id_file_name_findings(case_id, loaded)]


@rule("E203", "id-not-reserved")
def id_not_reserved(ctx: CaseContext) -> Iterator[Finding]:
    """Ids that name site pages or devices (index, search, con, nul, …) are reserved."""
    if ctx.case.id in RESERVED_IDS:
        yield ("id",), f"id '{ctx.case.id}' is reserved; use the first author and year, e.g. smith-2019"


@rule("E204", "source-in-references")
def source_in_references(ctx: CaseContext) -> Iterator[Finding]:
    """`source`, `extracted_from` and every `also_reported_in` key must exist in references.bib."""
    keys: list[tuple[FieldPath, str]] = [(("source",), ctx.case.source)]
    if ctx.case.extracted_from:
        keys.append((("extracted_from",), ctx.case.extracted_from))
    for index, key in enumerate(ctx.case.also_reported_in or []):
        keys.append((("also_reported_in", index), key))
    for path, key in keys:
        if key not in ctx.bibliography:
            yield path, f"'{key}' is not an entry of references.bib; add the reference there first"


@rule("E205", "not-its-own-duplicate")
def not_its_own_duplicate(ctx: CaseContext) -> Iterator[Finding]:
    """`also_reported_in` lists other articles, never the case's own source."""
    for index, key in enumerate(ctx.case.also_reported_in or []):
        if key == ctx.case.source:
            yield ("also_reported_in", index), f"'{key}' is already the source of this case"


@rule("E206", "events-within-follow-up")
def events_within_follow_up(ctx: CaseContext) -> Iterator[Finding]:
    """Recurrence, metastasis and progression cannot happen after the last follow-up."""
    outcome = ctx.case.outcome
    if outcome is None or outcome.follow_up_months is None:
        return
    for name in ("local_recurrence_months", "metastasis_months", "progression_months"):
        months = getattr(outcome, name)
        if months is not None and months > outcome.follow_up_months:
            yield (
                ("outcome", name),
                (
                    f"outcome.{name} ({months:g}) is later than outcome.follow_up_months "
                    f"({outcome.follow_up_months:g})"
                ),
            )


@rule("E207", "death-needs-follow-up")
def death_needs_follow_up(ctx: CaseContext) -> Iterator[Finding]:
    """A patient reported dead (DOD, DOC) needs the months from surgery to death for survival analysis."""
    outcome = ctx.case.outcome
    if outcome and outcome.status in DEATH and outcome.follow_up_months is None:
        yield (
            ("outcome", "status"),
            (f"outcome.status is {outcome.status}; add outcome.follow_up_months (months to death)"),
        )


@rule("E208", "event-months-need-event")
def event_months_need_event(ctx: CaseContext) -> Iterator[Finding]:
    """Months to recurrence or metastasis are only given when that event is reported as true."""
    outcome = ctx.case.outcome
    if outcome is None:
        return
    for flag, months in (
        ("local_recurrence", "local_recurrence_months"),
        ("metastasis", "metastasis_months"),
        ("metastasis", "metastasis_sites"),
    ):
        if getattr(outcome, months) is not None and getattr(outcome, flag) is not True:
            yield ("outcome", months), f"outcome.{months} is given, so outcome.{flag} must be true"


@rule("E209", "kidney-consistent-with-surgery")
def kidney_consistent_with_surgery(ctx: CaseContext) -> Iterator[Finding]:
    """A radical nephrectomy removes the kidney; a local excision preserves it."""
    treatment = ctx.case.treatment
    if treatment is None or treatment.kidney_preserved is None:
        return
    if treatment.surgery == "radical nephrectomy" and treatment.kidney_preserved:
        yield ("treatment", "kidney_preserved"), "kidney_preserved is true after a radical nephrectomy"
    if treatment.surgery == "local excision" and not treatment.kidney_preserved:
        yield ("treatment", "kidney_preserved"), "kidney_preserved is false after a local excision"


@rule("E210", "largest-diameter-consistent")
def largest_diameter_consistent(ctx: CaseContext) -> Iterator[Finding]:
    """largest_diameter_cm is the largest of dimensions_cm when both are given."""
    tumour = ctx.case.tumour
    if not (tumour and tumour.largest_diameter_cm and tumour.dimensions_cm):
        return
    if tumour.largest_diameter_cm != max(tumour.dimensions_cm):
        yield (
            ("tumour", "largest_diameter_cm"),
            (
                f"tumour.largest_diameter_cm ({tumour.largest_diameter_cm:g}) differs from the largest "
                f"of tumour.dimensions_cm ({max(tumour.dimensions_cm):g})"
            ),
        )


@rule("E211", "inferred-fields-exist")
def inferred_fields_exist(ctx: CaseContext) -> Iterator[Finding]:
    """Each path in `inferred` names a field that this case gives a value for."""
    for index, dotted_path in enumerate(ctx.case.inferred or []):
        if not _has_value(ctx.loaded.data, dotted_path.split(".")):
            yield ("inferred", index), (f"inferred lists '{dotted_path}', but this case gives no value there")


@rule("E212", "biopsy-details-need-biopsy")
def biopsy_details_need_biopsy(ctx: CaseContext) -> Iterator[Finding]:
    """A biopsy type or result is only given when the biopsy was performed."""
    biopsy = ctx.case.diagnosis.biopsy if ctx.case.diagnosis else None
    if biopsy and not biopsy.performed and (biopsy.type or biopsy.result):
        yield ("diagnosis", "biopsy", "performed"), "biopsy.performed is false but a type or result is given"


@rule("E214", "appraisal-items-of-the-instrument")
def appraisal_items_of_the_instrument(ctx: CaseContext) -> Iterator[Finding]:
    """An appraisal answers only items of its instrument (Q1 to Q8, as the Methods page lists them)."""
    appraisal = ctx.case.appraisal
    if appraisal is None:
        return
    item_ids = INSTRUMENTS[appraisal.instrument].item_ids
    for item_id in appraisal.answers:
        if item_id not in item_ids:
            message = f"appraisal.answers: '{item_id}' is not an item of the instrument "
            message += f"'{appraisal.instrument}', whose items are {_span(item_ids)}"
            yield ("appraisal", "answers", item_id), message


@rule("E215", "appraisal-answers-every-item")
def appraisal_answers_every_item(ctx: CaseContext) -> Iterator[Finding]:
    """An appraisal answers every item of its instrument: yes, no, unclear or not applicable."""
    appraisal = ctx.case.appraisal
    if appraisal is None:
        return
    missing = [i for i in INSTRUMENTS[appraisal.instrument].item_ids if i not in appraisal.answers]
    if missing:
        listed = ", ".join(missing[:-1]) + f" and {missing[-1]}" if len(missing) > 1 else missing[0]
        message = f"appraisal.answers has no answer for {listed} of the instrument '{appraisal.instrument}'; "
        message += "answer every item with yes, no, unclear or not applicable"
        yield ("appraisal", "answers"), message


def _span(ids: tuple[str, ...]) -> str:
    return f"{ids[0]} to {ids[-1]}" if len(ids) > 2 else " and ".join(ids)


def _has_value(data: object, parts: list[str]) -> bool:
    for part in parts:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def run_case_rules(ctx: CaseContext) -> list[Diagnostic]:
    return [
        _finding_error(ctx.loaded, case_rule.code, finding)
        for case_rule in CASE_RULES
        for finding in case_rule.check(ctx)
    ]


def _finding_error(loaded: LoadedFile, code: str, finding: Finding) -> Diagnostic:
    path, message = finding
    position = loaded.where(path)
    return error(loaded.display, position.line, position.column, code, message)


def file_kind_problems(path: Path, display: str) -> list[Diagnostic]:
    """E213/E230: cases/ holds plain files; a link could publish any file of the machine that builds."""
    if path.is_symlink():
        return [error(display, 1, 1, "E230", f"'{display}' is a symbolic link; add the file itself")]
    if not path.is_file():
        return [error(display, 1, 1, "E213", f"'{path.name}' is not a file; cases/ holds case files only")]
    return []


def symlink_problems(root: Path, folders: tuple[str, ...]) -> list[Diagnostic]:
    """E230: no symbolic link among the inputs, since the build would copy whatever it points to."""
    problems = []
    for name in folders:
        top = root / name
        candidates = [top, *sorted(top.rglob("*"))] if top.is_dir() and not top.is_symlink() else [top]
        for path in candidates:
            if path.is_symlink():
                display = path.relative_to(root).as_posix()
                problems.append(
                    error(display, 1, 1, "E230", f"'{display}' is a symbolic link; add the file itself")
                )
    return problems


def file_name_problems(path: Path, display: str) -> list[Diagnostic]:
    """E213: a case file name is a case id (lowercase ASCII letters, digits, hyphens) followed by `.yaml`."""
    name = path.name
    if not name.endswith(".yaml"):
        return [error(display, 1, 1, "E213", f"'{name}': case files end in .yaml")]
    stem = name.removesuffix(".yaml")
    if not CASE_ID.match(stem):
        return [
            error(
                display,
                1,
                1,
                "E213",
                f"'{name}': file names use lowercase ASCII letters, digits and single hyphens only, "
                f"e.g. smith-2019.yaml{non_ascii_hint(stem)}",
            )
        ]
    return []


def duplicate_id_problems(loaded_by_id: dict[str, list[LoadedFile]]) -> list[Diagnostic]:
    """E202: two files may not claim the same id."""
    problems = []
    for case_id, files in sorted(loaded_by_id.items()):
        if len(files) > 1:
            names = ", ".join(f.display for f in files)
            for loaded in files:
                position = loaded.where(("id",))
                problems.append(
                    error(
                        loaded.display,
                        position.line,
                        position.column,
                        "E202",
                        f"id '{case_id}' is claimed by several files: {names}",
                    )
                )
    return problems
