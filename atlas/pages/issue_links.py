"""Links that open the repository's issue forms with what is already known filled in.

Every link is built from one setting, `extra.repository` in mkdocs.yml (SiteConfig.repository),
and from the form files' own field ids (atlas.sources.issue_forms): GitHub fills a form from
`template=<file>` and one query parameter per field id. An answer for a field the form does not
have is dropped rather than sent, and with no repository address or no form there is no link
(the build warns once, W602). Answers hold only what the data already says: a reference field
that references.bib lists as unverified is never filled in. What the pages say of the submission
form (its minutes, its questions, which are required) is said here once, from the form itself and
the measured figures, CORE_MINUTES and FILL_MINUTES.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote, urlencode

from markupsafe import Markup

from atlas.inputs import Corpus, Inputs
from atlas.paths import CORRECT_FORM, REPORT_FORM, SUBMIT_FORM
from atlas.sources.bibliography import Reference
from atlas.sources.issue_forms import REFERENCE_ANSWERS, IssueForm
from atlas.sources.literature import LeadArticle
from atlas.sources.vancouver import format_reference

Answers = dict[str, str]
UNSURE_AUTHORS = ("author", "surname", "name")  # an unverified item naming these leaves the authors out
SIGNUP_URL = "https://github.com/signup"
SUBMIT_MARKER = (
    "<!-- atlas:submit-button -->"  # in a docs/ page: replaced by the button, on a line of its own
)
FORM_FACTS_MARKER = "<!-- atlas:form-facts -->"  # in a docs/ page: replaced by form_facts()
REPORT_MARKER = "<!-- atlas:report-link -->"  # in a docs/ page: replaced by the short form's link
# Minutes to fill the submission form: its core questions, and a well-reported case with the optional
# detail it reports. From the usability study's measured pace of a pathologist on this form (12 s a
# question) and the questions a real case answers (baheen-2022: 17 of the core, 46 in all); DESIGN.md,
# "A form that takes ten minutes". Every page that mentions the form gives these figures, from here.
CORE_MINUTES = 4
FILL_MINUTES = 10
QUESTIONS_PAGE = "contribute/questions.md"  # the form's questions in plain words (atlas.pages.form_questions)
_LEAD_YEAR = re.compile(r"[,(]?\s*\b(1[89]\d\d|20\d\d)\b\)?\s*$")


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


def submission_link(ctx: Inputs, answers: Answers | None = None, title: str | None = None) -> str:
    return form_link(ctx, SUBMIT_FORM, answers, title)


def correction_link(ctx: Inputs, case_id: str, page_address: str) -> str:
    """The correction form for one case, opened with its id and its page's address."""
    answers = {"case_id": case_id, "page": page_address}
    return form_link(ctx, CORRECT_FORM, answers, title=f"Correction: {case_id}")


def lead_answers(corpus: Corpus, article: LeadArticle) -> Answers:
    """What the data says of a wanted article, as answers of the submission form (known fields only)."""
    reference = corpus.bibliography.references.get(article.key or "")
    if reference is not None:
        answers = reference_answers(reference)
    else:
        answers = citation_answers(article.citation or "")
    if article.pmid and "pmid" not in answers:
        answers["pmid"] = article.pmid
    return answers


def citation_answers(citation: str) -> Answers:
    """A lead known only by a citation line: 'Lopez Varela and Pereira Garro, 1967' → the surnames
    as the form's authors and the year; 'Kato et al. (review of Japanese cases)' → 'Kato'."""
    text = re.sub(r"\([^)]*[a-z][^)]*\)", " ", citation).strip()  # a description in brackets, not a year
    answers: Answers = {}
    year = _LEAD_YEAR.search(text)
    if year:
        answers["year"] = year.group(1)
        text = text[: year.start()]
    names = [name.strip() for name in re.split(r",|;|\band\b|&", re.sub(r"\bet al\.?", "", text))]
    if any(names):
        answers = {"authors": ", ".join(name for name in names if name), **answers}
    return answers


