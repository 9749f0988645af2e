"""The whole page: head, header with the main message, sections, sources, contact, footer.

Built from the same plan as the PDF (`document.plan`: sections chosen by edition or
--sections, citations numbered by first use), the same UI strings, dates (CLDR long
form) and clinic profile. The result is one string of HTML, the same bytes for the same
input: no clock, no random ids, no dictionary-order surprises.
"""

from __future__ import annotations

from dataclasses import field

from brochure.clinic.profile import brand_theme
from brochure.content.loader import LoadedBrochure, resolve_asset
from brochure.content.model import Clinic
from brochure.content.plan import plan as make_plan
from brochure.content.references import ama_spans
from brochure.content.spans import plain
from brochure.errors import Problem
from brochure.html.blocks import HtmlContext, block_html
from brochure.html.css import email_stylesheet, stylesheet
from brochure.html.inline import attr, spans_html, text, unbold
from brochure.html.pictures import embed
from brochure.language.dates import long_date
from brochure.language.script import is_rtl
from brochure.language.strings import load_strings
from brochure.records import record
from brochure.story.styles import load_theme

# No script, no fetch of any kind, styles only from the page itself: a browser enforces
# what the tests check.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@record
class HtmlResult:
    html: str
    warnings: list[Problem] = field(default_factory=list)

    @property
    def data(self) -> bytes:
        return self.html.encode("utf-8")


def html_output_name(brochure_id: str, lang: str, clinic_id: str | None = None) -> str:
    """`<id>[-<clinic>]-<lang>.html`, like the PDFs' names."""
    return f"{brochure_id}{f'-{clinic_id}' if clinic_id else ''}-{lang}.html"


def render_html(
    loaded: LoadedBrochure,
    lang: str,
    edition: str | None = None,
    sections: list[str] | None = None,
    clinic: Clinic | None = None,
    email: bool = False,
    preface: list[str] | None = None,
    closing: list[str] | None = None,
) -> HtmlResult:
    """The HTML edition of one language. `email` gives the form for a mail client's HTML
    part (light colours written out, no media queries; see email.py). `preface` and
    `closing` are a covering letter's paragraphs as ready HTML, escaped by their maker
    (workflow/mail.py), put before and after the brochure."""
    the_plan = make_plan(loaded, lang, edition, sections)
    strings = load_strings(lang)
    theme = brand_theme(load_theme(), clinic)
    ctx = HtmlContext(the_plan, strings, lang, loaded.workspace)
    content = the_plan.language.content
    direction = "rtl" if is_rtl(lang) else "ltr"
    title = plain(ctx.spans(content.title))
    css = email_stylesheet(theme) if email else stylesheet(theme)

    head = [
        "<!DOCTYPE html>",
        f"<html lang={attr(lang)} dir={attr(direction)}>",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content={attr(CSP)}>',
        '<meta name="color-scheme" content="light dark">',
        f"<meta name=\"description\" content={attr(plain(ctx.spans(content.summary)))}>",
        f"<title>{text(title)}</title>",
        f"<style>\n{css}</style>",
        "</head>",
        "<body>",
    ]
    body: list[str] = []
    if preface:
        body.append('<div class="letter">' + "".join(preface) + "</div>")
    body += _header(ctx, clinic, email)
    body.append("<main>")
    for planned in the_plan.sections:
        loc = ("sections", planned.index)
        sid = f"s-{planned.section.id}"
        heading = spans_html(unbold(ctx.spans(planned.section.title)))
        parts = [f"<section aria-labelledby={attr(sid)}>", f"<h2 id={attr(sid)}>{heading}</h2>"]
        for bi, block in enumerate(planned.section.blocks):
            parts.append(block_html(ctx, block, loc + ("blocks", bi)))
        parts.append("</section>")
        body.append("\n".join(parts))
    body += _sources(ctx)
    if clinic is not None:
        body += _contact(ctx, clinic)
    body.append("</main>")
    if closing:
        body.append('<div class="letter">' + "".join(closing) + "</div>")
    body += _footer(ctx, clinic)
    html = "\n".join(head + body + ["</body>", "</html>"]) + "\n"
    return HtmlResult(html, ctx.warnings)


