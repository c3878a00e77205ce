"""Generated pages and files handed to MkDocs in memory, never written into the staging folder.

At 1,000 cases a build generates some 2,300 files (each case record as BibTeX and RIS, each
source's files, the CSV of every table). Written into the staging folder first, each was then read
back and copied by MkDocs, and the folder removed afterwards: three passes over the disk for one
file of the site. As MkDocs's in-memory files they are written once, into the site. docs/ itself is
still copied into the staging folder, so that a file of docs/ with a generated page's name is
found there (E507, atlas/site/build.py).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, file_sort_key

from atlas.pages.environment import Pages


class GeneratedFiles(BasePlugin):
    """MkDocs plugin (added by atlas/site/build.py): the generated pages and files, by path."""

    def __init__(self, pages: Pages) -> None:
        super().__init__()
        self.pages = pages

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated files in their places among docs/'s, in MkDocs's order of docs/ (the order of
        the sitemap and of the search index); the theme's files after them, as before."""
        # Bytes: MkDocs writes a text file in the platform's newlines; the site's are "\n".
        generated = [
            File.generated(config, path, content=text.encode("utf-8")) for path, text in self.pages.items()
        ]
        docs = [file for file in files if _in_docs(file, config)]
        others = [file for file in files if not _in_docs(file, config)]
        return Files([*sorted([*docs, *generated], key=file_sort_key), *others])


def _in_docs(file: File, config: MkDocsConfig) -> bool:
    return file.src_dir == config.docs_dir
