"""Step 4, the pages: one generator per page (Markdown for MkDocs, or HTML for case pages and the
case browser), the Jinja2 environment they share, and templates/ as files."""
