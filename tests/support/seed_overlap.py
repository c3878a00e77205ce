"""Long word sequences shared between the site's text and its sources: the seed paper (Baheen
2022) and the quotes of the literature sheets (../shared/literature/*.yaml).

The site must be written in our own words. Every sequence of SHINGLE consecutive words of
the site's text sources is compared with the seed and with every quote the sheets hold (the
`quote` of each context finding, the published `text` of each appraisal checklist item): one
shared sequence is a copied passage. Neither can be redistributed, so the comparison uses
fingerprints (truncated SHA-256 of each normalised 12-word sequence) kept in tests/fixtures;
when ../shared/ is present, they are recomputed from it and the committed files are checked to
be current.

Regenerate the fingerprints with: python -m tests.support.seed_overlap
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT.parent / "shared" / "seed"
FINGERPRINT_FILE = ROOT / "tests" / "fixtures" / "seed-fingerprints.txt"
LITERATURE_DIR = ROOT.parent / "shared" / "literature"
QUOTE_FINGERPRINT_FILE = ROOT / "tests" / "fixtures" / "literature-quote-fingerprints.txt"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it: ten times faster
# Keys whose values are a source's own words: context findings' quotes, checklist items as published.
QUOTE_KEYS = frozenset({"quote", "text"})
SHINGLE = 12
# Everything a reader of the site reads that we write: prose, templates, theme overrides,
# site and citation metadata, bibliography notes. Case files are data: their `*_as_reported`
# fields deliberately keep a source's own wording and are quotations, not our prose.
SITE_TEXT = (
    "docs/**/*.md",
    "atlas/pages/templates/**/*",
    "atlas/contribute/templates/**/*",
    "atlas/site/overrides/**/*",
    "atlas/**/*.py",
    "mkdocs.yml",
    "CITATION.cff",
    "references.bib",
)
MARKUP = re.compile(r"<[^>]*>|\{[{%#].*?[}%#]\}|\[@[^\]]*\]|\]\([^)]*\)", re.DOTALL)
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lowercase words, with markup (HTML, Jinja, citation keys, link targets) and accents removed."""
    plain = unicodedata.normalize("NFKD", MARKUP.sub(" ", text))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return WORD.findall(plain.lower())


def shingles(tokens: list[str], size: int = SHINGLE) -> Iterator[str]:
    for start in range(len(tokens) - size + 1):
        yield " ".join(tokens[start : start + size])


def fingerprint(shingle: str) -> str:
    return hashlib.sha256(shingle.encode("utf-8")).hexdigest()[:16]


def fingerprints_of(texts: Iterable[str]) -> set[str]:
    return {fingerprint(s) for text in texts for s in shingles(words(text))}


def seed_texts(seed_dir: Path = SEED_DIR) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(seed_dir.glob("*.txt"))]


def committed_fingerprints(path: Path = FINGERPRINT_FILE) -> set[str]:
    return set(path.read_text(encoding="utf-8").split())


def seed_fingerprints() -> set[str]:
    """From the seed itself when it is beside the repository, else from the committed file."""
    texts = seed_texts() if SEED_DIR.is_dir() else []
    return fingerprints_of(texts) if texts else committed_fingerprints()


def literature_quotes(directory: Path = LITERATURE_DIR) -> list[str]:
    """Every quote of the literature sheets, in file order."""
    found: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        _collect_quotes(yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER), found)
    return found


def _collect_quotes(node: object, found: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in QUOTE_KEYS and isinstance(value, str):
                found.append(value)
            else:
                _collect_quotes(value, found)
    elif isinstance(node, list):
        for item in node:
            _collect_quotes(item, found)


def quote_fingerprints() -> set[str]:
    """From the sheets themselves when they are beside the repository, else from the committed file."""
    quotes = literature_quotes() if LITERATURE_DIR.is_dir() else []
    return fingerprints_of(quotes) if quotes else committed_fingerprints(QUOTE_FINGERPRINT_FILE)


def site_text_files(root: Path) -> list[Path]:
    found = {path for pattern in SITE_TEXT for path in root.glob(pattern) if path.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts)


def overlaps(root: Path, known: set[str]) -> list[tuple[str, str]]:
    """(file, shared 12-word sequence) for every sequence of the site's text found in the seed."""
    found = []
    for path in site_text_files(root):
        for shingle in shingles(words(path.read_text(encoding="utf-8"))):
            if fingerprint(shingle) in known:
                found.append((path.relative_to(root).as_posix(), shingle))
    return found


def write_fingerprints() -> None:
    for texts, target, origin in (
        (seed_texts(), FINGERPRINT_FILE, SEED_DIR),
        (literature_quotes() if LITERATURE_DIR.is_dir() else [], QUOTE_FINGERPRINT_FILE, LITERATURE_DIR),
    ):
        if not texts:
            raise SystemExit(f"no text in {origin}")
        lines = sorted(fingerprints_of(texts))
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"Wrote {len(lines)} fingerprints to {target}")


if __name__ == "__main__":
    write_fingerprints()
