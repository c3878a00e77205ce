"""What one build keeps for the next, in .cache/atlas/ beside the project: formatted references,
compiled templates (the atlas's and the theme's) and the link check's parsed regions of pages.

None can change what is built. A formatted reference is found by a digest of the CSL item and of
the style, locale and citeproc-py release that formatted it; a compiled template by its name and a
checksum of its source (Jinja2's own bytecode cache); a parsed region by a digest of its bytes,
under the identity of the parser (atlas/site/linkcheck.py and lxml). A changed input is computed
afresh, and a missing, stale or unreadable cache costs time only: a first build (a fresh clone, CI)
formats every reference (about 0.5 s of a build), compiles every template (about 0.5 s) and parses
every page (about 0.9 s at 1,000 cases). The folder is ignored by git and safe to delete; the
workflows build from a fresh checkout, so the published site is always built and checked without it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from atlas.pages import environment
from atlas.site.linkcheck import Region, RegionCache, parser_identity, region_from_record, region_record
from atlas.sources import vancouver

CACHE_FOLDER = Path(".cache") / "atlas"
REFERENCES_FILE = "references.json"
REGIONS_FILE = "regions.json"
TEMPLATES_FOLDER = "templates"


class CompiledThemeTemplates(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): the theme's templates, too, load compiled."""

    def __init__(self, cache: BytecodeCache | None) -> None:
        super().__init__()
        self.cache = cache

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = self.cache
        return env


@dataclass(frozen=True)
class KeptForBuild:
    """What the build inside `kept_between_builds` hands to MkDocs: the theme's compiled templates
    (None where the project cannot be written) and the link check's parsed regions."""

    templates: BytecodeCache | None
    regions: RegionCache


@contextmanager
def kept_between_builds(root: Path) -> Iterator[KeptForBuild]:
    """Use the project's cache for the build inside; afterwards keep what that build used."""
    folder = root / CACHE_FOLDER
    texts = vancouver.KeptTexts(_read_texts(folder / REFERENCES_FILE))
    kept = KeptForBuild(_template_cache(folder / TEMPLATES_FOLDER), RegionCache(kept=_read_regions(folder)))
    vancouver.keep_formatted_texts(texts)
    environment.keep_compiled_templates(kept.templates)
    try:
        yield kept
        if texts.used != texts.kept:
            _write(folder / REFERENCES_FILE, orjson.dumps(texts.used, option=orjson.OPT_SORT_KEYS))
        if kept.regions.parsed.keys() != kept.regions.kept.keys():
            _write(folder / REGIONS_FILE, _regions_file(kept.regions))
    finally:
        vancouver.keep_formatted_texts(None)
        environment.keep_compiled_templates(None)


def _read_texts(path: Path) -> dict[str, str]:
    """The kept texts; nothing when the file is missing or not what this module writes."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}
    return data


def _read_regions(folder: Path) -> dict[bytes, Region]:
    """The regions an earlier build parsed, if the same parser parsed them; nothing otherwise."""
    try:
        data = orjson.loads((folder / REGIONS_FILE).read_bytes())
        if data.get("parser") != parser_identity():
            return {}
        return {bytes.fromhex(key): region_from_record(record) for key, record in data["regions"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _regions_file(regions: RegionCache) -> bytes:
    """The regions this build used (what it did not use is dropped), by the hex of their digest."""
    records = {key.hex(): region_record(region) for key, region in regions.parsed.items()}
    return orjson.dumps({"parser": parser_identity(), "regions": records}, option=orjson.OPT_SORT_KEYS)


def _write(path: Path, content: bytes) -> None:
    """Written whole and renamed into place, so a concurrent or killed build never reads half a file.

    A project that cannot be written (a read-only checkout) is built all the same, uncached.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
        ) as temporary:
            temporary.write(content)
        os.replace(temporary.name, path)
    except OSError:
        return


def _template_cache(folder: Path) -> FileSystemBytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