def reference_answers(reference: Reference) -> Answers:
    unverified = {item.casefold() for item in reference.unverified}
    answers = {
        answer: value
        for answer, name in REFERENCE_ANSWERS.items()
        if answer != "authors" and (value := reference.get(name)) and name not in unverified
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


def report_link(ctx: Inputs, answers: Answers | None = None, title: str | None = None) -> str:
    """The short form "Report an article or correct a citation" ("" = no link)."""
    return form_link(ctx, REPORT_FORM, answers, title)


def citation_help_link(ctx: Inputs, key: str) -> str:
    """The short form opened to complete one incomplete citation: the reference as the atlas shows it."""
    reference = ctx.corpus.bibliography.references.get(key)
    if reference is None:
        return ""
    shown = format_reference(reference)
    answers = {"article": shown, "reference": shown}
    return report_link(ctx, answers, title=f"Citation: {shown[:80]}")


def citation_help(ctx: Inputs) -> Callable[[str], str] | None:
    """Citation key → the short form to complete it, for the templates (None: the site has no repository)."""
    if not ctx.site.repository:
        return None
    return lambda key: citation_help_link(ctx, key)


def submission_form(ctx: Inputs) -> IssueForm | None:
    return ctx.issue_forms.get(SUBMIT_FORM)


def form_facts(ctx: Inputs) -> str:
    """What every page that mentions the submission form says of it: its minutes and required questions."""
    form = submission_form(ctx)
    if form is None:
        return ""
    required = [question.label for question in form.required]
    listed = ", ".join(required[:-1]) + f" and {required[-1]}" if len(required) > 1 else "".join(required)
    optional = len(form.questions) - len(form.core)
    return (
        f"Its {len(form.core)} core questions come first and take about {CORE_MINUTES} minutes; only "
        f"{len(required)} are required ({listed}). The other {optional} are optional detail that can be "
        f"skipped; a well-reported case, with the detail it reports, takes about {FILL_MINUTES} minutes."
    )


def submit_button(ctx: Inputs, page: str = "index.md") -> Markup:
    """The "Submit a published case" button, with what it needs and what to do without an account.

    HTML for Markdown pages (one raw block) on the page `page` (its path under docs/, for the links
    to other pages); empty when the site has no repository address.
    """
    link = submission_link(ctx)
    if not link:
        return Markup("")
    return Markup(
        '<div class="atlas-submit"><p><a class="md-button md-button--primary atlas-submit-button" '
        'href="{link}">Submit a published case</a></p><p class="atlas-submit-help">The button opens the '
        'form on GitHub. {facts} A <a href="{signup}">free GitHub account</a> is needed to send it. '
        "{fallback}</p></div>"
    ).format(link=link, facts=form_facts(ctx), signup=SIGNUP_URL, fallback=no_account_text(ctx, page))


def no_account_text(ctx: Inputs, page: str = "index.md") -> Markup:
    """What someone without a GitHub account can do: the questions on a page of the site, and the one
    contact the project declares (extra.contact_email in mkdocs.yml), if it declares one."""
    questions = Markup(
        'No account? The <a href="{page}">questions of the form</a> are on this site, to read or print.'
    ).format(page=page_link(QUESTIONS_PAGE, page))
    if page == QUESTIONS_PAGE:
        questions = Markup("No account? Print this page and fill it in.")
    email = ctx.site.contact_email
    if email:
        offer = ' E-mail your answers, or the article\'s reference, to <a href="mailto:{0}">{0}</a>.'
        return questions + Markup(offer).format(email)
    return questions + Markup(" A colleague or librarian who has an account can send your answers for you.")


def page_link(target: str, page: str) -> str:
    """A link from generated HTML on `page` to the page `target` (both paths under docs/), written to
    its source file as Markdown links are; atlas/site/page_links.py makes it the page's address."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def with_submit_buttons(text: str, ctx: Inputs, page: str = "index.md") -> str:
    """A docs/ page with each SUBMIT_MARKER replaced by the button, FORM_FACTS_MARKER by what the form
    takes and REPORT_MARKER by the short form's link (by nothing, with no repository)."""
    if SUBMIT_MARKER in text:
        text = text.replace(SUBMIT_MARKER, str(submit_button(ctx, page)))
    if FORM_FACTS_MARKER in text:
        text = text.replace(FORM_FACTS_MARKER, form_facts(ctx))
    if REPORT_MARKER in text:
        text = text.replace(REPORT_MARKER, str(_report_anchor(ctx)))
    return text


def _report_anchor(ctx: Inputs) -> Markup:
    link = report_link(ctx)
    if not link:
        return Markup("")
    anchor = '<a class="atlas-report-link" href="{}">Report an article or correct a citation</a>'
    return Markup(anchor).format(link)
