"""Where the project's inputs live, relative to the project root: one place for every path.

Every step reads its inputs through atlas.inputs, and contributors' tools write new cases and
references to the same places; both take the paths from here, so no two modules spell one path.
"""

from __future__ import annotations

CASES_DIR = "cases"
BIBLIOGRAPHY_FILE = "references.bib"
DOCS_DIR = "docs"
CHANGELOG_FILE = "CHANGELOG.md"
SITE_CONFIG_FILE = "mkdocs.yml"
CITATION_FILE = "CITATION.cff"
PUBLISHED_FILE = "literature/published.yaml"
LEADS_FILE = "literature/leads.yaml"
SEARCH_FILE = "literature/search.yaml"
SCHEMA_FILE = "schema/case.schema.json"
FORMS_DIR = ".github/ISSUE_TEMPLATE"
SUBMIT_FORM = "submit-case.yml"
CORRECT_FORM = "correct-case.yml"
REPORT_FORM = "report-article.yml"
