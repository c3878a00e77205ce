"""The page of the submission form's questions (Contribute → The form's questions), made from the form.

A clinician without a GitHub account, or who would rather read the questions before opening the
article, reads them here in plain words, in the form's order, and can print the page. The page is
generated from the one form file (.github/ISSUE_TEMPLATE/submit-case.yml, read once into
atlas.sources.issue_forms.IssueForm), so a question added to the form is on the page at the next build.
"""

from __future__ import annotations

from itertools import groupby

from jinja2 import Environment

from atlas.inputs import Inputs
from atlas.pages.environment import Pages
from atlas.pages.issue_links import (
    QUESTIONS_PAGE,
    form_facts,
    no_account_text,
    submission_form,
    submission_link,
)

CORE_HEADING = "The core questions"


def form_questions_page(ctx: Inputs, env: Environment) -> Pages:
    form = submission_form(ctx)
    if form is None:
        return {}
    parts = [
        (section or CORE_HEADING, list(questions))
        for section, questions in groupby(form.questions, key=lambda q: q.section)
    ]
    text = env.get_template("form_questions.md.j2").render(
        form=form,
        parts=parts,
        facts=form_facts(ctx),
        link=submission_link(ctx),
        no_account=no_account_text(ctx, QUESTIONS_PAGE),
    )
    return {QUESTIONS_PAGE: text}
