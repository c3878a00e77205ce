"""Hostile and accidental input: every item fails with its exact `path:line:col: CODE message`, or loads.

Case files and references come from strangers by pull request. Items already covered by
tests/fixtures/invalid (see test_rules.py) are not repeated here: a simple alias,
`!!python/object/apply`, duplicate and merge keys, tab indentation, an empty file, a top-level
list, flow nesting, `.nan`, a date where a number belongs, `no` where text belongs, bytes that
are not UTF-8, a reserved id. Fixture files live in tests/fixtures/adversarial/; inputs that
cannot sensibly be committed (10 MB, invisible characters) are generated here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from atlas.cases.load import MAX_FILE_BYTES
from atlas.inputs import load_case_file
from atlas.site.build import check
from atlas.sources.bibliography import Bibliography, load_bibliography
from tests.conftest import ROOT, copy_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "adversarial"
HEADER = "source: baheen2022\nsource_type: case report\ninclusion: {renal_vein_origin: true, leiomyosarcoma: true}\n"
REAL_CASE = ROOT / "cases" / "baheen-2022.yaml"

CASE_FILES = {
    "billion-laughs": [
        "billion-laughs.yaml:5:8: E004 YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
    ],
    "binary-tag": [
        "binary-tag.yaml:4:8: E005 YAML tags such as 'tag:yaml.org,2002:binary' are not allowed",
    ],
    "comment-only": [
        "comment-only.yaml:1:1: E008 file is empty; a case is a mapping of fields",
    ],
    "complex-key": [
        "complex-key.yaml:4:3: E012 field names must be plain text (got a list or mapping); check the indentation",
    ],
    "deep-block-nesting": [
        "deep-block-nesting.yaml:17:14: E010 values are nested more than 12 levels deep",
        "deep-block-nesting.yaml:5:2: E103 notes must be text (got a mapping)",
    ],
    "document-marker-only": [
        "document-marker-only.yaml:1:1: E008 file is empty; a case is a mapping of fields",
    ],
    "escaped-bidi-override": [
        "escaped-bidi-override.yaml:4:8: E014 the text holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); delete it",
    ],
    "escaped-control-character": [
        "escaped-control-character.yaml:4:8: E014 the text holds the invisible character U+0000 (control character); delete it",
    ],
    "hex-number": [
        "hex-number.yaml:5:18: E013 '0x1F4' is not a plain decimal number; write digits only (YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
    ],
    "huge-integer": [
        "huge-integer.yaml:5:14: E013 a number of 30 digits is far beyond any value a case holds",
    ],
    "id-dot-dot": [
        "id-dot-dot.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got '../../etc/passwd')",
        "id-dot-dot.yaml:1:5: E201 id '../../etc/passwd' must equal the file name 'id-dot-dot'; rename one of them",
    ],
    "id-fullwidth": [
        "id-fullwidth.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got 'ｓmith-2019'); it contains 'ｓ' (U+FF53 FULLWIDTH LATIN SMALL LETTER S): type it again in plain ASCII",
        "id-fullwidth.yaml:1:5: E201 id 'ｓmith-2019' must equal the file name 'id-fullwidth'; rename one of them",
    ],
    "id-lookalike": [
        "id-lookalike.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got 'bаheen-2022'); it contains 'а' (U+0430 CYRILLIC SMALL LETTER A): type it again in plain ASCII",
        "id-lookalike.yaml:1:5: E201 id 'bаheen-2022' must equal the file name 'id-lookalike'; rename one of them",
    ],
    "id-slash": [
        "id-slash.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got 'cases/smith-2019')",
        "id-slash.yaml:1:5: E201 id 'cases/smith-2019' must equal the file name 'id-slash'; rename one of them",
    ],
    "id-space": [
        "id-space.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got 'smith 2019')",
        "id-space.yaml:1:5: E201 id 'smith 2019' must equal the file name 'id-space'; rename one of them",
    ],
    "id-too-long": [
        "id-too-long.yaml:1:5: E106 id: string should have at most 60 characters",
        "id-too-long.yaml:1:5: E201 id 'smith-2019-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must equal the file name 'id-too-long'; rename one of them",
    ],
    "id-uppercase": [
        "id-uppercase.yaml:1:5: E106 id must be lowercase ASCII letters, digits and single hyphens, e.g. smith-2019 (got 'Smith-2019')",
        "id-uppercase.yaml:1:5: E201 id 'Smith-2019' must equal the file name 'id-uppercase'; rename one of them",
    ],
    "inferred-path-traversal": [
        "inferred-path-traversal.yaml:4:12: E106 inferred[0] must be a dotted field path such as patient.sex (got '../../etc/passwd')",
    ],
    "infinity": [
        "infinity.yaml:5:24: E011 '.inf' is not a finite number",
    ],
    "local-tag": [
        "local-tag.yaml:4:10: E005 YAML tags such as '!patient' are not allowed",
    ],
    "negative-infinity": [
        "negative-infinity.yaml:5:21: E011 '-.Inf' is not a finite number",
    ],
    "norway-in-list": [
        "norway-in-list.yaml:5:29: E103 patient.comorbidities[1] must be text (got true); YAML reads yes/no/on/off as true/false, so put text in quotes",
    ],
    "norway-in-vocabulary": [
        "norway-in-vocabulary.yaml:5:8: E104 patient.sex must be one of 'female' or 'male' (got false); YAML reads yes/no/on/off as true/false, so put text in quotes",
    ],
    "numeric-key": [
        "numeric-key.yaml:5:3: E012 field names must be plain text (got '61'); check the indentation",
    ],
    "octal-age": [
        "octal-age.yaml:5:14: E013 '061' is not a plain decimal number; write digits only (YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
    ],
    "python-name-tag": [
        "python-name-tag.yaml:4:8: E005 YAML tags such as 'tag:yaml.org,2002:python/name:os.system' are not allowed",
    ],
    "set-tag": [
        "set-tag.yaml:5:18: E005 YAML tags such as 'tag:yaml.org,2002:set' are not allowed",
    ],
    "sexagesimal-months": [
        "sexagesimal-months.yaml:5:20: E013 '1:30' is not a plain decimal number; write digits only (YAML reads a leading 0 as octal and 1:30 as 90), or quote it if it is text",
    ],
    "source-injection": [
        "source-injection.yaml:2:9: E106 source must be a references.bib key (ASCII letters, digits, _:.-), e.g. smith2019 (got 'baheen2022\"><script>alert(1)</script>')",
    ],
    "source-lookalike": [
        "source-lookalike.yaml:2:9: E106 source must be a references.bib key (ASCII letters, digits, _:.-), e.g. smith2019 (got 'bаheen2022'); it contains 'а' (U+0430 CYRILLIC SMALL LETTER A): type it again in plain ASCII",
    ],
    "text-too-long": [
        "text-too-long.yaml:5:12: E106 patient.country: string should have at most 200 characters",
    ],
    "top-level-scalar": [
        "top-level-scalar.yaml:1:1: E008 the top level must be a mapping of fields (key: value), not a list or a single value",
    ],
    "two-documents": [
        "two-documents.yaml:4:1: E003 YAML syntax error: but found another document; a case file holds one case, so remove the second '---'",
    ],
}

GENERATED: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "ten-megabytes": (
        lambda: b"id: ten-megabytes\nnotes: " + b"x" * (10 * 1024 * 1024) + b"\n",
        ["ten-megabytes.yaml:1:1: E002 file is 10240 KiB; a case file may be at most 256 KiB"],
    ),
    "utf-16": (
        lambda: ("id: utf-16\n" + HEADER).encode("utf-16"),
        ["utf-16.yaml:1:1: E001 byte 0xff is not UTF-8; save the file as UTF-8"],
    ),
    "five-thousand-digits": (
        lambda: ("id: five-thousand-digits\n" + HEADER + "patient:\n  age_years: " + "9" * 5000).encode(),
        ["five-thousand-digits.yaml:6:14: E013 a number of 5000 digits is far beyond any value a case holds"],
    ),
    "flow-nesting-100000": (
        lambda: ("id: flow-nesting-100000\n" + HEADER + "notes: " + "[" * 100_000 + "]" * 100_000).encode(),
        ["flow-nesting-100000.yaml:5:1: E010 values are nested more than 12 levels deep"],
    ),
    "trojan-source-comment": (
        lambda: (
            "id: trojan-source-comment\n" + HEADER + "# \u202e}; status: DOD {\u2066\nnotes: fine\n"
        ).encode(),
        [
            "trojan-source-comment.yaml:5:3: E014 the text holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE); delete it"
        ],
    ),
    "raw-nul": (
        lambda: ("id: raw-nul\n" + HEADER + "notes: caf\x00e\n").encode(),
        [
            "raw-nul.yaml:5:11: E014 the text holds the invisible character U+0000 (control character); delete it"
        ],
    ),
    "next-line-character": (
        lambda: ("id: next-line-character\n" + HEADER + "notes: one\x85two\n").encode(),
        [
            "next-line-character.yaml:5:11: E014 the text holds the invisible character U+0085 (control character); delete it"
        ],
    ),
    "second-byte-order-mark": (
        lambda: ("\ufeff\ufeffid: second-byte-order-mark\n" + HEADER).encode(),
        [
            "second-byte-order-mark.yaml:1:1: E014 the text holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE); delete it"
        ],
    ),
}

BIB_FILES = {
    "doi-attribute-breakout": [
        "doi-attribute-breakout.bib:3:1: E304 doi of 'breakout2020' must be a bare DOI such as 10.1515/raon-2016-0051 (got '10.1000/x\" onmouseover=\"alert(1)')",
    ],
    "doi-is-url": [
        "doi-is-url.bib:3:1: E304 doi of 'doiurl2020' must be a bare DOI such as 10.1515/raon-2016-0051 (got 'https://evil.example/10.1000/xyz')",
    ],
    "doi-javascript": [
        "doi-javascript.bib:3:1: E304 doi of 'jsdoi2020' must be a bare DOI such as 10.1515/raon-2016-0051 (got 'javascript:alert(1)')",
    ],
    "doi-with-resolver": [
        "doi-with-resolver.bib:3:1: E304 doi of 'resolver2020' must be a bare DOI such as 10.1515/raon-2016-0051 (got 'https://doi.org/10.1000/xyz')",
    ],
    "duplicate-field": [
        "duplicate-field.bib:1:1: E301 entry 'twice2020' gives the field author twice; keep one",
    ],
    "duplicate-key": [
        "duplicate-key.bib:7:1: E302 entry key 'good2020' is used twice",
    ],
    "empty-key": [
        "empty-key.bib:1:1: E308 entry key '' must start with a letter and hold only ASCII letters, digits and _:.-, e.g. smith2019",
    ],
    "key-lookalike": [
        "key-lookalike.bib:1:1: E308 entry key 'bаheen2022' must start with a letter and hold only ASCII letters, digits and _:.-, e.g. smith2019; it contains 'а' (U+0430 CYRILLIC SMALL LETTER A): type it again in plain ASCII",
    ],
    "key-markup": [
        "key-markup.bib:1:1: E301 this entry cannot be parsed as BibTeX; check its braces and commas",
    ],
    "latex-href": [
        "latex-href.bib:1:1: E301 entry 'href2020' holds LaTeX that cannot be read as text; write its fields as plain text",
    ],
    "latex-inert": [],
    "latex-input": [
        "latex-input.bib:3:1: E310 title of 'input2020' is empty once its LaTeX commands are read; write it as plain text",
    ],
    "no-author-no-title": [
        "no-author-no-title.bib:1:1: E303 entry 'anonymous2020' needs at least an author or a title (or a journal and a url)",
    ],
    "not-bibtex": [
        "not-bibtex.bib:1:1: E301 text outside any entry (comments are lines starting with %); if it belongs to the entry above, a closing brace ended that entry too early",
    ],
    "pmid-is-url": [
        "pmid-is-url.bib:3:1: E307 pmid of 'pmidurl2020' must be digits only (got 'https://pubmed.ncbi.nlm.nih.gov/12345678/')",
    ],
    "stray-closing-brace": [
        "stray-closing-brace.bib:3:1: E301 text outside any entry (comments are lines starting with %); if it belongs to the entry above, a closing brace ended that entry too early",
    ],
    "unclosed-brace": [
        "unclosed-brace.bib:1:1: E301 this entry cannot be parsed as BibTeX; check its braces and commas",
    ],
    "url-data": [
        "url-data.bib:3:1: E305 url of 'dataurl2020' must start with https:// or http:// (got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==')",
    ],
    "url-javascript": [
        "url-javascript.bib:3:1: E305 url of 'jsurl2020' must start with https:// or http:// (got 'javascript:alert(document.cookie)')",
    ],
    "url-other-doi": [
        "url-other-doi.bib:4:1: E309 url of 'otherdoi2020' links DOI '10.1000/wrong' but its doi is '10.1000/right'; they must name the same article",
    ],
    "year-not-a-year": [
        "year-not-a-year.bib:3:1: E306 year of 'year2020' must be a year from 1900 on (got '2020a')",
    ],
}


def _problems(path: Path, bibliography: Bibliography) -> list[str]:
    _, problems, _ = load_case_file(path, path.name, bibliography)
    return [p.format() for p in problems]


def test_every_case_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in (FIXTURES / "cases").glob("*.yaml")) == sorted(CASE_FILES)


@pytest.mark.parametrize("name", sorted(CASE_FILES))
def test_hostile_case_file_reports_exact_messages(name: str, real_bibliography: Bibliography) -> None:
    assert _problems(FIXTURES / "cases" / f"{name}.yaml", real_bibliography) == CASE_FILES[name]


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_case_file_reports_exact_messages(
    name: str, tmp_path: Path, real_bibliography: Bibliography
) -> None:
    make, expected = GENERATED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(make())
    assert _problems(path, real_bibliography) == expected


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda raw: b"\xef\xbb\xbf" + raw, id="byte-order-mark"),
        pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), id="bom-and-crlf"),
    ],
)
def test_bom_and_windows_line_ends_load_like_the_original(
    transform, tmp_path: Path, real_bibliography: Bibliography
) -> None:
    """Editors on Windows add a byte-order mark and CRLF line ends: the case and its lines stay the same."""
    bibliography = real_bibliography
    original, problems, original_file = load_case_file(REAL_CASE, "a.yaml", bibliography)
    assert problems == []
    path = tmp_path / REAL_CASE.name
    path.write_bytes(transform(REAL_CASE.read_bytes()))
    case, problems, loaded = load_case_file(path, "a.yaml", bibliography)
    assert problems == []
    assert case == original
    assert loaded.values == original_file.values


def test_every_bib_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in (FIXTURES / "bib").glob("*.bib")) == sorted(BIB_FILES)


@pytest.mark.parametrize("name", sorted(BIB_FILES))
def test_hostile_bibliography_reports_exact_messages(name: str) -> None:
    path = FIXTURES / "bib" / f"{name}.bib"
    _, problems = load_bibliography(path, path.name)
    assert [p.format() for p in problems] == BIB_FILES[name]


def test_latex_in_references_becomes_plain_text() -> None:
    """Accents decode, protective braces go, commands leave only their text, and % stays a percent."""
    bibliography, _ = load_bibliography(FIXTURES / "bib" / "latex-inert.bib")
    reference = bibliography["latex2020"]
    assert reference.fields == {
        "author": "Müller, Jørn and Çelik, Ayşe",
        "title": "Leiomyosarcoma of the Renal Vein in 50% of cases: bold https://evil.example $<b>$ y",
        "journal": "J & Med",
        "year": "2020",
    }
    assert reference.first_author_surname == "Müller"


def test_an_unclosed_entry_does_not_swallow_the_next_one() -> None:
    bibliography, _ = load_bibliography(FIXTURES / "bib" / "unclosed-brace.bib")
    assert "good2020" in bibliography and "open2019" not in bibliography


# Identifiers and paths: checked over a whole cases/ folder.


def _root(tmp_path: Path) -> Path:
    """A copy of the whole project (its own cases check clean), to add hostile files to."""
    return copy_project(tmp_path / "project")


def _write_case(root: Path, file_name: str, case_id: str) -> None:
    (root / "cases" / file_name).write_text(f"id: {case_id}\n{HEADER}", encoding="utf-8")


def _corpus_messages(root: Path) -> list[str]:
    _, problems = check(root)
    return sorted(p.format() for p in problems if p.severity == "error")


def test_two_files_claiming_one_id(tmp_path: Path) -> None:
    root = _root(tmp_path)
    _write_case(root, "smith-2019.yaml", "smith-2019")
    _write_case(root, "smith-2019b.yaml", "smith-2019")
    assert _corpus_messages(root) == [
        "cases/smith-2019.yaml:1:5: E202 id 'smith-2019' is claimed by several files: "
        "cases/smith-2019.yaml, cases/smith-2019b.yaml",
        "cases/smith-2019b.yaml:1:5: E201 id 'smith-2019' must equal the file name 'smith-2019b'; "
        "rename one of them",
        "cases/smith-2019b.yaml:1:5: E202 id 'smith-2019' is claimed by several files: "
        "cases/smith-2019.yaml, cases/smith-2019b.yaml",
    ]


NAMING = "file names use lowercase ASCII letters, digits and single hyphens only, e.g. smith-2019.yaml"


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("Smith-2019.yaml", f"E213 'Smith-2019.yaml': {NAMING}"),
        ("smith 2019.yaml", f"E213 'smith 2019.yaml': {NAMING}"),
        ("smith--2019.yaml", f"E213 'smith--2019.yaml': {NAMING}"),
        ("smith_2019.yaml", f"E213 'smith_2019.yaml': {NAMING}"),
        (
            "smïth-2019.yaml",
            f"E213 'smïth-2019.yaml': {NAMING}; it contains 'ï' (U+00EF LATIN SMALL LETTER I WITH DIAERESIS): "
            "type it again in plain ASCII",
        ),
        (
            "bаheen-2022.yaml",
            f"E213 'bаheen-2022.yaml': {NAMING}; it contains 'а' (U+0430 CYRILLIC SMALL LETTER A): "
            "type it again in plain ASCII",
        ),
        ("smith-2019.yml", "E213 'smith-2019.yml': case files end in .yaml"),
        ("smith-2019.YAML", "E213 'smith-2019.YAML': case files end in .yaml"),
        ("smith-2019", "E213 'smith-2019': case files end in .yaml"),
        ("smith-2019.yaml.bak", "E213 'smith-2019.yaml.bak': case files end in .yaml"),
    ],
)
def test_case_file_names(tmp_path: Path, file_name: str, message: str) -> None:
    root = _root(tmp_path)
    _write_case(root, file_name, "smith-2019")
    assert _corpus_messages(root) == [f"cases/{file_name}:1:1: {message}"]


@pytest.mark.parametrize("reserved", ["search", "index", "assets", "con", "nul", "lpt1"])
def test_reserved_ids(tmp_path: Path, reserved: str) -> None:
    root = _root(tmp_path)
    _write_case(root, f"{reserved}.yaml", reserved)
    assert _corpus_messages(root) == [
        f"cases/{reserved}.yaml:1:5: E203 id '{reserved}' is reserved; use the first author and year, "
        "e.g. smith-2019"
    ]


def test_a_folder_in_cases_is_reported(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (root / "cases" / "more").mkdir()
    (root / "cases" / "more" / "smith-2019.yaml").write_text(f"id: smith-2019\n{HEADER}", encoding="utf-8")
    assert _corpus_messages(root) == [
        "cases/more:1:1: E213 'more' is not a file; cases/ holds case files only"
    ]


def test_hidden_files_are_ignored(tmp_path: Path) -> None:
    """Editors leave .swp and .DS_Store files: they are not cases and not errors."""
    root = _root(tmp_path)
    (root / "cases" / ".smith-2019.yaml.swp").write_bytes(b"\x00\x01binary")
    (root / "cases" / ".DS_Store").write_bytes(b"\x00")
    assert _corpus_messages(root) == []


def test_symbolic_links_are_refused(tmp_path: Path) -> None:
    """A link could publish any file of the machine that builds (a CI secret, ~/.ssh)."""
    root = _root(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    os.symlink(secret, root / "cases" / "smith-2019.yaml")
    os.symlink(secret, root / "docs" / "notes.md")
    os.symlink(tmp_path, root / "docs" / "outside")
    bib = root / "references.bib"
    shutil.move(bib, tmp_path / "real.bib")
    os.symlink(tmp_path / "real.bib", bib)
    _, problems = check(root)
    assert sorted(p.format() for p in problems if p.code == "E230") == [
        "cases/smith-2019.yaml:1:1: E230 'cases/smith-2019.yaml' is a symbolic link; add the file itself",
        "docs/notes.md:1:1: E230 'docs/notes.md' is a symbolic link; add the file itself",
        "docs/outside:1:1: E230 'docs/outside' is a symbolic link; add the file itself",
        "references.bib:1:1: E230 'references.bib' is a symbolic link; add the file itself",
    ]


def test_missing_bibliography(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (root / "references.bib").unlink()
    _write_case(root, "smith-2019.yaml", "smith-2019")
    messages = _corpus_messages(root)
    assert "references.bib:1:1: E301 references.bib is missing" in messages
    assert (
        "cases/smith-2019.yaml:2:9: E204 'baheen2022' is not an entry of references.bib; add the reference there first"
        in messages
    )


def test_a_file_over_the_limit_is_refused_without_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"id: huge\nnotes: " + b"x" * (10 * 1024 * 1024))
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(len(chunk := real_read(fd, n))) or chunk)
    _, problems, _ = load_case_file(path, "cases/huge.yaml", set())
    assert [p.format() for p in problems] == [
        "cases/huge.yaml:1:1: E002 file is 10240 KiB; a case file may be at most 256 KiB"
    ]
    assert sum(read) == MAX_FILE_BYTES + 1
