"""Cross-field and cross-file rules that a schema cannot express.

Each rule of one case is a small function registered against its code; the code's entry in the
catalogue (atlas/rules.py) says the rule as contributors read it on the Case format page. Adding
a rule is declaring its code there, adding one function here and one bad-input fixture,
tests/fixtures/invalid/<CODE>-<file name>.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path

from atlas.cases.instruments import INSTRUMENTS
from atlas.cases.load import FieldPath, LoadedFile
from atlas.cases.model import CASE_ID_PATTERN, Case
from atlas.cases.vocabularies import DEATH
from atlas.diagnostics import Diagnostic, non_ascii_hint
from atlas.rules import Checks, Rule, rule

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


CASE_CHECKS: Checks[CaseContext, FieldPath] = Checks()


@CASE_CHECKS.rule("E201")
def id_matches_file_name(ctx: CaseContext) -> Iterator[Finding]:
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
    findings = _id_file_name_findings(case_id, loaded)
    return [_finding_error(loaded, rule("E201"), finding) for finding in findings]


@CASE_CHECKS.rule("E203")
def id_not_reserved(ctx: CaseContext) -> Iterator[Finding]:
    if ctx.case.id in RESERVED_IDS:
        yield ("id",), f"id '{ctx.case.id}' is reserved; use the first author and year, e.g. smith-2019"


@CASE_CHECKS.rule("E204")
def source_in_references(ctx: CaseContext) -> Iterator[Finding]:
    keys: list[tuple[FieldPath, str]] = [(("source",), ctx.case.source)]
    if ctx.case.extracted_from:
        keys.append((("extracted_from",), ctx.case.extracted_from))
    for index, key in enumerate(ctx.case.also_reported_in or []):
        keys.append((("also_reported_in", index), key))
    for path, key in keys:
        if key not in ctx.bibliography:
            yield path, f"'{key}' is not an entry of references.bib; add the reference there first"


@CASE_CHECKS.rule("E205")
def not_its_own_duplicate(ctx: CaseContext) -> Iterator[Finding]:
    for index, key in enumerate(ctx.case.also_reported_in or []):
        if key == ctx.case.source:
            yield ("also_reported_in", index), f"'{key}' is already the source of this case"


@CASE_CHECKS.rule("E206")
def events_within_follow_up(ctx: CaseContext) -> Iterator[Finding]:
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


@CASE_CHECKS.rule("E207")
def death_needs_follow_up(ctx: CaseContext) -> Iterator[Finding]:
    outcome = ctx.case.outcome
    if outcome and outcome.status in DEATH and outcome.follow_up_months is None:
        yield (
            ("outcome", "status"),
            (f"outcome.status is {outcome.status}; add outcome.follow_up_months (months to death)"),
        )


@CASE_CHECKS.rule("E208")
def event_months_need_event(ctx: CaseContext) -> Iterator[Finding]:
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


@CASE_CHECKS.rule("E209")
def kidney_consistent_with_surgery(ctx: CaseContext) -> Iterator[Finding]:
    treatment = ctx.case.treatment
    if treatment is None or treatment.kidney_preserved is None:
        return
    if treatment.surgery == "radical nephrectomy" and treatment.kidney_preserved:
        yield ("treatment", "kidney_preserved"), "kidney_preserved is true after a radical nephrectomy"
    if treatment.surgery == "local excision" and not treatment.kidney_preserved:
        yield ("treatment", "kidney_preserved"), "kidney_preserved is false after a local excision"


@CASE_CHECKS.rule("E210")
def largest_diameter_consistent(ctx: CaseContext) -> Iterator[Finding]:
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


@CASE_CHECKS.rule("E211")
def inferred_fields_exist(ctx: CaseContext) -> Iterator[Finding]:
    for index, dotted_path in enumerate(ctx.case.inferred or []):
        if not _has_value(ctx.loaded.data, dotted_path.split(".")):
            yield ("inferred", index), (f"inferred lists '{dotted_path}', but this case gives no value there")


@CASE_CHECKS.rule("E212")
def biopsy_details_need_biopsy(ctx: CaseContext) -> Iterator[Finding]:
    biopsy = ctx.case.diagnosis.biopsy if ctx.case.diagnosis else None
    if biopsy and not biopsy.performed and (biopsy.type or biopsy.result):
        yield ("diagnosis", "biopsy", "performed"), "biopsy.performed is false but a type or result is given"


@CASE_CHECKS.rule("E214")
def appraisal_items_of_the_instrument(ctx: CaseContext) -> Iterator[Finding]:
    appraisal = ctx.case.appraisal
    if appraisal is None:
        return
    item_ids = INSTRUMENTS[appraisal.instrument].item_ids
    for name in ("answers", "item_notes"):
        for item_id in getattr(appraisal, name) or {}:
            if item_id not in item_ids:
                message = f"appraisal.{name}: '{item_id}' is not an item of the instrument "
                message += f"'{appraisal.instrument}', whose items are {_span(item_ids)}"
                yield ("appraisal", name, item_id), message


@CASE_CHECKS.rule("E215")
def appraisal_answers_every_item(ctx: CaseContext) -> Iterator[Finding]:
    appraisal = ctx.case.appraisal
    if appraisal is None or appraisal.not_appraised is not None:
        return
    if appraisal.answers is None:
        message = "appraisal has no answers; answer every item with yes, no, unclear or not applicable, "
        message += "or say in appraisal.not_appraised why the article could not be appraised"
        yield ("appraisal",), message
        return
    missing = [i for i in INSTRUMENTS[appraisal.instrument].item_ids if i not in appraisal.answers]
    if missing:
        listed = ", ".join(missing[:-1]) + f" and {missing[-1]}" if len(missing) > 1 else missing[0]
        message = f"appraisal.answers has no answer for {listed} of the instrument '{appraisal.instrument}'; "
        message += "answer every item with yes, no, unclear or not applicable"
        yield ("appraisal", "answers"), message


@CASE_CHECKS.rule("E216")
def answers_or_reason_not_appraised(ctx: CaseContext) -> Iterator[Finding]:
    appraisal = ctx.case.appraisal
    if appraisal is None or appraisal.not_appraised is None:
        return
    for name in ("answers", "item_notes"):
        if getattr(appraisal, name) is not None:
            message = f"appraisal gives both {name} and not_appraised; keep {name} if the article was "
            message += "appraised, else keep not_appraised (why it could not be)"
            yield ("appraisal", name), message


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
        _finding_error(ctx.loaded, declared, (path, message))
        for declared, path, message in CASE_CHECKS.findings(ctx)
    ]


def _finding_error(loaded: LoadedFile, declared: Rule, finding: Finding) -> Diagnostic:
    path, message = finding
    position = loaded.where(path)
    return declared.at(loaded.display, position.line, position.column, message)


def file_kind_problems(path: Path, display: str) -> list[Diagnostic]:
    """E213/E230: cases/ holds plain files; a link could publish any file of the machine that builds."""
    if path.is_symlink():
        return [_symlink_problem(display)]
    if not path.is_file():
        return [rule("E213").at(display, 1, 1, f"'{path.name}' is not a file; cases/ holds case files only")]
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
                problems.append(_symlink_problem(display))
    return problems


def _symlink_problem(display: str) -> Diagnostic:
    return rule("E230").at(display, 1, 1, f"'{display}' is a symbolic link; add the file itself")


def file_name_problems(path: Path, display: str) -> list[Diagnostic]:
    """E213: a case file name is a case id (lowercase ASCII letters, digits, hyphens) followed by `.yaml`."""
    name = path.name
    if not name.endswith(".yaml"):
        return [rule("E213").at(display, 1, 1, f"'{name}': case files end in .yaml")]
    stem = name.removesuffix(".yaml")
    if not CASE_ID.match(stem):
        message = "file names use lowercase ASCII letters, digits and single hyphens only, "
        message += "e.g. smith-2019.yaml"
        return [rule("E213").at(display, 1, 1, f"'{name}': {message}{non_ascii_hint(stem)}")]
    return []


def duplicate_id_problems(loaded_by_id: dict[str, list[LoadedFile]]) -> list[Diagnostic]:
    """E202: two files may not claim the same id."""
    problems = []
    for case_id, files in sorted(loaded_by_id.items()):
        if len(files) > 1:
            names = ", ".join(f.display for f in files)
            for loaded in files:
                position = loaded.where(("id",))
                message = f"id '{case_id}' is claimed by several files: {names}"
                problems.append(rule("E202").at(loaded.display, position.line, position.column, message))
    return problems
