"""The HTML edition: one self-contained, accessible, phone-first page per language.

Built from the same plan (sections, citation numbers), UI strings, dates and clinic
profile as the PDF; no script, no web font, nothing fetched. `email_html` is the same
page with its styles inlined for mail clients.
"""

from brochure.html.document import HtmlResult, html_output_name, render_html
from brochure.html.email import email_html

__all__ = ["HtmlResult", "email_html", "html_output_name", "render_html"]
