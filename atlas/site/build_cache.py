"""What one build keeps for the next, in .cache/atlas/ beside the project: formatted references and
compiled templates (the atlas's and the theme's).

Neither can change what is built. A formatted reference is found by a digest of the CSL item and of
the style, locale and citeproc-py release that formatted it; a compiled template by its name and a
checksum of its source (Jinja2's own bytecode cache). A changed input is computed afresh, and a
missing, stale or unreadable cache costs time only: a first build (a fresh clone, CI) formats every
reference, about 0.5 s of a build, and compiles every template, about 0.5 s. The folder is ignored
by git and safe to delete.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from atlas.pages import environment
from atlas.sources import vancouver

CACHE_FOLDER = Path(".cache") / "atlas"
REFERENCES_FILE = "references.json"
TEMPLATES_FOLDER = "templates"


class CompiledThemeTemplates(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): the theme's templates, too, load compiled."""

    def __init__(self, cache: BytecodeCache | None) -> None:
        super().__init__()
        self.cache = cache

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = self.cache
        return env


@contextmanager
def kept_between_builds(root: Path) -> Iterator[BytecodeCache | None]:
    """Use the project's cache for the build inside; afterwards keep what that build used.

    Yields the compiled templates' cache, for the theme's (CompiledThemeTemplates); None where the
    project cannot be written.
    """
    folder = root / CACHE_FOLDER
    texts = vancouver.KeptTexts(_read_texts(folder / REFERENCES_FILE))
    templates = _template_cache(folder / TEMPLATES_FOLDER)
    vancouver.keep_formatted_texts(texts)
    environment.keep_compiled_templates(templates)
    try:
        yield templates
        if texts.used != texts.kept:
            _write_texts(folder / REFERENCES_FILE, texts.used)
    finally:
        vancouver.keep_formatted_texts(None)
        environment.keep_compiled_templates(None)


def _read_texts(path: Path) -> dict[str, str]:
    """The kept texts; nothing when the file is missing or not what this module writes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}
    return data


def _write_texts(path: Path, texts: dict[str, str]) -> None:
    """Written whole and renamed into place, so a concurrent or killed build never reads half a file.

    A project that cannot be written (a read-only checkout) is built all the same, uncached.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
        ) as temporary:
            json.dump(texts, temporary, ensure_ascii=False, sort_keys=True, indent=0)
        os.replace(temporary.name, path)
    except OSError:
        return


def _template_cache(folder: Path) -> FileSystemBytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
