"""Each bad case file of tests/fixtures/invalid/ breaks exactly the rule its name begins with.

A fixture is named <CODE>-<file name>.yaml and is checked as the case file <file name>.yaml (the
id is compared with that name), against the keys of a references.bib held in memory: no
references.bib is parsed and no site is built. Rules that need more than one case file are shown
by tests/support/rule_fixtures.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.diagnostics import Diagnostic
from atlas.inputs import load_case_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "invalid"
REFERENCE_KEYS = frozenset({"baheen2022"})  # what the fixtures cite, as if read from references.bib

EXPECTED = {
    "E001-not-utf8": [
        "not-utf8.yaml:3:11: E001 byte 0xe9 is not UTF-8; save the file as UTF-8",
    ],
    "E003-syntax-error": [
        "syntax-error.yaml:5:1: E003 YAML syntax error: did not find expected ',' or ']'",
    ],
    "E003-tab-indent": [
        "tab-indent.yaml:5:1: E003 YAML syntax error: found character that cannot start any token; indent with spaces, never tabs",
    ],
    "E004-alias": [
        "alias.yaml:6:9: E004 YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
    ],
    "E005-custom-tag": [
        "custom-tag.yaml:4:8: E005 YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",
    ],
    "E006-duplicate-key": [
        "duplicate-key.yaml:6:3: E006 field 'sex' appears twice; keep one",
    ],
    "E007-merge-key": [
        "merge-key.yaml:5:3: E007 merge keys (<<) are not allowed; write the fields out in full",
    ],
    "E008-empty": [
        "empty.yaml:1:1: E008 file is empty; a case is a mapping of fields",
    ],
    "E008-top-level-list": [
        "top-level-list.yaml:1:1: E008 the top level must be a mapping of fields (key: value), not a list or a single value",
    ],
    "E009-null-value": [
        "null-value.yaml:5:7: E009 patient.sex is empty; leave a field out when the article does not report it",
    ],
    "E010-deep-nesting": [
        "deep-nesting.yaml:4:1: E010 values are nested more than 12 levels deep",
    ],
    "E011-nan-number": [
        "nan-number.yaml:5:24: E011 '.nan' is not a finite number",
    ],
    "E012-field-name-not-text": [
        "field-name-not-text.yaml:6:3: E012 field names must be plain text (got '61'); check the indentation",
    ],
    "E013-octal-age": [
        "octal-age.yaml:6:14: E013 '061' is not a plain decimal number; write digits only (YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
    ],
    "E014-invisible-character": [
        "invisible-character.yaml:5:8: E014 the text holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); delete it",
    ],
    "E101-unknown-field": [
        "unknown-field.yaml:5:3: E101 unknown field 'age' in patient; did you mean 'age_years'?",
    ],
    "E102-missing-inclusion": [
        "missing-inclusion.yaml:1:1: E102 inclusion is required",
    ],
    "E103-date-for-number": [
        "date-for-number.yaml:5:21: E103 outcome.follow_up_months must be a number (got '2019-12-01'); a date is not a number of months",
    ],
    "E103-norway": [
        "norway.yaml:5:12: E103 patient.country must be text (got false); YAML reads yes/no/on/off as true/false, so put text in quotes",
    ],
    "E103-unit-in-text": [
        "unit-in-text.yaml:5:24: E103 tumour.largest_diameter_cm must be a number (got '5 cm'); write the number alone, the unit is in the field name",
    ],
    "E103-wrong-type": [
        "wrong-type.yaml:5:14: E103 patient.age_years must be a whole number (got 'sixty')",
    ],
    "E104-appraisal-answer-out-of-vocabulary": [
        "appraisal-answer-out-of-vocabulary.yaml:10:9: E104 appraisal.answers.Q3 must be one of 'yes', 'no', "
        "'unclear' or 'not applicable' (got 'partly')",
    ],
    "E104-appraisal-unquoted-yes": [
        "appraisal-unquoted-yes.yaml:7:17: E104 appraisal.answers.Q1 must be one of 'yes', 'no', 'unclear' or "
        "'not applicable' (got true); YAML reads yes/no/on/off as true/false, so put text in quotes",
    ],
    "E104-not-inclusion": [
        "not-inclusion.yaml:3:32: E104 inclusion.renal_vein_origin must be true: only patients meeting it belong in the atlas (got false)",
    ],
    "E104-out-of-vocabulary": [
        "out-of-vocabulary.yaml:5:11: E104 outcome.status must be one of 'NED', 'AWD', 'DOD' or 'DOC' (got 'alive')",
    ],
    "E105-implausible-age": [
        "implausible-age.yaml:5:14: E105 patient.age_years must be at most 110 (got 140)",
    ],
    "E106-key-with-space": [
        "key-with-space.yaml:2:9: E106 source must be a references.bib key (ASCII letters, digits, _:.-), e.g. smith2019 (got 'smith 2019')",
    ],
    "E107-empty-list": [
        "empty-list.yaml:6:18: E107 tumour.dimensions_cm: list should have at least 1 item after validation, not 0",
    ],
    "E201-id-mismatch": [
        "id-mismatch.yaml:1:5: E201 id 'other-name' must equal the file name 'id-mismatch'; rename one of them",
    ],
    "E203-index": [
        "index.yaml:1:5: E203 id 'index' is reserved; use the first author and year, e.g. smith-2019",
    ],
    "E204-unknown-source": [
        "unknown-source.yaml:2:9: E204 'smith2019' is not an entry of references.bib; add the reference there first",
    ],
    "E205-self-duplicate": [
        "self-duplicate.yaml:4:20: E205 'baheen2022' is already the source of this case",
    ],
    "E206-recurrence-after-follow-up": [
        "recurrence-after-follow-up.yaml:7:28: E206 outcome.local_recurrence_months (30) is later than outcome.follow_up_months (12)",
    ],
    "E207-death-without-follow-up": [
        "death-without-follow-up.yaml:5:11: E207 outcome.status is DOD; add outcome.follow_up_months (months to death)",
    ],
    "E208-months-without-event": [
        "months-without-event.yaml:6:22: E208 outcome.metastasis_months is given, so outcome.metastasis must be true",
    ],
    "E209-kidney-contradiction": [
        "kidney-contradiction.yaml:6:21: E209 kidney_preserved is true after a radical nephrectomy",
    ],
    "E210-diameter-mismatch": [
        "diameter-mismatch.yaml:5:24: E210 tumour.largest_diameter_cm (4) differs from the largest of tumour.dimensions_cm (5.5)",
    ],
    "E211-inferred-missing": [
        "inferred-missing.yaml:4:12: E211 inferred lists 'patient.sex', but this case gives no value there",
    ],
    "E212-biopsy-contradiction": [
        "biopsy-contradiction.yaml:6:16: E212 biopsy.performed is false but a type or result is given",
    ],
    "E214-appraisal-unknown-item": [
        "appraisal-unknown-item.yaml:7:133: E214 appraisal.answers: 'Q9' is not an item of the instrument "
        "'Murad 2018', whose items are Q1 to Q8",
    ],
    "E215-appraisal-missing-item": [
        "appraisal-missing-item.yaml:8:5: E215 appraisal.answers has no answer for Q7 and Q8 of the instrument "
        "'JBI case report'; answer every item with yes, no, unclear or not applicable",
    ],
    "E215-appraisal-without-answers": [
        "appraisal-without-answers.yaml:6:3: E215 appraisal has no answers; answer every item with yes, no, "
        "unclear or not applicable, or say in appraisal.not_appraised why the article could not be appraised",
    ],
    "E214-appraisal-note-unknown-item": [
        "appraisal-note-unknown-item.yaml:9:9: E214 appraisal.item_notes: 'Q9' is not an item of the "
        "instrument 'JBI case report', whose items are Q1 to Q8",
    ],
    "E216-appraisal-answers-and-reason": [
        "appraisal-answers-and-reason.yaml:7:12: E216 appraisal gives both answers and not_appraised; keep "
        "answers if the article was appraised, else keep not_appraised (why it could not be)",
    ],
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_case_reports_exact_messages(name: str, tmp_path: Path) -> None:
    assert [p.format() for p in case_file_problems(name, tmp_path)] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_breaks_exactly_the_rule_it_is_named_after(name: str) -> None:
    code = name.split("-", 1)[0]
    assert {message.split(" ")[1] for message in EXPECTED[name]} == {code}


def case_file_problems(name: str, folder: Path) -> list[Diagnostic]:
    """The fixture checked as the case file its name gives (E203-index.yaml as index.yaml)."""
    path = folder / (name.split("-", 1)[1] + ".yaml")
    shutil.copyfile(FIXTURES / f"{name}.yaml", path)
    _, problems, _ = load_case_file(path, path.name, REFERENCE_KEYS)
    return problems
