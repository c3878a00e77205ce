"""Links that open the repository's issue forms with what is already known filled in.

Every link is built from one setting, `extra.repository` in mkdocs.yml (SiteConfig.repository),
and from the form files' own field ids (atlas.sources.issue_forms): GitHub fills a form from
`template=<file>` and one query parameter per field id. An answer for a field the form does not
have is dropped rather than sent, and with no repository address or no form there is no link
(the build warns once, W602). Answers hold only what the data already says: a reference field
that references.bib lists as unverified is never filled in.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from markupsafe import Markup

from atlas.inputs import Corpus, Inputs
from atlas.paths import CORRECT_FORM, FORMS_DIR, SUBMIT_FORM
from atlas.sources.bibliography import Reference
from atlas.sources.literature import LeadArticle

Answers = dict[str, str]
# Answer id of the submission form → the references.bib field it names (authors are rewritten below).
REFERENCE_ANSWERS = {
    "title": "title",
    "journal": "journal",
    "year": "year",
    "volume": "volume",
    "pages": "pages",
    "doi": "doi",
    "pmid": "pmid",
}
UNSURE_AUTHORS = ("author", "surname", "name")  # an unverified item naming these leaves the authors out
SIGNUP_URL = "https://github.com/signup"
SUBMIT_MARKER = (
    "<!-- atlas:submit-button -->"  # in a docs/ page: replaced by the button, on a line of its own
)


def form_link(ctx: Inputs, form_file: str, answers: Answers | None = None, title: str | None = None) -> str:
    """The address of a new issue made with `form_file`, its known answers filled in ("" = no link)."""
    form = ctx.issue_forms.get(form_file)
    if not ctx.site.repository or form is None:
        return ""
    query = {"template": form.file}
    if (
        title and "title" not in form.fillable
    ):  # `title=` fills a field with that id instead of the issue's title
        query["title"] = title
    query.update({key: value for key, value in (answers or {}).items() if key in form.fillable and value})
    return f"{ctx.site.repository}/issues/new?{urlencode(query, quote_via=quote)}"


def form_source_link(ctx: Inputs, form_file: str) -> str:
    """Where the form's questions can be read without a GitHub account ("" = no repository)."""
    if not ctx.site.repository:
        return ""
    return f"{ctx.site.repository}/blob/HEAD/{FORMS_DIR}/{form_file}"


def submission_link(ctx: Inputs, answers: Answers | None = None, title: str | None = None) -> str:
    return form_link(ctx, SUBMIT_FORM, answers, title)


def correction_link(ctx: Inputs, case_id: str, page_address: str) -> str:
    """The correction form for one case, opened with its id and its page's address."""
    answers = {"case_id": case_id, "page": page_address}
    return form_link(ctx, CORRECT_FORM, answers, title=f"Correction: {case_id}")


def lead_answers(corpus: Corpus, article: LeadArticle) -> Answers:
    """What the data says of a wanted article, as answers of the submission form (known fields only)."""
    reference = corpus.bibliography.references.get(article.key or "")
    answers = reference_answers(reference) if reference is not None else {}
    if article.pmid and "pmid" not in answers:
        answers["pmid"] = article.pmid
    return answers


def reference_answers(reference: Reference) -> Answers:
    unverified = {item.casefold() for item in reference.unverified}
    answers = {
        answer: value
        for answer, name in REFERENCE_ANSWERS.items()
        if (value := reference.get(name)) and name not in unverified
    }
    unsure = any(word in item for item in unverified for word in UNSURE_AUTHORS)
    if reference.authors and not unsure:
        answers = {"authors": ", ".join(map(form_author, reference.authors)), **answers}
    return answers


def form_author(name: str) -> str:
    """'Colón-Rodríguez, Ana María' → 'Colón-Rodríguez AM': the form's "Surname Initials" style."""
    surname, _, given = (part.strip() for part in name.partition(","))
    initials = "".join(word[0].upper() for word in given.replace("-", " ").replace(".", " ").split() if word)
    return f"{surname} {initials}" if initials else surname


def submit_button(ctx: Inputs) -> Markup:
    """The "Submit a published case" button, with what it needs and what to do without an account.

    HTML for Markdown pages (one raw block); empty when the site has no repository address.
    """
    link = submission_link(ctx)
    if not link:
        return Markup("")
    fallback = _no_account_text(ctx)
    return Markup(
        '<div class="atlas-submit"><p><a class="md-button md-button--primary atlas-submit-button" '
        'href="{link}">Submit a published case</a></p><p class="atlas-submit-help">The button opens a short '
        'form on GitHub; a <a href="{signup}">free GitHub account</a> is needed to send it. '
        "{fallback}</p></div>"
    ).format(link=link, signup=SIGNUP_URL, fallback=fallback)


def _no_account_text(ctx: Inputs) -> Markup:
    """What someone without a GitHub account can do, using only contacts the project declares."""
    email = ctx.site.contact_email
    questions = form_source_link(ctx, SUBMIT_FORM)
    if email:
        return Markup('No account? E-mail the article\'s reference to <a href="mailto:{0}">{0}</a>.').format(
            email
        )
    return Markup(
        'No account? The <a href="{}">questions of the form</a> can be read without one: a colleague or '
        "librarian who has an account can send your answers for you."
    ).format(questions)


def with_submit_buttons(text: str, ctx: Inputs) -> str:
    """A docs/ page with each SUBMIT_MARKER replaced by the button (by nothing, with no repository)."""
    return text.replace(SUBMIT_MARKER, str(submit_button(ctx))) if SUBMIT_MARKER in text else text
