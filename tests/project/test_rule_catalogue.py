"""The catalogue of diagnostic codes (atlas/rules.py) is complete, and every code in it is real.

A code is emitted through `rule(code)`; this test fails on a code that is emitted but not
declared, declared but never emitted, declared twice, emitted from two modules (two meanings, as
E601 once was: a reference key in literature/ and a broken CITATION.cff), or without a fixture
that triggers it and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.cases.checks import CASE_CHECKS
from atlas.cases.load import MAX_FILE_BYTES
from atlas.cases.yaml_scalars import MAX_DEPTH, MAX_DIGITS
from atlas.diagnostics import Severity
from atlas.rules import CATALOGUE, RULES, Rule, Scope, catalogue, rule
from atlas.sources.bibliography import ENTRY_CHECKS, FIRST_YEAR
from atlas.sources.literature import LEAD_CHECKS
from tests.cases.test_rules import EXPECTED as CASE_FILE_FIXTURES
from tests.support.rule_fixtures import FIXTURES, RuleFixture

PACKAGE = Path(__file__).resolve().parents[2] / "atlas"
CATALOGUE_FILE = PACKAGE / "rules.py"
QUOTED_CODE = re.compile(r"""["']([EW]\d{3})["']""")
# Modules that reword a code's message for contributors (in the submission form's words) without
# emitting it: their codes must be declared, but they are not a second place that raises them.
EXPLAINERS = {"atlas/contribute/form_messages.py"}


def codes_by_module() -> dict[str, set[str]]:
    """Every quoted code in the source of atlas/ but the catalogue, by the module that holds it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != CATALOGUE_FILE:
            codes = set(QUOTED_CODE.findall(path.read_text(encoding="utf-8")))
            if codes:
                found[path.relative_to(PACKAGE.parent).as_posix()] = codes
    return found


def test_every_code_emitted_is_declared() -> None:
    emitted = set().union(*codes_by_module().values())
    assert sorted(emitted - set(CATALOGUE)) == []


def test_every_code_declared_is_emitted_by_exactly_one_module() -> None:
    """One module per code: a code raised in two places of the package has drifted to two meanings."""
    modules: dict[str, list[str]] = {code: [] for code in CATALOGUE}
    for module, codes in codes_by_module().items():
        for code in codes if module not in EXPLAINERS else ():
            modules[code].append(module)
    assert {code: found for code, found in modules.items() if len(found) != 1} == {}


def test_each_code_is_declared_once_in_the_catalogue_source() -> None:
    text = CATALOGUE_FILE.read_text(encoding="utf-8")
    declared = re.findall(r"""Rule\("([EW]\d{3})\"""", text)
    assert len(declared) == len(set(declared)) == len(RULES) == len(CATALOGUE)


def test_the_catalogue_refuses_a_second_declaration_and_a_wrong_severity() -> None:
    entry = rule("E207")
    with pytest.raises(ValueError, match="E207 is declared twice"):
        catalogue([entry, Rule("E207", Severity.ERROR, Scope.CASE, "Another meaning.", "Do something.")])
    with pytest.raises(ValueError, match="W999 is a error: E codes are errors, W codes warnings"):
        catalogue([Rule("W999", Severity.ERROR, Scope.CASE, "A rule.", "Do something.")])
    with pytest.raises(ValueError, match="'E12' is not a code like E123 or W123"):
        catalogue([Rule("E12", Severity.ERROR, Scope.CASE, "A rule.", "Do something.")])


def test_an_undeclared_code_cannot_be_emitted() -> None:
    with pytest.raises(KeyError, match="E999 is not declared in atlas/rules.py"):
        rule("E999")


def test_no_diagnostic_is_made_but_through_the_catalogue() -> None:
    makers = sorted(
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\bDiagnostic\(", path.read_text(encoding="utf-8"))
    )
    assert makers == ["atlas/rules.py"]


def test_rules_speak_in_one_line_each_with_what_to_do() -> None:
    for entry in RULES:
        for text in (entry.text, entry.fix):
            assert text.strip() == text and "\n" not in text and text.endswith("."), (entry.code, text)
    texts = [entry.text for entry in RULES]
    assert len(set(texts)) == len(texts), "two codes state the same rule"


def test_the_rules_state_the_limits_the_code_applies() -> None:
    assert f"at most {MAX_FILE_BYTES // 1024} KiB" in rule("E002").text
    assert f"at most {MAX_DEPTH} levels deep" in rule("E010").text
    assert f"at most {MAX_DIGITS} digits" in rule("E013").text
    assert f"from {FIRST_YEAR} to next year" in rule("E306").text


def test_each_registered_check_has_a_code_of_its_own() -> None:
    registered = CASE_CHECKS.codes + ENTRY_CHECKS.codes + LEAD_CHECKS.codes
    assert len(registered) == len(set(registered))
    assert {rule(code).scope for code in CASE_CHECKS.codes} == {Scope.CASE}
    assert {rule(code).scope for code in ENTRY_CHECKS.codes} == {Scope.REFERENCES}
    assert {rule(code).scope for code in LEAD_CHECKS.codes} == {Scope.LITERATURE}


def test_every_code_has_a_fixture() -> None:
    names = [*CASE_FILE_FIXTURES, *(fixture.name for fixture in FIXTURES)]
    assert len(names) == len(set(names))
    assert sorted({name.split("-", 1)[0] for name in names}) == sorted(CATALOGUE)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[fixture.name for fixture in FIXTURES])
def test_each_fixture_triggers_exactly_its_code(fixture: RuleFixture, tmp_path: Path) -> None:
    assert [problem.format() for problem in fixture.problems(tmp_path)] == fixture.expected
    assert {message.split(" ")[1] for message in fixture.expected} == {fixture.code}
