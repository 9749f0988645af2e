"""The HTML edition in a form mail clients show: every style inlined by css-inline.

Mail clients drop <style> blocks, custom properties and media queries, so the email
form is built with colours written out and then inlined on each element; the layout
then lives in style attributes, and the page still reads in order without them.
"""

from __future__ import annotations

import css_inline

from brochure.content.loader import LoadedBrochure
from brochure.content.model import Clinic
from brochure.html.document import HtmlResult, render_html

_INLINER = css_inline.CSSInliner(
    inline_style_tags=True, keep_style_tags=False, keep_link_tags=False,
    load_remote_stylesheets=False,
)


def email_html(
    loaded: LoadedBrochure,
    lang: str,
    edition: str | None = None,
    sections: list[str] | None = None,
    clinic: Clinic | None = None,
    preface: list[str] | None = None,
    closing: list[str] | None = None,
) -> HtmlResult:
    """The brochure for an email's HTML part, inside a covering letter (ready HTML)."""
    page = render_html(loaded, lang, edition, sections, clinic, email=True, preface=preface,
                       closing=closing)
    return HtmlResult(_INLINER.inline(page.html), page.warnings)