def _header(ctx: HtmlContext, clinic: Clinic | None, email: bool) -> list[str]:
    content = ctx.plan.language.content
    out = ["<header>"]
    if ctx.plan.language.is_draft:
        out.append(f'<p class="draft" role="note">{text(ctx.strings["draft_marker"])}</p>')
    if clinic is not None and clinic.logo and not email:
        path = resolve_asset(clinic.logo, ctx.workspace)
        if path is not None and path.is_file():
            logo = embed(path)
            out.append(
                f'<img class="logo" src={attr(logo.uri)} alt={attr(clinic.name)} '
                f'width="{logo.width}" height="{logo.height}">'
            )
    out.append(f"<h1>{spans_html(unbold(ctx.spans(content.title)))}</h1>")
    if content.subtitle:
        out.append(f'<p class="subtitle">{ctx.inline(content.subtitle)}</p>')
    label = ctx.new_id("main")
    out.append(
        f'<aside class="summary" aria-labelledby={attr(label)}>'
        f'<p class="label" id={attr(label)}>{text(ctx.strings["main_message"])}</p>'
        f"<p>{ctx.inline(content.summary)}</p></aside>"
    )
    out.append("</header>")
    return out


def _sources(ctx: HtmlContext) -> list[str]:
    """The reference list, numbered as cited; Latin-script entries stay left to right."""
    sources = ctx.plan.cited_sources
    if not sources:
        return []
    items = "".join(
        f'<li id="ref-{n}">{spans_html(ama_spans(source))}</li>'
        for n, source in enumerate(sources, start=1)
    )
    return [
        '<section class="sources" aria-labelledby="sources">',
        f'<h2 id="sources">{text(ctx.strings["sources"])}</h2>',
        f'<ol dir="ltr">{items}</ol>',
        "</section>",
    ]


def _contact(ctx: HtmlContext, clinic: Clinic) -> list[str]:
    lines = [f"<p><strong>{text(clinic.name)}</strong></p>"]
    if clinic.address:
        lines.append(f"<p>{text(clinic.address)}</p>")
    if clinic.phone:
        digits = "".join(ch for ch in clinic.phone if ch.isdigit() or ch == "+")
        lines.append(f'<p><a href={attr("tel:" + digits)} dir="ltr">{text(clinic.phone)}</a></p>')
    if clinic.email:
        lines.append(f'<p><a href={attr("mailto:" + clinic.email)}>{text(clinic.email)}</a></p>')
    if clinic.website:
        shown = clinic.website.split("://", 1)[-1].rstrip("/")
        lines.append(f"<p><a href={attr(clinic.website)}>{text(shown)}</a></p>")
    return [
        '<section class="contact" aria-labelledby="contact">',
        f'<h2 id="contact">{text(ctx.strings["contact"])}</h2>',
        *lines,
        "</section>",
    ]


def _footer(ctx: HtmlContext, clinic: Clinic | None) -> list[str]:
    meta, lang, s = ctx.plan.brochure.meta, ctx.lang, ctx.strings
    lines = []
    if clinic is None and meta.publisher:
        lines.append(f"<p>{text(meta.publisher)}</p>")
    shown = text(long_date(meta.reviewed, lang))
    reviewed = f'<time datetime="{meta.reviewed.isoformat()}">{shown}</time>'
    lines.append(f"<p>{_fill(s['last_reviewed'], 'date', reviewed)}</p>")
    if meta.reviewed_by:
        lines.append(f"<p>{text(s['reviewed_by'].format(name=meta.reviewed_by))}</p>")
    due = meta.next_review()
    nxt = f'<time datetime="{due.isoformat()}">{text(long_date(due, lang))}</time>'
    lines.append(f"<p>{_fill(s['next_review'], 'date', nxt)}</p>")
    lines.append(f'<p class="disclaimer">{text(s["disclaimer"])}</p>')
    return ["<footer>", *lines, "</footer>"]


def _fill(template: str, key: str, html: str) -> str:
    """A UI string with one placeholder filled by ready HTML; the rest escaped."""
    before, _, after = template.partition("{" + key + "}")
    return text(before) + html + text(after)
